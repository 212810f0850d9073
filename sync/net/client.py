"""`mopai sync`: a device's side of network sync (docs/sync.md, "Network sync").

The standard library's `http.client` over `ssl`, not a third-party client: the device pins
the county server's certificate by its SHA-256 (from the setup file) and checks it right
after the TLS handshake, before the first byte of a request is sent; no certificate
authority is trusted, none is needed. Uploads go in chunks, each a signed PATCH at the offset
the server reports, so a cut connection costs at most what was in flight.

A run: ask the server (offline: `Offline`, nothing changed), send what waits in the outbox
(``outbox/`` in the workspace: bundles written like `mopai export`, kept until the county
imported or refused them), export the unacknowledged revisions into it when nothing sent
earlier is still open, wait a little for the county's import, then download the return
bundles listed for this village and import them with the usual checks.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import bundle, meta
from ..errors import InputError, MopaiError
from ..record import utc_now
from . import protocol as p

OUTBOX, INBOX = "outbox", "inbox"
# Seconds without progress before a request is given up (connect, each send of a 64 KiB piece,
# the wait for an answer, each read): a stalled server costs at most this, then the run stops
# as offline and the next one resumes. A 2G/3G link of 20 KiB/s sends a piece in ~3 s and a
# whole 256 KiB chunk (what the network's buffers may hold before the server answers) in
# ~13 s, well inside; links slower than ~8 KiB/s may need a second try per chunk.
TIMEOUT = 30.0
# Below this, a download that still trickles is given up too (bytes per second, after the
# first TIMEOUT seconds): a server that sends a byte a minute must not hold a device forever.
MIN_RATE = 1024


class Offline(MopaiError):
    """The county server cannot be reached: nothing was changed."""

    exit_code = 9
    code = "offline"


class SyncRefused(MopaiError):
    """The server refused a request (its error code in `reason`), or is not the county's."""

    exit_code = 10
    code = "sync_refused"

    def __init__(self, zh: str, en: str, reason: str = "", **kw: Any) -> None:
        super().__init__(zh, en, **kw)
        self.reason = reason


@dataclass
class Sent:
    name: str
    sha256: str
    size: int
    sent_bytes: int = 0
    state: str = ""          # receiving | received | imported | rejected
    reason: str = ""
    message_zh: str = ""
    message_en: str = ""

    def line(self) -> str:
        what = {"imported": "已导入 imported", "received": "已收到，等待导入 received, queued",
                "rejected": "被拒收 REJECTED", "receiving": "未传完 incomplete"}.get(
                    self.state, self.state)
        extra = f"：{self.message_zh} / {self.message_en}" if self.state == "rejected" else ""
        return f"上传 sent {self.name} ({self.sent_bytes}/{self.size} B): {what}{extra}"


@dataclass
class SyncReport:
    server: str
    sent: list[Sent] = field(default_factory=list)
    exported: str = ""
    received: list[str] = field(default_factory=list)
    imported: list[Any] = field(default_factory=list)  # importer.ImportResult
    certificate_next: str = ""   # a next certificate the county announced, pinned now
    certificate: str = ""        # the county switched: this is now the only pin

    @property
    def ok(self) -> bool:
        return all(s.state != "rejected" for s in self.sent) and all(
            r.ok for r in self.imported)

    def lines(self) -> list[str]:
        out = [f"县同步服务 county server {self.server}"]
        if self.exported:
            out.append(f"已导出 exported {self.exported}")
        out += [s.line() for s in self.sent]
        out += [f"收到回传包 received {name}" for name in self.received]
        out += [r.one_line() for r in self.imported]
        if self.certificate_next:
            out.append(f"县里预告了新证书，已记下 the county announced its next certificate "
                       f"{self.certificate_next[:16]}…")
        if self.certificate:
            out.append(f"县里已换用新证书 the county now uses certificate "
                       f"{self.certificate[:16]}…")
        if not self.sent and not self.received:
            out.append("没有要同步的内容 nothing to sync")
        return out


