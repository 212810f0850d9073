"""Conformance: several and nested repeats (decision 59) — the loader's model, and evaluation
per instance as ODK does it: pyxform's paths for each ``${}`` (relative inside the shared
repeat instance, absolute from outside) and javarosa's own examples for ``position(../..)``
and ``indexed-repeat()`` over several levels (IndexedRepeatTest.java)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from mopai import forms
from mopai.forms import FormError, load_form
from tests.forms.conformance.nested_forms import HEADER, SURVEY, household, nested_form
from tests.forms.conformance.xlsforms import write

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return nested_form(tmp_path / "nested.xlsx")


def test_the_model_has_each_repeat_its_questions_and_counts(form_path: Path) -> None:
    form = load_form(form_path)
    assert form.repeat is not None and form.repeat.name == "members"
    assert set(form.repeats) == {"jobs", "measures"}
    jobs, measures = form.repeats["jobs"], form.repeats["measures"]
    assert [r.name for r in jobs.chain] == ["members", "jobs"]
    assert [r.name for r in measures.chain] == ["measures"]
    assert [r.name for r in form.repeat.repeats()] == ["jobs"]
    assert list(jobs.fields()) == ["place", "wage", "bonus", "who", "job_no", "share",
                                   "head_again"]
    assert list(measures.fields()) == ["kind", "amount", "for_whom", "first_job"]
    assert "n_jobs" in form.member_fields and "wage" not in form.member_fields
    assert "wage" not in form.fields and form.repeat_fields["wage"].repeat is jobs
    assert form.summary() == ("nested 1: 9 household questions, 5 member questions, "
                              "11 questions in other repeats (jobs, measures), 0 choice lists")
    assert jobs.count is not None and jobs.count.source == "${n_jobs}"
    assert measures.count is not None and measures.count.source == "${n_measures}"


def test_pyxform_reads_the_references_as_the_engine_does(form_path: Path) -> None:
    xform = convert(xlsform=str(form_path), validate=False).xform
    # inside a member, the member's own jobs; from the household, every job of every member
    assert 'nodeset="/data/members/my_wage" type="string" calculate="sum( ../jobs/wage )"' in xform
    assert 'nodeset="/data/total_wage" type="string" calculate="sum( /data/members/jobs/wage )"' \
        in xform
    assert 'calculate=" ../../name "' in xform          # a job reads its member's answer
    assert 'jr:count=" ../n_jobs "' in xform             # the member's count of jobs


def test_each_instance_is_evaluated_with_its_own_and_its_owners_answers(
        form_path: Path) -> None:
    form = load_form(form_path)
    state = forms.evaluate_household(form, household(), today=TODAY)
    first, second = state.instance(("members", 0)), state.instance(("members", 1))
    assert (first.value("my_wage"), first.value("my_jobs"), first.value("my_best")) == \
        (5000, 2, 4000)
    assert (second.value("my_wage"), second.value("my_jobs")) == (2500, 1)
    job = state.instance(("members", 0), ("jobs", 1))
    assert (job.value("who"), job.value("job_no"), job.value("share"),
            job.value("head_again")) == ("张三", "[1][2]", 0.2, "张三")
    assert state.instance(("members", 1), ("jobs", 0)).value("job_no") == "[2][1]"
    # relevance per instance: the bonus is asked where that job's wage is over 3000
    assert state.instance(("members", 0), ("jobs", 0)).is_relevant("bonus")
    assert not job.is_relevant("bonus") and job.value("bonus") is None
    measure = state.instance(("measures", 1))
    assert (measure.value("for_whom"), measure.value("first_job")) == ("李四", "上海")
    assert {k: state.values[k] for k in ("total_wage", "all_jobs", "all_measures",
                                         "total_amount", "places", "best",
                                         "second_job_of_first")} == {
        "total_wage": 7500, "all_jobs": 3, "all_measures": 2, "total_amount": 150,
        "places": "广州,深圳,上海", "best": 4000, "second_job_of_first": 1000}


def test_a_repeat_not_relevant_leaves_its_instances_without_values(form_path: Path) -> None:
    form = load_form(form_path)
    hh = household()
    hh["fields"]["n_measures"] = 0
    hh["members"][1]["fields"]["n_jobs"] = 0
    state = forms.evaluate_household(form, hh, today=TODAY)
    assert not state.instance(("measures", 0)).is_relevant("kind")
    assert state.instance(("measures", 0)).value("amount") is None
    assert state.values["total_amount"] == 0
    assert state.instance(("members", 1), ("jobs", 0)).value("wage") is None
    assert state.instance(("members", 1)).value("my_wage") == 0
    assert state.values["total_wage"] == 5000


@pytest.mark.parametrize(("cell", "words"), [
    ("${wage}", "has many values"),                 # a job's answer, bare, from the member
    ("indexed-repeat(${wage}, ${members}, 1)", "needs an index for ${jobs}"),
    ("indexed-repeat(${wage}, ${measures}, 1)", "must be those ${wage} is in"),
    ("position(../../..)", "goes 3 level(s) up"),
    ("sum(${jobs})", "sum() of a repeat"),
])
def test_a_reference_that_cannot_mean_one_value_is_refused_naming_the_cell(
        tmp_path: Path, cell: str, words: str) -> None:
    survey = [list(r) for r in SURVEY]
    survey[5][6] = cell                                  # my_wage, a member's calculation
    path = write(tmp_path / "bad.xlsx", {"survey": [HEADER, *survey],
                                         "settings": [["form_id", "version"], ["n", "1"]]})
    with pytest.raises(FormError) as caught:
        load_form(path)
    ((problem,),) = [[p for p in caught.value.problems if p.row == 7]]
    assert problem.column == "calculation" and words in problem.message_en


def test_repeats_nest_three_levels_at_most_and_names_are_unique(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["begin_repeat", f"r{i}", f"组{i}", f"R{i}"] for i in range(1, 5)]
    rows += [["text", "deep", "深", "Deep"], ["text", "head", "户", "Head"]]
    rows += [["end_repeat", f"r{i}"] for i in range(4, 0, -1)]
    rows += [["text", "head", "户主", "Head"]]
    path = write(tmp_path / "deep.xlsx", {"survey": [HEADER, *rows],
                                          "settings": [["form_id", "version"], ["d", "1"]]})
    with pytest.raises(FormError) as caught:
        load_form(path)
    found = {(p.row, p.column, p.message_en) for p in caught.value.problems}
    assert (5, "type", "repeats nest more than 3 levels deep") in found
    # a name inside a repeat other than the members is unique in the whole form
    assert any(row == 12 and column == "name" and "already used in row 7" in message
               for row, column, message in found)


# -- javarosa's IndexedRepeatTest.buildNestedRepeatForm, as an XLSForm -------------------
def _javarosa_form(path: Path) -> Path:
    def calc(name: str, expr: str) -> list[Any]:
        return ["calculate", name, "", "", "", "", expr]
    survey = [
        ["begin_repeat", "r1-d1", "r1", "r1"], ["text", "x1", "x", "x"],
        calc("inside-r1-d1", "concat('[', position(..), ']')"),
        ["begin_repeat", "r1-d2", "r1d2", "r1d2"],
        calc("inside-r1-d2", "concat('[', position(../..), ']', '[', position(..), ']')"),
        ["begin_repeat", "r1-d3", "r1d3", "r1d3"],
        calc("inside-r1-d3", "concat('[', position(../../..), ']', '[', position(../..), ']', "
             "'[', position(..), ']')"),
        ["end_repeat", "r1-d3"], ["end_repeat", "r1-d2"], ["end_repeat", "r1-d1"],
        ["begin_repeat", "r2-d1", "r2", "r2"],
        calc("from-r1-d1", "indexed-repeat(${inside-r1-d1}, ${r1-d1}, position(..))"),
        ["begin_repeat", "r2-d2", "r2d2", "r2d2"],
        calc("from-r1-d2-a", "indexed-repeat(${inside-r1-d2}, ${r1-d1}, position(../..), "
             "${r1-d2}, position(..))"),
        calc("from-r1-d2-b", "indexed-repeat(${inside-r1-d2}, ${r1-d2}, position(..), "
             "${r1-d1}, position(../..))"),
        ["begin_repeat", "r2-d3", "r2d3", "r2d3"],
        calc("from-r1-d3-a", "indexed-repeat(${inside-r1-d3}, ${r1-d1}, position(../../..), "
             "${r1-d2}, position(../..), ${r1-d3}, position(..))"),
        calc("from-r1-d3-b", "indexed-repeat(${inside-r1-d3}, ${r1-d2}, position(../..), "
             "${r1-d1}, position(../../..), ${r1-d3}, position(..))"),
        ["end_repeat", "r2-d3"], ["end_repeat", "r2-d2"], ["end_repeat", "r2-d1"],
    ]
    return write(path, {"survey": [HEADER, *survey],
                        "settings": [["form_id", "version"], ["indexed-repeat", "1"]]})


def _two(depth: int, names: list[str]) -> list[dict[str, Any]]:
    """Two instances at each level, as the test's createNewRepeat calls make them."""
    return [{"uuid": str(uuid.uuid4()), "fields": {},
             **({"repeats": {names[0]: _two(depth - 1, names[1:])}} if depth > 1 else {})}
            for _ in range(2)]


