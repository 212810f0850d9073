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
import os
from collections.abc import Iterable, Iterator
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
STREAM_CHUNK = 1 << 20
ROLES = ("village", "township", "county")


@dataclass(frozen=True)
class Limits:
    """What one bundle may hold (docs/bundle-format.md, "Limits"), enforced while reading.

    Small enough that one bundle, parsed, stays well inside the import's memory target
    whatever it holds (tests/sync/test_hostile.py measures it), large enough for a village
    of 5,000 households (~2.5 KB and ~100 values of JSON each) in a few bundles: the exporter
    splits what would not fit (`export.MAX_REVISIONS_PER_BUNDLE`, `MAX_BYTES_PER_BUNDLE`).
    """

    file: int = 256 * 1024**2        # bytes of the bundle file
    plaintext: int = 24 * 1024**2    # bytes of JSON lines after decompression
    line: int = 8 * 1024**2          # bytes in one line (a form workbook travels in one)
    lines: int = 20_000              # lines, revisions included
    nodes: int = 1_000_000           # JSON values (objects, arrays, members): what parsing costs
    depth: int = 16                  # nesting of a non-revision line (revisions: sync.schema)
    seq_gap: int = 10_000            # a sequence number this far past the device's last


LIMITS = Limits()


class BundleRejected(MopaiError):
    """A bundle refused on import; `reason` is a stable code, the message names the problem."""

    exit_code = 1
    code = "bundle_rejected"

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
        "too_large": ("数据包超出限制，已拒收", "the bundle exceeds a limit and was refused"),
        "sequence_gap": ("数据包序号远超该设备已导入的序号，已拒收：请核查该设备",
                         "the bundle's sequence number is far beyond the device's last one; "
                         "investigate the device"),
        "failed": ("数据包无法导入（内部错误），已拒收，其他数据包不受影响；请把此文件交给县里技术人员",
                   "the bundle could not be imported (internal error) and was refused; other "
                   "bundles are not affected; give this file to the county's technician"),
        "bad_settings": ("回传包中的统计口径不合法，整个回传包未导入，本地口径未变；请联系县里",
                         "the county settings in the return bundle are invalid; nothing of the "
                         "bundle was imported and the settings here are unchanged; contact the "
                         "county"),
        "bad_form": ("回传包中的问卷工作簿不能使用，整个回传包未导入，本地问卷未变；请联系县里",
                     "the form workbook in the return bundle cannot be used; nothing of the "
                     "bundle was imported and the form here is unchanged; contact the county"),
        "unknown_township": ("本村还不认识所属乡镇的设备，不能导入乡镇的回传包：请先导入县里最新的回传包",
                             "this village does not know its township's device yet; import the "
                             "county's latest return bundle first"),
        "wrong_township": ("这个回传包不是本村所属乡镇的设备签发的，已拒收",
                           "this return bundle was not signed by this village's township device"),
        "township_content": ("乡镇的回传包只能带乡镇对本村农户的审核意见，不能带修订或其他内容，已拒收",
                             "a township's return bundle may carry only the township's review "
                             "decisions on this village's households; it was refused"),
    }

    def __init__(self, reason: str, detail: str = "", *, where: str | None = None) -> None:
        zh, en = self.REASONS[reason]
        if detail:
            zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
        super().__init__(zh, en, where=where, code=f"bundle_{reason}")
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
    if not (isinstance(h, dict) and h["kind"] in ("data", "return") and type(h["seq"]) is int
            and 1 <= h["seq"] <= 2**53 and h["sender"].get("role") in ROLES
            and isinstance(h["bundle_id"], str) and isinstance(h["recipients"], list)
            and isinstance(h["payload"]["size"], int) and isinstance(h["payload"]["sha256"], str)
            and isinstance(h["sender"]["device_id"], str) and isinstance(h["sender"]["code"], str)):
        raise ValueError("header shape")
    if not (len(h["bundle_id"]) <= 64 and len(h["sender"]["device_id"]) <= 64
            and len(h["sender"]["code"]) <= 12 and isinstance(h["created_at"], str)
            and len(h["created_at"]) <= 40 and len(h["recipients"]) <= 16
            and isinstance(h.get("target"), str) and len(h["target"]) <= 12):
        raise ValueError("header sizes")
    for r in h["recipients"]:
        if not (isinstance(r["age"], str) and len(r["age"]) <= 128):
            raise ValueError("recipient")


def read(path: Path, limits: Limits | None = None) -> RawBundle:
    limits = limits or LIMITS
    too_large = BundleRejected("too_large", f"文件超过 {limits.file >> 20} MiB / file larger "
                               f"than {limits.file >> 20} MiB", where=str(path))
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limits.file:
                raise too_large
            data = _read_bounded(f, size, limits.file)
    except OSError as exc:
        raise BundleRejected("not_a_bundle", str(exc), where=str(path)) from None
    if data is None:
        raise too_large
    try:
        return parse(data)
    except BundleRejected as exc:
        exc.where = str(path)
        raise