class Connection:
    """One pinned HTTPS connection to the county server, signing every request."""

    def __init__(self, url: str, cert_sha256: str, identity, device_id: str, *,  # noqa: ANN001
                 timeout: float = TIMEOUT, next_cert: str = "") -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise InputError(f"同步服务地址“{url}”不对：应为 https://主机:端口",
                             f"the server address {url!r} is not https://HOST:PORT")
        self.url, self.host, self.port = url, parts.hostname, parts.port or 443
        self.pin, self.identity, self.device_id = cert_sha256, identity, device_id
        self.next_pin = next_cert    # announced by the county ahead of its switch: pinned too
        self.presented = ""          # the SHA-256 of the certificate the server showed
        self.timeout = timeout
        self.sent_bytes = 0          # body bytes written to the socket (what a cut costs)
        self.received_bytes = 0      # bytes of downloaded files read from the socket
        self.cut_after: int | None = None  # tests: drop the connection after this many
        self._conn: http.client.HTTPSConnection | None = None

    def _open(self) -> http.client.HTTPSConnection:
        if self._conn is not None:
            return self._conn
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # no authority: the certificate's hash is pinned below
        conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                           context=ctx)
        try:
            conn.connect()
        except (OSError, ssl.SSLError) as exc:
            conn.close()
            raise Offline(f"连不上县同步服务 {self.url}（{_why(exc)}）：本次未同步，数据未改动；"
                          "有网络时再试，或用U盘",
                          f"cannot reach the county server {self.url} ({_why(exc)}): nothing "
                          "was synced or changed; try again when online, or use a USB stick"
                          ) from None
        der = conn.sock.getpeercert(binary_form=True) or b""
        presented = hashlib.sha256(der).hexdigest()
        if presented not in {self.pin, self.next_pin} - {""}:
            conn.close()
            raise SyncRefused(
                f"{self.url} 出示的证书不是本机登记时记下的：可能县里已更换证书而本机错过了通知，"
                "也可能是冒充的服务器。已断开，什么也没发送。请向县里要一份新的登记回执（设置文件），"
                "重新登记本设备；在此之前可用U盘同步",
                f"{self.url} presented a certificate other than the one this device pinned: the "
                "county may have replaced its certificate while this device missed the notice, "
                "or the server is an impostor. Disconnected, nothing was sent. Ask the county "
                "for a new setup file and enrol this device again; until then, sync by USB "
                "stick", "wrong_certificate")
        self.presented = presented
        self._conn = conn
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: bytes = b"", *,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        extra = dict(headers or {})
        offset, length = extra.pop(p.H_OFFSET, ""), extra.pop(p.H_LENGTH, "")
        auth = p.sign(self.identity, self.device_id, method, path, p.body_hash(body),
                      offset=offset, length=length)
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more, fresh
            before = self.sent_bytes
            conn = self._open()
            try:
                conn.putrequest(method, path)
                for k, v in {**auth, **extra, "Content-Length": str(len(body))}.items():
                    conn.putheader(k, v)
                conn.endheaders()
                if body:
                    self._send_body(conn, body)
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError
                    ) as exc:
                self.close()
                if attempt == 2 or self.sent_bytes != before:  # a body partly sent: cut
                    raise Offline(f"与县同步服务的连接中断（{_why(exc)}）：已传的部分保留，下次接着传",
                                  f"the connection to the county server broke ({_why(exc)}); "
                                  "what arrived is kept, the next sync continues") from None
                auth = p.sign(self.identity, self.device_id, method, path, p.body_hash(body),
                              offset=offset, length=length)  # a new nonce: a new request
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise Offline(f"与县同步服务的连接中断（{_why(exc)}）：下次接着传",
                              f"the connection to the county server broke ({_why(exc)}); the "
                              "next sync continues") from None
        raise AssertionError("unreachable")

    def download(self, path: str, part: Path) -> int:
        """GET a file into `part`, resuming after what `part` holds (`Range: bytes=N-`; a
        server that answers 200 sends it whole again). What arrived stays in `part` when the
        connection breaks. Returns the HTTP status (200/206 when `part` is now whole as the
        server has it; otherwise the refusal's, `part` left as it was)."""
        have = part.stat().st_size if part.exists() else 0
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more, fresh
            auth = p.sign(self.identity, self.device_id, "GET", path, p.EMPTY_SHA256)
            got_before = self.received_bytes
            conn = self._open()
            try:
                conn.putrequest("GET", path)
                extra = {"Range": f"bytes={have}-"} if have else {}
                for k, v in {**auth, **extra, "Content-Length": "0"}.items():
                    conn.putheader(k, v)
                conn.endheaders()
                resp = conn.getresponse()
                if resp.status not in (200, 206):
                    resp.read()
                    return resp.status
                start = 0 if resp.status == 200 else _range_start(resp.getheader(
                    "Content-Range", ""))
                if start != (0 if resp.status == 200 else have):
                    resp.read()
                    self.close()
                    return 416
                began = time.monotonic()
                with open(part, "r+b" if part.exists() else "wb") as f:
                    f.seek(start)
                    f.truncate()
                    while piece := resp.read(64 * 1024):
                        f.write(piece)
                        self.received_bytes += len(piece)
                        spent = time.monotonic() - began
                        if spent > self.timeout and \
                                self.received_bytes - got_before < MIN_RATE * spent:
                            raise TimeoutError("the download trickles")
                if resp.length:  # the connection ended early (a TLS close looks like the end)
                    raise http.client.IncompleteRead(b"", resp.length)
                return resp.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError
                    ) as exc:
                self.close()
                if attempt == 2 or self.received_bytes != got_before:
                    raise _broken(exc) from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise _broken(exc) from None
        raise AssertionError("unreachable")

    def _send_body(self, conn: http.client.HTTPSConnection, body: bytes) -> None:
        view = memoryview(body)
        for start in range(0, len(body), 64 * 1024):
            piece = view[start:start + 64 * 1024]
            if self.cut_after is not None and self.sent_bytes + len(piece) > self.cut_after:
                piece = piece[:max(0, self.cut_after - self.sent_bytes)]
                conn.sock.sendall(piece)
                self.sent_bytes += len(piece)
                conn.sock.shutdown(socket.SHUT_RDWR)  # the link drops
                raise ConnectionResetError("cut (test)")
            conn.sock.sendall(piece)
            self.sent_bytes += len(piece)

    def json(self, method: str, path: str, body: bytes = b"", **kw: Any) -> tuple[int, dict]:
        status, headers, data = self.request(method, path, body, **kw)
        try:
            doc = json.loads(data) if data else {}
        except ValueError:
            doc = {}
        return status, doc


