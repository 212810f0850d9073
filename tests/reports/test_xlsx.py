"""Our xlsx writer, read back with openpyxl and checked part by part against ECMA-376."""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mopai.reports import layout, xlsx
from mopai.reports.errors import ReportNotWritten
from mopai.reports.layout import (
    INTEGER,
    PERCENT,
    Col,
    SheetSpec,
    new_workbook,
    open_workbook,
    print_layout,
    write_sheet,
)
from mopai.reports.summary import save_atomic
from tests.helpers import table_rows, zip64_records

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
GROUPED = SheetSpec("汇总", "农村劳动力就业情况汇总表", [
    Col("乡镇代码", 12), Col("乡镇", 12), Col("劳动力", 8, INTEGER, "全部劳动力"),
    Col("已就业", 8, INTEGER, "全部劳动力"), Col("就业率", 9, PERCENT, "全部劳动力"),
    Col("备注", 20)], 2)
FLAT = SheetSpec("名册", "人员名册", [Col("序号", 6, INTEGER), Col("姓名", 10),
                                      Col("证件号码", 21)])
ROWS = [["431222100", "铜湾镇", 1200, 1000, 1000 / 1200, None],
        ["431222101", "新建镇", 800, 600, 0.75, " 有空格 "],
        ["合计", None, 2000, 1600, 0.8, "a&b<c>d"]]

# ECMA-376 Part 1, CT_Worksheet / CT_Workbook / CT_Stylesheet: the sequence of children.
WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst"]
WORKBOOK_ORDER = [
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
    "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst"]
STYLES_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
                "dxfs", "tableStyles", "colors", "extLst"]


def excel_text(value: str | None) -> str | None:
    """What Excel shows for a stored string: it reads _xHHHH_ as the character HHHH
    (openpyxl does not, so the tests apply it)."""
    if value is None:
        return None
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), value)


def written(path: Path, *specs: tuple[SheetSpec, list[list[Any]]], **kw: Any) -> Path:
    with open_workbook(path, **kw) as wb:
        for spec, rows in specs:
            write_sheet(wb, spec, rows, unit="测试县人社局", as_of="2026-11-21")
    return path


def test_layout_reads_back(tmp_path: Path) -> None:
    out = written(tmp_path / "r.xlsx", (GROUPED, ROWS), (FLAT, [[1, "张三", "431222199001011234"]]))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "名册"]
    ws = wb["汇总"]
    assert ws["A1"].value == "农村劳动力就业情况汇总表"
    assert (ws["A1"].font.name, ws["A1"].font.sz, ws["A1"].font.b) == ("宋体", 16, True)
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A2"].value == "填报单位：测试县人社局" and ws["D2"].value == "单位：人"
    assert ws["E2"].value == "统计时点：2026-11-21"
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "A1:F1", "A2:C2", "E2:F2", "A3:A4", "B3:B4", "C3:E3", "F3:F4", "A9:F9", "A10:F10"}
    assert [c.value for c in ws[3]] == ["乡镇代码", "乡镇", "全部劳动力", None, None, "备注"]
    assert [c.value for c in ws[4]] == [None, None, "劳动力", "已就业", "就业率", None]
    head = ws["C3"]
    assert head.font.b and head.font.name == "宋体" and head.font.sz == 10
    assert head.fill.fgColor.rgb == "FFDDEBF7" and head.fill.fill_type == "solid"
    assert head.border.left.style == "thin" and head.border.left.color.rgb == "FF808080"
    # The blank cells under a merge carry the fill too (openpyxl drops it when reading).
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        xfs = ET.fromstring(z.read("xl/styles.xml")).find(f"{M}cellXfs")
    blank = {re.search(f'<c r="{ref}" s="(\\d+)"/>', sheet)[1] for ref in ("D3", "E3", "A4", "F4")}
    assert len(blank) == 1 and xfs[int(blank.pop())].get("fillId") == "2"
    assert [list(r) for r in table_rows(ws, 5)] == ROWS
    assert isinstance(ws["C5"].value, int) and isinstance(ws["E5"].value, float)
    assert ws["C5"].number_format == INTEGER and ws["E5"].number_format == PERCENT
    assert ws["A5"].number_format == "General" and ws["A5"].data_type == "s"
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$3:$4"
    assert [ws.column_dimensions[c].width for c in "ABCDEF"] == [12, 12, 8, 8, 9, 20]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # the grid is cell borders on the table, not printed grid lines (which box the titles)
    assert not ws.print_options.gridLines and ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    flat = wb["名册"]
    assert flat.freeze_panes == "B4" and flat.print_title_rows == "$3:$3"
    assert {str(r) for r in flat.merged_cells.ranges} == {"A1:C1", "A6:C6", "A7:C7", "A8:C8"}  # no "A2:A2"
    assert [c.value for c in flat[2]] == ["填报单位：测试县人社局", "单位：人", "统计时点：2026-11-21"]
    assert [c.value for c in flat[4]] == [1, "张三", "431222199001011234"]
    assert flat["C4"].data_type == "s"  # an ID number stays text


