"""A township's 回传 (sync/township.py) with real workspaces and bundles: the township sends its
own decisions to its village without the county; the village takes them only from its own
township's device, only decisions (never revisions), only on its own households, once; a
county decision and a township decision on one household end by "latest counts" whichever
bundle arrives first."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mopai.sync import bundle, review
from mopai.sync.errors import InputError
from mopai.sync.models import Review
from mopai.sync.record import new_uuid, utc_now
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net, enrol
from tests.sync.test_hostile import next_seq
from tests.sync.test_review import complete, returned, to_county

TOWNSHIP_A = VILLAGE_A[:9]
TOWNSHIP_B = VILLAGE_B[:9]


def out(net: Net) -> Path:
    folder = net.stick / new_uuid()[:8]
    folder.mkdir()
    return folder


@pytest.fixture
def town(net: Net) -> dict[str, Any]:
    """Township A enrolled (and township B, for the wrong-township case); village A's a1 knows
    its township from the county's return bundle; a1's household reached the township and the
    county. a2 has not imported the county's bundle since the township enrolled."""
    for name, code, title in (("t1", TOWNSHIP_A, "甲镇"), ("t2", TOWNSHIP_B, "乙镇")):
        Workspace.create(net.home(name), role="township", code=code, user=USER,
                         passphrase=PASSPHRASE, name=title)
        with net.open("county") as county, net.open(name) as t:
            enrol(county, t, net.root)
    with net.open("county") as county:
        ret = returned(county)
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([ret])
        assert r.status == "accepted"
    h = complete()
    data = to_county(net, "a1", h)
    with net.open("t1") as t1:
        [r] = t1.sync.import_paths([data])
        assert r.status == "accepted"
    return {"h": h, "data": data}


def township_bundle(net: Net, name: str = "t1") -> Path:
    with net.open(name) as t:
        return t.sync.export_to_village(VILLAGE_A, out(net)).path


def test_the_township_sends_its_decision_to_the_village_without_the_county(
        net: Net, town: dict[str, Any]) -> None:
    h = town["h"]
    with net.open("t1") as t1:
        t1.sync.review(h["uuid"], "reject", "镇里审核：请核实务工收入", ["monthly_income@1"])
        [w] = t1.sync.returns_waiting()
        assert (w.code, w.devices, w.decisions, w.something) == (VILLAGE_A, 2, 1, True)
        [outcome] = t1.sync.export_returns([VILLAGE_A], out(net))
        assert outcome.ok
        path = outcome.result.path
        assert t1.audit.entries("export")
        [w] = t1.sync.returns_waiting()
        assert (w.decisions, w.something) == (0, False)   # nothing new since
        with pytest.raises(InputError, match="outside township"):
            t1.sync.export_to_village(VILLAGE_B, out(net))
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([path])
        assert (r.status, r.reviews, r.sender_role) == ("accepted", 1, "township")
        assert "乡镇 township" in r.one_line()
        [item] = a1.sync.reviews(states=["rejected"])
        assert (item.uuid, item.comment) == (h["uuid"], "镇里审核：请核实务工收入")
        assert item.questions == [f"members.{h['members'][0]['uuid']}.fields.monthly_income"]
        [again] = a1.sync.import_paths([path])
        assert again.status == "already"
        with a1.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Review)).scalar_one() == 1
        assert a1.audit.entries("reviews_received")
    # the same decision arriving later through the county is kept once
    with net.open("t1") as t1:
        up = t1.sync.export(out(net)).path
    with net.open("county") as county:
        [r] = county.sync.import_paths([up])
        assert r.reviews == 1
        back = returned(county)
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([back])
        assert (r.status, r.reviews) == ("accepted", 0)
        with a1.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Review)).scalar_one() == 1


def test_a_village_that_does_not_know_its_township_device_refuses_until_told(
        net: Net, town: dict[str, Any]) -> None:
    with net.open("t1") as t1:
        t1.sync.review(town["h"]["uuid"], "approve")
    path = township_bundle(net)
    with net.open("a2") as a2:   # enrolled before the township: no key for it yet
        [r] = a2.sync.import_paths([path])
        assert (r.status, r.reason) == ("rejected", "unknown_township")
        assert "请先导入县里最新的回传包" in r.message_zh
        assert not a2.sync.review_history(town["h"]["uuid"])
    with net.open("county") as county:
        ret = returned(county)
    with net.open("a2") as a2:
        a2.sync.import_paths([ret])
        [r] = a2.sync.import_paths([path])
        assert (r.status, r.reviews) == ("accepted", 1)


