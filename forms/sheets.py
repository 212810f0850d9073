"""Read the three XLSForm sheets into plain rows, normalising the headers officers type.

Kept apart from the loader so that the loader only deals with meaning: here is everything
about Excel itself — which sheets exist, header spellings (``label::zh_CN``, ``label::Chinese
(zh_CN)``, ``list name``), cell types (numbers typed into text columns, booleans), empty rows
and the Excel row numbers that every problem report refers to.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import FormProblem
from .model import Text, language_key

# Columns whose text is given per language (``label::English (en)``); the media columns are
# per language too, as in pyxform (``image::French (fr)``, ``media::image::fr``).
TEXT_COLUMNS = ("label", "hint", "guidance_hint", "constraint_message", "required_message",
                "warning_message", "form_title", "image", "big-image", "audio", "video")
MEDIA_COLUMNS = ("image", "big-image", "audio", "video")

SURVEY_COLUMNS = frozenset({
    "type", "name", "label", "hint", "required", "required_message", "required_code",
    "relevant", "constraint", "constraint_message", "constraint_code", "warning_constraint",
    "warning_message", "warning_code", "calculation", "default", "read_only", "appearance",
    "choice_filter", "renamed_from", "trigger", "repeat_count", "parameters", "mopai_type",
})
CHOICES_COLUMNS = frozenset({"list_name", "name", "label"})
SETTINGS_COLUMNS = frozenset({"form_id", "version", "default_language", "form_title"})
# pyxform's ``bind::attribute`` columns (pyxform/aliases.py) that duplicate a column: read as
# that column. Any other ``bind::`` column is refused (check_columns), never ignored.
BIND_COLUMNS = {"relevant": "relevant", "calculate": "calculation", "readonly": "read_only",
                "required": "required", "constraint": "constraint",
                "jr:constraintmsg": "constraint_message", "jr:requiredmsg": "required_message"}
# pyxform's header aliases (pyxform/aliases.py: survey_header, list_header, settings_header),
# applied to the header in snake case; an alias means exactly what pyxform makes of it.
_ALIASES = {
    "list_name": "list_name", "read_only": "read_only", "readonly": "read_only",
    "id_string": "form_id", "set_form_id": "form_id", "set_form_title": "form_title",
    "relevance": "relevant", "caption": "label", "calculate": "calculation",
    "constraining_message": "constraint_message", "requiredmsg": "required_message",
    "command": "type", "tag": "name", "value": "name", "count": "repeat_count",
    "jr:count": "repeat_count", "no_app_error_string": "noapperrorstring",
}


def _snake(text: str) -> str:
    return "_".join(text.split()).lower()


def normalise_header(header: Any, double_colon: bool = True) -> str:
    """``Label::Chinese (zh_CN)`` -> ``label::zh``; ``list name`` -> ``list_name``;
    ``media::image::French (fr)`` -> ``image::fr``. With ``double_colon`` False (no header of
    the sheet uses ``::``), a single colon separates the language, as pyxform reads the old
    ``label:English``; ``jr:count`` stays one word."""
    text = re.sub(r"\s+", " ", str(header or "")).strip()
    if text.lower().startswith("bind::"):
        attribute, sep, lang = text[6:].partition("::")
        column = BIND_COLUMNS.get(attribute.strip().lower())
        if column is not None:
            text = column + sep + lang
    if "::" in text:
        parts = [p.strip() for p in text.split("::")]
    elif ":" in text and not double_colon:
        parts = [p.strip() for p in text.split(":")]
        if parts[0].lower() == "jr" and len(parts) > 1:
            parts = [f"jr:{parts[1]}", *parts[2:]]
    else:
        parts = [text]
    base = _snake(parts[0])
    base = _ALIASES.get(base, base)
    rest = parts[1:]
    if base == "media" and rest:
        base, rest = _snake(rest[0]), rest[1:]
    if not rest:
        return base
    if base in TEXT_COLUMNS:
        return f"{base}::{language_key('::'.join(rest))}"
    return f"{base}::{'::'.join(rest).lower()}"


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

    def text(self, base: str, default_language: str = "zh") -> Text:
        """Every language of a translatable column; a bare ``label`` is the default
        language's (``default_language`` is a key of ``language_key``)."""
        texts = {k.partition("::")[2]: v for k, v in self.cells.items()
                 if k.startswith(base + "::")}
        bare = self.get(base)
        if bare and not texts.get(default_language):
            texts[default_language] = bare
        return Text(texts.pop("zh", ""), texts.pop("en", ""), tuple(texts.items()),
                    default_language)


