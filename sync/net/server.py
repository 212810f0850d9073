"""The county's sync service (`mopai serve`): Starlette on uvicorn, HTTPS with the county's
own certificate, every request signed by an enrolled device (docs/sync.md, "Network sync").

Uploads are offset-based and resumable: the bytes of a bundle are appended to a part file in
the spool (``net/spool/parts/<device>/<sha256>.part``) as they arrive, so a cut connection or
a killed server keeps what arrived; the next request continues at that offset. A complete
upload whose SHA-256 matches is moved to ``net/spool/in/`` and queued (table `netupload`,
state ``received``). One thread per process imports the queue in order through the existing
importer, holding the import lease (table `netlease`): one importer at a time over the store,
whatever the number of processes. A bundle imported from a village makes a return bundle for
it (``net/spool/returns/``, table `netreturn`), which its devices list and download.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import bundle, checking, returns
from ..bundle import BundleRejected
from ..errors import InputError, LockBusy
from ..locking import locked
from ..models import NetMark
from ..record import utc_now
from . import protocol as p
from . import state, tls

SPOOL = "spool"
NOTE_EVERY = 30.0  # seconds between two writes of a device's last contact (per process)
DB_THREADS = 3  # request threads reaching the store (with the import thread: 4 connections)
# Queued bundles imported in one run of the importer (a folder import's shared commits and
# checks done ahead, sync/importer.py), at most this many: a lease renewed between runs.
IMPORT_BATCH = 16
SERVE_ENV = "MOPAI_SERVE"  # the options of `mopai serve --workers N`, for its worker processes


@dataclass(frozen=True)
class Options:
    rate: int = p.RATE
    max_body: int = p.MAX_BODY
    skew: int = p.SKEW
    bundle_max: int = bundle.LIMITS.file
    return_wait: float = 10.0  # seconds a device's list request waits for its new bundle
    body_idle: float = 30.0    # seconds without a byte of an upload's body: the link is gone


def refusal(code: str, detail: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    status, zh, en = p.ERRORS[code]
    if detail:
        zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
    return JSONResponse({"error": code, "message_zh": zh, "message_en": en}, status_code=status,
                        headers=headers)


class SyncServer:
    """One per server process: the open county store, the spool, the import thread."""

    def __init__(self, store, options: Options | None = None) -> None:  # noqa: ANN001 - Store
        if store.workspace.role != "county":
            raise InputError("只有县级工作区能提供同步服务", "only a county workspace can serve sync")
        self.store = store
        self.engine = store.engine
        self.options = options or Options()
        self.spool = store.workspace.home / tls.FOLDER / SPOOL
        for sub in ("parts", "in", "returns", "rejected"):
            (self.spool / sub).mkdir(parents=True, exist_ok=True)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_error = ""
        self._noted: dict[str, float] = {}
        self._certs: dict[str, str] = {}
        self._certs_at = -NOTE_EVERY
        # The store is reached from these few threads only (and the import thread): a
        # SQLCipher engine keeps one connection per thread and closes the oldest beyond
        # five, in use or not, so the request threads (up to 40) must not touch it.
        self.db = ThreadPoolExecutor(DB_THREADS, thread_name_prefix="mopai-db")
        # the import thread's checking workers, kept from one run of the queue to the next
        self.checkers = checking.SharedPool()

    async def _db(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.db, fn, *args)

    # -- the app ----------------------------------------------------------------------------
    def app(self) -> Starlette:
        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            self.start()
            try:
                yield
            finally:
                await run_in_threadpool(self.stop)

        return Starlette(routes=[
            Route(p.PREFIX + "/hello", self.hello, methods=["GET"]),
            Route(p.PREFIX + "/uploads/{sha256}", self.upload_state, methods=["GET"]),
            Route(p.PREFIX + "/uploads/{sha256}", self.upload_patch, methods=["PATCH"]),
            Route(p.PREFIX + "/returns", self.return_list, methods=["GET"]),
            Route(p.PREFIX + "/returns/{sha256}", self.return_file, methods=["GET"]),
        ], lifespan=lifespan)

    # -- authentication, from the headers alone ---------------------------------------------
    async def authenticate(self, request: Request, *, body: bool = False
                           ) -> state.Caller | Response:
        """The calling device, or the refusal to answer with; what the county's transport
        view shows is noted on the way (`_note`)."""
        found = await self._authenticate(request, body=body)
        device = request.headers.get(p.H_DEVICE, "")
        if isinstance(found, Response):
            code = json.loads(bytes(found.body) or b"{}").get("error", "")
            if code not in ("", "bad_request", "unknown_device", "bad_signature"):
                await self._db(self._note, device, code)  # a signed request: its own
        else:
            await self._db(self._note, device)
        return found

    def _note(self, device: str, error: str = "") -> None:
        """The device's last contact (or the refusal it got) for the transport view, written
        at most every NOTE_EVERY seconds per device and kind by this process; never fails
        the request."""
        now = time.monotonic()
        key = f"{device}\n{error}"
        if now - self._noted.get(key, -NOTE_EVERY) < NOTE_EVERY:
            return
        self._noted[key] = now
        now_s = utc_now()  # a refused signed request is contact too: the device is alive
        values = ({"last_contact": now_s, "last_error": error, "last_error_at": now_s}
                  if error else {"last_contact": now_s})
        try:
            state.seen(self.engine, device, **values)
        except Exception as exc:  # noqa: BLE001 - a note, not the request's outcome
            self.last_error = f"noting {device}: {exc}"

    async def _authenticate(self, request: Request, *, body: bool = False
                            ) -> state.Caller | Response:
        h = request.headers
        device, when, nonce, body_sha = (h.get(p.H_DEVICE, ""), h.get(p.H_TIME, ""),
                                         h.get(p.H_NONCE, ""), h.get(p.H_BODY, ""))
        if not (0 < len(device) <= 64 and when.isdigit() and 16 <= len(nonce) <= 64
                and nonce.isalnum() and p.is_sha256(body_sha)):
            return refusal("bad_request", "authentication headers")
        who = await self._db(state.caller, self.engine, device)
        if who is None:
            return refusal("unknown_device")
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if not p.check_signature(who.sign_pub, request.method, path, h):
            return refusal("bad_signature")
        if who.revoked:
            return refusal("revoked_device")
        now = int(time.time())
        if abs(now - int(when)) > self.options.skew:
            return refusal("clock_skew", f"{int(when) - now:+d} s",
                           {"Date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now))})
        seen = await self._db(state.remember_nonce, self.engine, device, nonce, now,
                                       self.options.rate)
        if seen == "replay":
            return refusal("replay")
        if seen == "rate_limited":
            return refusal("rate_limited", headers={"Retry-After": "60"})
        if body:
            length = h.get("content-length")
            if length is None or not length.isdigit():
                return refusal("length_required")
            if int(length) > self.options.max_body:
                return refusal("too_large", f"{length} > {self.options.max_body} bytes")
        elif h.get("content-length", "0") not in ("", "0") or body_sha != p.EMPTY_SHA256:
            return refusal("bad_request", "no body expected")
        return who

    async def _auth(self, request: Request, *, body: bool = False
                    ) -> tuple[state.Caller | None, Response | None]:
        found = await self.authenticate(request, body=body)
        return (None, found) if isinstance(found, Response) else (found, None)

    # -- endpoints --------------------------------------------------------------------------
    async def hello(self, request: Request) -> Response:
        who, refused = await self._auth(request)
        if refused:
            return refused
        certs = await self._db(self._certificates)
        return JSONResponse({"protocol": p.VERSION, "county": self.store.workspace.code,
                             "time": int(time.time()), **certs,
                             "device": {"device_id": who.device_id, "role": who.role,
                                        "code": who.code},
                             "limits": {"max_body": self.options.max_body, "chunk": p.CHUNK,
                                        "bundle": self.options.bundle_max,
                                        "skew": self.options.skew, "rate": self.options.rate}})

    def _certificates(self) -> dict[str, str]:
        """The county's current and next certificates' SHA-256 (`cert_sha256`, `cert_next`):
        a next one made by `mopai net rollover` while this server runs is announced at once
        (read at most every 30 s)."""
        now = time.monotonic()
        if now - self._certs_at > NOTE_EVERY:
            self._certs = tls.announced(self.store.meta.fresh())
            self._certs_at = now
        return self._certs

    def _part(self, device: str, sha: str) -> Path:
        return self.spool / "parts" / device / f"{sha}.part"

    def _queued_file(self, device: str, sha: str) -> Path:
        return self.spool / "in" / f"{device}-{sha}{bundle.SUFFIX}"

    def _state(self, device: str, sha: str) -> dict[str, Any] | None:
        row = state.upload(self.engine, device, sha)
        if row is not None:
            return {"sha256": sha, "state": row.state, "offset": row.size, "length": row.size,
                    "bundle_id": row.bundle_id, "seq": row.seq, "reason": row.reason,
                    "message_zh": row.message_zh, "message_en": row.message_en,
                    "result": json.loads(row.result or "{}")}
        part = self._part(device, sha)
        if part.exists():
            return {"sha256": sha, "state": "receiving", "offset": part.stat().st_size}
        if state.imported_by_stick(self.engine, device, sha):
            return {"sha256": sha, "state": "imported", "offset": 0, "via": "usb",
                    "reason": "", "message_zh": "", "message_en": "",
                    "result": {"status": "already"}}
        return None

    async def upload_state(self, request: Request) -> Response:
        who, refused = await self._auth(request)
        if refused:
            return refused
        sha = request.path_params["sha256"]
        if not p.is_sha256(sha):
            return refusal("bad_request", "sha256")
        found = await self._db(self._state, who.device_id, sha)
        if found is None:
            return refusal("not_found")
        return JSONResponse(found, headers={p.H_OFFSET: str(found["offset"]),
                                            p.H_STATE: found["state"]})

    async def upload_patch(self, request: Request) -> Response:
        who, refused = await self._auth(request, body=True)
        if refused:
            return refused
        sha = request.path_params["sha256"]
        offset_s, length_s = request.headers.get(p.H_OFFSET, ""), request.headers.get(p.H_LENGTH, "")
        if not (p.is_sha256(sha) and offset_s.isdigit() and length_s.isdigit()):
            return refusal("bad_request", "Upload-Offset, Upload-Length, sha256")
        offset, length = int(offset_s), int(length_s)
        if length > self.options.bundle_max:
            return refusal("too_large", f"{length} > {self.options.bundle_max} bytes")
        size = int(request.headers["content-length"])
        if length == 0 or offset + size > length:
            return refusal("bad_request", "Upload-Offset + Content-Length > Upload-Length")
        done = await self._db(state.upload, self.engine, who.device_id, sha)
        if done is not None:  # the same bundle again: answered without reading it
            return JSONResponse(await self._db(self._state, who.device_id, sha))
        part = self._part(who.device_id, sha)
        part.parent.mkdir(exist_ok=True)
        guard = locked(part, timeout=10, what=("上传文件", "upload"))
        try:
            await run_in_threadpool(guard.__enter__)
        except LockBusy:  # a request for it still runs (its link died silently): not long
            return refusal("busy", headers={"Retry-After": str(int(self.options.body_idle))})
        try:
            return await self._append(request, who, sha, part, offset, length, size)
        finally:
            guard.__exit__(None, None, None)

    async def _append(self, request: Request, who: state.Caller, sha: str, part: Path,
                      offset: int, length: int, size: int) -> Response:
        have = part.stat().st_size if part.exists() else 0
        if offset != have:
            return refusal("offset_mismatch", f"{offset} ≠ {have}", {p.H_OFFSET: str(have)})
        hasher = hashlib.sha256()
        got = 0
        body = request.stream()
        with open(part, "ab") as f:
            try:
                while True:
                    try:  # a link that dies without a word must not hold the upload's lock
                        chunk = await asyncio.wait_for(body.__anext__(), self.options.body_idle)
                    except StopAsyncIteration:
                        break
                    except TimeoutError:
                        raise ClientDisconnect() from None
                    got += len(chunk)
                    if got > size:
                        f.truncate(offset)
                        return refusal("too_large", "body longer than Content-Length")
                    f.write(chunk)
                    hasher.update(chunk)
            except ClientDisconnect:
                # A cut connection: what arrived stays (the whole file's SHA-256 checks it).
                f.flush()
                os.fsync(f.fileno())
                return Response(status_code=400)
            if got != size or hasher.hexdigest() != request.headers[p.H_BODY]:
                f.truncate(offset)
                return refusal("bad_request", "the body does not match Mopai-Body-SHA256")
            f.flush()
            os.fsync(f.fileno())
        now = offset + got
        if now < length:
            return Response(status_code=204, headers={p.H_OFFSET: str(now)})
        return await self._db(self._complete, who, sha, part, length)

    def _complete(self, who: state.Caller, sha: str, part: Path, length: int) -> Response:
        digest = hashlib.sha256()
        with open(part, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            part.unlink()
            return refusal("hash_mismatch")
        bundle_id, seq = "", 0
        try:
            raw = bundle.read(part)
            bundle_id, seq = str(raw.header.get("bundle_id", "")), int(raw.header.get("seq", 0))
            if raw.sender.get("device_id") != who.device_id and not _forwarded(who, raw):
                part.unlink()
                return refusal("wrong_sender")
            if raw.header.get("kind") == "return":
                return self._relay(who, raw, sha, part, length)
        except (BundleRejected, KeyError, TypeError, ValueError, AttributeError):
            pass  # not a bundle: queued all the same, the importer says why it is refused
        target = self._queued_file(who.device_id, sha)
        os.replace(part, target)
        state.received(self.engine, who.device_id, sha, length, bundle_id, seq)
        self.wake.set()
        found = self._state(who.device_id, sha)
        return JSONResponse(found, status_code=201, headers={p.H_OFFSET: str(length)})

    def _relay(self, who: state.Caller, raw: bundle.RawBundle, sha: str, part: Path,
               length: int) -> Response:
        """A township's own return bundle for one of its villages (its review decisions,
        sync/township.py), offered to that village's devices as the county's are; the county
        cannot read it (it is encrypted to the village's laptops) and does not need to: the
        village checks it as from a stick (decision 41). Here only who may relay what: a
        township device, signed by it, whole, for a village of its township."""
        target = str(raw.header.get("target", ""))
        why = ""
        if who.role != "township" or raw.sender.get("role") != "township" \
                or raw.sender.get("code") != who.code:
            why = f"{who.role} {who.code}"
        elif not (len(target) == 12 and target.isdigit() and target.startswith(who.code)):
            why = f"{target[:12]} ∉ {who.code}"
        else:
            try:
                raw.check_signature(who.sign_pub)
                raw.check_payload()
            except BundleRejected as exc:
                why = exc.reason
        if why:
            part.unlink()
            return refusal("not_relayable", why)
        name = bundle.file_name(target, who.device_id, int(raw.header["seq"]),
                                str(raw.header["created_at"]), "return")
        os.replace(part, self.spool / "returns" / name)
        state.add_return(self.engine, target, sha, name, length, int(raw.header["seq"]),
                         state.recipients(raw.header))
        state.received(self.engine, who.device_id, sha, length, str(raw.header["bundle_id"]),
                       int(raw.header["seq"]), final={"status": "relayed", "kind": "return",
                                                      "code": target})
        found = self._state(who.device_id, sha)
        return JSONResponse(found, status_code=201, headers={p.H_OFFSET: str(length)})

    async def return_list(self, request: Request) -> Response:
        who, refused = await self._auth(request)
        if refused:
            return refused
        after = request.query_params.get("after", "0")
        if not after.isdigit():
            return refusal("bad_request", "after")
        await self.offer_return(who.code)
        rows = await self._db(state.returns, self.engine, who.code, int(after), who.device_id)
        return JSONResponse({"returns": [{"n": r.n, "name": r.name, "sha256": r.sha256,
                                          "size": r.size, "seq": r.seq,
                                          "created_at": r.created_at} for r in rows]})

    async def offer_return(self, code: str) -> None:
        """A return bundle written now if something waits for `code` since its last one
        (docs/sync.md, "Return bundles on demand"): when the store's high-water marks equal
        the village's mark, nothing changed (two index lookups); otherwise the village's own
        check (returns.changed_since); if something waits, the importer is asked to write it
        (one writer: the lease holder, whatever the process) and the request waits for it a
        little. Several devices asking at once ask once, get one bundle."""
        if not await self._db(self._needs_return, code):
            return
        self.wake.set()
        deadline = time.monotonic() + self.options.return_wait
        while time.monotonic() < deadline:
            found = await self._db(state.mark, self.engine, code)
            if found is None or not found.wanted:
                return
            await asyncio.sleep(0.05)

    def _needs_return(self, code: str) -> bool:
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

    async def return_file(self, request: Request) -> Response:
        who, refused = await self._auth(request)
        if refused:
            return refused
        sha = request.path_params["sha256"]
        row = await self._db(state.return_of, self.engine, who.code, sha) \
            if p.is_sha256(sha) else None
        path = self.spool / "returns" / (row.name if row else "-")
        if row is None or not path.exists():
            return refusal("not_found")
        await self._db(state.taken, self.engine, who.device_id, row.n)
        return FileResponse(path, media_type="application/octet-stream")

    # -- the import queue -------------------------------------------------------------------
    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="mopai-import", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=120)
        self.db.shutdown(wait=True)
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
            path = self._queued_file(row.device_id, row.sha256)
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


def _forwarded(who: state.Caller, raw: bundle.RawBundle) -> bool:
    """A township forwards the data bundles its villages' cadres brought on sticks (`mopai
    import` at the township keeps them in its outbox): a village of its own township, as
    the header says; the importer then checks the bundle as from a stick — signed by that
    village's enrolled device, encrypted to the county — so a township can forward only what
    a village device signed."""
    code = str(raw.sender.get("code", ""))
    return (who.role == "township" and raw.header.get("kind") == "data"
            and raw.sender.get("role") == "village" and len(code) == 12
            and code.startswith(who.code))


# -- running it ------------------------------------------------------------------------------
def bind(listen: str) -> socket.socket:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise InputError(f"监听地址“{listen}”应为 主机:端口", f"--listen {listen!r} is not HOST:PORT")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # connections whose socket says TCP, and an accepted socket takes the listener's proto.
    # With Nagle on, a response's body (a second TLS record after the headers) waited for
    # the client's delayed ACK: every answer took 40 ms more.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, int(port)))
    except OSError as exc:
        sock.close()
        raise InputError(f"无法监听 {listen}：{exc.strerror or exc}",
                         f"cannot listen on {listen}: {exc.strerror or exc}") from None
    sock.listen(2048)  # connections wait in the backlog until a worker process is up
    sock.set_inheritable(True)
    return sock


def uvicorn_config(app: Any, cert: tls.ServerCert, **kw: Any):  # noqa: ANN201 - uvicorn.Config
    import uvicorn  # start-up: only when serving

    return uvicorn.Config(app, ssl_certfile=str(cert.cert), ssl_keyfile=str(cert.key),
                          ssl_keyfile_password=cert.key_password, log_level="warning",
                          access_log=False, timeout_keep_alive=30, **kw)


def worker_app() -> Starlette:
    """`--workers N`: each process opens the county store itself (uvicorn's factory)."""
    from ..store import open_store
    from ..workspace import Workspace

    conf = json.loads(os.environ[SERVE_ENV])
    store = open_store(Workspace(Path(conf["home"])), conf["user"] or None,
                       os.environ.get("MOPAI_PASSPHRASE", ""))
    return SyncServer(store, Options(**conf["options"])).app()


def serve(store, listen: str, *, workers: int = 1, options: Options | None = None,  # noqa: ANN001
          announce=print) -> None:  # noqa: ANN001
    """Run until interrupted. One process over the store given, or `workers` processes over a
    PostgreSQL county store (each opens it; one imports at a time)."""
    import uvicorn

    options = options or Options()
    cert = tls.ensure(store)
    if workers > 1 and store.backend == "sqlcipher":
        raise InputError("多个服务进程需要县级数据库在 PostgreSQL 上（--db）；SQLCipher 只允许一个",
                         "--workers N needs the county store on PostgreSQL; SQLCipher: one process")
    sock = bind(listen)
    host, port = sock.getsockname()[:2]
    announce(f"正在提供同步服务 Serving on https://{host}:{port}  证书指纹 certificate "
             f"SHA-256 {tls.show(cert.fingerprint)}")
    if workers <= 1:
        server = uvicorn.Server(uvicorn_config(SyncServer(store, options).app(), cert))
        server.run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    os.environ[SERVE_ENV] = json.dumps({"home": str(store.workspace.home), "user": store.user,
                                        "options": options.__dict__})
    config = uvicorn_config("mopai.sync.net.server:worker_app", cert, factory=True,
                            workers=workers)
    store.close()
    Multiprocess(config, sockets=[sock]).run()


__all__ = ["Options", "SyncServer", "refusal", "serve"]
