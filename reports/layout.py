"""The government table layout every Mopai workbook uses, written as a stream.

A sheet is: a title row (merged across the table), a line with 填报单位 and 统计时点, a
header of one or two rows (a group label merged over its columns, single columns merged
down), then the data rows; frozen below the header and right of the key columns; column
widths, number and percentage formats; A4 landscape, fit to one page wide, header rows
repeated on every printed page, grid lines printed. Rows go straight into the file through
our own writer (reports/xlsx.py), so a roster of 600,000 people never sits in memory
(DESIGN.md: big rosters must stream). A sheet that reaches Excel's 1,048,576 rows goes on
in "名册(2)" with the same title and header.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
_PAGE = PageSetup(footer="&C第 &P 页，共 &N 页")
_END = object()


@dataclass(frozen=True)
class Col:
    """One column: its header, optional group header above it, width and number format."""

    title: str
    width: float = 10
    fmt: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class SheetSpec:
    name: str           # the sheet tab (≤ 31 characters, Excel's limit)
    title: str          # the big title row
    columns: Sequence[Col]
    freeze_cols: int = 1  # key columns that stay visible when scrolling right


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
                as_of: str) -> int:
    """Write one sheet (and its continuations past Excel's row limit); returns the number
    of data rows."""
    cols = list(spec.columns)
    head = _header(cols)
    number_styles = [wb.style(Style(num_fmt=c.fmt)) if c.fmt else 0 for c in cols]
    pending: Iterator[Sequence[Any]] = iter(rows)
    count, part = 0, 1
    while True:
        name = spec.name[:31] if part == 1 else _continued(spec.name, part)
        ws = wb.add_sheet(name, widths=[c.width for c in cols],
                          freeze=(2 + len(head.rows), spec.freeze_cols),
                          print_rows=(3, 2 + len(head.rows)), page=_PAGE)
        _write_head(wb, ws, spec.title, cols, head, unit=unit, as_of=as_of)
        count += ws.extend(pending, number_styles=number_styles)
        if ws.room > 0:
            return count
        first = next(pending, _END)
        if first is _END:
            return count
        pending = chain([first], pending)
        part += 1


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


def _write_head(wb: Workbook, ws: Sheet, title: str, cols: list[Col], head: _Head, *,
                unit: str, as_of: str) -> None:
    n = len(cols)
    last = column_letter(n)
    ws.append([title], [wb.style(_TITLE)])
    ws.merge(f"A1:{last}1")
    half = max(1, n // 2)
    ws.append([f"填报单位：{unit}"] + [None] * (half - 1) + [f"统计时点：{as_of}"])
    ws.merge(f"A2:{column_letter(half)}2")
    if half < n:
        ws.merge(f"{column_letter(half + 1)}2:{last}2")
    for row in head.rows:
        ws.append([v for v, _ in row], [wb.style(s) for _, s in row])
    for ref in head.merges:
        ws.merge(ref)
