"""Approving a village's claim on a household another village owns (a move, 迁户).

The reason is required: it is kept in the audit log with who approved and when.
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


class ApproveClaimDialog(QDialog):
    def __init__(self, household: str, owner: str, claimant: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve the move"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("Household {household} belongs to village {owner}. Village "
                              "{claimant} changed it. Approve the move: from now on only "
                              "{claimant} may change it, and {owner} drops it with its next "
                              "return bundle. Why?")
                      .replace("{household}", household).replace("{owner}", owner)
                      .replace("{claimant}", claimant))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setObjectName("claimReason")
        self.reason.textChanged.connect(self._update)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(self.tr("Approve the move"))
        self.ok.setObjectName("confirmClaim")
        cancel = QPushButton(self.tr("Cancel"))
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.text().strip()))

    def reason_text(self) -> str:
        return self.reason.text().strip()
