"""The supervisor's review (issue 17, sync/review.py) across real workspaces and bundles:
the county sends a household back with a comment on a member's question, the return bundle
brings it to the village, the cadre's correction reaches the county as 已修改待复审; decisions
arrive twice and out of order and the latest still counts; a village cannot forge one; a
township reviews its own villages only and its decisions reach the county and the village."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mopai.sync import bundle, review
from mopai.sync.errors import InputError, StoreError
from mopai.sync.models import Audit, Household, Review
from mopai.sync.record import new_uuid, utc_now
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net, enrol
from tests.sync.test_hostile import next_seq


def complete(no: str = "0001", code: str = VILLAGE_A) -> dict[str, Any]:
    h = household(no, ("张三", "11010519491231002X"), ("张小三", "110105201001010018"),
                  village_code=code)
    h["status"] = "complete"
    return h


def states(store: Any) -> dict[str, str]:  # noqa: ANN401
    return {i.uuid: i.state for i in store.sync.reviews()}


def to_county(net: Net, name: str, h: dict[str, Any] | None = None) -> Path:
    """`name` saves `h` (when given) and exports; the county imports the bundle."""
    folder = net.stick / f"{name}-{new_uuid()[:8]}"
    folder.mkdir()
    with net.open(name) as v:
        if h is not None:
            v.households.save(h)
        path = v.sync.export(folder).path
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.status == "accepted", r.one_line()
    return path


def returned(county: Any, village: str = VILLAGE_A) -> Path:  # noqa: ANN401
    folder = Path(county.workspace.home) / "out" / new_uuid()[:8]
    folder.mkdir(parents=True)
    return county.sync.export_return(village, folder).path


def test_reject_travels_to_the_village_and_the_correction_comes_back_corrected(net: Net) -> None:
    h = complete()
    to_county(net, "a1", h)
    with net.open("county") as county:
        assert states(county) == {h["uuid"]: review.PENDING}
        d = county.sync.review(h["uuid"], "reject", "张小三的证件号码与户口本不符",
                               ["id_number@2", "address"])
        member = h["members"][1]["uuid"]
        assert d.questions == (f"members.{member}.fields.id_number", "fields.address")
        item = county.sync.review_of(h["uuid"])
        assert (item.state, item.state_zh, item.comment) == (
            review.REJECTED, "退回修改", "张小三的证件号码与户口本不符")
        [entry] = county.audit.entries("review_rejected")
        assert json.loads(entry.detail)["record"] == h["uuid"]
        ret = returned(county)
    with net.open("a1") as a1:
        assert states(a1) == {h["uuid"]: review.PENDING}   # nothing arrived yet
        [r] = a1.sync.import_paths([ret])
        assert r.status == "accepted" and r.reviews == 1 and "审核意见 1 条" in r.one_line()
        [item] = a1.sync.reviews(states=["rejected"])
        assert item.comment == "张小三的证件号码与户口本不符"
        assert item.questions == [f"members.{member}.fields.id_number", "fields.address"]
        assert a1.audit.entries("reviews_received")
        state = a1.households.get(h["uuid"])
        state["members"][1]["fields"]["id_number"] = "110105201001010026"
        a1.households.save(state)
        assert states(a1) == {h["uuid"]: review.CORRECTED}
    to_county(net, "a1")
    with net.open("county") as county:
        [item] = county.sync.reviews(states=["corrected"])
        assert item.uuid == h["uuid"] and item.state_zh == "已修改待复审"
        county.sync.review(h["uuid"], "approve")
        assert states(county) == {h["uuid"]: review.APPROVED}
        assert [d.decision for d in county.sync.review_history(h["uuid"])] == ["reject",
                                                                               "approve"]


def test_a_draft_correction_stays_sent_back_and_a_change_after_approval_is_pending_again(
        net: Net) -> None:
    h = complete()
    to_county(net, "a1", h)
    with net.open("county") as county:
        county.sync.review(h["uuid"], "reject", "请补全")
        ret = returned(county)
    with net.open("a1") as a1:
        a1.sync.import_paths([ret])
        state = a1.households.get(h["uuid"])
        state["status"] = "draft"
        a1.households.save(state)
        assert states(a1) == {h["uuid"]: review.REJECTED}   # still to do
    to_county(net, "a1")
    with net.open("county") as county:
        assert states(county) == {h["uuid"]: review.REJECTED}
        with pytest.raises(InputError, match="draft household cannot"):
            county.sync.review(h["uuid"], "approve")
    with net.open("a1") as a1:
        state = a1.households.get(h["uuid"])
        state["status"] = "complete"
        a1.households.save(state)
    to_county(net, "a1")
    with net.open("county") as county:
        assert states(county) == {h["uuid"]: review.CORRECTED}
        county.sync.review(h["uuid"], "approve")
        # the county's own revisions are not the village's answer
        state = county.households.get(h["uuid"])
        state["fields"]["address"] = "县里改的地址"
        county.households.save(state)
        assert states(county) == {h["uuid"]: review.APPROVED}
    with net.open("a1") as a1:
        state = a1.households.get(h["uuid"])
        state["fields"]["phone"] = "13900000000"
        a1.households.save(state)
    to_county(net, "a1")
    with net.open("county") as county:
        assert states(county) == {h["uuid"]: review.PENDING}


def test_decisions_twice_and_out_of_order_end_with_the_latest(net: Net) -> None:
    h = complete()
    to_county(net, "a1", h)
    bundles = []
    with net.open("county") as county:
        for decision, comment in [("approve", ""), ("reject", "退回"), ("approve", "好")]:
            county.sync.review(h["uuid"], decision, comment)
            bundles.append(returned(county))
    first, second, third = bundles
    with net.open("a1") as a1:
        results = a1.sync.import_paths([third, first, second, third])
        assert [r.status for r in results] == ["accepted", "accepted", "accepted", "already"]
        item = a1.sync.review_of(h["uuid"])
        assert (item.state, item.comment) == (review.APPROVED, "好")
        with a1.engine.connect() as conn:
            assert conn.execute(select(Review.decision).order_by(Review.decided_at)
                                ).scalars().all() == ["approve", "reject", "approve"]
        [again] = a1.sync.import_paths([first])
        assert again.status == "already"
        assert a1.sync.review_of(h["uuid"]).state == review.APPROVED


def _forged(village: Any, uuid: str, revision_id: str, code: str = VILLAGE_A,  # noqa: ANN401
            role: str = "county") -> dict[str, Any]:
    return {"review_id": new_uuid(), "record_uuid": uuid, "revision_id": revision_id,
            "village_code": code, "decision": "approve", "comment": "", "questions": [],
            "decided_at": utc_now(), "decided_by": "假科长", "device_id": village.device_id,
            "role": role}


def _seal(village: Any, lines: list[dict[str, Any]], county_age: str,  # noqa: ANN401
          role: str = "village") -> bytes:
    header = {"kind": "data", "bundle_id": new_uuid(), "created_at": utc_now(),
              "seq": next_seq(village),
              "sender": {"device_id": village.device_id, "role": role,
                         "code": village.workspace.code, "county": COUNTY},
              "target": COUNTY, "recipients": [{"role": "county", "code": COUNTY,
                                                "age": county_age}]}
    manifest = {"bundle_id": header["bundle_id"], "kind": "data", "counts": {"revisions": 0}}
    return bundle.seal(header, bundle.encode_lines(lines, manifest), village.sync.identity())


def test_a_village_cannot_forge_a_county_decision(net: Net, tmp_path: Path) -> None:
    h = complete()
    to_county(net, "a1", h)
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
        item = county.sync.review_of(h["uuid"])
        assert item.state == review.PENDING
    with net.open("a1") as a1:
        with a1.engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT revision_id FROM household").scalar_one()
        data = _seal(a1, [{"t": "reviews", "reviews": [_forged(a1, h["uuid"], revision)]}],
                     county_age)
        with pytest.raises(InputError, match="only the county or a township"):
            a1.sync.review(h["uuid"], "approve")
    path = tmp_path / "forged.mopai"
    path.write_bytes(data)
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.status == "accepted" and r.reviews == 0      # its revisions would count…
        with county.engine.connect() as conn:
            assert conn.execute(select(Review)).all() == []    # …its decision does not
            [entry] = conn.execute(select(Audit).where(Audit.event == "reviews_received")).all()
        assert json.loads(entry.detail)["ignored"] == 1
        assert county.sync.review_of(h["uuid"]).state == review.PENDING


def test_a_malformed_decision_refuses_the_bundle_whole() -> None:
    good = {"review_id": new_uuid(), "record_uuid": new_uuid(), "revision_id": new_uuid(),
            "village_code": VILLAGE_A, "decision": "reject", "comment": "改",
            "questions": ["fields.address"], "decided_at": utc_now(), "decided_by": "科长",
            "device_id": new_uuid(), "role": "county"}
    assert review.check_line(good).comment == "改"
    bad = [{**good, "decision": "delete"}, {**good, "comment": "长" * 501},
           {**good, "comment": " "}, {**good, "questions": ["fields.x"] * 51},
           {**good, "questions": ["status"]}, {**good, "record_uuid": "../x"},
           {**good, "role": "village"}, {**good, "extra": 1}, {**good, "comment": 5}, []]
    for item in bad:
        with pytest.raises(ValueError):
            review.check_line(item)


def test_bad_input_is_refused_with_what_and_where(net: Net) -> None:
    h = complete()
    draft = household("0002", ("李四", "110105194912310021"), village_code=VILLAGE_A)
    with net.open("a1") as a1:
        a1.households.save(draft)
    to_county(net, "a1", h)
    with net.open("county") as county:
        with pytest.raises(InputError, match="is not a household uuid"):
            county.sync.review("not-a-uuid", "approve")
        with pytest.raises(StoreError, match="not found"):
            county.sync.review(new_uuid(), "approve")
        with pytest.raises(InputError, match="needs a comment"):
            county.sync.review(h["uuid"], "reject", "  ")
        with pytest.raises(InputError, match="at most 500"):
            county.sync.review(h["uuid"], "reject", "长" * 501)
        with pytest.raises(InputError, match="no household question 'nope'"):
            county.sync.review(h["uuid"], "reject", "改", ["nope"])
        with pytest.raises(InputError, match="NAME@N"):
            county.sync.review(h["uuid"], "reject", "改", ["id_number"])
        with pytest.raises(InputError, match="no member '9'"):
            county.sync.review(h["uuid"], "reject", "改", ["id_number@9"])
        with pytest.raises(InputError, match="draft household cannot"):
            county.sync.review(draft["uuid"], "approve")
        county.sync.review(draft["uuid"], "reject", "请完成调查")    # a draft can go back
        with pytest.raises(InputError, match="unknown review state"):
            county.sync.reviews(states=["done"])
        with county.engine.connect() as conn:
            assert len(conn.execute(select(Review)).all()) == 1


def test_a_township_reviews_its_own_villages_and_its_decision_reaches_the_village(
        net: Net) -> None:
    Workspace.create(net.home("t1"), role="township", code=VILLAGE_A[:9], user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as county, net.open("t1") as t1:
        enrol(county, t1, net.root)
        ret = returned(county)
    h = complete()
    b = complete("0009", VILLAGE_B)
    with net.open("a1") as a1:
        a1.sync.import_paths([ret])
    data = to_county(net, "a1", h)
    to_county(net, "b1", b)
    with net.open("t1") as t1:
        [r] = t1.sync.import_paths([data])
        assert r.status == "accepted"
        assert [i.uuid for i in t1.sync.reviews()] == [h["uuid"]]
        with pytest.raises(InputError, match="outside township"):
            t1.sync.reviews(village=VILLAGE_B)
        t1.sync.review(h["uuid"], "reject", "镇里审核：请核实收入")
        folder = net.stick / "t1"
        folder.mkdir()
        up = t1.sync.export(folder).path
        # a township device's decision on another township's household is not taken
        with net.open("county") as county:
            county_age = county.sync.identity().age_recipient
            with county.engine.connect() as conn:
                b_rev = conn.execute(select(Household.revision_id).where(
                    Household.uuid == b["uuid"])).scalar_one()
        forged = _seal(t1, [{"t": "reviews", "reviews": [
            _forged(t1, b["uuid"], b_rev, VILLAGE_B, role="township")]}], county_age,
            role="township")
    (folder / "forged.mopai").write_bytes(forged)
    with net.open("county") as county:
        [r, f] = county.sync.import_paths([up, folder / "forged.mopai"])
        assert (r.status, r.reviews) == ("accepted", 1)
        assert (f.status, f.reviews) == ("accepted", 0)
        item = county.sync.review_of(h["uuid"])
        assert (item.state, item.comment) == (review.REJECTED, "镇里审核：请核实收入")
        assert county.sync.review_of(b["uuid"]).state == review.PENDING
        back = returned(county)
    with net.open("a1") as a1:
        a1.sync.import_paths([back])
        assert a1.sync.review_of(h["uuid"]).comment == "镇里审核：请核实收入"
