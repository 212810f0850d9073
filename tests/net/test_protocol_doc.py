"""docs/sync.md's protocol is enough to write another client: a client written here from the
document alone — the standard library's `http.client` and `ssl`, `cryptography` for Ed25519,
none of sync/net's code — walks every documented endpoint of the real server on loopback,
with the documented signing, status codes, headers and error bodies.

What it takes from the project is what another client would have too: the device's enrolled
key and id, the pinned certificate hash (from the setup file) and a bundle file to send.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import secrets
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mopai.sync import meta
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net

EMPTY = hashlib.sha256(b"").hexdigest()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def doc(self) -> dict[str, Any]:
        return json.loads(self.body)

    def refused(self, status: int, error: str) -> None:
        """A refusal as the document describes it: the status, and a JSON body naming the
        error with a message in Chinese and in English."""
        assert self.status == status, (self.status, self.body)
        doc = self.doc
        assert set(doc) == {"error", "message_zh", "message_en"} and doc["error"] == error
        assert doc["message_zh"] and doc["message_en"]


@dataclass
class Plain:
    """A device's client, as docs/sync.md "Requests and authentication" describes it."""

    url: str
    device: str
    key: Ed25519PrivateKey
    pin: str                      # hex SHA-256 of the county certificate's DER
    nonces: list[str] = field(default_factory=list)

    def signed(self, method: str, path: str, body: bytes = b"", *, offset: str = "",
               length: str = "", when: int | None = None) -> dict[str, str]:
        when_s, nonce = str(int(time.time()) if when is None else when), secrets.token_hex(16)
        body_sha = hashlib.sha256(body).hexdigest()
        text = "".join(f"{line}\n" for line in (
            "MOPAI-REQUEST-1", method.upper(), path, self.device, when_s, nonce, offset, length,
            body_sha))
        headers = {"Mopai-Device": self.device, "Mopai-Time": when_s, "Mopai-Nonce": nonce,
                   "Mopai-Body-SHA256": body_sha,
                   "Mopai-Signature": base64.b64encode(self.key.sign(text.encode())).decode()}
        if offset:
            headers["Upload-Offset"] = offset
        if length:
            headers["Upload-Length"] = length
        return headers

    def send(self, method: str, path: str, headers: dict[str, str], body: bytes = b"", *,
             length: int | None = None) -> Answer:
        """`length`: the Content-Length to announce (None: the body's; -1: none at all)."""
        parts = urlsplit(self.url)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no CA: the certificate is pinned
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=ctx, timeout=30)
        try:
            conn.connect()
            presented = conn.sock.getpeercert(binary_form=True)
            assert hashlib.sha256(presented).hexdigest() == self.pin  # before any byte is sent
            conn.putrequest(method, path)
            size = len(body) if length is None else length
            for k, v in headers.items():
                conn.putheader(k, v)
            if size >= 0:
                conn.putheader("Content-Length", str(size))
            conn.endheaders()
            if body:
                conn.send(body)
            resp = conn.getresponse()
            return Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def call(self, method: str, path: str, body: bytes = b"", **upload: str) -> Answer:
        return self.send(method, path, self.signed(method, path, body, **upload), body)


def plain(net: Net, served, name: str = "a1") -> Plain:  # noqa: ANN001
    with net.open(name) as store:
        key = store.sync.identity().sign_key.private_bytes_raw()
        return Plain(served.url, store.device_id, Ed25519PrivateKey.from_private_bytes(key),
                     store.meta.fresh()[meta.SERVER_CERT])


def a_bundle(net: Net) -> Path:
    folder = net.root / "bundles"
    folder.mkdir()
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        return a1.sync.export(folder).path


