"""Device identity: an Ed25519 key to sign, an age X25519 identity to receive.

Every workspace has one of each, made on first use and kept in the encrypted store (table
`secret`), so a stolen laptop without a passphrase gives neither away. A store on a database
server is not encrypted by us, so there each value is sealed with AES-256-GCM under the
workspace's data key (the secret's name is the associated data, so values cannot be swapped);
`_seal` and `_open` are the only places a secret is written or read. At a county they are
the county's keys; at a village or township they are the device's keys, certified by the
county at enrolment. Public keys travel as hex (Ed25519) and ``age1…`` strings (X25519).

Small signed documents (enrolment request and setup files, key backups) share one text
layout: ``<MAGIC> <version>\\n<canonical JSON>\\n<base64 Ed25519 signature of both lines>\\n``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, insert, select

from . import meta
from .errors import InputError, StoreError
from .models import Secret
from .record import utc_now

SIGN_KEY = "sign_key"
AGE_IDENTITY = "age_identity"
SEALED = "aesgcm1:"  # prefix of a sealed value: base64 of nonce (12 bytes) + ciphertext + tag


@dataclass(frozen=True)
class Identity:
    sign_key: Ed25519PrivateKey
    age_identity: pyrage.x25519.Identity

    @property
    def sign_pub(self) -> str:
        return self.sign_key.public_key().public_bytes_raw().hex()

    @property
    def age_recipient(self) -> str:
        return str(self.age_identity.to_public())

    def sign(self, data: bytes) -> bytes:
        return self.sign_key.sign(data)

    def export(self) -> dict[str, str]:
        return {SIGN_KEY: self.sign_key.private_bytes_raw().hex(),
                AGE_IDENTITY: str(self.age_identity)}

    @classmethod
    def from_export(cls, doc: dict[str, str]) -> Identity:
        return cls(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(doc[SIGN_KEY])),
                   pyrage.x25519.Identity.from_str(doc[AGE_IDENTITY]))


# -- the secret table ---------------------------------------------------------------------
# `key` is the workspace data key on a server store and None on SQLCipher (whose whole file is
# encrypted under that key already): the caller passes `store.secret_key`.
def _seal(key: bytes | None, name: str, value: str) -> str:
    if key is None:
        return value
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), name.encode("utf-8"))
    return SEALED + base64.b64encode(nonce + sealed).decode("ascii")


def _open(key: bytes | None, name: str, stored: str) -> str:
    if key is None:
        return stored
    try:
        if not stored.startswith(SEALED):
            raise ValueError("not sealed")
        raw = base64.b64decode(stored[len(SEALED):], validate=True)
        return AESGCM(key).decrypt(raw[:12], raw[12:], name.encode("utf-8")).decode("utf-8")
    except (InvalidTag, ValueError):
        raise StoreError(
            f"数据库中的密钥“{name}”无法解开：数据库与此工作区的密钥文件不配套，或已被改动",
            f"the stored secret {name!r} cannot be opened: the database does not belong to "
            "this workspace's key file, or it was altered",
        ) from None


def _read_secrets(conn, key: bytes | None) -> dict[str, str]:  # noqa: ANN001 - Connection
    return {name: _open(key, name, value)
            for name, value in conn.execute(select(Secret.name, Secret.value)).all()}


def _secret_rows(key: bytes | None, values: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": _seal(key, k, v)} for k, v in values.items()]


def check_secrets(engine: Engine, key: bytes | None) -> list[str]:
    """Secrets that do not open (integrity check of a server store)."""
    problems = []
    with engine.connect() as conn:
        for name, value in conn.execute(select(Secret.name, Secret.value)).all():
            try:
                _open(key, name, value)
            except StoreError as exc:
                problems.append(exc.en)
    return problems


def load_or_create(engine: Engine, key: bytes | None = None) -> Identity:
    """This workspace's keys, made (once, in one transaction) the first time they are needed."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        have = _read_secrets(conn, key)
        if SIGN_KEY not in have or AGE_IDENTITY not in have:
            fresh = Identity(Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate())
            new = {k: v for k, v in fresh.export().items() if k not in have}
            conn.execute(insert(Secret.__table__), _secret_rows(key, new))
            have.update(new)
            # new keys: a county's earlier key backup no longer holds them (the reminder)
            meta.put(conn, {meta.KEYS_CHANGED_AT: utc_now()})
    return Identity.from_export(have)


