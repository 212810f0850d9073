"""A township over the network (docs/sync.md, "Townships over the network"): its device syncs
with the county as a device and uploads its own 回传 (its review decisions, signed by it); the
county server offers it to the village's devices beside its own return bundles, and the
village checks it exactly as from a stick (decision 41). Only a township's own bundle, for a
village of its township, is relayed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync import bundle
from mopai.sync.net import client
from mopai.sync.record import new_uuid, utc_now
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net, enrol
from tests.sync.test_hostile import next_seq

TOWNSHIP_A = VILLAGE_A[:9]


def township(net: Net, county) -> None:  # noqa: ANN001
    Workspace.create(net.home("t1"), role="township", code=TOWNSHIP_A, user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("t1") as t1:
        enrol(county, t1, net.root)


def test_the_village_gets_its_townships_decision_over_the_network(
        net: Net, county, served) -> None:  # noqa: ANN001
    township(net, county)
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        # synced: the county's return bundle names the township's device (relay line)
        assert client.run(a1, server=served.url).ok
        # the township reviews what the office got on a stick, as today
        stick = a1.sync.export(net.stick, everything=True).path
    with net.open("t1") as t1:
        assert [r.status for r in t1.sync.import_paths([stick])] == ["accepted"]
        [item] = t1.sync.reviews(village=VILLAGE_A)
        t1.sync.review(item.uuid, "reject", "镇里：请补填务工地点")
        report = client.run(t1, server=served.url)  # up to the county, as a device
        # the village's stick bundle forwarded, its data bundle (the decision, for the
        # county) and its 回传 (for the village)
        assert [s.name for s in report.sent][0] == stick.name, report.lines()
        assert [s.state for s in report.sent] == ["imported"] * 3, report.lines()
        again = client.run(t1, server=served.url)  # nothing new: nothing relayed twice
        assert again.sent == []
    with net.open("a1") as a1:
        report = client.run(a1, server=served.url)
        township_bundles = [r for r in report.imported if r.sender_role == "township"]
        assert [(r.status, r.reviews) for r in township_bundles] == [("accepted", 1)]
        [rejected] = a1.sync.reviews(states=["rejected"])
        assert rejected.uuid == item.uuid and rejected.comment.startswith("镇里")
        assert rejected.decided_by and report.ok


def forged(store, target: str, code: str, role: str, devices: list) -> Path:  # noqa: ANN001
    """A return bundle signed by `store`'s own device, claiming `role` and `code`."""
    header = {"kind": "return", "bundle_id": new_uuid(), "created_at": utc_now(),
              "seq": next_seq(store),
              "sender": {"device_id": store.device_id, "role": role, "code": code,
                         "county": COUNTY},
              "target": target,
              "recipients": [{"role": "village", "code": d.code, "age": d.age_recipient}
                             for d in devices]}
    manifest = {"bundle_id": header["bundle_id"], "kind": "return", "counts": {"revisions": 0}}
    data = bundle.seal(header, bundle.encode_lines([], manifest), store.sync.identity())
    path = store.workspace.home / f"forged-{new_uuid()[:6]}{bundle.SUFFIX}"
    path.write_bytes(data)
    return path


def test_only_a_townships_own_bundle_for_its_village_is_relayed(
        net: Net, county, served) -> None:  # noqa: ANN001
    township(net, county)
    devices = [d for d in county.sync.devices() if d.role == "village"]
    cases = [("t1", VILLAGE_B, TOWNSHIP_A, "township"),    # a village of another township
             ("a1", VILLAGE_A, VILLAGE_A, "village"),      # a village laptop, not a township
             ("a1", VILLAGE_A, TOWNSHIP_A, "township")]    # a village laptop posing as one
    for name, target, code, role in cases:
        with net.open(name) as store:
            conn = client.connect(store, served.url)
            try:
                with pytest.raises(client.SyncRefused) as refused:
                    client.upload(conn, forged(store, target, code, role, devices))
            finally:
                conn.close()
            assert refused.value.reason == "not_relayable", (name, target)
    assert not list((served.server.spool / "returns").glob("*"))


