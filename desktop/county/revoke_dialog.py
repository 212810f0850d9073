"""Revoke a device: the reason (kept in the audit log and with the device) and an explicit
confirmation, because a revoked laptop's bundles are refused from then on and the device
cannot be enrolled again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class RevokeDialog(QDialog):
    def __init__(self, device: str, village: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revokeDialog")
        self.setWindowTitle(self.tr("Revoke a device"))
        layout = QVBoxLayout(self)
        what = QLabel(self.tr("Revoke {device} of {village}?").replace(
            "{device}", device).replace("{village}", village))
        what.setWordWrap(True)
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Reason (lost, stolen, replaced…):")))
        self.reason = QLineEdit()
        self.reason.setObjectName("revokeReason")
        layout.addWidget(self.reason)
        self.sure = QCheckBox(self.tr("I understand: bundles from this device will be refused "
                                      "and it cannot be enrolled again"))
        self.sure.setObjectName("revokeSure")
        layout.addWidget(self.sure)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Revoke"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(lambda _t: self._check())
        self.sure.toggled.connect(lambda _on: self._check())
        self._check()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.reason_text()) and self.sure.isChecked())

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()