def test_every_documented_endpoint_with_a_client_written_from_the_document(
        net: Net, county, served) -> None:  # noqa: ANN001
    path = a_bundle(net)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    c = plain(net, served)

    # GET /v1/hello
    hello = c.call("GET", "/v1/hello")
    assert hello.status == 200
    doc = hello.doc
    assert {"protocol", "county", "time", "cert_sha256", "cert_next", "device",
            "limits"} <= set(doc)
    assert doc["protocol"] == 1 and doc["cert_sha256"] == c.pin and doc["cert_next"] == ""
    assert doc["device"] == {"device_id": c.device, "role": "village", "code": VILLAGE_A}
    assert set(doc["limits"]) == {"max_body", "chunk", "bundle", "skew", "rate"}
    assert abs(doc["time"] - time.time()) < 60

    # GET /v1/uploads/<sha256>: never seen
    c.call("GET", f"/v1/uploads/{sha}").refused(404, "not_found")

    # PATCH /v1/uploads/<sha256>, in two chunks
    upload = f"/v1/uploads/{sha}"
    cut = len(data) // 2
    first = c.call("PATCH", upload, data[:cut], offset="0", length=str(len(data)))
    assert first.status == 204 and first.headers["upload-offset"] == str(cut)
    # the same start again: 409, and where to go on from
    again = c.call("PATCH", upload, data[:cut], offset="0", length=str(len(data)))
    again.refused(409, "offset_mismatch")
    assert again.headers["upload-offset"] == str(cut)
    # asked: receiving, with the offset in the body and the headers
    asked = c.call("GET", upload)
    assert asked.status == 200 and asked.doc["state"] == "receiving"
    assert asked.doc["offset"] == cut and asked.doc["sha256"] == sha
    assert (asked.headers["upload-offset"], asked.headers["mopai-state"]) == (str(cut),
                                                                              "receiving")
    last = c.call("PATCH", upload, data[cut:], offset=str(cut), length=str(len(data)))
    assert last.status == 201 and last.headers["upload-offset"] == str(len(data))
    assert last.doc["state"] in ("received", "imported") and last.doc["sha256"] == sha
    # the same file once more: answered without its body being read
    twice = c.send("PATCH", upload, c.signed("PATCH", upload, data, offset="0",
                                              length=str(len(data))), b"", length=len(data))
    assert twice.status == 200 and twice.doc["state"] in ("received", "imported")

    # queued, then imported (final states: imported, rejected): ?wait=S answers when the
    # import ends ("Waiting for the import")
    deadline = time.monotonic() + 30
    while (state := c.call("GET", f"{upload}?wait=10").doc)["state"] == "received" \
            and time.monotonic() < deadline:
        pass
    assert state["state"] == "imported" and state["result"]["status"] == "accepted", state
    c.call("GET", f"{upload}?wait=26").refused(400, "bad_request")
    assert {"sha256", "state", "offset", "reason", "message_zh", "message_en",
            "result"} <= set(state)

    # GET /v1/returns?after=<n>
    listed = c.call("GET", "/v1/returns?after=0")
    assert listed.status == 200
    [item] = listed.doc["returns"]
    assert set(item) == {"n", "name", "sha256", "size", "seq", "created_at"}
    assert c.call("GET", f"/v1/returns?after={item['n']}").doc == {"returns": []}

    # GET /v1/returns/<sha256>: whole, and resumed with Range (not signed)
    where = f"/v1/returns/{item['sha256']}"
    whole = c.call("GET", where)
    assert whole.status == 200 and hashlib.sha256(whole.body).hexdigest() == item["sha256"]
    assert len(whole.body) == item["size"]
    ranged = c.send("GET", where, {**c.signed("GET", where), "Range": "bytes=100-"})
    assert ranged.status == 206 and ranged.body == whole.body[100:]
    assert ranged.headers["content-range"] == f"bytes 100-{item['size'] - 1}/{item['size']}"
    c.call("GET", f"/v1/returns/{'0' * 64}").refused(404, "not_found")


def test_the_documented_refusals(net: Net, county, served) -> None:  # noqa: ANN001
    c = plain(net, served)
    hello = "/v1/hello"
    sha = "ab" * 32
    upload = f"/v1/uploads/{sha}"

    # the headers' shape
    headers = c.signed("GET", hello)
    c.send("GET", hello, {**headers, "Mopai-Nonce": "short"}).refused(400, "bad_request")
    c.send("GET", hello, {**headers, "Mopai-Body-SHA256": EMPTY.upper()}).refused(
        400, "bad_request")  # lower-case hex only
    # an unknown device, a bad signature
    stranger = Plain(c.url, "no-such-device", Ed25519PrivateKey.generate(), c.pin)
    stranger.call("GET", hello).refused(401, "unknown_device")
    c.send("GET", "/v1/returns?after=1", c.signed("GET", "/v1/returns?after=0")).refused(
        401, "bad_signature")
    # the time, with the server's Date
    skewed = c.send("GET", hello, c.signed("GET", hello, when=int(time.time()) - 400))
    skewed.refused(401, "clock_skew")
    assert skewed.headers["date"].endswith(" GMT")
    # a replay: the very same request twice
    headers = c.signed("GET", hello)
    assert c.send("GET", hello, headers).status == 200
    c.send("GET", hello, headers).refused(401, "replay")
    # no body expected: a request without one says so
    c.call("GET", hello, b"x").refused(400, "bad_request")
    # a body needs its Content-Length, at most max_body, answered before it is read
    c.send("PATCH", upload, c.signed("PATCH", upload, b"abc", offset="0", length="3"),
           length=-1).refused(411, "length_required")
    big = 8 * 1024**2 + 1
    c.send("PATCH", upload, c.signed("PATCH", upload, b"", offset="0", length=str(big)),
           length=big).refused(413, "too_large")
    # Upload-Length over the bundle limit, and the upload headers' shape
    c.call("PATCH", upload, b"abc", offset="0", length=str(256 * 1024**2 + 1)).refused(
        413, "too_large")
    c.call("PATCH", upload, b"abc").refused(400, "bad_request")
    c.call("PATCH", upload, b"abcd", offset="0", length="3").refused(400, "bad_request")
    c.call("GET", "/v1/uploads/not-a-hash").refused(400, "bad_request")
    # a file whose bytes are not its SHA-256: discarded, to be sent again from 0
    c.call("PATCH", upload, b"abc", offset="0", length="3").refused(422, "hash_mismatch")
    c.call("GET", upload).refused(404, "not_found")
    # a bundle naming another device as sender
    with net.open("b1") as b1:
        folder = net.root / "b1-out"
        folder.mkdir()
        b1.households.save(household("0009", ("李四", ""), village_code="110105002003"))
        other = b1.sync.export(folder).path.read_bytes()
    where = f"/v1/uploads/{hashlib.sha256(other).hexdigest()}"
    c.call("PATCH", where, other, offset="0", length=str(len(other))).refused(
        422, "wrong_sender")
    # a device revoked (after its signature is checked)
    county.sync.revoke(c.device, "丢失")
    c.call("GET", hello).refused(403, "revoked_device")
    # outside the protocol: still a refusal in JSON
    c.call("GET", "/v1/nothing-here").refused(404, "not_found")
    wrong = c.call("DELETE", hello)
    wrong.refused(405, "method_not_allowed")
    assert "GET" in wrong.headers["allow"]
