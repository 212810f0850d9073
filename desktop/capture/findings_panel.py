"""The findings summary beside the editor: every error and warning; a click jumps to it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from . import formkit

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsPanel(QWidget):
    jump = Signal(object, str)       # member index or None, field name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list)
        self.errors = 0
        self.warnings = 0
        self._show_counts()

    def show_findings(self, findings: list[Any], lang: str, member_names: list[str]) -> None:
        self.list.clear()
        self.errors = self.warnings = 0
        for finding in findings:
            error = formkit.is_error(finding)
            self.errors += error
            self.warnings += not error
            member = formkit.finding_member(finding)
            where = ""
            if member is not None:
                name = member_names[member] if member < len(member_names) else ""
                where = f"[{member + 1} {name}] "
            text = where + formkit.finding_message(finding, lang)
            item = QListWidgetItem(("✖ " if error else "⚠ ") + text)
            item.setForeground(QBrush(QColor("#b00020" if error else "#a15c00")))
            # -1, not None: None inside Qt item data trips a PySide refcount bug
            item.setData(TARGET_ROLE, [-1 if member is None else member,
                                       formkit.finding_field(finding) or ""])
            self.list.addItem(item)
        self._show_counts()

    def _show_counts(self) -> None:
        self.title.setText(self.tr("{e} errors, {w} warnings")
                           .replace("{e}", str(self.errors)).replace("{w}", str(self.warnings)))

    def _activated(self, item: QListWidgetItem) -> None:
        member, field = item.data(TARGET_ROLE)
        self.jump.emit(None if member < 0 else member, field)
