"""Reading a ledger file: which format it is, which sheet holds the table, where its header is.

Formats are told by their first bytes, not their name: a zip is an .xlsx (also a WPS .et or an
.xls that was saved as .xlsx and kept its old name); an OLE file is a binary .xls (or a WPS .et
in the .xls layout), read through xlrd (sync/xls_read.py; docs/decisions.md 39), or refused
with what to do (save it as .xlsx) when xlrd cannot read it; anything else is read as
CSV, in UTF-8 (with or without a BOM) or else GB18030 (a superset of GBK, which is what Excel
and WPS write on Chinese Windows).

Rows are streamed (sync/xlsx_read.py, csv line by line): a 50,000-person ledger is never held
as a workbook, and the rows are read twice at most (the preview, and the rejected rows).

The header is where the most cells name a question or a ledger key (forms/ledger_terms.py),
within the first `SCAN` rows, so title rows and 填报单位 lines above it are passed over. A
second header row below it (a grouped header: 成员信息 over 姓名, 证件号码 …; merged cells keep
their text in the first cell only) is taken when it names more; each column is then headed by
its lower cell, or its upper one where the lower is empty (a cell merged down two rows).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mopai.forms import ledger_terms

from .errors import InputError, Where

SCAN = 30           # rows searched for the header
MIN_NAMED = 2       # cells that must name something for a row to be a header
SNIFF = 1 << 16     # bytes read to tell UTF-8 from GB18030
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Header:
    sheet: str
    rows: tuple[int, ...]         # 1-based rows of the header (one or two)
    titles: tuple[str, ...]       # per column: its header text ("" when none)
    width: int

    @property
    def first_data_row(self) -> int:
        return self.rows[-1] + 1


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: how Excel names a column, for problems and the wizard."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def kind_of(path: Path) -> str:
    """"xlsx", "xls" (a binary .xls, or a WPS .et in its layout) or "csv"."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise InputError(f"无法打开台账文件：{path}（{exc.strerror}）",
                         f"cannot open the ledger {path}: {exc.strerror}") from None
    if head.startswith(ZIP):
        return "xlsx"
    if head.startswith(OLE):
        return "xls"
    return "csv"