def secret(engine: Engine, key: bytes | None, name: str, make: Callable[[], str]) -> str:
    """A named secret of the workspace (e.g. the TLS key's passphrase, sync/net/tls.py),
    made once by `make` and kept like the keys."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        row = conn.execute(select(Secret.value).where(Secret.name == name)).first()
        if row is not None:
            return _open(key, name, row[0])
        value = make()
        conn.execute(insert(Secret.__table__), _secret_rows(key, {name: value}))
    return value


def replace_identity(engine: Engine, identity: Identity, key: bytes | None = None) -> None:
    """Install keys restored from a backup (a county rebuilding its workspace)."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        conn.execute(Secret.__table__.delete().where(Secret.name.in_([SIGN_KEY, AGE_IDENTITY])))
        conn.execute(insert(Secret.__table__), _secret_rows(key, identity.export()))


def verify(sign_pub_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_pub_hex)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def fingerprint(sign_pub: str, age_recipient: str) -> str:
    """What a person reads over the telephone: 8 groups of 4 hex digits of a SHA-256."""
    digest = hashlib.sha256(f"mopai-key|{sign_pub}|{age_recipient}".encode()).hexdigest()
    return " ".join(digest[i:i + 4].upper() for i in range(0, 32, 4))


def qr_text(data: str) -> str:
    """A QR code drawn with half-block characters, for a terminal or a plain-text slip."""
    import qrcode  # start-up: only when a code is drawn

    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    chars = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    lines = []
    for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True):
        lines.append("".join(chars[(a, b)] for a, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


# -- signed documents --------------------------------------------------------------------------
def canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def write_signed(magic: str, version: int, doc: dict[str, Any], identity: Identity) -> bytes:
    head = f"{magic} {version}\n".encode("ascii") + canonical(doc) + b"\n"
    return head + base64.b64encode(identity.sign(head)) + b"\n"


def read_signed(path: Path, magic: str, version: int | tuple[int, ...], what_zh: str,
                what_en: str) -> tuple[dict[str, Any], bytes, bytes]:
    """Parse a signed document of one of the ``version``s; return (doc, signed bytes,
    signature). The caller verifies (and reads the version from the signed bytes' first
    line, `signed_version`, when it accepts several)."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取{what_zh}", f"cannot read the {what_en}: {exc}", where=where) from None
    lines = raw.split(b"\n")
    first = lines[0].decode("ascii", "replace").split(" ")
    if len(first) != 2 or first[0] != magic:
        raise InputError(f"这不是{what_zh}", f"this is not a {what_en}", where=where)
    if first[1] not in {str(v) for v in (version if isinstance(version, tuple) else (version,))}:
        raise InputError(f"{what_zh}版本 {first[1]} 不受支持，请升级 Mopai",
                         f"{what_en} version {first[1]} is not supported; upgrade Mopai", where=where)
    if len(lines) < 3:
        raise InputError(f"{what_zh}不完整（被截断）", f"the {what_en} is truncated", where=where)
    try:
        doc = json.loads(lines[1].decode("utf-8"))
        signature = base64.b64decode(lines[2], validate=True)
    except ValueError:
        raise InputError(f"{what_zh}已损坏", f"the {what_en} is damaged", where=where) from None
    return doc, lines[0] + b"\n" + lines[1] + b"\n", signature


def signed_version(signed: bytes) -> int:
    """The version on the first line of a document `read_signed` accepted."""
    return int(signed.split(b"\n", 1)[0].split(b" ")[1])
