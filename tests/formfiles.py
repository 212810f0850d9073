"""A county's edited questionnaire for the tests: a real copy of forms/labor_survey.xlsx,
changed with openpyxl the way an officer changes it in Excel (rename, remove, add a question,
change a type, bump the version)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from openpyxl import load_workbook

from mopai import forms

# The edit most tests use: 2026.2 renames a required household question and a member one,
# removes one, adds one, and stores monthly income as a decimal.
RENAME = {"survey_method": "interview_mode", "employer": "employer_name"}
REMOVE = ("helper_phone",)
ADD = (("surveyor", "text", "remark", "备注", "Remark"),)
RETYPE = {"monthly_income": "decimal"}


def edited_form(path: Path, version: str = "2026.2", *,
                rename: Mapping[str, str] | None = None, remove: Iterable[str] | None = None,
                add: Iterable[tuple[str, str, str, str, str]] | None = None,
                retype: Mapping[str, str] | None = None, form_id: str | None = None,
                renamed_from: Mapping[str, str] | None = None) -> Path:
    """Write the shipped workbook with these edits to `path`. `rename` maps old -> new names
    (declared in the `renamed_from` column, unless `renamed_from` gives other cells);
    `add` rows are (after question, type, name, label zh, label en)."""
    rename = RENAME if rename is None else rename
    remove = REMOVE if remove is None else tuple(remove)
    add = ADD if add is None else tuple(add)
    retype = RETYPE if retype is None else retype
    declared = {new: old for old, new in rename.items()}
    declared.update(renamed_from or {})
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    col["renamed_from"] = len(header) + 1
    ws.cell(1, col["renamed_from"], "renamed_from")
    doomed = []
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row, col["name"]).value
        if name in rename:
            ws.cell(row, col["name"], rename[name])
            name = rename[name]
        if name in declared:
            ws.cell(row, col["renamed_from"], declared[name])
        if name in remove:
            doomed.append(row)
        if name in retype:
            ws.cell(row, col["type"], retype[name])
    for row in reversed(doomed):
        ws.delete_rows(row)
    for after, qtype, name, zh, en in add:
        at = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["name"]).value == after)
        ws.insert_rows(at + 1)
        for key, value in (("type", qtype), ("name", name), ("label::zh_CN", zh),
                           ("label::en", en)):
            ws.cell(at + 1, col[key], value)
    settings = wb["settings"]
    settings.cell(2, 2, version)
    if form_id is not None:
        settings.cell(2, 1, form_id)
    wb.save(path)
    return path


TYPE_LABEL = "普通户（${survey_method}）"
HEAD_LABEL = "户主（${survey_method}）"


def labels_with_outputs(path: Path) -> Path:
    """The shipped workbook with ${} in the labels of 户类型's 普通户 and 与户主关系's 户主."""
    wb = load_workbook(forms.default_form_path())
    ws = wb["choices"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col["list_name"]).value, ws.cell(r, col["name"]).value)
        if key == ("household_type", "ordinary"):
            ws.cell(r, col["label::zh_CN"], TYPE_LABEL)
        elif key[1] == "head" and ws.cell(r, col["list_name"]).value == "relation":
            ws.cell(r, col["label::zh_CN"], HEAD_LABEL)
    wb["settings"]["B2"] = "2026.9"
    wb.save(path)
    return path
