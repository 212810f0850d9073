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
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import bundle, meta
from ..errors import InputError, MopaiError
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
        if not self.sent and not self.received:
            out.append("没有要同步的内容 nothing to sync")
        return out


class Connection:
    """One pinned HTTPS connection to the county server, signing every request."""

    def __init__(self, url: str, cert_sha256: str, identity, device_id: str, *,  # noqa: ANN001
                 timeout: float = TIMEOUT) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise InputError(f"同步服务地址“{url}”不对：应为 https://主机:端口",
                             f"the server address {url!r} is not https://HOST:PORT")
        self.url, self.host, self.port = url, parts.hostname, parts.port or 443
        self.pin, self.identity, self.device_id = cert_sha256, identity, device_id
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
        if hashlib.sha256(der).hexdigest() != self.pin:
            conn.close()
            raise SyncRefused(
                f"{self.url} 出示的证书不是县里登记时给的（可能被冒充）：已断开，什么也没发送",
                f"{self.url} presented a certificate other than the one pinned at enrolment "
                "(possibly an impostor): disconnected, nothing was sent", "wrong_certificate")
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
    return Connection(url, pin, store.sync.identity(), store.device_id)


def upload(conn: Connection, path: Path, *, chunk: int = p.CHUNK) -> Sent:
    """Send one bundle file, from where the server has it; its state as the server says."""
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


def wait(conn: Connection, sent: list[Sent], seconds: float) -> None:
    """Ask again until the county imported (or refused) what it received, up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        open_ = [s for s in sent if s.state == "received"]
        if not open_ or time.monotonic() >= deadline:
            return
        time.sleep(0.5)
        for s in open_:
            status, doc = conn.json("GET", f"{p.PREFIX}/uploads/{s.sha256}")
            if status == 200:
                _take(s, doc)


def run(store, *, server: str | None = None, wait_seconds: float = 30.0,  # noqa: ANN001
        chunk: int = p.CHUNK, conn: Connection | None = None) -> SyncReport:
    conn = conn or connect(store, server)
    report = SyncReport(conn.url)
    home = store.workspace.home
    outbox, inbox = home / OUTBOX, home / INBOX
    try:
        status, doc = conn.json("GET", f"{p.PREFIX}/hello")  # offline: raises, nothing changed
        if status != 200:
            raise _refused(status, doc, "本设备")
        outbox.mkdir(exist_ok=True)
        (outbox / "sent").mkdir(exist_ok=True)
        pending = sorted(f for f in outbox.iterdir() if f.is_file()
                         and f.suffix == bundle.SUFFIX and not f.name.startswith("."))
        for path in pending:
            report.sent.append(upload(conn, path, chunk=chunk))
        # The return bundles first: they acknowledge what an earlier (perhaps broken) run
        # sent, so its revisions are not exported again.
        wait(conn, report.sent, wait_seconds)
        _settle(outbox, report.sent)
        _returns(store, conn, inbox, report)
        if all(s.state in ("imported", "rejected") for s in report.sent) \
                and store.status().unacknowledged:
            result = store.sync.export(outbox)
            report.exported = result.path.name
            fresh = [upload(conn, Path(path), chunk=chunk)
                     for path in result.parts or (result.path,)]
            report.sent += fresh
            wait(conn, fresh, wait_seconds)
            _settle(outbox, fresh)
            _returns(store, conn, inbox, report)
        if store.workspace.role == "township":
            report.sent += relay(store, conn, outbox, chunk=chunk)
    finally:
        conn.close()
    return report


def relay(store, conn: Connection, outbox: Path, *, chunk: int = p.CHUNK  # noqa: ANN001
          ) -> list[Sent]:
    """A township: its own review decisions for each of its villages that has new ones, as
    the township's 回传 writes them (sync/township.py), uploaded for the county server to
    offer that village's devices (docs/sync.md, "Townships over the network"). The county's
    bundles it carries stay home: the county serves their content itself."""
    from .. import returns, township  # the bundle machinery, only at a township

    codes = [w.code for w in store.sync.returns_waiting() if w.sendable and w.decisions]
    if not codes:
        return []

    def own(svc, code: str, folder: Path):  # noqa: ANN001, ANN202
        return township.export_to_village(svc, code, folder, carry=False)

    sent = []
    for outcome in returns.export_many(store.sync, codes, outbox, write=own):
        if outcome.ok:
            for path in outcome.result.parts or (outcome.result.path,):
                sent.append(upload(conn, Path(path), chunk=chunk))
    _settle(outbox, sent)
    return sent


def _settle(outbox: Path, sent: list[Sent]) -> None:
    """Bundles the county imported or refused leave the outbox (kept in outbox/sent)."""
    for s in sent:
        if s.state in ("imported", "rejected") and (outbox / s.name).exists():
            os.replace(outbox / s.name, outbox / "sent" / s.name)


def _returns(store, conn: Connection, inbox: Path, report: SyncReport) -> None:  # noqa: ANN001
    after = int(store.meta.fresh().get(meta.NET_RETURN_AFTER) or 0)
    status, doc = conn.json("GET", f"{p.PREFIX}/returns?after={after}")
    if status != 200:
        raise _refused(status, doc, "回传包列表")
    inbox.mkdir(exist_ok=True)
    for item in doc.get("returns", []):
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
        [result] = store.sync.import_paths([target])
        report.imported.append(result)
        if result.ok:
            target.unlink()
        store.meta.set({meta.NET_RETURN_AFTER: str(item["n"])})
