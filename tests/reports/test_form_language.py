"""The ledger and the reports print the questionnaire's Chinese texts (the county's language:
they are official documents), falling back, as the app does, to the form's default language
and then to any language it has (docs/forms.md, "Languages")."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from mopai import forms
from mopai.reports.ledger import reasons
from mopai.reports.people import ledger_columns
from tests.formfiles import edited_form


def test_ledger_columns_in_chinese_then_the_default_then_any(tmp_path: Path) -> None:
    path = edited_form(tmp_path / "f.xlsx", "2026.2", add=[
        ("surveyor", "text", "bicycle", "", "Bicycle"),     # no Chinese label: English
        ("surveyor", "text", "remark", "备注", "Remark")])
    book = load_workbook(path)                             # one more, in French only
    ws = book["survey"]
    header = [c.value for c in ws[1]]
    ws.cell(1, len(header) + 1, "label::Français (fr)")
    ws.append({header.index("type") + 1: "text", header.index("name") + 1: "velo",
               len(header) + 1: "Vélo"})
    book.save(path)
    form = forms.load_form(path)
    _member, household = ledger_columns(form)
    heads = {name: col.title for name, col in household}
    assert heads["remark"] == "备注" and heads["bicycle"] == "Bicycle" and heads["velo"] == "Vélo"
    assert reasons(form.fields, {"bicycle": "借的"}) == "Bicycle：借的"