def _forge(net: Net, name: str, lines: list[dict[str, Any]], *, code: str = TOWNSHIP_A,
           target: str = VILLAGE_A) -> Path:
    """A return bundle signed by township device `name`, encrypted to village A's laptops."""
    with net.open("county") as county:
        devices = [d for d in county.sync.devices() if d.code == VILLAGE_A and not d.revoked_at]
    with net.open(name) as t:
        header = {"kind": "return", "bundle_id": new_uuid(), "created_at": utc_now(),
                  "seq": next_seq(t),
                  "sender": {"device_id": t.device_id, "role": "township", "code": code,
                             "county": COUNTY},
                  "target": target,
                  "recipients": [{"role": "village", "code": VILLAGE_A, "age": d.age_recipient}
                                 for d in devices]}
        manifest = {"bundle_id": header["bundle_id"], "kind": "return",
                    "counts": {"revisions": sum(ln["t"] == "rev" for ln in lines)}}
        data = bundle.seal(header, bundle.encode_lines(lines, manifest), t.sync.identity())
    path = out(net) / f"forged-{new_uuid()[:6]}.mopai"
    path.write_bytes(data)
    return path


def _decision(device_id: str, uuid: str, revision_id: str, *, village: str = VILLAGE_A,
              role: str = "township") -> dict[str, Any]:
    return {"review_id": new_uuid(), "record_uuid": uuid, "revision_id": revision_id,
            "village_code": village, "decision": "approve", "comment": "", "questions": [],
            "decided_at": utc_now(), "decided_by": "镇干部", "device_id": device_id,
            "role": role}


def test_hostile_township_bundles_are_refused_whole(net: Net, town: dict[str, Any]) -> None:
    h = town["h"]
    with net.open("a1") as a1:
        current = a1.households.get(h["uuid"])
        with a1.engine.connect() as conn:
            rev_id = conn.exec_driver_sql("SELECT revision_id FROM household").scalar_one()
    with net.open("t1") as t1:
        t1_id = t1.device_id
    with net.open("t2") as t2:
        t2_id = t2.device_id
    changed = {**current, "fields": {**current["fields"], "phone": "13900000000"}}
    revision = {"t": "rev", "revision_id": new_uuid(), "record_uuid": h["uuid"], "rev_no": 2,
                "parent_id": rev_id, "merge_parent": None, "kind": "save", "state": changed,
                "device_id": t1_id, "user": "镇干部", "created_at": utc_now()}
    cases = {
        # another township's device, even signed and addressed to the village
        "wrong_township": _forge(net, "t2", [{"t": "reviews", "reviews": [
            _decision(t2_id, h["uuid"], rev_id)]}], code=TOWNSHIP_B),
        # the right township with a revision beside its decision
        "township_content": _forge(net, "t1", [revision, {"t": "reviews", "reviews": [
            _decision(t1_id, h["uuid"], rev_id)]}]),
    }
    other_lines = {
        "another village": [{"t": "reviews", "reviews": [
            _decision(t1_id, h["uuid"], rev_id, village=VILLAGE_B)]}],
        "the county's decision": [{"t": "reviews", "reviews": [
            _decision(t1_id, h["uuid"], rev_id, role="county")]}],
        "another device's decision": [{"t": "reviews", "reviews": [
            _decision(t2_id, h["uuid"], rev_id)]}],
        "settings": [{"t": "settings", "settings": {}}],
    }
    with net.open("a1") as a1:
        for reason, path in cases.items():
            [r] = a1.sync.import_paths([path])
            assert (r.status, r.reason) == ("rejected", reason), r.one_line()
        for what, lines in other_lines.items():
            [r] = a1.sync.import_paths([_forge(net, "t1", lines)])
            assert (r.status, r.reason) == ("rejected", "township_content"), what
        assert a1.households.get(h["uuid"]) == current
        assert not a1.sync.review_history(h["uuid"])
        assert a1.sync.review_of(h["uuid"]).state == review.PENDING
        assert len(a1.audit.entries("import_rejected")) == 2 + len(other_lines)


def test_county_and_township_decisions_end_with_the_latest_in_any_order(
        net: Net, town: dict[str, Any]) -> None:
    h = town["h"]
    # 1. the township sends it back first, the county approves it later
    with net.open("t1") as t1:
        t1.sync.review(h["uuid"], "reject", "镇里：请补充联系电话")
    from_township = township_bundle(net)
    with net.open("county") as county:
        county.sync.review(h["uuid"], "approve")
        from_county = returned(county)
    # 2. then the county sends it back, and the township approves it last
    with net.open("county") as county:
        county.sync.review(h["uuid"], "reject", "县里：证件号码待核")
        county_later = returned(county)
    with net.open("t1") as t1:
        t1.sync.review(h["uuid"], "approve")
    township_last = township_bundle(net)

    cases = [  # (bundles in the order the village imports them, who decided last)
        ([from_township, from_county], "张科长"), ([from_county, from_township], "张科长"),
        ([county_later, township_last], USER), ([township_last, county_later], USER)]
    for n, (order, last) in enumerate(cases):
        home = net.root / f"a1-{n}"
        shutil.copytree(net.home("a1"), home)
        store = Workspace(home).unlock(USER, PASSPHRASE)
        try:
            for path in order:
                [r] = store.sync.import_paths([path])
                assert r.status == "accepted", r.one_line()
            item = store.sync.review_of(h["uuid"])
            assert (item.state, item.decided_by) == (review.APPROVED, last), n
        finally:
            store.close()


