"""``trigger`` (ODK's setvalue when a question changes), ``once()`` kept with the record, and
pyxform's ``bind::*`` columns read as the columns they duplicate — or refused, never ignored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from mopai.forms import (
    FormError,
    clean_household,
    evaluate_household,
    load_form,
    validate_household,
)
from mopai.forms.triggers import apply, kept_values, triggered_values

from .expr_forms import household, xlsform

ROWS = [
    {"type": "integer", "name": "size"},
    {"type": "integer", "name": "other"},
    {"type": "calculate", "name": "size_when_changed", "calculation": "${size} * 10",
     "trigger": "${size}"},
    {"type": "text", "name": "note_text", "calculation": "concat('人数：', ${size})",
     "trigger": "${size}, ${other}"},
    {"type": "calculate", "name": "cleared", "trigger": "${other}", "calculation": "''"},
    {"type": "begin_repeat", "name": "members"},
    {"type": "integer", "name": "age"},
    {"type": "calculate", "name": "first_age", "calculation": "${age}", "trigger": "${age}"},
    {"type": "end_repeat"},
]


@pytest.fixture
def form(tmp_path: Path) -> Any:
    return load_form(xlsform(tmp_path / "trigger.xlsx", ROWS))


def test_a_triggered_calculation_is_set_only_when_its_trigger_changes(form: Any) -> None:
    record = household({"size": 3}, [{"age": 30}, {"age": 5}])
    state = evaluate_household(form, record)
    assert state.value("size_when_changed") is None     # not recomputed on evaluation
    apply(record, triggered_values(form, record, "size"))
    assert (record["fields"]["size_when_changed"], record["fields"]["note_text"]) == (30, "人数：3")
    record["fields"]["size"] = 4                         # changed without the trigger firing
    assert evaluate_household(form, record).value("size_when_changed") == 30
    apply(record, triggered_values(form, record, "other"))
    assert record["fields"]["note_text"] == "人数：4" and "size_when_changed" in record["fields"]
    apply(record, triggered_values(form, record, "age", 1))
    assert [m["fields"].get("first_age") for m in record["members"]] == [None, 5]


def test_a_triggered_text_question_stays_editable_and_is_kept_when_cleaned(form: Any) -> None:
    q = form.fields["note_text"]
    assert not q.read_only and not q.is_derived and q.trigger == ("size", "other")
    record = household({"size": 3, "note_text": "改过的", "size_when_changed": 30})
    assert validate_household(form, record, today=dt.date(2026, 6, 15)) == []
    cleaned = clean_household(form, record)
    assert cleaned["fields"]["note_text"] == "改过的"
    assert cleaned["fields"]["size_when_changed"] == 30


def test_once_is_stored_with_the_record_and_kept(tmp_path: Path) -> None:
    rows = [{"type": "text", "name": "name"},
            {"type": "calculate", "name": "code", "calculation": "once(uuid(6))"}]
    form = load_form(xlsform(tmp_path / "once.xlsx", rows))
    record = household({"name": "王"})
    kept = kept_values(form, evaluate_household(form, record))
    assert [(m, n) for m, n, _ in kept] == [(None, "code")]
    apply(record, kept)
    code = record["fields"]["code"]
    assert len(code) == 6
    assert evaluate_household(form, record).value("code") == code
    assert kept_values(form, evaluate_household(form, record)) == []
    assert clean_household(form, record)["fields"]["code"] == code


@pytest.mark.parametrize(("trigger", "words"), [
    ("size", "one or more ${name}"),
    ("${nothing}", "${nothing} refers to a question that does not exist"),
    ("${t}", "cannot trigger itself"),
])
def test_a_bad_trigger_is_refused(tmp_path: Path, trigger: str, words: str) -> None:
    rows = [{"type": "integer", "name": "size"},
            {"type": "calculate", "name": "t", "calculation": "1", "trigger": trigger}]
    with pytest.raises(FormError) as caught:
        load_form(xlsform(tmp_path / "bad.xlsx", rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "trigger")
    assert words in problem.message_en


# -- bind::* ------------------------------------------------------------------------------
def _bind_form(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(header)
    for row in rows:
        ws.append(row)
    cs = wb.create_sheet("choices")
    cs.append(["list_name", "name", "label"])
    cs.append(["yes_no", "yes", "是"])
    ss = wb.create_sheet("settings")
    ss.append(["form_id", "version"])
    ss.append(["conformance", "1"])
    wb.save(path)
    return path


def test_bind_columns_are_read_as_the_columns_they_duplicate(tmp_path: Path) -> None:
    header = ["type", "name", "label", "bind::relevant", "bind::calculate", "bind::readonly",
              "bind::required", "bind::jr:requiredMsg", "bind::constraint",
              "bind::jr:constraintMsg"]
    rows = [["integer", "n", "数", None, None, None, "yes", "请填数", ". < 10", "数太大"],
            ["text", "t", "文", "${n} > 1", None, "yes", None, None, None, None],
            ["calculate", "c", None, None, "${n} * 2", None, None, None, None, None]]
    form = load_form(_bind_form(tmp_path / "bind.xlsx", header, rows))
    assert form.fields["t"].read_only and form.fields["n"].required
    state = evaluate_household(form, household({"n": 12}))
    assert (state.is_relevant("t"), state.value("c")) == (True, 24)
    assert not evaluate_household(form, household({"n": 1})).is_relevant("t")
    found = validate_household(form, household({"n": 12}), today=dt.date(2026, 6, 15))
    assert [(f.code, f.message_zh) for f in found] == [("n_constraint", "数太大")]
    found = validate_household(form, household({}), today=dt.date(2026, 6, 15))
    assert [(f.code, f.message_zh) for f in found] == [("required", "请填数")]


def test_other_bind_columns_are_refused_naming_the_column(tmp_path: Path) -> None:
    header = ["type", "name", "label", "bind::odk:length", "bind::jr:preload"]
    path = _bind_form(tmp_path / "bind.xlsx", header, [["text", "t", "文", "1 10", "uid"]])
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert sorted((p.row, p.column) for p in caught.value.problems) == [
        (1, "bind::jr:preload"), (1, "bind::odk:length")]
    assert all("not supported" in p.message_en for p in caught.value.problems)
