"""The bundle file: signed header, age-encrypted payload of zstd-compressed JSON lines.

Layout (docs/bundle-format.md is the reference)::

    MOPAI-BUNDLE 1\\n                         magic and format version
    <header: canonical JSON, one line>\\n     names bundle, sender, sequence, recipients, payload
    <base64 Ed25519 signature>\\n             over the two lines above, by the sending device
    <age v1 ciphertext>                      exactly header.payload.size bytes, SHA-256 in header

Encryption is age (X25519 recipients, ChaCha20-Poly1305 STREAM in 64 KiB chunks) through
pyrage: a standard, reviewed format. The signature covers the header, the header covers the
ciphertext's hash and size, so a relay cannot alter, truncate, extend or reorder anything
without the importer noticing before it decrypts. The payload's manifest repeats the bundle
id and hashes the lines before it, binding the plaintext to this header too.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import zstandard

from .device import Identity, canonical, verify
from .errors import MopaiError

MAGIC = "MOPAI-BUNDLE"
VERSION = 1
SUFFIX = ".mopai"
ZSTD_LEVEL = 3
MAX_PLAINTEXT = 4 * 1024**3  # a FAT32 file cannot be larger; anything bigger is a bomb


class BundleRejected(MopaiError):
    """A bundle refused on import; `reason` is a stable code, the message names the problem."""

    exit_code = 1

    REASONS = {
        "not_a_bundle": ("这不是 Mopai 数据包", "this is not a Mopai bundle"),
        "unsupported_version": ("数据包格式版本不受支持，请升级 Mopai",
                                "the bundle format version is not supported; upgrade Mopai"),
        "truncated": ("数据包不完整（被截断），请让对方重新导出",
                      "the bundle is truncated; ask the sender to export again"),
        "tampered": ("数据包已被改动或损坏（签名或校验值不符），已拒收",
                     "the bundle was altered or damaged (signature or hash mismatch)"),
        "unknown_device": ("发送设备未在本县登记", "the sending device is not enrolled here"),
        "revoked_device": ("发送设备已被吊销", "the sending device has been revoked"),
        "wrong_village": ("数据包的村与设备登记的村不符", "the bundle's village is not the one "
                          "the device was enrolled for"),
        "not_addressed": ("数据包不是发给本工作区的", "the bundle is not addressed to this workspace"),
        "cloned_device": ("同一设备的同一序号已导入过另一个数据包：可能是被复制的设备，请核查",
                          "another bundle with this device and sequence number was already "
                          "imported: possibly a cloned device; investigate"),
        "wrong_kind": ("此工作区不能导入这种数据包", "this workspace cannot import this kind of bundle"),
        "not_enrolled": ("本设备尚未登记，不能导入县里的回传包",
                         "this device is not enrolled yet; it cannot import return bundles"),
        "wrong_sender": ("回传包不是本县签发的", "the return bundle was not signed by this county"),
        "damaged_payload": ("数据包内容无法读取", "the bundle content cannot be read"),
        "bad_settings": ("回传包中的统计口径不合法，整个回传包未导入，本地口径未变；请联系县里",
                         "the county settings in the return bundle are invalid; nothing of the "
                         "bundle was imported and the settings here are unchanged; contact the "
                         "county"),
    }

    def __init__(self, reason: str, detail: str = "", *, where: str | None = None) -> None:
        zh, en = self.REASONS[reason]
        if detail:
            zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
        super().__init__(zh, en, where=where)
        self.reason = reason


@dataclass(frozen=True)
class RawBundle:
    header: dict[str, Any]
    signed: bytes
    signature: bytes
    payload: bytes
    file_sha256: str

    @property
    def sender(self) -> dict[str, Any]:
        return self.header["sender"]

    def check_signature(self, sign_pub: str) -> None:
        if not verify(sign_pub, self.signature, self.signed):
            raise BundleRejected("tampered", "签名无效 / bad signature")

    def check_payload(self) -> None:
        spec = self.header["payload"]
        if len(self.payload) < spec["size"]:
            raise BundleRejected("truncated", f"{len(self.payload)} < {spec['size']} bytes")
        if len(self.payload) > spec["size"]:
            raise BundleRejected("tampered", "文件尾部多出数据 / extra bytes at the end")
        if hashlib.sha256(self.payload).hexdigest() != spec["sha256"]:
            raise BundleRejected("tampered", "内容校验值不符 / payload hash mismatch")


def file_name(code: str, device_id: str, seq: int, date: str, kind: str = "data") -> str:
    """FAT32-, exFAT- and Windows-safe: ASCII letters, digits and hyphens only, short. The
    device's first 8 hex digits keep two laptops of one village apart on one stick."""
    stem = "mopai" if kind == "data" else "mopai-return"
    device = "".join(c for c in device_id if c.isalnum())[:8].lower()
    return f"{stem}-{code}-{device}-{seq:06d}-{date.replace('-', '')[:8]}{SUFFIX}"


