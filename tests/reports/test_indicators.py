"""Issue 16's indicators in the summary workbook, on households whose every figure is known.

    hh  village       type    status    members
    H1  431222100201  一般农户 complete  head 40 外出务工 广东省东莞市 6000 元, 交通补贴;
                                        spouse 62 未就业, wants a job (not 劳动力: 60 and over)
    H2  431222100201  脱贫户   complete  head 35 就业帮扶车间 湖南省怀化市中方县 2000 元, 岗位补贴;
                                        spouse 50 公益性岗位 湖南省怀化市 1000 元;
                                        son, ID number invalid (年龄不详), 就业帮扶车间
    H3  431222101201  监测户   complete  head 45 自主创业 湖南省怀化市中方县 3000 元;
                                        son 25 返乡, 外出务工 湖南省长沙市岳麓区 5000 元,
                                        一次性求职补贴 + 交通补贴;
                                        daughter 22 外出务工 广东东莞, no income given
    H4  431222100201  一般农户 draft     head 30 外出务工, spouse 28 未就业, one invalid ID
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai import forms
from mopai.reports.facts import ReportFacts
from mopai.reports.figures import county_figures
from mopai.reports.household_facts import aggregate, counts
from mopai.reports.source import facts
from mopai.reports.summary import (
    FIGURE_COLUMNS,
    MORE_COLUMNS,
    POVERTY_COLUMNS,
    WISH_COLUMNS,
    policy_columns,
    summary_workbook,
)
from tests.forms.builders import household, jobless, pid, worker
from tests.helpers import sheet_notes, table_rows

A, B = "431222100201", "431222101201"  # two townships: 431222100, 431222101
LOCAL = {"region": "in_township", "work_place": "湖南省怀化市中方县"}


def _bad_id() -> str:
    good = pid(20)
    return good[:-1] + ("1" if good[-1] != "1" else "2")  # the check digit no longer fits


def households() -> list[dict[str, Any]]:
    h1 = household(worker("head", 40, policies=["transport_subsidy"]),
                   jobless("spouse", 62, "female", wants_job="yes", desired_job="保洁",
                           desired_region="in_county"),
                   village_code=A)
    h2 = household(worker("head", 35, employment_status="workshop", monthly_income=2000,
                          policies=["post_subsidy"], **LOCAL),
                   worker("spouse", 50, "female", employment_status="public_post",
                          post_type="保洁员", monthly_income=1000,
                          **{**LOCAL, "work_place": "湖南省怀化市"}),
                   worker("son", 20, employment_status="workshop", monthly_income=1500,
                          id_number=_bad_id(), **LOCAL),
                   village_code=A, household_type="poverty_alleviated",
                   help_measures=["employment"])
    h3 = household(worker("head", 45, employment_status="self_employed", monthly_income=3000,
                          **LOCAL),
                   worker("son", 25, region="in_province", work_place="湖南省长沙市岳麓区",
                          monthly_income=5000, returned="yes", return_date="2026-02-01",
                          policies=["job_search_subsidy", "transport_subsidy"]),
                   worker("daughter", 22, "female", work_place="广东东莞", monthly_income=None),
                   village_code=B, household_type="monitored", monitoring_category="marginal",
                   help_measures=["employment"])
    h4 = household(worker("head", 30), jobless("spouse", 28, "female"),
                   worker("son", 20, id_number=_bad_id()), village_code=A)
    for h in (h1, h2, h3):
        h["status"] = "complete"
    return [h1, h2, h3, h4]


@pytest.fixture
def saved(store) -> list[dict[str, Any]]:  # noqa: ANN001
    records = households()
    store.households.save_many(copy.deepcopy(records))
    return records


def _by_key(ws, columns, first: int = 5) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    keys = [k for k, _ in columns]
    return {r[0]: dict(zip(keys, r[2:], strict=True)) for r in table_rows(ws, first)}


def _notes(ws) -> list[str]:  # noqa: ANN001
    return sheet_notes(ws)


def test_every_new_figure_of_the_summary(store, saved, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    wb = openpyxl.load_workbook(out)

    main = _by_key(wb["汇总"], FIGURE_COLUMNS)
    total = main["合计"]
    assert (total["households"], total["persons"]) == (3, 8)  # the draft H4 is not in them
    assert (total["draft_households"], total["draft_persons"]) == (1, 3)
    assert (main["431222100"]["draft_households"], main["431222101"]["draft_households"]) == (1, 0)
    assert (total["labour_force"], total["employed"], total["transfer_employed"]) == (6, 6, 6)
    notes = _notes(wb["汇总"])
    assert any("草稿 1 户 3 人未计入" in n for n in notes), notes
    assert any("年龄不详" in n and " 1 人" in n for n in notes), notes

    poverty = _by_key(wb["脱贫户和监测户"], POVERTY_COLUMNS)
    assert [poverty["合计"][f"alleviated_{k}"] for k in
            ("households", "persons", "labour_force", "employed", "employment_rate")] == [
        1, 3, 2, 2, 1.0]
    assert [poverty["合计"][f"monitored_{k}"] for k in
            ("households", "persons", "labour_force", "employed", "employment_rate")] == [
        1, 3, 3, 3, 1.0]
    assert [poverty["合计"][f"poverty_{k}"] for k in
            ("households", "persons", "labour_force", "employed")] == [2, 6, 5, 5]
    assert poverty["431222100"]["monitored_households"] == 0
    assert poverty["431222100"]["monitored_employment_rate"] is None

    more = _by_key(wb["汇总（续）"], MORE_COLUMNS)["合计"]
    assert (more["public_post"], more["workshop"], more["self_employed"]) == (1, 1, 1)
    assert (more["returned"], more["returned_employed"]) == (1, 1)
    assert (more["income_persons"], more["income_total"], more["income_average"]) == (
        5, 17000, 3400)
    assert (more["unknown_age"], more["unknown_age_employed"], more["unknown_age_transfer"],
            more["unknown_age_poverty"]) == (1, 1, 1, 1)
    assert any("人均月收入 = 月收入合计 ÷ 填报了月收入的转移就业人数" in n
               for n in _notes(wb["汇总（续）"]))

    columns = WISH_COLUMNS + tuple(policy_columns(forms.load_default_form()))
    wishes = _by_key(wb["意愿和政策"], columns)["合计"]
    assert wishes == {"has_capacity": 8, "wants_job": 0, "wants_training": 0,
                      "wants_business": 0,
                      "wants_job_other": 1,  # the one who wants a job is 62: not 劳动力
                      "policy:transport_subsidy": 2, "policy:job_search_subsidy": 1,
                      "policy:post_subsidy": 1, "policy:training_subsidy": 0,
                      "policy:business_subsidy": 0, "policy:social_insurance_subsidy": 0,
                      "policy_any": 3}
    assert [c.value for c in wb["意愿和政策"][4]][2 + len(WISH_COLUMNS)] == "交通补贴"

    places = table_rows(wb["去向"], 4)
    assert places == [
        ("湖南省", "小计", 4, 2, 2), (None, "怀化市", 3, 2, 1), (None, "长沙市", 1, 0, 1),
        ("广东省", "小计", 2, 0, 1), (None, "东莞市", 2, 0, 1),  # 广东东莞 is 东莞市 too
        ("合计", None, 6, 2, 3)]
    for name in ("汇总", "脱贫户和监测户", "汇总（续）", "意愿和政策", "去向", "分村", "乡镇排名"):
        assert any("只统计已完成的户" in n for n in _notes(wb[name])), name


def test_drafts_stay_out_of_the_lists_and_the_dashboard(store, saved, tmp_path: Path  # noqa: ANN001
                                                        ) -> None:
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    wb = openpyxl.load_workbook(out)
    transfer = table_rows(wb["转移就业人员名册"], 4)
    assert len(transfer) == 6 and saved[3]["fields"]["household_no"] not in {r[3] for r in transfer}
    assert any("只列已完成的户" in n for n in _notes(wb["转移就业人员名册"]))

    figures = county_figures(store)
    assert (figures.total.households, figures.total.persons) == (3, 8)
    assert (figures.total.draft_households, figures.total.draft_persons) == (1, 3)
    assert figures.villages[A].draft_households == 1


def test_the_kept_counts_and_forms_aggregate_agree(store, saved) -> None:  # noqa: ANN001
    """The two paths to the figures: per household counts summed (the reports, the dashboard)
    and forms.aggregate_indicators over the complete households."""
    rf = ReportFacts.of(store)
    form, day = rf.form, rf.settings.today()
    summed: Counter[str] = Counter()
    complete = []
    for record in saved:
        f = facts(record, form=form, settings=rf.settings, today=day)
        summed.update(counts(f))
        if record["status"] == "complete":
            complete.append(f.indicators)
    kept, direct = aggregate(dict(summed)), forms.aggregate_indicators(complete)
    drafts = {"draft_households", "draft_persons", "draft_unknown_age"}
    for name, value in vars(direct).items():
        if name not in drafts:
            assert getattr(kept, name) == value, name
    assert (kept.draft_households, kept.draft_unknown_age) == (1, 1)
    assert kept.unknown_age == 1 and kept.destinations["广东省|东莞市"] == 2
