"""The lists a township follows up (issue 16): every question of the form in the ledger, the
零就业家庭名单 with its helper and each 劳动力's reason and wish, and 问题明细 with every finding.
Read back with openpyxl from workbooks written by the same functions as the commands."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai import forms
from mopai.forms.findings import with_reasons
from mopai.forms.model import QType
from mopai.reports.ledger import ledger_workbook
from mopai.reports.people import ledger_columns
from mopai.reports.source import facts
from mopai.reports.summary import summary_workbook
from mopai.sync.synth import VillageSpec, generate_village
from tests.formfiles import edited_form
from tests.helpers import table_rows

TODAY = forms.DEFAULT_SETTINGS.today()
# The day the synthetic villages are generated for: fixed, so that their mistakes are the
# same whatever day the tests run (generated for today, a seed's mistakes moved with the date)
GENERATED = dt.date(2026, 11, 1)
VILLAGES = ("431222100201", "431222100202")


@pytest.fixture
def records(store) -> list[dict[str, Any]]:
    out = []
    for i, code in enumerate(VILLAGES):
        out += [g.state for g in generate_village(
            VillageSpec(code, 15, seed=11 + i, mistake_rate=0.2, as_of=GENERATED))]
    store.households.save_many(out)
    return out


def _first_household(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A household of the first village with a head and a worker: the one the tests edit."""
    return copy.deepcopy(next(
        r for r in records if r["fields"]["village_code"] == VILLAGES[0]
        and any(m["fields"].get("employment_status") == "migrant" for m in r["members"])))


def _sheet(path: Path, name: str, header_row: int) -> tuple[list[Any], list[tuple[Any, ...]]]:
    ws = openpyxl.load_workbook(path)[name]
    return [c.value for c in ws[header_row]], table_rows(ws, header_row + 1)


# -- the ledger: every question ---------------------------------------------------------------
def _answered(questions: dict[str, forms.Question]) -> list[forms.Question]:
    """The form's questions an interviewer answers or sees derived (not notes, not hidden
    calculations), read from the form here, not from the ledger's code."""
    return [q for q in questions.values() if q.type not in (QType.NOTE, QType.CALCULATE)]


def test_every_question_of_the_form_has_a_ledger_column_in_form_order(
        store, records, tmp_path: Path) -> None:
    form = store.forms.current().form
    record = _first_household(records)
    i = next(i for i, m in enumerate(record["members"])
             if m["fields"].get("employment_status") == "migrant")
    worker = record["members"][i]["fields"]
    record["fields"].update(helper_name="李帮扶", helper_phone="13900001111",
                            survey_method="phone", surveyor="谢调查",
                            phone="0745-1234567")
    worker.update(health=["chronic", "disabled"], industry="E", job_type="砌筑工",
                  start_month="2024-03-01", channel="enterprise",
                  policies=["transport_subsidy", "post_subsidy"], returned="yes",
                  return_date="2026-01-20", planned_departure="2026-02-20", transport="train",
                  unemployed_reason="other")  # kept by a draft, not asked of a worker
    record["status"] = "draft"
    store.households.save(record)
    out = tmp_path / "台账.xlsx"
    ledger_workbook(store, VILLAGES[0], out)
    header, rows = _sheet(out, "台账", 4)

    household, member = _answered(form.fields), _answered(form.member_fields)
    assert len(household) + len(member) >= 45
    for q in household + member:
        assert q.label.zh in header, q.name
    # In form order: the member's questions after 姓名, the household's after its keys.
    at = [header.index(q.label.zh) for q in member]
    assert at == sorted(at) and at[0] == header.index("姓名") == 6
    at = [header.index(q.label.zh) for q in household
          if q.name not in ("village_code", "household_no")]
    assert at == sorted(at) and at[0] > header.index("核实说明")
    assert header[:7] == ["序号", "乡镇", "行政村", "户编号", "户主姓名", "人编号", "姓名"]

    row = next(r for r in rows if r[header.index("户编号")] == record["fields"]["household_no"]
               and r[header.index("姓名")] == worker["name"])
    cell = lambda label: row[header.index(label)]  # noqa: E731
    assert cell("健康状况") == "长期慢性病、残疾"
    assert cell("享受政策") == "交通补贴、岗位补贴"
    assert cell("从事行业") == form.member_fields["industry"].choices.label("E")
    assert cell("就业渠道") == "企业组织"
    assert (cell("工种"), cell("就业起始年月"), cell("出行方式")) == ("砌筑工", "2024-03-01", "火车")
    assert (cell("是否返乡人员"), cell("返乡日期"), cell("拟外出日期")) == \
        ("是", "2026-01-20", "2026-02-20")
    assert cell("未就业原因") is None  # not asked of a worker: blank
    assert cell("出生日期") and cell("性别") in ("男", "女")  # derived from the ID number
    assert (cell("帮扶责任人"), cell("帮扶责任人联系电话")) == ("李帮扶", "13900001111")
    assert (cell("调查方式"), cell("调查人"), cell("户联系电话")) == \
        ("电话", "谢调查", "0745-1234567")
    # The same as of today, computed from the history instead of the kept facts.
    ledger_workbook(store, VILLAGES[0], tmp_path / "as_of.xlsx", as_of=TODAY)
    assert sorted(r[1:] for r in _sheet(tmp_path / "as_of.xlsx", "台账", 4)[1]) == \
        sorted(r[1:] for r in rows)


