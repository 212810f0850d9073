"""The ledger import's streaming .xlsx reader (sync/xlsx_read.py) gives the values openpyxl's
read-only mode gives — strings shared and inline, numbers, dates under date formats, booleans,
blank rows kept as rows, merged cells in their first cell — for workbooks written by openpyxl
and by our own writer (what `mopai ledger` writes), and refuses what is not a workbook."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mopai.sync.xlsx_read import XlsxBook, XlsxError, column_index, is_date_format


def _openpyxl_rows(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(v for v in row) for row in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _ours(path: Path, sheet: str) -> list[tuple[int, tuple]]:
    with open(path, "rb") as f:
        book = XlsxBook(f)
        try:
            return list(book.rows(sheet))
        finally:
            book.close()


def _same(ours: list[tuple[int, tuple]], theirs: list[tuple]) -> None:
    assert [n for n, _ in ours] == list(range(1, len(theirs) + 1))
    for (_, row), expected in zip(ours, theirs, strict=True):
        padded = tuple(row) + (None,) * (len(expected) - len(row))
        assert padded == expected


def test_values_as_openpyxl_reads_them(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "摸底"
    ws.append(["某村2020年摸底台账"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["户号", "姓名", "出生日期", "月收入", "是否在校", "备注"])
    ws.append([7, "张大山", dt.datetime(1970, 3, 4), 3500.5, False, "=\"a\"&\"b\""])
    ws.append(["0008", "李小花", dt.date(1972, 5, 6), 0, True, None])
    ws["C5"].number_format = "yyyy\"年\"m\"月\"d\"日\""
    ws["D4"].number_format = "0.00E+00"  # not a date, though it has an E
    ws.cell(8, 2, "隔两行")
    other = wb.create_sheet("说明")
    other.append(["只有一格"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    with open(path, "rb") as f:
        book = XlsxBook(f)
        assert book.sheets() == ["摸底", "说明"]
        book.close()
    ours = _ours(path, "摸底")
    _same(ours, _openpyxl_rows(path, "摸底"))
    assert ours[3][1][2] == dt.datetime(1970, 3, 4) and ours[4][1][2] == dt.datetime(1972, 5, 6)
    assert ours[3][1][3] == 3500.5 and ours[4][1][0] == "0008"
    assert ours[5] == (6, ()) and ours[7][1][1] == "隔两行"
    _same(_ours(path, "说明"), _openpyxl_rows(path, "说明"))


def test_our_own_writer_read_back(tmp_path: Path) -> None:
    from mopai.reports.xlsx import Workbook

    path = tmp_path / "own.xlsx"
    with Workbook(path) as wb:
        wb.add_sheet("台账", ncols=4).extend(
            [["序号", "姓名", "证件号码", "月收入"], [1, "王二", "110105197003040011", 1200],
             [2, "赵五", None, 2.5]])
    _same(_ours(path, "台账"), _openpyxl_rows(path, "台账"))


def _zip(parts: dict[str, str]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    buf.seek(0)
    return buf


BOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def test_phonetic_runs_rich_text_and_cells_without_references() -> None:
    shared = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<si><r><t>张</t></r><r><t>大山</t></r><rPh sb="0" eb="1"><t>zhang</t></rPh></si>'
              '<si><t>户主</t></si></sst>')
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="b"><v>1</v></c>'
             '</row><row r="3"><c r="C3" t="inlineStr"><is><r><t>乡（镇）</t></r><r><t>外</t></r>'
             '</is></c><c t="e"><v>#N/A</v></c></row></sheetData></worksheet>')
    book = XlsxBook(_zip({"xl/workbook.xml": BOOK, "xl/_rels/workbook.xml.rels": RELS,
                          "xl/sharedStrings.xml": shared, "xl/worksheets/sheet1.xml": sheet}))
    assert list(book.rows("S")) == [(1, ("张大山", "户主", True)), (2, ()),
                                    (3, (None, None, "乡（镇）外", "#N/A"))]
    assert list(book.rows("S", start=3)) == [(3, (None, None, "乡（镇）外", "#N/A"))]


def test_not_a_workbook_and_entities_are_refused() -> None:
    with pytest.raises(XlsxError):
        XlsxBook(_zip({"hello.txt": "not a workbook"}))
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData>'
            '</worksheet>')
    book = XlsxBook(_zip({"xl/workbook.xml": BOOK, "xl/_rels/workbook.xml.rels": RELS,
                          "xl/worksheets/sheet1.xml": bomb}))
    with pytest.raises(XlsxError):
        list(book.rows("S"))


def test_helpers() -> None:
    assert [column_index(r) for r in ("A1", "Z9", "AA10", "BF4")] == [0, 25, 26, 57]
    assert is_date_format("yyyy-mm-dd") and is_date_format('yyyy"年"m"月"')
    assert not is_date_format("0.00E+00") and not is_date_format('#,##0"元"')
    assert not is_date_format("General") and not is_date_format("[Red]0.00")
