"""Every request is signed by an enrolled, unrevoked device; refusals come from the headers
alone, before any body is read (requests here announce a body and never send it)."""

from __future__ import annotations

import time
import uuid

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from mopai.sync.device import Identity
from mopai.sync.models import NetNonce
from mopai.sync.net import client, protocol, server, tls
from tests.net.conftest import server_tables, serving
from tests.net.rawhttp import request
from tests.sync.conftest import Net

HELLO = "/v1/hello"
SHA = "ab" * 32
UPLOAD = f"/v1/uploads/{SHA}"


def signed(store, method: str, path: str, body_sha: str = protocol.EMPTY_SHA256,  # noqa: ANN001
           **kw) -> dict[str, str]:  # noqa: ANN003
    return protocol.sign(store.sync.identity(), store.device_id, method, path, body_sha, **kw)


def test_unknown_device_is_refused_before_the_body(served) -> None:  # noqa: ANN001
    stranger = Identity(Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate())
    headers = protocol.sign(stranger, str(uuid.uuid4()), "PATCH", UPLOAD, "cd" * 32,
                            offset="0", length="1000000")
    status, doc = request(served.url, "PATCH", UPLOAD, headers, None, length=1_000_000)
    assert (status, doc["error"]) == (401, "unknown_device")


def test_revoked_device_is_refused_before_the_body(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        headers = signed(a1, "PATCH", UPLOAD, "cd" * 32, offset="0", length="1000000")
        county.sync.revoke(a1.device_id, "丢失")
        status, doc = request(served.url, "PATCH", UPLOAD, headers, None, length=1_000_000)
        assert (status, doc["error"]) == (403, "revoked_device")
        with pytest.raises(client.SyncRefused) as caught:
            client.run(a1, server=served.url)
        assert caught.value.reason == "revoked_device"
        assert not (a1.workspace.home / "outbox").exists()  # nothing exported


def test_bad_signature_is_refused(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        headers = signed(a1, "GET", "/v1/returns?after=0")
        status, doc = request(served.url, "GET", "/v1/returns?after=5", headers)
    assert (status, doc["error"]) == (401, "bad_signature")


def test_replayed_request_is_refused(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        headers = signed(a1, "GET", HELLO)
        assert request(served.url, "GET", HELLO, headers)[0] == 200
        status, doc = request(served.url, "GET", HELLO, headers)
        assert (status, doc["error"]) == (401, "replay")
        old = signed(a1, "GET", HELLO, when=int(time.time()) - protocol.SKEW - 30)
        status, doc = request(served.url, "GET", HELLO, old)
        assert (status, doc["error"]) == (401, "clock_skew")


def test_oversized_body_is_refused(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        big = protocol.MAX_BODY + 1
        headers = signed(a1, "PATCH", UPLOAD, "cd" * 32, offset="0", length=str(big))
        status, doc = request(served.url, "PATCH", UPLOAD, headers, None, length=big)
        assert (status, doc["error"]) == (413, "too_large")
        # a bundle larger than the importer takes is refused before any chunk is kept
        huge = str(256 * 1024**2 + 1)
        body = b"x" * 10
        headers = signed(a1, "PATCH", UPLOAD, protocol.body_hash(body), offset="0", length=huge)
        status, doc = request(served.url, "PATCH", UPLOAD, headers, body)
        assert (status, doc["error"]) == (413, "too_large")
        assert not (served.server.spool / "parts" / a1.device_id / f"{SHA}.part").exists()


def test_rate_limit_per_device(net: Net, county) -> None:  # noqa: ANN001
    with serving(county, server.Options(rate=3)) as running, net.open("a1") as a1, \
            net.open("b1") as b1:
        codes = [request(running.url, "GET", HELLO, signed(a1, "GET", HELLO))[0]
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert request(running.url, "GET", HELLO, signed(b1, "GET", HELLO))[0] == 200


def test_wrong_certificate_is_refused_before_sending(net: Net, county) -> None:  # noqa: ANN001
    folder = county.workspace.home / tls.FOLDER
    (folder / tls.CERT).unlink()
    (folder / tls.KEY).unlink()  # the server now presents another certificate
    with serving(county) as running, net.open("a1") as a1:
        with pytest.raises(client.SyncRefused) as caught:
            client.run(a1, server=running.url)
        assert caught.value.reason == "wrong_certificate"
    with server_tables(county) as tables, tables.connect() as conn:  # not one request came
        assert conn.execute(select(func.count()).select_from(NetNonce)).scalar_one() == 0


def test_body_not_matching_its_signed_hash_is_dropped(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        headers = signed(a1, "PATCH", UPLOAD, protocol.body_hash(b"abd"), offset="0",
                         length="100")
        status, doc = request(served.url, "PATCH", UPLOAD, headers, b"abc")
        assert (status, doc["error"]) == (400, "bad_request")
        part = served.server.spool / "parts" / a1.device_id / f"{SHA}.part"
        assert part.stat().st_size == 0  # nothing of it kept