def test_a_question_the_county_adds_is_a_ledger_column(tmp_path: Path) -> None:
    """The columns come from the form: a county's edited workbook (a household question
    added after 调查人, a member one after 出行方式, 帮扶责任人联系电话 removed, 务工单位名称
    renamed) changes the ledger with no code change."""
    path = edited_form(tmp_path / "v2.xlsx", add=(
        ("surveyor", "text", "remark", "备注", "Remark"),
        ("transport", "text", "member_note", "成员备注", "Member note")))
    member, household = ledger_columns(forms.load_form(path))
    names = [n for n, _ in member]
    assert names[names.index("transport") + 1] == "member_note"
    assert dict(member)["member_note"].title == "成员备注"
    assert "employer_name" in names and "employer" not in names
    names = [n for n, _ in household]
    assert names[names.index("surveyor") + 1] == "remark" and "helper_phone" not in names
    assert dict(household)["remark"].group == "户基本情况"


# -- 零就业家庭名单 ------------------------------------------------------------------------------
def test_a_zero_employment_household_shows_its_helper_and_each_labourers_reason(
        store, records, tmp_path: Path) -> None:
    record = _first_household(records)
    labour = []
    for m in record["members"]:
        f = m["fields"]
        if f.get("employment_status") == "migrant":
            for key in ("monthly_income", "start_month", "work_region", "work_place", "job_type",
                        "industry", "employer", "channel", "months_worked"):
                f.pop(key, None)
            f.update(employment_status="unemployed", unemployed_reason="health",
                     wants_job="no")
    form = store.forms.current().form
    # each of its 劳动力 (an unemployed member over 60 or without capacity is not one)
    ind = facts(record, form=form, settings=forms.DEFAULT_SETTINGS, today=TODAY).indicators
    labour = [record["members"][p.member_index]["fields"] for p in ind.persons
              if p.labour_force]
    assert len(labour) >= 1 and ind.zero_employment
    record["fields"].update(helper_name="刘帮扶", helper_phone="13700002222")
    record["status"] = "complete"  # a draft is left out of the lists (docs/decisions.md 33)
    store.households.save(record)
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    header, rows = _sheet(out, "零就业家庭名单", 3)
    assert header[-7:] == ["家庭住址", "帮扶责任人", "帮扶责任人联系电话", "劳动力姓名", "就业状态",
                           "未就业原因", "就业意愿"]
    mine = [r for r in rows if r[header.index("户编号")] == record["fields"]["household_no"]
            and r[header.index("行政村")] == VILLAGES[0]]
    reason = form.member_fields["unemployed_reason"].choices.label
    assert [r[header.index("劳动力姓名"):] for r in mine] == [
        (f["name"], "未就业", reason(f["unemployed_reason"]),
         "是" if f["wants_job"] == "yes" else "否") for f in labour]
    assert ("身体原因", "否") in [r[-2:] for r in mine]
    for r in mine:
        assert (r[header.index("帮扶责任人")], r[header.index("帮扶责任人联系电话")]) == \
            ("刘帮扶", "13700002222")
        assert r[header.index("劳动力人数")] == len(labour)
    assert len({r[0] for r in mine}) == 1  # 序号 counts households
    # 序号 runs 1..n over households, each household's rows together
    numbers = [r[0] for r in rows]
    assert numbers == sorted(numbers) and numbers[-1] == len(set(numbers))
    summary_workbook(store, tmp_path / "as_of.xlsx", as_of=TODAY)
    assert _sheet(tmp_path / "as_of.xlsx", "零就业家庭名单", 3)[1] == rows


