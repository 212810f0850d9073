"""`mopai export-data` of a county form with repeats besides the members (issue 19, decision
59): a file per repeat in each format, rows joined back to persons and households on their
keys (KEY, PARENT_KEY, as ODK Central's export), the township filter as for the other files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pyreadstat
import pytest

from mopai.reports.export import export_data
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.formrepeats import repeats_form
from tests.helpers import household, table_rows

VILLAGE, OTHER = "431222100201", "431222101201"


@pytest.fixture
def county(tmp_path: Path):
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    st.forms.publish(repeats_form(tmp_path / "repeats.xlsx"), reason="增加工作和帮扶措施")
    yield st
    st.close()


def _captured(no: str, village: str, jobs: list[dict[str, Any]],
              measures: list[dict[str, Any]]) -> dict[str, Any]:
    h = household(no, ("张三", "11010519491231002X"), ("李四", "110105201001010034"),
                  village_code=village)
    h["form_version"] = "2026.9"
    h["members"][0]["fields"]["jobs_count"] = len(jobs)
    h["members"][0]["repeats"] = {"jobs": jobs}
    h["repeats"] = {"measures": measures}
    return h


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _records(county) -> list[dict[str, Any]]:  # noqa: ANN001
    first = _captured("0001", VILLAGE, [
        {"uuid": "j1", "fields": {"job_place": "广州", "job_wage": 4000, "job_bonus": 500}},
        {"uuid": "j2", "fields": {"job_place": "=1+2", "job_wage": 1000, "job_bonus": 90}}],
        [{"uuid": "s1", "fields": {"measure_kind": "技能培训", "measure_amount": 300}}])
    second = _captured("0002", OTHER, [
        {"uuid": "j3", "fields": {"job_place": "深圳", "job_wage": 5000}}],
        [{"uuid": "s2", "fields": {"measure_kind": "小额信贷", "measure_amount": 5000}},
         {"uuid": "s3", "fields": {"measure_kind": "公益岗位", "measure_amount": 800}}])
    county.households.save_many([first, second])
    return [first, second]


def test_a_file_per_repeat_joined_on_keys_in_csv(county, tmp_path: Path) -> None:
    first, second = _records(county)
    out = tmp_path / "out"
    out.mkdir()
    done = export_data(county, out, "csv")
    assert done.instances == {"jobs": 3, "measures": 3}
    assert {p.name for p in out.iterdir()} == {
        "households.csv", "persons.csv", "jobs.csv", "measures.csv", "codebook.xlsx"}
    households = {r["household_uuid"]: r for r in _read_csv(out / "households.csv")}
    persons = {r["member_uuid"]: r for r in _read_csv(out / "persons.csv")}
    jobs = _read_csv(out / "jobs.csv")
    assert list(jobs[0])[-2:] == ["PARENT_KEY", "KEY"]     # Central's order, last
    # every job joins to its person, and through the person to its household
    joined = [(persons[j["PARENT_KEY"]]["name"], households[j["household_uuid"]]["household_no"],
               j["member_no"], j["jobs_no"], j["job_place"], j["job_wage"], j["job_bonus"],
               j["KEY"]) for j in jobs]
    assert joined == [("张三", "0001", "1", "1", "广州", "4000", "500", "j1"),
                      ("张三", "0001", "1", "2", "'=1+2", "1000", "", "j2"),   # bonus not asked
                      ("张三", "0002", "1", "1", "深圳", "5000", "", "j3")]
    assert {j["PARENT_KEY"] for j in jobs} == {first["members"][0]["uuid"],
                                               second["members"][0]["uuid"]}
    assert all(j["member_uuid"] == j["PARENT_KEY"] for j in jobs)
    measures = _read_csv(out / "measures.csv")
    assert [(households[m["PARENT_KEY"]]["household_no"], m["measures_no"], m["measure_kind"],
             m["measure_amount"], m["KEY"]) for m in measures] == [
        ("0001", "1", "技能培训", "300", "s1"), ("0002", "1", "小额信贷", "5000", "s2"),
        ("0002", "2", "公益岗位", "800", "s3")]
    assert "member_no" not in measures[0]
    ws = openpyxl.load_workbook(out / "codebook.xlsx")["变量说明"]
    first_row = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
                     if r and r[2] == "变量名") + 1
    book = [(r[0], r[2], r[3]) for r in table_rows(ws, first_row)]
    assert ("jobs.csv", "job_wage", "月收入（元）") in book
    assert ("measures.csv", "PARENT_KEY", "所属记录UUID（户、成员或外层条目）") in book

    # one township: its households' instances only
    only = tmp_path / "only"
    only.mkdir()
    export_data(county, only, "csv", township=OTHER[:9])
    assert [j["KEY"] for j in _read_csv(only / "jobs.csv")] == ["j3"]
    assert [m["KEY"] for m in _read_csv(only / "measures.csv")] == ["s2", "s3"]


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_a_file_per_repeat_in_spss_and_stata(county, tmp_path: Path, fmt: str) -> None:
    _records(county)
    done = export_data(county, tmp_path, fmt)
    read = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    jobs, meta = read(str(tmp_path / f"jobs.{fmt}"))
    persons, _ = read(str(tmp_path / f"persons.{fmt}"))
    assert len(jobs) == done.instances["jobs"] == 3
    assert dict(zip(meta.column_names, meta.column_labels, strict=True))["job_wage"] == "月收入（元）"
    names = dict(zip(persons["member_uuid"], persons["name"], strict=True))
    assert [(names[p], place, wage) for p, place, wage in zip(
        jobs["PARENT_KEY"], jobs["job_place"], jobs["job_wage"], strict=True)] == [
        ("张三", "广州", 4000), ("张三", "=1+2", 1000), ("张三", "深圳", 5000)]
    measures, _ = read(str(tmp_path / f"measures.{fmt}"))
    assert list(measures["KEY"]) == ["s1", "s2", "s3"]