def test_every_part_parses_in_schema_order(tmp_path: Path) -> None:
    out = written(tmp_path / "r.xlsx", (GROUPED, ROWS), (FLAT, []))
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        names = z.namelist()
        parts = {n: ET.fromstring(z.read(n)) for n in names}
    types = parts["[Content_Types].xml"]
    overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
    assert overrides == {"/" + n for n in names if n.endswith(".xml") and n != "[Content_Types].xml"}
    for rels in (n for n in names if n.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(rels))  # the folder of the source part
        for rel in parts[rels]:
            assert posixpath.normpath(posixpath.join(base, rel.get("Target"))) in names, rel

    def in_order(root: ET.Element, order: list[str]) -> list[str]:
        tags = [e.tag.removeprefix(M) for e in root]
        assert all(t in order for t in tags), tags
        assert [order.index(t) for t in tags] == sorted(order.index(t) for t in tags), tags
        return tags

    for n in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert in_order(parts[n], WORKSHEET_ORDER) == [
            "sheetPr", "sheetViews", "sheetFormatPr", "cols", "sheetData", "mergeCells",
            "printOptions", "pageMargins", "pageSetup", "headerFooter"]
        merges = parts[n].find(f"{M}mergeCells")
        assert int(merges.get("count")) == len(merges)
    workbook = parts["xl/workbook.xml"]
    in_order(workbook, WORKBOOK_ORDER)
    titles = workbook.findall(f"{M}definedNames/{M}definedName")
    # the print area starts at the table's header (the title and 填报单位 print as the page
    # header) and ends with the signature line
    assert [(d.get("name"), d.get("localSheetId"), d.text) for d in titles] == [
        ("_xlnm.Print_Area", "0", "'汇总'!$A$3:$F$10"), ("_xlnm.Print_Area", "1", "'名册'!$A$3:$C$7"),
        ("_xlnm.Print_Titles", "0", "'汇总'!$3:$4"), ("_xlnm.Print_Titles", "1", "'名册'!$3:$3")]
    styles = parts["xl/styles.xml"]
    in_order(styles, STYLES_ORDER)
    for block in styles:
        if block.get("count") is not None:
            assert int(block.get("count")) == len(block), block.tag
    fills = [f[0].get("patternType") for f in styles.find(f"{M}fills")]
    assert fills[:2] == ["none", "gray125"]
    assert all(int(f.get("numFmtId")) >= 164 for f in styles.find(f"{M}numFmts"))


def test_cells_of_every_type(tmp_path: Path) -> None:
    nasty = "A\x00B\x01\x08\x0b\x0c\x0e\x1f\ud800\ufffeC\tD\nE\rF"
    rows = [[1, 2.5, True, "x"], [None, float("nan"), False, ""], [2**40, -0.0, None, nasty],
            ["_x0041_ stays", math.inf, 3, "y" * 40_000]]
    out = tmp_path / "t.xlsx"
    with open_workbook(out) as wb:
        ws = wb.add_sheet("t", widths=[10] * 4)
        assert ws.extend(iter(rows)) == 4
    got = [[c.value for c in r] for r in openpyxl.load_workbook(out)["t"].iter_rows()]
    assert got[0] == [1, 2.5, True, "x"]
    assert got[1] == [None, "#NUM!", False, None]
    assert got[2][:3] == [2**40, 0, None] and got[2][3] == "ABC\tD\nE\rF"
    assert excel_text(got[3][0]) == "_x0041_ stays" and got[3][1] == "#NUM!"
    assert len(got[3][3]) == xlsx.MAX_TEXT


