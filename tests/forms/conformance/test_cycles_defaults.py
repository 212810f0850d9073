"""Self-references and cycles are refused naming them; ``default`` static and dynamic works
as in ODK (pyxform decides what is dynamic; a dynamic default is evaluated once, when the
household or the member is created)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mopai.forms import FormError, evaluate_household, load_form, validate_household
from mopai.forms.defaults import household_defaults, is_dynamic, member_defaults

from .expr_forms import household, xlsform


def _problems(path: Path) -> list[Any]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return caught.value.problems


@pytest.mark.parametrize(("rows", "row", "column", "cycle"), [
    ([{"type": "calculate", "name": "a", "calculation": "${a} + 1"}],
     2, "calculation", "a (row 2) → a"),
    ([{"type": "calculate", "name": "a", "calculation": "${b} + 1"},
      {"type": "calculate", "name": "b", "calculation": "${a} * 2"}],
     2, "calculation", "a (row 2) → b (row 3) → a"),
    ([{"type": "text", "name": "a", "relevant": "${b} = 'x'"},
      {"type": "text", "name": "b", "relevant": "${a} = 'y'"}],
     2, "relevant", "a (row 2) → b (row 3) → a"),
    ([{"type": "text", "name": "a", "relevant": "${a} != ''"}], 2, "relevant", "a (row 2) → a"),
    ([{"type": "text", "name": "a", "required": "${a} = ''"}], 2, "required", "a (row 2) → a"),
    ([{"type": "begin_group", "name": "g", "relevant": "${x} = 'y'"},
      {"type": "text", "name": "x"}, {"type": "end_group"}],
     2, "relevant", "g (row 2) → x (row 3) → g"),
    ([{"type": "integer", "name": "a", "default": "${a} + 1"}], 2, "default", "a (row 2) → a"),
    ([{"type": "integer", "name": "a", "default": "${b} + 1"},
      {"type": "integer", "name": "b", "default": "${a} + 1"}],
     2, "default", "a (row 2) → b (row 3) → a"),
    ([{"type": "select_one yes_no", "name": "a", "choice_filter": "name != ${a}"}],
     2, "choice_filter", "a (row 2) → a"),
    ([{"type": "select_one yes_no", "name": "a", "choice_filter": "name != ${b}"},
      {"type": "select_one yes_no", "name": "b", "choice_filter": "name != ${a}"}],
     2, "choice_filter", "a (row 2) → b (row 3) → a"),
])
def test_cycles_are_refused_naming_the_rows_and_names(
        tmp_path: Path, rows: list[dict[str, Any]], row: int, column: str, cycle: str) -> None:
    (problem,) = _problems(xlsform(tmp_path / "cycle.xlsx", rows))
    assert (problem.row, problem.column) == (row, column)
    assert problem.message_en == f"circular reference: {cycle}"
    assert problem.message_zh.startswith("循环引用：a（第2行）") or "g（第2行）" in problem.message_zh


def test_a_constraint_may_refer_to_its_own_answer(tmp_path: Path) -> None:
    rows = [{"type": "integer", "name": "a", "constraint": ". < 10 and ${a} >= 0"},
            {"type": "integer", "name": "b", "constraint": ". > ${c}"},
            {"type": "integer", "name": "c", "constraint": ". < ${b}"}]
    form = load_form(xlsform(tmp_path / "ok.xlsx", rows))
    assert [f.code for f in validate_household(form, household({"a": 12, "b": 1, "c": 5}))] == [
        "a_constraint", "b_constraint", "c_constraint"]
    assert validate_household(form, household({"a": 3, "b": 5, "c": 1})) == []


# -- default ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "qtype"), [
    ("5", "integer"), ("-5", "integer"), ("today()", "date"), ("${a} + 1", "integer"),
    ("hello world", "text"), ("hello-world", "text"), ("a - b", "text"), ("2020-01-01", "date"),
    ("2020-01-01 - 3", "date"), ("x div 2", "text"), ("individual", "text"), ("a|b", "text"),
    ("a[1]", "text"), ("concat('a','b')", "text"), ("1+1", "integer"), ("${a}", "text"),
    ("12:30:00", "text"), ("yes no", "select_multiple"), ("3.5", "decimal"), (".5", "decimal"),
    ("a*b", "text"), ("\"quoted\"", "text"), ("中文-名字", "text"), ("position(..)", "integer"),
])
def test_what_is_dynamic_is_what_pyxform_says(text: str, qtype: str) -> None:
    from pyxform.utils import default_is_dynamic

    assert is_dynamic(text, qtype) == default_is_dynamic(text, qtype)


def _default_form(tmp_path: Path) -> Any:
    rows = [{"type": "date", "name": "survey_date", "default": "today()"},
            {"type": "integer", "name": "size", "default": "4"},
            {"type": "decimal", "name": "area", "default": "2.5"},
            {"type": "select_one yes_no", "name": "poor", "default": "no"},
            {"type": "select_multiple yes_no", "name": "both", "default": "yes no"},
            {"type": "integer", "name": "next_year", "default": "int(format-date(${survey_date}, '%Y')) + 1"},
            {"type": "text", "name": "code", "default": "concat('H', ${size})"},
            {"type": "begin_repeat", "name": "members"},
            {"type": "integer", "name": "no", "default": "position(..)"},
            {"type": "date", "name": "seen", "default": "${survey_date}"},
            {"type": "integer", "name": "n", "default": "7"},
            {"type": "end_repeat"}]
    return load_form(xlsform(tmp_path / "defaults.xlsx", rows))


def test_static_and_dynamic_defaults_of_a_new_household(tmp_path: Path) -> None:
    form = _default_form(tmp_path)
    day = dt.date(2026, 6, 15)
    fields = household_defaults(form, today=day)
    assert fields == {"survey_date": "2026-06-15", "size": 4, "area": 2.5, "poor": "no",
                      "both": ["yes", "no"], "next_year": 2027, "code": "H4"}
    assert validate_household(form, household(fields), today=day) == []
    given = household_defaults(form, {"size": 6}, today=day)   # an answer given wins
    assert (given["size"], given["code"]) == (6, "H6")


def test_a_members_default_is_evaluated_when_the_member_is_created(tmp_path: Path) -> None:
    form = _default_form(tmp_path)
    record = household(household_defaults(form, today=dt.date(2026, 6, 15)))
    first = member_defaults(form, record, today=dt.date(2026, 6, 15))
    assert first == {"no": 1, "seen": "2026-06-15", "n": 7}
    record["members"].append({"uuid": "m-1", "fields": first})
    record["fields"]["survey_date"] = "2026-07-01"     # changed later: the first keeps its day
    second = member_defaults(form, record, today=dt.date(2026, 7, 2))
    assert second == {"no": 2, "seen": "2026-07-01", "n": 7}
    record["members"].append({"uuid": "m-2", "fields": second})
    state = evaluate_household(form, record)
    assert [state.value("seen", i) for i in (0, 1)] == [dt.date(2026, 6, 15), dt.date(2026, 7, 1)]


@pytest.mark.parametrize(("qtype", "default", "why"), [
    ("integer", "abc", "not a whole number"),
    ("integer", "4.5", "not a whole number"),
    ("decimal", "many", "not a number"),
    ("date", "yesterday", "not a date"),
    ("select_one yes_no", "maybe", "not a choice of the list 'yes_no'"),
    ("select_multiple yes_no", "yes maybe", "'maybe' is not a choice"),
])
def test_a_literal_default_that_does_not_fit_is_refused(tmp_path: Path, qtype: str, default: str,
                                                       why: str) -> None:
    rows = [{"type": qtype, "name": "q", "default": default}]
    (problem,) = _problems(xlsform(tmp_path / "bad.xlsx", rows))
    assert (problem.row, problem.column) == (2, "default")
    assert why in problem.message_en


def test_a_dynamic_default_is_checked_like_any_expression(tmp_path: Path) -> None:
    rows = [{"type": "integer", "name": "q", "default": "${nothing} + 1"}]
    (problem,) = _problems(xlsform(tmp_path / "bad.xlsx", rows))
    assert (problem.row, problem.column) == (2, "default")
    assert "${nothing}" in problem.message_en
