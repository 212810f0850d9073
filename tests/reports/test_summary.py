"""The county summary workbook and the village ledger, read back with openpyxl (issue 7)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import insert, update

from mopai import forms
from mopai.forms.errors import MopaiError
from mopai.reports.errors import ReportNotWritten
from mopai.reports.layout import print_layout
from mopai.reports.ledger import ledger_workbook
from mopai.reports.source import place_name
from mopai.reports.summary import FIGURE_COLUMNS, WISH_COLUMNS, summary_workbook
from mopai.sync.models import Area, Revision
from mopai.sync.synth import VillageSpec, generate_village
from tests.helpers import table_rows, zip64_records

TODAY = forms.DEFAULT_SETTINGS.today()  # the county's day (Asia/Shanghai), as the reports count it
VILLAGES = {"431222100201": "长坪村", "431222100202": "桐木村", "431222101201": "新建村"}
TOWNSHIPS = {"431222100": "铜湾镇", "431222101": "新建镇"}
SHEETS = ["汇总", "脱贫户和监测户", "汇总（续）", "意愿和政策", "去向", "分村", "调查进度",
          "零就业家庭名单", "贫困劳动力名册", "就业培训人员名册", "转移就业人员名册",
          "自主创业人员名册", "公益性岗位安置人员名册", "数据质量", "问题明细", "公益岗核查", "乡镇排名",
          "311服务", "岗位推荐台账"]


@pytest.fixture
def county_records(store) -> list[dict[str, Any]]:
    records = []
    for i, code in enumerate(VILLAGES):
        records += [g.state for g in generate_village(
            VillageSpec(code, 25, seed=7 + i, mistake_rate=0.0, as_of=TODAY))]
    store.households.save_many(records)
    with store.engine.connect() as conn, conn.begin():
        conn.execute(insert(Area.__table__), [
            {"code": c, "name": n, "level": "village" if len(c) == 12 else "township",
             "parent_code": c[:9] if len(c) == 12 else None}
            for c, n in {**VILLAGES, **TOWNSHIPS}.items()])
    return records


# -- an independent reading of domain.md's indicators from the raw answers -----------------
def _age(id_number: str, on: dt.date) -> int:
    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def expected_by_township(records: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in records:
        f = r["fields"]
        t = out[f["village_code"][:9]]
        poor = f["household_type"] in ("poverty_alleviated", "monitored")
        survey = dt.date.fromisoformat(f["survey_date"])
        t["households"] += 1
        labour = employed = 0
        for m in r["members"]:
            a = m["fields"]
            t["persons"] += 1
            age = _age(a["id_number"], survey)
            lf = (16 <= age < 60 and a.get("is_student") == "no"
                  and a.get("labor_capacity") in ("ordinary", "skilled", "weak"))
            status = a.get("employment_status")
            emp = lf and status not in (None, "", "unemployed")
            labour += lf
            employed += emp
            t["labour_force"] += lf
            t["employed"] += emp
            t["poverty_labour_force"] += lf and poor
            t["poverty_employed"] += emp and poor
            if emp and status != "farming":
                t["transfer_employed"] += 1
                region = a.get("work_region")
                t["region:" + ("county" if region in ("in_township", "in_county") else region)] += 1
            for wish in ("wants_job", "wants_training", "wants_business"):
                t[wish] += lf and a.get(wish) == "yes"  # the wishes are of 劳动力
        t["zero_employment_households"] += labour > 0 and employed == 0
    for t in out.values():
        t["employment_rate"] = t["employed"] / t["labour_force"]
        t["poverty_employment_rate"] = t["poverty_employed"] / t["poverty_labour_force"]
    return out


def sheet_rows(ws, first: int) -> list[tuple[Any, ...]]:  # noqa: ANN001
    return table_rows(ws, first)


def test_summary_figures_equal_an_independent_count(store, county_records, tmp_path: Path
                                                    ) -> None:
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out, unit="测试县人社局")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS
    ws = wb["汇总"]
    keys = [k for k, _ in FIGURE_COLUMNS]
    rows = {r[0]: dict(zip(keys, r[2:], strict=True)) for r in sheet_rows(ws, 5)}
    wishes = [k for k, _ in WISH_COLUMNS]
    for r in sheet_rows(wb["意愿和政策"], 5):
        rows[r[0]].update(zip(wishes, r[2:2 + len(wishes)], strict=True))
    expected = expected_by_township(county_records)
    assert set(rows) == set(TOWNSHIPS) | {"合计"}
    checked = [k for k in next(iter(expected.values()))]
    assert len(checked) >= 15
    for code, figures in expected.items():
        assert rows[code]["households"] == figures["households"]
        for key in checked:
            assert rows[code][key] == pytest.approx(figures[key]), (code, key)
    total_labour = sum(f["labour_force"] for f in expected.values())
    assert rows["合计"]["labour_force"] == total_labour
    assert rows["合计"]["employment_rate"] == pytest.approx(
        sum(f["employed"] for f in expected.values()) / total_labour)
    # The zero-employment list has exactly the households counted above (序号 counts them),
    # one row for each of their 劳动力.
    zero = sheet_rows(wb["零就业家庭名单"], 4)
    assert len({r[0] for r in zero}) == zero[-1][0] == sum(
        f["zero_employment_households"] for f in expected.values())
    assert len(zero) == sum(r[6] for r in {r[0]: r for r in zero}.values())  # 劳动力人数
    transfer = sheet_rows(wb["转移就业人员名册"], 4)
    assert len(transfer) == sum(f["transfer_employed"] for f in expected.values())
    # Villages sum to their township.
    villages = sheet_rows(wb["分村"], 5)
    by_town = defaultdict(int)
    for r in villages[:-1]:
        by_town[r[0][:9]] += r[3]
    assert dict(by_town) == {c: int(f["households"]) for c, f in expected.items()}
    assert [r[1] for r in villages[:-1]] == list(VILLAGES.values())


def test_summary_layout(store, county_records, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    summary_workbook(store, out, unit="测试县人社局")
    wb = openpyxl.load_workbook(out)
    for ws in wb:
        assert ws["A1"].value and ws["A1"].font.b, ws.title
        merged = {str(r) for r in ws.merged_cells.ranges}
        # the title spans the first printed page: the whole table when it fits one page wide
        _setup, _repeat, span = print_layout(
            [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
             for i in range(1, ws.max_column + 1)], 0)
        assert f"A1:{openpyxl.utils.get_column_letter(span)}1" in merged, ws.title
        assert ws["A2"].value == "填报单位：测试县人社局"
        assert any(str(c.value).startswith("统计时点：") for c in ws[2] if c.value)
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
        assert ws.print_title_rows in ("$3:$4", "$3:$3"), ws.title
        assert ws.freeze_panes is not None
    ws = wb["汇总"]
    # the title names the area: the workspace's county (by code in a village workspace that
    # has no county name; 测试县 in the PostgreSQL suite's county workspace)
    assert ws["A1"].value == f"{place_name(store, '')}农村劳动力就业情况汇总表（按乡镇）"
    assert place_name(store, "") in ("110105", "测试县")
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$3:$4"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:A4" in merged and "F3:H3" in merged  # 乡镇代码 spans two rows; 全部劳动力 group
    assert (ws["F3"].value, ws["F4"].value, ws["H4"].value) == ("全部劳动力", "劳动力", "就业率")
    assert ws["H5"].number_format == "0.00%" and ws["C5"].number_format == "#,##0"
    assert ws.column_dimensions["A"].width == 12


def test_as_of_report_shows_the_value_before_an_edit(store, county_records, tmp_path: Path
                                                    ) -> None:
    record = next(r for r in county_records if len(r["members"]) >= 1)
    before = len(record["members"])
    record["members"].pop()
    store.households.save(record)
    yesterday = TODAY - dt.timedelta(days=1)
    with store.engine.connect() as conn, conn.begin():  # the first saves were made yesterday
        conn.execute(update(Revision).where(Revision.rev_no == 1)
                     .values(created_at=f"{yesterday.isoformat()}T09:00:00.000000Z"))
    then, now = tmp_path / "then.xlsx", tmp_path / "now.xlsx"
    summary_workbook(store, then, as_of=yesterday)
    summary_workbook(store, now)
    persons = lambda p: sheet_rows(openpyxl.load_workbook(p)["汇总"], 5)[-1][3]  # noqa: E731
    assert persons(then) - persons(now) == 1
    assert persons(then) == sum(len(r["members"]) for r in county_records) + 1
    assert before >= 1
    assert summary_workbook(store, tmp_path / "x.xlsx", as_of=yesterday - dt.timedelta(days=1)
                            )["分村"] == 0


def test_as_of_today_equals_the_current_summary_row_for_row(store, county_records,
                                                            tmp_path: Path) -> None:
    """The history path (records as they stood, computed on the spot) lists the same rows in
    the same village and 户编号 order as the kept-facts path."""
    now, then = tmp_path / "now.xlsx", tmp_path / "then.xlsx"
    summary_workbook(store, now)
    summary_workbook(store, then, as_of=TODAY)
    a, b = openpyxl.load_workbook(now, read_only=True), openpyxl.load_workbook(then, read_only=True)
    for name in SHEETS:
        rows = list(a[name].iter_rows(values_only=True))
        assert rows == list(b[name].iter_rows(values_only=True)), name
    roster = table_rows(a["转移就业人员名册"], 8)
    villages = [r[2] for r in roster]
    assert villages == sorted(villages, key=list(VILLAGES.values()).index) and len(set(villages)) > 1


def test_ledger_one_row_per_person(store, county_records, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    code = "431222100202"
    assert ledger_workbook(store, code, out) == sum(
        len(r["members"]) for r in county_records if r["fields"]["village_code"] == code)
    ws = openpyxl.load_workbook(out)["台账"]
    assert ws["A1"].value == "铜湾镇桐木村农村劳动力台账"  # the county 431222 has no name here
    rows = sheet_rows(ws, 5)
    names = {m["fields"]["name"] for r in county_records
             if r["fields"]["village_code"] == code for m in r["members"]}
    header = [c.value for c in ws[4]]
    assert {r[header.index("姓名")] for r in rows} == names
    assert ws.freeze_panes == "H5"  # the household keys, 人编号 and 姓名
    json.dumps([list(r) for r in rows], default=str)  # plain values only


def test_ledger_shows_each_households_interview(store, county_records, tmp_path: Path) -> None:
    """The 访谈 columns: start, end, minutes, who entered it, and 过快 for a complete
    household entered in less than a minute a person (sync/paradata.py)."""
    from mopai.sync import paradata

    code = "431222100202"
    fast, slow = [r for r in county_records if r["fields"]["village_code"] == code
                  and r["status"] == "complete" and len(r["members"]) >= 2][:2]
    end = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC).timestamp()
    for record, minutes in ((fast, 1), (slow, 45)):
        record["paradata"] = {"started_at": paradata.iso_at(end - minutes * 60),
                              "ended_at": paradata.iso_at(end), "seconds": minutes * 60,
                              "by": "王会计"}
    store.households.save_many([fast, slow])
    out = tmp_path / "台账.xlsx"
    ledger_workbook(store, code, out)
    ws = openpyxl.load_workbook(out)["台账"]
    group, header = [c.value for c in ws[3]], [c.value for c in ws[4]]
    first = header.index("开始")
    assert group[first] == "访谈"
    assert header[first:] == ["开始", "结束", "用时（分钟）", "录入人", "过快"]
    by_no = {}
    for row in sheet_rows(ws, 5):
        by_no.setdefault(row[header.index("户编号")], row[first:])
    local = paradata.local_time(paradata.iso_at(end))
    assert by_no[fast["fields"]["household_no"]] == (
        paradata.local_time(paradata.iso_at(end - 60)), local, 1, "王会计", "是")
    assert by_no[slow["fields"]["household_no"]][2:] == (45, "王会计", None)
    others = [v for k, v in by_no.items() if k not in (fast["fields"]["household_no"],
                                                       slow["fields"]["household_no"])]
    assert others and all(v == (None,) * 5 for v in others)   # never in the editor


def test_report_and_ledger_commands(home: Path, tmp_path: Path) -> None:
    from mopai.sync.workspace import Workspace
    from tests.cli.test_main import mopai
    from tests.conftest import PASSPHRASE, USER

    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save_many(g.state for g in generate_village(
            VillageSpec("110105001001", 5, seed=3, mistake_rate=0.0)))
    out = tmp_path / "r.xlsx"
    r = mopai("report", "--home", str(home), "--out", str(out), passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(out).sheetnames == SHEETS
    r = mopai("ledger", "--home", str(home), "--village", "110105001001", "--out",
              str(tmp_path / "l.xlsx"), passphrase=PASSPHRASE)
    assert r.returncode == 0 and "Ledger written" in r.stdout, r.stderr
    # What the commands write opens in WPS Office: no Zip64 record (docs/decisions.md)
    r = mopai("report", "--home", str(home), "--out", str(tmp_path / "a.xlsx"), "--as-of",
              TODAY.isoformat(), passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    for written in ("r.xlsx", "l.xlsx", "a.xlsx"):
        assert zip64_records(tmp_path / written) == [], written
    r = mopai("report", "--home", str(home), "--out", str(tmp_path / "no" / "r.xlsx"),
              passphrase=PASSPHRASE)
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_township_ledger_lists_its_villages_in_order(store, county_records, tmp_path: Path
                                                     ) -> None:
    out = tmp_path / "镇台账.xlsx"
    mine = [r for r in county_records if r["fields"]["village_code"].startswith("431222100")]
    assert ledger_workbook(store, "431222100", out) == sum(len(r["members"]) for r in mine)
    ws = openpyxl.load_workbook(out)["台账"]
    villages = [r[2] for r in sheet_rows(ws, 5)]
    assert villages == sorted(villages, key=["长坪村", "桐木村"].index)
    assert set(villages) == {"长坪村", "桐木村"} and ws["A1"].value == "铜湾镇农村劳动力台账"


def test_a_stored_value_of_any_type_never_stops_a_report(store, county_records, tmp_path: Path
                                                         ) -> None:
    """Issue 12: a draft with a dict as 户编号 made every report and ledger fail. The door
    refuses such a record now (sync/schema.py); a store written before it may still hold
    one, so it is put in past the door here, and the reports must still run."""
    from mopai.sync import households, schema
    from tests.helpers import household

    bad = household("0999", ("赵六", "431222199001011234"), village_code="431222100201")
    bad["fields"]["household_no"] = {"户编号": "0999", "x": [1, 2]}
    bad["fields"]["address"] = ["长坪村", {"组": 3}]
    bad["members"][0]["fields"]["monthly_income"] = 10**30
    with pytest.raises(schema.InputError):
        store.households.save(bad)
    with pytest.MonkeyPatch.context() as mp:  # an older Mopai, before the strict schema
        mp.setattr(households.schema, "require_state", lambda _state, _types=None: None)
        store.households.save(bad)
    summary_workbook(store, tmp_path / "s.xlsx")
    summary_workbook(store, tmp_path / "a.xlsx", as_of=TODAY)
    assert ledger_workbook(store, "431222100201", tmp_path / "l.xlsx") > 0
    cells = {c for r in openpyxl.load_workbook(tmp_path / "l.xlsx")["台账"].iter_rows(
        values_only=True) for c in r}
    assert any(isinstance(c, str) and "0999" in c and "户编号" in c for c in cells)


def test_a_report_that_cannot_be_written_says_so(store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "not-a-folder").write_text("x")
    with pytest.raises(ReportNotWritten) as caught:
        summary_workbook(store, out / "not-a-folder" / "r.xlsx")
    exc = caught.value
    assert isinstance(exc, MopaiError) and exc.code == "report_not_written"
    assert exc.exit_code == 8 and "报表无法写入" in exc.zh and "could not be written" in exc.en
    assert exc.where == str(out / "not-a-folder" / "r.xlsx")
    assert sorted(p.name for p in out.iterdir()) == ["not-a-folder"]


def test_warnings_confirmed_with_a_reason_are_shown_to_the_county(
        store, county_records, tmp_path: Path) -> None:
    """A warning the cadre confirmed keeps its reason: the 数据质量 sheet counts it under
    其中已核实说明 (a summary as of today and as of a past day alike), and the ledger shows
    the reason beside the person; the figures do not change."""
    code = "431222100202"
    record = next(r for r in county_records if r["fields"]["village_code"] == code
                  and any(m["fields"].get("employment_status") == "migrant" for m in r["members"]))
    before = tmp_path / "before.xlsx"
    summary_workbook(store, before)
    i = next(i for i, m in enumerate(record["members"])
             if m["fields"].get("employment_status") == "migrant")
    changed = json.loads(json.dumps(record))
    changed["members"][i]["fields"]["monthly_income"] = 35000
    changed["members"][i]["confirmations"] = {"monthly_income": "包工头，年底结算，收入属实"}
    changed["confirmations"] = {"survey_date": "去年入户，今年补录"}
    store.households.save(changed)
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    ws = openpyxl.load_workbook(out)["数据质量"]
    header = [c.value for c in ws[2]] if "其中已核实说明" in [c.value for c in ws[2]] else \
        [c.value for c in ws[3]]
    rows = [r for r in ws.iter_rows(values_only=True) if r[2] == code and r[3] == "income_band"]
    assert [(r[header.index("条数")], r[header.index("其中已核实说明")]) for r in rows] == [(1, 1)]
    same = lambda p: sheet_rows(openpyxl.load_workbook(p)["汇总"], 5)  # noqa: E731
    assert same(out) == same(before)  # a warning changes no figure
    ledger = tmp_path / "台账.xlsx"
    ledger_workbook(store, code, ledger)
    lw = openpyxl.load_workbook(ledger)["台账"]
    head = [c.value for c in lw[4]]
    name = changed["members"][i]["fields"]["name"]
    person = next(r for r in sheet_rows(lw, 5) if r[head.index("姓名")] == name
                  and r[head.index("户编号")] == changed["fields"]["household_no"])
    assert "月收入（元）：包工头，年底结算，收入属实" in person[head.index("核实说明")]
    first = next(r for r in sheet_rows(lw, 5)
                 if r[head.index("户编号")] == changed["fields"]["household_no"])
    assert "户·调查日期：去年入户，今年补录" in first[head.index("核实说明")]


def test_the_post_checks_sheet_lists_each_finding_and_a_township_its_own(
        store, county_records, tmp_path: Path) -> None:
    """公益岗核查: every finding of the six 公益岗 rules (reports/posts.py) with its person,
    village, rule and reason, laid out as the other sheets; a township's summary lists its
    own villages only, yet checks one person's posts across townships."""
    from mopai.reports.posts import check
    from mopai.sync.county_settings import load
    from tests.forms.builders import household, person, worker
    from tests.reports.test_posts import holder

    lost = household(holder(labor_capacity="lost"), village_code="431222100201",
                     household_no="9001")
    twin_a = household(holder(), village_code="431222100202", household_no="9002")
    twin = holder("head", 50)
    twin["fields"]["id_number"] = twin_a["members"][0]["fields"]["id_number"]
    twin_b = household(twin, village_code="431222101201", household_no="9003")
    two = household(holder(), holder("spouse", sex="female"), village_code="431222101201",
                    household_no="9004")
    # 挂岗: recorded as working away in a household that holds no post (found by ID number)
    away = worker("son", 30)
    away["fields"]["id_number"] = two["members"][1]["fields"]["id_number"].lower()
    elsewhere = household(person("head", 60), away, village_code="431222100201",
                          household_no="9005")
    store.households.save_many([lost, twin_a, twin_b, two, elsewhere])
    out, town = tmp_path / "county.xlsx", tmp_path / "town.xlsx"
    counts = summary_workbook(store, out, unit="测试县人社局")
    summary_workbook(store, town, township="431222101", unit="新建镇社保所")

    ws = openpyxl.load_workbook(out)["公益岗核查"]
    assert ws["A1"].value.endswith("公益性岗位人员核查情况表") and ws["A1"].font.b
    assert ws["A2"].value == "填报单位：测试县人社局"
    assert [c.value for c in ws[3]][:9] == ["序号", "乡镇", "行政村", "户编号", "姓名", "证件号码",
                                          "问题", "规则代码", "说明"]
    assert any("审核人：" in str(c.value)
               for row in ws.iter_rows(min_row=4) for c in row if c.value)
    rows = sheet_rows(ws, 4)
    assert counts["公益岗核查"] == len(rows)
    # recomputed from the rules over the same records
    expected = [(VILLAGES[str(p.household["fields"]["village_code"])],
                 str(p.household["fields"]["household_no"]),
                 p.name if p.finding.member_uuid else "（全户）", p.finding.code,
                 p.finding.message_zh)
                for p in check(store.households.states(), load(store),
                               store.spotchecks.calls())]
    assert [(r[2], r[3], r[4], r[7], r[8]) for r in rows] == expected
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    mine = {(r[3], r[6], r[7]) for r in rows if r[3] in ("9001", "9002", "9003", "9004")}
    assert mine == {("9001", "无劳动能力", "post_capacity"), ("9002", "一人多岗", "post_multiple"),
                    ("9003", "一人多岗", "post_multiple"),
                    ("9004", "一户多岗", "post_per_household"), ("9004", "挂岗", "post_absent")}
    [lost_row] = [r for r in rows if r[3] == "9001"]
    assert (lost_row[1], lost_row[2], lost_row[4], lost_row[5]) == (
        "铜湾镇", "长坪村", lost["members"][0]["fields"]["name"],
        lost["members"][0]["fields"]["id_number"])

    town_rows = sheet_rows(openpyxl.load_workbook(town)["公益岗核查"], 4)
    assert [r[1:] for r in town_rows] == [r[1:] for r in rows if r[1] == "新建镇"]
    assert {(r[3], r[7]) for r in town_rows} >= {("9003", "post_multiple"),
                                                 ("9004", "post_per_household")}
    assert "长坪村" not in {r[2] for r in town_rows}