def _range_start(value: str) -> int:
    """The first byte of `Content-Range: bytes START-END/SIZE`, or -1."""
    unit, _, rest = value.partition(" ")
    first = rest.partition("-")[0]
    return int(first) if unit == "bytes" and first.isdigit() else -1


def _broken(exc: BaseException) -> Offline:
    return Offline(f"与县同步服务的连接中断（{_why(exc)}）：已收到的部分保留，下次接着传",
                   f"the connection to the county server broke ({_why(exc)}); what arrived "
                   "is kept, the next sync continues")


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _refused(status: int, doc: dict[str, Any], what: str) -> SyncRefused:
    reason = str(doc.get("error", status))
    return SyncRefused(f"县同步服务拒绝了{what}：{doc.get('message_zh', status)}",
                       f"the county server refused {what}: {doc.get('message_en', status)}",
                       reason)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- the run ---------------------------------------------------------------------------------
def connect(store, server: str | None = None) -> Connection:  # noqa: ANN001 - Store
    values = store.meta.fresh()
    if not values.get(meta.COUNTY_SIGN_PUB):
        raise InputError("本设备尚未登记，不能同步：请先完成县里的登记",
                         "this device is not enrolled; complete enrolment with the county first")
    pin = values.get(meta.SERVER_CERT)
    if not pin:
        raise InputError("登记回执中没有县同步服务（旧的回执或县里未设置）：请用U盘，或请县里重新登记本设备",
                         "the setup file had no county server (an older one, or none was set): "
                         "use a USB stick, or ask the county to enrol this device again")
    url = server or values.get(meta.SERVER_URL) or ""
    return Connection(url, pin, store.sync.identity(), store.device_id,
                      next_cert=values.get(meta.SERVER_CERT_NEXT) or "")


