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
    der = x509.load_pem_x509_certificate(cert_path.read_bytes()).public_bytes(
        serialization.Encoding.DER)
    return ServerCert(cert_path, key_path, password, fingerprint(der))


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
    not is refused by its own client, with the advice to enrol again."""
    _county(store)
    folder = store.workspace.home / FOLDER
    current = ensure(store)
    if not (folder / NEXT_CERT).exists() or not store.meta.fresh().get(meta.SERVER_CERT_NEXT):
        raise InputError("还没有准备新证书：先运行 mopai net rollover，让设备在切换前收到新证书",
                         "no next certificate yet: run `mopai net rollover` first, so devices "
                         "learn it before the switch")
    nxt = _load(folder / NEXT_CERT, folder / NEXT_KEY, current.key_password)
    # Copies, each written atomically, the next files removed last: a switch cut halfway
    # leaves them, and running it again finishes it (never a certificate made anew).
    if current.fingerprint != nxt.fingerprint:
        for src, dst in ((CERT, OLD_CERT), (KEY, OLD_KEY)):
            write_atomic(folder / dst, (folder / src).read_bytes(), mode=0o600)
    for src, dst in ((NEXT_KEY, KEY), (NEXT_CERT, CERT)):
        write_atomic(folder / dst, (folder / src).read_bytes(),
                     mode=0o600 if dst == KEY else 0o644)
    store.meta.set({meta.SERVER_CERT: nxt.fingerprint, meta.SERVER_CERT_NEXT: ""})
    for name in (NEXT_CERT, NEXT_KEY):
        (folder / name).unlink()
    store.audit.log("server_certificate_switched", store.user, certificate=nxt.fingerprint,
                    previous=current.fingerprint)
    return _load(folder / CERT, folder / KEY, current.key_password)


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
