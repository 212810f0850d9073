"""The parts of an .xlsx package other than its worksheets, written when the workbook closes:
`xl/workbook.xml` (the sheets, print areas and titles), the relationships, `xl/styles.xml`
(the cell formats), `docProps/app.xml` and `core.xml`, and `[Content_Types].xml`.

The worksheets themselves stream through `reports/xlsx.py`, which calls these with what it
kept of each sheet (`SheetEntry`) and of each style. Element order and parts follow ECMA-376
and mirror what xlsxwriter writes for the same features.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .xlsx import Style

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT = "application/vnd.openxmlformats-"


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def escape(text: str) -> str:
    """XML character data (also fit for attribute values in double quotes)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def quote_sheet_name(name: str) -> str:
    """For formulas and defined names; quoting is always allowed, so always quote."""
    return "'" + name.replace("'", "''") + "'"


@dataclass
class SheetEntry:
    """What the workbook part says of one sheet."""

    name: str
    print_rows: tuple[int, int] | None
    print_cols: int = 0  # the first columns repeated at the left of every printed page
    print_area: tuple[int, int, int] | None = None  # (first row, last row, columns) once done


def workbook_xml(sheets: Sequence[SheetEntry]) -> str:
    """`xl/workbook.xml`: the sheets, their print areas and print titles."""
    listed = "".join(f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, s in enumerate(sheets, start=1))

    def titles(s: SheetEntry) -> str:
        name = quote_sheet_name(s.name)
        cols = f"{name}!$A:${column_letter(s.print_cols)}," if s.print_cols else ""
        return escape(f"{cols}{name}!${s.print_rows[0]}:${s.print_rows[1]}")

    def area(s: SheetEntry) -> str:
        first, last, n = s.print_area
        return escape(f"{quote_sheet_name(s.name)}!$A${first}:${column_letter(n)}${last}")

    names = "".join(
        f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">{area(s)}</definedName>'
        for i, s in enumerate(sheets) if s.print_area) + "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{titles(s)}'
        "</definedName>" for i, s in enumerate(sheets) if s.print_rows)
    return (f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
            f'windowHeight="9660"/></bookViews><sheets>{listed}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def workbook_rels(n: int) -> str:
    """`xl/_rels/workbook.xml.rels`: `n` worksheets and the styles."""
    rels = [_rel(f"rId{i}", f"{REL}/worksheet", f"worksheets/sheet{i}.xml")
            for i in range(1, n + 1)]
    rels.append(_rel(f"rId{n + 1}", f"{REL}/styles", "styles.xml"))
    return f'{HEAD}<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>'


def styles_xml(styles: Iterable[Style], default_font: tuple[str, float]) -> str:
    """`xl/styles.xml`: one cell format per style, in the order of their indexes; fonts,
    fills, borders and number formats shared among them."""
    default_name, default_size = default_font
    fonts: dict[tuple[str, float, bool], int] = {(default_name, default_size, False): 0}
    fills: dict[str | None, int] = {None: 0}
    borders: dict[str | None, int] = {None: 0}
    formats: dict[str | None, int] = {None: 0}
    xfs = []
    for style in styles:  # insertion order = index order
        font = fonts.setdefault((style.font or default_name, style.size or default_size,
                                 style.bold), len(fonts))
        fill = fills.setdefault(style.fill, len(fills) + 1)  # 1 is gray125
        border = borders.setdefault(style.border, len(borders))
        fmt = formats.setdefault(style.num_fmt, 163 + len(formats))
        xf = (f'<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" '
              'xfId="0"' + (' applyNumberFormat="1"' if fmt else "")
              + (' applyFont="1"' if font else "") + (' applyFill="1"' if fill else "")
              + (' applyBorder="1"' if border else ""))
        if style.center:
            xf += (' applyAlignment="1"><alignment horizontal="center" vertical="center" '
                   'wrapText="1"/></xf>')
        elif style.wrap:
            xf += ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        else:
            xf += "/>"
        xfs.append(xf)
    out = [HEAD, f'<styleSheet xmlns="{MAIN}">']
    custom = [(i, code) for code, i in formats.items() if code is not None]
    if custom:
        out.append(f'<numFmts count="{len(custom)}">')
        out += [f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for i, code in custom]
        out.append("</numFmts>")
    out.append(f'<fonts count="{len(fonts)}">')
    out += [f'<font>{"<b/>" if bold else ""}<sz val="{size:g}"/><name val="{escape(name)}"/>'
            '<charset val="134"/></font>' for name, size, bold in fonts]
    out.append(f'</fonts><fills count="{len(fills) + 1}">'
               '<fill><patternFill patternType="none"/></fill>'
               '<fill><patternFill patternType="gray125"/></fill>')
    out += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
            '<bgColor indexed="64"/></patternFill></fill>' for rgb in fills if rgb]
    out.append(f'</fills><borders count="{len(borders)}">'
               "<border><left/><right/><top/><bottom/><diagonal/></border>")
    for rgb in borders:
        if rgb:
            side = f'style="thin"><color rgb="FF{rgb}"/>'
            out.append(f"<border><left {side}</left><right {side}</right><top {side}</top>"
                       f"<bottom {side}</bottom><diagonal/></border>")
    out.append('</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
               f'borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">')
    out += xfs
    out.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
               'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
               'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
               "</styleSheet>")
    return "".join(out)


def app_xml(sheets: Sequence[SheetEntry]) -> str:
    """`docProps/app.xml`: the sheets' and defined names' titles, as Excel lists them."""
    titles = [s.name for s in sheets] + [
        f"{quote_sheet_name(s.name)}!Print_Area" for s in sheets if s.print_area] + [
        f"{quote_sheet_name(s.name)}!Print_Titles" for s in sheets if s.print_rows]
    n_names = len(titles) - len(sheets)
    pairs = ("<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
             f"<vt:variant><vt:i4>{len(sheets)}</vt:i4></vt:variant>")
    if n_names:
        pairs += ("<vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant>"
                  f"<vt:variant><vt:i4>{n_names}</vt:i4></vt:variant>")
    return (f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop><HeadingPairs>"
            f'<vt:vector size="{4 if n_names else 2}" baseType="variant">{pairs}</vt:vector>'
            f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">'
            + "".join(f"<vt:lpstr>{escape(t)}</vt:lpstr>" for t in titles)
            + "</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            "<AppVersion>12.0000</AppVersion></Properties>")


def content_types(n: int) -> str:
    """`[Content_Types].xml` for `n` worksheets."""
    parts = [("/docProps/app.xml", f"{CT}officedocument.extended-properties+xml"),
             ("/docProps/core.xml", f"{CT}package.core-properties+xml"),
             ("/xl/styles.xml", f"{CT}officedocument.spreadsheetml.styles+xml"),
             ("/xl/workbook.xml", f"{CT}officedocument.spreadsheetml.sheet.main+xml")]
    parts += [(f"/xl/worksheets/sheet{i}.xml",
               f"{CT}officedocument.spreadsheetml.worksheet+xml")
              for i in range(1, n + 1)]
    return (f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" '
            f'ContentType="{CT}package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
            + "</Types>")

def _rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'


def root_rels() -> str:
    rels = (_rel("rId1", f"{REL}/officeDocument", "xl/workbook.xml")
            + _rel("rId2", f"{PKG_REL}/metadata/core-properties", "docProps/core.xml")
            + _rel("rId3", f"{REL}/extended-properties", "docProps/app.xml"))
    return f'{HEAD}<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'


def core_xml() -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f"{HEAD}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>Mopai</dc:creator><cp:lastModifiedBy>Mopai</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>")
