"""The county server's own TLS certificate, pinned by devices at enrolment.

Made with `cryptography` the first time the county sets its address or serves: an ECDSA
P-256 key and a self-signed certificate valid for ten years, kept in the county workspace
folder under ``net/``. The certificate is public (``server.crt``); the key
(``server.key``) is written encrypted (PKCS#8, AES-256) under a random passphrase kept in the
encrypted store (secret ``tls_key``), so nothing secret lies in plaintext beside the store.
Devices do not trust any authority: they compare the SHA-256 of the certificate the server
presents with the one their setup file carried (`fingerprint`), before sending a byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .. import meta
from ..atomic import write_atomic
from ..device import secret
from ..enrol import server_info
from ..errors import InputError

FOLDER = "net"
CERT = "server.crt"
KEY = "server.key"
NEXT_CERT, NEXT_KEY = "next.crt", "next.key"      # made ahead of a switch (`prepare_next`)
OLD_CERT, OLD_KEY = "previous.crt", "previous.key"  # kept after a switch, never served
KEY_SECRET = "tls_key"
YEARS = 10


@dataclass(frozen=True)
class ServerCert:
    cert: Path
    key: Path
    key_password: str
    fingerprint: str  # SHA-256 of the certificate (DER), hex


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def show(fp: str) -> str:
    """For people: 8 groups of 8 hex digits."""
    return " ".join(fp[i:i + 8].upper() for i in range(0, len(fp), 8))


def ensure(store, names: tuple[str, ...] = ()) -> ServerCert:  # noqa: ANN001 - sync.store.Store
    """The county's certificate and key, made on first use (`names`: host names or IP
    addresses put in the certificate, for tools that look; devices pin the hash)."""
    if store.workspace.role == "county" and store.meta.fresh().get(meta.CERT_SWITCH):
        return _finish_switch(store)  # a switch a killed process left unfinished
    folder = store.workspace.home / FOLDER
    folder.mkdir(exist_ok=True)
    password = secret(store.engine, store.secret_key, KEY_SECRET, lambda: secrets.token_hex(32))
    cert_path, key_path = folder / CERT, folder / KEY
    if not (cert_path.exists() and key_path.exists()):
        _make(store, cert_path, key_path, password, names)
    return _load(cert_path, key_path, password)


def _make(store, cert_path: Path, key_path: Path, password: str,  # noqa: ANN001
          names: tuple[str, ...]) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                         f"Mopai county {store.workspace.code}")])
    alt: list[x509.GeneralName] = []
    for n in names or ("localhost",):
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(n)))
        except ValueError:
            alt.append(x509.DNSName(n))
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * YEARS))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .sign(key, hashes.SHA256()))
    write_atomic(key_path, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode())), mode=0o600)
    write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM), mode=0o644)


def _load(cert_path: Path, key_path: Path, password: str) -> ServerCert:
    return ServerCert(cert_path, key_path, password, fingerprint(_der(cert_path)))


def _names(store) -> tuple[str, ...]:  # noqa: ANN001
    """The host of the address devices use (put in a new certificate, for tools that look)."""
    url = store.meta.fresh().get(meta.SERVER_URL) or ""
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    return (host,) if host else ()


# -- replacing the certificate (docs/sync.md, "Replacing the certificate") -------------------
def prepare_next(store) -> ServerCert:  # noqa: ANN001 - sync.store.Store
    """County: make the next certificate ahead of the switch (once; again it is the same).
    Its SHA-256 goes to every device from now on — in each return bundle (signed by the
    county) and in the server's `hello` (over the connection the current certificate
    pins) — and devices pin it beside the current one."""
    _county(store)
    current = ensure(store)
    folder = current.cert.parent
    cert_path, key_path = folder / NEXT_CERT, folder / NEXT_KEY
    if not (cert_path.exists() and key_path.exists()):
        _make(store, cert_path, key_path, current.key_password, _names(store))
    nxt = _load(cert_path, key_path, current.key_password)
    if store.meta.fresh().get(meta.SERVER_CERT_NEXT) != nxt.fingerprint:
        store.meta.set({meta.SERVER_CERT_NEXT: nxt.fingerprint})
        store.audit.log("server_certificate_next", store.user, certificate=nxt.fingerprint)
    return nxt


def switch(store) -> ServerCert:  # noqa: ANN001 - sync.store.Store
    """County: serve the next certificate from now on (restart `mopai serve`). Setup files
    pin it from now on; a device that pinned it during the overlap follows; one that did
    not is refused by its own client, with the advice to enrol again.

    Atomic by a write-ahead marker: the store is written first, in one transaction (the new
    pin, the announcement withdrawn, the marker naming both certificates, the audit row);
    then the files are put in place, each step skipped when done. A process killed anywhere
    leaves the marker, and the next `ensure` (every `mopai serve`, `mopai net …`) or running
    the switch again finishes it — never a certificate made anew, never a key that does
    not match its certificate."""
    _county(store)
    if store.meta.fresh().get(meta.CERT_SWITCH):
        return _finish_switch(store)
    folder = store.workspace.home / FOLDER
    current = ensure(store)
    if not (folder / NEXT_CERT).exists() or not store.meta.fresh().get(meta.SERVER_CERT_NEXT):
        raise InputError("还没有准备新证书：先运行 mopai net rollover，让设备在切换前收到新证书",
                         "no next certificate yet: run `mopai net rollover` first, so devices "
                         "learn it before the switch")
    nxt = _load(folder / NEXT_CERT, folder / NEXT_KEY, current.key_password)
    values = {meta.SERVER_CERT: nxt.fingerprint, meta.SERVER_CERT_NEXT: "",
              meta.CERT_SWITCH: json.dumps({"next": nxt.fingerprint,
                                            "previous": current.fingerprint})}
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        meta.put(conn, values)
        store.audit.log_in(conn, "server_certificate_switched", store.user,
                           certificate=nxt.fingerprint, previous=current.fingerprint)
    store.meta.remember(values)
    return _finish_switch(store)


def _finish_switch(store) -> ServerCert:  # noqa: ANN001
    """Put a recorded switch's files in place (meta `cert_switch`), from wherever a killed
    process left them. Each pair is written key first, certificate last, and a step is
    known done by its certificate's hash: the previous pair is copied before the served
    pair is touched, the next files are removed only once served, the marker last."""
    plan = json.loads(store.meta.fresh()[meta.CERT_SWITCH])
    folder = store.workspace.home / FOLDER
    password = secret(store.engine, store.secret_key, KEY_SECRET, lambda: secrets.token_hex(32))

    def is_(name: str, fp: str) -> bool:
        path = folder / name
        return path.exists() and fingerprint(_der(path)) == fp

    if is_(CERT, plan["previous"]) and plan["previous"] != plan["next"] \
            and not is_(OLD_CERT, plan["previous"]):
        write_atomic(folder / OLD_KEY, (folder / KEY).read_bytes(), mode=0o600)
        write_atomic(folder / OLD_CERT, (folder / CERT).read_bytes(), mode=0o600)
    if not is_(CERT, plan["next"]):
        if not is_(NEXT_CERT, plan["next"]) or not (folder / NEXT_KEY).exists():
            raise InputError(f"证书切换未完成，且找不到新证书（{folder / NEXT_CERT}）：请从备份恢复 net 文件夹",
                             f"a certificate switch is unfinished and the next certificate "
                             f"({folder / NEXT_CERT}) is gone: restore the net folder from a "
                             "backup")
        write_atomic(folder / KEY, (folder / NEXT_KEY).read_bytes(), mode=0o600)
        write_atomic(folder / CERT, (folder / NEXT_CERT).read_bytes(), mode=0o644)
    for name in (NEXT_KEY, NEXT_CERT):
        (folder / name).unlink(missing_ok=True)
    store.meta.set({meta.CERT_SWITCH: ""})
    return _load(folder / CERT, folder / KEY, password)


def _der(path: Path) -> bytes:
    return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(
        serialization.Encoding.DER)


def _county(store) -> None:  # noqa: ANN001
    if store.workspace.role != "county":
        raise InputError("只有县级工作区能更换同步证书", "only a county replaces its certificate")


def announced(values: dict[str, str]) -> dict[str, str]:
    """What the county tells devices about its certificates (return bundles, `hello`)."""
    return {"cert_sha256": values.get(meta.SERVER_CERT) or "",
            "cert_next": values.get(meta.SERVER_CERT_NEXT) or ""}


def configure(store, url: str) -> ServerCert:  # noqa: ANN001 - sync.store.Store
    """County: the address devices reach its server at (given in every setup file from now
    on, with the certificate's hash), the certificate made if it is not yet."""
    if store.workspace.role != "county":
        raise InputError("只有县级工作区能设置同步服务地址", "only a county sets the sync address")
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    cert = ensure(store, (host,))
    info = server_info({meta.SERVER_URL: url, meta.SERVER_CERT: cert.fingerprint})
    if info is None:
        raise InputError(f"同步服务地址“{url}”不对：应为 https://主机:端口",
                         f"the sync address {url!r} is not https://HOST[:PORT]")
    store.meta.set({meta.SERVER_URL: info["url"], meta.SERVER_CERT: cert.fingerprint})
    store.audit.log("server_address_set", store.user, url=info["url"],
                    certificate=cert.fingerprint)
    return cert
