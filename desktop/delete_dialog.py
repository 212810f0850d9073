"""Confirm deleting a household, with the reason that travels with the deletion.

The store keeps the history and sends the deletion to the county as a tombstone with this
reason, so a reason is required: the county must be able to tell a moved-away family from a
mistake.
"""

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


class DeleteHouseholdDialog(QDialog):
    def __init__(self, household_no: str, head: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete household"))
        layout = QVBoxLayout(self)
        question = QLabel(self.tr(
            "Delete household {no} ({head})? Its history is kept, and the deletion is sent to "
            "the county with the next export.").replace("{no}", household_no or "—")
            .replace("{head}", head or "—"))
        question.setWordWrap(True)
        layout.addWidget(question)
        layout.addWidget(QLabel(self.tr("Reason (for example: moved away, entered twice):")))
        self.reason = QLineEdit()
        self.reason.setObjectName("deleteReason")
        self.reason.textChanged.connect(self._update)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("confirmDelete")
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setDefault(True)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.delete_button.setEnabled(bool(self.reason.text().strip()))

    def reason_text(self) -> str:
        return self.reason.text().strip()