def test_row_limit_continues_on_a_new_sheet(tmp_path: Path) -> None:
    rows = [[i, f"人{i}", str(10**17 + i)] for i in range(1, 16)]
    out = tmp_path / "r.xlsx"
    with open_workbook(out, max_rows=8) as wb:  # 3 head rows + 5 data rows a sheet
        assert write_sheet(wb, FLAT, iter(rows), unit="u", as_of="d") == 15
        write_sheet(wb, GROUPED, ROWS, unit="u", as_of="d")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["名册", "名册(2)", "名册(3)", "汇总"]
    parts = [[list(r) for r in wb[n].iter_rows(min_row=4, values_only=True)]
             for n in wb.sheetnames[:3]]
    assert sum(parts, []) == rows and [len(p) for p in parts] == [5, 5, 5]
    for name in wb.sheetnames[:3]:
        assert wb[name]["A1"].value == "人员名册" and wb[name]["A3"].value == "序号"
        assert wb[name].print_title_rows == "$3:$3"
    # Exactly full: no empty continuation sheet.
    with open_workbook(out, max_rows=8) as wb:
        write_sheet(wb, FLAT, rows[:5], unit="u", as_of="d")
    assert openpyxl.load_workbook(out).sheetnames == ["名册"]


def test_no_zip64_record_and_a_sheet_past_its_bytes_goes_on(tmp_path: Path) -> None:
    """WPS Office does not open a workbook with Zip64 records: none is written, and a sheet
    whose XML reaches `max_bytes` goes on in the next one, as past Excel's row limit, so no
    part ever needs one (the product's own workbooks are checked in test_summary)."""
    rows = [[i, f"人{i}", str(10**17 + i)] for i in range(1, 3001)]
    out = written(tmp_path / "big.xlsx", (FLAT, rows), (GROUPED, ROWS), max_bytes=60_000)
    assert zip64_records(out) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "名册" and wb.sheetnames[-1] == "汇总"
    parts = wb.sheetnames[:-1]
    assert len(parts) >= 3 and parts[1] == "名册(2)"
    back = [list(r) for n in parts for r in wb[n].iter_rows(min_row=4, values_only=True)]
    assert back == rows
    with zipfile.ZipFile(out) as z:
        sizes = [z.getinfo(f"xl/worksheets/sheet{i}.xml").file_size
                 for i in range(1, len(parts) + 1)]
    assert max(sizes) < 60_000 + 200_000  # the budget, and at most one flush of rows past it
    small = written(tmp_path / "small.xlsx", (GROUPED, ROWS))
    assert zip64_records(small) == [] and openpyxl.load_workbook(small).sheetnames == ["汇总"]


def test_a_failure_leaves_the_old_file(tmp_path: Path) -> None:
    out = written(tmp_path / "r.xlsx", (FLAT, [[1, "旧", "1"]]))
    before = out.read_bytes()

    def rows() -> Iterator[list[Any]]:
        for i in range(5000):
            yield [i, "张三", "431222199001011234"]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        written(out, (GROUPED, ROWS), (FLAT, rows()))
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
    with pytest.raises(ValueError, match="columns"):
        written(out, (FLAT, [[1, "short row"]]))
    assert out.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


def test_sheet_names_are_checked(tmp_path: Path) -> None:
    with xlsx.Workbook(tmp_path / "n.xlsx") as wb:
        wb.add_sheet("名册", widths=[1])
        for bad in ("", "a" * 32, "a/b", "a[1]", "'q'", "名册"):
            with pytest.raises(ValueError):
                wb.add_sheet(bad, widths=[1])
    with pytest.raises(ValueError, match="at least one sheet"):
        xlsx.Workbook(tmp_path / "empty.xlsx").close()


