"""Network sync end to end on loopback: a real server (uvicorn, TLS with the county's
certificate), a device's `sync.net.client`, real stores and bundles."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mopai.sync import meta
from mopai.sync.models import BundleIn
from mopai.sync.net import client, protocol
from tests.helpers import household
from tests.net.rawhttp import request
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households


def test_village_to_county_and_back(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        assert a1.status().unacknowledged == 1
        report = client.run(a1, server=served.url)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
        assert report.exported and report.ok
        # the county's return bundle came back and acknowledged the revision
        assert len(report.imported) == 1 and report.imported[0].status == "accepted"
        assert a1.status().unacknowledged == 0
        assert a1.meta.fresh()[meta.NET_RETURN_AFTER] == "1"
        assert not list((a1.workspace.home / "outbox").glob("*.mopai"))
        again = client.run(a1, server=served.url)
        assert again.sent == [] and again.received == [] and not again.exported
    [record] = households(county).values()
    assert record["fields"]["household_no"] == "0001"


def test_enrolled_address_is_used(net: Net, county) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        values = a1.meta.fresh()
        assert values[meta.SERVER_URL] == "https://127.0.0.1:9"
        assert values[meta.SERVER_CERT] == county.meta.fresh()[meta.SERVER_CERT]
        assert client.connect(a1).url == "https://127.0.0.1:9"


def paths(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.mopai"))


def fill(store, count: int) -> None:  # noqa: ANN001
    store.households.save_many([household(f"{i + 1:04d}", (f"王{i}", ""), village_code=VILLAGE_A,
                                          address=os.urandom(100).hex()) for i in range(count)])


def test_cut_upload_resumes_with_only_the_rest(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 150)
        conn = client.connect(a1, served.url)
        with pytest.raises(client.Offline):
            conn.cut_after = 1  # measure first: the bundle's size once exported
            client.run(a1, conn=conn, chunk=4096)
        [path] = (a1.workspace.home / "outbox").glob("*.mopai")
        size = path.stat().st_size
        assert size > 20_000
        # Start over with a cut at 90 %: the first try sent one byte, which the server kept.
        conn = client.connect(a1, served.url)
        conn.cut_after = int(size * 0.9) - 1
        with pytest.raises(client.Offline):
            client.run(a1, conn=conn, chunk=4096)
        cut = int(size * 0.9)
        assert conn.sent_bytes == cut - 1
        part = served.server.spool / "parts" / a1.device_id / f"{client._sha256(path)}.part"
        time.sleep(0.5)  # the server finishes with the cut request
        kept = part.stat().st_size
        # What arrived in whole chunks is kept (uvicorn drops a cut request's unread rest):
        # the cut costs at most the chunk in flight.
        assert cut - 4096 <= kept <= cut
        conn = client.connect(a1, served.url)
        report = client.run(a1, conn=conn, chunk=4096)
        assert conn.sent_bytes == size - kept  # only the rest
        assert [s.state for s in report.sent] == ["imported"] and not report.exported
        assert a1.status().unacknowledged == 0
    assert len(households(county)) == 150


def test_same_bundle_twice_is_imported_once(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 3)
        result = a1.sync.export(net.stick)
        [usb] = county.sync.import_paths([result.path])  # first by USB stick
        assert usb.status == "accepted"
        outbox = a1.workspace.home / "outbox"
        outbox.mkdir()
        shutil.copy(result.path, outbox / result.path.name)
        report = client.run(a1, server=served.url)  # then the same file over the network
        [sent] = report.sent
        assert sent.state == "imported" and not report.exported
        assert served.server._state(a1.device_id, sent.sha256)["result"]["status"] == "already"
        # the stick's import is acknowledged over the network (a return bundle on demand), so
        # the revisions are not exported again
        assert [r.status for r in report.imported] == ["accepted"]
        assert a1.status().unacknowledged == 0
        shutil.copy(result.path, outbox / result.path.name)  # and once more
        report = client.run(a1, server=served.url)
        [again] = report.sent
        assert (again.name, again.state, again.sent_bytes) == (result.path.name, "imported", 0)
        assert not report.exported and report.received == []
    with county.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(BundleIn)).scalar_one() == 1
    assert len(households(county)) == 3


def test_a_bundle_not_matching_its_hash_is_discarded(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        body = b"not the bundle"
        where = f"/v1/uploads/{'ef' * 32}"
        headers = protocol.sign(a1.sync.identity(), a1.device_id, "PATCH", where,
                                protocol.body_hash(body), offset="0", length=str(len(body)))
        status, doc = request(served.url, "PATCH", where, headers, body)
    assert (status, doc["error"]) == (422, "hash_mismatch")
    assert not list((served.server.spool / "parts").rglob("*.part"))


def test_a_refused_bundle_says_why(net: Net, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 1)
        result = a1.sync.export(net.stick)
        # the bundle's last bytes changed on the way (its signature no longer holds)
        outbox = a1.workspace.home / "outbox"
        outbox.mkdir()
        data = bytearray(result.path.read_bytes())
        shutil.copy(result.path, outbox / result.path.name)
        (outbox / result.path.name).write_bytes(bytes(data[:-10]) + b"0123456789")
        report = client.run(a1, server=served.url)
        # the refusal is known before the run decides to export: a fresh bundle carries the
        # revisions the refused one held
        assert a1.status().unacknowledged == 0
    sent, fresh = report.sent
    assert sent.state == "rejected" and sent.reason == "tampered", report.lines()
    assert "REJECTED" in sent.line() and not report.ok
    assert fresh.state == "imported" and report.exported == fresh.name
