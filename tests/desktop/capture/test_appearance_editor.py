"""The appearances the editor honours (decision 67): a date with ``year`` (``month-year``) is
typed as a year (a month) and kept as ODK Collect keeps it, its first day; a text with ``numbers`` takes digits,
a sign, a point and spaces only. Real widgets from a form loaded from a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mopai import forms
from mopai.desktop.capture.form_page import FormPage
from tests.desktop.conftest import type_field
from tests.forms.conformance.xlsforms import write


def test_a_year_is_typed_as_a_year_and_kept_as_its_first_day(qtbot: Any, tmp_path: Path
                                                              ) -> None:
    form = forms.load_form(write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", "appearance"], ["date", "built", "Built", "year"],
        ["date", "since", "Since", ""], ["text", "phone", "Phone", "numbers"],
        ["date", "start", "Start", "month-year"]]}))
    page = FormPage(list(form.children), "en")
    qtbot.addWidget(page)
    type_field(qtbot, page, "built", "2019-05")          # a year: four digits, no more
    assert page.editors["built"].input.text() == "2019"
    assert page.editors["built"].input.placeholderText() == "YYYY"
    type_field(qtbot, page, "since", "2019-05-03")       # an ordinary date: as typed
    type_field(qtbot, page, "phone", "138 0013-80x0")    # letters are not taken
    type_field(qtbot, page, "start", "202403")           # a month: its first day, as ODK
    answers: dict[str, Any] = {}
    page.collect(answers)
    assert answers == {"built": "2019-01-01", "since": "2019-05-03", "phone": "138 0013-800",
                       "start": "2024-03-01"}
    page.load({"built": "2008-01-01", "start": "2025-11-01"})   # shown as typed
    assert page.editors["built"].input.text() == "2008"
    assert page.editors["start"].input.text() == "2025-11"
