"""XLSForm workbooks shaped as Excel, WPS and LibreOffice save them (issue 19, "check speed").

A county designer saves the form from whatever spreadsheet program the office has; what
changes is not the form but the file around it. Written with openpyxl, then shaped:

- ``excel``: shared strings, a styled header (bold, fill, borders), column widths, a frozen
  header row, ``docProps/app.xml`` naming Excel.
- ``wps``: as Excel, plus whole-column formatting and a block of styled empty cells below
  and beside the data (WPS keeps the cells a user formatted), naming WPS.
- ``libreoffice``: the sheets state the dimension ``A1:AMJ1048576`` and end with formatted
  empty rows up to row 1,048,576, each row carrying LibreOffice's attributes, as in the real
  file pyxform keeps in its tests (tests/forms/conformance/files/UCL_Biomass_Plot_Form.xlsx).

Used by ``bench/form_cases.py`` (``form_check_saved``) and by the conformance tests.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

PROGRAMS = ("excel", "wps", "libreoffice")
_APP = {"excel": "Microsoft Excel", "wps": "WPS 表格",
        "libreoffice": "LibreOffice/7.2.6.2$Windows_X86_64 LibreOffice_project/b0ec3a5"}
_ROW_ATTRS = ('customFormat="false" ht="12.8" hidden="false" customHeight="false" '
              'outlineLevel="0" collapsed="false"')


def survey_rows(questions: int) -> list[list[str]]:
    """``questions`` questions of every common kind, with relevance, constraints and
    calculations referring to earlier ones, in groups of 25."""
    rows = [["type", "name", "label::Chinese (zh)", "label::English (en)", "hint::Chinese (zh)",
             "required", "relevant", "constraint", "constraint_message::Chinese (zh)",
             "calculation"]]
    for i in range(questions):
        if i % 25 == 0:
            if i:
                rows.append(["end_group"] + [""] * 9)
            rows.append(["begin_group", f"g{i // 25}", f"第{i // 25}部分", f"Part {i // 25}"]
                        + [""] * 6)
        kind = i % 5
        name = f"q{i}"
        previous = f"${{q{i - 5}}}" if i >= 5 else ""
        if kind == 0:
            rows.append(["integer", name, f"问题{i}", f"Question {i}", "填写数字", "yes", "",
                         ". >= 0 and . < 1000", "0至999", ""])
        elif kind == 1:
            rows.append(["select_one yn", name, f"问题{i}", f"Question {i}", "", "yes",
                         f"{previous} != ''" if previous else "", "", "", ""])
        elif kind == 2:
            rows.append(["text", name, f"问题{i}", f"Question {i}", "", "",
                         f"selected({previous}, 'yes')" if previous else "",
                         "string-length(.) < 50", "太长", ""])
        elif kind == 3:
            rows.append(["select_multiple colours", name, f"问题{i}", f"Question {i}", "", "",
                         "", "count-selected(.) <= 2", "最多两项", ""])
        else:
            rows.append(["calculate", name, "", "", "", "", "", "", "",
                         f"if({previous} = '', 0, {previous} + 1)" if previous else "1"])
    rows.append(["end_group"] + [""] * 9)
    return rows


def _workbook(questions: int, program: str) -> Workbook:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    for row in survey_rows(questions):
        survey.append([v or None for v in row])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::Chinese (zh)", "label::English (en)"])
    for row in (["yn", "yes", "是", "Yes"], ["yn", "no", "否", "No"],
                *(["colours", f"c{i}", f"颜色{i}", f"Colour {i}"] for i in range(12))):
        choices.append(row)
    settings = wb.create_sheet("settings")
    settings.append(["form_id", "version", "default_language", "form_title"])
    settings.append(["bench_form", "2026.1", "Chinese (zh)", "测速问卷"])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEEFF")
    edge = Border(bottom=Side(style="thin"))
    for ws in wb.worksheets:
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font, cell.fill, cell.border = bold, fill, edge
        for letter in "ABCDEFGHIJ":
            ws.column_dimensions[letter].width = 18
        if program == "wps":  # the cells a user formatted, below and beside the data
            last = ws.max_row
            for r in range(last + 1, last + 400):
                for c in range(1, 30):
                    ws.cell(r, c).fill = fill
    return wb


def _libreoffice(path: Path) -> None:
    """State the dimension LibreOffice states, and add its formatted rows at the end."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", item.filename):
                text = data.decode()
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>',
                              text)
                text = re.sub(r'<row r="(\d+)"', rf'<row r="\1" {_ROW_ATTRS}', text)
                tail = "".join(f'<row r="{r}" {_ROW_ATTRS}></row>'
                               for r in range(1_048_571, 1_048_577))
                text = text.replace("</sheetData>", tail + "</sheetData>")
                data = text.encode()
            out.writestr(item, data)
    tmp.replace(path)


def _name_application(path: Path, program: str) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = re.sub(rb"<Application>[^<]*</Application>",
                              f"<Application>{_APP[program]}</Application>".encode(), data)
            out.writestr(item, data)
    tmp.replace(path)


def write_form(path: Path, program: str, questions: int = 500) -> Path:
    """A form of ``questions`` questions as ``program`` (excel, wps, libreoffice) saves it."""
    if program not in PROGRAMS:
        raise ValueError(f"program must be one of {PROGRAMS}")
    _workbook(questions, program).save(path)
    _name_application(path, program)
    if program == "libreoffice":
        _libreoffice(path)
    return path
