"""The government table layout every Mopai workbook uses, written as a stream.

A sheet is: a title row (merged across the table, tall enough for its 16 pt type), a line
with 填报单位, 单位 (what the figures count) and 统计时点 (both also the printed page's header,
on every page, while the print area starts at the table's header), a header of one or two rows (a group
label merged over its columns, single columns merged down; rows as tall as their wrapped
labels), then the data rows in a thin grid (borders on the table's cells only, so the title
lines stand free), and under them the signature line (填报人、审核人、负责人、填报日期);
frozen below the header and right of the key columns; column widths, number and percentage
formats (a column of long text, such as a message, wraps, and its rows are given the height
its lines take); A4 landscape with the header rows repeated on every printed page. A table that fits
one page wide at ≥ 80 % (≥ 8 pt type as printed) is fitted to the width; a wider one prints at
80 % in column groups, side by side, with its key columns repeated at the left of each
(`print_layout`). Rows go straight into the file through
our own writer (reports/xlsx.py), so a roster of 600,000 people never sits in memory
(DESIGN.md: big rosters must stream). A sheet that reaches Excel's 1,048,576 rows goes on
in "名册(2)" with the same title and header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

from mopai.sync.atomic import replacing

from .errors import ReportNotWritten
from .xlsx import MAX_ROWS, SHEET_BYTES, PageSetup, Sheet, Style, Workbook, column_letter

INTEGER = "#,##0"
PERCENT = "0.00%"
TEXT = "@"
MONEY = "#,##0"

_GREY = "808080"
_HEAD_FILL = "DDEBF7"
_TITLE = Style(size=16, bold=True, center=True)
_HEAD = Style(size=10, bold=True, fill=_HEAD_FILL, border=_GREY, center=True)
_HEAD_BLANK = Style(size=10, fill=_HEAD_FILL, border=_GREY, center=True)
_LINE = Style(size=10)
_NOTE = Style(size=10, wrap=True)
_CELL = Style(border=_GREY)
_FOOTER = "&C第 &P 页，共 &N 页"

TITLE_HEIGHT = 27.0   # points: a 16 pt title with room above and below
LINE_HEIGHT = 18.0    # the 填报单位 line and the signature line
HEAD_LINE = 13.5      # one line of a 10 pt header label
DATA_LINE = 13.5      # one line of 10 pt data in a wrapped column
MIN_SCALE = 80        # percent: 10 pt type prints at ≥ 8 pt
SIGNATURE = "填报人：　　　　　　　审核人：　　　　　　　负责人：　　　　　　　填报日期：　　　　年　　月　　日"
SIGNATURE_PARTS = ("填报人：", "审核人：", "负责人：", "填报日期：　　　　年　　月　　日")
GAP = "　　　　　　　"
# A4 landscape less the page margins (0.7 in each side), in Excel's width units (characters of
# the default font: about 7 px at 96 dpi, plus 5 px of padding per column)
_PRINTABLE_PX = (29.7 / 2.54 - 1.4) * 96


def display_width(text: str) -> int:
    """Columns `text` takes in a cell: a CJK or full-width character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def page_header(spec: SheetSpec, unit: str, as_of: str) -> str:
    """The printed page's header: the title, and under it 填报单位, 单位 and 统计时点 — on
    every page, where rows 1–2 of the sheet would print on the first page only (and cut
    through the repeated key columns of a wide table's other pages). Excel's limit is 255
    characters."""
    def text(s: str) -> str:
        return s.replace("&", "&&")
    line = f"填报单位：{unit}　　单位：{spec.measure}　　统计时点：{as_of}"
    head = f'&C&"宋体,Bold"&16{text(spec.title)}\n&"宋体,Regular"&10{text(line)}'
    return head[:255]


def _px(width: float) -> float:
    return width * 7 + 5


def print_layout(widths: Sequence[float], key_cols: int) -> tuple[PageSetup, int, int]:
    """How a table of these column widths prints on A4 landscape: fitted to one page wide
    when that keeps the type at ≥ MIN_SCALE %, else at MIN_SCALE % in column groups side by
    side (over, then down) with the first `key_cols` columns repeated on every page. Returns
    the page setup, the number of repeated columns and the number of columns on the first
    printed page (what the title and the 填报单位 line are centred over)."""
    room = _PRINTABLE_PX * 100 / MIN_SCALE
    if sum(map(_px, widths)) <= room:
        return PageSetup(grid_lines=False, footer=_FOOTER), 0, len(widths)
    first, used = 0, 0.0
    while first < len(widths) and used + _px(widths[first]) <= room:
        used += _px(widths[first])
        first += 1
    return (PageSetup(grid_lines=False, footer=_FOOTER, fit_to_width=False, scale=MIN_SCALE,
                      over_then_down=True), key_cols, max(first, min(key_cols + 1, len(widths))))
_END = object()


@dataclass(frozen=True)
class Col:
    """One column: its header, optional group header above it, width and number format."""

    title: str
    width: float = 10
    fmt: str | None = None
    group: str | None = None
    wrap: bool = False  # long text (a message) wraps in the column, the row grows to fit


@dataclass(frozen=True)
class SheetSpec:
    name: str           # the sheet tab (≤ 31 characters, Excel's limit)
    title: str          # the big title row
    columns: Sequence[Col]
    freeze_cols: int = 1  # key columns that stay visible when scrolling right (and printing)
    measure: str = "人"   # the 单位 line: what the figures count ("户、人" …)


@contextmanager
def open_workbook(out: Path, *, max_rows: int = MAX_ROWS, max_bytes: int = SHEET_BYTES
                  ) -> Iterator[Workbook]:
    """A workbook written beside `out` and renamed over it when the block ends; after an
    error `out` is untouched and nothing is left behind (a file that cannot be written is
    `ReportNotWritten`; one held open by another program, `FileInUse`, with the new workbook
    kept under a free name beside it). `max_rows` and `max_bytes` are for tests."""
    out = Path(out)
    try:
        with replacing(out, aside=True) as tmp, Workbook(tmp, max_rows=max_rows,
                                                        max_bytes=max_bytes) as wb:
            yield wb
    except OSError as exc:
        raise ReportNotWritten(out, exc) from exc


def new_workbook() -> Workbook:
    """A workbook spooled to a temporary file; `reports.summary.save_atomic` finishes it.
    `open_workbook` writes in place and is the one to use."""
    return Workbook()


def write_sheet(wb: Workbook, spec: SheetSpec, rows: Iterable[Sequence[Any]], *, unit: str,
                as_of: str, notes: Sequence[str] | Callable[[], Sequence[str]] = ()) -> int:
    """Write one sheet (and its continuations past Excel's row limit); returns the number
    of data rows. `notes` (注：…, or what makes them once the rows are written) go under the
    table, above the signature line."""
    cols = list(spec.columns)
    head = _header(cols)
    cell = wb.style(_CELL)
    wrapped = wb.style(Style(border=_GREY, wrap=True))
    number_styles = [wb.style(Style(num_fmt=c.fmt, border=_GREY)) if c.fmt else
                     wrapped if c.wrap else cell for c in cols]
    text_styles = [wrapped if c.wrap else cell for c in cols]
    widths = [c.width for c in cols]
    page, repeat, span = print_layout(widths, spec.freeze_cols)
    page = replace(page, header=page_header(spec, unit, as_of), print_from_row=3)
    pending: Iterator[Sequence[Any]] = iter(rows)
    count, part = 0, 1
    while True:
        name = spec.name[:31] if part == 1 else _continued(spec.name, part)
        ws = wb.add_sheet(name, widths=widths, freeze=(2 + len(head.rows), spec.freeze_cols),
                          print_rows=(3, 2 + len(head.rows)), print_cols=repeat, page=page)
        _write_head(wb, ws, spec, span, cols, head, unit=unit, as_of=as_of)
        count += ws.extend(pending, number_styles=number_styles, text_styles=text_styles,
                           empty_styles=[cell] * len(cols), heights=_row_heights(cols))
        if ws.room > 2:
            break
        first = next(pending, _END)
        if first is _END:
            break
        pending = chain([first], pending)
        part += 1
    _write_signature(wb, ws, span, notes() if callable(notes) else notes, widths, skip=repeat)
    return count


def _write_signature(wb: Workbook, ws: Sheet, n: int, notes: Sequence[str] = (),
                     widths: Sequence[float] = (), *, skip: int = 0) -> None:
    """A blank row, the notes, then the line the officials sign, each merged across the
    table's first printed page. A table printed in column groups repeats its first `skip`
    (key) columns on every page, so the lines start after them: merged from column A, the
    later pages showed the lines' first characters cut off in the repeated columns."""
    room = sum(widths[skip:n]) if widths else 0.0
    signature = signature_lines(room)
    if ws.room < 1 + len(notes) + len(signature):
        return  # a sheet filled to Excel's last row: no room left under it
    ws.append([None])
    lead, first, last = [None] * skip, column_letter(skip + 1), column_letter(n)
    for note in notes:
        row = ws.next_row
        text = f"注：{note}"
        lines = _lines(text, room) if room else 1  # wrapped over the table's width
        ws.append([*lead, text], [0] * skip + [wb.style(_NOTE if lines > 1 else _LINE)],
                  height=LINE_HEIGHT + HEAD_LINE * (lines - 1))
        ws.merge(f"{first}{row}:{last}{row}")
    for line in signature:
        row = ws.next_row
        ws.append([*lead, line], [0] * skip + [wb.style(_LINE)], height=LINE_HEIGHT)
        ws.merge(f"{first}{row}:{last}{row}")


def signature_lines(room: float) -> list[str]:
    """The signature line, or on as many lines as a table `room` characters wide needs to show
    every part whole (a narrow sheet such as 去向 cut it at 填报人 and 审核人)."""
    if not room or _lines(SIGNATURE, room) == 1:
        return [SIGNATURE]
    lines = [SIGNATURE_PARTS[0]]
    for part in SIGNATURE_PARTS[1:]:
        joined = lines[-1] + GAP + part
        if _lines(joined, room) == 1:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def _row_heights(cols: Sequence[Col]) -> Callable[[Sequence[Any]], float | None] | None:
    """A data row's height when a wrapped column's text takes more than one line (None for
    the default), or None for a sheet without wrapped columns."""
    wrapped = [(i, c.width) for i, c in enumerate(cols) if c.wrap]
    if not wrapped:
        return None

    def height(row: Sequence[Any]) -> float | None:
        lines = max(_lines(row[i] if isinstance(row[i], str) else None, w) for i, w in wrapped)
        return DATA_LINE * lines + 2 if lines > 1 else None
    return height


def _continued(name: str, part: int) -> str:
    suffix = f"({part})"
    return name[:31 - len(suffix)] + suffix


@dataclass
class _Head:
    rows: list[list[tuple[str | None, Style]]]
    merges: list[str]


def _header(cols: list[Col]) -> _Head:
    """The header rows (row 3, and row 4 when columns are grouped) and their merges."""
    n = len(cols)
    letter = [column_letter(i) for i in range(1, n + 1)]
    if not any(c.group for c in cols):
        return _Head([[(c.title, _HEAD) for c in cols]], [])
    top: list[tuple[str | None, Style]] = []
    bottom: list[tuple[str | None, Style]] = []
    merges = []
    i = 0
    while i < n:
        group = cols[i].group
        j = i
        while j + 1 < n and group and cols[j + 1].group == group:
            j += 1
        if group:
            top += [(group, _HEAD)] + [(None, _HEAD_BLANK)] * (j - i)
            bottom += [(c.title, _HEAD) for c in cols[i:j + 1]]
            if j > i:
                merges.append(f"{letter[i]}3:{letter[j]}3")
        else:
            top.append((cols[i].title, _HEAD))
            bottom.append((None, _HEAD_BLANK))
            merges.append(f"{letter[i]}3:{letter[i]}4")
        i = j + 1
    return _Head([top, bottom], merges)


def _write_head(wb: Workbook, ws: Sheet, spec: SheetSpec, n: int, cols: list[Col], head: _Head,
                *, unit: str, as_of: str) -> None:
    """The title and the 填报单位 line over the first `n` columns (those on the first printed
    page), then the header rows over all of them."""
    last = column_letter(n)
    ws.append([spec.title], [wb.style(_TITLE)], height=TITLE_HEIGHT)
    ws.merge(f"A1:{last}1")
    # 填报单位 on the left half, 单位 and 统计时点 on the right half, each merged over its columns
    half = max(1, n // 2)
    three = (half + 1 < n)
    line = [f"填报单位：{unit}"] + [None] * (half - 1)
    if three:
        quarter = half + max(1, (n - half) // 2)
        line += [f"单位：{spec.measure}"] + [None] * (quarter - half - 1) + [f"统计时点：{as_of}"]
    else:
        quarter = half
        line += [f"统计时点：{as_of}（单位：{spec.measure}）"]
    ws.append(line, [wb.style(_LINE)] * len(line), height=LINE_HEIGHT)
    ws.merge(f"A2:{column_letter(half)}2")
    if three:
        ws.merge(f"{column_letter(half + 1)}2:{column_letter(quarter)}2")
        ws.merge(f"{column_letter(quarter + 1)}2:{last}2")
    elif half < n:
        ws.merge(f"{column_letter(half + 1)}2:{last}2")
    for row, height in zip(head.rows, _head_heights(cols, head), strict=True):
        ws.append([v for v, _ in row], [wb.style(s) for _, s in row], height=height)
    for ref in head.merges:
        ws.merge(ref)


def _lines(text: str | None, width: float) -> int:
    """Lines a wrapped label takes in a column `width` characters wide."""
    if not text:
        return 1
    room = max(1.0, width - 1)
    return max(1, -(-display_width(text) // int(room)))


def _head_heights(cols: list[Col], head: _Head) -> list[float]:
    """Points for each header row, so that every wrapped label shows whole. With two rows, a
    label merged down over both may use both; a group label spans its columns."""
    widths = [c.width for c in cols]
    if len(head.rows) == 1:
        return [HEAD_LINE * max(_lines(c.title, c.width) for c in cols) + 4]
    top, bottom = head.rows
    need_bottom = max([_lines(v, widths[i]) for i, (v, _) in enumerate(bottom) if v] or [1])
    need_top = 1
    i = 0
    while i < len(top):
        label = top[i][0]
        j = i
        while j + 1 < len(top) and top[j + 1][0] is None and bottom[i][0] is not None:
            j += 1
        if label is not None and bottom[i][0] is not None:  # a group over columns i..j
            need_top = max(need_top, _lines(label, sum(widths[i:j + 1])))
        i = j + 1
    # a single column's label is merged down over both rows
    need_down = max([_lines(top[i][0], widths[i]) for i, (v, _) in enumerate(bottom)
                     if v is None] or [1])
    extra = max(0, need_down - need_top - need_bottom)
    return [HEAD_LINE * need_top + 4, HEAD_LINE * (need_bottom + extra) + 4]