def test_javarosa_indexed_repeat_over_nested_levels(tmp_path: Path) -> None:
    form = load_form(_javarosa_form(tmp_path / "ir.xlsx"))
    hh = {"uuid": "h", "fields": {}, "members": _two(3, ["r1-d2", "r1-d3"]),
          "repeats": {"r2-d1": _two(3, ["r2-d2", "r2-d3"])}}
    state = forms.evaluate_household(form, hh, today=TODAY)
    for a in range(2):           # handlesTopLevelRepeats
        assert state.instance(("r2-d1", a)).value("from-r1-d1") == f"[{a + 1}]"
        for b in range(2):       # handlesRepeatsTwoDeep
            two = state.instance(("r2-d1", a), ("r2-d2", b))
            assert two.value("from-r1-d2-a") == two.value("from-r1-d2-b") == f"[{a + 1}][{b + 1}]"
            for c in range(2):   # handlesRepeatsThreeDeep
                three = state.instance(("r2-d1", a), ("r2-d2", b), ("r2-d3", c))
                want = f"[{a + 1}][{b + 1}][{c + 1}]"
                assert three.value("from-r1-d3-a") == three.value("from-r1-d3-b") == want


def test_a_form_with_only_the_members_evaluates_as_before() -> None:
    """The members' compiled shortcuts are kept: no instance tree is built for them."""
    from mopai.forms.resources import load_default_form
    form = load_default_form()
    assert not form.repeats and form.plan is not None and not form.plan.levels


