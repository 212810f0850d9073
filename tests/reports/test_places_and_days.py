"""Reports name their area and count the county's days (issue 16): titles and 填报单位 name the
county, township or village by name; `--as-of` ends at midnight in the county's time zone
(Asia/Shanghai unless set), not at UTC midnight; a date after today, a code of the wrong
length or an area nobody knows is refused with a message, never an empty workbook; ties in
the printed 乡镇排名 share a rank, as on the dashboard."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from mopai import forms
from mopai.reports.figures import county_figures
from mopai.reports.ledger import ledger_workbook
from mopai.reports.source import ranked
from mopai.reports.summary import summary_workbook
from mopai.sync import county_settings
from mopai.sync.errors import InputError
from mopai.sync.models import Revision
from mopai.sync.record import new_uuid
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai
from tests.conftest import PASSPHRASE
from tests.helpers import sheet_notes, table_rows

TODAY = forms.DEFAULT_SETTINGS.today()
AREAS = [{"code": "431222100", "name": "铜湾镇", "level": "township", "parent_code": "431222"},
         {"code": "431222100201", "name": "长坪村", "level": "village", "parent_code": "431222100"},
         {"code": "431222101", "name": "花桥镇", "level": "township", "parent_code": "431222"},
         {"code": "431222101201", "name": "花桥村", "level": "village", "parent_code": "431222101"}]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county 测试县 with two townships whose villages answered alike (the same answers
    under new uuids)."""
    home = tmp_path_factory.mktemp("county") / "ws"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock("张科长", PASSPHRASE) as store:
        store.sync.set_areas(AREAS)
        first = [g.state for g in generate_village(
            VillageSpec("431222100201", 12, seed=5, mistake_rate=0.0, as_of=TODAY))]
        alike = copy.deepcopy(first)
        for record in alike:
            record["uuid"] = new_uuid()
            record["fields"]["village_code"] = "431222101201"
            for member in record["members"]:
                member["uuid"] = new_uuid()
        store.households.save_many(first + alike)
    return home


@pytest.fixture
def store(home: Path):
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    yield st
    st.close()


def _head(path: Path, sheet: str) -> tuple[str, str]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(min_row=1, max_row=2, values_only=True))
    return rows[0][0], rows[1][0]


def test_titles_and_unit_name_the_area(store, tmp_path: Path) -> None:
    summary_workbook(store, tmp_path / "county.xlsx")
    assert _head(tmp_path / "county.xlsx", "汇总") == (
        "测试县农村劳动力就业情况汇总表（按乡镇）", "填报单位：测试县")
    summary_workbook(store, tmp_path / "town.xlsx", township="431222101")
    assert _head(tmp_path / "town.xlsx", "汇总") == (
        "测试县花桥镇农村劳动力就业情况汇总表（按乡镇）", "填报单位：测试县花桥镇")
    ledger_workbook(store, "431222", tmp_path / "ledger.xlsx")
    assert _head(tmp_path / "ledger.xlsx", "台账")[0] == "测试县农村劳动力台账"  # not 431222
    ledger_workbook(store, "431222100201", tmp_path / "village.xlsx")
    assert _head(tmp_path / "village.xlsx", "台账")[0] == "测试县铜湾镇长坪村农村劳动力台账"