# -- writing -----------------------------------------------------------------------------------
def encode_lines(lines: Iterable[dict[str, Any]], manifest: dict[str, Any]) -> bytes:
    """JSON lines (UTF-8 kept), the manifest last with the hash of every line before it."""
    digest = hashlib.sha256()
    out = io.BytesIO()
    for line in lines:
        data = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        digest.update(data)
        out.write(data)
    manifest = dict(manifest, t="manifest", lines_sha256=digest.hexdigest())
    out.write(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(out.getvalue())


def seal(header: dict[str, Any], plaintext: bytes, identity: Identity) -> bytes:
    """Encrypt to every recipient named in the header and sign the header."""
    recipients = [pyrage.x25519.Recipient.from_str(r["age"]) for r in header["recipients"]]
    payload = pyrage.encrypt(plaintext, recipients)
    header = dict(header, payload={"sha256": hashlib.sha256(payload).hexdigest(),
                                   "size": len(payload), "encoding": "age-v1/zstd/jsonl"})
    head = f"{MAGIC} {VERSION}\n".encode("ascii") + canonical(header) + b"\n"
    return head + base64.b64encode(identity.sign(head)) + b"\n" + payload


# -- reading -----------------------------------------------------------------------------------
def parse(data: bytes) -> RawBundle:
    """Split a bundle into its parts; format problems become BundleRejected."""
    file_sha256 = hashlib.sha256(data).hexdigest()
    magic_line = f"{MAGIC} ".encode("ascii")
    first, sep, rest = data.partition(b"\n")
    if not sep:
        if magic_line.startswith(first[:len(magic_line)]) and len(first) < len(magic_line) + 8:
            raise BundleRejected("truncated" if first else "not_a_bundle")
        raise BundleRejected("not_a_bundle")
    if not first.startswith(magic_line):
        raise BundleRejected("not_a_bundle")
    version = first[len(magic_line):].decode("ascii", "replace")
    if version != str(VERSION):
        raise BundleRejected("unsupported_version", f"{version!r}")
    header_line, sep, rest = rest.partition(b"\n")
    if not sep:
        raise BundleRejected("truncated", "header")
    sig_line, sep, payload = rest.partition(b"\n")
    if not sep:
        raise BundleRejected("truncated", "signature")
    try:
        header = json.loads(header_line.decode("utf-8"))
        signature = base64.b64decode(sig_line, validate=True)
        _check_header_shape(header)
    except (ValueError, TypeError, KeyError):
        raise BundleRejected("tampered", "header unreadable") from None
    return RawBundle(header, first + b"\n" + header_line + b"\n", signature, payload, file_sha256)


def _check_header_shape(h: dict[str, Any]) -> None:
    if not (isinstance(h, dict) and h["kind"] in ("data", "return") and isinstance(h["seq"], int)
            and isinstance(h["bundle_id"], str) and isinstance(h["recipients"], list)
            and isinstance(h["payload"]["size"], int) and isinstance(h["payload"]["sha256"], str)
            and isinstance(h["sender"]["device_id"], str) and isinstance(h["sender"]["code"], str)):
        raise ValueError("header shape")
    for r in h["recipients"]:
        if not isinstance(r["age"], str):
            raise ValueError("recipient")


def read(path: Path) -> RawBundle:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BundleRejected("not_a_bundle", str(exc), where=str(path)) from None
    try:
        return parse(data)
    except BundleRejected as exc:
        exc.where = str(path)
        raise


def decrypt(raw: RawBundle, identity: Identity) -> list[dict[str, Any]]:
    """Decrypt, decompress and parse the lines; check the manifest binds them to this header."""
    try:
        plaintext = pyrage.decrypt(raw.payload, [identity.age_identity])
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise BundleRejected("not_addressed") from None
        raise BundleRejected("tampered", "解密失败 / decryption failed") from None
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(plaintext))
        body = reader.read(MAX_PLAINTEXT + 1)
        if len(body) > MAX_PLAINTEXT:
            raise ValueError("too large")
        # Split on b"\n" only: JSON written with ensure_ascii=False may hold U+2028 in text.
        lines = [json.loads(line) for line in body.split(b"\n") if line]
    except (zstandard.ZstdError, ValueError, UnicodeDecodeError):
        raise BundleRejected("damaged_payload") from None
    if not lines or not isinstance(lines[-1], dict) or lines[-1].get("t") != "manifest":
        raise BundleRejected("damaged_payload", "no manifest")
    manifest = lines[-1]
    before = body[:body.rstrip(b"\n").rfind(b"\n") + 1]
    if (manifest.get("bundle_id") != raw.header["bundle_id"]
            or manifest.get("lines_sha256") != hashlib.sha256(before).hexdigest()):
        raise BundleRejected("tampered", "manifest does not match")
    return lines
