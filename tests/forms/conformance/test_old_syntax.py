"""The spellings pyxform accepts (pyxform/aliases.py) mean the same in Mopai; an old header
pyxform silently drops is refused with what to write instead; names with - and . work."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai import forms
from mopai.forms import QType
from tests.forms.conformance.xlsforms import accepted, both, refused, write

CHOICES = [["list name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"],
           ["YesNo", "y", "Y"]]


@pytest.mark.parametrize(("spelling", "qtype", "list_name"), [
    ("select one from yn", QType.SELECT_ONE, "yn"),
    ("select one yn", QType.SELECT_ONE, "yn"),
    ("select1 yn", QType.SELECT_ONE, "yn"),
    ("add select one prompt using yn", QType.SELECT_ONE, "yn"),
    ("select all that apply from yn", QType.SELECT_MULTIPLE, "yn"),
    ("select all that apply yn", QType.SELECT_MULTIPLE, "yn"),
    ("add select multiple prompt using yn", QType.SELECT_MULTIPLE, "yn"),
    ("select_one   YesNo", QType.SELECT_ONE, "YesNo"),   # the list name keeps its case
])
def test_old_select_spellings(tmp_path: Path, spelling: str, qtype: QType, list_name: str
                              ) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [["type", "name", "label"], [spelling, "q", "Q"]],
                                       "choices": CHOICES})
    pyx, mopai = both(path)
    q = accepted(mopai).fields["q"]
    assert pyx.element("q")["list_name"] == list_name
    expected = {QType.SELECT_ONE: "select one", QType.SELECT_MULTIPLE: "select all that apply"}
    assert pyx.element("q")["type"] == expected[qtype]
    assert q.type is qtype and q.choices is not None and q.choices.name == list_name


@pytest.mark.parametrize("spelling", ["select_one yn or_other", "select one from yn or specify other",
                                      "select_one yn or other"])
def test_or_other_spellings_are_one(spelling: str) -> None:
    assert forms.loader.canonical_type(spelling) == "select_one yn or_other"


@pytest.mark.parametrize(("begin", "end", "kind"), [("begin group", "end group", "group"),
                                                    ("begin_group", "end_group", "group"),
                                                    ("begin repeat", "end_repeat", "repeat"),
                                                    ("begin looped group", "end looped group",
                                                     "repeat"),
                                                    ("begin lgroup", "end lgroup", "repeat")])
def test_group_and_repeat_spellings(tmp_path: Path, begin: str, end: str, kind: str) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label"], [begin, "g", "G"], ["text", "a", "A"], [end, "", ""]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    assert pyx.element("g")["type"] == kind
    assert isinstance(form.groups["g"], forms.Repeat) == (kind == "repeat")


def test_header_aliases(tmp_path: Path) -> None:
    """caption, relevance, readonly, calculate (the column), requiredMsg, constraint message,
    list name / value on choices: each means what pyxform makes of it."""
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "caption", "relevance", "readonly", "calculate",
                    "required", "requiredMsg", "constraint", "constraint message"],
                   ["integer", "a", "A", "", "", "", "yes", "Say it", ". > 0", "Positive"],
                   ["integer", "b", "B", "${a} > 1", "yes", "${a} * 2", "", "", "", ""]],
        "choices": [["list name", "value", "label"], ["yn", "yes", "Yes"]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    a, b = form.fields["a"], form.fields["b"]
    assert pyx.element("a")["bind"] == {"required": "yes", "jr:requiredMsg": "Say it",
                                        "constraint": ". > 0", "jr:constraintMsg": "Positive"}
    assert (a.label.get(), a.required, a.required_message.get(), a.constraint_message.get()) == (
        "A", True, "Say it", "Positive")
    assert pyx.element("b")["bind"] == {"relevant": "${a} > 1", "readonly": "yes",
                                        "calculate": "${a} * 2"}
    assert b.relevant is not None and b.read_only and b.calculation is not None
    assert form.choice_lists["yn"].names() == ["yes"]


@pytest.mark.parametrize("header", ["constraintMsg", "jr:constraintMsg"])
def test_an_old_header_pyxform_drops_is_refused_with_what_to_write(tmp_path: Path, header: str
                                                                   ) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", "constraint", header], ["integer", "a", "A", ". > 0", "Too small"]]})
    pyx, mopai = both(path)
    assert pyx.accepted and "jr:constraintMsg" not in pyx.element("a")["bind"]
    [problem] = refused(mopai)
    assert (problem.row, problem.column) == (1, header)
    assert "constraint_message" in problem.fix_en


def test_names_with_dash_and_dot(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", "relevant"], ["integer", "hh-size", "Size", ""],
        ["text", "head.name", "Head", "${hh-size} > 0"]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    assert pyx.element("head.name")["bind"]["relevant"] == "${hh-size} > 0"
    state = forms.evaluate_household(form, {"fields": {"hh-size": 2}, "members": []})
    assert state.relevant["head.name"] is True
    state = forms.evaluate_household(form, {"fields": {"hh-size": 0}, "members": []})
    assert state.relevant["head.name"] is False
    for name in ("1st", "-a", ".a", "a b", "a$"):  # what pyxform refuses stays refused
        path = write(tmp_path / "g.xlsx", {"survey": [["type", "name", "label"],
                                                      ["text", name, "A"]]})
        pyx, mopai = both(path)
        assert not pyx.accepted
        [problem] = refused(mopai)
        assert (problem.row, problem.column) == (2, "name")


@pytest.mark.parametrize("spelling", ["Text", "INTEGER", "Select_One yn", "Begin Group"])
def test_a_type_in_capitals_loads_with_a_warning(tmp_path: Path, spelling: str) -> None:
    """pyxform reads types in lower case only; Mopai reads them as the designer meant, and
    warns, so the form also goes through pyxform once corrected."""
    rows = [["type", "name", "label"], [spelling, "q", "Q"]]
    if spelling.startswith("Begin"):
        rows += [["text", "a", "A"], ["end group", "", ""]]
    pyx, mopai = both(write(tmp_path / "f.xlsx", {"survey": rows, "choices": CHOICES}))
    assert not pyx.accepted
    form = accepted(mopai)
    [warning] = [w for w in form.warnings if w.sheet == "survey"]
    assert (warning.row, warning.column) == (2, "type") and "lower case" in warning.message_en


@pytest.mark.parametrize(("spelling", "qtype"), [
    ("string", QType.TEXT), ("add text prompt", QType.TEXT), ("int", QType.INTEGER),
    ("q int", QType.INTEGER), ("add decimal prompt", QType.DECIMAL), ("q date", QType.DATE),
    ("add note prompt", QType.NOTE),
])
def test_pyxform_type_names(tmp_path: Path, spelling: str, qtype: QType) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [["type", "name", "label", "calculation"],
                                                  [spelling, "q", "Q", ""]]})
    pyx, mopai = both(path)
    assert pyx.accepted, pyx.error
    assert accepted(mopai).fields["q"].type is qtype


@pytest.mark.parametrize(("spelling", "constraint"), [
    ("percentage", "0 <= . and . <= 100"), ("number of days in last month", "0 <= . and . <= 31"),
    ("phone number", "regex(., '^[0-9]*$')")])
def test_types_with_a_built_in_range_say_what_to_write(tmp_path: Path, spelling: str,
                                                       constraint: str) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [["type", "name", "label"], [spelling, "q", "Q"]]})
    pyx, mopai = both(path)
    assert pyx.accepted
    [problem] = refused(mopai)
    assert (problem.row, problem.column) == (2, "type") and constraint in problem.fix_en


def test_no_label_column_with_hints_and_choices_without_labels(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "hint"], ["select_one yn", "q", "Pick one"]],
        "choices": [["list_name", "name"], ["yn", "yes"], ["yn", "no"]]})
    pyx, mopai = both(path)
    assert pyx.accepted and len(pyx.warnings) == 2   # pyxform warns about each label
    form = accepted(mopai)
    assert [(w.sheet, w.row) for w in form.warnings if w.sheet == "choices"] == [
        ("choices", 2), ("choices", 3)]
    assert form.choice_label("q", "no") == "no" and form.fields["q"].hint.get() == "Pick one"
