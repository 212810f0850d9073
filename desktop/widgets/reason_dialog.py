"""A decision that needs a reason: a sentence saying what will happen, a line for why, and a
button that stays disabled until the reason is given (it is kept with the decision)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReasonDialog(QDialog):
    def __init__(self, title: str, text: str, ok_text: str, *, ok_name: str, reason_name: str,
                 prompt: str = "", destructive: bool = False,
                 parent: QWidget | None = None) -> None:
        """`prompt` is a line above the reason; a `destructive` decision defaults to Cancel."""
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        if prompt:
            layout.addWidget(QLabel(prompt))
        self.reason = QLineEdit()
        self.reason.setObjectName(reason_name)
        self.reason.textChanged.connect(self._update)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(ok_text)
        self.ok.setObjectName(ok_name)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setDefault(destructive)
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.DestructiveRole if destructive
                          else QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.text().strip()))

    def reason_text(self) -> str:
        return self.reason.text().strip()
