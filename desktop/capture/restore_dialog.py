"""After a crash: offer to restore the household that was open, from its autosaved draft."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .drafts import Draft


def draft_summary(draft: Draft) -> str:
    members = draft.state.get("members") or []
    names = "、".join(str(m.get("fields", {}).get("name") or "?") for m in members[:6])
    return f"{draft.household_no or '—'}  {names}"


class RestoreDraftDialog(QDialog):
    """Accepted: restore ``draft``; rejected with ``discarded``: drop it; else ask again later."""

    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.discarded = False
        self.setWindowTitle(self.tr("Restore unsaved household?"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Mopai did not close normally. A household you were editing was saved as a draft "
            "at {time}:").replace("{time}", draft.saved_at[:19].replace("T", " ")))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel(draft_summary(draft))
        self.summary.setObjectName("draftSummary")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.restore = QPushButton(self.tr("Restore"))
        self.restore.setDefault(True)
        self.discard = QPushButton(self.tr("Discard draft"))
        later = QPushButton(self.tr("Later"))
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore.clicked.connect(self.accept)
        self.discard.clicked.connect(self._discard)
        later.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _discard(self) -> None:
        self.discarded = True
        self.reject()
