"""Survey progress against the expected households (issue 16): the summary's 调查进度 sheet,
read back with openpyxl, for the county and for one township, now and as of a past day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai import forms
from mopai.reports.progress import survey_progress
from mopai.reports.summary import summary_workbook
from mopai.sync.areas import import_areas, set_expected
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.helpers import table_rows
from tests.sync.test_expected import sheet

TODAY = forms.DEFAULT_SETTINGS.today()
PASS = "county-lantern-41"
T1, T2 = "431221101", "431221102"
V1, V2, V3, V4 = "431221101201", "431221101202", "431221102201", "431221102202"
NAMES = {T1: "铜湾镇", V1: "长坪村", V2: "桐木村", T2: "新建镇", V3: "新建村", V4: "花桥村"}
HEADER = ("乡镇", "行政村", "村代码", "应调查户数", "已入户", "已完成", "草稿", "五清齐全户",
          "入户率", "完成率")


@pytest.fixture
def county(tmp_path: Path) -> Any:
    """A county of four listed villages: V1 (12 households, 3 drafts), V2 (5), V3 (8, 1
    draft); V4 has nobody yet. Expected: V1 20, V2 5, V3 10; V4 none."""
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431221", user="张科长", passphrase=PASS)
    store = Workspace(home).unlock(None, PASS)
    import_areas(store, sheet(tmp_path / "areas.xlsx", ("区划代码", "名称"), list(NAMES.items())))
    records = []
    for i, (code, n, drafts) in enumerate(((V1, 12, 3), (V2, 5, 0), (V3, 8, 1))):
        made = [g.state for g in generate_village(VillageSpec(code, n, seed=3 + i,
                                                              mistake_rate=0.0, as_of=TODAY))]
        for record in made[:drafts]:
            record["status"] = "draft"
        records += made
    store.households.save_many(records)
    set_expected(store, {V1: 20, V2: 5, V3: 10})
    yield store
    store.close()


def progress_sheet(path: Path) -> tuple[list[tuple[Any, ...]], list[str]]:
    ws = openpyxl.load_workbook(path)["调查进度"]
    header = [c.value for c in ws[3]]
    assert tuple(header) == HEADER
    rows = table_rows(ws, 4)
    notes = [str(r[0]) for r in ws.iter_rows(min_row=4 + len(rows), values_only=True)
             if r[0] and str(r[0]).startswith("注")]
    return rows, notes


def five_clear_by_village(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)["分村"]
    header = [c.value for c in ws[3]]
    sub = [c.value for c in ws[4]]
    col = next(i for i, (h, s) in enumerate(zip(header, sub, strict=False))
               if "五清齐全户" in (h, s))
    return {r[0]: r[col] for r in table_rows(ws, 5) if r[0] != "合计"}


def test_progress_sheet_per_village_and_township(county: Any, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    summary_workbook(county, out)
    rows, notes = progress_sheet(out)
    clear = five_clear_by_village(out)
    assert sum(clear.values()) > 0          # the synthetic county has 五清 households to show
    assert rows == [
        ("铜湾镇", "长坪村", V1, 20, 12, 9, 3, clear[V1], 12 / 20, 9 / 20),
        ("铜湾镇", "桐木村", V2, 5, 5, 5, 0, clear[V2], 1.0, 1.0),
        ("铜湾镇", "小计", T1, 25, 17, 14, 3, clear[V1] + clear[V2], 17 / 25, 14 / 25),
        ("新建镇", "新建村", V3, 10, 8, 7, 1, clear[V3], 0.8, 0.7),
        ("新建镇", "花桥村", V4, None, 0, 0, 0, 0, None, None),
        # a township (and the county) with a village lacking a number has no rate: not a part
        ("新建镇", "小计", T2, None, 8, 7, 1, clear[V3], None, None),
        ("合计", None, None, None, 25, 21, 4, sum(clear.values()), None, None),
    ]
    assert any("花桥村未设应调查户数" in n for n in notes)
    assert any("含草稿" in n for n in notes)


def test_township_report_shows_its_villages_only(county: Any, tmp_path: Path) -> None:
    out = tmp_path / "t1.xlsx"
    summary_workbook(county, out, township=T1)
    rows, notes = progress_sheet(out)
    assert [r[2] for r in rows] == [V1, V2, T1, None]
    assert rows[-1][3:8] == (25, 17, 14, 3, rows[2][7]) and rows[-1][8] == 17 / 25
    assert not any("未设应调查户数" in n for n in notes)


def test_as_of_a_past_day_counts_the_households_of_that_day(county: Any, tmp_path: Path) -> None:
    out = tmp_path / "past.xlsx"
    summary_workbook(county, out, as_of=TODAY - dt.timedelta(days=1))  # before any was saved
    rows, _ = progress_sheet(out)
    assert [r[2:8] for r in rows if r[2] == V1] == [(V1, 20, 0, 0, 0, 0)]
    assert rows[-1][4] == 0


def test_no_expected_numbers_at_all_says_how_to_set_them(county: Any, tmp_path: Path) -> None:
    set_expected(county, {V1: None, V2: None, V3: None})
    progress = survey_progress(county, {})
    assert progress.total.visited == 25 and progress.total.expected is None
    out = tmp_path / "none.xlsx"
    summary_workbook(county, out)
    _rows, notes = progress_sheet(out)
    assert any("尚未设置各村应调查户数" in n and "mopai areas expected" in n for n in notes)