class Cancelled(MopaiError):
    """The run was stopped (the app locked or closed): what the server has is kept, the next
    run continues from there."""

    exit_code = 9
    code = "cancelled"


Progress = Callable[[int, int, str], None]


def upload(conn: Connection, path: Path, *, chunk: int = p.CHUNK,
           progress: Progress | None = None, cancel: threading.Event | None = None) -> Sent:
    """Send one bundle file, from where the server has it; its state as the server says.
    `progress(bytes the server has, size, name)` after each chunk; `cancel` is checked
    between chunks."""
    sha, size = _sha256(path), path.stat().st_size
    sent = Sent(path.name, sha, size)
    where = f"{p.PREFIX}/uploads/{sha}"
    status, doc = conn.json("GET", where)
    if status == 200:
        sent.state = doc.get("state", "")
        offset = int(doc.get("offset", 0))
    elif status == 404:
        offset = 0
    else:
        raise _refused(status, doc, f"查询 {path.name}")
    if sent.state in ("", "receiving"):
        with open(path, "rb") as f:
            while offset < size:
                if progress is not None:
                    progress(offset, size, path.name)
                if cancel is not None and cancel.is_set():
                    raise Cancelled("同步已停止，已传的部分保留", "sync stopped; what was sent is kept")
                f.seek(offset)
                body = f.read(chunk)
                status, doc = conn.json("PATCH", where, body, headers={
                    p.H_OFFSET: str(offset), p.H_LENGTH: str(size)})
                if status == 409:      # another try got further meanwhile: continue from there
                    _, doc = conn.json("GET", where)
                    offset = int(doc.get("offset", 0))
                    continue
                if status == 503:  # the server still ends an earlier try: the next sync
                    raise Offline(f"县同步服务正忙于 {path.name} 的上一次上传：已传的部分保留，下次接着传",
                                  f"the county server is still ending an earlier upload of "
                                  f"{path.name}; what arrived is kept, the next sync continues")
                if status not in (200, 201, 204):
                    raise _refused(status, doc, f"上传 {path.name}")
                sent.sent_bytes += len(body)
                if status == 204:
                    offset += len(body)
                    continue
                break
        sent.state = doc.get("state", sent.state)
    _take(sent, doc)
    return sent


def _take(sent: Sent, doc: dict[str, Any]) -> None:
    sent.state = doc.get("state", sent.state)
    sent.reason = doc.get("reason", "")
    sent.message_zh, sent.message_en = doc.get("message_zh", ""), doc.get("message_en", "")


def wait(conn: Connection, sent: list[Sent], seconds: float,
         cancel: threading.Event | None = None) -> None:
    """Ask again until the county imported (or refused) what it received, up to `seconds`.
    The server answers the first bundle still waiting when its import ends (`?wait=S`, at
    most protocol.MAX_WAIT), so the others are asked about as soon as it is; an answer that
    comes back at once unchanged (a server that does not wait) is asked again after half a
    second."""
    deadline = time.monotonic() + seconds
    while True:
        open_ = [s for s in sent if s.state == "received"]
        left = deadline - time.monotonic()
        if not open_ or left <= 0 or (cancel is not None and cancel.is_set()):
            return
        began = time.monotonic()
        for i, s in enumerate(open_):
            # with `cancel` (the app), short waits: stopping is never held up long
            wait_s = min(p.MAX_WAIT if cancel is None else 2, int(left)) if i == 0 else 0
            status, doc = conn.json("GET", f"{p.PREFIX}/uploads/{s.sha256}"
                                    + (f"?wait={wait_s}" if wait_s else ""))
            if status == 200:
                _take(s, doc)
        if all(s.state == "received" for s in open_):
            (cancel or threading.Event()).wait(max(0.0, 0.5 - (time.monotonic() - began)))


