"""Enrolment (village side): write the request file for the county; accept the setup file the
county sends back only after a person compared the county key fingerprint (text and QR code)
with what the county read out. The rules live in ``sync_flows.EnrolFlow``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mopai.sync.enrol import LABEL_MAX

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from .slip import fingerprint_row, show_fingerprint
from .sync_flows import EnrolFlow, EnrolStep


class EnrolDialog(QDialog):
    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.flow = EnrolFlow()
        self.setWindowTitle(self.tr("Enrol with the county"))
        self.resize(620, 560)
        layout = QVBoxLayout(self)

        step1 = QGroupBox(self.tr("1. Request"))
        l1 = QVBoxLayout(step1)
        l1.addWidget(QLabel(self.tr("Write a request file and take it to the county.")))
        names = QFormLayout()
        self.device_name = QLineEdit()
        self.device_name.setObjectName("deviceName")
        self.device_name.setMaxLength(LABEL_MAX)
        self.device_name.setPlaceholderText(self.tr("e.g. 荆坪村文书笔记本"))
        self.device_name.textChanged.connect(lambda _t: self._show())
        self.user_name = QLineEdit(client.user)
        self.user_name.setObjectName("requestUser")
        self.user_name.setMaxLength(LABEL_MAX)
        self.user_name.textChanged.connect(lambda _t: self._show())
        names.addRow(self.tr("Name of this laptop (the county sees it):"), self.device_name)
        names.addRow(self.tr("Who asks:"), self.user_name)
        l1.addLayout(names)
        self.request_button = QPushButton(self.tr("Write request file…"))
        self.request_button.clicked.connect(self._ask_request)
        l1.addWidget(self.request_button)
        self.request_label = QLabel()
        self.request_label.setWordWrap(True)
        l1.addWidget(self.request_label)
        layout.addWidget(step1)

        step2 = QGroupBox(self.tr("2. Setup file from the county"))
        l2 = QVBoxLayout(step2)
        self.setup_button = QPushButton(self.tr("Open setup file…"))
        self.setup_button.clicked.connect(self._ask_setup)
        l2.addWidget(self.setup_button)
        self.county = QLabel()
        l2.addWidget(self.county)
        row, self.fingerprint, self.qr = fingerprint_row(self)
        l2.addLayout(row)
        self.matches = QCheckBox(self.tr("This fingerprint matches, character for character, "
                                         "what the county read out to me"))
        self.matches.toggled.connect(self._confirmed)
        l2.addWidget(self.matches)
        l2.addWidget(QLabel(self.tr("Your passphrase (seals the county recovery slot):")))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(lambda _t: self._show())
        l2.addWidget(self.passphrase)
        self.accept_button = QPushButton(self.tr("Accept and enrol"))
        self.accept_button.clicked.connect(self.accept_setup)
        l2.addWidget(self.accept_button)
        layout.addWidget(step2)

        self.message = QLabel()
        self.message.setObjectName("enrolMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        layout.addWidget(close)
        self._show()
        if client.is_open:
            client.suggested_device_name(self._suggested)

    def _suggested(self, name: str) -> None:
        if not self.device_name.text():
            self.device_name.setText(name)

    # -- request ---------------------------------------------------------------------------
    def _ask_request(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the request file"),
            str(Path.home() / f"mopai-{self.client.village_code}.mopai-enrol"))
        if name:
            self.write_request(Path(name))

    def write_request(self, out: Path) -> None:
        self.client.enrol_request(out, lambda _doc: self._requested(out), self._failed,
                                  device_name=self.device_name.text(),
                                  user_name=self.user_name.text())

    def _requested(self, out: Path) -> None:
        self.flow.request_written(out)
        self.request_label.setText(self.tr("Request written: {file}").replace("{file}", str(out)))
        self._show()

    # -- setup -----------------------------------------------------------------------------
    def _ask_setup(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open the setup file"))
        if name:
            self.open_setup(Path(name))

    def open_setup(self, setup: Path) -> None:
        self.client.enrol_preview(setup, lambda p: self._previewed(setup, p), self._failed)

    def _previewed(self, setup: Path, preview: Any) -> None:
        self.flow.previewed(setup, preview)
        self.matches.setChecked(False)
        self.county.setText(self.tr("County {code} {name}").replace(
            "{code}", preview.county_code).replace("{name}", preview.county_name or ""))
        show_fingerprint(self.fingerprint, self.qr, preview.fingerprint)
        self.message.setText(self.tr("Compare this fingerprint with the one the county reads "
                                     "to you by telephone or on paper."))
        self._show()

    def _confirmed(self, on: bool) -> None:
        self.flow.confirm(on)
        self._show()

    def accept_setup(self) -> None:
        if not self.flow.can_accept or not self.passphrase.text():
            return
        setup, fp = self.flow.accept()
        self._show()
        self.client.enrol_accept(setup, fp, self.passphrase.text(), lambda _p: self._enrolled(),
                                 self._failed)

    def _enrolled(self) -> None:
        self.flow.accepted()
        self.passphrase.clear()
        self.message.setText(self.tr("Enrolled: this laptop can now send bundles to the "
                                     "county."))
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.flow.failed(error)
        self.message.setText(error_text(error))
        self._show()

    def _show(self) -> None:
        preview = self.flow.step is EnrolStep.PREVIEW
        self.matches.setEnabled(preview)
        self.passphrase.setEnabled(preview)
        self.accept_button.setEnabled(self.flow.can_accept and bool(self.passphrase.text()))
        self.setup_button.setEnabled(self.flow.step is not EnrolStep.ACCEPTING)
        self.request_button.setEnabled(bool(self.device_name.text().strip()
                                            and self.user_name.text().strip()))
