"""What the county server and a device agree on (docs/sync.md, "Network sync").

Every request carries five headers: the device id, the time (Unix seconds), a random nonce,
the SHA-256 of the body, and an Ed25519 signature by the device's enrolled key over
`signed_string` (method, path with query, those values and the upload headers). The server
checks the device, the signature, the time and the nonce from the headers alone, before it
reads a byte of the body.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Mapping

from ..device import Identity, verify

VERSION = 1
PREFIX = "/v1"
MAGIC = "MOPAI-REQUEST-1"

H_DEVICE = "Mopai-Device"
H_TIME = "Mopai-Time"
H_NONCE = "Mopai-Nonce"
H_BODY = "Mopai-Body-SHA256"
H_SIGNATURE = "Mopai-Signature"
H_OFFSET = "Upload-Offset"
H_LENGTH = "Upload-Length"
H_STATE = "Mopai-State"

SKEW = 300                 # seconds a request's time may differ from the server's clock
NONCE_KEEP = 2 * SKEW      # nonces are remembered this long: older requests are refused anyway
MAX_BODY = 8 * 1024**2     # bytes in one request's body (a bundle travels in several)
CHUNK = 256 * 1024         # what the client sends per request: what a cut may cost
RATE = 600                 # requests per device per minute (all server processes together)
MAX_WAIT = 25              # seconds `GET /uploads/<sha256>?wait=S` may wait for the import
# (under the 30–60 s after which proxies and carrier NATs cut an idle connection; with every
# village waiting a minute for its import, 10 s made two thirds of the server's requests)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# Error codes in a refusal's JSON body (`{"error", "message_zh", "message_en"}`).
ERRORS: dict[str, tuple[int, str, str]] = {
    "bad_request": (400, "请求格式不对", "the request is malformed"),
    "unknown_device": (401, "县里不认识这台设备：请先完成登记", "the county does not know this "
                       "device: enrol it first"),
    "bad_signature": (401, "请求签名无效", "the request's signature is invalid"),
    "clock_skew": (401, "本机时间与县里相差太多：请校准电脑时间", "this computer's clock differs too "
                   "much from the county's: set the clock"),
    "replay": (401, "重复的请求（可能被截获重放），已拒绝", "a request seen before (a replay), refused"),
    "revoked_device": (403, "这台设备已被县里吊销，不能再同步", "this device was revoked by the "
                       "county and can no longer sync"),
    "not_found": (404, "没有这个上传或回传包", "no such upload or return bundle"),
    "method_not_allowed": (405, "这个地址不接受这种请求方法", "this path does not take that method"),
    "offset_mismatch": (409, "续传位置不对，请重新询问", "the upload offset does not match: ask again"),
    "length_required": (411, "缺少 Content-Length", "Content-Length is required"),
    "too_large": (413, "请求或同步包太大", "the request or the bundle is too large"),
    "hash_mismatch": (422, "上传的同步包校验值不符，已作废，请重传", "the uploaded bundle does not "
                      "match its SHA-256; it was discarded, send it again"),
    "wrong_sender": (422, "同步包不是这台设备的", "the bundle is not this device's"),
    "busy": (503, "这个同步包的上一次上传还没结束，请稍后再试", "an earlier upload of this bundle "
             "has not ended yet: try again shortly"),
    "not_relayable": (422, "这个回传包不能经县同步服务转给村里（只转本乡镇设备签名、发给本乡镇村的）",
                      "this return bundle cannot be relayed (only a township device's own, for a "
                      "village of its township)"),
    "rate_limited": (429, "请求太频繁，请稍后再试", "too many requests: try again shortly"),
}


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def signed_string(method: str, path: str, device: str, when: str, nonce: str, body_sha: str,
                  offset: str = "", length: str = "") -> bytes:
    """What the signature covers, one value a line (UTF-8)."""
    return "\n".join((MAGIC, method.upper(), path, device, when, nonce, offset, length,
                      body_sha)).encode("utf-8") + b"\n"


def sign(identity: Identity, device_id: str, method: str, path: str, body_sha: str, *,
         offset: str = "", length: str = "", when: int | None = None,
         nonce: str | None = None) -> dict[str, str]:
    """The authentication headers of one request (and the upload headers it signs)."""
    when_s = str(int(time.time()) if when is None else when)
    nonce = nonce or secrets.token_hex(16)
    signature = identity.sign(signed_string(method, path, device_id, when_s, nonce, body_sha,
                                            offset, length))
    headers = {H_DEVICE: device_id, H_TIME: when_s, H_NONCE: nonce, H_BODY: body_sha,
               H_SIGNATURE: base64.b64encode(signature).decode("ascii")}
    if offset:
        headers[H_OFFSET] = offset
    if length:
        headers[H_LENGTH] = length
    return headers


def check_signature(sign_pub: str, method: str, path: str, headers: Mapping[str, str]) -> bool:
    try:
        signature = base64.b64decode(headers.get(H_SIGNATURE, ""), validate=True)
    except ValueError:
        return False
    return verify(sign_pub, signature, signed_string(
        method, path, headers.get(H_DEVICE, ""), headers.get(H_TIME, ""),
        headers.get(H_NONCE, ""), headers.get(H_BODY, ""), headers.get(H_OFFSET, ""),
        headers.get(H_LENGTH, "")))


def is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)
