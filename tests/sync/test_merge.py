"""Three-way merge: properties of the field merge, and two devices editing one household."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mopai.sync.merge import three_way
from mopai.sync.record import flatten
from tests.conftest import copy_workspaces
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net, build_net
from tests.sync.helpers import households, open_conflicts, snapshot

# -- the field merge on its own ------------------------------------------------------------------
FIELDS = ["phone", "address", "group", "household_type"]
values = st.one_of(st.none(), st.sampled_from(["甲", "乙", "丙", 1, 2]))
field_maps = st.fixed_dictionaries({f: values for f in FIELDS})


def _state(fields: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": "u", "form_id": "f", "form_version": "1", "status": "draft",
            "fields": {k: v for k, v in fields.items() if v is not None}, "members": []}


L_REV = {"created_at": "2026-01-01T00:00:00Z", "revision_id": "l"}
R_REV = {"created_at": "2026-01-02T00:00:00Z", "revision_id": "r"}


@given(field_maps, field_maps, field_maps)
def test_field_merge_properties(base: dict, local: dict, remote: dict) -> None:
    b, lo, re = _state(base), _state(local), _state(remote)
    merged, conflicts = three_way(b, lo, re, L_REV, R_REV)
    swapped, conflicts2 = three_way(b, re, lo, R_REV, L_REV)
    assert flatten(merged) == flatten(swapped)  # any import order, same result
    assert {c.path for c in conflicts} == {c.path for c in conflicts2}
    conflicted = {c.path for c in conflicts}
    fm, fb, fl, fr = flatten(merged), flatten(b), flatten(lo), flatten(re)
    for path in fb.keys() | fl.keys() | fr.keys():
        if fl.get(path) == fb.get(path):
            assert fm.get(path) == fr.get(path)  # only remote changed it: remote's edit kept
        elif fr.get(path) == fb.get(path):
            assert fm.get(path) == fl.get(path)
        elif fl.get(path) != fr.get(path):
            assert path in conflicted  # both changed it differently: a person decides
            assert fm.get(path) == fr.get(path)  # the later edit shows meanwhile
    for c in conflicts:  # nothing lost: both values are kept
        assert (c.local, c.remote) == (fl.get(c.path), fr.get(c.path))
    if local == base:
        assert fm == fr and not conflicts


def test_members_are_matched_by_uuid() -> None:
    base = household("1", ("张三", "11010519491231002X"), ("李四", "440524188001010014"))
    local, remote = _copy(base), _copy(base)
    local["members"][0]["fields"]["phone"] = "13800000000"
    remote["members"].reverse()  # the other device reordered them...
    remote["members"][0]["fields"]["name"] = "李四四"  # ...and renamed 李四
    remote["members"].append({"uuid": "new", "fields": {"name": "王五"}})
    merged, conflicts = three_way(base, local, remote, L_REV, R_REV)
    names = [m["fields"]["name"] for m in merged["members"]]
    assert names == ["李四四", "张三", "王五"] and not conflicts
    assert merged["members"][1]["fields"]["phone"] == "13800000000"


def _copy(state: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(state))


# -- two devices of one village, through real bundles ------------------------------------------
@dataclass
class Scenario:
    net: Net
    county_base: Path  # the county after the first bundle and the first return
    bundles: list[Path]
    h1: str
    h2: str
    h3: str
    h4: str


def _edit(store, uuid: str, **fields: Any) -> None:  # noqa: ANN001
    state = store.households.get(uuid)
    state["fields"].update(fields)
    store.households.save(state)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, _net_template: Path) -> Scenario:
    root = tmp_path_factory.mktemp("scenario") / "net"
    copy_workspaces(_net_template, root)
    net = Net(root)
    out = root / "bundles"
    out.mkdir()
    h1 = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A, address="老地址")
    h2 = household("0002", ("李四", "440524188001010014"), village_code=VILLAGE_A)
    with net.open("a1") as a1:
        a1.households.save_many([h1, h2])
        first = a1.sync.export(out / ".." )
    with net.open("county") as county:
        assert county.sync.import_paths([first.path])[0].status == "accepted"
        ret = county.sync.export_return(VILLAGE_A, root)
    for name in ("a1", "a2"):
        with net.open(name) as v:
            assert v.sync.import_paths([ret.path])[0].status == "accepted"
    copy_workspaces(root / "county", root / "county-base")
    bundles = []
    with net.open("a1") as a1:
        _edit(a1, h1["uuid"], phone="13900000001", address="一号设备写的地址")
        bundles.append(a1.sync.export(out).path)
        _edit(a1, h1["uuid"], group="三组")
        bundles.append(a1.sync.export(out).path)
    with net.open("a2") as a2:
        assert a2.households.get(h1["uuid"])["fields"]["address"] == "老地址"
        _edit(a2, h1["uuid"], address="二号设备写的地址")
        _edit(a2, h2["uuid"], household_type="monitored")
        bundles.append(a2.sync.export(out).path)
        state = a2.households.get(h2["uuid"])
        state["members"].append({"uuid": "m-new", "fields": {"name": "李小四", "relation": "child"}})
        a2.households.save(state)
        bundles.append(a2.sync.export(out).path)
    h3 = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_B)  # same ID
    h4 = household("0002", ("赵六", "110105194912310037"), village_code=VILLAGE_B)
    with net.open("b1") as b1:
        b1.households.save_many([h3, h4])
        bundles.append(b1.sync.export(out).path)
        b1.households.delete(h4["uuid"], reason="moved away")
        bundles.append(b1.sync.export(out).path)
    return Scenario(net, root / "county-base", bundles, h1["uuid"], h2["uuid"], h3["uuid"],
                    h4["uuid"])


def _county_from_base(sc: Scenario, tmp: Path):  # noqa: ANN202
    target = tmp / "county"
    if target.exists():
        shutil.rmtree(target)
    copy_workspaces(sc.county_base, target)
    from mopai.sync.workspace import Workspace
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import COUNTY_USER

    return Workspace(target).unlock(COUNTY_USER, PASSPHRASE)


def _content(store) -> tuple[Any, ...]:  # noqa: ANN001
    dups = {(d.id_number, frozenset((d.household_uuid, d.other_household_uuid)))
            for d in store.sync.duplicates()}
    tombs = {r[0] for r in snapshot(store)["tombstone"]}
    return households(store), open_conflicts(store), dups, tombs


def test_two_devices_merge_fields_and_conflict_on_the_same_field(scenario: Scenario,
                                                                 tmp_path: Path) -> None:
    sc = scenario
    with _county_from_base(sc, tmp_path) as county:
        results = county.sync.import_paths(sc.bundles)
        assert [r.status for r in results] == ["accepted"] * 6
        h1 = county.households.get(sc.h1)["fields"]
        assert h1["phone"] == "13900000001" and h1["group"] == "三组"  # different fields combine
        assert h1["address"] == "二号设备写的地址"  # the later edit shows until resolved
        [conflict] = county.sync.conflicts()
        assert conflict.field_path == "fields.address"
        assert {conflict.local_value, conflict.remote_value} == {'"一号设备写的地址"',
                                                                 '"二号设备写的地址"'}
        assert conflict.base_value == '"老地址"'
        h2 = county.households.get(sc.h2)
        assert h2["fields"]["household_type"] == "monitored" and len(h2["members"]) == 2
        # Tombstones travel; the cross-village duplicate ID is flagged, not merged.
        assert sc.h4 not in households(county) and sc.h4 in _content(county)[3]
        [dup] = county.sync.duplicates()
        assert {dup.household_uuid, dup.other_household_uuid} == {sc.h1, sc.h3}
        assert {dup.village_code, dup.other_village_code} == {VILLAGE_A, VILLAGE_B}
        # Nothing lost: both devices' revisions are in the history.
        devices = {e.device_id for e in county.households.history(sc.h1)}
        assert len(devices) >= 3  # a1, a2 and the county's merge


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(order=st.lists(st.integers(0, 5), min_size=1, max_size=10))
def test_any_set_in_any_order_with_repeats_gives_the_same_store(
        scenario: Scenario, tmp_path_factory, order: list[int]) -> None:  # noqa: ANN001
    tmp = tmp_path_factory.mktemp("order")
    chosen = frozenset(order)
    if chosen not in _REFERENCE:  # the same set imported once each, in file order
        with _county_from_base(scenario, tmp) as county:
            county.sync.import_paths([scenario.bundles[i] for i in sorted(chosen)])
            _REFERENCE[chosen] = _content(county)
    with _county_from_base(scenario, tmp) as county:
        for i in order:
            [r] = county.sync.import_paths([scenario.bundles[i]])
            assert r.ok
        assert _content(county) == _REFERENCE[chosen]


_REFERENCE: dict[frozenset[int], Any] = {}


def test_round_trip_converges_and_resolution_travels_back(scenario: Scenario, tmp_path: Path
                                                          ) -> None:
    sc = scenario
    net = Net(tmp_path / "net")
    copy_workspaces(sc.net.root, net.root)
    with net.open("county") as county:
        county.sync.import_paths(sc.bundles)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
        want = {u: s for u, s in households(county).items() if u in (sc.h1, sc.h2)}
    for name in ("a1", "a2"):
        with net.open(name) as v:
            [r] = v.sync.import_paths([ret.path])
            assert r.status == "accepted", r.one_line()
            assert households(v) == want, name
            assert v.status().unacknowledged == 0  # the county holds everything it made
            assert v.sync.conflicts() == []
    # The county resolves the conflict; the resolution reaches both laptops.
    with net.open("county") as county:
        [c] = county.sync.conflicts()
        keep = "local" if c.local_value == '"一号设备写的地址"' else "remote"
        county.sync.resolve_conflict(c.id, keep)
        assert county.sync.conflicts() == []
        ret2 = county.sync.export_return(VILLAGE_A, net.stick)
    for name in ("a1", "a2"):
        with net.open(name) as v:
            assert v.sync.import_paths([ret2.path])[0].status == "accepted"
            assert v.households.get(sc.h1)["fields"]["address"] == "一号设备写的地址"
    # Village B's return carries its own records only.
    with net.open("county") as county:
        ret_b = county.sync.export_return(VILLAGE_B, net.stick)
    with net.open("b1") as b1:
        assert b1.sync.import_paths([ret_b.path])[0].status == "accepted"
        assert set(households(b1)) == {sc.h3}
        # A village imports only return bundles of its own: A's return is not addressed here.
        assert b1.sync.import_paths([ret2.path])[0].reason == "wrong_village"


def test_a_correction_to_a_record_the_village_changed_is_a_conflict_there_too(
        net: Net) -> None:
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A, phone="13000000000")
    with net.open("a1") as a1:
        a1.households.save(h)
        path = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([path])
        _edit(county, h["uuid"], phone="13111111111")  # correction made at the county
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:
        _edit(a1, h["uuid"], phone="13222222222")  # meanwhile the village changed it too
        [r] = a1.sync.import_paths([ret.path])
        assert r.status == "accepted" and r.conflicts == 1
        [c] = a1.sync.conflicts()
        assert {c.local_value, c.remote_value} == {'"13111111111"', '"13222222222"'}
        # The village's merge travels back to the county with the next bundle.
        back = a1.sync.export(net.stick)
        assert back.revisions >= 2
    with net.open("county") as county:
        assert county.sync.import_paths([back.path])[0].status == "accepted"
        with net.open("a1") as a1:
            assert county.households.get(h["uuid"]) == a1.households.get(h["uuid"])


def test_revisions_failing_validation_are_quarantined_with_the_reason(net: Net) -> None:
    @dataclass
    class Finding:
        severity: str
        message_zh: str

    def validator(state: dict[str, Any]) -> list[Finding]:
        if state["fields"].get("household_no", "").startswith("BAD"):
            return [Finding("error", "户主人数不是一")]
        return []

    good = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    bad = household("BAD1", ("李四", "440524188001010014"), village_code=VILLAGE_A)
    for h in (good, bad):
        h["status"] = "complete"
    with net.open("a1") as a1:  # the village saved it before the rule existed
        a1.households.save_many([good, bad])
        path = a1.sync.export(net.stick).path
    with net.open("county", validator=validator) as county:
        [r] = county.sync.import_paths([path])
        assert (r.status, r.households, r.quarantined) == ("accepted", 1, 1)
        [q] = county.sync.quarantined()
        assert q.record_uuid == bad["uuid"] and "户主人数不是一" in q.reason
        assert county.status().quarantined == 1
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:  # held (in quarantine) at the county: the village stops resending
        a1.sync.import_paths([ret.path])
        assert a1.status().unacknowledged == 0


def test_build_net_is_reusable(tmp_path: Path) -> None:
    """The fixture builder works from nothing (used by bench functions too)."""
    net = build_net(tmp_path)
    with net.open("county") as county:
        assert len(county.sync.devices()) == 3


def test_return_bundle_carries_reference_list_and_form_workbook(net: Net, tmp_path: Path) -> None:
    from tests.formfiles import edited_form

    workbook = edited_form(tmp_path / "labor_survey.xlsx")
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": "110105001", "name": "甲镇", "level": "township", "parent_code": "110105"},
            {"code": VILLAGE_A, "name": "一村", "level": "village", "parent_code": "110105001"}])
        county.forms.publish(workbook)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a2") as a2:
        [r] = a2.sync.import_paths([ret.path])
        assert r.status == "accepted" and r.forms == ["2026.2"]
        assert [a.name for a in a2.sync.areas()] == ["甲镇", "一村"]
        assert a2.forms.catalog().current.content == workbook.read_bytes()


def test_a_deletion_against_an_edit_keeps_the_record_and_asks(net: Net) -> None:
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    with net.open("a1") as a1:
        a1.households.save(h)
        path = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([path])
        _edit(county, h["uuid"], address="县里更正的地址")
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:
        a1.households.delete(h["uuid"], reason="搬走了")
        [r] = a1.sync.import_paths([ret.path])
        assert r.conflicts == 1
        [c] = a1.sync.conflicts()
        assert c.field_path == "_deleted"
        assert a1.households.get(h["uuid"])["fields"]["address"] == "县里更正的地址"
        a1.sync.resolve_conflict(c.id, "local")  # the village confirms the deletion
        assert h["uuid"] not in households(a1) and a1.sync.conflicts() == []
        back = a1.sync.export(net.stick).path
    with net.open("county") as county:
        assert county.sync.import_paths([back])[0].status == "accepted"
        assert h["uuid"] not in households(county)  # the tombstone travelled


def _confirm(store, uuid: str, member: int | None, field: str, reason: str) -> None:  # noqa: ANN001
    state = store.households.get(uuid)
    owner = state if member is None else state["members"][member]
    owner.setdefault("confirmations", {})[field] = reason
    store.households.save(state)


def test_reasons_of_confirmed_warnings_travel_and_merge_field_by_field(net: Net) -> None:
    """Reasons are part of the record: they go in bundles, and two devices' reasons for
    different answers combine, for the same answer conflict, and the resolution is kept."""
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    with net.open("a1") as a1:
        a1.households.save(h)
        first = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([first])
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a2") as a2:
        a2.sync.import_paths([ret.path])
        _confirm(a2, h["uuid"], None, "survey_date", "去年入户，今年补录")
        _confirm(a2, h["uuid"], 0, "monthly_income", "包工头，收入属实")
        from_a2 = a2.sync.export(net.stick).path
    with net.open("a1") as a1:
        _confirm(a1, h["uuid"], 0, "id_number", "老人今年101岁，已核对户口本")
        _confirm(a1, h["uuid"], 0, "monthly_income", "年底结算，按月平均")
        from_a1 = a1.sync.export(net.stick).path
    with net.open("county") as county:
        assert [r.status for r in county.sync.import_paths([from_a1, from_a2])] == ["accepted"] * 2
        state = county.households.get(h["uuid"])
        assert state["confirmations"] == {"survey_date": "去年入户，今年补录"}
        member = state["members"][0]
        assert member["confirmations"]["id_number"] == "老人今年101岁，已核对户口本"
        [c] = county.sync.conflicts()
        assert c.field_path == f"members.{member['uuid']}.confirmations.monthly_income"
        assert {c.local_value, c.remote_value} == {'"包工头，收入属实"', '"年底结算，按月平均"'}
        county.sync.resolve_conflict(c.id, "value", "包工头，年底结算，收入属实")
        after = county.households.get(h["uuid"])["members"][0]["confirmations"]
        assert after == {"id_number": "老人今年101岁，已核对户口本",
                         "monthly_income": "包工头，年底结算，收入属实"}
