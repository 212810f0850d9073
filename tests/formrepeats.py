"""A county's questionnaire with several and nested repeats (issue 19, decision 59): the
shipped workbook with a list of jobs inside each member (several jobs a year) and a
household-level list of 帮扶措施 beside the members, as an officer adds them in Excel."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from mopai import forms

JOBS = [
    {"type": "begin_repeat", "name": "jobs", "label::zh_CN": "年内工作", "label::en": "Jobs",
     "relevant": "${jobs_count} > 0", "repeat_count": "${jobs_count}"},
    {"type": "text", "name": "job_place", "label::zh_CN": "工作地点", "label::en": "Place",
     "required": "yes"},
    {"type": "integer", "name": "job_wage", "label::zh_CN": "月收入（元）",
     "label::en": "Monthly wage", "constraint": ". >= 0 and . <= 100000",
     "constraint_message::zh_CN": "月收入应在0到100000之间",
     "constraint_message::en": "the wage is between 0 and 100000"},
    {"type": "integer", "name": "job_bonus", "label::zh_CN": "奖金（元）", "label::en": "Bonus",
     "relevant": "${job_wage} > 3000"},
    {"type": "calculate", "name": "job_no", "calculation": "position(..)"},
    {"type": "end_repeat", "name": "jobs"},
    {"type": "calculate", "name": "jobs_wage", "calculation": "sum(${job_wage})"},
]
MEASURES = [
    {"type": "calculate", "name": "measures_total", "calculation": "sum(${measure_amount})"},
    {"type": "begin_repeat", "name": "measures", "label::zh_CN": "帮扶措施",
     "label::en": "Assistance"},
    {"type": "text", "name": "measure_kind", "label::zh_CN": "措施", "label::en": "Measure"},
    {"type": "integer", "name": "measure_amount", "label::zh_CN": "金额（元）",
     "label::en": "Amount"},
    {"type": "end_repeat", "name": "measures"},
]
COUNT = {"type": "integer", "name": "jobs_count", "label::zh_CN": "年内工作个数",
         "label::en": "Number of jobs"}


def repeats_form(path: Path, version: str = "2026.9", *, jobs: list[dict[str, str]] = JOBS,
                 measures: list[dict[str, str]] = MEASURES) -> Path:
    """The shipped workbook with the jobs inside the members (after their last question), the
    count of jobs asked before them, the 帮扶措施 list after the members, a newer version
    (``jobs`` and ``measures``: other rows for either)."""
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    for key in {k for row in (COUNT, *jobs, *measures) for k in row}:
        if key not in col:
            col[key] = ws.max_column + 1
            ws.cell(1, col[key], key)
    end = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "end_repeat")
    rows = [COUNT, *jobs]
    ws.insert_rows(end, len(rows))
    for i, cells in enumerate(rows):
        for key, value in cells.items():
            ws.cell(end + i, col[key], value)
    after = end + len(rows) + 1
    ws.insert_rows(after, len(measures))
    for i, cells in enumerate(measures):
        for key, value in cells.items():
            ws.cell(after + i, col[key], value)
    wb["settings"]["B2"] = version
    wb.save(path)
    return path
