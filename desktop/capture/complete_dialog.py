"""Before "save as complete": the errors that block it, or the warnings that want a reason.

An error must be corrected: the dialog lists each one (who, which question, what to do) and a
click closes it and jumps to the field. It offers a draft only where one can be saved (a draft
needs its 户编号). A warning is confirmed with a short reason, kept in the record with the
answer and shown to the county; the dialog asks one reason per warning and saves when each has
one. Both are shown with ``open()`` (window-modal), so the editor stays responsive.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mopai.forms.findings import MAX_REASON

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


class ErrorsDialog(QDialog):
    """The errors that block "complete"; ``jump`` (member or None, field) on a click."""

    jump = Signal(object, str)

    def __init__(self, errors: list[tuple[Any, str]], *, draft_possible: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cannot save as complete"))
        self.resize(620, 360)
        layout = QVBoxLayout(self)
        text = self.tr("Correct these {n} errors before saving as complete. Click one to go "
                       "to the question.").replace("{n}", str(len(errors)))
        if draft_possible:
            text += self.tr(" You can save a draft meanwhile and finish later.")
        intro = QLabel(text)
        intro.setObjectName("errorsIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("completeErrors")
        self.list.setWordWrap(True)
        for finding, described in errors:
            item = QListWidgetItem("✖ " + described)
            member = getattr(finding, "member_index", None)
            item.setData(TARGET_ROLE, [-1 if member is None else member,
                                       getattr(finding, "field", None) or ""])
            self.list.addItem(item)
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _go(self, item: QListWidgetItem) -> None:
        member, field = item.data(TARGET_ROLE)
        self.accept()
        self.jump.emit(None if member < 0 else member, field)


class WarningsDialog(QDialog):
    """One reason per warning (prefilled with what the record already says); OK when each
    has one. ``reasons()`` gives them in the order of the warnings."""

    def __init__(self, warnings: list[tuple[Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm the warnings"))
        self.resize(680, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Check each answer below with the household. If it is right, say why in a few "
            "words (at most {max} characters): the reason is kept with the answer and the "
            "county sees it. Otherwise cancel and correct the answer.")
            .replace("{max}", str(MAX_REASON)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QWidget()
        form = QFormLayout(body)
        self.edits: list[QLineEdit] = []
        for i, (finding, described) in enumerate(warnings):
            label = QLabel("⚠ " + described)
            label.setWordWrap(True)
            edit = QLineEdit(getattr(finding, "reason", "") or "")
            edit.setObjectName(f"warningReason{i}")
            edit.setMaxLength(MAX_REASON)
            edit.setPlaceholderText(self.tr("Why the answer is right"))
            edit.textChanged.connect(self._update)
            form.addRow(label)
            form.addRow(edit)
            self.edits.append(edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(self.tr("Save as complete"))
        self.ok.setObjectName("confirmAndComplete")
        cancel = QPushButton(self.tr("Cancel"))
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(all(e.text().strip() for e in self.edits))

    def reasons(self) -> list[str]:
        return [e.text().strip() for e in self.edits]
