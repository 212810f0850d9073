"""The county server's import thread (docs/sync.md, "Import and return bundles"): one per
server process imports the queued uploads in order through the existing importer, holding the
import lease (table `netlease`: one importer at a time over the store, whatever the number of
processes). A bundle imported from a village makes a return bundle for it
(``net/spool/returns/``, table `netreturn`), which its devices list and download; and between
two imports it writes the return bundles devices asked for ("Return bundles on demand":
a mark per village, table `netmark`, against the store's high-water marks).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from .. import bundle, checking, returns
from ..models import NetMark
from . import protocol as p
from . import state

# Queued bundles imported in one run of the importer (a folder import's shared commits and
# checks done ahead, sync/importer.py), at most this many: a lease renewed between runs.
IMPORT_BATCH = 16


def queued_file(spool: Path, device: str, sha: str) -> Path:
    """Where a whole upload waits for the importer."""
    return spool / "in" / f"{device}-{sha}{bundle.SUFFIX}"


class ImportQueue:
    """The import thread of one server process, and the return bundles it writes."""

    def __init__(self, store, spool: Path) -> None:  # noqa: ANN001 - sync.store.Store
        self.store = store
        self.engine = store.engine
        self.spool = spool
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_error = ""
        # the import thread's checking workers, kept from one run of the queue to the next
        self.checkers = checking.SharedPool()

    def needs_return(self, code: str) -> bool:
        """Whether something waits for `code` since its mark (returns.changed_since); if so,
        the mark is flagged `wanted` for the lease holder to write (`write_wanted`), else it
        moves on to the store as it is."""
        with self.engine.connect() as conn:
            seen = returns.watermark(conn)
            row = conn.execute(select(NetMark).where(NetMark.code == code)).first()
            since = returns.Watermark(row.revision_seq, row.audit_id) if row and row.at else None
            if row is not None and row.wanted:
                return True
            if since == seen:
                return False
            changed = returns.changed_since(conn, code, since)
        if changed:
            state.want(self.engine, code)
        else:
            state.set_mark(self.engine, code, seen, done=False)
        return changed

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="mopai-import", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=120)
        self.checkers.close()

    def _loop(self) -> None:
        last_purge = 0.0
        while not self.stopping.is_set():
            self.wake.wait(1.0)
            self.wake.clear()
            try:
                if time.time() - last_purge > 60:
                    state.forget_nonces(self.engine, int(time.time()) - p.NONCE_KEEP)
                    last_purge = time.time()
                self.import_queued()
            except Exception as exc:  # noqa: BLE001 - kept, the loop goes on; next turn retries
                self.last_error = f"{type(exc).__name__}: {exc}"

    def import_queued(self) -> int:
        """Import what is queued, in order, and write the return bundles devices asked for
        between two imports, while holding the import lease; the count of imports."""
        if not state.queued(self.engine) and not state.wanted(self.engine):
            return 0
        if not state.take_lease(self.engine, self.holder, int(time.time())):
            return 0
        count = 0
        try:
            while not self.stopping.is_set():
                self.write_wanted()
                rows = state.queued(self.engine, limit=IMPORT_BATCH)
                if not rows:
                    break
                self._import(rows)
                count += len(rows)
                state.take_lease(self.engine, self.holder, int(time.time()))
        finally:
            state.release_lease(self.engine, self.holder)
        return count

    def write_wanted(self) -> int:
        """The return bundles devices asked for (offer_return), each checked again first:
        another request, an import's own return bundle, may have made it meanwhile."""
        count = 0
        for code in state.wanted(self.engine):
            with self.engine.connect() as conn:
                seen = returns.watermark(conn)
                row = conn.execute(select(NetMark).where(NetMark.code == code)).first()
                since = returns.Watermark(row.revision_seq, row.audit_id) \
                    if row and row.at else None
                changed = returns.changed_since(conn, code, since)
            if changed:
                self.write_return(code, seen)
                count += 1
            else:
                state.set_mark(self.engine, code, seen, done=True)
        return count

    def _import(self, rows: list) -> None:  # models.NetUpload
        """The oldest queued bundles in one run of the importer, as a folder import takes
        them (several bundles to a commit, the checks done ahead): each bundle is still
        whole or not at all, and none is marked before its commit, so a killed process
        leaves the uncommitted ones queued, to be imported (or found `already`) again."""
        taken = []
        for row in rows:
            path = queued_file(self.spool, row.device_id, row.sha256)
            if path.exists():
                taken.append((row, path))
            else:  # imported by a process killed before it said so: never here
                state.finish(self.engine, row.n, "rejected", {
                    "reason": "failed", "message_zh": "服务器上找不到这个上传的文件，请重传",
                    "message_en": "the uploaded file is missing on the server; send it again"})
        if not taken:
            return
        results = self.store.sync.import_paths([path for _, path in taken], pool=self.checkers)
        if len(results) != len(taken):  # never: one result per file, in order
            raise RuntimeError(f"{len(taken)} bundles imported, {len(results)} results")
        for (row, path), result in zip(taken, results, strict=True):
            outcome = {k: v for k, v in result.to_dict().items()
                       if k not in ("path", "forwarded")}
            if result.status == "accepted" and result.kind == "data":
                self.write_return(result.code)  # listed before the device hears "imported"
            if result.ok:
                state.finish(self.engine, row.n, "imported", outcome)
                path.unlink()
            else:
                state.finish(self.engine, row.n, "rejected", outcome)
                os.replace(path, self.spool / "rejected" / path.name)

    def write_return(self, code: str, seen: returns.Watermark | None = None) -> None:
        """A return bundle for `code` (acknowledgements, corrections, lists), offered to its
        devices, and the village's mark set to the store as it was before it was written
        (`seen`): what changes meanwhile is found by the next request. One that cannot be
        written now is asked for again by the village's next request."""
        folder = self.spool / "returns"
        if seen is None:
            with self.engine.connect() as conn:
                seen = returns.watermark(conn)
        try:
            written = self.store.sync.export_return(code, folder)
        except Exception as exc:  # noqa: BLE001 - not fatal to the import it follows
            self.last_error = f"return bundle for {code}: {exc}"
            state.set_mark(self.engine, code, seen, done=True)
            return
        for path in written.parts or (written.path,):
            raw = bundle.read(Path(path))
            state.add_return(self.engine, code, raw.file_sha256, Path(path).name,
                             Path(path).stat().st_size, int(raw.header["seq"]),
                             state.recipients(raw.header))
        state.set_mark(self.engine, code, seen, done=True)

