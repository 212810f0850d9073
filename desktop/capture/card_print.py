"""The household card (明白卡) drawn to PDF through Qt printing (issue 22, docs/desktop.md).

One page per household, A4 portrait by default or A5: a QTextDocument per card (HTML tables
lay out the members; the QR code is an image resource), drawn with a QPainter on a
QPdfWriter, scaled down when a large household would not fit the page. The card's facts come
from reports/card.py; its words are the printed form's, in Chinese like the workbooks.

Chinese text: QPdfWriter embeds the glyphs of the font that draws them. The families below
are tried in order (Windows ships Microsoft YaHei and SimSun; Linux the Noto CJK fonts), and
Qt's own fallback finds any other CJK font; the app ships no font of its own.

`mopai card` (cli/card.py) calls `write_cards` with a QGuiApplication it makes itself.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from mopai.reports.card import NEED, Card
from mopai.sync.atomic import write_atomic
from mopai.sync.errors import InputError

from ..transfer.slip import qr_image

SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}
FAMILIES = ["Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei"]
TITLE = "农村劳动力就业帮扶明白卡"
MEMBER_COLUMNS = ("姓名", "与户主关系", "年龄", "劳动力", "就业状态", "务工地域", "月收入",
                  "就业意愿", "培训意愿", "本年311服务")
SCREEN_DPI = 96.0   # the unit a QTextDocument without a paint device lays out in


def card_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    return font


def _e(text: object) -> str:
    return html.escape(str(text))


def card_html(card: Card) -> str:
    """The card's page as the HTML a QTextDocument reads (its QR code the image ``qr:card``)."""
    place = "　".join(x for x in (card.township_name, card.village_name) if x)
    place = f"{place}（{card.village_code}）" if place else card.village_code
    head = (f"<p><b>{_e(place)}</b></p>"
            f"<p>户编号：{_e(card.household_no)}　户主：{_e(card.head or '—')}</p>"
            f"<p>户类型：{_e(card.household_type)}</p>")
    top = ("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
           f"<td valign='top'><h2>{TITLE}</h2>{head}</td>"
           "<td width='130' align='right' valign='top'>"
           "<img src='qr:card' width='120' height='120'></td></tr></table>")
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (
            m.name, m.relation, m.age, m.labour, m.status, m.region, m.income, m.wants_job,
            m.wants_training, m.services)) + "</tr>"
        for m in card.members)
    members = ("<p><b>一、家庭成员就业情况</b></p>"
               "<table width='100%' border='1' cellspacing='0' cellpadding='3'><tr>"
               + "".join(f"<th>{c}</th>" for c in MEMBER_COLUMNS) + f"</tr>{rows}</table>")
    measures = "、".join(card.measures) or "—"
    clear = "　".join(f"{name}：{'是' if ok else '否'}" for name, ok in card.five_clear)
    need = (f"岗位推送{NEED['job_push']}次、职业指导{NEED['guidance']}次、"
            f"培训引导{NEED['training']}次")
    services = "".join(f"<li>{_e(line)}</li>" for line in card.services) or "<li>—</li>"
    helps = (f"<p><b>二、帮扶措施</b>：{_e(measures)}</p>"
             f"<p><b>三、五清</b>：{_e(clear)}</p>"
             f"<p><b>四、{card.year}年“311”就业服务</b>（每人每年：{need}）</p><ul>{services}</ul>")
    contact = (f"<p><b>五、联系人</b></p>"
               f"<p>帮扶责任人：{_e(card.helper_name or '—')}　电话：{_e(card.helper_phone or '—')}</p>"
               f"<p>村联系人：{_e(card.contact_name or '—')}　电话：{_e(card.contact_phone or '—')}</p>")
    sign = ("<p><br>以上信息经本户核对无误。</p>"
            "<p><br>户主签字确认：________________　　　日期：______年____月____日</p>"
            f"<p style='font-size:7pt; color:#555'><br>打印日期 {card.day.isoformat()}　"
            f"卡号 {_e(card.reference)}</p>")
    return f"<html><body>{top}{members}{helps}{contact}{sign}</body></html>"


POINTS = {"A4": 9.5, "A5": 8.5}   # A5's narrower columns wrap less a point smaller


def _document(card: Card, width: float, size: str = "A4") -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(card_font(POINTS[size]))
    doc.setDocumentMargin(0)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("qr:card"),
                    qr_image(card.reference, 8))
    doc.setHtml(card_html(card))
    doc.setTextWidth(width)
    return doc


def render(cards: Sequence[Card], out: Path, *, size: str = "A4",
           progress: Callable[[int, int], None] | None = None) -> Path:
    """Write `cards` to the PDF `out`, one page each (`size` A4 or A5, portrait)."""
    if size not in SIZES:
        raise ValueError(f"size must be A4 or A5, not {size!r}")
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(SIZES[size]))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(TITLE)
    writer.setCreator("Mopai")
    painter = QPainter(writer)
    if not painter.isActive():  # Qt only warns: the file could not be opened
        raise InputError(f"无法写入文件：{out}", f"cannot write the file {out}", where=str(out))
    try:
        scale = writer.resolution() / SCREEN_DPI
        width, height = writer.width() / scale, writer.height() / scale
        for i, card in enumerate(cards):
            if i:
                writer.newPage()
            doc = _document(card, width, size)
            fit = min(1.0, height / max(doc.size().height(), 1.0))
            if fit < 1.0:  # a large household: lay out wider, draw smaller, one page still
                doc.setTextWidth(width / fit)
                fit = min(fit, height / max(doc.size().height(), 1.0))
            painter.save()
            painter.scale(scale * fit, scale * fit)
            doc.drawContents(painter)
            painter.restore()
            if progress:
                progress(i + 1, len(cards))
    finally:
        painter.end()
    return out


def write_cards(cards: Sequence[Card], out: Path, *, size: str = "A4",
                progress: Callable[[int, int], None] | None = None) -> Path:
    """`render` into a temporary sibling, then into place: a failed run leaves no file (or
    the previous one) at `out`."""
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(f"无法写入文件：{out}（文件夹不存在）", f"cannot write the file {out}: "
                         "no such folder", where=str(out))
    tmp = out.with_name(f".{out.name}.part")
    try:
        render(cards, tmp, size=size, progress=progress)
        write_atomic(out, tmp.read_bytes())
    except InputError:
        raise InputError(f"无法写入文件：{out}", f"cannot write the file {out}",
                         where=str(out)) from None
    finally:
        if tmp.is_file():
            tmp.unlink()
    return out


@contextmanager
def offscreen_gui() -> Iterator[None]:
    """A QGuiApplication for `mopai card` (fonts and QPdfWriter need one), unless one runs.
    Windows and macOS use their own platform (their font databases; no window is shown); a
    Linux without a display the offscreen one."""
    if QCoreApplication.instance() is not None:
        yield
        return
    argv = ["mopai"]
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))):
        argv += ["-platform", "offscreen"]
    app = QGuiApplication(argv)
    try:
        yield
    finally:
        app.shutdown()