StoreCall = Callable[[Callable[[Any], Any]], Any]


def run(store, *, server: str | None = None, wait_seconds: float = 30.0,  # noqa: ANN001
        chunk: int = p.CHUNK, conn: Connection | None = None, call: StoreCall | None = None,
        progress: Progress | None = None, cancel: threading.Event | None = None
        ) -> SyncReport:
    """One sync. Every use of the store goes through `call(fn)` (default: `fn(store)`), so
    the app runs the network on its own thread and the store's work on the store's worker
    (desktop/shell/net_sync.py). `progress(done, total, message)`: bundles sent of those to
    send, with the current one's percentage in the message; `cancel` stops between chunks."""
    call = call or (lambda fn: fn(store))
    conn = conn or call(lambda s: connect(s, server))
    report = SyncReport(conn.url)
    home = call(lambda s: s.workspace.home)
    outbox, inbox = home / OUTBOX, home / INBOX
    try:
        status, doc = conn.json("GET", f"{p.PREFIX}/hello")  # offline: raises, nothing changed
        if status != 200:
            raise _refused(status, doc, "本设备")
        _follow_certificate(conn, doc, call, report)
        outbox.mkdir(exist_ok=True)
        (outbox / "sent").mkdir(exist_ok=True)
        _send(conn, outbox, _waiting(outbox), report, chunk, progress, cancel, wait_seconds)
        # The return bundles first: they acknowledge what an earlier (perhaps broken) run
        # sent, so its revisions are not exported again. Export only when nothing sent is
        # still open and some revision is in no bundle yet — a bundle taken by stick carried
        # its revisions already (meta exported_seq).
        _returns(conn, inbox, report, call, cancel)
        # A refused bundle's revisions go again in a fresh one (unacknowledged, not only
        # those in no bundle).
        refused = any(s.state == "rejected" for s in report.sent)
        if all(s.state in ("imported", "rejected") for s in report.sent) and call(
                lambda s: s.status().unacknowledged if refused else s.sync.not_in_a_bundle()):
            result = call(lambda s: s.sync.export(outbox))
            report.exported = result.path.name
            paths = [Path(x) for x in (result.parts or (result.path,))]
            _send(conn, outbox, paths, report, chunk, progress, cancel, wait_seconds)
            _returns(conn, inbox, report, call, cancel)
        if call(lambda s: s.workspace.role) == "township":
            report.sent += relay(None, conn, outbox, chunk=chunk, call=call)
        call(lambda s: s.meta.set({meta.NET_SYNCED_AT: utc_now()}))
    finally:
        conn.close()
    return report


def _waiting(outbox: Path) -> list[Path]:
    return sorted(f for f in outbox.iterdir() if f.is_file()
                  and f.suffix == bundle.SUFFIX and not f.name.startswith("."))


def _send(conn: Connection, outbox: Path, paths: list[Path], report: SyncReport, chunk: int,
          progress: Progress | None, cancel: threading.Event | None, wait_seconds: float
          ) -> None:
    start = len(report.sent)
    for i, path in enumerate(paths):
        def step(done: int, size: int, name: str, i: int = i) -> None:
            if progress is not None:
                progress(i, len(paths), f"{done * 100 // max(size, 1)}")
        report.sent.append(upload(conn, path, chunk=chunk, progress=step, cancel=cancel))
    if paths and progress is not None:
        progress(len(paths), len(paths), "100")
    wait(conn, report.sent[start:], wait_seconds, cancel)
    _settle(outbox, report.sent[start:])


def relay(store, conn: Connection, outbox: Path, *, chunk: int = p.CHUNK,  # noqa: ANN001
          call: StoreCall | None = None) -> list[Sent]:
    """A township: its own review decisions for each of its villages that has new ones, as
    the township's 回传 writes them (sync/township.py), uploaded for the county server to
    offer that village's devices (docs/sync.md, "Townships over the network"). The county's
    bundles it carries stay home: the county serves their content itself. The bundles are
    written through `call` (the store's worker in the app), uploaded outside it."""
    call = call or (lambda fn: fn(store))
    sent = [upload(conn, path, chunk=chunk) for path in call(lambda s: _relay_bundles(s, outbox))]
    _settle(outbox, sent)
    return sent


