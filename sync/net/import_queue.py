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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from .. import bundle, checking, heap, returns
from ..engine import writers_waiting
from ..models import NetUpload
from . import protocol as p
from . import state

# A run of the importer starts with the oldest queued bundles, at most this many, then
# takes those that arrive while it runs (sync/importer.py `more`), at most MORE at a time.
IMPORT_BATCH = 16
MORE = 64
# The longest a run keeps its commit open: bundles that queue meanwhile share the commit, as
# a folder import's do (up to its 30,000 revisions). On an encrypted store a commit writes
# (and encrypts) every page its bundles touched, and a group of a few thousand households
# touches nearly every leaf page of the random-key indexes (uuids, ID numbers), so each
# commit costs about as much whatever the group's size: with every village queued at once,
# commits every 5 s took ~20 s of a 120 s import (decision 72). Another
# writer does not wait for the hold: the run commits after the bundle it is merging as soon
# as one waits (engine.writers_waiting: a county officer's save waits ~1–3 s, not up to the
# hold). The group's devices hear "imported" at its commit.
HOLD_S = 20.0
# How often a long run renews the import lease (state.take_lease: 120 s).
RENEW_S = 30.0


def news_key(device: str, sha: str) -> str:
    """What the import thread tells the requests waiting for an upload (uploads.py News)."""
    return f"{device}/{sha}"


def queued_file(spool: Path, device: str, sha: str) -> Path:
    """Where a whole upload waits for the importer."""
    return spool / "in" / f"{device}-{sha}{bundle.SUFFIX}"


class ImportQueue:
    """The import thread of one server process, and the return bundles it writes."""

    def __init__(self, store, spool: Path, net: Engine | None = None) -> None:  # noqa: ANN001
        self.store = store
        self.engine = store.engine
        self.net = net or store.engine  # the server's tables (sync/netdb.py)
        self.spool = spool
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_error = ""
        # the import thread's checking workers, kept from one run of the queue to the next
        self.checkers = checking.SharedPool()
        # told (from the import thread) which uploads were marked imported or refused (their
        # news_key), and None when it let go of the import lease: the requests waiting for
        # that (sync/net/uploads.py News)
        self.finished: Callable[[list[str] | None], None] = lambda keys: None
        # while this process holds the import lease (news follows), set as the lease is
        # taken and released
        self.holding: Callable[[bool], None] = lambda held: None

    def needs_return(self, code: str) -> bool:
        """Whether something waits for `code` since its mark (returns.changed_since); if so,
        the mark is flagged `wanted` for the lease holder to write (`write_wanted`), else it
        moves on to the store as it is."""
        row = state.mark(self.net, code)
        if row is not None and row.wanted:
            return True
        since = returns.Watermark(row.revision_seq, row.audit_id) if row and row.at else None
        with self.engine.connect() as conn:
            seen = returns.watermark(conn)
            if since == seen:
                return False
            changed = returns.changed_since(conn, code, since)
        if changed:
            state.want(self.net, code)
        else:
            state.set_mark(self.net, code, seen, done=False)
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
                    state.forget_nonces(self.net, int(time.time()) - p.NONCE_KEEP)
                    last_purge = time.time()
                self.import_queued()
            except Exception as exc:  # noqa: BLE001 - kept, the loop goes on; next turn retries
                self.last_error = f"{type(exc).__name__}: {exc}"

    def import_queued(self) -> int:
        """Import what is queued, in order, and write the return bundles devices asked for
        between two imports, while holding the import lease; the count of imports."""
        if not state.queued(self.net) and not state.wanted(self.net):
            return 0
        if not state.take_lease(self.net, self.holder, int(time.time())):
            return 0
        self.holding(True)
        count = 0
        try:
            while not self.stopping.is_set():
                self.write_wanted()
                rows = state.queued(self.net, limit=IMPORT_BATCH)
                if not rows:
                    break
                count += _Run(self, rows).import_all()
                state.take_lease(self.net, self.holder, int(time.time()))
        finally:
            self.holding(False)
            state.release_lease(self.net, self.holder)
            self.finished(None)  # whoever imports next, the waiters look for themselves
            heap.give_back()  # the run's page cache (IMPORT_CACHE_KIB) and bundles: freed
        return count

    def write_wanted(self) -> int:
        """The return bundles devices asked for (offer_return), each checked again first:
        another request, an import's own return bundle, may have made it meanwhile."""
        count = 0
        for code in state.wanted(self.net):
            row = state.mark(self.net, code)
            since = returns.Watermark(row.revision_seq, row.audit_id) if row and row.at else None
            with self.engine.connect() as conn:
                seen = returns.watermark(conn)
                changed = returns.changed_since(conn, code, since)
            if changed:
                self.write_return(code, seen)
                count += 1
            else:
                state.set_mark(self.net, code, seen, done=True)
        return count

    def write_return(self, code: str, seen: returns.Watermark | None = None,
                     shared: dict[str, Any] | None = None) -> None:
        """A return bundle for `code` (acknowledgements, corrections, lists), offered to its
        devices, and the village's mark set to the store as it was before it was written
        (`seen`): what changes meanwhile is found by the next request. One that cannot be
        written now is asked for again by the village's next request."""
        folder = self.spool / "returns"
        if seen is None:
            with self.engine.connect() as conn:
                seen = returns.watermark(conn)
        try:
            written = self.store.sync.export_return(code, folder, shared=shared)
        except Exception as exc:  # noqa: BLE001 - not fatal to the import it follows
            self.last_error = f"return bundle for {code}: {exc}"
            state.set_mark(self.net, code, seen, done=True)
            return
        for path in written.parts or (written.path,):
            raw = bundle.read(Path(path))
            state.add_return(self.net, code, raw.file_sha256, Path(path).name,
                             Path(path).stat().st_size, int(raw.header["seq"]),
                             state.recipients(raw.header))
        state.set_mark(self.net, code, seen, done=True)



