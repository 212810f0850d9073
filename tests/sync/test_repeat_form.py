"""A county form with a jobs list inside each member and a 帮扶措施 list beside the members
(issue 19, decision 59), end to end: published at the county, received by two laptops of a
village with their return bundles, a household captured under it, concurrent edits of
different instances merged at the county, and the ledger's sheet per repeat read back."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai.reports.export import export_data
from mopai.reports.ledger import ledger_workbook
from mopai.sync.errors import InputError
from tests.conftest import copy_workspaces
from tests.formrepeats import repeats_form
from tests.helpers import household, table_rows
from tests.sync.conftest import VILLAGE_A, Net


def _jobs(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {j["uuid"]: j for j in state["members"][0]["repeats"]["jobs"]}


def test_a_form_with_nested_repeats_travels_merges_per_instance_and_has_a_ledger_sheet_each(
        tmp_path: Path, _net_template: Path) -> None:
    root = tmp_path / "net"
    copy_workspaces(_net_template, root)
    net = Net(root)
    out = root / "bundles"
    for folder in (out, root / "r1", root / "r2"):
        folder.mkdir()
    with net.open("county") as county:
        county.forms.publish(repeats_form(tmp_path / "repeats.xlsx"), reason="增加工作和帮扶措施")
        form_return = county.sync.export_return(VILLAGE_A, root / "r1").path
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    h["form_version"] = "2026.9"
    h["members"][0]["fields"]["jobs_count"] = 2
    h["members"][0]["repeats"] = {"jobs": [
        {"uuid": "j1", "fields": {"job_place": "广州", "job_wage": 4000, "job_bonus": 500}},
        {"uuid": "j2", "fields": {"job_place": "深圳", "job_wage": 1000}}]}
    h["repeats"] = {"measures": [{"uuid": "s1", "fields": {"measure_kind": "技能培训",
                                                           "measure_amount": 300}}]}
    with net.open("a1") as a1:
        assert a1.sync.import_paths([form_return])[0].ok
        assert a1.forms.current().version == "2026.9"
        wrong = {**h, "repeats": {"measures": [{"uuid": "s9",
                                                "fields": {"measure_amount": "很多"}}]}}
        with pytest.raises(InputError, match="measure_amount"):   # typed per repeat
            a1.households.save(wrong)
        a1.households.save(h)
        first = a1.sync.export(out).path
    with net.open("county") as county:
        assert county.sync.import_paths([first])[0].status == "accepted"
        ret = county.sync.export_return(VILLAGE_A, root / "r2").path
    bundles = []
    for name in ("a1", "a2"):
        with net.open(name) as v:
            if name == "a2":
                assert v.sync.import_paths([form_return, ret])[-1].ok
            state = v.households.get(h["uuid"])
            if name == "a1":
                _jobs(state)["j1"]["fields"]["job_wage"] = 4500
            else:
                _jobs(state)["j2"]["fields"]["job_place"] = "东莞"
                state["repeats"]["measures"].append(
                    {"uuid": "s2", "fields": {"measure_kind": "小额信贷", "measure_amount": 5000}})
            v.households.save(state)
            bundles.append(v.sync.export(out).path)
    with net.open("county") as county:
        assert [r.status for r in county.sync.import_paths(bundles)] == ["accepted"] * 2
        merged = county.households.get(h["uuid"])
        assert _jobs(merged)["j1"]["fields"]["job_wage"] == 4500
        assert _jobs(merged)["j2"]["fields"]["job_place"] == "东莞"
        assert [m["uuid"] for m in merged["repeats"]["measures"]] == ["s1", "s2"]
        assert not county.sync.conflicts()
        ledger = tmp_path / "台账.xlsx"
        ledger_workbook(county, VILLAGE_A, ledger)
        exported = tmp_path / "data"
        exported.mkdir()
        export_data(county, exported, "csv")
    wb = openpyxl.load_workbook(ledger)
    assert wb.sheetnames[:1] == ["台账"] and {"年内工作", "帮扶措施"} <= set(wb.sheetnames)
    jobs = wb["年内工作"]
    header = [c.value for c in jobs[4]]
    assert header == ["序号", "乡镇", "行政村", "户编号", "户主姓名", "人编号", "姓名",
                      "年内工作序号", "工作地点", "月收入（元）", "奖金（元）", "job_no",
                      "KEY", "PARENT_KEY"]
    member = h["members"][0]["uuid"]
    assert [r[3:] for r in table_rows(jobs, 5)] == [
        ("0001", "张三", 1, "张三", 1, "广州", 4500, 500, 1, "j1", member),
        ("0001", "张三", 1, "张三", 2, "东莞", 1000, None, 2, "j2", member)]
    measures = wb["帮扶措施"]
    assert [c.value for c in measures[4]][-4:] == ["措施", "金额（元）", "KEY", "PARENT_KEY"]
    assert [r[3:] for r in table_rows(measures, 5)] == [
        ("0001", "张三", 1, "技能培训", 300, "s1", h["uuid"]),
        ("0001", "张三", 2, "小额信贷", 5000, "s2", h["uuid"])]
    # the analysts' files of the merged instances, joined on their keys (KEY, PARENT_KEY)
    persons = {p["member_uuid"]: p for p in _read_csv(exported / "persons.csv")}
    assert [(persons[j["PARENT_KEY"]]["name"], j["job_place"], j["job_wage"], j["KEY"])
            for j in _read_csv(exported / "jobs.csv")] == [
        ("张三", "广州", "4500", "j1"), ("张三", "东莞", "1000", "j2")]
    households = {r["household_uuid"] for r in _read_csv(exported / "households.csv")}
    assert [(m["PARENT_KEY"] in households, m["measure_kind"], m["KEY"])
            for m in _read_csv(exported / "measures.csv")] == [
        (True, "技能培训", "s1"), (True, "小额信贷", "s2")]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
