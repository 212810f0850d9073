"""The county's household list: search and filters across villages, paged (issue 17), and a
county correction that goes back to the village in the return bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync import county_list
from mopai.sync.county_list import ListQuery
from mopai.sync.errors import InputError
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net


def _fill(net: Net, tmp_path: Path) -> None:
    """Village A (a1): 12 households in 一组/二组, one of them 张三丰's; village B (b1): 3."""
    bundles = []
    for name, code, count in (("a1", VILLAGE_A, 12), ("b1", VILLAGE_B, 3)):
        with net.open(name) as village:
            for i in range(count):
                state = household(f"{i + 1:04d}", (f"李{name}{i}", ""), village_code=code,
                                  group="一组" if i % 2 else "二组")
                if name == "a1" and i == 4:
                    state = household("0005", ("张三丰", "11010519491231002X"),
                                      village_code=code, group="一组")
                if i == 0:
                    state["paradata"] = {"started_at": "2026-11-01T08:00:00Z",
                                         "ended_at": "2026-11-01T08:30:00Z", "seconds": 1800,
                                         "by": f"文书{name}"}
                village.households.save(state)
            out = tmp_path / name
            out.mkdir()
            bundles.append(village.sync.export(out).path)
    with net.open("county") as county:
        county.sync.import_paths(bundles)


def test_search_and_filters_across_villages_paged(net: Net, tmp_path: Path) -> None:
    _fill(net, tmp_path)
    with net.open("county") as county:
        h = county.households
        first = h.county_page(ListQuery(), 0, 5)
        assert first.total == 15 and len(first.rows) == 5
        # township, village, 户编号 order, across pages
        everything = [r for off in range(0, 15, 5) for r in h.county_page(ListQuery(), off, 5).rows]
        keys = [(r.village_code, r.household_no) for r in everything]
        assert keys == sorted(keys) and {k[0] for k in keys} == {VILLAGE_A, VILLAGE_B}
        assert h.county_page(ListQuery(), 15, 5).rows == []
        # the page first, the total next (as the page asks while one types)
        assert h.county_page(ListQuery(), 0, 5, count=False).total is None
        assert h.county_page(ListQuery(text="zsf"), count=False).total == 1   # page tells
        assert h.county_count(ListQuery()) == 15
        assert h.county_count(ListQuery(area=VILLAGE_A, text="李")) == 11

        for text in ("张三丰", "zsf", "ZSF", "19491231", "0005"):
            found = h.county_page(ListQuery(text=text))
            assert [(r.village_code, r.household_no) for r in found.rows] == [
                (VILLAGE_A, "0005")][:found.total], text
            assert found.total == 1, text
        row = h.county_page(ListQuery(text="zsf")).rows[0]
        assert (row.head_name, row.head_id, row.members, row.group_name) == (
            "张三丰", "11010519491231002X", 1, "一组")
        # 户编号 being typed: short digits look in 户编号 only
        assert h.county_page(ListQuery(text="3")).total == 2      # 0003 in A and in B

        assert h.county_page(ListQuery(area=VILLAGE_B[:9])).total == 3     # township B
        assert h.county_page(ListQuery(area=VILLAGE_A)).total == 12
        assert h.county_page(ListQuery(area=VILLAGE_A, group="一组")).total == 7  # with 0005
        assert h.county_page(ListQuery(status="complete")).total == 0
        assert h.county_page(ListQuery(status="draft")).total == 15
        assert h.county_page(ListQuery(entered_by="文书a1")).total == 1
        device = row.device_id
        assert device and h.county_page(ListQuery(device_id=device)).total == 12
        among = frozenset({(VILLAGE_A, "0002"), (VILLAGE_B, "0003"), ("999", "1")})
        chosen = h.county_page(ListQuery(among=among), 0, 1)
        assert chosen.total == 2 and [r.household_no for r in chosen.rows] == ["0002"]
        assert [r.household_no for r in h.county_page(ListQuery(among=among), 1, 1).rows] \
            == ["0003"]

        choices = h.list_choices()
        assert choices.groups == {VILLAGE_A: ["一组", "二组"], VILLAGE_B: ["一组", "二组"]}
        assert "文书a1" in choices.users and "文书b1" in choices.users
        assert device in choices.devices
        with pytest.raises(InputError, match="draft or complete"):
            h.county_page(ListQuery(status="deleted"))


def test_county_correction_travels_back_to_the_village(net: Net, tmp_path: Path) -> None:
    _fill(net, tmp_path)
    with net.open("county") as county:
        assert not county_list.edits_allowed(county)
        row = county.households.county_page(ListQuery(text="zsf")).rows[0]
        with pytest.raises(InputError, match="does not allow"):
            county_list.correct(county, county.households.get(row.uuid), "核实")
        county_list.allow_edits(county, True)
        assert county_list.edits_allowed(county)
        row = county.households.county_page(ListQuery(text="zsf")).rows[0]
        state = county.households.get(row.uuid)
        state["fields"]["address"] = "县里核实的新地址"
        with pytest.raises(InputError, match="reason"):
            county_list.correct(county, state, "  ")
        county_list.correct(county, state, "村里地址写错，电话核实")
        events = county.audit.entries("county_correction")
        back = tmp_path / "return"
        back.mkdir()
        result = county.sync.export_return(VILLAGE_A, back)
    assert len(events) == 1 and "电话核实" in events[0].detail and row.uuid in events[0].detail
    with net.open("a1") as village:
        village.sync.import_paths([result.path])
        assert village.households.get(row.uuid)["fields"]["address"] == "县里核实的新地址"
