"""Small XLSForm workbooks for the expression conformance tests, written with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

SURVEY = ["type", "name", "label", "calculation", "relevant", "constraint", "required",
          "default", "choice_filter", "hint", "constraint_message", "trigger"]


def xlsform(path: Path, rows: list[dict[str, Any]], *, choices: list[list[Any]] | None = None,
            extra: tuple[str, ...] = ()) -> Path:
    """A workbook whose survey rows are given as {column: value} (label defaults to the
    name); ``extra`` adds survey columns beyond SURVEY."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    header = [*SURVEY, *extra]
    ws.append(header)
    for row in rows:
        cells = dict(row)
        if "label" not in cells and not cells.get("type", "").startswith(("end", "calculate")):
            cells["label"] = cells.get("name", "")
        ws.append([cells.get(h) for h in header])
    cs = wb.create_sheet("choices")
    cs.append(["list_name", "name", "label"])
    for choice in choices or [["yes_no", "yes", "是"], ["yes_no", "no", "否"]]:
        cs.append(choice)
    ss = wb.create_sheet("settings")
    ss.append(["form_id", "version", "default_language"])
    ss.append(["conformance", "1", "zh_CN"])
    wb.save(path)
    return path


def household(fields: dict[str, Any] | None = None,
              members: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"uuid": "h-1", "form_id": "conformance", "form_version": "1", "status": "draft",
            "fields": dict(fields or {}),
            "members": [{"uuid": f"m-{i}", "fields": dict(m)} for i, m in enumerate(members or [])]}
