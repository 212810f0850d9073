"""Read the three XLSForm sheets into plain rows, normalising the headers officers type.

Kept apart from the loader so that the loader only deals with meaning: here is everything
about Excel itself — which sheets exist, header spellings (``label::zh_CN``, ``label::Chinese
(zh_CN)``, ``list name``), cell types (numbers typed into text columns, booleans), empty rows
and the Excel row numbers that every problem report refers to.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook

from .errors import FormProblem

TEXT_COLUMNS = ("label", "hint", "constraint_message", "required_message", "warning_message",
                "form_title")

SURVEY_COLUMNS = frozenset({
    "type", "name", "label", "hint", "required", "required_message", "required_code",
    "relevant", "constraint", "constraint_message", "constraint_code", "warning_constraint",
    "warning_message", "warning_code", "calculation", "default", "read_only", "appearance",
    "choice_filter", "renamed_from", "trigger", "repeat_count", "parameters",
})
CHOICES_COLUMNS = frozenset({"list_name", "name", "label"})
SETTINGS_COLUMNS = frozenset({"form_id", "version", "default_language", "form_title"})
# pyxform's ``bind::attribute`` columns (pyxform/aliases.py) that duplicate a column: read as
# that column. Any other ``bind::`` column is refused (check_columns), never ignored.
BIND_COLUMNS = {"relevant": "relevant", "calculate": "calculation", "readonly": "read_only",
                "required": "required", "constraint": "constraint",
                "jr:constraintmsg": "constraint_message", "jr:requiredmsg": "required_message"}
_ALIASES = {"list name": "list_name", "read only": "read_only", "readonly": "read_only",
            "id_string": "form_id", "relevance": "relevant"}


def _lang(suffix: str) -> str | None:
    s = suffix.strip().lower()
    if s in ("zh", "zh_cn", "zh-cn", "chinese", "中文") or "(zh" in s:
        return "zh"
    if s in ("en", "english") or "(en)" in s:
        return "en"
    return None


def normalise_header(header: Any) -> str:
    """``Label::Chinese (zh_CN)`` -> ``label::zh``; ``list name`` -> ``list_name``."""
    text = re.sub(r"\s+", " ", str(header or "")).strip()
    if text.lower().startswith("bind::"):
        attribute, sep, lang = text[6:].partition("::")
        column = BIND_COLUMNS.get(attribute.strip().lower())
        if column is not None:
            text = column + sep + lang
    if "::" in text:
        base, _, suffix = text.partition("::")
        base = _ALIASES.get(base.strip().lower(), base.strip().lower())
        lang = _lang(suffix)
        return f"{base}::{lang}" if lang else f"{base}::{suffix.strip().lower()}"
    low = text.lower()
    return _ALIASES.get(low, low)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ``.0``, booleans as yes/no, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Row:
    """One non-empty data row; ``cells`` are keyed by normalised header."""

    sheet: str
    number: int
    cells: dict[str, str]
    headers: dict[str, str] = field(repr=False, default_factory=dict)

    def get(self, key: str) -> str:
        return self.cells.get(key, "")

    def column(self, key: str) -> str:
        """The header as the officer typed it, for problem reports."""
        return self.headers.get(key, key)

    def text(self, base: str, default_language: str = "zh") -> tuple[str, str]:
        """(zh, en) of a translatable column; a bare ``label`` is the default language."""
        zh, en = self.get(f"{base}::zh"), self.get(f"{base}::en")
        bare = self.get(base)
        if bare:
            if default_language == "en":
                en = en or bare
            else:
                zh = zh or bare
        return zh, en


@dataclass
class Sheet:
    name: str
    rows: list[Row]
    headers: dict[str, str]
    header_row: int = 1
    raw: list[list[str]] = field(default_factory=list)   # a list file's rows (listfiles.py)

    def has(self, base: str) -> bool:
        return any(h == base or h.startswith(base + "::") for h in self.headers)


# A workbook is hostile input too (a file from a stick, or a county's form arriving in a
# return bundle): it is refused, naming the limit, before openpyxl unpacks or walks more than
# these. The shipped form is 17 KB with ~200 survey rows; an edited one stays far below.
MAX_WORKBOOK_BYTES = 1024**2          # the file: a return bundle carries a few, in base64
MAX_UNPACKED_BYTES = 32 * 1024**2     # every part of the zip, uncompressed, together
MAX_PARTS = 500                       # files inside the zip
MAX_ROWS = 5_000                      # rows of one sheet
MAX_COLUMNS = 100                     # columns read of one sheet


def _read_sheet(ws: Any, name: str, problems: list[FormProblem]) -> Sheet:
    rows_iter = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    headers: dict[str, str] = {}
    keys: list[str] = []
    for raw in rows_iter:
        keys = [normalise_header(h) for h in raw]
        headers = {k: str(h).strip() for k, h in zip(keys, raw, strict=True) if k}
        break
    rows: list[Row] = []
    for number, raw in enumerate(rows_iter, start=2):
        if number > MAX_ROWS + 1:
            problems.append(FormProblem(
                name, number, "", f"工作表“{name}”超过 {MAX_ROWS} 行",
                f"the sheet {name!r} has more than {MAX_ROWS} rows",
                "删除多余的行（问卷通常只有几百行）", "remove the extra rows (a form has a few "
                "hundred)"))
            break
        cells = {k: cell_text(v) for k, v in zip(keys, raw, strict=False) if k}
        cells = {k: v for k, v in cells.items() if v}
        if cells:
            rows.append(Row(name, number, cells, headers))
    return Sheet(name, rows, headers)


def _size_problem(zh: str, en: str) -> FormProblem:
    return FormProblem("", 0, "", zh, en, "请检查是否选错了文件；问卷工作簿通常只有几十 KB",
                       "check that this is the right file; a form workbook is a few tens of KB")


def _bounded(source: str | Path | IO[bytes]) -> tuple[IO[bytes] | None, list[FormProblem]]:
    """The workbook's bytes in memory, or the problem: too large a file, or a zip whose
    parts would unpack past the limits (a "zip bomb"), or not a zip at all."""
    if isinstance(source, str | Path):
        try:
            size = Path(source).stat().st_size
            if size > MAX_WORKBOOK_BYTES:
                return None, [_size_problem(
                    f"文件太大（{size // 1024} KB，上限 {MAX_WORKBOOK_BYTES // 1024**2} MB）",
                    f"the file is too large ({size // 1024} KB; the limit is "
                    f"{MAX_WORKBOOK_BYTES // 1024**2} MB)")]
            data = Path(source).read_bytes()
        except FileNotFoundError:
            return None, [FormProblem("", 0, "", f"找不到文件：{source}", f"file not found: {source}",
                                      "检查文件路径", "check the path")]
        except OSError as exc:
            return None, [FormProblem("", 0, "", f"无法读取文件：{exc.strerror}",
                                      f"cannot read the file: {exc.strerror}", "检查文件路径",
                                      "check the path")]
    else:
        data = source.read(MAX_WORKBOOK_BYTES + 1)
        if len(data) > MAX_WORKBOOK_BYTES:
            return None, [_size_problem(
                f"文件太大（超过 {MAX_WORKBOOK_BYTES // 1024**2} MB）",
                f"the file is too large (over {MAX_WORKBOOK_BYTES // 1024**2} MB)")]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return None, [FormProblem("", 0, "", f"无法作为 Excel 工作簿打开：{exc}",
                                  f"cannot open as an Excel workbook: {exc}",
                                  "请用 Excel 另存为 .xlsx 格式", "save it from Excel as .xlsx")]
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        return None, [_size_problem(
            f"工作簿解压后太大（{len(parts)} 个部件，{unpacked // 1024**2} MB；上限 {MAX_PARTS} 个、"
            f"{MAX_UNPACKED_BYTES // 1024**2} MB）",
            f"the workbook unpacks too large ({len(parts)} parts, {unpacked // 1024**2} MB; the "
            f"limits are {MAX_PARTS} parts and {MAX_UNPACKED_BYTES // 1024**2} MB)")]
    return io.BytesIO(data), []


def sheet_rows(name: str, ws: Any) -> tuple[list[list[str]] | None, list[FormProblem]]:
    """The rows of a worksheet (the list's own, or the sheet a published form embeds)."""
    rows = []
    for number, raw in enumerate(ws.iter_rows(values_only=True, max_col=100),
                                 start=1):
        if number > MAX_ROWS + 1:
            return None, [FormProblem(name, number, "", f"列表文件超过 {MAX_ROWS} 行",
                                      f"the list file has more than {MAX_ROWS} rows",
                                      "改正列表文件后重新检查",
                                      "correct the list file and check again")]
        rows.append([cell_text(v) for v in raw])
    return rows, []


LIST_FILE = re.compile(r"[a-z0-9_\-]{1,26}\.(csv|xlsx)")


def _list_sheet(ws: Any, problems: list[FormProblem]) -> Sheet:
    rows, found = sheet_rows(ws.title, ws)
    problems += found
    return Sheet(ws.title, [], {}, raw=rows or [])


def read_workbook(source: str | Path | IO[bytes]) -> tuple[dict[str, Sheet], list[FormProblem]]:
    """The survey, choices and settings sheets (by lower-case name), or the problems."""
    data, problems = _bounded(source)
    if data is None:
        return {}, problems
    try:
        wb = load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return {}, [FormProblem("", 0, "", f"无法作为 Excel 工作簿打开：{exc}",
                                f"cannot open as an Excel workbook: {exc}",
                                "请用 Excel 另存为 .xlsx 格式", "save it from Excel as .xlsx")]
    try:
        sheets = {}
        for ws in wb.worksheets:
            key = ws.title.strip().lower()
            if key in ("survey", "choices", "settings"):
                sheets[key] = _read_sheet(ws, key, problems)
            elif LIST_FILE.fullmatch(key):      # a list file the published form embeds
                sheets["file:" + key] = _list_sheet(ws, problems)
    finally:
        wb.close()
    problems += [FormProblem(name, 0, "", f"缺少工作表“{name}”", f"the sheet {name!r} is missing",
                             f"添加名为 {name} 的工作表", f"add a sheet named {name}")
                 for name in ("survey", "choices", "settings") if name not in sheets]
    return sheets, problems


def check_columns(sheet: Sheet, required: Iterable[str], known: frozenset[str]) -> list[FormProblem]:
    """Missing required columns, and unknown headers that look like a typo of a known one."""
    problems = []
    for base in required:
        if not sheet.has(base):
            problems.append(FormProblem(
                sheet.name, 1, base, f"缺少列“{base}”", f"the column {base!r} is missing",
                f"在第1行添加列标题 {base}", f"add the header {base} in row 1"))
    for key, header in sheet.headers.items():
        base = key.partition("::")[0]
        if base in known:
            continue
        if base == "bind":
            problems.append(FormProblem(
                sheet.name, 1, header, f"不支持的列“{header}”", f"the column {header!r} is not "
                "supported: of the bind:: columns only " + ", ".join(
                    f"bind::{a}" for a in ("relevant", "calculate", "readonly", "required",
                                           "constraint", "jr:constraintMsg", "jr:requiredMsg"))
                + " are (each as the column it duplicates)",
                "删除该列，或改用对应的普通列", "remove the column, or use the plain column"))
            continue
        close = difflib.get_close_matches(base, sorted(known), n=1, cutoff=0.8)
        if close:
            problems.append(FormProblem(
                sheet.name, 1, header, f"无法识别的列“{header}”",
                f"unknown column {header!r}", f"是否应为“{close[0]}”？", f"did you mean {close[0]!r}?"))
    return problems
