"""Choice lists kept in a file: ``select_one_from_file cities.csv`` (XLSForm's select from file).

ODK reads the choices of such a question from a CSV file shipped with the form, its ``name``
and ``label`` columns (or the columns the ``parameters`` cell names: ``value=code
label=city``); other columns are there for ``choice_filter``. Mopai reads a CSV (UTF-8, with
or without BOM, else GBK as Excel in China saves it) and, as its own extension, the first sheet
of an ``.xlsx`` (pyxform accepts .csv, .xml and .geojson; an .xml or .geojson is refused).

How the file travels: ``mopai form check`` reads it beside the workbook; ``mopai form publish``
copies it *into* the workbook as a sheet named after the file (``embed``), so the published
form is still one workbook — stored, signed, carried by return bundles and setup files and
bounded by the workbook's limits (forms/sheets.py) like any other. The loader reads the
embedded sheet first, the file beside the workbook otherwise.

A list file is hostile input like the workbook: at most 1 MB and 5,000 rows, names non-empty,
unique and without spaces in a select_multiple, no NUL characters; problems name the file,
the row and the column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .errors import FormProblem
from .sheets import MAX_ROWS, MAX_WORKBOOK_BYTES, _bounded, sheet_rows

FILE_NAME = re.compile(r"[A-Za-z0-9_\-]{1,26}\.(csv|xlsx)")
MAX_CELL = 500
Rows = list[list[str]]


def _problem(file: str, row: int, column: str, zh: str, en: str) -> FormProblem:
    return FormProblem(file, row, column, zh, en, "改正列表文件后重新检查",
                       "correct the list file and check again")


def read_list_file(path: Path) -> tuple[Rows | None, list[FormProblem]]:
    """The rows of a list file (header first), or the problems."""
    name = path.name
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_WORKBOOK_BYTES else None
    except OSError as exc:
        return None, [_problem(name, 0, "", f"无法读取列表文件：{exc.strerror}",
                               f"cannot read the list file ({exc.strerror})")]
    if data is None:
        return None, [_problem(name, 0, "", "列表文件太大（上限 1 MB）",
                               "the list file is too large (the limit is 1 MB)")]
    return (_csv(name, data) if name.lower().endswith(".csv") else _xlsx(name, data))


def _csv(name: str, data: bytes) -> tuple[Rows | None, list[FormProblem]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        return None, [_problem(name, 0, "", "列表文件的编码无法识别（应为 UTF-8 或 GBK）",
                               "the list file is neither UTF-8 nor GBK")]
    if "\x00" in text:
        return None, [_problem(name, 0, "", "列表文件含有空字符，不是文本文件",
                               "the list file holds NUL characters: not a text file")]
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number > MAX_ROWS + 1:
            return None, [_problem(name, number, "", f"列表文件超过 {MAX_ROWS} 行",
                                   f"the list file has more than {MAX_ROWS} rows")]
        rows.append([cell.strip() for cell in row[:100]])
    return rows, []


def _xlsx(name: str, data: bytes) -> tuple[Rows | None, list[FormProblem]]:
    bounded, problems = _bounded(io.BytesIO(data))
    if bounded is None:
        return None, [_problem(name, 0, "", p.message_zh, p.message_en) for p in problems]
    try:
        from openpyxl import load_workbook  # start-up: only when a list file is read

        wb = load_workbook(bounded, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        return None, [_problem(name, 0, "", f"无法作为 Excel 工作簿打开：{exc}",
                               f"cannot open as an Excel workbook: {exc}")]
    try:
        return sheet_rows(name, wb.worksheets[0])
    finally:
        wb.close()


def choices_of(name: str, rows: Rows, value: str = "name", label: str = "label",
               multiple: bool = False) -> tuple[list[tuple[str, str, str, dict[str, str]]],
                                                list[FormProblem]]:
    """``(name, label zh, label en, other columns)`` per choice, as ODK reads the file: the
    ``value`` and ``label`` columns (``label::…`` per language), every other column kept for
    ``choice_filter``."""
    if not rows:
        return [], [_problem(name, 1, "", "列表文件是空的", "the list file is empty")]
    header = [h.strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    problems = []
    for wanted in (value, label):
        if wanted.lower() not in lowered and not any(h.startswith(wanted.lower() + "::")
                                                     for h in lowered):
            problems.append(_problem(name, 1, wanted, f"列表文件缺少列“{wanted}”",
                                     f"the list file has no column {wanted!r}"))
    if problems:
        return [], problems
    at = {h: i for i, h in reversed(list(enumerate(lowered)))}
    zh_col = next((i for i, h in enumerate(lowered) if h in (f"{label}::zh", f"{label}::zh_cn")
                   or h.startswith(f"{label}::chinese")), at.get(label.lower()))
    en_col = next((i for i, h in enumerate(lowered) if h in (f"{label}::en",)
                   or h.startswith(f"{label}::english")), None)
    out: list[tuple[str, str, str, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        if not any(cells):
            continue
        choice = cells[at[value.lower()]]
        zh = cells[zh_col] if zh_col is not None else ""
        en = cells[en_col] if en_col is not None else ""
        where = header[at[value.lower()]]
        if not choice or len(choice) > 64 or (multiple and " " in choice):
            problems.append(_problem(name, number, where,
                                     f"选项名称“{choice[:40]}”无效（不能为空、超过64个字符或含空格）",
                                     f"invalid choice name {choice[:40]!r} (empty, over 64 "
                                     "characters or, in a select_multiple, with a space)"))
            continue
        if choice in seen:
            problems.append(_problem(name, number, where,
                                     f"选项“{choice}”重复（第{seen[choice]}行已有）",
                                     f"choice {choice!r} repeats (first in row {seen[choice]})"))
            continue
        if not (zh or en) or max(len(zh), len(en)) > MAX_CELL:
            problems.append(_problem(name, number, label,
                                     f"选项“{choice}”缺少标签或标签过长",
                                     f"choice {choice!r} has no label or too long a one"))
            continue
        seen[choice] = number
        extra = {h: cells[i][:MAX_CELL] for i, h in enumerate(lowered)
                 if h and h != value.lower() and not h.startswith(label.lower())}
        out.append((choice, zh, en, extra))
    return out, problems


def embed(workbook: bytes, files: dict[str, Rows]) -> bytes:
    """The workbook with each list file as a sheet named after it (what ``publish`` keeps and
    sends)."""
    from openpyxl import load_workbook  # start-up: only when a form is published

    wb = load_workbook(io.BytesIO(workbook))
    for name, rows in files.items():
        if name in wb.sheetnames:
            del wb[name]
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["FILE_NAME", "choices_of", "embed", "read_list_file", "sheet_rows"]