def _read_bounded(f: Any, size: int, limit: int) -> bytes | None:
    """The file's bytes, or None past `limit`. It is read for the size it has (`f.read(limit)`
    would set aside `limit` bytes first: on Windows, committed memory, for every bundle); a
    file still growing is read on a chunk at a time."""
    data = f.read(size + 1)
    if len(data) <= size:
        return data
    more = bytearray(data)
    while len(more) <= limit:
        chunk = f.read(min(STREAM_CHUNK, limit + 1 - len(more)))
        if not chunk:
            return bytes(more)
        more += chunk
    return None


def decrypt(raw: RawBundle, identity: Identity, limits: Limits | None = None
            ) -> list[dict[str, Any]]:
    """The bundle's lines, decrypted, checked and parsed (`decrypt_lines`, `parse_lines`)."""
    return parse_lines(decrypt_lines(raw, identity, limits), limits)


def decrypt_lines(raw: RawBundle, identity: Identity, limits: Limits | None = None
                  ) -> list[bytes]:
    """Decrypt, then decompress and split the lines as they stream out, refusing a bundle the
    moment it passes a limit (never after reading everything: size, line length, lines, and
    the values parsing would make, counted from the bytes); check the manifest binds the
    lines to this header. The lines stay bytes: what holds them ahead of the merge, or sends
    them to another process, pays for no parsed values."""
    limits = limits or LIMITS
    try:
        compressed = pyrage.decrypt(raw.payload, [identity.age_identity])
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise BundleRejected("not_addressed") from None
        raise BundleRejected("tampered", "解密失败 / decryption failed") from None
    lines: list[bytes] = []
    digest = hashlib.sha256()
    held: bytes | None = None  # the last line seen: the manifest if nothing follows it
    nodes = 0
    try:
        for line in _stream_lines(compressed, limits):
            if held is not None:
                digest.update(held)
            held = line + b"\n"
            if not line:
                continue
            if len(lines) >= limits.lines:
                raise _too_large(f"超过 {limits.lines} 行 / more than {limits.lines} lines")
            # Every value but a container's first follows a comma: an upper bound of what
            # parsing the line makes, counted in C before it is parsed.
            nodes += line.count(b",") + line.count(b"[") + line.count(b"{") + 1
            if nodes > limits.nodes:
                raise _too_large(f"超过 {limits.nodes} 个值 / more than {limits.nodes} values")
            lines.append(line)
        manifest = _parse(lines[-1]) if lines else None
    except zstandard.ZstdError:
        raise BundleRejected("damaged_payload") from None
    if manifest is None or manifest.get("t") != "manifest":
        raise BundleRejected("damaged_payload", "no manifest")
    if (manifest.get("bundle_id") != raw.header["bundle_id"]
            or manifest.get("lines_sha256") != digest.hexdigest()):
        raise BundleRejected("tampered", "manifest does not match")
    return lines


def parse_lines(lines: list[bytes], limits: Limits | None = None) -> list[dict[str, Any]]:
    """Each line as a JSON object; revisions are bounded by the strict schema afterwards,
    every other line by nesting depth here."""
    limits = limits or LIMITS
    out = [_parse(line) for line in lines]
    for value in out:
        if value.get("t") != "rev" and _depth(value) > limits.depth:
            raise BundleRejected("damaged_payload", "嵌套过深 / nested too deep")
    return out


def _parse(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except RecursionError:
        raise BundleRejected("damaged_payload", "嵌套过深 / nested too deep") from None
    except (ValueError, UnicodeDecodeError):
        raise BundleRejected("damaged_payload") from None
    if not isinstance(value, dict):
        raise BundleRejected("damaged_payload", "not an object")
    return value


def _too_large(detail: str) -> BundleRejected:
    return BundleRejected("too_large", detail)


def _stream_lines(compressed: bytes, limits: Limits) -> Iterator[bytes]:
    """The plaintext's lines (without their b"\\n"), decompressed a chunk at a time. Split on
    b"\\n" only: JSON written with ensure_ascii=False may hold U+2028 in text."""
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(compressed))
    pending = bytearray()
    total = 0
    while True:
        chunk = reader.read(STREAM_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limits.plaintext:
            raise _too_large(f"解压后超过 {limits.plaintext >> 20} MiB / "
                             f"more than {limits.plaintext >> 20} MiB of content")
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            pending += chunk[start:end]
            if len(pending) > limits.line:
                raise _long_line(limits)
            yield bytes(pending)
            pending.clear()
            start = end + 1
        pending += chunk[start:]
        if len(pending) > limits.line:
            raise _long_line(limits)
    if pending:
        yield bytes(pending)


def _long_line(limits: Limits) -> BundleRejected:
    return _too_large(f"一行超过 {limits.line >> 20} MiB / a line longer than "
                      f"{limits.line >> 20} MiB")


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest
