"""A streaming .xlsx (SpreadsheetML) writer: only what the government table layout needs, fast.

openpyxl's write-only mode writes ~100 k cells/s here and xlsxwriter's constant-memory mode
~190 k; a county's full roster is ~21 M cells (docs/decisions.md, "Why our own xlsx writer").
Here each sheet's XML goes straight into its zip entry as rows arrive; strings are inline
(`t="inlineStr"`), so nothing accumulates. A data row is one %-format of a template cached
by the row's value types; the row's texts are checked together by one regex pass for
anything that needs escaping, and only such rows take the cell-by-cell path.

Element order and parts follow ECMA-376 and mirror what xlsxwriter writes for the same
features; the parts other than the worksheets, written at the end, are `xlsx_parts.py`.
Deliberately left out: the `dimension` element (a stream does not know its size; openpyxl's
write-only mode omits it too), shared strings, a theme (fonts are named).

Values: `str` is text (stripped of characters XML 1.0 forbids, cut at 32,767 characters,
`_xHHHH_` protected the way Excel expects); `int`/`float`/`Decimal` are numbers (NaN and
infinities become `#NUM!`; an integer beyond ±2**53, which a double cannot hold exactly —
an ID number saved as a number, say — is written as its digits, as text); `bool` is a
logical cell (TRUE/FALSE) — callers show 是/否 as text themselves; a `date` is written as its
ISO text; `None` and "" write no cell. Anything else (a dict or a list where a draft had a
mistake, bytes, an object) is written as its text, bounded in size and depth
(`reprlib`): a stored value never stops a report.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from mopai.sync.spill import SealedSpool

from . import xlsx_parts as parts
from .xlsx_parts import HEAD, MAIN, REL, SheetEntry, column_letter, escape

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_TEXT = 32_767
# Deflate level 1: on a million varied roster cells 5.8 MB, against 5.1 MB at level 3 and
# 4.4 MB at 6, which take ~15 % and ~50 % more time (docs/decisions.md).
COMPRESSLEVEL = 1
_FLUSH_ROWS = 512
_FLUSH_CHARS = 1 << 20
# A sheet's XML past this many bytes goes on in the next sheet, like one past Excel's rows, so
# that no part ever needs a Zip64 record: WPS Office does not open workbooks that have one and
# Excel Online rejects them (docs/decisions.md). Python's zipfile asks for Zip64 from 2 GiB on.
SHEET_BYTES = 1_750 * 1024**2

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
# A row's texts, joined by NUL, go the careful way if any has one of these: XML's specials,
# characters to strip, "_" (Excel's _xHHHH_ escapes), and whitespace other than the space
# (which may need xml:space="preserve"; spaces at the ends are checked apart). One character
# class keeps the regex fast; alternatives would make it several times slower.
_SUSPECT = re.compile("[&<>_\r\t\n\x01-\x08\x0b\x0c\x0e-\x1f\x85\xa0\u1680\u2000-\u200a"
                      "\u2028\u2029\u202f\u205f\u3000\ud800-\udfff\ufffe\uffff]").search
_NONE = type(None)
# Integers a double holds exactly; beyond, Excel would change the digits.
_INT_MAX = 2**53
_INT_MIN = -_INT_MAX
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple = 4, 200, 200, 200
_REPR.maxset = _REPR.maxfrozenset = _REPR.maxdeque = _REPR.maxarray = 200
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 2000, 2000, 2000
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def as_text(value: Any) -> str:
    """A value of a type a cell cannot hold, as text: bounded (reprlib), never raising."""
    if isinstance(value, int):  # beyond ±2**53, or an int subclass
        try:
            return str(int(value))[:MAX_TEXT]
        except ValueError:  # more digits than Python converts (sys.int_info)
            return f"<{value.bit_length()}-bit integer>"
    try:
        if isinstance(value, dict | list | tuple | set | frozenset | bytes | bytearray):
            return _REPR.repr(value)[:MAX_TEXT]
        return str(value)[:MAX_TEXT]
    except Exception:  # noqa: BLE001 - a broken __str__ must not stop a report
        return f"<{type(value).__name__}>"


def _inline(text: str) -> str:
    """`<is>` for a cell's text, or "" when nothing is left to write."""
    text = _ILLEGAL.sub("", text)[:MAX_TEXT]
    if not text:
        return ""
    body = _EXCEL_ESCAPE.sub("_x005F_", text)
    body = (body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))
    if _EDGE_SPACE.search(text):
        return f'<is><t xml:space="preserve">{body}</t></is>'
    return f"<is><t>{body}</t></is>"


