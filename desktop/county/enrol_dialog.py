"""Enrolment at the county: open a village's request file, write the setup file it takes
back, and show the county key fingerprint (text and QR) to read out to the village, which
accepts the setup file only when it matches (the village side is `enrol_dialog`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..transfer.slip import fingerprint_row, show_fingerprint
from ..widgets.error_dialog import error_text


class CountyEnrolDialog(QDialog):
    approved = Signal(object)             # the certificate body

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.body: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Approve an enrolment request"))
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Open the request file a village laptop wrote; the "
                                        "setup file to take back is written next to it.")))
        self.open_button = QPushButton(self.tr("Open request file…"))
        self.open_button.clicked.connect(self._ask)
        layout.addWidget(self.open_button)
        self.result = QLabel()
        self.result.setObjectName("enrolResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        row, self.fingerprint, self.qr = fingerprint_row(self)
        layout.addLayout(row, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close)

    def _ask(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open the request file"), "",
            self.tr("Enrolment requests (*.mopai-enrol);;All files (*)"))
        if not name:
            return
        request = Path(name)
        out, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the setup file"), str(request.with_suffix(".mopai-setup")))
        if out:
            self.approve(request, Path(out))

    def approve(self, request: Path, out: Path) -> None:
        self.open_button.setEnabled(False)
        self.client.enrol_approve(request, out, lambda r: self._approved(out, *r), self._failed)

    def _approved(self, out: Path, body: dict[str, Any], fingerprint: str) -> None:
        self.open_button.setEnabled(True)
        self.body = body
        self.result.setText(self.tr(
            "Approved: {code} {device} ({user}). Setup file: {file}. Read this fingerprint "
            "to the village by telephone or on paper:").replace("{code}", body["code"]).replace(
            "{device}", body.get("device_name") or body["device_id"][:8]).replace(
            "{user}", body.get("user_name", "")).replace("{file}", str(out)))
        show_fingerprint(self.fingerprint, self.qr, fingerprint)
        self.approved.emit(body)

    def _failed(self, error: BaseException) -> None:
        self.open_button.setEnabled(True)
        self.result.setText(error_text(error))
