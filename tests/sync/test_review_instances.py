"""A reviewer's comment on a question inside an instance of a repeat other than the members
(issue 19, decision 60): named by the instance's path as findings name it
(``members[1]/jobs[2]/job_wage``), kept and sent as the record's path by the instances' ids,
brought to the village by a real return bundle, and found there wherever the entry is now;
an entry removed since names nothing (sync/record.py ``instance_path``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mopai.sync import review
from mopai.sync.errors import InputError
from mopai.sync.record import flat_instance_path, instance_path, new_uuid
from tests.formrepeats import repeats_form
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net


def _to_county(net: Net, h: dict[str, Any] | None) -> None:
    folder = net.stick / f"a1-{new_uuid()[:8]}"
    folder.mkdir()
    with net.open("a1") as a1:
        if h is not None:
            a1.households.save(h)
        path = a1.sync.export(folder).path
    with net.open("county") as county:
        assert county.sync.import_paths([path])[0].status == "accepted"


def _returned(net: Net) -> Path:
    folder = net.stick / f"ret-{new_uuid()[:8]}"
    folder.mkdir()
    with net.open("county") as county:
        return county.sync.export_return(VILLAGE_A, folder).path


def _household() -> dict[str, Any]:
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    h["form_version"] = "2026.9"
    h["status"] = "complete"
    h["members"][0]["fields"]["jobs_count"] = 2
    h["members"][0]["repeats"] = {"jobs": [
        {"uuid": new_uuid(), "fields": {"job_place": "广州", "job_wage": 4000, "job_bonus": 500}},
        {"uuid": new_uuid(), "fields": {"job_place": "深圳", "job_wage": 100000}}]}
    h["repeats"] = {"measures": [{"uuid": new_uuid(), "fields": {
        "measure_kind": "技能培训", "measure_amount": 300}}]}
    return h


@pytest.fixture
def published(net: Net, tmp_path: Path) -> Net:
    with net.open("county") as county:
        county.forms.publish(repeats_form(tmp_path / "repeats.xlsx"), reason="增加工作和帮扶措施")
    ret = _returned(net)
    with net.open("a1") as a1:
        assert a1.sync.import_paths([ret])[0].ok
    return net


def test_a_comment_on_a_job_travels_to_the_village_and_follows_the_entry(
        published: Net) -> None:
    net = published
    h = _household()
    _to_county(net, h)
    member = h["members"][0]["uuid"]
    second, measure = h["members"][0]["repeats"]["jobs"][1]["uuid"], h["repeats"]["measures"][0]["uuid"]
    wage = f"members.{member}.repeats.jobs.{second}.fields.job_wage"
    amount = f"repeats.measures.{measure}.fields.measure_amount"
    with net.open("county") as county:
        d = county.sync.review(h["uuid"], "reject", "第二份工作的月收入不对",
                               ["members[1]/jobs[2]/job_wage", "measures[1]/measure_amount"])
        assert d.questions == (wage, amount)
        assert county.sync.review_of(h["uuid"]).questions == [wage, amount]
    ret = _returned(net)
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([ret])
        assert r.status == "accepted" and r.reviews == 1
        [item] = a1.sync.reviews(states=[review.REJECTED])
        assert item.questions == [wage, amount]
        state = a1.households.get(h["uuid"])
    assert instance_path(state, wage) == "members[1]/jobs[2]/job_wage"
    assert instance_path(state, amount) == "measures[1]/measure_amount"
    jobs = state["members"][0]["repeats"]["jobs"]
    jobs.reverse()                                          # reordered: the comment follows
    assert instance_path(state, wage) == "members[1]/jobs[1]/job_wage"
    del jobs[0]                                             # removed: it names nothing
    assert instance_path(state, wage) is None
    assert instance_path(state, "fields.address") is None   # not inside an instance
    assert flat_instance_path(state, "measures[1]/measure_amount") == amount


def test_an_instance_question_that_is_not_there_is_refused_naming_it(published: Net) -> None:
    net = published
    h = _household()
    _to_county(net, h)
    with net.open("county") as county:
        for path, said in (("members[1]/jobs[3]/job_wage", "has no entry"),
                           ("members[2]/jobs[1]/job_wage", "has no entry"),
                           ("members[1]/jobs[1]/nothing", "no question"),
                           ("measures[1]/job_wage", "no question")):
            with pytest.raises(InputError, match=said) as err:
                county.sync.review(h["uuid"], "reject", "有误", [path])
            assert err.value.where == path
        assert county.sync.review_of(h["uuid"]).decision == ""        # nothing kept


def test_a_bundle_line_with_an_instance_path_is_checked() -> None:
    good = {"review_id": new_uuid(), "record_uuid": new_uuid(), "revision_id": new_uuid(),
            "village_code": VILLAGE_A, "decision": "reject", "comment": "有误",
            "decided_at": "2026-06-01T00:00:00Z", "decided_by": "科长", "device_id": "d1",
            "role": "county"}
    member = new_uuid()
    for path in (f"members.{member}.repeats.jobs.{new_uuid()}.fields.job_wage",
                 "repeats.measures.s1.fields.measure_amount",
                 "repeats.a.x1.repeats.b.x2.repeats.c.x3.fields.v"):
        assert review.check_line({**good, "questions": [path]}).questions == (path,)
    for bad in ("repeats.measures.s1.position", "repeats.measures..fields.x",
                f"members.{member}.repeats.jobs.j/1.fields.x",
                "repeats.a.1.repeats.b.2.repeats.c.3.repeats.d.4.fields.x"):
        with pytest.raises(ValueError, match="questions"):
            review.check_line({**good, "questions": [bad]})