def test_the_spooled_workbook_still_saves(tmp_path: Path) -> None:
    wb = new_workbook()
    write_sheet(wb, FLAT, [[1, "张三", "431222199001011234"]], unit="u", as_of="d")
    save_atomic(wb, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["名册"]
    assert ws["B4"].value == "张三" and ws.freeze_panes == "B4"


texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
cells = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53),
                  st.floats(allow_nan=False, allow_infinity=False), texts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=12))
def test_any_values_round_trip(tmp_path: Path, rows: list[list[Any]]) -> None:
    """Text comes back as Excel reads it, minus the characters XML cannot hold; the fast
    path (one template per row shape) and the careful one must agree."""
    out = tmp_path / "h.xlsx"
    with open_workbook(out) as wb:
        ws = wb.add_sheet("h", widths=[10] * 3)
        ws.extend(rows)
    got = [list(r) for r in openpyxl.load_workbook(out)["h"].iter_rows(values_only=True)]
    got += [[None] * 3] * (len(rows) - len(got))
    for want_row, got_row in zip(rows, got, strict=True):
        for want, value in zip(want_row, got_row + [None] * (3 - len(got_row)), strict=True):
            if isinstance(want, str):
                want = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", want)
                assert excel_text(value) == (want or None)
            elif isinstance(want, float):
                assert value == pytest.approx(want, rel=1e-15, abs=0) or value == want
            elif want is None:
                assert value is None
            else:
                assert value == want and type(value) is type(want)


