"""Unknown is not false inside the instances of several and nested repeats (forms/undecided.py,
decision 59): a question of a job whose relevance or check reads an answer that is missing
though required, or wrong, is undecided as at the household level, named by the instance's
path (``members[1]/jobs[1]``); its answer is kept by validation, cleaning and the list of
answers a complete save would remove. The control cases show the same answers judged as
before once what they read is known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mopai import forms
from mopai.forms import load_form
from tests.forms.conformance.nested_forms import household, nested_form
from tests.forms.conformance.xlsforms import write

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def form(tmp_path: Path) -> forms.Form:
    return load_form(nested_form(tmp_path / "nested.xlsx"))


def _codes(form: forms.Form, hh: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {(f.code, f.field) for f in forms.validate_household(form, hh, today=TODAY)}


def _job(hh: dict[str, Any], member: int, job: int) -> dict[str, Any]:
    return hh["members"][member]["repeats"]["jobs"][job]["fields"]


def test_a_wrong_wage_leaves_the_bonus_of_that_job_undecided_and_kept(
        form: forms.Form) -> None:
    hh = household()
    _job(hh, 0, 0)["wage"] = "4千"          # not a number: whether 奖金 is asked is unknown
    state = forms.evaluate_household(form, hh, today=TODAY)
    kept = forms.undecided_in(state)
    assert kept.in_instance("members[1]/jobs[1]") == {"bonus"}
    assert kept.in_instance("members[1]/jobs[2]") == frozenset()
    assert "wage" in kept.instances_unknown["members[1]/jobs[1]"]
    assert kept                                             # something is undecided
    found = _codes(form, hh)
    assert ("invalid_integer", "members[1]/jobs[1]/wage") in found
    assert not any(code == "not_relevant" for code, _ in found)
    cleaned = forms.clean_household(form, hh, today=TODAY)
    assert _job(cleaned, 0, 0)["bonus"] == 500
    assert forms.answers_not_asked(form, hh, today=TODAY) == []


def test_a_known_wage_decides_the_bonus_again(form: forms.Form) -> None:
    hh = household()
    _job(hh, 0, 0)["wage"] = 2000           # known, and ≤ 3000: 奖金 is not asked
    assert forms.undecided_in(forms.evaluate_household(form, hh, today=TODAY)) \
        .in_instance("members[1]/jobs[1]") == frozenset()
    assert ("not_relevant", "members[1]/jobs[1]/bonus") in _codes(form, hh)
    assert "bonus" not in _job(forms.clean_household(form, hh, today=TODAY), 0, 0)
    [removed] = forms.answers_not_asked(form, hh, today=TODAY)
    assert (removed.member_index, removed.field, removed.value) == (
        0, "members[1]/jobs[1]/bonus", 500)


def test_a_missing_required_wage_is_unknown_too(form: forms.Form) -> None:
    hh = household()
    del _job(hh, 1, 0)["wage"]                # required
    _job(hh, 1, 0)["bonus"] = 10
    found = _codes(form, hh)
    assert ("required", "members[2]/jobs[1]/wage") in found
    assert ("not_relevant", "members[2]/jobs[1]/bonus") not in found
    state = forms.evaluate_household(form, hh, today=TODAY)
    assert forms.undecided_in(state).in_instance("members[2]/jobs[1]") == {"bonus"}
    # the other member's jobs read their own member's wages: nothing unknown there
    assert forms.undecided_in(state).members_unknown[0] == frozenset()


SURVEY = [
    ["type", "name", "label::zh_CN", "label::en", "relevant", "constraint", "required"],
    ["integer", "n_people", "人数", "People", "", "", "yes"],
    ["begin_repeat", "members", "成员", "Members"],
    ["text", "name", "姓名", "Name"],
    ["integer", "age", "年龄", "Age", "", "", "yes"],
    ["begin_repeat", "jobs", "工作", "Jobs", "${age} >= 16"],
    ["text", "place", "地点", "Place"],
    ["integer", "wage", "月收入", "Wage", "", "", "yes"],
    ["integer", "bonus", "奖金", "Bonus", "", ". <= ${wage}"],
    ["begin_repeat", "payments", "发放", "Payments"],
    ["integer", "paid", "金额", "Paid", "", ". <= ${wage}"],
    ["end_repeat", "payments"],
    ["end_repeat", "jobs"],
    ["end_repeat", "members"],
    ["begin_repeat", "visits", "走访", "Visits", "${n_people} > 1"],
    ["text", "visitor", "走访人", "Visitor"],
    ["end_repeat", "visits"],
]


@pytest.fixture
def deep(tmp_path: Path) -> forms.Form:
    return load_form(write(tmp_path / "deep.xlsx", {
        "survey": SURVEY, "settings": [["form_id", "version"], ["deep", "1"]]}))


def _deep_household(age: Any, wage: Any, n_people: Any = 2) -> dict[str, Any]:
    return {
        "uuid": "h1", "form_id": "deep", "form_version": "1", "status": "draft",
        "fields": {"n_people": n_people},
        "members": [{"uuid": "m1", "fields": {"name": "张三", "age": age}, "repeats": {
            "jobs": [{"uuid": "j1", "fields": {"place": "广州", "wage": wage, "bonus": 900},
                      "repeats": {"payments": [{"uuid": "p1", "fields": {"paid": 800}}]}}]}}],
        "repeats": {"visits": [{"uuid": "v1", "fields": {"visitor": "王五"}}]},
    }


def test_a_repeat_whose_relevance_is_unknown_keeps_its_instances_answers(
        deep: forms.Form) -> None:
    hh = _deep_household(age="十六", wage=1000)       # the member's age is not a number
    state = forms.evaluate_household(deep, hh, today=TODAY)
    kept = forms.undecided_in(state)
    assert kept.is_undecided("jobs", 0)
    assert {"jobs", "place", "wage", "bonus"} <= kept.in_instance("members[1]/jobs[1]")
    assert "paid" in kept.in_instance("members[1]/jobs[1]/payments[1]")
    assert not any(code == "not_relevant" for code, _ in _codes(deep, hh))
    cleaned = forms.clean_household(deep, hh, today=TODAY)
    job = cleaned["members"][0]["repeats"]["jobs"][0]
    assert job["fields"] == {"place": "广州", "wage": 1000, "bonus": 900}
    assert job["repeats"]["payments"][0]["fields"] == {"paid": 800}
    # known and under 16: the jobs are not asked, each answer named by its path
    removed = {r.field for r in forms.answers_not_asked(deep, _deep_household(12, 1000),
                                                        today=TODAY)}
    assert removed == {"members[1]/jobs[1]/place", "members[1]/jobs[1]/wage",
                       "members[1]/jobs[1]/bonus", "members[1]/jobs[1]/payments[1]/paid"}


def test_a_household_repeat_whose_relevance_is_unknown(deep: forms.Form) -> None:
    hh = _deep_household(age=30, wage=1000, n_people=None)     # required, missing
    kept = forms.undecided_in(forms.evaluate_household(deep, hh, today=TODAY))
    assert "visitor" in kept.in_instance("visits[1]")
    assert ("not_relevant", "visits[1]/visitor") not in _codes(deep, hh)
    assert ("not_relevant", "visits[1]/visitor") in _codes(
        deep, _deep_household(age=30, wage=1000, n_people=1))


def test_a_constraint_reading_an_unknown_wage_is_not_judged_yet(deep: forms.Form) -> None:
    known = _codes(deep, _deep_household(age=30, wage=100))    # 900 and 800 > 100
    assert {("bonus_constraint", "members[1]/jobs[1]/bonus"),
            ("paid_constraint", "members[1]/jobs[1]/payments[1]/paid")} <= known
    unknown = _codes(deep, _deep_household(age=30, wage="一千"))
    assert ("invalid_integer", "members[1]/jobs[1]/wage") in unknown
    assert not any(f in ("members[1]/jobs[1]/bonus", "members[1]/jobs[1]/payments[1]/paid")
                   for _, f in unknown)
