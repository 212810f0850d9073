"""Inside repeats besides the members (decision 59): a dynamic ``default`` evaluated when an
instance is added (pyxform's ``odk-new-repeat``), ``trigger`` in the same instance and from
outside it, and ``once()`` kept per instance — through the engine, checked against what
pyxform writes and javarosa does (its SetValueActionTest and OdkNewRepeatEventTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from mopai.forms import clean_household, evaluate_household, load_form, validate_household
from mopai.forms.instance_values import new_instance_fields
from mopai.forms.triggers import apply, kept_values, triggered_values

from .expr_forms import household, xlsform

ROWS = [
    {"type": "text", "name": "head"},
    {"type": "integer", "name": "jobs_wage_seen", "calculation": "sum(${wage})",
     "trigger": "${wage}"},                    # outside the jobs, triggered from inside one
    {"type": "begin_repeat", "name": "members"},
    {"type": "text", "name": "name"},
    {"type": "begin_repeat", "name": "jobs"},
    {"type": "integer", "name": "job_no", "default": "position(..) * 10"},
    {"type": "text", "name": "place", "default": "concat(${name}, '的工作')"},
    {"type": "integer", "name": "wage"},
    {"type": "integer", "name": "year_wage", "calculation": "${wage} * 12",
     "trigger": "${wage}"},                    # javarosa: the same instance
    {"type": "text", "name": "head_seen", "calculation": "${head}", "trigger": "${head}"},
    {"type": "calculate", "name": "stamp",
     "calculation": "once(concat(${name}, '-', position(..), '-', ${wage}))"},
    {"type": "end_repeat"},
    {"type": "end_repeat"},
    {"type": "begin_repeat", "name": "measures"},
    {"type": "date", "name": "given", "default": "today()"},
    {"type": "end_repeat"},
]
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return xlsform(tmp_path / "values.xlsx", ROWS)


def _record() -> dict[str, Any]:
    record = household({"head": "王"}, [{"name": "甲"}, {"name": "乙"}])
    record["members"][0]["repeats"] = {"jobs": [
        {"uuid": "j1", "fields": {"wage": 100}}, {"uuid": "j2", "fields": {"wage": 200}}]}
    record["members"][1]["repeats"] = {"jobs": [{"uuid": "j3", "fields": {"wage": 300}}]}
    return record


def test_pyxform_writes_each_as_a_setvalue_in_the_repeat(form_path: Path) -> None:
    xform = convert(xlsform=str(form_path), validate=False).xform
    # a dynamic default in a repeat: set in each new instance (and in those the form opens
    # with), evaluated there
    assert ('<setvalue ref="/data/members/jobs/job_no" event="odk-new-repeat" '
            'value="position(..) * 10"/>') in xform
    assert ('<setvalue ref="/data/members/jobs/place" event="odk-new-repeat" '
            'value="concat( ../../name , \'的工作\')"/>') in xform
    # a trigger in the same instance: relative to it; from outside: the absolute path
    assert ('<setvalue ref="/data/members/jobs/year_wage" event="xforms-value-changed" '
            'value=" ../wage  * 12"/>') in xform
    assert ('<setvalue ref="/data/members/jobs/head_seen" event="xforms-value-changed" '
            'value=" /data/head "/>') in xform
    assert 'calculate="once(concat( ../../name ' in xform


def test_a_dynamic_default_is_evaluated_in_the_new_instance(form_path: Path) -> None:
    form = load_form(form_path)
    record = _record()
    second = (("members", 1),)
    fields = new_instance_fields(form, record, second, "jobs", today=TODAY)
    assert fields == {"job_no": 20, "place": "乙的工作"}     # position(..) is its number: 2
    assert len(record["members"][1]["repeats"]["jobs"]) == 1  # the record is not changed
    assert new_instance_fields(form, record, second, "jobs", {"place": "深圳"},
                               today=TODAY)["place"] == "深圳"  # an answer given is kept
    assert new_instance_fields(form, record, (), "measures", today=TODAY) == {
        "given": "2026-06-15"}
    # set once: a later change of what it refers to does not change it (javarosa)
    record["members"][1]["repeats"]["jobs"].append({"uuid": "j4", "fields": fields})
    record["members"][1]["fields"]["name"] = "丙"
    job = evaluate_household(form, record, today=TODAY).instance(("members", 1), ("jobs", 1))
    assert job.values["place"] == "乙的工作"


def test_a_trigger_inside_an_instance_sets_that_instance_only(form_path: Path) -> None:
    form = load_form(form_path)
    record = _record()
    at = (("members", 0), ("jobs", 1))
    updates = triggered_values(form, record, "wage", at, today=TODAY)
    assert (at, "year_wage", 2400) in updates
    assert not [u for u in updates if u[1] == "year_wage" and u[0] != at]
    # the household question it triggers (outside the instance) is set too
    assert (None, "jobs_wage_seen", 600) in updates
    apply(record, updates)
    jobs = record["members"][0]["repeats"]["jobs"]
    assert [j["fields"].get("year_wage") for j in jobs] == [None, 2400]
    assert record["fields"]["jobs_wage_seen"] == 600
    # not recomputed on evaluation: kept until its trigger changes again
    jobs[1]["fields"]["wage"] = 1
    state = evaluate_household(form, record, today=TODAY)
    assert state.instance(("members", 0), ("jobs", 1)).values["year_wage"] == 2400


def test_a_trigger_outside_sets_every_instance_it_reaches(form_path: Path) -> None:
    form = load_form(form_path)
    record = _record()
    apply(record, triggered_values(form, record, "head", None, today=TODAY))
    seen = [j["fields"].get("head_seen") for m in record["members"]
            for j in m["repeats"]["jobs"]]
    assert seen == ["王", "王", "王"]
    assert validate_household(form, record, today=TODAY) == []
    cleaned = clean_household(form, record, today=TODAY)
    assert cleaned["members"][1]["repeats"]["jobs"][0]["fields"]["head_seen"] == "王"


def test_once_is_kept_per_instance(form_path: Path) -> None:
    form = load_form(form_path)
    record = _record()
    kept = kept_values(form, evaluate_household(form, record, today=TODAY))
    assert [(at, v) for at, name, v in kept if name == "stamp"] == [
        ((("members", 0), ("jobs", 0)), "甲-1-100"), ((("members", 0), ("jobs", 1)), "甲-2-200"),
        ((("members", 1), ("jobs", 0)), "乙-1-300")]
    apply(record, kept)
    record["members"][0]["repeats"]["jobs"][0]["fields"]["wage"] = 999
    record["members"][0]["fields"]["name"] = "丁"
    state = evaluate_household(form, record, today=TODAY)
    assert state.instance(("members", 0), ("jobs", 0)).values["stamp"] == "甲-1-100"  # kept
    assert kept_values(form, state) == []
    record["members"][1]["repeats"]["jobs"].append({"uuid": "j9", "fields": {"wage": 5}})
    assert [(at, v) for at, _, v in kept_values(form, evaluate_household(
        form, record, today=TODAY))] == [((("members", 1), ("jobs", 1)), "乙-2-5")]


# -- current() ------------------------------------------------------------------------------
CURRENT_ROWS = [
    {"type": "text", "name": "head"},
    {"type": "begin_repeat", "name": "members"},
    {"type": "text", "name": "name"},
    {"type": "select_one kinds", "name": "best"},
    {"type": "begin_repeat", "name": "jobs"},
    {"type": "select_one kinds", "name": "prev"},
    {"type": "select_one kinds", "name": "kind", "choice_filter": "name != current()/../prev"},
    {"type": "select_one kinds", "name": "kind2", "choice_filter": "name != ${prev}"},
    {"type": "begin_group", "name": "more"},
    {"type": "calculate", "name": "who",
     "calculation": "concat(current()/../../../name, ':', current()/../../kind, ':', "
                    "current()/../../../../head)"},
    {"type": "end_group"},
    {"type": "integer", "name": "wage", "constraint": ". > 0 and . != current()/../../best"},
    {"type": "end_repeat"},
    {"type": "end_repeat"},
]
KINDS = [["kinds", "1", "工厂"], ["kinds", "2", "工地"], ["kinds", "3", "服务"]]


def _current_form(tmp_path: Path, rows: list[dict[str, Any]] = CURRENT_ROWS) -> Path:
    return xlsform(tmp_path / "current.xlsx", rows, choices=KINDS)


def test_pyxform_writes_current_paths_as_they_are_and_a_filter_ref_as_one(
        tmp_path: Path) -> None:
    xform = convert(xlsform=str(_current_form(tmp_path)), validate=False).xform
    # pyxform writes ${prev} in a choice_filter inside a repeat as current()/../prev: the
    # two filters are one
    assert "[name != current()/../prev]" in xform
    assert "[name !=  current()/../prev ]" in xform
    assert "current()/../../../../head" in xform


def test_current_reads_the_question_beside_or_around_in_each_instance(tmp_path: Path) -> None:
    from mopai.forms.validate import instance_choices

    form = load_form(_current_form(tmp_path))
    record = household({"head": "王"}, [{"name": "甲", "best": "3"}])
    record["members"][0]["repeats"] = {"jobs": [
        {"uuid": "j1", "fields": {"prev": "1", "kind": "2", "wage": 5}},
        {"uuid": "j2", "fields": {"prev": "2", "kind": "2", "wage": 3}}]}
    state = evaluate_household(form, record, today=TODAY)
    first, second = (state.instance(("members", 0), ("jobs", i)) for i in (0, 1))
    kind, kind2 = form.repeat_fields["kind"], form.repeat_fields["kind2"]
    assert instance_choices(kind, first) == instance_choices(kind2, first) == {"2", "3"}
    assert instance_choices(kind, second) == {"1", "3"}
    assert first.values["who"] == "甲:2:王"     # three levels up, and the form's own
    found = {(f.field, f.code) for f in validate_household(form, record, today=TODAY)}
    assert ("members[1]/jobs[2]/kind", "invalid_choice") in found   # 2 is its prev
    assert ("members[1]/jobs[1]/kind", "invalid_choice") not in found
    assert ("members[1]/jobs[2]/wage", "wage_constraint") in found       # 3 is the member's best
    assert ("members[1]/jobs[1]/wage", "wage_constraint") not in found


@pytest.mark.parametrize(("cell", "words"), [
    ("name != current()/../name", "not where 'name' is (it is in members)"),
    ("name != current()/../../../../../head", "too many '..'"),
    ("name != current()/../nothing", "there is no question 'nothing'"),
    ("name != current()/prev", "a question holds no questions"),
    ("name != current()/..", "the group or repeat around this question"),
    ("name != .", "in a choice_filter '.' is the choice itself"),
])
def test_a_current_path_that_is_not_there_is_refused_naming_the_cell(
        tmp_path: Path, cell: str, words: str) -> None:
    from mopai.forms import FormError

    rows = [dict(r) for r in CURRENT_ROWS]
    rows[6]["choice_filter"] = cell
    with pytest.raises(FormError) as caught:
        load_form(_current_form(tmp_path, rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (8, "choice_filter")
    assert words in problem.message_en


def test_current_finds_a_name_used_at_two_levels_where_it_is(tmp_path: Path) -> None:
    rows = [{"type": "text", "name": "phone"},
            {"type": "calculate", "name": "mine", "calculation": "current()/../phone"},
            {"type": "begin_repeat", "name": "members"},
            {"type": "text", "name": "phone"},
            {"type": "calculate", "name": "theirs", "calculation": "current()/../phone"},
            {"type": "end_repeat"}]
    form = load_form(xlsform(tmp_path / "phones.xlsx", rows))
    state = evaluate_household(form, household({"phone": "1"}, [{"phone": "2"}]), today=TODAY)
    assert (state.value("mine"), state.value("theirs", 0)) == ("1", "2")