def csv_encoding(path: Path) -> str:
    """utf-8-sig when the file starts with a BOM, utf-8 when its first `SNIFF` bytes decode
    as UTF-8, otherwise gb18030 (GBK's superset)."""
    with open(path, "rb") as f:
        data = f.read(SNIFF)
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=len(data) < SNIFF)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class LedgerFile:
    """An open ledger: its sheets, and each sheet's rows as tuples, streamed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = kind_of(path)
        self._book: Any = None
        self._handle: Any = None
        if self.kind == "xlsx":
            from .xlsx_read import XlsxBook, XlsxError

            self._handle = open(path, "rb")  # a file object: .et and .xls names are accepted
            try:
                self._book = XlsxBook(self._handle)
            except (XlsxError, OSError) as exc:
                self._handle.close()
                raise InputError(f"“{path.name}”不是可以读取的 Excel 工作簿（{exc}）",
                                 f"{path.name} is not a readable Excel workbook ({exc})",
                                 where=Where(file=str(path))) from None
            self.encoding = ""
        elif self.kind == "xls":
            from .xls_read import XlsBook
            from .xlsx_read import XlsxError

            try:
                self._book = XlsBook(path)
            except (XlsxError, OSError) as exc:
                raise InputError(
                    f"“{path.name}”是旧版 Excel（.xls）或 WPS（.et）文件，但无法读取（{exc}）：请用 "
                    "Excel 或 WPS 打开它，“另存为” Excel 工作簿（.xlsx），再导入另存的文件",
                    f"{path.name} is an old binary Excel (.xls) or WPS (.et) file that cannot "
                    f"be read ({exc}): open it in Excel or WPS, save it as an Excel workbook "
                    "(.xlsx) and import that file", where=Where(file=str(path))) from None
            self.encoding = ""
        else:
            self.encoding = csv_encoding(path)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
        if self._handle is not None:
            self._handle.close()

    def sheets(self) -> list[str]:
        if self._book is None:
            return [self.path.stem]
        return self._book.sheets()

    def rows(self, sheet: str, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, cell values) from row `start` on."""
        if self._book is None:
            with open(self.path, encoding=self.encoding, newline="") as f:
                try:
                    for number, row in enumerate(csv.reader(f), 1):
                        if number >= start:
                            yield number, tuple(row)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"“{self.path.name}”含有无法识别的文字（不是 UTF-8 也不是 GBK）",
                        f"{self.path.name} is neither UTF-8 nor GBK text ({exc.reason})",
                        where=Where(file=str(self.path))) from None
                except csv.Error as exc:
                    raise InputError(f"“{self.path.name}”不是有效的 CSV 文件（{exc}）",
                                     f"{self.path.name} is not valid CSV ({exc})",
                                     where=Where(file=str(self.path))) from None
            return
        from .xlsx_read import XlsxError

        try:
            yield from self._book.rows(sheet, start)
        except XlsxError as exc:
            raise InputError(f"“{self.path.name}”的工作表“{sheet}”无法读取（{exc}）",
                             f"sheet {sheet!r} of {self.path.name} cannot be read ({exc})",
                             where=Where(file=str(self.path))) from None

    def find_header(self, index: dict[str, str], sheet: str | None = None) -> Header:
        """The header of `sheet`, or of the first sheet that has one."""
        for name in [sheet] if sheet else self.sheets():
            found = self._header(name, index)
            if found is not None:
                return found
        raise InputError(
            f"“{self.path.name}”中找不到表头：前 {SCAN} 行里没有一行写着姓名、证件号码、户编号等列名",
            f"no header found in {self.path.name}: none of the first {SCAN} rows names columns "
            "such as 姓名, 证件号码 or 户编号", where=Where(file=str(self.path)))

    def _header(self, sheet: str, index: dict[str, str]) -> Header | None:
        top: list[tuple[int, tuple[str, ...]]] = []
        for number, row in self.rows(sheet):
            top.append((number, tuple(_text(v) for v in row)))
            if number >= SCAN + 1:
                break
        if not top:
            return None

        def named(cells: tuple[str, ...]) -> int:
            return sum(1 for c in cells if ledger_terms.match_header(index, c))

        scores = [named(cells) for _, cells in top[:SCAN]]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        if scores[best] < MIN_NAMED:
            return None
        rows: tuple[int, ...] = (top[best][0],)
        titles = list(top[best][1])
        score = scores[best]
        # a grouped header: the row below (sub-titles) or above (titles merged down) joins it
        for up, lo in ((best, best + 1), (best - 1, best)):
            if up < 0 or lo >= len(top) or _looks_like_data(top[lo][1]):
                continue
            joined = [low or upper for upper, low in _pad(top[up][1], top[lo][1])]
            if named(tuple(joined)) > score:
                rows, titles, score = (top[up][0], top[lo][0]), joined, named(tuple(joined))
        width = max((i + 1 for i, t in enumerate(titles) if t), default=0)
        return Header(sheet, rows, tuple(titles[:width]), width)


def _pad(a: tuple[str, ...], b: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    n = max(len(a), len(b))
    return zip(list(a) + [""] * (n - len(a)), list(b) + [""] * (n - len(b)), strict=True)


def _looks_like_data(cells: tuple[str, ...]) -> bool:
    """A row with an ID number or a long number in it is a person, not a header."""
    return any(len(c) >= 11 and c[:-1].isdigit() for c in cells)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def text_of(value: Any) -> str:
    """A cell as text: numbers Excel stored as floats lose their ``.0`` (户编号 1 -> "1")."""
    return _text(value)


@contextmanager
def opened(path: Path) -> Iterator[LedgerFile]:
    f = LedgerFile(path)
    try:
        yield f
    finally:
        f.close()


def csv_bytes(rows: list[list[Any]], encoding: str = "gbk") -> bytes:
    """Rows as CSV in `encoding` (tests and the bench write GBK ledgers with it)."""
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)