def test_ties_share_a_rank_in_print_as_on_the_dashboard(store, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    summary_workbook(store, out)
    ws = openpyxl.load_workbook(out, read_only=True)["乡镇排名"]
    rows = table_rows(ws, 4)
    assert [(r[0], r[2]) for r in rows] == [(1, "铜湾镇"), (1, "花桥镇")]  # alike: a tie
    assert rows[0][5] == rows[1][5] and rows[0][8] == rows[1][8] == 1
    dashboard = county_figures(store).ranking("employment_rate")
    assert [r for r, _c, _v in dashboard] == [r[0] for r in rows]
    assert [r for r, _c, _v in ranked({"a": 0.5, "b": 0.7, "c": 0.5, "d": None})] == [1, 2, 2, 4]


def test_as_of_ends_the_day_at_midnight_in_the_county(store, tmp_path: Path) -> None:
    """A change at 04:00 Beijing time on 1 Nov (20:00 UTC on 31 Oct) is not "as of 31 Oct"."""
    uuid = store.households.states().__next__()["uuid"]
    record = store.households.get(uuid)
    record["members"].pop()
    store.households.save(record)
    with store.engine.connect() as conn, conn.begin():
        conn.execute(update(Revision).where(Revision.rev_no == 1)
                     .values(created_at="2026-10-30T09:00:00.000000Z"))
        conn.execute(update(Revision).where(Revision.record_uuid == uuid, Revision.rev_no == 2)
                     .values(created_at="2026-10-31T20:00:00.000000Z"))

    def persons(day: dt.date, settings: forms.CountySettings | None = None) -> int:
        return sum(len(r["members"]) for r in store.households.as_of(day, settings)
                   if r["uuid"] == uuid)

    oct31, nov1 = dt.date(2026, 10, 31), dt.date(2026, 11, 1)
    assert persons(oct31) == persons(nov1) + 1  # the edit belongs to 1 Nov in the county
    utc = forms.CountySettings(time_zone="UTC")
    assert persons(oct31, utc) == persons(nov1, utc)  # a county that counts in UTC: 31 Oct
    # the county's setting is what the reports use
    county_settings.save(store, utc)
    try:
        summary_workbook(store, tmp_path / "utc.xlsx", as_of=oct31)
        summary_workbook(store, tmp_path / "utc1.xlsx", as_of=nov1)
    finally:
        county_settings.save(store, forms.CountySettings())
    summary_workbook(store, tmp_path / "bj.xlsx", as_of=oct31)

    def total(p: str) -> int:
        ws = openpyxl.load_workbook(tmp_path / p, read_only=True)["汇总"]
        return table_rows(ws, 5)[-1][3]
    assert total("utc.xlsx") == total("utc1.xlsx") == total("bj.xlsx") - 1


def test_bad_report_arguments_are_refused(store, home: Path, tmp_path: Path) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(InputError, match="after today"):
        summary_workbook(store, tmp_path / "f.xlsx", as_of=tomorrow)
    with pytest.raises(InputError, match="9-digit"):
        summary_workbook(store, tmp_path / "t.xlsx", township="431")
    with pytest.raises(InputError, match="unknown area 431222199"):
        summary_workbook(store, tmp_path / "u.xlsx", township="431222199")
    with pytest.raises(InputError, match="unknown area"):
        ledger_workbook(store, "431222100299", tmp_path / "l.xlsx")
    with pytest.raises(ValueError, match="not a known time zone"):
        forms.CountySettings(time_zone="Mars/Olympus")
    store.close()
    for args in (["report", "--as-of", tomorrow.isoformat()], ["report", "--township", "431"],
                 ["ledger", "--village", "431222199"]):
        r = mopai(*args, "--out", str(tmp_path / "x.xlsx"), "--home", str(home),
                  passphrase=PASSPHRASE, user="张科长")
        assert r.returncode != 0 and "Traceback" not in r.stderr, (args, r.stderr)
        assert "错误" in r.stderr, r.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_codes_without_names_are_noted_with_how_to_load_the_list(store, tmp_path: Path) -> None:
    """Issue 16: 乡镇 columns showed codes when the area list lacked names, with no hint."""
    summary_workbook(store, tmp_path / "named.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "named.xlsx", read_only=True)["汇总"]
    unnamed = "在区划名单中没有名称"  # the sheets' other notes say what the figures count
    assert not [r for r in ws.iter_rows(values_only=True) if r and unnamed in str(r[0])]
    store.sync.set_areas(AREAS[:2])  # 花桥镇 and 花桥村 no longer named
    try:
        summary_workbook(store, tmp_path / "unnamed.xlsx")
        ledger_workbook(store, "431222", tmp_path / "ledger.xlsx")
    finally:
        store.sync.set_areas(AREAS)
    for path, sheet in (("unnamed.xlsx", "汇总"), ("unnamed.xlsx", "分村"), ("ledger.xlsx", "台账")):
        ws = openpyxl.load_workbook(tmp_path / path, read_only=True)[sheet]
        notes = [note for note in sheet_notes(ws) if unnamed in note]
        assert len(notes) == 1 and "2 个乡镇或村" in notes[0] and "mopai areas import" in notes[0]


def test_facts_are_kept_for_the_county_day_by_every_path(store) -> None:
    """A refresh with no day (the command line's reports) and the dashboard's count the same
    day, the county's: kept facts are not all recomputed because one path took the laptop's
    UTC date (the bench's dashboard refresh took 30 s after an import)."""
    from mopai.reports.facts import ReportFacts

    hour = dt.datetime.now(dt.UTC).hour  # a zone whose date differs from UTC's right now
    zone = "Etc/GMT-14" if hour >= 10 else "Etc/GMT+12"
    county_settings.save(store, forms.CountySettings(time_zone=zone))
    try:
        settings = county_settings.load(store)
        assert settings.today() != dt.datetime.now(dt.UTC).date()
        rf = ReportFacts.of(store)
        rf.refresh()
        # the whole refresh's mark names the day it was for: the county's
        assert json.loads(rf.mark())[1] == settings.today().isoformat()
        mark = rf.mark()
        county_figures(store)                         # the dashboard's path: nothing new
        assert rf.mark() == mark
    finally:
        county_settings.save(store, forms.CountySettings())