def _relay_bundles(store, outbox: Path) -> list[Path]:  # noqa: ANN001
    from .. import returns, township  # the bundle machinery, only at a township

    codes = [w.code for w in store.sync.returns_waiting() if w.sendable and w.decisions]
    if not codes:
        return []

    def own(svc, code: str, folder: Path):  # noqa: ANN001, ANN202
        return township.export_to_village(svc, code, folder, carry=False)

    paths: list[Path] = []
    for outcome in returns.export_many(store.sync, codes, outbox, write=own):
        if outcome.ok:
            paths += [Path(x) for x in (outcome.result.parts or (outcome.result.path,))]
    return paths


def _settle(outbox: Path, sent: list[Sent]) -> None:
    """Bundles the county imported or refused leave the outbox (kept in outbox/sent)."""
    for s in sent:
        if s.state in ("imported", "rejected") and (outbox / s.name).exists():
            os.replace(outbox / s.name, outbox / "sent" / s.name)


def _follow_certificate(conn: Connection, hello: dict[str, Any], call: StoreCall,
                        report: SyncReport) -> None:
    """The county's certificate rollover, the device's side (docs/sync.md, "Replacing the
    certificate"): the server answered over a pinned connection, so what it announces is
    the county's. A next certificate announced is pinned beside the current one; once the
    server shows the next one, it becomes the only pin."""
    announced = str(hello.get("cert_next") or "")
    if conn.presented and conn.presented == conn.next_pin and conn.presented != conn.pin:
        call(lambda s: s.meta.set({meta.SERVER_CERT: conn.presented,
                                   meta.SERVER_CERT_NEXT: ""}))
        report.certificate = conn.presented
        conn.pin, conn.next_pin = conn.presented, ""
    if p.is_sha256(announced) and announced not in (conn.pin, conn.next_pin):
        call(lambda s: s.meta.set({meta.SERVER_CERT_NEXT: announced}))
        conn.next_pin = announced
        report.certificate_next = announced


def _returns(conn: Connection, inbox: Path, report: SyncReport, call: StoreCall,
             cancel: threading.Event | None = None) -> None:
    after = int(call(lambda s: s.meta.fresh().get(meta.NET_RETURN_AFTER)) or 0)
    status, doc = conn.json("GET", f"{p.PREFIX}/returns?after={after}")
    if status != 200:
        raise _refused(status, doc, "回传包列表")
    inbox.mkdir(exist_ok=True)
    for item in doc.get("returns", []):
        if cancel is not None and cancel.is_set():
            raise Cancelled("同步已停止", "sync stopped")
        sha, name = str(item["sha256"]), Path(str(item["name"])).name
        if not p.is_sha256(sha) or not name.endswith(bundle.SUFFIX) or name.startswith("."):
            raise SyncRefused("县同步服务给的回传包名字不对", "the server listed a malformed "
                              "return bundle", "bad_response")
        part = inbox / f".{sha}.part"  # resumed with Range after a cut (kept encrypted)
        status = conn.download(f"{p.PREFIX}/returns/{sha}", part)
        if status not in (200, 206) or _sha256(part) != sha:
            part.unlink(missing_ok=True)
            raise SyncRefused(f"回传包 {name} 下载不完整，下次再试",
                              f"return bundle {name} did not download whole; try again",
                              "bad_download")
        target = inbox / name
        os.replace(part, target)
        report.received.append(name)

        def take(s: Any, target: Path = target, n: str = str(item["n"])) -> Any:
            [result] = s.sync.import_paths([target])
            s.meta.set({meta.NET_RETURN_AFTER: n})
            return result
        result = call(take)
        report.imported.append(result)
        if result.ok:
            target.unlink()
