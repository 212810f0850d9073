"""Add a township or village to the county's list, or rename one: a code and a name.

The rules (9 or 12 digits inside the county, a village under a listed township, no repeat)
are checked by `sync.villages` on the worker; a refusal comes back in the dialog's message
line so the person can correct the field without starting again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class AreaDialog(QDialog):
    submitted = Signal(str, str)          # code, name

    def __init__(self, mode: str, parent: QWidget | None = None, *, code: str = "",
                 name: str = "") -> None:
        """`mode`: ``township``, ``village`` (add) or ``rename`` (the code is fixed)."""
        super().__init__(parent)
        self.mode = mode
        self.setObjectName("areaDialog")
        titles = {"township": self.tr("Add a township"), "village": self.tr("Add a village"),
                  "rename": self.tr("Rename")}
        self.setWindowTitle(titles[mode])
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit(code)
        self.code.setObjectName("areaCode")
        self.code.setReadOnly(mode == "rename")
        self.code.setPlaceholderText(self.tr("9 digits") if mode == "township"
                                     else self.tr("12 digits"))
        self.name = QLineEdit(name)
        self.name.setObjectName("areaName")
        form.addRow(self.tr("Code (统计用区划代码)"), self.code)
        form.addRow(self.tr("Name"), self.name)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("areaMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.code.textChanged.connect(self._check)
        self.name.textChanged.connect(self._check)
        self._check()
        (self.name if mode == "rename" else self.code).setFocus()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.code.text().strip() and self.name.text().strip()))

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.message.clear()
        self.ok.setEnabled(False)
        self.submitted.emit(self.code.text().strip(), self.name.text().strip())

    def refused(self, text: str) -> None:
        """The store said no: show why and let the person correct the fields."""
        self.message.setText(text)
        self._check()
