"""Uploads (docs/sync.md, "Uploading, and resuming"): offset-based and resumable. The bytes of
a bundle are appended to a part file in the spool (``net/spool/parts/<device>/<sha256>.part``)
as they arrive, under a lock on that file (several processes), so a cut connection or a killed
server keeps what arrived and the next request continues at that offset. A complete upload
whose SHA-256 matches is moved to ``net/spool/in/`` and queued (table `netupload`, state
``received``) for the import thread (sync/net/import_queue.py); a township's own 回传 is
relayed to its village instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import threading
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from .. import bundle
from ..bundle import BundleRejected
from ..errors import LockBusy
from ..locking import locked
from . import protocol as p
from . import state
from .auth import Authenticator, refusal
from .import_queue import news_key, queued_file

if TYPE_CHECKING:
    from .server import Options


# How often a request waiting for an import (`?wait=S`) reads the upload's state again even
# unwoken, while no import runs in this process: another server process (`--workers N`) may
# hold the import lease. While this process's import thread holds it, that thread says when.
RECHECK_S = 1.0


class News:
    """Wakes the requests that wait for an import (`GET /v1/uploads/<sha256>?wait=S`): the
    import thread says which uploads it marked imported or refused (`notify(keys)`, any
    thread), and only their waiters read their state again; `notify(None)` (the import
    thread let go of the import lease) wakes every waiter. A request waiting this way costs
    the server nothing until then, where a client asking every half second cost a signed
    request, a nonce written and an answer each time, in the process the imports run in —
    and where every waiter woken at every commit cost 300 waiting villages 300 reads each
    time.

    A waiter listens (`listen`) before it reads its upload's state: a notice that comes
    between that read and the wait is kept, not lost (the request would otherwise sleep
    out its `?wait` with its bundle imported)."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiting: dict[str, set[asyncio.Future[None]]] = {}
        self.importing = False  # this process's import thread holds the lease: it will say

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def notify(self, keys: Iterable[str] | None = None) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._wake, None if keys is None else list(keys))

    def _wake(self, keys: list[str] | None) -> None:
        groups = list(self.waiting.values()) if keys is None \
            else [self.waiting.get(k, set()) for k in keys]
        for group in groups:
            for future in list(group):
                if not future.done():
                    future.set_result(None)

    def listen(self, key: str) -> Ear:
        """Notices for the upload `key` from now on (in the event loop's thread)."""
        return Ear(self, key)

    def _add(self, key: str) -> asyncio.Future[None] | None:
        if self.loop is None:
            return None
        future = self.loop.create_future()
        self.waiting.setdefault(key, set()).add(future)
        return future

    def _drop(self, key: str, future: asyncio.Future[None] | None) -> None:
        group = self.waiting.get(key)
        if group is not None and future is not None:
            group.discard(future)
            if not group:
                del self.waiting[key]


class Ear:
    """One request listening for its upload's notice (`News.listen`); `close` when done."""

    def __init__(self, news: News, key: str) -> None:
        self.news, self.key = news, key
        self.future = news._add(key)

    async def wait(self, seconds: float) -> None:
        """Until a notice came (since listening, or since the last wait), at most `seconds`;
        at most RECHECK_S while no import runs in this process."""
        if self.future is None:  # no event loop bound: a timer only
            await asyncio.sleep(min(seconds, RECHECK_S))
            return
        try:
            await asyncio.wait_for(self.future, seconds if self.news.importing
                                   else min(seconds, RECHECK_S))
        except TimeoutError:
            pass
        # listening again before the caller reads its state again
        self.news._drop(self.key, self.future)
        self.future = self.news._add(self.key)

    def close(self) -> None:
        self.news._drop(self.key, self.future)
        self.future = None


class Uploads:
    """The two upload endpoints (`GET` and `PATCH /v1/uploads/<sha256>`) over the spool."""

    def __init__(self, engine: Engine, net: Engine, spool: Path, options: Options,
                 auth: Authenticator, db: Callable[..., Awaitable[Any]], wake: threading.Event,
                 news: News | None = None) -> None:
        self.engine = engine  # the store: bundles imported from a stick
        self.net = net        # the server's tables (netdb.py): the uploads and their states
        self.spool = spool
        self.options = options
        self._auth = auth
        self._db = db        # runs a store call on the server's store threads
        self.wake = wake     # the import thread: something is queued
        self.news = news or News()  # …and it says when it marked some imported

    def _part(self, device: str, sha: str) -> Path:
        return self.spool / "parts" / device / f"{sha}.part"

    def _state(self, device: str, sha: str) -> dict[str, Any] | None:
        row = state.upload(self.net, device, sha)
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

    async def state(self, request: Request) -> Response:
        who, refused = await self._auth(request)
        if refused:
            return refused
        sha = request.path_params["sha256"]
        wait_s = request.query_params.get("wait", "0")
        if not p.is_sha256(sha) or not wait_s.isdigit() or int(wait_s) > p.MAX_WAIT \
                or set(request.query_params) - {"wait"}:
            return refusal("bad_request", f"sha256, ?wait=0…{p.MAX_WAIT}")
        # ?wait=S: a bundle received but not yet imported is answered when its import ends
        # (or refusal), or after S seconds as it is then
        ear = self.news.listen(news_key(who.device_id, sha)) if int(wait_s) else None
        try:
            found = await self._db(self._state, who.device_id, sha)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + int(wait_s)
            while ear is not None and found is not None and found["state"] == "received" \
                    and (left := deadline - loop.time()) > 0:
                await ear.wait(left)
                found = await self._db(self._state, who.device_id, sha)
        finally:
            if ear is not None:
                ear.close()
        if found is None:
            return refusal("not_found")
        return JSONResponse(found, headers={p.H_OFFSET: str(found["offset"]),
                                            p.H_STATE: found["state"]})

    async def patch(self, request: Request) -> Response:
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
        done = await self._db(state.upload, self.net, who.device_id, sha)
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
        target = queued_file(self.spool, who.device_id, sha)
        os.replace(part, target)
        state.received(self.net, who.device_id, sha, length, bundle_id, seq)
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
        state.add_return(self.net, target, sha, name, length, int(raw.header["seq"]),
                         state.recipients(raw.header))
        state.received(self.net, who.device_id, sha, length, str(raw.header["bundle_id"]),
                       int(raw.header["seq"]), final={"status": "relayed", "kind": "return",
                                                      "code": target})
        found = self._state(who.device_id, sha)
        return JSONResponse(found, status_code=201, headers={p.H_OFFSET: str(length)})



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

