"""The county's village overview from real bundles, and editing the area list (issue 7)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mopai.sync.errors import InputError
from mopai.sync.villages import add_area, remove_area, rename_area, village_overview
from tests.helpers import household
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
AREAS = [
    {"code": TOWN_A, "name": "甲镇", "level": "township", "parent_code": COUNTY},
    {"code": VILLAGE_A, "name": "甲村", "level": "village", "parent_code": TOWN_A},
    {"code": TOWN_B, "name": "乙镇", "level": "township", "parent_code": COUNTY},
    {"code": VILLAGE_B, "name": "乙村", "level": "village", "parent_code": TOWN_B},
    {"code": TOWN_B[:9][:6] + "003", "name": "丙镇", "level": "township", "parent_code": COUNTY},
    {"code": COUNTY + "003001", "name": "丙村", "level": "village", "parent_code": COUNTY + "003"},
]


def exports(net: Net, name: str, count: int, folder: Path) -> list[Path]:
    """`count` bundles from device `name`, one new household each (sequence 1..count)."""
    paths = []
    with net.open(name) as village:
        code = village.workspace.code
        for i in range(count):
            village.households.save(household(f"{name}{i}", ("张三", "11010519491231002X"),
                                              village_code=code))
            out = folder / f"{name}-{i + 1}"
            out.mkdir(parents=True)
            paths.append(village.sync.export(out).path)
    return paths


def test_overview_counts_devices_last_bundle_and_gaps(net: Net, tmp_path: Path) -> None:
    a1 = exports(net, "a1", 3, tmp_path / "stick")
    b1 = exports(net, "b1", 1, tmp_path / "stick")
    today = dt.date.today() + dt.timedelta(days=4)
    with net.open("county") as county:
        county.sync.set_areas(AREAS)
        results = county.sync.import_paths([a1[0], a1[2], b1[0]])   # a1's 2nd stays behind
        assert [r.status for r in results] == ["accepted"] * 3
        rows = {v.code: v for v in village_overview(county, today=today)}
        devices = {d.device_id: d for d in county.sync.devices()}

    assert list(rows) == sorted(rows) and set(rows) == {VILLAGE_A, VILLAGE_B, COUNTY + "003001"}
    a = rows[VILLAGE_A]
    # bundle 3 carries every unacknowledged revision: all three households arrived
    assert (a.name, a.township, a.township_name, a.households) == ("甲村", TOWN_A, "甲镇", 3)
    assert sorted(d.device_name for d in a.devices) == sorted(
        devices[d.device_id].device_name for d in a.devices)
    assert len(a.devices) == 2                                  # a1 and a2
    sent = [d for d in a.devices if d.bundles]
    assert len(sent) == 1 and sent[0].missing == (2,) and sent[0].last.seq == 3
    assert a.missing == {sent[0].device_id: (2,)}
    assert a.last_bundle is not None and a.last_bundle.seq == 3
    assert a.last_bundle.received_at >= a.last_bundle.created_at
    assert a.days_since == 4
    idle = [d for d in a.devices if not d.bundles][0]
    assert idle.last is None and idle.missing == () and idle.active

    b = rows[VILLAGE_B]
    assert b.households == 1 and b.missing == {} and b.last_bundle.seq == 1
    none = rows[COUNTY + "003001"]                               # listed, never sent anything
    assert none.last_bundle is None and none.days_since is None and none.devices == ()
    assert none.listed and none.households == 0


def test_an_unlisted_village_with_data_still_shows(net: Net, tmp_path: Path) -> None:
    paths = exports(net, "b1", 2, tmp_path / "stick")
    with net.open("county") as county:
        county.sync.set_areas(AREAS[:2])        # enrolment had listed B: a list without it
        county.sync.import_paths([paths[1]])                     # only the 2nd arrived
        rows = {v.code: v for v in village_overview(county)}
    b = rows[VILLAGE_B]
    assert not b.listed and b.name == "" and b.households == 2
    assert list(b.missing.values()) == [(1,)]


def test_add_rename_remove_areas(net: Net) -> None:
    with net.open("county") as county:
        county.sync.set_areas(AREAS)
        add_area(county, COUNTY + "004", "丁镇")
        add_area(county, COUNTY + "004 001", " 丁村 ")
        got = {a.code: a for a in county.sync.areas()}
        assert got[COUNTY + "004001"].name == "丁村"
        assert got[COUNTY + "004001"].level == "village"
        assert got[COUNTY + "004001"].parent_code == COUNTY + "004"
        assert got[COUNTY + "004"].level == "township"

        for code, name, words in [
                ("12345", "x", "9 (township) or 12"), ("999999001", "x", "not in this county"),
                (COUNTY + "009001", "x", "not listed; add it first"),
                (VILLAGE_A, "重名", "already listed"), (COUNTY + "005", " ", "no name")]:
            with pytest.raises(InputError, match=re.escape(words)):
                add_area(county, code, name)

        rename_area(county, VILLAGE_A, "新甲村")
        assert {a.code: a.name for a in county.sync.areas()}[VILLAGE_A] == "新甲村"

        county.households.save(household("0001", ("张三", "11010519491231002X"),
                                          village_code=COUNTY + "004001"))
        with pytest.raises(InputError, match="1 household"):
            remove_area(county, COUNTY + "004001")
        with pytest.raises(InputError, match="still has 1 village"):
            remove_area(county, COUNTY + "004")
        with pytest.raises(InputError, match="enrolled device"):
            remove_area(county, VILLAGE_B)                      # b1 is enrolled there
        remove_area(county, COUNTY + "003001")
        remove_area(county, COUNTY + "003")
        assert COUNTY + "003" not in {a.code for a in county.sync.areas()}
