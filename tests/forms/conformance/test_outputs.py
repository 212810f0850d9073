"""``${name}`` in labels, hints and messages (ODK's output): checked at load, filled with the
current answers by the engine (empty while unanswered; a choice shows its label, on purpose —
forms/output.py), in validation messages and on the capture page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mopai.forms import FormError, evaluate_household, load_form, validate_household
from mopai.forms.output import fill_text

from .expr_forms import household, xlsform

ROWS = [
    {"type": "text", "name": "head", "label": "户主姓名"},
    {"type": "select_one yes_no", "name": "poor", "label": "${head}家是否脱贫户？"},
    {"type": "date", "name": "visit", "label": "走访日期", "hint": "${head}家上次走访：${visit}"},
    {"type": "integer", "name": "size", "label": "人数",
     "constraint": ". >= count(${members})",
     "constraint_message": "人数不能少于已登记的 ${registered} 人"},
    {"type": "calculate", "name": "registered", "calculation": "count(${members})"},
    {"type": "begin_group", "name": "about", "label": "关于${head}（${poor}）"},
    {"type": "note", "name": "summary", "label": "共 ${registered} 人"},
    {"type": "end_group"},
    {"type": "begin_repeat", "name": "members", "label": "成员"},
    {"type": "text", "name": "name", "label": "姓名"},
    {"type": "integer", "name": "age", "label": "${name}的年龄（户主：${head}）"},
    {"type": "end_repeat"},
]


@pytest.fixture
def form(tmp_path: Path) -> Any:
    return load_form(xlsform(tmp_path / "outputs.xlsx", ROWS))


def test_labels_are_filled_with_current_answers(form: Any) -> None:
    record = household({"head": "王大", "poor": "yes", "visit": "2026-05-01", "size": 1},
                       [{"name": "王小"}, {"name": "李二"}])
    state = evaluate_household(form, record)
    poor, visit = form.fields["poor"], form.fields["visit"]
    assert fill_text(poor.label.zh, state) == "王大家是否脱贫户？"
    assert fill_text(visit.hint.zh, state) == "王大家上次走访：2026-05-01"
    assert fill_text(form.groups["about"].label.zh, state) == "关于王大（是）"
    age = form.member_fields["age"]
    assert fill_text(age.label.zh, state, 1) == "李二的年龄（户主：王大）"
    empty = evaluate_household(form, household())
    assert fill_text(poor.label.zh, empty) == "家是否脱贫户？"          # unanswered: empty


def test_messages_are_filled_too(form: Any) -> None:
    record = household({"head": "王大", "size": 1}, [{"name": "王小"}, {"name": "李二"}])
    [finding] = validate_household(form, record, today=dt.date(2026, 6, 15))
    assert finding.code == "size_constraint"
    assert finding.message_zh == "人数不能少于已登记的 2 人"


@pytest.mark.parametrize(("row", "column", "words"), [
    ({"type": "text", "name": "q", "label": "见 ${nonexistent}"}, "label",
     "${nonexistent} refers to a question that does not exist"),
    ({"type": "text", "name": "q", "label": "问题", "hint": "参考 ${nothing}"}, "hint",
     "${nothing} refers to a question that does not exist"),
    ({"type": "integer", "name": "q", "label": "问题", "constraint": ". > 1",
      "constraint_message": "应大于 ${missing}"}, "constraint_message",
     "${missing} refers to a question that does not exist"),
    ({"type": "text", "name": "q", "label": "成员 ${name}"}, "label",
     "${name} belongs to the member repeat"),
])
def test_a_reference_to_no_question_in_reach_is_refused(tmp_path: Path, row: dict[str, Any],
                                                        column: str, words: str) -> None:
    rows = [row, {"type": "begin_repeat", "name": "members", "label": "成员"},
            {"type": "text", "name": "name", "label": "姓名"}, {"type": "end_repeat"}]
    with pytest.raises(FormError) as caught:
        load_form(xlsform(tmp_path / "bad.xlsx", rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, column)
    assert words in problem.message_en
