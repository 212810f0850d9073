"""``current()`` as javarosa and the XForms spec read it (decision 65): the question the
expression belongs to — in a ``constraint``, ``relevant``, ``calculation``, ``required`` its own
answer, like ``.``; in a ``choice_filter`` the select (its answer), not the choice, whose
columns are the bare names. ``current()/.`` is the same node, ``current()/../name`` and
``current()/../group/name`` a question beside or around it. Through the engine (evaluation,
validation, the editor's choice lists) and the form check, inside and outside repeats, with
pyxform writing each cell as it is (javarosa's CurrentTest, XPathPathExpr.getReference)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from mopai.forms import FormError, evaluate_household, load_form, validate_household
from mopai.forms.validate import allowed_choices, instance_choices

from .expr_forms import household, xlsform

TODAY = dt.date(2026, 6, 15)
KINDS = [["kinds", "1", "工厂"], ["kinds", "2", "工地"], ["kinds", "3", "服务"]]
ROWS: list[dict[str, Any]] = [
    {"type": "integer", "name": "n"},
    {"type": "text", "name": "note", "relevant": "current() != 'hide'"},
    {"type": "integer", "name": "big", "constraint": "current() > ${n}"},
    {"type": "integer", "name": "big2", "constraint": "current()/. > ${n}"},
    {"type": "text", "name": "why", "required": "${n} > 5 and current() = ''"},
    {"type": "calculate", "name": "kept", "calculation": "if(current() != '', current(), ${n} * 2)"},
    {"type": "select_multiple kinds", "name": "picked",
     "choice_filter": "not(selected(current(), name)) or name = '1'"},
    {"type": "begin_group", "name": "g"},
    {"type": "integer", "name": "x"},
    {"type": "end_group"},
    {"type": "begin_repeat", "name": "members"},
    {"type": "text", "name": "who", "relevant": "current() != 'hide'"},
    {"type": "integer", "name": "age", "constraint": "current() < 120 and current() != ${n}"},
    {"type": "calculate", "name": "gx", "calculation": "current()/../../g/x + position(current()/..)"},
    {"type": "begin_repeat", "name": "jobs"},
    {"type": "select_one kinds", "name": "kind", "choice_filter": "name != current()"},
    {"type": "integer", "name": "wage", "constraint": "current() > 0"},
    {"type": "end_repeat"},
    {"type": "end_repeat"},
]


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return xlsform(tmp_path / "current.xlsx", ROWS, choices=KINDS)


def test_pyxform_writes_current_as_it_is_in_every_column(form_path: Path) -> None:
    xform = convert(xlsform=str(form_path), validate=False).xform
    assert 'relevant="current() != \'hide\'"' in xform
    assert 'constraint="current() &gt;  /data/n "' in xform
    assert 'constraint="current()/. &gt;  /data/n "' in xform
    assert 'calculate="current()/../../g/x + position(current()/..)"' in xform
    # in the itemset's predicate, where '.' is the item and current() the select
    assert "item[name != current()]" in xform


def test_current_is_the_questions_own_answer_at_household_level(form_path: Path) -> None:
    form = load_form(form_path)
    record = household({"n": 3, "note": "hide", "big": 2, "big2": 2, "why": ""})
    state = evaluate_household(form, record, today=TODAY)
    assert state.is_relevant("note") is False        # its own answer is 'hide'
    assert state.value("kept") == 6                  # nothing kept yet: ${n} * 2
    found = {(f.field, f.code) for f in validate_household(form, record, today=TODAY)}
    assert ("big", "big_constraint") in found and ("big2", "big2_constraint") in found
    assert ("note", "not_relevant") in found
    assert ("why", "required") not in found          # ${n} is 3
    record["fields"].update({"note": "ok", "big": 7, "big2": 7, "kept": 11, "n": 6})
    state = evaluate_household(form, record, today=TODAY)
    assert state.is_relevant("note") is True
    assert state.value("kept") == 11                 # the value kept is current()
    found = {(f.field, f.code) for f in validate_household(form, record, today=TODAY)}
    assert not {("big", "big_constraint"), ("big2", "big2_constraint")} & found
    assert ("why", "required") in found              # ${n} > 5 and its answer is empty


def test_current_in_a_choice_filter_is_the_select_not_the_choice(form_path: Path) -> None:
    form = load_form(form_path)
    q = form.fields["picked"]
    record = household({"n": 1, "picked": ["1", "2"]})
    state = evaluate_household(form, record, today=TODAY)
    # the list the editor offers and validation read the same: 2 is picked, so left out
    assert allowed_choices(state, q) == ("1", "3")
    found = {(f.field, f.code) for f in validate_household(form, record, today=TODAY)}
    assert ("picked", "invalid_choice") in found
    record["fields"]["picked"] = ["1"]
    state = evaluate_household(form, record, today=TODAY)
    assert allowed_choices(state, q) == ("1", "2", "3")
    assert ("picked", "invalid_choice") not in {
        (f.field, f.code) for f in validate_household(form, record, today=TODAY)}


def test_current_inside_the_members_and_a_nested_repeat(form_path: Path) -> None:
    form = load_form(form_path)
    record = household({"n": 40, "x": 100},
                       [{"who": "hide", "age": 40}, {"who": "张", "age": 30}])
    record["members"][1]["repeats"] = {"jobs": [
        {"uuid": "j1", "fields": {"kind": "2", "wage": 0}},
        {"uuid": "j2", "fields": {"wage": 5}}]}
    state = evaluate_household(form, record, today=TODAY)
    assert [state.is_relevant("who", i) for i in (0, 1)] == [False, True]
    assert [state.value("gx", i) for i in (0, 1)] == [101, 102]   # ../../g/x + its number
    first, second = (state.instance(("members", 1), ("jobs", i)) for i in (0, 1))
    kind = form.repeat_fields["kind"]
    assert instance_choices(kind, first) == {"1", "3"}      # its own answer 2 left out
    assert instance_choices(kind, second) == {"1", "2", "3"}
    found = {(f.field, f.code) for f in validate_household(form, record, today=TODAY)}
    ages = {f.member_index for f in validate_household(form, record, today=TODAY)
            if f.code == "age_constraint"}
    assert ages == {0}                                      # current() = ${n}: the first
    assert ("members[2]/jobs[1]/kind", "invalid_choice") in found
    assert ("members[2]/jobs[1]/wage", "wage_constraint") in found
    assert ("members[2]/jobs[2]/wage", "wage_constraint") not in found


@pytest.mark.parametrize(("row", "column", "cell", "words"), [
    (3, "relevant", "current()/note != ''", "a question holds no questions"),
    (4, "constraint", "current()/.. > 1", "the group or repeat around this question"),
    (8, "choice_filter", "name != .", "in a choice_filter '.' is the choice itself"),
    (8, "choice_filter", "name != current(1)", "current() takes no arguments"),
    (7, "calculation", "current()/../x", "not where 'x' is (it is in g)"),
    (7, "calculation", "current()/../g/nothing", "there is no question 'nothing'"),
    (15, "calculation", "current()/../../../g/x", "too many '..'"),
])
def test_a_current_that_names_no_answer_is_refused_naming_row_and_column(
        tmp_path: Path, row: int, column: str, cell: str, words: str) -> None:
    rows = [dict(r) for r in ROWS]
    rows[row - 2][column] = cell
    with pytest.raises(FormError) as caught:
        load_form(xlsform(tmp_path / "bad.xlsx", rows, choices=KINDS))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message_en
