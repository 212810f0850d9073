"""A streaming reader of .xlsx cell values, for ledger import (sync/ledger_read.py).

openpyxl's read-only mode builds a cell object per cell and parses each through its
descriptors: about 60 µs a cell, so a 50,000-person ledger of 58 columns took minutes to read
(issue 18 asks ≤ 60 s for the whole import). This reads only what an import needs — the sheet
names, and each sheet's rows as tuples of values — with the standard library's expat parser
fed the sheet's XML in chunks straight from the zip: nothing is held but the current rows.

Values are what openpyxl's ``values_only`` gives: shared and inline strings (phonetic runs
left out), numbers as int or float, booleans, error values as their text (#N/A), dates (a
number under a date format, or a ``t="d"`` cell) as datetime. Rows absent from the XML come
as empty tuples, so a blank line still separates what it separates. Merged cells hold their
value in the first cell only, as in Excel's own file. A DOCTYPE is refused (no entities).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any
from xml.parsers import expat

from .errors import MopaiError

CHUNK = 1 << 16
# Built-in number formats that are dates or times (ECMA-376 18.8.30, and the CJK ones).
DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_NOT_DATE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_CHARS = re.compile(r"[dmyhs]", re.IGNORECASE)
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


class XlsxError(MopaiError):
    """The file is a zip but not a workbook we can read (sync/ledger_read.py says so to the
    user with the file's name)."""

    code = "xlsx_unreadable"

    def __init__(self, detail: str) -> None:
        super().__init__(f"工作簿无法读取：{detail}", f"the workbook cannot be read: {detail}")


def _local(name: str) -> str:
    """The element's name without its prefix ("x:c" -> "c"): names are not resolved against
    their namespaces (a third of the reading time), parts are told by where they are."""
    return name.rsplit(":", 1)[-1]


def _parser() -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True

    def no_doctype(*_: Any) -> None:
        raise XlsxError("DOCTYPE in a workbook part")
    p.StartDoctypeDeclHandler = no_doctype
    return p


def _parse_all(data: bytes, start: Any, end: Any = None, text: Any = None) -> None:
    p = _parser()
    p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    if text is not None:
        p.CharacterDataHandler = text
    p.Parse(data, True)


def is_date_format(code: str) -> bool:
    """A custom number format shows a date or time (openpyxl's rule: what is left after
    quoted text, [colour] and escapes holds d, m, y, h or s)."""
    left = _NOT_DATE.sub("", code)
    return bool(_DATE_CHARS.search(left))


def column_index(ref: str) -> int:
    """0-based column of a cell reference: "A1" -> 0, "AB12" -> 27."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1


class XlsxBook:
    """An open .xlsx: `sheets()` and `rows(sheet)`; `close()` when done."""

    def __init__(self, file: IO[bytes]) -> None:
        try:
            self._zip = zipfile.ZipFile(file)
            self._sheets = self._read_workbook()
            self._dates = self._read_styles()
            self._shared: list[str] | None = None
        except (zipfile.BadZipFile, KeyError, expat.ExpatError, ValueError) as exc:
            raise XlsxError(str(exc)) from None

    def close(self) -> None:
        self._zip.close()

    def sheets(self) -> list[str]:
        return list(self._sheets)

    # -- the parts read once -----------------------------------------------------------------
    def _read_workbook(self) -> dict[str, str]:
        names = self._zip.namelist()
        book = next((n for n in ("xl/workbook.xml",) if n in names), None)
        if book is None:
            raise XlsxError("no xl/workbook.xml")
        sheets: list[tuple[str, str]] = []
        self._date1904 = False

        def on_book(name: str, attrs: dict[str, str]) -> None:
            tag = _local(name)
            if tag == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                sheets.append((attrs.get("name", ""), rid))
            elif tag == "workbookPr":
                self._date1904 = attrs.get("date1904", "0") in ("1", "true")
        _parse_all(self._zip.read(book), on_book)
        targets: dict[str, tuple[str, str]] = {}

        def on_rels(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship":
                targets[attrs.get("Id", "")] = (attrs.get("Target", ""), attrs.get("Type", ""))
        _parse_all(self._zip.read("xl/_rels/workbook.xml.rels"), on_rels)
        out: dict[str, str] = {}
        for title, rid in sheets:
            target, kind = targets.get(rid, ("", ""))
            if not kind.endswith("/worksheet"):
                continue  # a chart sheet, a dialog sheet: no rows
            path = target.lstrip("/") if target.startswith("/") else str(
                PurePosixPath("xl") / target)
            parts: list[str] = []
            for part in path.split("/"):
                if part == "..":
                    if parts:
                        parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            out[title] = "/".join(parts)
        return out

    def _read_styles(self) -> list[bool]:
        """For each cell format (the `s` of a cell), whether it shows a date."""
        if "xl/styles.xml" not in self._zip.namelist():
            return []
        custom: dict[int, str] = {}
        xfs: list[int] = []
        where: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _local(name)
            where.append(tag)
            if tag == "numFmt":
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif tag == "xf" and len(where) >= 2 and where[-2] == "cellXfs":
                xfs.append(int(attrs.get("numFmtId", "0")))

        def end(_name: str) -> None:
            where.pop()
        _parse_all(self._zip.read("xl/styles.xml"), start, end)
        return [i in DATE_FORMATS if i not in custom else is_date_format(custom[i]) for i in xfs]

    def _shared_strings(self) -> list[str]:
        if self._shared is not None:
            return self._shared
        out: list[str] = []
        if "xl/sharedStrings.xml" in self._zip.namelist():
            parts: list[str] = []
            depth = {"rPh": 0, "t": 0}

            def start(name: str, _attrs: dict[str, str]) -> None:
                tag = _local(name)
                if tag == "si":
                    parts.clear()
                elif tag in depth:
                    depth[tag] += 1

            def end(name: str) -> None:
                tag = _local(name)
                if tag == "si":
                    out.append("".join(parts))
                elif tag in depth:
                    depth[tag] -= 1

            def text(data: str) -> None:
                if depth["t"] and not depth["rPh"]:
                    parts.append(data)
            with self._zip.open("xl/sharedStrings.xml") as f:
                p = _parser()
                p.StartElementHandler, p.EndElementHandler = start, end
                p.CharacterDataHandler = text
                p.ParseFile(f)
        self._shared = out
        return out

    # -- rows --------------------------------------------------------------------------------
    def rows(self, sheet: str, start: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, values) of every row from `start` to the last one with a
        cell, rows missing from the file as empty tuples."""
        try:
            path = self._sheets[sheet]
        except KeyError:
            raise XlsxError(f"no sheet {sheet!r}") from None
        shared = self._shared_strings()
        dates, base = self._dates, _EPOCH_1904 if self._date1904 else _EPOCH
        done: list[tuple[int, list[Any]]] = []
        row: list[Any] = []
        state = {"row": 0, "col": -1, "type": "n", "style": 0, "in": 0, "rph": 0}
        text: list[str] = []

        local: dict[str, str] = {}

        def begin(name: str, attrs: dict[str, str]) -> None:
            tag = local.get(name) or local.setdefault(name, _local(name))
            if tag == "c":
                ref = attrs.get("r")
                state["col"] = column_index(ref) if ref else state["col"] + 1
                state["type"] = attrs.get("t", "n")
                state["style"] = int(attrs.get("s", "0"))
                text.clear()
            elif tag == "v" or tag == "t":
                state["in"] = 1 if tag == "v" or state["type"] == "inlineStr" else 0
            elif tag == "rPh":
                state["rph"] += 1
            elif tag == "row":
                r = attrs.get("r")
                state["row"] = int(r) if r else state["row"] + 1
                state["col"] = -1
                row.clear()

        def finish(name: str) -> None:
            tag = local.get(name) or local.setdefault(name, _local(name))
            if tag == "c":
                if text:
                    value = _value("".join(text), state["type"], state["style"], shared, dates,
                                   base)
                    col = state["col"]
                    if col >= len(row):
                        row.extend([None] * (col - len(row) + 1))
                    row[col] = value
            elif tag in ("v", "t"):
                state["in"] = 0
            elif tag == "rPh":
                state["rph"] -= 1
            elif tag == "row":
                done.append((state["row"], row[:]))

        def chars(data: str) -> None:
            if state["in"] == 1 and not state["rph"]:
                text.append(data)

        p = _parser()
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = begin, finish, chars
        last = 0
        try:
            with self._zip.open(path) as f:
                while True:
                    chunk = f.read(CHUNK)
                    p.Parse(chunk, not chunk)
                    for number, values in done:
                        if number <= last:
                            continue  # rows out of order: not from a spreadsheet program
                        for gap in range(max(last + 1, start), number):
                            yield gap, ()
                        last = number
                        if number >= start:
                            yield number, tuple(values)
                    done.clear()
                    if not chunk:
                        break
        except (zipfile.BadZipFile, KeyError, expat.ExpatError, ValueError, EOFError) as exc:
            raise XlsxError(str(exc)) from None


def _value(raw: str, kind: str, style: int, shared: list[str], dates: list[bool],
           base: dt.datetime) -> Any:
    if kind == "s":
        return shared[int(raw)]
    if kind in ("inlineStr", "str", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
    raw = raw.strip()
    if not raw:
        return None
    number: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
    if style < len(dates) and dates[style]:
        return base + dt.timedelta(days=float(number))
    return number
