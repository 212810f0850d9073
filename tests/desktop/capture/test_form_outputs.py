"""The capture page shows labels, notes, group titles and hints with ``${name}`` filled with
the current answers (forms/output.py) — a real form workbook, real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from mopai.desktop.capture.form_page import FormPage
from mopai.forms import evaluate_household, load_form
from mopai.forms.output import fill_text
from tests.forms.conformance.expr_forms import household, xlsform
from tests.forms.conformance.test_outputs import ROWS


def test_the_capture_page_shows_filled_labels(qtbot: Any, tmp_path: Path) -> None:
    form = load_form(xlsform(tmp_path / "outputs.xlsx", ROWS))
    page = FormPage([i for i in form.children if i is not form.repeat], "zh_CN")
    qtbot.addWidget(page)
    state = evaluate_household(form, household({"head": "王大", "poor": "no"},
                                                [{"name": "王小"}]))
    page.fill(lambda text: fill_text(text, state, None, "zh_CN"))
    labels = [w.text() for w in page.findChildren(QLabel)]
    assert "王大家是否脱贫户？" in labels and "共 1 人" in labels
    assert page.sections["about"].title() == "关于王大（否）"
    assert page.editors["visit"].input.placeholderText() == "王大家上次走访："


def test_a_select_shows_its_choice_labels_filled(qtbot: Any, tmp_path: Path) -> None:
    """``${}`` inside choice labels: the household's drop-down and a member's drop-down show
    the current answers in them, and again after a filter refills the list."""
    from tests.forms.conformance.test_choice_outputs import _form, _household

    form = load_form(_form(tmp_path / "choices.xlsx"))
    state = evaluate_household(form, _household())
    page = FormPage([i for i in form.children if i is not form.repeat], "zh_CN")
    qtbot.addWidget(page)
    page.fill(lambda text: fill_text(text, state, None, "zh_CN"))
    box = page.editors["answered_by"].input
    assert [box.itemText(i) for i in range(box.count())] == ["", "1 户主本人", "2 张三的配偶"]
    page.editors["answered_by"].set_allowed(frozenset({"spouse"}))   # the list refilled
    assert [box.itemText(i) for i in range(box.count())] == ["", "2 张三的配偶"]
    member = FormPage(list(form.repeat.children), "zh_CN")
    qtbot.addWidget(member)
    member.fill(lambda text: fill_text(text, state, 0, "zh_CN"))
    rel = member.editors["relation"].input
    assert rel.itemText(1) == "1 张三的子女（张小明）"