@dataclass
class Sheet:
    name: str
    rows: list[Row]
    headers: dict[str, str]
    header_row: int = 1
    raw: list[list[str]] = field(default_factory=list)   # a list file's rows (listfiles.py)
    languages: dict[str, str] = field(default_factory=dict)  # key -> as written

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


def _raw_rows(ws: Any) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values) of each row the sheet's XML holds, and no other.

    openpyxl's ``iter_rows`` pads to the sheet's stated dimension: a sheet saved by LibreOffice
    says ``A1:AMJ1048576`` and writes a few formatted rows near row 1,048,576, so padding
    made a million empty rows (16–33 s for a one-question form). The rows of the XML are read
    here with openpyxl's own parser, which skips no value and makes no row that is not there.
    """
    parse = getattr(ws, "_get_source", None)
    if parse is None:  # not a read-only sheet: nothing is padded beyond what it holds
        for number, raw in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
            yield number, raw
        return
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=book.data_only,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            values: list[Any] = []
            for cell in cells:
                column = cell["column"]
                if column > MAX_COLUMNS:
                    break
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = cell["value"]
            yield number, tuple(values)


def _read_sheet(ws: Any, name: str, problems: list[FormProblem]) -> Sheet:
    rows_iter = iter(_raw_rows(ws))
    headers: dict[str, str] = {}
    keys: list[str] = []
    languages: dict[str, str] = {}
    first = next(rows_iter, None)
    if first is not None and first[0] != 1:  # row 1 is empty: no headers (as in pyxform)
        rows_iter = itertools.chain([first], rows_iter)
    elif first is not None:
        raw = first[1]
        double = any("::" in str(h or "") for h in raw)
        keys = [normalise_header(h, double) for h in raw]
        headers = {k: str(h).strip() for k, h in zip(keys, raw, strict=True) if k}
        for key, header in headers.items():
            if "::" in key and key.partition("::")[0] in TEXT_COLUMNS:
                written = header.split("::" if "::" in header else ":")[-1].strip()
                languages.setdefault(key.partition("::")[2], written)
    rows: list[Row] = []
    for number, raw in rows_iter:
        cells = {k: cell_text(v) for k, v in zip(keys, raw, strict=False) if k}
        cells = {k: v for k, v in cells.items() if v}
        if not cells:
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(FormProblem(
                name, number, "", f"工作表“{name}”超过 {MAX_ROWS} 行",
                f"the sheet {name!r} has more than {MAX_ROWS} rows",
                "删除多余的行（问卷通常只有几百行）", "remove the extra rows (a form has a few "
                "hundred)"))
            break
        rows.append(Row(name, number, cells, headers))
    return Sheet(name, rows, headers, 1, languages=languages)


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


def read_workbook(source: str | Path | IO[bytes]
                  ) -> tuple[dict[str, Sheet], list[FormProblem], str]:
    """The survey, choices and settings sheets (by lower-case name), the problems, and the
    time the workbook was last saved as ``YYYYMMDD.HHMM`` (UTC, from its own properties, so
    that the same bytes give the same time on every machine; '' when it says none)."""
    data, problems = _bounded(source)
    if data is None:
        return {}, problems, ""
    try:
        from openpyxl import load_workbook  # start-up: only when a workbook is read

        wb = load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return {}, [FormProblem("", 0, "", f"无法作为 Excel 工作簿打开：{exc}",
                                f"cannot open as an Excel workbook: {exc}",
                                "请用 Excel 另存为 .xlsx 格式", "save it from Excel as .xlsx")], ""
    saved = wb.properties.modified or wb.properties.created
    modified = saved.strftime("%Y%m%d.%H%M") if saved else ""
    names = []
    try:
        sheets = {}
        for ws in wb.worksheets:
            key = ws.title.strip().lower()
            names.append(ws.title)
            if key in ("survey", "choices", "settings") or len(wb.worksheets) == 1:
                # pyxform reads a workbook's only sheet as the survey, whatever its name
                key = key if key in ("survey", "choices", "settings") else "survey"
                sheets[key] = _read_sheet(ws, key, problems)
            elif LIST_FILE.fullmatch(key):      # a list file the published form embeds
                sheets["file:" + key] = _list_sheet(ws, problems)
    finally:
        wb.close()
    if "survey" not in sheets:
        close = difflib.get_close_matches("survey", [n.lower() for n in names], n=1, cutoff=0.6)
        problems.append(FormProblem(
            "survey", 0, "", "缺少工作表“survey”", "the sheet 'survey' is missing",
            f"是否应为“{close[0]}”？请改名为 survey" if close else "添加名为 survey 的工作表",
            f"rename {close[0]!r} to survey" if close else "add a sheet named survey"))
    return sheets, problems, modified


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