def test_a_townships_own_decisions_reach_the_county_over_the_network_once(
        net: Net, county, served) -> None:  # noqa: ANN001
    """The township's device syncs with the county as a device: its decisions ride in its
    data bundle even when it saved no revision of its own, the county keeps those on its own
    villages' households, ignores one on another township's household (the rest of the bundle
    still imported), and a second sync sends nothing again."""
    from sqlalchemy import insert, select

    from mopai.sync.models import Audit, Review

    township(net, county)
    with net.open("b1") as b1:  # a household of another township's village
        other = household("0009", ("李四", ""), village_code=VILLAGE_B)
        b1.households.save(other)
        assert client.run(b1, server=served.url).ok
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        assert client.run(a1, server=served.url).ok
        stick = a1.sync.export(net.stick, everything=True).path
    with net.open("t1") as t1:
        assert [r.status for r in t1.sync.import_paths([stick])] == ["accepted"]
        [item] = t1.sync.reviews(village=VILLAGE_A)
        t1.sync.review(item.uuid, "reject", "镇里：请补填务工地点")
        [mine] = t1.sync.review_history(item.uuid)
        # a decision on another township's household, claimed for one of its own villages
        with t1.engine.begin() as conn:
            conn.execute(insert(Review.__table__), [{
                **mine.line(), "review_id": new_uuid(), "record_uuid": other["uuid"],
                "questions": "[]", "seen_seq": 0, "received_at": ""}])
        assert t1.status().unacknowledged == 0  # no revision of its own to send
        report = client.run(t1, server=served.url)
        # its data bundle, beside the village's stick bundle forwarded and its 回传 relayed
        assert report.exported, report.lines()
        assert len(report.sent) == 3 and report.ok, report.lines()
        assert all(s.state == "imported" for s in report.sent), report.lines()
        again = client.run(t1, server=served.url)
        assert again.sent == [] and not again.exported, again.lines()
    decided = county.sync.review_of(item.uuid)
    assert (decided.state, decided.comment) == ("rejected", "镇里：请补填务工地点")
    assert county.sync.review_history(item.uuid)[-1].device_id == mine.device_id
    assert county.sync.review_history(other["uuid"]) == []
    with county.engine.connect() as conn:
        received = [r.detail for r in conn.execute(select(Audit).where(
            Audit.event == "reviews_received"))]
    assert len(received) == 1 and '"ignored": 1' in received[0] and '"new": 1' in received[0]


def test_a_villages_bundle_brought_to_the_township_goes_up_over_the_network_once(
        net: Net, county, served) -> None:  # noqa: ANN001
    """A cadre without network brings a stick to the township office; the township imports
    it (for review) and its next sync forwards the same file to the county, which imports it
    as from a stick — once, even when the village later syncs over the network itself, and
    without sending it when the village sent it first. A township forwards only its own
    villages' bundles."""
    from sqlalchemy import func, select

    from mopai.sync.models import BundleIn
    from tests.sync.helpers import households

    township(net, county)
    with net.open("a1") as a1:
        # the county's return bundle names the township (relay line): bundles from now on
        # are encrypted to it too (the same return bundle could come by stick)
        assert client.run(a1, server=served.url).ok
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        stick = a1.sync.export(net.stick).path  # a copy stays in a1's outbox
        device = a1.device_id
    with net.open("t1") as t1:
        assert [r.status for r in t1.sync.import_paths([stick])] == ["accepted"]
        report = client.run(t1, server=served.url)
        [up] = [s for s in report.sent if s.name == stick.name]
        assert up.state == "imported" and report.ok, report.lines()
    assert len(households(county)) == 1

    def imports() -> int:
        with county.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(BundleIn).where(
                BundleIn.device_id == device)).scalar_one()
    assert imports() == 1
    with net.open("a1") as a1:  # the village's own copy: the county has it, nothing sent
        report = client.run(a1, server=served.url)
        [own] = report.sent
        assert (own.state, own.sent_bytes) == ("imported", 0) and report.ok, report.lines()
        assert a1.status().unacknowledged == 0
    assert imports() == 1
    with net.open("a1") as a1:  # the other way round: the village sends it first itself
        a1.households.save(household("0002", ("王五", ""), village_code=VILLAGE_A))
        (net.stick / "2").mkdir()
        second = a1.sync.export(net.stick / "2").path
        assert [s.state for s in client.run(a1, server=served.url).sent] == ["imported"]
    with net.open("t1") as t1:  # then the township forwards it: nothing sent
        assert [r.status for r in t1.sync.import_paths([second])] == ["accepted"]
        report = client.run(t1, server=served.url)
        [up] = [s for s in report.sent if s.name == second.name]
        assert (up.state, up.sent_bytes) == ("imported", 0), report.lines()
    assert imports() == 2
    with net.open("b1") as b1:  # another township's village
        b1.households.save(household("0009", ("李四", ""), village_code=VILLAGE_B))
        (net.stick / "b").mkdir()
        other = b1.sync.export(net.stick / "b").path
    with net.open("t1") as t1:
        conn = client.connect(t1, served.url)
        try:
            with pytest.raises(client.SyncRefused) as refused:
                client.upload(conn, other)
        finally:
            conn.close()
        assert refused.value.reason == "wrong_sender"