class _Run:
    """One run of the importer over the queue: the bundles queued when it starts, then those
    that arrive while it runs, in order, several to a commit when they queue faster than
    they are merged (sync/importer.py `more`, `hold`), each bundle still whole or not at
    all. None is marked before its commit, so a killed process leaves the uncommitted ones
    queued, to be imported (or found `already`) again."""

    def __init__(self, queue: ImportQueue, rows: list[NetUpload]) -> None:
        self.queue = queue
        self.rows: dict[str, NetUpload] = {}  # the queued file's path → its upload
        self.last = 0                       # the newest upload taken
        self.count = 0
        self.renewed = time.monotonic()
        self.lapsed = False                 # the lease went to another process meanwhile
        self.missing: list[NetUpload] = []  # uploads whose file is gone, refused after a commit
        self.first = self._take(rows)

    def import_all(self) -> int:
        q = self.queue
        if self.first:
            q.store.sync.import_paths(self.first, pool=q.checkers, more=self.more, hold=HOLD_S,
                                      yield_to=lambda: writers_waiting(q.engine),
                                      committed=self.committed, cancel=q.stopping)
        if self.missing:
            self._refuse_missing()
        return self.count

    def _take(self, rows: list[NetUpload]) -> list[Path]:
        """The files of `rows`; an upload whose file is gone is refused with the next commit's
        (in order with the others)."""
        paths = []
        for row in rows:
            self.last = max(self.last, row.n)
            path = queued_file(self.queue.spool, row.device_id, row.sha256)
            if path.exists():
                self.rows[str(path)] = row
                paths.append(path)
            else:  # imported by a process killed before it said so: never here
                self.missing.append(row)
        return paths

    def _refuse_missing(self) -> None:
        for row in self.missing:
            state.finish(self.queue.net, row.n, "rejected", {
                "reason": "failed", "message_zh": "服务器上找不到这个上传的文件，请重传",
                "message_en": "the uploaded file is missing on the server; send it again"})
            self.queue.finished([news_key(row.device_id, row.sha256)])
            self.count += 1
        self.missing = []

    def more(self) -> list[Path]:
        """What was queued since the run took its last bundle; none once the lease could not
        be renewed. Asked with the run's transaction open (sync/importer.py): it reads the
        server's own tables only (sync/netdb.py), never the store."""
        if self.lapsed:
            return []
        while True:
            rows = state.queued(self.queue.net, limit=MORE, after=self.last)
            if not rows:
                return []
            paths = self._take(rows)
            if paths:
                return paths

    def committed(self, results: list) -> None:  # list[importer.ImportResult]
        """A group just committed: each upload marked as its bundle ended and its waiting
        device told, all of them first (the next bundles are uploaded meanwhile); then the
        return bundle of each village that sent data (a device that asks for its list before
        it is written waits for it, `SyncServer.offer_return`), then the return bundles
        devices asked for meanwhile, and the lease renewed in a long run (if another process
        holds it now, this run ends)."""
        q = self.queue
        returning: list[str] = []
        for result in results:
            row = self.rows.pop(result.path, None)
            if row is None:  # never: one result per file taken
                raise RuntimeError(f"imported a file the queue did not give: {result.path}")
            outcome = {k: v for k, v in result.to_dict().items()
                       if k not in ("path", "forwarded")}
            if result.status == "accepted" and result.kind == "data" \
                    and result.code not in returning:
                returning.append(result.code)
            path = Path(result.path)
            if result.ok:
                state.finish(q.net, row.n, "imported", outcome)
                path.unlink()
            else:
                state.finish(q.net, row.n, "rejected", outcome)
                os.replace(path, q.spool / "rejected" / path.name)
            q.finished([news_key(row.device_id, row.sha256)])  # its device hears at once
            self.count += 1
        if returning:  # the villages marked with the store as it was before the first
            with q.engine.connect() as conn:
                seen = returns.watermark(conn)
            shared: dict[str, Any] = {}  # the area list, read once (export_return)
            for code in returning:
                q.write_return(code, seen, shared)
        self._refuse_missing()
        q.write_wanted()
        heap.give_back()  # the group's bundles, verdicts and return bundles (sync/heap.py)
        if time.monotonic() - self.renewed >= RENEW_S:
            self.lapsed = not state.take_lease(q.net, q.holder, int(time.time()))
            self.renewed = time.monotonic()