# -- 问题明细 -----------------------------------------------------------------------------------
def test_every_finding_of_a_household_is_listed_with_who_and_its_message(
        store, records, tmp_path: Path) -> None:
    form = store.forms.current().form
    record = _first_household(records)
    i = next(i for i, m in enumerate(record["members"])
             if m["fields"].get("employment_status") == "migrant")
    worker = record["members"][i]
    worker["fields"]["monthly_income"] = 35000
    worker["confirmations"] = {"monthly_income": "包工头，年底结算，收入属实"}
    record["fields"]["survey_date"] = (TODAY - dt.timedelta(days=400)).isoformat()
    record["confirmations"] = {"survey_date": "去年入户，今年补录"}
    store.households.save(record)
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    header, rows = _sheet(out, "问题明细", 3)
    assert header == ["序号", "乡镇", "行政村", "户编号", "户主", "成员姓名", "问题", "规则代码",
                      "严重程度", "说明", "核实说明"]
    col = {h: i for i, h in enumerate(header)}

    def of(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(r[col[h]] for h in ("户编号", "成员姓名", "问题", "规则代码", "严重程度",
                                         "说明", "核实说明"))

    # Every finding of every household, as the validator finds it, in village and 户编号 order.
    expected = []
    current = {r["uuid"]: r for r in records} | {record["uuid"]: record}
    for r in sorted(current.values(), key=lambda r: (r["fields"]["village_code"],
                                                     r["fields"]["household_no"], r["uuid"])):
        for x in with_reasons(forms.validate_household(form, r, today=TODAY), r):
            who = None if x.member_index is None else \
                r["members"][x.member_index]["fields"].get("name")
            q = form.member_fields.get(x.field) if x.member_index is not None else \
                form.fields.get(x.field) or form.member_fields.get(x.field)
            asked = q.label.zh if q is not None else x.field
            expected.append((r["fields"]["household_no"], who, asked, x.code,
                             "错误" if x.is_error else "警告", x.message_zh, x.reason or None))
    # the generated mistakes (how many depends on the day: ages move), and the two warnings
    assert len(expected) > 2 and {"survey_old", "income_band"} <= {e[3] for e in expected}
    assert "与户主关系" in {e[2] for e in expected}  # head_count: a household's rule
    assert [of(r) for r in rows] == expected
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    mine = [of(r) for r in rows if r[col["户编号"]] == record["fields"]["household_no"]
            and r[col["行政村"]] == VILLAGES[0]]
    income = next(m for m in mine if m[3] == "income_band")
    assert income[1:3] == (worker["fields"]["name"], "月收入（元）")
    assert income[5].startswith("月收入不在该就业状态的常见范围内")
    assert income[6] == "包工头，年底结算，收入属实"
    survey = next(m for m in mine if m[2] == "调查日期")
    assert survey[1] is None and survey[6] == "去年入户，今年补录"
    # The per-rule counts stay, and add up to the list.
    _, counts = _sheet(out, "数据质量", 3)
    assert sum(r[6] for r in counts) == len(rows)
    summary_workbook(store, tmp_path / "as_of.xlsx", as_of=TODAY)
    assert _sheet(tmp_path / "as_of.xlsx", "问题明细", 3)[1] == rows


def test_long_messages_wrap_in_rows_tall_enough_to_read(store, records, tmp_path: Path) -> None:
    """说明 wraps at its column's width and its row is as tall as the lines it takes (neither
    Excel nor LibreOffice grows a row as it opens the file); a one-line row keeps the default
    height."""
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    ws = openpyxl.load_workbook(out)["问题明细"]
    header = [c.value for c in ws[3]]
    at = header.index("说明") + 1
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(at)].width
    seen = set()
    for row in range(4, 4 + len(table_rows(ws, 4))):
        cell = ws.cell(row, at)
        assert cell.alignment.wrap_text
        lines = -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in cell.value) // int(width - 1))
        height = ws.row_dimensions[row].height
        assert (height is None) if lines == 1 else height >= 13.5 * lines, (row, cell.value)
        seen.add(lines > 1)
    assert seen == {True, False}
