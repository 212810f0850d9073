"""The county's sync service (`mopai serve`): Starlette on uvicorn, HTTPS with the county's
own certificate, every request signed by an enrolled device (docs/sync.md, "Network sync").

This module is the app and its running: the routes, `hello` and the return bundles' list and
files. Its parts: `auth.py` (who is calling, from the headers alone; the refusals),
`uploads.py` (resumable uploads into the spool), `import_queue.py` (the import thread, one per
process under the import lease, and the return bundles it writes, on demand too),
`state.py` (the tables they share across processes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import bundle, netdb
from ..errors import InputError
from . import protocol as p
from . import state, tls
from .auth import Authenticator, refusal
from .import_queue import ImportQueue
from .uploads import News, Uploads

SPOOL = "spool"
CERTS_EVERY = 30.0  # seconds between two reads of the certificates announced (per process)
DB_THREADS = 3  # request threads reaching the store (with the import thread: 4 connections)
SERVE_ENV = "MOPAI_SERVE"  # the options of `mopai serve --workers N`, for its worker processes


@dataclass(frozen=True)
class Options:
    rate: int = p.RATE
    max_body: int = p.MAX_BODY
    skew: int = p.SKEW
    bundle_max: int = bundle.LIMITS.file
    return_wait: float = 10.0  # seconds a device's list request waits for its new bundle
    body_idle: float = 30.0    # seconds without a byte of an upload's body: the link is gone



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
        self._certs: dict[str, str] = {}
        self._certs_at = -CERTS_EVERY
        # The store is reached from these few threads only (and the import thread): a
        # SQLCipher engine keeps one connection per thread and closes the oldest beyond
        # five, in use or not, so the request threads (up to 40) must not touch it.
        self.db = ThreadPoolExecutor(DB_THREADS, thread_name_prefix="mopai-db")
        # The server's own tables: beside a SQLCipher store, so that no request waits for the
        # import's transaction (sync/netdb.py)
        self.net = netdb.open_net(store)
        self.queue = ImportQueue(store, self.spool, self.net)
        self.auth = Authenticator(self.engine, self.net, self.options, self._db, self._report)
        self.news = News()
        self.queue.finished = self.news.notify
        self.queue.holding = lambda held: setattr(self.news, "importing", held)
        self.uploads = Uploads(self.engine, self.net, self.spool, self.options, self.auth,
                               self._db, self.queue.wake, self.news)

    async def _db(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.db, fn, *args)

    @property
    def last_error(self) -> str:
        """The last thing that went wrong off a request (an import, a note), for the tests
        and the log."""
        return self.queue.last_error

    def _report(self, error: str) -> None:
        self.queue.last_error = error

    # -- the app ----------------------------------------------------------------------------
    def app(self) -> Starlette:
        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            self.news.bind(asyncio.get_running_loop())
            self.start()
            try:
                yield
            finally:
                await run_in_threadpool(self.stop)

        return Starlette(routes=[
            Route(p.PREFIX + "/hello", self.hello, methods=["GET"]),
            Route(p.PREFIX + "/uploads/{sha256}", self.uploads.state, methods=["GET"]),
            Route(p.PREFIX + "/uploads/{sha256}", self.uploads.patch, methods=["PATCH"]),
            Route(p.PREFIX + "/returns", self.return_list, methods=["GET"]),
            Route(p.PREFIX + "/returns/{sha256}", self.return_file, methods=["GET"]),
        ], lifespan=lifespan, exception_handlers={404: _unrouted, 405: _unrouted})

    def start(self) -> None:
        self.queue.start()

    def stop(self) -> None:
        self.queue.stop()
        self.db.shutdown(wait=True)
        netdb.close(self.store, self.net)

    # -- endpoints --------------------------------------------------------------------------
    async def hello(self, request: Request) -> Response:
        who, refused = await self.auth(request)
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
        if now - self._certs_at > CERTS_EVERY:
            self._certs = tls.announced(self.store.meta.fresh())
            self._certs_at = now
        return self._certs

    async def return_list(self, request: Request) -> Response:
        who, refused = await self.auth(request)
        if refused:
            return refused
        after = request.query_params.get("after", "0")
        if not after.isdigit():
            return refusal("bad_request", "after")
        await self.offer_return(who.code)
        rows = await self._db(state.returns, self.net, who.code, int(after), who)
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
        if not await self._db(self.queue.needs_return, code):
            return
        self.queue.wake.set()
        deadline = time.monotonic() + self.options.return_wait
        while time.monotonic() < deadline:
            found = await self._db(state.mark, self.net, code)
            if found is None or not found.wanted:
                return
            await asyncio.sleep(0.05)

    async def return_file(self, request: Request) -> Response:
        who, refused = await self.auth(request)
        if refused:
            return refused
        sha = request.path_params["sha256"]
        row = await self._db(state.return_of, self.net, who.code, sha) \
            if p.is_sha256(sha) else None
        path = self.spool / "returns" / (row.name if row else "-")
        if row is None or not path.exists():
            return refusal("not_found")
        await self._db(state.taken, self.net, who.device_id, row.n)
        return FileResponse(path, media_type="application/octet-stream")


async def _unrouted(request: Request, exc: Exception) -> Response:
    """A path or method outside the protocol: a refusal like any other (JSON), before any
    authentication (nothing is there to protect)."""
    if getattr(exc, "status_code", 404) == 405:
        return refusal("method_not_allowed", request.method,
                       dict(getattr(exc, "headers", None) or {}))
    return refusal("not_found", request.url.path[:100])


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


# What each TLS connection reads into at once. asyncio gives every connection a read buffer of
# `SSLProtocol.max_size`, 256 KiB (CPython 3.11–3.13, Windows' proactor loop too), held for
# as long as the connection is open. 300 villages waiting at once for their imports (each
# keeps its connection for `?wait`) held 75 MiB of them, and the server's peak went from
# 476 to 644 MiB (decision 71). A TLS record is at most 16 KiB: 64 KiB reads lose nothing.
TLS_READ = 64 * 1024


def small_tls_buffers() -> None:
    """Every TLS connection of this process reads into `TLS_READ` bytes, not 256 KiB: set
    before the server accepts (in each process: `--workers` spawns them)."""
    import asyncio.sslproto

    if getattr(asyncio.sslproto.SSLProtocol, "max_size", 0) > TLS_READ:
        asyncio.sslproto.SSLProtocol.max_size = TLS_READ


def uvicorn_config(app: Any, cert: tls.ServerCert, **kw: Any):  # noqa: ANN201 - uvicorn.Config
    import uvicorn  # start-up: only when serving

    small_tls_buffers()
    return uvicorn.Config(app, ssl_certfile=str(cert.cert), ssl_keyfile=str(cert.key),
                          ssl_keyfile_password=cert.key_password, log_level="warning",
                          access_log=False, timeout_keep_alive=30, **kw)


def worker_app() -> Starlette:
    """`--workers N`: each process opens the county store itself (uvicorn's factory)."""
    from ..store import open_store
    from ..workspace import Workspace

    conf = json.loads(os.environ[SERVE_ENV])
    small_tls_buffers()
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