def check_sheet_name(name: str) -> str:
    if not name or len(name) > 31 or _BAD_SHEET_NAME.search(name) or name[0] == "'" \
            or name[-1] == "'":
        raise ValueError(f"invalid sheet name {name!r}: 1 to 31 characters, none of []:*?/\\, "
                         "not starting or ending with an apostrophe")
    return name


@dataclass(frozen=True)
class Style:
    """A cell format. `font`/`size` None mean the workbook's default font."""

    font: str | None = None
    size: float | None = None
    bold: bool = False
    fill: str | None = None     # solid fill, RGB hex such as "DDEBF7"
    border: str | None = None   # thin border on all four sides in this RGB colour
    center: bool = False        # centred both ways and wrapped
    num_fmt: str | None = None  # an Excel number format code
    wrap: bool = False          # wrapped at the column's width, from the top (long text)


@dataclass(frozen=True)
class PageSetup:
    landscape: bool = True
    paper: int | None = 9        # 9 = A4
    fit_to_width: bool = True    # one page wide, as many pages tall as needed
    center_horizontally: bool = True
    grid_lines: bool = True      # print the grid (it boxes every used cell, titles too)
    footer: str | None = None    # header/footer codes, e.g. "&C第 &P 页，共 &N 页"
    scale: int | None = None     # print at this percentage (when not fitted to the width)
    header: str | None = None    # the page header on every printed page (same codes as footer)
    print_from_row: int = 0      # print from this row to the last (0: the whole sheet)
    over_then_down: bool = False  # print a wide sheet's column groups side by side, then down


_NO_PAGE = PageSetup(landscape=False, paper=None, fit_to_width=False,
                     center_horizontally=False, grid_lines=False)


_Getter = "Callable[[Sequence[Any]], tuple[Any, ...]] | None"
_Shape = tuple[list[str], _Getter, _Getter, _Getter]


def _getter(at: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]] | None:
    if not at:
        return None
    if len(at) == 1:
        i = at[0]
        return lambda row: (row[i],)
    return itemgetter(*at)


