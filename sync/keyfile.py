"""The key file: the store's random data key, wrapped once per user.

Layout (text, so that it can be inspected and diffed)::

    MOPAI-KEYFILE 1 sha256=<hex of the body>\n
    <JSON body>

The body names the workspace (id, role, code) and holds key slots. A user slot wraps the
256-bit data key with AES-256-GCM under a key derived from the user's passphrase by
Argon2id (random salt; the parameters live in the slot, so they can be raised later without
breaking old slots). The slot's name and the workspace id are the AEAD's associated data, so
a slot cannot be moved to another user or workspace. Changing a passphrase rewrites only that
slot; the data key, and so the store, is unchanged.

Slot kinds: ``user`` here; ``recovery`` (the data key sealed to the county's X25519 key) is
added at enrolment by the sync layer, and unknown kinds are kept as they are.

Every change goes through `KeyFile.changing()`: under the key file's lock (sync/locking.py,
``mopai.keys.lock`` beside it) the file is read again, the change is made to what is there
now, and the result is written atomically (sync/atomic.py). Two processes on one workspace
(the app and the command line, say) therefore never write a copy read before the other's
change: a passphrase changed in one is not reverted by a user added in the other.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from . import passphrase as policy
from .atomic import write_atomic
from .errors import InputError, KeyFileError, UnknownUser, WrongPassphrase
from .locking import locked

MAGIC = "MOPAI-KEYFILE"
VERSION = 1
DATA_KEY_BYTES = 32

# Argon2id parameters for new slots. 64 MiB is the floor the security rules set; 3 passes
# take ~0.2 s on an old laptop, once per unlock.
MIN_MEMORY_KIB = 64 * 1024
DEFAULT_KDF = {"alg": "argon2id", "memory_kib": MIN_MEMORY_KIB, "iterations": 3, "lanes": 4}
ROLES = ("village", "township", "county")
ROLE_ZH = {"village": "村", "township": "乡镇", "county": "县"}
LOCK_WHAT = ("密钥文件", "key file")  # how the lock's messages name it


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normalise_user(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 64 or any(c in name for c in "\r\n\t"):
        raise InputError(f"用户名“{name}”无效：不能为空，最多 64 个字", f"invalid user name {name!r}")
    return name


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    if kdf.get("alg") != "argon2id":
        raise KeyFileError("密钥文件使用了未知的算法", f"unknown key derivation {kdf.get('alg')!r}")
    return Argon2id(
        salt=_unb64(kdf["salt"]),
        length=32,
        iterations=int(kdf["iterations"]),
        lanes=int(kdf["lanes"]),
        memory_cost=int(kdf["memory_kib"]),
    ).derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


@dataclass
class KeyFile:
    """The parsed key file. Mutations happen in memory; `save` writes atomically."""

    path: Path
    workspace_id: str
    role: str
    code: str
    name: str = ""
    slots: list[dict[str, Any]] = field(default_factory=list)

    # -- reading and writing -------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyFile:
        path = Path(path)
        where = str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileError(
                "找不到密钥文件，工作区不完整", "key file not found: the workspace is incomplete",
                where=where,
            ) from None
        header, sep, body = raw.partition(b"\n")
        parts = header.decode("ascii", "replace").split(" ")
        if not sep or len(parts) != 3 or parts[0] != MAGIC or not parts[2].startswith("sha256="):
            raise KeyFileError(
                "密钥文件已损坏或不是 Mopai 密钥文件（请从备份恢复）",
                "key file damaged or not a Mopai key file (restore it from a backup)",
                where=where,
            )
        if parts[1] != str(VERSION):
            raise KeyFileError(
                f"密钥文件版本 {parts[1]} 不受支持，请升级 Mopai",
                f"key file version {parts[1]} is not supported; upgrade Mopai",
                where=where,
            )
        if hashlib.sha256(body).hexdigest() != parts[2][len("sha256="):]:
            raise KeyFileError(
                "密钥文件已损坏或被截断（校验和不符），请从备份恢复；数据库未被改动",
                "key file damaged or truncated (checksum mismatch); restore it from a backup; "
                "the store was not touched",
                where=where,
            )
        try:
            doc = json.loads(body.decode("utf-8"))
            return cls(
                path=path,
                workspace_id=doc["workspace_id"],
                role=doc["role"],
                code=doc["code"],
                name=doc.get("name", ""),
                slots=list(doc["slots"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(
                "密钥文件内容无法读取", f"key file content unreadable: {exc}", where=where
            ) from None

    def to_bytes(self) -> bytes:
        body = json.dumps(
            {
                "workspace_id": self.workspace_id,
                "role": self.role,
                "code": self.code,
                "name": self.name,
                "slots": self.slots,
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8")
        header = f"{MAGIC} {VERSION} sha256={hashlib.sha256(body).hexdigest()}\n"
        return header.encode("ascii") + body

    def save(self) -> None:
        """Write this copy as it is, under the lock: for a new key file (or a copy made on
        purpose, e.g. in tests). To change an existing one, use `changing()`, which does not
        lose what another process wrote since this copy was read."""
        with locked(self.path, what=LOCK_WHAT):
            write_atomic(self.path, self.to_bytes())

    @contextmanager
    def changing(self) -> Iterator[KeyFile]:
        """Change the key file as it is on disk now, not as this copy read it.

        Takes the file's lock (`LockBusy` past sync/locking.TIMEOUT, nothing changed), reads
        the file again and yields that fresh copy: make the change on it (unwrap with it too,
        so an old passphrase is checked against the current slot). When the block ends without
        an error, the fresh copy is written atomically before the lock is released, and this
        object takes its content. On an error nothing is written."""
        with locked(self.path, what=LOCK_WHAT):
            fresh = KeyFile.load(self.path)
            if fresh.workspace_id != self.workspace_id:
                raise KeyFileError(
                    "密钥文件已被换成另一个工作区的，未做任何改动", "the key file was replaced by "
                    "another workspace's; nothing was changed", where=str(self.path))
            yield fresh
            write_atomic(self.path, fresh.to_bytes())
        self.adopt(fresh)

    def reload(self) -> None:
        """Take what the file holds now (another process may have changed it)."""
        self.adopt(KeyFile.load(self.path))

    def adopt(self, other: KeyFile) -> None:
        self.workspace_id, self.role, self.code = other.workspace_id, other.role, other.code
        self.name, self.slots = other.name, [dict(s) for s in other.slots]

    # -- users ---------------------------------------------------------------------------
    def users(self) -> list[str]:
        return [s["name"] for s in self.slots if s.get("kind") == "user"]

    def _slot(self, user: str) -> dict[str, Any]:
        user = normalise_user(user)
        for slot in self.slots:
            if slot.get("kind") == "user" and slot["name"] == user:
                return slot
        raise UnknownUser(f"没有名为“{user}”的用户", f"no user named {user!r}", where=str(self.path))

    def _aad(self, user: str) -> bytes:
        return f"{MAGIC}|{self.workspace_id}|user|{user}".encode()

    def _seal(self, user: str, passphrase: str, data_key: bytes) -> dict[str, Any]:
        kdf = dict(DEFAULT_KDF, salt=_b64(secrets.token_bytes(16)))
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(_derive(passphrase, kdf)).encrypt(nonce, data_key, self._aad(user))
        return {"kind": "user", "name": user, "kdf": kdf, "nonce": _b64(nonce),
                "wrapped": _b64(wrapped), "changed": _now()}

    def unwrap(self, user: str, passphrase: str) -> bytes:
        """Return the data key, or raise WrongPassphrase."""
        slot = self._slot(user)
        try:
            key = AESGCM(_derive(passphrase, slot["kdf"])).decrypt(
                _unb64(slot["nonce"]), _unb64(slot["wrapped"]), self._aad(slot["name"])
            )
        except InvalidTag:
            raise WrongPassphrase(
                f"用户“{slot['name']}”的密码不正确", f"wrong passphrase for user {slot['name']!r}"
            ) from None
        except (KeyError, ValueError) as exc:
            raise KeyFileError(
                f"用户“{slot['name']}”的密钥槽已损坏", f"key slot of {slot['name']!r} damaged: {exc}",
                where=str(self.path),
            ) from None
        if len(key) != DATA_KEY_BYTES:
            raise KeyFileError("密钥槽内容长度不对", "key slot holds a key of the wrong length")
        return key

    def check_new_passphrase(self, user: str, passphrase: str) -> None:
        """The one policy (sync/passphrase.py) for this workspace's role, told who and where."""
        policy.require(passphrase, role=self.role,
                       user_inputs=policy.inputs(user=user, code=self.code, name=self.name))

    def add_user(self, user: str, passphrase: str, data_key: bytes) -> None:
        user = normalise_user(user)
        if user in self.users():
            raise InputError(f"用户“{user}”已存在", f"user {user!r} already exists")
        self.check_new_passphrase(user, passphrase)
        self.slots.append(self._seal(user, passphrase, data_key))

    def set_passphrase(self, user: str, new_passphrase: str, data_key: bytes) -> None:
        slot = self._slot(user)
        self.check_new_passphrase(slot["name"], new_passphrase)
        self.slots[self.slots.index(slot)] = self._seal(slot["name"], new_passphrase, data_key)


def create(path: Path, *, role: str, code: str, name: str, user: str, passphrase: str
           ) -> tuple[KeyFile, bytes]:
    """A new key file with a fresh random data key and its first user."""
    if role not in ROLES:
        raise InputError(f"未知角色“{role}”", f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    kf = KeyFile(path=Path(path), workspace_id=os.urandom(16).hex(), role=role, code=code, name=name)
    kf.add_user(user, passphrase, data_key)
    return kf, data_key
