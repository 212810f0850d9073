"""A county's questionnaire using the XLSForm types of issue 19: the shipped workbook with
metadata rows, a time and a dateTime question and an or_other select, as an officer adds them
in Excel (the cascading select, province → city of work, is the shipped form's own)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from mopai import forms

# (after question, row cells by column name)
ADDED = [
    ("surveyor", {"type": "start", "name": "start"}),
    ("surveyor", {"type": "end", "name": "end"}),
    ("surveyor", {"type": "today", "name": "today"}),
    ("surveyor", {"type": "deviceid", "name": "deviceid"}),
    ("surveyor", {"type": "username", "name": "username"}),
    ("surveyor", {"type": "time", "name": "visit_time", "label::zh_CN": "入户时间",
                  "label::en": "Visit time", "constraint": ". >= '07:00'"}),
    ("surveyor", {"type": "dateTime", "name": "callback_at", "label::zh_CN": "回访时间",
                  "label::en": "Call back at"}),
    ("relation", {"type": "select_one vehicle or_other", "name": "vehicle",
                    "label::zh_CN": "交通工具", "label::en": "Vehicle"}),
]


def types_form(path: Path, version: str = "2026.9") -> Path:
    """The shipped workbook with the rows above (in reverse, each right after its anchor),
    the vehicle list, and a newer version: as a county edits it."""
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    for after, cells in reversed(ADDED):
        at = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["name"]).value == after)
        ws.insert_rows(at + 1)
        for key, value in cells.items():
            ws.cell(at + 1, col[key], value)
    cs = wb["choices"]
    rows = [("vehicle", "train", "火车", "Train", None), ("vehicle", "bus", "汽车", "Bus", None)]
    for row in rows:
        cs.append(list(row))
    wb["settings"]["B2"] = version
    wb.save(path)
    return path
