"""Repeats other than the members (docs/decisions.md 48): instances kept in the record under
``repeats`` with their own uuids, flattened and merged per instance, checked by the schema, and
carried by real bundles to the county, where concurrent edits of different instances combine."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mopai.sync.merge import three_way, unflatten
from mopai.sync.record import flatten, new_instance
from mopai.sync.schema import MAX_REPEAT_DEPTH, FieldTypes, Problem, check_state
from tests.conftest import copy_workspaces
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import open_conflicts

L_REV = {"created_at": "2026-01-01T00:00:00Z", "revision_id": "l"}
R_REV = {"created_at": "2026-01-02T00:00:00Z", "revision_id": "r"}


def _with_repeats(state: dict[str, Any]) -> dict[str, Any]:
    """A household with two 帮扶措施 records and, in its first member, two jobs, the first with
    one trip (a repeat inside the jobs repeat)."""
    state["repeats"] = {"measures": [
        {"uuid": "m1", "fields": {"kind": "training", "year": 2026}},
        {"uuid": "m2", "fields": {"kind": "loan"}}]}
    state["members"][0]["repeats"] = {"jobs": [
        {"uuid": "j1", "fields": {"place": "广东", "months": 6},
         "repeats": {"trips": [{"uuid": "t1", "fields": {"month": 3}}]}},
        {"uuid": "j2", "fields": {"place": "本县", "months": 3},
         "confirmations": {"months": "农忙回家"}}]}
    return state


def _base() -> dict[str, Any]:
    return _with_repeats(household("1", ("张三", "11010519491231002X"),
                                   ("李四", "440524188001010014")))


def _jobs(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {j["uuid"]: j for j in state["members"][0]["repeats"]["jobs"]}


def test_instances_flatten_by_uuid_and_come_back_whole() -> None:
    state = _base()
    flat = flatten(state)
    m = state["members"][0]["uuid"]
    assert flat["repeats.measures.m2.fields.kind"] == "loan"
    assert flat["repeats.measures.m2.position"] == 1
    assert flat[f"members.{m}.repeats.jobs.j1.fields.place"] == "广东"
    assert flat[f"members.{m}.repeats.jobs.j1.repeats.trips.t1.fields.month"] == 3
    assert flat[f"members.{m}.repeats.jobs.j2.confirmations.months"] == "农忙回家"
    assert unflatten(flat, state) == state
    plain = household("2", ("王五", "110105194912310037"))
    assert "repeats" not in unflatten(flatten(plain), plain)   # records without them unchanged


def test_concurrent_edits_of_different_instances_are_both_kept() -> None:
    base = _base()
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    _jobs(local)["j1"]["fields"]["months"] = 8                     # one device: the first job
    _jobs(remote)["j2"]["fields"]["place"] = "浙江"                 # the other: the second job
    remote["members"][0]["repeats"]["jobs"].append(new_instance({"place": "上海"}))
    remote["repeats"]["measures"].reverse()                        # and reorders the measures
    for merged, conflicts in (three_way(base, local, remote, L_REV, R_REV),
                              three_way(base, remote, local, R_REV, L_REV)):
        assert not conflicts
        jobs = merged["members"][0]["repeats"]["jobs"]
        assert [j["fields"]["place"] for j in jobs] == ["广东", "浙江", "上海"]
        assert jobs[0]["fields"]["months"] == 8 and jobs[0]["repeats"]["trips"][0]["uuid"] == "t1"
        assert [r["uuid"] for r in merged["repeats"]["measures"]] == ["m2", "m1"]


def test_one_instance_merges_field_by_field_and_a_same_field_edit_is_a_conflict() -> None:
    base = _base()
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    _jobs(local)["j1"]["fields"]["months"] = 7
    _jobs(remote)["j1"]["fields"]["place"] = "江苏"
    merged, conflicts = three_way(base, local, remote, L_REV, R_REV)
    assert not conflicts and _jobs(merged)["j1"]["fields"] == {"place": "江苏", "months": 7}
    _jobs(local)["j1"]["fields"]["place"] = "福建"
    merged, conflicts = three_way(base, local, remote, L_REV, R_REV)
    m = base["members"][0]["uuid"]
    assert [(c.path, c.base, c.local, c.remote) for c in conflicts] == [
        (f"members.{m}.repeats.jobs.j1.fields.place", "广东", "福建", "江苏")]
    assert _jobs(merged)["j1"]["fields"]["place"] == "江苏"       # the later shows meanwhile


def test_an_instance_removed_on_one_side_is_gone() -> None:
    base = _base()
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    del local["repeats"]["measures"][0]
    local["members"][0]["repeats"]["jobs"][0]["repeats"] = {}       # its trip removed
    remote["fields"]["phone"] = "13800000000"
    merged, conflicts = three_way(base, local, remote, L_REV, R_REV)
    assert not conflicts
    assert [r["uuid"] for r in merged["repeats"]["measures"]] == ["m2"]
    assert "repeats" not in _jobs(merged)["j1"] and merged["fields"]["phone"] == "13800000000"


def test_the_schema_checks_instances_and_names_where() -> None:
    types = FieldTypes({}, {}, {"jobs": {"months": "integer"}})
    check_state(_base(), types)

    def refused(change, *words: str) -> None:  # noqa: ANN001
        state = _base()
        change(state)
        with pytest.raises(Problem) as caught:
            check_state(state, types)
        for word in words:
            assert word in caught.value.en, caught.value.en

    refused(lambda s: s["members"][0]["repeats"]["jobs"][1].update(uuid="j1"),
            "member 1, jobs 2", "repeated uuid")
    refused(lambda s: _jobs(s)["j2"]["fields"].update(months="six"),
            "member 1, jobs 2", "'months'", "integer")
    refused(lambda s: s["repeats"]["measures"][0].update(extra=1), "measures 1 is malformed")
    refused(lambda s: s["repeats"].update({"bad-name": []}), "invalid repeat name")
    refused(lambda s: s["repeats"].update(measures={}), "not a list")

    def deep(s: dict[str, Any]) -> None:
        inner: dict[str, Any] = {"uuid": "x", "fields": {}}
        for _ in range(MAX_REPEAT_DEPTH):
            inner = {"uuid": "x", "fields": {}, "repeats": {"r": [inner]}}
        s["repeats"] = {"r": [inner]}
    refused(deep, "nested more than")


def test_a_bundle_carries_instances_and_the_county_keeps_both_devices_edits(
        tmp_path: Path, _net_template: Path) -> None:
    root = tmp_path / "net"
    copy_workspaces(_net_template, root)
    net = Net(root)
    out = root / "bundles"
    out.mkdir()
    h = _with_repeats(household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A))
    with net.open("a1") as a1:
        a1.households.save(h)
        assert a1.households.get(h["uuid"])["members"][0]["repeats"] == \
            h["members"][0]["repeats"]                               # real SQLCipher, back whole
        first = a1.sync.export(out).path
    with net.open("county") as county:
        assert county.sync.import_paths([first])[0].status == "accepted"
        ret = county.sync.export_return(VILLAGE_A, root)
    bundles = []
    edits = (("a1", {"j1": {"months": 9}, "j2": {"months": 4}}),
             ("a2", {"j2": {"place": "浙江", "months": 5}}))
    for name, changes in edits:
        with net.open(name) as v:
            if name == "a2":
                assert v.sync.import_paths([ret.path])[0].ok
            state = v.households.get(h["uuid"])
            for job, change in changes.items():
                _jobs(state)[job]["fields"].update(change)
            if name == "a2":
                state["repeats"]["measures"].append({"uuid": "m3", "fields": {"kind": "job"}})
            v.households.save(state)
            bundles.append(v.sync.export(out).path)
    with net.open("county") as county:
        assert [r.status for r in county.sync.import_paths(bundles)] == ["accepted"] * 2
        merged = county.households.get(h["uuid"])
        jobs = _jobs(merged)
        assert jobs["j1"]["fields"]["months"] == 9 and jobs["j2"]["fields"]["place"] == "浙江"
        assert [m["uuid"] for m in merged["repeats"]["measures"]] == ["m1", "m2", "m3"]
        # the same answer of the same instance on both: a conflict naming the instance,
        # resolved into that instance
        [conflict] = county.sync.conflicts()
        member = h["members"][0]["uuid"]
        assert conflict.field_path == f"members.{member}.repeats.jobs.j2.fields.months"
        assert {conflict.local_value, conflict.remote_value} == {"4", "5"}
        county.sync.resolve_conflict(conflict.id, "value", 6)
        assert not open_conflicts(county)
        assert _jobs(county.households.get(h["uuid"]))["j2"]["fields"] == {
            "place": "浙江", "months": 6}
        assert json.loads(json.dumps(merged)) == merged
