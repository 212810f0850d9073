"""The findings summary beside the editor: every error and warning, each naming the person,
the question and what to do; a click jumps to the field. A warning can be confirmed with a
reason (kept in the record, shown here and to the county); a confirmed one shows its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mopai.forms.findings import confirmable

from . import formkit

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
CONFIRMABLE_ROLE = Qt.ItemDataRole.UserRole + 2


class FindingsPanel(QWidget):
    jump = Signal(object, str)       # member index or None, field name
    confirm_requested = Signal(object, str)  # a warning to confirm: member index or None, field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.list)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmWarning")
        self.confirm_button.clicked.connect(self._confirm)
        layout.addWidget(self.confirm_button)
        self.errors = 0
        self.warnings = 0
        self.unconfirmed = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.confirm_button.setText(self.tr("Confirm the warning with a reason…"))
        self._show_counts()

    def show_findings(self, findings: list[Any], lang: str, member_names: list[str], *,
                      describe: Callable[[Any], str] | None = None) -> None:
        """``describe(finding)`` is the whole text (who, question, what to do, the reason:
        ``forms.findings.explain``); without it, the member's number and name and the message."""
        self.list.clear()
        self.errors = self.warnings = self.unconfirmed = 0
        for finding in findings:
            error = formkit.is_error(finding)
            reason = getattr(finding, "reason", "")
            self.errors += error
            self.warnings += not error
            member = formkit.finding_member(finding)
            if describe is not None:
                text = describe(finding)
            else:
                where = ""
                if member is not None:
                    name = member_names[member] if member < len(member_names) else ""
                    where = f"[{member + 1} {name}] "
                text = where + formkit.finding_message(finding, lang)
            can_confirm = not error and confirmable(finding)
            self.unconfirmed += can_confirm and not reason
            mark = "✖ " if error else ("✔ " if reason else "⚠ ")
            item = QListWidgetItem(mark + text)
            item.setForeground(QBrush(QColor("#b00020" if error else
                                             "#4d6b2e" if reason else "#a15c00")))
            # -1, not None: None inside Qt item data trips a PySide refcount bug
            item.setData(TARGET_ROLE, [-1 if member is None else member,
                                       formkit.finding_field(finding) or ""])
            item.setData(CONFIRMABLE_ROLE, can_confirm)
            self.list.addItem(item)
        self._show_counts()
        self._update_button()

    def _show_counts(self) -> None:
        text = self.tr("{e} errors, {w} warnings").replace("{e}", str(self.errors)) \
            .replace("{w}", str(self.warnings))
        if self.unconfirmed:
            text += self.tr(" ({n} warnings without a reason)").replace("{n}",
                                                                        str(self.unconfirmed))
        self.title.setText(text)

    def _update_button(self) -> None:
        item = self.list.currentItem()
        self.confirm_button.setEnabled(bool(item is not None and item.data(CONFIRMABLE_ROLE)))

    def _activated(self, item: QListWidgetItem) -> None:
        member, field = item.data(TARGET_ROLE)
        self.jump.emit(None if member < 0 else member, field)

    def _confirm(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(CONFIRMABLE_ROLE):
            return
        member, field = item.data(TARGET_ROLE)
        self.confirm_requested.emit(None if member < 0 else member, field)
