"""QR codes as Qt images and the handover slip printed to PDF (Qt printing, QPdfWriter).

The slip goes with the USB stick from the village to the township/county: village, time,
sequence number, record counts and the bundle's SHA-256 as text and as a QR code, so the
receiver can check by eye or by phone that the file is the one the village wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel


def fingerprint_row(owner: Any) -> tuple[QHBoxLayout, QLabel, QLabel]:
    """The county key fingerprint, large as text (to read out) beside its QR code (to scan):
    (row, text label, QR label); fill with `show_fingerprint`."""
    row = QHBoxLayout()
    text = QLabel(owner)
    text.setObjectName("countyFingerprint")
    text.setStyleSheet("font-family: monospace; font-size: 14pt;")
    text.setWordWrap(True)
    qr = QLabel(owner)
    qr.setObjectName("fingerprintQr")
    row.addWidget(text, 1)
    row.addWidget(qr)
    return row, text, qr


def show_fingerprint(text: QLabel, qr: QLabel, fingerprint: str) -> None:
    text.setText(fingerprint)
    qr.setPixmap(QPixmap.fromImage(qr_image(fingerprint, 4)))


def qr_image(text: str, scale: int = 6) -> QImage:
    """A black-on-white QR code of ``text`` (``qrcode`` computes the modules)."""
    import qrcode  # start-up: only when a slip is drawn

    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    image = QImage(size * scale, size * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, QColor("black"))
    painter.end()
    return image


def slip_lines(result: Any, village_name: str = "") -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("HandoverSlip", "Village"), f"{village_name} ({result.code})" if village_name else result.code),
        (QCoreApplication.translate("HandoverSlip", "Written at"), result.created_at[:19].replace("T", " ")),
        (QCoreApplication.translate("HandoverSlip", "Sequence number"), str(result.seq)),
        (QCoreApplication.translate("HandoverSlip", "Revisions"), str(result.revisions)),
        (QCoreApplication.translate("HandoverSlip", "Households recorded"), str(result.records)),
        (QCoreApplication.translate("HandoverSlip", "Deletions"), str(result.deletes)),
        (QCoreApplication.translate("HandoverSlip", "File"), Path(result.path).name),
    ]


def print_slip(result: Any, out: Path, village_name: str = "") -> Path:
    """Write the handover slip of an export (``sync.export.ExportResult``) as a PDF."""
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(QCoreApplication.translate("HandoverSlip", "Mopai handover slip"))
    painter = QPainter(writer)
    try:
        width = writer.width()
        title = QFont()
        title.setPointSize(16)
        title.setBold(True)
        body = QFont()
        body.setPointSize(11)
        small = QFont("monospace")
        small.setPointSize(9)
        y = 0.0
        painter.setFont(title)
        painter.drawText(QRectF(0, y, width, 120), Qt.AlignmentFlag.AlignLeft,
                         QCoreApplication.translate("HandoverSlip", "Mopai handover slip"))
        y += 140
        painter.setFont(body)
        line = painter.fontMetrics().height() * 1.4
        for label, value in slip_lines(result, village_name):
            painter.drawText(QRectF(0, y, width * 0.35, line), Qt.AlignmentFlag.AlignLeft, label)
            painter.drawText(QRectF(width * 0.35, y, width * 0.65, line),
                             Qt.AlignmentFlag.AlignLeft, value)
            y += line
        y += line * 0.5
        painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         QCoreApplication.translate("HandoverSlip", "SHA-256 of the bundle file:"))
        y += line
        painter.setFont(small)
        digest = result.sha256
        for part in (digest[:32], digest[32:]):
            spaced = " ".join(part[i:i + 4] for i in range(0, len(part), 4))
            painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft, spaced)
            y += line
        y += line * 0.5
        side = min(width * 0.45, 700)
        painter.drawImage(QRectF(0, y, side, side), qr_image(digest))
        y += side + line * 0.5
        painter.setFont(body)
        painter.drawText(QRectF(0, y, width, line * 3),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         QCoreApplication.translate("HandoverSlip", "Handed over by: ____________    Received by: ____________"))
    finally:
        painter.end()
    return out


def print_returns_slip(results: list[Any], out: Path, names: dict[str, str] | None = None,
                       county_name: str = "") -> Path:
    """The handover slip of a 回传 run: one block per bundle written (village by name and
    code, file, sequence number, counts and the file's SHA-256), as many A4 pages as needed.
    The receiving village checks the SHA-256 of its own file against its block."""
    names = names or {}
    title_text = QCoreApplication.translate("HandoverSlip", "Mopai return bundles handover slip")
    file_label = QCoreApplication.translate("HandoverSlip", "File")
    seq_label = QCoreApplication.translate("HandoverSlip", "Sequence number")
    when_label = QCoreApplication.translate("HandoverSlip", "Written at")
    revisions_label = QCoreApplication.translate("HandoverSlip", "Revisions")
    households_label = QCoreApplication.translate("HandoverSlip", "Households recorded")
    decisions_label = QCoreApplication.translate("HandoverSlip", "Review decisions")
    carried_label = QCoreApplication.translate("HandoverSlip", "County's bundle, carried")
    signatures = QCoreApplication.translate(
        "HandoverSlip", "Handed over by: ____________    Received by: ____________")
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title_text)
    painter = QPainter(writer)
    try:
        width, height = writer.width(), writer.height()
        title, body, small = QFont(), QFont(), QFont("monospace")
        title.setPointSize(15)
        title.setBold(True)
        body.setPointSize(10)
        small.setPointSize(8)
        painter.setFont(title)
        heading = title_text
        if county_name:
            heading = f"{county_name} — {heading}"
        painter.drawText(QRectF(0, 0, width, 120), Qt.AlignmentFlag.AlignLeft, heading)
        y = 150.0
        painter.setFont(body)
        line = painter.fontMetrics().height() * 1.3
        block = line * 4.5
        for r in results:
            carried = getattr(r, "carried", ())
            if y + block + line * 2 * len(carried) > height:
                writer.newPage()
                y = 0.0
            name = names.get(r.code, "")
            place = f"{name}（{r.code}）" if name else r.code
            painter.setFont(body)
            painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft,
                             f"{place}    {file_label}: {Path(r.path).name}")
            y += line
            painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft, "    ".join((
                f"{seq_label}: {r.seq}",
                f"{when_label}: {r.created_at[:19].replace('T', ' ')}",
                f"{revisions_label}: {r.revisions}",
                f"{households_label}: {r.records}",
                *([f"{decisions_label}: {r.decisions}"] if getattr(r, "decisions", 0) else []))))
            y += line
            painter.setFont(small)
            painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft,
                             "SHA-256 " + _groups(r.sha256))
            y += line
            for path, sha in carried:  # copied unchanged: the county's SHA-256 still holds
                painter.setFont(body)
                painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft,
                                 f"    {carried_label}: {Path(path).name}")
                y += line
                painter.setFont(small)
                painter.drawText(QRectF(0, y, width, line), Qt.AlignmentFlag.AlignLeft,
                                 "    SHA-256 " + _groups(sha))
                y += line
            y += line * 0.8
        painter.setFont(body)
        if y + line * 2 > height:
            writer.newPage()
            y = 0.0
        painter.drawText(QRectF(0, y, width, line * 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         signatures)
    finally:
        painter.end()
    return out


def _groups(sha: str) -> str:
    return " ".join(sha[i:i + 4] for i in range(0, len(sha), 4))