def test_the_township_carries_the_county_bundles_for_its_villages_verbatim(
        net: Net, town: dict[str, Any]) -> None:
    h = town["h"]
    office = out(net)   # the stick the township office brings back from the county
    with net.open("county") as county:
        county.sync.review(h["uuid"], "reject", "县里：请核实收入")
        for_a = county.sync.export_return(VILLAGE_A, office)
        county.sync.export_return(TOWNSHIP_A, office)         # the township's own
        for_b = county.sync.export_return(VILLAGE_B, out(net))  # another township's village
    damaged = office.parent / "damaged.mopai"
    data = bytearray(for_a.path.read_bytes())
    data[-10] ^= 1
    damaged.write_bytes(bytes(data))
    with net.open("t1") as t1:
        results = {Path(r.path).name: r for r in t1.sync.import_paths([office])}
        kept = results[for_a.path.name]
        assert (kept.status, kept.carried) == ("accepted", VILLAGE_A)
        assert "县给村 110105001001 的回传包" in kept.one_line()
        assert all(r.status == "accepted" for r in results.values())
        [again] = t1.sync.import_paths([for_a.path])
        assert (again.status, again.carried) == ("already", VILLAGE_A)
        [wrong] = t1.sync.import_paths([for_b.path])
        assert (wrong.status, wrong.reason) == ("rejected", "wrong_village")
        [bad] = t1.sync.import_paths([damaged])
        assert (bad.status, bad.reason) == ("rejected", "tampered")
        [w] = t1.sync.returns_waiting()
        assert (w.code, w.decisions, w.carried, w.something) == (VILLAGE_A, 0, 1, True)
        stick = out(net)
        [outcome] = t1.sync.export_returns([VILLAGE_A], stick)
        [(copied, sha)] = outcome.result.carried
        assert Path(copied).read_bytes() == for_a.path.read_bytes() and sha == for_a.sha256
        assert len(t1.audit.entries("return_carried")) == 1
        [w] = t1.sync.returns_waiting()
        assert (w.carried, w.something) == (0, False)
        again_stick = out(net)
        [outcome] = t1.sync.export_returns([VILLAGE_A], again_stick)
        assert outcome.result.carried == ()   # copied once
    with net.open("a1") as a1:
        results = a1.sync.import_paths([stick])
        assert sorted((r.sender_role, r.status) for r in results) == [
            ("county", "accepted"), ("township", "accepted")]
        item = a1.sync.review_of(h["uuid"])
        assert (item.state, item.comment) == (review.REJECTED, "县里：请核实收入")


def test_mopai_return_at_a_township_writes_its_bundle_and_the_carried_ones(
        net: Net, town: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from mopai.cli.main import main

    office = out(net)
    with net.open("county") as county:
        for_a = county.sync.export_return(VILLAGE_A, office)
    with net.open("t1") as t1:
        t1.sync.review(town["h"]["uuid"], "approve")
        t1.sync.import_paths([office])
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    stick = out(net)
    capsys.readouterr()
    assert main(["return", "--village", VILLAGE_A, "--to", str(stick),
                 "--home", str(net.home("t1")), "--user", USER]) == 0
    printed = capsys.readouterr().out.split()
    assert len(printed) == 2 and Path(printed[1]).read_bytes() == for_a.path.read_bytes()
    raw = bundle.read(Path(printed[0]))
    assert raw.sender["role"] == "township" and raw.header["target"] == VILLAGE_A


def test_a_revoked_township_device_is_no_longer_trusted(net: Net, town: dict[str, Any]) -> None:
    with net.open("t1") as t1:
        t1.sync.review(town["h"]["uuid"], "approve")
        t1_id = t1.device_id
    path = township_bundle(net)
    with net.open("county") as county:
        county.sync.revoke(t1_id, "丢失")
        ret = returned(county)   # its relay line names no township device now
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([ret])
        assert r.status == "accepted"
        [r] = a1.sync.import_paths([path])
        assert (r.status, r.reason) == ("rejected", "unknown_township")
        assert not a1.sync.review_history(town["h"]["uuid"])