def test_plain_rows_take_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only rows with something to escape go cell by cell (speed: docs/decisions.md)."""
    careful: list[int] = []
    slow = xlsx.Sheet._slow_row
    monkeypatch.setattr(xlsx.Sheet, "_slow_row",
                        lambda self, r, *a: careful.append(r) or slow(self, r, *a))
    with open_workbook(tmp_path / "f.xlsx") as wb:
        write_sheet(wb, GROUPED, ROWS, unit="u", as_of="d")
    assert careful == [6, 7]  # " 有空格 " and "a&b<c>d"


def test_a_full_disk_is_reported_and_the_file_closed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = written(tmp_path / "r.xlsx", (FLAT, [[1, "旧", "1"]]))
    before = out.read_bytes()
    opened: list[Any] = []
    real_open = open

    class Full:
        def __init__(self, f: Any) -> None:
            self.f, self.left = f, 200_000

        def write(self, b: bytes) -> int:
            self.left -= len(b)
            if self.left < 0:
                raise OSError(28, "No space left on device")
            return self.f.write(b)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.f, name)

    def full_open(path: Any, mode: str = "r", *a: Any, **kw: Any) -> Any:
        f = real_open(path, mode, *a, **kw)
        if mode == "wb":
            opened.append(f)
            return Full(f)
        return f

    monkeypatch.setattr(xlsx, "open", full_open, raising=False)
    rows = ([i, f"张{i}", str(10**17 + i)] for i in range(200_000))
    with pytest.raises(ReportNotWritten, match="No space") as caught:  # said as ours (issue 13)
        written(out, (FLAT, rows))
    assert isinstance(caught.value.__cause__, OSError) and caught.value.where == str(out)
    assert opened and all(f.closed for f in opened)
    assert out.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


class _BrokenStr:
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_any_stored_value_is_written_as_text_never_raises(tmp_path: Path) -> None:
    """A draft once held a dict as 户编号 and every report failed ("cannot write a dict to
    cell D168"): whatever a record holds, the writer writes something and goes on."""
    import datetime as dt
    from decimal import Decimal

    loop: list[Any] = [1]
    loop.append(loop)
    deep: list[Any] = []
    for _ in range(500):
        deep = [deep]
    values = [{"户编号": "0012", "x": [1, 2]}, ["张三", 3], 10**30, -(2**60), 10**5000,
              float("nan"), -math.inf, Decimal("NaN"), Decimal("sNaN"), Decimal("1e999"),
              "a\x00b\x07c\x1f\ud800d", "长" * 40_000, b"\x00\xff", {1, 2}, loop, deep,
              _BrokenStr(), dt.time(8, 30), dt.datetime(2026, 1, 2, 3, 4), 2**53, True]
    out = tmp_path / "v.xlsx"
    with open_workbook(out) as wb:
        ws = wb.add_sheet("v", widths=[10] * 3)
        ws.append(values[:3])  # the cell-by-cell path
        assert ws.extend([[v, "固定", 1] for v in values]) == len(values)  # the row templates
        assert ws.extend([[1, "固定", v] for v in values]) == len(values)
    got = [list(r) for r in openpyxl.load_workbook(out)["v"].iter_rows(values_only=True)]
    first = [r[0] for r in got[1:len(values) + 1]]
    third = [r[2] for r in got[len(values) + 1:]]
    assert len(first) == len(third) == len(values)
    for column in (first, third):
        by = dict(zip(map(repr, range(len(values))), column, strict=True))
        assert "户编号" in by["0"] and "0012" in by["0"] and "张三" in by["1"]
        assert by["2"] == str(10**30) and by["3"] == str(-(2**60))  # digits kept, as text
        assert by["4"].endswith("-bit integer>")
        assert by["5"] == by["6"] == by["7"] == by["8"] == by["9"] == "#NUM!"
        assert by["10"] == "abcd"
        assert len(by["11"]) == xlsx.MAX_TEXT
        assert all(isinstance(by[str(i)], str) and by[str(i)] for i in range(12, 19))
        assert by["16"] == "<_BrokenStr>" and by["17"] == "08:30:00"
        assert by["19"] == 2**53 and by["20"] is True
    assert got[0][:3] == [first[0], first[1], first[2]]


def test_a_sheet_prints_as_a_table_an_official_signs(tmp_path: Path) -> None:
    """Issue 16: the title's row fits its 16 pt type, wrapped headers have the height they
    need, the grid boxes the table and not the title lines, a signature line closes the
    table, and the 单位 line says what the figures count."""
    wrapped = SheetSpec("五清", "五清进度", [
        Col("乡镇", 8), Col("家庭基本情况清、就业状况清、就业意愿清", 8, INTEGER, "五清"),
        Col("培训需求清", 8, INTEGER, "五清"), Col("备注", 6)], 1, measure="户、人")
    out = written(tmp_path / "w.xlsx", (wrapped, [["铜湾镇", 3, 4, None]]))
    ws = openpyxl.load_workbook(out)["五清"]
    assert ws.row_dimensions[1].height >= 24           # 16 pt title
    assert ws["B2"].value is None and ws["C2"].value == "单位：户、人"
    # the long label wraps to 38 display columns / 7 per line = 6 lines in its 8-wide column
    assert ws.row_dimensions[4].height >= 6 * 13.5
    assert ws.row_dimensions[3].height >= 13.5
    data = ws["D5"]                                     # an empty answer still has its box
    assert data.border.left.style == "thin" and ws["A5"].border.bottom.style == "thin"
    assert ws["A1"].border.left.style is None and ws["A2"].border.left.style is None
    assert not ws.print_options.gridLines
    assert ws["A7"].value.startswith("填报人：")  # and on the lines under it (narrow table)
    # every printed page carries the title and the 填报单位 line in its header
    assert ws.oddHeader.center.text.startswith("五清进度")
    assert "填报单位：测试县人社局　　单位：户、人　　统计时点：2026-11-21" in ws.oddHeader.center.text
    assert ws.print_area == "'五清'!$A$3:$D$10"
    signed = "".join(str(ws.cell(r, 1).value) for r in range(7, ws.max_row + 1))
    assert "负责人：" in signed and "填报日期：" in signed
    assert ws["A6"].value is None and "A7:D7" in {str(r) for r in ws.merged_cells.ranges}


def test_a_wide_sheet_prints_in_column_groups_with_its_key_columns(tmp_path: Path) -> None:
    """A ledger of 32 columns fitted to one A4 width printed at about 3.5 pt; now a sheet
    that would print below 80 % prints at 80 % in column groups (over, then down), its key
    columns repeated on every page; a narrow one is still fitted to one page wide."""
    wide = SheetSpec("台账", "台账", [Col(f"列{i}", 10) for i in range(32)], 3)
    out = written(tmp_path / "wide.xlsx", (wide, [[f"v{i}" for i in range(32)]]),
                  (FLAT, [[1, "张三", "431222199001011234"]]))
    wb = openpyxl.load_workbook(out)
    ws = wb["台账"]
    assert ws.page_setup.scale == 80 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_cols == "$A:$C" and ws.print_title_rows == "$3:$3"
    # the title and the 填报单位 line sit over the first printed page, not across all pages
    merged = {str(r) for r in ws.merged_cells.ranges}
    # (the signature line starts after the repeated key columns)
    assert "A1:P1" in merged and "D6:P6" in merged and ws["M2"].value.startswith("统计时点")
    narrow = wb["名册"]
    assert narrow.sheet_properties.pageSetUpPr.fitToPage and narrow.page_setup.fitToWidth == 1
    assert narrow.print_title_cols is None
    assert print_layout([10] * 12, 2)[1:] == (0, 12)
    assert print_layout([10] * 32, 2)[1:] == (2, 16)  # 16 columns of 75 px on 988 px at 80 %


def test_a_narrow_table_signs_on_more_lines_with_every_part_whole(tmp_path) -> None:
    """Issue 16: the signature line was merged over the table's width only, so a narrow sheet
    (去向, 4 columns) printed 填报人 and 审核人 and cut 负责人 and 填报日期."""
    narrow = SheetSpec("窄", "窄表", [Col("省", 8), Col("市", 10), Col("人数", 8, INTEGER)], 1)
    wide = SheetSpec("宽", "宽表", [Col(f"列{i}", 10, INTEGER) for i in range(12)], 1)
    out = written(tmp_path / "s.xlsx", (narrow, [["湖南", "长沙市", 3]]),
                  (wide, [list(range(12))]))
    wb = openpyxl.load_workbook(out)

    def signed(ws) -> list[str]:
        return [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)
                if str(ws.cell(r, 1).value or "").startswith(("填报人", "审核人", "负责人", "填报日期"))]
    lines = signed(wb["窄"])
    assert len(lines) > 1 and "".join(lines).replace("　", "") == "填报人：审核人：负责人：填报日期：年月日"
    # each line fits the table, unless it is one part alone (the date takes its width)
    assert all(layout.display_width(line) <= 8 + 10 + 8 or line in layout.SIGNATURE_PARTS
               for line in lines)
    assert signed(wb["宽"]) == [layout.SIGNATURE]