# -- validation inside instances ----------------------------------------------------------
def _findings(form: forms.Form, hh: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
    return [(f.code, f.member_index, f.field)
            for f in forms.validate_household(form, hh, today=TODAY)]


def test_validation_names_the_instance_path_of_each_finding(form_path: Path) -> None:
    form = load_form(form_path)
    assert _findings(form, household()) == []
    hh = household()
    second_job = hh["members"][0]["repeats"]["jobs"][1]["fields"]
    second_job["wage"] = -5                           # the constraint of that job only
    del hh["members"][1]["repeats"]["jobs"][0]["fields"]["wage"]     # required
    hh["members"][1]["repeats"]["jobs"][0]["fields"]["bonus"] = 10   # kept: undecided there
    hh["members"][0]["repeats"]["jobs"][1]["fields"]["bonus"] = 10   # not relevant there
    hh["repeats"]["measures"][1]["fields"]["amount"] = "many"        # the type
    assert sorted(_findings(form, hh), key=str) == sorted([
        ("wage_constraint", 0, "members[1]/jobs[2]/wage"),
        ("required", 1, "members[2]/jobs[1]/wage"),
        ("not_relevant", 0, "members[1]/jobs[2]/bonus"),
        ("invalid_integer", None, "measures[2]/amount"),
    ], key=str)
    described = [f.describe("en") for f in forms.validate_household(form, hh, today=TODAY)]
    assert "[required] members[2]/jobs[1]/wage: Wage is required" in described


def test_repeat_count_of_each_owner_is_checked(form_path: Path) -> None:
    form = load_form(form_path)
    hh = household()
    hh["members"][1]["fields"]["n_jobs"] = 3          # says 3 jobs, holds 1
    hh["fields"]["n_measures"] = 1                    # says 1 measure, holds 2
    found = {(f.code, f.member_index, f.field): f.message_en
             for f in forms.validate_household(form, hh, today=TODAY)}
    assert found[("repeat_count", 1, "members[2]/jobs")] == \
        "Jobs should have 3 entries (repeat_count: “Jobs”); there are 1"
    assert found[("repeat_count", None, "measures")].startswith("Measures should have 1 entries")


def test_cleaning_removes_an_instance_answer_not_asked_and_lists_it_first(
        form_path: Path) -> None:
    form = load_form(form_path)
    hh = household()
    hh["members"][1]["repeats"]["jobs"][0]["fields"]["bonus"] = 10   # wage 2500: not asked
    removed = forms.answers_not_asked(form, hh, today=TODAY)
    assert [(r.member_index, r.field, r.value) for r in removed] == \
        [(1, "members[2]/jobs[1]/bonus", 10)]
    cleaned = forms.clean_household(form, hh, today=TODAY)
    assert "bonus" not in cleaned["members"][1]["repeats"]["jobs"][0]["fields"]
    assert cleaned["members"][0]["repeats"]["jobs"][0]["fields"]["bonus"] == 500
    assert hh["members"][1]["repeats"]["jobs"][0]["fields"]["bonus"] == 10   # a copy