class Sheet:
    """One worksheet being streamed. Made by `Workbook.add_sheet`; finished by the next
    `add_sheet` or by closing the workbook."""

    def __init__(self, wb: Workbook, index: int, name: str, stream: IO[bytes], ncols: int,
                 page: PageSetup) -> None:
        self.wb, self.index, self.name, self.ncols = wb, index, name, ncols
        self._out = stream
        self._page = page
        self._letters = [column_letter(i) for i in range(1, ncols + 1)]
        self._merges: list[str] = []
        self._templates: dict[tuple[type, ...], _Shape | None] = {}
        self._styled: tuple[list[int], ...] | None = None  # the styles the templates are for
        self._empties: list[int] = [0] * ncols
        self.next_row = 1
        self.size = 0  # bytes of XML written

    @property
    def room(self) -> int:
        """Rows still free on this sheet (none once its XML reached the workbook's
        `max_bytes`)."""
        if self.size >= self.wb.max_bytes:
            return 0
        return self.wb.max_rows - self.next_row + 1

    def merge(self, ref: str) -> None:
        """Merge a range such as "A1:F1"; a one-cell range is no merge and is left out."""
        first, _, last = ref.partition(":")
        if last and last != first:
            self._merges.append(ref)

    def append(self, values: Sequence[Any], styles: Sequence[int] | None = None, *,
               height: float | None = None) -> None:
        """One row, cell by cell (may reach past the sheet's columns); a None with a style
        writes an empty formatted cell. `height` in points (else the default row height)."""
        if self.room <= 0:
            raise ValueError(f"sheet {self.name!r} is full ({self.wb.max_rows:,} rows)")
        if len(values) > MAX_COLS:
            raise ValueError(f"row of {len(values)} cells; Excel has {MAX_COLS} columns")
        styles = styles or (0,) * len(values)
        r = self.next_row
        cells = "".join(self._cell(f"{column_letter(i)}{r}", v, s, s)
                        for i, (v, s) in enumerate(zip(values, styles, strict=True), start=1))
        ht = f' ht="{height:g}" customHeight="1"' if height else ""
        self._write(f'<row r="{self.next_row}"{ht}>{cells}</row>')
        self.next_row += 1

    def extend(self, rows: Iterable[Sequence[Any]], *, number_styles: Sequence[int] | None = None,
               text_styles: Sequence[int] | None = None,
               empty_styles: Sequence[int] | None = None,
               heights: Callable[[Sequence[Any]], float | None] | None = None) -> int:
        """Write rows of exactly `ncols` values until `rows` ends or the sheet is full (rows
        beyond are left in the iterator). A None is an empty cell in its column's
        `empty_styles` (e.g. bordered), or no cell. `heights` gives a row's height in points
        (None: the default), for wrapped text: Excel and LibreOffice do not grow a row to
        fit its wrapped cells as they open a file. Returns the number written."""
        nums = list(number_styles or [0] * self.ncols)
        texts = list(text_styles or [0] * self.ncols)
        self._empties = list(empty_styles or [0] * self.ncols)
        if len(nums) != self.ncols or len(texts) != self.ncols or len(self._empties) != self.ncols:
            raise ValueError("one style per column")
        if self._styled != (nums, texts, self._empties):
            self._templates.clear()
            self._styled = (nums, texts, self._empties)
        templates = self._templates
        suspect = _SUSPECT
        r = self.next_row
        buf: list[str] = []
        chars = 0
        for row in islice(rows, max(self.room, 0)):
            sig = tuple(map(type, row))
            try:
                t = templates[sig]
            except KeyError:
                if len(templates) > 2000:
                    templates.clear()
                t = templates[sig] = self._template(sig, nums, texts)
            if t is None:
                buf.append(self._slow_row(r, row, nums, texts))
            else:
                shape, strings, floats, ints = t
                slow = False
                if strings is not None:
                    texts_ = strings(row)
                    probe = "\x00".join(texts_)
                    slow = bool(suspect(probe) or "" in texts_ or " \x00" in probe
                                or "\x00 " in probe or probe[0] == " " or probe[-1] == " "
                                or len(probe) > MAX_TEXT or probe.count("\x00") != len(texts_) - 1)
                if not slow and ints is not None:
                    v = ints(row)
                    slow = max(v) > _INT_MAX or min(v) < _INT_MIN
                if slow or floats is not None and not math.isfinite(sum(floats(row))):
                    buf.append(self._slow_row(r, row, nums, texts))
                else:
                    buf.append(str(r).join(shape) % tuple(row))
            if heights is not None and (h := heights(row)):
                buf[-1] = buf[-1].replace('">', f'" ht="{h:g}" customHeight="1">', 1)
            r += 1
            chars += len(buf[-1])
            if len(buf) >= _FLUSH_ROWS or chars >= _FLUSH_CHARS:
                self._write("".join(buf))
                buf.clear()
                chars = 0
                if self.size >= self.wb.max_bytes:
                    break  # the rest goes on the next sheet
        if buf:
            self._write("".join(buf))
        written = r - self.next_row
        self.next_row = r
        return written

    # -- rows --------------------------------------------------------------------------------
    def _template(self, sig: tuple[type, ...], nums: list[int], texts: list[int]) -> _Shape | None:
        """How to write rows of these value types: a %-format string cut where the row
        number goes (None positions print nothing), and getters for the text values (to check
        them all at once), the floats (NaN and infinities) and the integers (beyond ±2**53).
        None for other types."""
        if len(sig) != self.ncols:
            raise ValueError(f"row of {len(sig)} cells on a sheet of {self.ncols} columns")
        parts = ['<row r="\x02">']
        text_at, float_at, int_at = [], [], []
        for i, (kind, letter) in enumerate(zip(sig, self._letters, strict=True)):
            ref = f'<c r="{letter}\x02"'
            if kind is _NONE:
                empty = self._empties[i]
                parts.append(f'{ref} s="{empty}"/>%.0s' if empty else "%.0s")
                continue
            if kind is str:
                s = f' s="{texts[i]}"' if texts[i] else ""
                parts.append(f'{ref}{s} t="inlineStr"><is><t>%s</t></is></c>')
                text_at.append(i)
                continue
            s = f' s="{nums[i]}"' if nums[i] else ""
            if kind is int:
                parts.append(f"{ref}{s}><v>%d</v></c>")
                int_at.append(i)
            elif kind is float:
                parts.append(f"{ref}{s}><v>%r</v></c>")
                float_at.append(i)
            elif kind is bool:
                parts.append(f'{ref}{s} t="b"><v>%d</v></c>')
            else:
                return None
        parts.append("</row>")
        return ("".join(parts).split("\x02"), _getter(text_at), _getter(float_at),
                _getter(int_at))

    def _slow_row(self, r: int, row: Sequence[Any], nums: list[int], texts: list[int]) -> str:
        if len(row) != self.ncols:
            raise ValueError(f"row of {len(row)} cells on a sheet of {self.ncols} columns")
        letters, empties = self._letters, self._empties
        cells = "".join(self._cell(f"{letters[i]}{r}", v, nums[i], texts[i], empty_style=False)
                        if v is not None else
                        (f'<c r="{letters[i]}{r}" s="{empties[i]}"/>' if empties[i] else "")
                        for i, v in enumerate(row))
        return f'<row r="{r}">{cells}</row>'

    def _cell(self, ref: str, value: Any, number_style: int, text_style: int, *,
              empty_style: bool = True) -> str:
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif not isinstance(value, str | bool | float | Decimal | _NONE) and (
                not isinstance(value, int) or not -_INT_MAX <= value <= _INT_MAX):
            value = as_text(value)
        if isinstance(value, str):
            body = _inline(value)
            s = f' s="{text_style}"' if text_style else ""
            if body:
                return f'<c r="{ref}"{s} t="inlineStr">{body}</c>'
            value = None
        s = f' s="{number_style}"' if number_style else ""
        if value is None:
            return f'<c r="{ref}"{s}/>' if s and empty_style else ""
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'
        try:
            finite = math.isfinite(value)
        except ValueError:  # a signalling Decimal NaN
            finite = False
        if not finite:
            return f'<c r="{ref}"{s} t="e"><v>#NUM!</v></c>'
        return f'<c r="{ref}"{s}><v>{float(value)!r}</v></c>'  # a Decimal as the double Excel keeps


    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.size + len(data) > zipfile.ZIP64_LIMIT:
            raise ValueError(f"sheet {self.name!r} would pass {zipfile.ZIP64_LIMIT:,} bytes "
                             "(a row far larger than any the reports write)")
        self.size += len(data)
        self._out.write(data)

    # -- the sheet's XML around the rows -----------------------------------------------------
    def start(self, widths: Sequence[float], freeze: tuple[int, int] | None) -> None:
        page = self._page
        out = [HEAD, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
        if page.fit_to_width:
            out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        selected = ' tabSelected="1"' if self.index == 0 else ""
        out.append(f'<sheetViews><sheetView{selected} workbookViewId="0"')
        out.append(f">{_pane(*freeze)}</sheetView>" if freeze and any(freeze) else "/>")
        out.append('</sheetViews><sheetFormatPr defaultRowHeight="13.5"/>')
        if widths:
            out.append("<cols>")
            out += [f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                    for i, w in enumerate(widths, start=1)]
            out.append("</cols>")
        out.append("<sheetData>")
        self._write("".join(out))

    def finish(self) -> None:
        page = self._page
        if page.print_from_row:
            self.wb._sheets[self.index].print_area = (
                page.print_from_row, max(page.print_from_row, self.next_row - 1), self.ncols)
        out = ["</sheetData>"]
        if self._merges:
            out.append(f'<mergeCells count="{len(self._merges)}">')
            out += [f'<mergeCell ref="{ref}"/>' for ref in self._merges]
            out.append("</mergeCells>")
        if page.center_horizontally or page.grid_lines:
            out.append("<printOptions"
                       + (' horizontalCentered="1"' if page.center_horizontally else "")
                       + (' gridLines="1"' if page.grid_lines else "") + "/>")
        top = 1.1 if page.header else 0.75  # room for a two-line page header
        out.append(f'<pageMargins left="0.7" right="0.7" top="{top:g}" bottom="0.75" header="0.3" '
                   'footer="0.3"/>')
        setup = (f' paperSize="{page.paper}"' if page.paper else "") + (
            f' scale="{page.scale}"' if page.scale and not page.fit_to_width else "") + (
            ' fitToWidth="1" fitToHeight="0"' if page.fit_to_width else "") + (
            ' pageOrder="overThenDown"' if page.over_then_down else "") + (
            ' orientation="landscape"' if page.landscape else "")
        if setup:
            out.append(f"<pageSetup{setup}/>")
        if page.header or page.footer:
            out.append("<headerFooter>"
                       + (f"<oddHeader>{escape(page.header)}</oddHeader>" if page.header else "")
                       + (f"<oddFooter>{escape(page.footer)}</oddFooter>" if page.footer else "")
                       + "</headerFooter>")
        out.append("</worksheet>")
        self._write("".join(out))
        self._out.close()


def _pane(rows: int, cols: int) -> str:
    """Frozen panes as xlsxwriter writes them: `rows` above and `cols` left stay put."""
    top_left = f"{column_letter(cols + 1)}{rows + 1}"
    if rows and cols:
        return (f'<pane xSplit="{cols}" ySplit="{rows}" topLeftCell="{top_left}" '
                'activePane="bottomRight" state="frozen"/>'
                f'<selection pane="topRight" activeCell="{column_letter(cols + 1)}1" '
                f'sqref="{column_letter(cols + 1)}1"/>'
                f'<selection pane="bottomLeft" activeCell="A{rows + 1}" sqref="A{rows + 1}"/>'
                '<selection pane="bottomRight"/>')
    if rows:
        return (f'<pane ySplit="{rows}" topLeftCell="{top_left}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft"/>')
    return (f'<pane xSplit="{cols}" topLeftCell="{top_left}" activePane="topRight" '
            'state="frozen"/><selection pane="topRight"/>')


class Workbook:
    """An .xlsx being written. `target` is a path or a binary file; None spools it (in
    memory while small, else sealed with a key only this process holds: sync/spill.py) and
    `save(path)` copies it out (the older openpyxl-style use).

    Use as a context manager: leaving normally finishes the file; an exception leaves it
    unfinished (the caller removes it — see reports.layout.open_workbook)."""

    def __init__(self, target: str | Path | IO[bytes] | None = None, *,
                 max_rows: int = MAX_ROWS, max_bytes: int = SHEET_BYTES,
                 font: tuple[str, float] = ("宋体", 10),
                 compresslevel: int = COMPRESSLEVEL) -> None:
        if not 1 <= max_rows <= MAX_ROWS:
            raise ValueError(f"max_rows must be 1..{MAX_ROWS}")
        if not 1 <= max_bytes <= SHEET_BYTES:
            raise ValueError(f"max_bytes must be 1..{SHEET_BYTES}")
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self._font = font
        self._spool: SealedSpool | None = None
        self._own: IO[bytes] | SealedSpool | None = None  # ours to close (also on errors)
        if target is None:
            self._spool = self._own = SealedSpool()
        elif isinstance(target, str | Path):
            self._own = open(target, "wb")  # noqa: SIM115 - closed by close() or abort()
        self._zip = zipfile.ZipFile(self._own or target, "w", zipfile.ZIP_DEFLATED,
                                    compresslevel=compresslevel)
        self._styles: dict[Style, int] = {Style(): 0}
        self._sheets: list[SheetEntry] = []
        self._current: Sheet | None = None
        self._closed = False
        self._zip.writestr("_rels/.rels", parts.root_rels())

    def style(self, style: Style) -> int:
        """The cell-format index (the `s` attribute) for `style`."""
        return self._styles.setdefault(style, len(self._styles))

    @property
    def sheetnames(self) -> list[str]:
        return [s.name for s in self._sheets]

    def add_sheet(self, name: str, *, widths: Sequence[float] = (), ncols: int | None = None,
                  freeze: tuple[int, int] | None = None,
                  print_rows: tuple[int, int] | None = None, print_cols: int = 0,
                  page: PageSetup = _NO_PAGE) -> Sheet:
        """Start the next sheet (finishing the one before). `freeze` is (rows, columns) kept
        in view; `print_rows` (first, last) repeat at the top of every printed page, and the
        first `print_cols` columns at the left of every page a wide sheet is printed on."""
        check_sheet_name(name)
        if name.casefold() in (s.name.casefold() for s in self._sheets):
            raise ValueError(f"two sheets named {name!r} (Excel ignores case)")
        ncols = ncols if ncols is not None else len(widths)
        if not 1 <= ncols <= MAX_COLS:
            raise ValueError(f"a sheet has 1..{MAX_COLS} columns, not {ncols}")
        self._finish_sheet()
        index = len(self._sheets)
        self._sheets.append(SheetEntry(name, print_rows, print_cols))
        # No Zip64 (SHEET_BYTES): zipfile then refuses, rather than writes, a part past 2 GiB.
        stream = self._zip.open(f"xl/worksheets/sheet{index + 1}.xml", "w")
        self._current = Sheet(self, index, name, stream, ncols, page)
        self._current.start(widths, freeze)
        return self._current

    def close(self) -> None:
        """Write the workbook parts and the zip directory."""
        if self._closed:
            return
        try:
            if not self._sheets:
                raise ValueError("a workbook needs at least one sheet")
            self._finish_sheet()
            z = self._zip
            n = len(self._sheets)
            z.writestr("xl/workbook.xml", parts.workbook_xml(self._sheets))
            z.writestr("xl/_rels/workbook.xml.rels", parts.workbook_rels(n))
            z.writestr("xl/styles.xml", parts.styles_xml(self._styles, self._font))
            z.writestr("docProps/app.xml", parts.app_xml(self._sheets))
            z.writestr("docProps/core.xml", parts.core_xml())
            z.writestr("[Content_Types].xml", parts.content_types(n))
            z.close()
        except BaseException:
            self.abort()
            raise
        self._closed = True
        if self._own is not None and self._spool is None:
            self._own.close()

    def abort(self) -> None:
        """Stop after a failure; the output is not a valid workbook and should be removed."""
        if self._closed:
            return
        self._closed = True
        # Closing may fail again (a full disk): the first error is the one to report.
        with suppress(Exception):
            if self._current is not None:
                self._current._out.close()
        with suppress(Exception):
            self._zip.close()
        if self._own is not None:
            self._own.close()

    def save(self, path: str | Path) -> None:
        """Finish and copy the spooled workbook to `path` (only for `Workbook(None)`)."""
        if self._spool is None:
            raise ValueError("this workbook writes to its target directly; use close()")
        self.close()
        self._spool.seek(0)
        with open(path, "wb") as f:
            shutil.copyfileobj(self._spool, f, 1 << 20)
        self._spool.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def _finish_sheet(self) -> None:
        if self._current is not None:
            self._current.finish()
            self._current = None
