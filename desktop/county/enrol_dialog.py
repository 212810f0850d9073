"""Enrolment at the county: open a village's request file and see who is asking — the device
as the cadre named it, the user, the village (name and code), the time and the device's
fingerprint — confirm after checking them with the village, then write the setup file it
takes back and show the county key fingerprint (text and QR) to read out to the village,
which accepts the setup file only when it matches (the village side is `enrol_dialog`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..review.conflict_view import when_text
from ..shell.client import StoreClient
from ..transfer.slip import fingerprint_row, show_fingerprint
from ..widgets.error_dialog import error_text
from ..widgets.place_names import place_text


class CountyEnrolDialog(QDialog):
    approved = Signal(object)             # the certificate body

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.body: dict[str, Any] | None = None
        self.request: Any = None          # sync.enrol.EnrolRequest, once read
        self.request_path: Path | None = None
        self.setWindowTitle(self.tr("Approve an enrolment request"))
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Open the request file a village laptop wrote; check "
                                        "who is asking with the village before approving.")))
        self.open_button = QPushButton(self.tr("Open request file…"))
        self.open_button.clicked.connect(self._ask)
        layout.addWidget(self.open_button)

        self.details = QGroupBox(self.tr("Who is asking"))
        form = QFormLayout(self.details)
        self.place = QLabel()
        self.place.setObjectName("requestPlace")
        self.device = QLabel()
        self.device.setObjectName("requestDevice")
        self.device.setWordWrap(True)
        self.user = QLabel()
        self.user.setObjectName("requestUser")
        self.when = QLabel()
        self.when.setObjectName("requestTime")
        self.device_fp = QLabel()
        self.device_fp.setObjectName("requestFingerprint")
        self.device_fp.setStyleSheet("font-family: monospace; font-size: 13pt;")
        self.device_fp.setWordWrap(True)
        form.addRow(self.tr("Village or township:"), self.place)
        form.addRow(self.tr("Device:"), self.device)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Requested at:"), self.when)
        form.addRow(self.tr("Device fingerprint:"), self.device_fp)
        self.sure = QCheckBox(self.tr("I checked with the village: this device, this user and "
                                      "this fingerprint are theirs"))
        self.sure.toggled.connect(lambda _on: self._show())
        form.addRow(self.sure)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.approve_button = QPushButton(self.tr("Approve and write the setup file…"))
        self.approve_button.setObjectName("approveEnrolment")
        self.approve_button.clicked.connect(self._ask_out)
        buttons.addWidget(self.approve_button)
        form.addRow(buttons)
        layout.addWidget(self.details)

        self.result = QLabel()
        self.result.setObjectName("enrolResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        row, self.fingerprint, self.qr = fingerprint_row(self)
        layout.addLayout(row, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        self._show()

    # -- reading the request ---------------------------------------------------------------
    def _ask(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open the request file"), "",
            self.tr("Enrolment requests (*.mopai-enrol);;All files (*)"))
        if name:
            self.open_request(Path(name))

    def open_request(self, path: Path) -> None:
        self.request, self.request_path, self.body = None, Path(path), None
        self.sure.setChecked(False)
        self.result.clear()
        self.fingerprint.clear()
        self.qr.clear()
        self.client.enrol_read_request(path, self._read, self._failed)
        self._show()

    def _read(self, data: tuple[Any, dict[str, str]]) -> None:
        req, names = data
        self.request = req
        listed = names.get(req.code, "")
        place = place_text({req.code: listed or req.name}, req.code)
        if req.name and listed and req.name != listed:
            place += " " + self.tr("(the request calls it {name})").replace("{name}", req.name)
        township = req.code[:9] if len(req.code) == 12 else ""
        if township:
            place = f"{place_text(names, township)} · {place}"
        self.place.setText(place)
        device = req.device_name or self.tr("(no name)")
        if not req.chosen_name:
            device += " " + self.tr("(an old request: the computer's own name, not one the "
                                    "cadre chose)")
        self.device.setText(device)
        self.user.setText(req.user_name or self.tr("(not given)"))
        self.when.setText(when_text(req.created_at))
        self.device_fp.setText(req.fingerprint)
        self._show()

    # -- approving -------------------------------------------------------------------------
    def _ask_out(self) -> None:
        if self.request_path is None:
            return
        out, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the setup file"),
            str(self.request_path.with_suffix(".mopai-setup")))
        if out:
            self.approve(self.request_path, Path(out))

    def approve(self, request: Path, out: Path) -> None:
        """Write the setup file for the request shown, once a person confirmed it."""
        if self.request is None or not self.sure.isChecked() or Path(request) != \
                self.request_path:
            return
        self.open_button.setEnabled(False)
        self.approve_button.setEnabled(False)
        self.client.enrol_approve(request, out, lambda r: self._approved(out, *r),
                                  self._failed, confirmed_fingerprint=self.request.fingerprint)

    def _approved(self, out: Path, body: dict[str, Any], fingerprint: str) -> None:
        self.body = body
        self.result.setStyleSheet("")
        self.result.setText(self.tr(
            "Approved: {code} {device} ({user}). Setup file: {file}. Read this fingerprint "
            "to the village by telephone or on paper:").replace("{code}", body["code"]).replace(
            "{device}", body.get("device_name") or body["device_id"][:8]).replace(
            "{user}", body.get("user_name", "")).replace("{file}", str(out)))
        show_fingerprint(self.fingerprint, self.qr, fingerprint)
        self._show()
        self.approved.emit(body)

    def _failed(self, error: BaseException) -> None:
        self.result.setStyleSheet("color: #b00020;")
        self.result.setText(error_text(error))
        self._show()

    def _show(self) -> None:
        has = self.request is not None
        self.details.setVisible(has)
        self.open_button.setEnabled(True)
        self.sure.setEnabled(has and self.body is None)
        self.approve_button.setEnabled(has and self.body is None and self.sure.isChecked())
