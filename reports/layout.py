"""The government table layout every Mopai workbook uses, written as a stream.

A sheet is: a title row (merged across the table), a line with 填报单位 and 统计时点, a
header of one or two rows (a group label merged over its columns, single columns merged
down), then the data rows; frozen below the header and right of the key columns; column
widths, number and percentage formats; A4 landscape, fit to one page wide, header rows
repeated on every printed page. Rows are written with openpyxl's write-only mode, so a roster
of 600,000 people never sits in memory (DESIGN.md: big rosters must stream).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

INTEGER = "#,##0"
PERCENT = "0.00%"
TEXT = "@"
MONEY = "#,##0"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEAD_FONT = Font(name="宋体", size=10, bold=True)
_BODY_FONT = Font(name="宋体", size=10)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


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


def _cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font = _BODY_FONT, fmt: str | None = None,
          head: bool = False) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    c.font = font
    c.border = _BORDER
    if head:
        c.fill = _HEAD_FILL
        c.alignment = _CENTER
    if fmt and not isinstance(value, str):
        c.number_format = fmt
    return c


def write_sheet(wb: Workbook, spec: SheetSpec, rows: Iterable[Sequence[Any]], *, unit: str,
                as_of: str) -> int:
    """Write one sheet; returns the number of data rows. `wb` must be write-only."""
    ws = wb.create_sheet(spec.name[:31])
    cols = list(spec.columns)
    n = len(cols)
    last = get_column_letter(n)
    grouped = any(c.group for c in cols)
    head_rows = 2 if grouped else 1
    first_data = 3 + head_rows

    for i, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = f"{get_column_letter(spec.freeze_cols + 1)}{first_data}"
    ws.print_title_rows = f"3:{2 + head_rows}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    title = WriteOnlyCell(ws, value=spec.title)
    title.font = _TITLE_FONT
    title.alignment = _CENTER
    ws.append([title])
    ws.merged_cells.add(f"A1:{last}1")
    half = max(1, n // 2)
    ws.append([f"填报单位：{unit}"] + [None] * (half - 1) + [f"统计时点：{as_of}"])
    ws.merged_cells.add(f"A2:{get_column_letter(half)}2")
    if half < n:
        ws.merged_cells.add(f"{get_column_letter(half + 1)}2:{last}2")

    if grouped:
        top, bottom = [], []
        i = 0
        while i < n:
            group = cols[i].group
            j = i
            while j + 1 < n and group and cols[j + 1].group == group:
                j += 1
            if group:
                top += [_cell(ws, group, font=_HEAD_FONT, head=True)] + [
                    _cell(ws, None, head=True) for _ in range(j - i)]
                bottom += [_cell(ws, c.title, font=_HEAD_FONT, head=True) for c in cols[i:j + 1]]
                if j > i:
                    ws.merged_cells.add(f"{get_column_letter(i + 1)}3:{get_column_letter(j + 1)}3")
            else:
                top.append(_cell(ws, cols[i].title, font=_HEAD_FONT, head=True))
                bottom.append(_cell(ws, None, head=True))
                ws.merged_cells.add(f"{get_column_letter(i + 1)}3:{get_column_letter(i + 1)}4")
            i = j + 1
        ws.append(top)
        ws.append(bottom)
    else:
        ws.append([_cell(ws, c.title, font=_HEAD_FONT, head=True) for c in cols])

    # Body cells are plain values (fast: ~3x fewer objects) except numbers that need a
    # format; grid lines are printed instead of per-cell borders.
    formats = [c.fmt for c in cols]
    count = 0
    for row in rows:
        ws.append([_number(ws, v, f) if f and isinstance(v, int | float) else v
                   for v, f in zip(row, formats, strict=True)])
        count += 1
    return count


def _number(ws: WriteOnlyWorksheet, value: float, fmt: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    c.number_format = fmt
    return c


def new_workbook() -> Workbook:
    return Workbook(write_only=True)
