"""Set one village's expected households (应调查户数) by hand, or clear it (issue 16).

The number is kept by `sync.areas.set_expected` on the worker (a listed village of this
county or township, 0..100000, audited); a refusal comes back in the dialog's message line.
A village with a 户籍 list is expected to survey the list's households: a number typed for it
is kept but counts only once the list is gone (docs/decisions.md 35), and the dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

EXPECTED_MAX = 100_000  # sync.areas.EXPECTED_MAX (the store checks it again)
NOT_SET = -1            # the spin box's lowest value, shown as "not set"


class ExpectedDialog(QDialog):
    submitted = Signal(str, object)       # village code, households (None: clear)

    def __init__(self, code: str, name: str, current: int | None, *, listed: int | None = None,
                 parent: QWidget | None = None) -> None:
        """`current`: the number kept now (None: none); `listed`: the length of the village's
        户籍 list, when it has one."""
        super().__init__(parent)
        self.code = code
        self.setObjectName("expectedDialog")
        self.setWindowTitle(self.tr("Expected households"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("Village"), QLabel(f"{code} {name}".strip()))
        self.number = QSpinBox()
        self.number.setObjectName("expectedNumber")
        self.number.setRange(NOT_SET, EXPECTED_MAX)
        self.number.setSpecialValueText(self.tr("not set"))
        self.number.setValue(NOT_SET if current is None else current)
        form.addRow(self.tr("Households to survey (应调查户数)"), self.number)
        layout.addLayout(form)
        if listed is not None:
            note = QLabel(self.tr("This village has a 户籍 list of {n} households: the list "
                                  "counts, a number set here only once the list is removed.")
                          .replace("{n}", str(listed)))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("expectedMessage")
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
        self.number.setFocus()
        self.number.selectAll()

    def value(self) -> int | None:
        return None if self.number.value() == NOT_SET else self.number.value()

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.message.clear()
        self.ok.setEnabled(False)
        self.submitted.emit(self.code, self.value())

    def refused(self, text: str) -> None:
        """The store said no: show why and let the person correct the number."""
        self.message.setText(text)
        self.ok.setEnabled(True)
