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


def test_a_bundle_taken_by_stick_is_not_sent_again(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 3)
        result = a1.sync.export(net.stick)
        outbox = a1.workspace.home / "outbox"
        assert paths(outbox) == [result.path.name]  # a copy waits for the network
        [usb] = county.sync.import_paths([result.path])  # the stick arrived first
        assert usb.status == "accepted"
        report = client.run(a1, server=served.url)  # the network asks, and sends nothing
        [sent] = report.sent
        assert (sent.state, sent.sent_bytes) == ("imported", 0), report.lines()
        assert not report.exported  # its revisions are in a bundle already: not exported again
        assert paths(outbox) == [] and paths(outbox / "sent") == [result.path.name]
        # the stick's import is acknowledged over the network (a return bundle on demand)
        assert [r.status for r in report.imported] == ["accepted"]
        assert a1.status().unacknowledged == 0
    with county.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(BundleIn)).scalar_one() == 1


def test_same_bundle_by_network_then_stick_is_imported_once(net: Net, county, served
                                                            ) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 3)
        result = a1.sync.export(net.stick)
        outbox = a1.workspace.home / "outbox"
        report = client.run(a1, server=served.url)  # the network first: the copy is sent
        [sent] = report.sent
        assert sent.state == "imported" and sent.sent_bytes == sent.size
        assert not report.exported and a1.status().unacknowledged == 0
        shutil.copy(result.path, outbox / result.path.name)  # the same file once more
        again = client.run(a1, server=served.url).sent[0]
        assert (again.name, again.state, again.sent_bytes) == (result.path.name, "imported", 0)
    [late] = county.sync.import_paths([result.path])  # then the stick arrives
    assert late.status == "already"
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
        outbox = a1.workspace.home / "outbox"  # holds the stick's copy already: replaced
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


def test_a_stopped_run_keeps_what_was_sent_and_continues(net: Net, county, served  # noqa: ANN001
                                                       ) -> None:
    """What the app's lock or close does to a run (its cancel flag): it stops between chunks,
    the server keeps the part, the next run sends only the rest."""
    import threading

    with net.open("a1") as a1:
        fill(a1, 60)
        stop = threading.Event()
        seen: list[tuple[int, int, str]] = []

        def progress(done: int, total: int, percent: str) -> None:
            seen.append((done, total, percent))
            if int(percent) >= 50:
                stop.set()
        with pytest.raises(client.Cancelled):
            client.run(a1, server=served.url, chunk=2048, progress=progress, cancel=stop)
        [path] = (a1.workspace.home / "outbox").glob("*.mopai")
        size = path.stat().st_size
        part = served.server.spool / "parts" / a1.device_id / f"{client._sha256(path)}.part"
        kept = part.stat().st_size
        assert size // 2 <= kept < size and seen[0] == (0, 1, "0")
        conn = client.connect(a1, served.url)
        report = client.run(a1, conn=conn, chunk=2048)
        assert conn.sent_bytes == size - kept
        assert [s.state for s in report.sent] == ["imported"] and not report.exported
    assert len(households(county)) == 60


def test_a_service_record_alone_is_sent(net: Net, county, served) -> None:  # noqa: ANN001
    """A 311 record saved with no household change since the last sync (the usual 职业指导
    visit) goes up over the network on its own: a data bundle is exported for it."""
    from tests.sync.test_services import CHILD, family

    with net.open("a1") as a1:
        a1.households.save(family())
        assert client.run(a1, server=served.url).ok
        a1.services.add(CHILD, "guidance", day="2026-03-03")
        assert a1.status().unacknowledged == 0  # no revision waits
        report = client.run(a1, server=served.url)
        assert report.exported and [s.state for s in report.sent] == ["imported"], \
            report.lines()
        assert client.run(a1, server=served.url).sent == []  # nothing twice
    [record] = county.services.records()
    assert record.kind == "guidance"


def test_a_dismissed_correction_request_alone_is_sent(net: Net) -> None:
    """A correction request dismissed with no household saved is something to send: the
    next network sync exports a data bundle saying so (its `closed` line)."""
    from sqlalchemy import insert, update

    from mopai.sync.models import Correction

    with net.open("a1") as a1:
        row = {"correction_id": "c1", "draw_id": "d1", "record_uuid": "r1", "member_uuid": "m1",
               "village_code": VILLAGE_A, "question": "employment_status", "recorded": "a",
               "heard": "b", "person": "张三", "created_at": "2026-03-01T00:00:00Z",
               "created_by": "县", "device_id": "county", "state": "open", "reason": "",
               "closed_at": "", "closed_by": "", "revision_id": "", "seen_seq": 0}
        with a1.engine.begin() as conn:
            conn.execute(insert(Correction.__table__), [row])
        assert a1.sync.not_in_a_bundle() == 0
        with a1.engine.begin() as conn:  # what `spotchecks.dismiss` writes
            conn.execute(update(Correction.__table__).values(state="dismissed", reason="理由"))
        assert a1.sync.not_in_a_bundle() == 1
        a1.sync.export(net.stick)
        assert a1.sync.not_in_a_bundle() == 0