def test_a_table_in_column_groups_signs_after_its_repeated_key_columns(tmp_path) -> None:
    """Issue 16: a sheet printed in column groups repeats its key columns on every page; the
    notes and the signature line merged from column A showed their first characters, cut
    off, in those columns on every later page. They start after the key columns."""
    wide = SheetSpec("宽", "宽表", [Col("乡镇", 12), Col("行政村", 12),
                                    *(Col(f"列{i}", 12, INTEGER) for i in range(30))], 2)
    out = tmp_path / "g.xlsx"
    with open_workbook(out) as wb:
        write_sheet(wb, wide, [["铜湾镇", "长坪村", *range(30)]], unit="测试县人社局",
                    as_of="2026-11-21", notes=["本表只统计已完成的户"])
    ws = openpyxl.load_workbook(out)["宽"]
    assert ws.print_title_cols == "$A:$B"                    # printed in column groups
    rows = [r for r in range(6, ws.max_row + 1) if ws.cell(r, 3).value]
    assert [ws.cell(r, 3).value for r in rows][0] == "注：本表只统计已完成的户"
    assert str(ws.cell(rows[-1], 3).value).startswith(("填报", "负责", "审核"))
    assert all(ws.cell(r, c).value is None for r in rows for c in (1, 2))
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert all(any(m.startswith(f"C{r}:") for m in merged) for r in rows)
