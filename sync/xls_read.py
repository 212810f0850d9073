"""Reading a binary .xls ledger (Excel 97–2003, BIFF8) through xlrd (sync/ledger_read.py).

Villages and townships still keep ledgers from the 2020 摸底 in .xls: the issue asks that they
import as they are (docs/decisions.md 39). xlrd reads only .xls since 2.0, is pure Python
(a wheel for every platform) and is kept; a .xls sheet has at most 65,536 rows and 256
columns, so the whole file parsed stays bounded — and the file itself is bounded before it
is read (`XLS_BYTES`). Values are those sync/xlsx_read.py gives for .xlsx: text, numbers as
int when whole (an ID number typed as a number loses its last digits in any .xls: it is
then invalid, and the preview says so), booleans, dates as datetime, errors as their text,
empty cells as None; each row without its trailing empty cells.

A WPS .et file has the same OLE envelope; xlrd reads those WPS writes in the .xls layout and
refuses others, which are then refused with what to do (save as .xlsx).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .xlsx_read import XlsxError

XLS_BYTES = 64 << 20   # a 65,536-row sheet of ledger text is ~20 MiB


class XlsBook:
    """The sheets of a .xls file and their rows, the same interface as xlsx_read.XlsxBook."""

    def __init__(self, path: Path) -> None:
        import xlrd  # only when a .xls is opened

        self._xlrd = xlrd
        size = Path(path).stat().st_size
        if size > XLS_BYTES:
            raise XlsxError(f"larger than {XLS_BYTES >> 20} MiB")
        try:
            self._book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
        except Exception as exc:  # noqa: BLE001 - a parser of hostile bytes: CompDocError,
            # XLRDError, struct.error, IndexError … all mean the same to the user
            raise XlsxError(str(exc)[:200] or type(exc).__name__) from None

    def sheets(self) -> list[str]:
        return list(self._book.sheet_names())

    def rows(self, sheet: str, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, values) of every row from `start` to the last one."""
        try:
            ws = self._book.sheet_by_name(sheet)
        except Exception as exc:  # noqa: BLE001 - the sheet is parsed here (on_demand)
            raise XlsxError(f"sheet {sheet!r}: {str(exc)[:200]}") from None
        for r in range(max(0, start - 1), ws.nrows):
            values = [self._value(ws.cell_type(r, c), ws.cell_value(r, c))
                      for c in range(ws.row_len(r))]
            while values and values[-1] is None:
                values.pop()
            yield r + 1, tuple(values)

    def _value(self, kind: int, value: Any) -> Any:
        xlrd = self._xlrd
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_TEXT:
            return value
        if kind == xlrd.XL_CELL_NUMBER:
            return int(value) if float(value).is_integer() else value
        if kind == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(value, self._book.datemode)
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return value
        if kind == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if kind == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(value, "#ERR")
        return value

    def close(self) -> None:
        self._book.release_resources()
