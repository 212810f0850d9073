"""All members at once: one row per member with the key answers and what is wrong.

The grid is the editor's overview of a household (a family of 20 read at a glance, as on the
paper roster): number, name, relation, sex, age, ID number, schooling, employment status and
the member's errors and warnings. The name is typed in the grid itself; a double-click (or
Enter) on a row opens the member's page, on the problems column at the first field in error.
Filled from the editor's evaluated household (``set_household``), only while it is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from . import formkit

# the member questions shown, in this order (a form without one leaves its column out)
KEY_FIELDS = ("name", "relation", "sex", "age", "id_number", "education", "student_status",
              "employment_status", "labor_capacity")


class RosterGrid(QTableWidget):
    open_member = Signal(int, str)        # member index, field to focus ("" for the first)
    name_edited = Signal(int, str)        # member index, the new name

    def __init__(self, form: Any, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterGrid")
        self.form = form
        self.lang = lang
        self.fields = [n for n in KEY_FIELDS if formkit.question(form, n, member=True)]
        self.setColumnCount(len(self.fields) + 1)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.cellDoubleClicked.connect(self._open)
        self.itemChanged.connect(self._edited)
        self._filling = False
        self.problems: list[list[tuple[str, str, str]]] = []   # per member: field, text, severity
        self.retranslate()

    def retranslate(self) -> None:
        labels = [formkit.label(formkit.question(self.form, n, member=True), self.lang)
                  for n in self.fields]
        self.setHorizontalHeaderLabels([*labels, self.tr("Errors and warnings")])

    def set_household(self, members: list[dict[str, Any]], values: list[dict[str, Any]],
                      findings: list[dict[str, tuple[str, str]]], household: Any = None
                      ) -> None:
        """``members``: the record's members; ``values``: each one's evaluated values
        (answers and derived ones, forms.state); ``findings``: field -> (message, severity);
        ``household``: the evaluated household (or the record), which fills ``${}`` in a
        choice's label."""
        self._filling = True
        self.setRowCount(len(members))
        self.setVerticalHeaderLabels([str(i + 1) for i in range(len(members))])
        self.problems = []
        for row, member in enumerate(members):
            own = member.get("fields", {})
            evaluated = values[row] if row < len(values) else own
            for col, name in enumerate(self.fields):
                value = own.get(name) if name in own else evaluated.get(name)
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                text = formkit.choice_label(self.form, name, value, self.lang, member=True,
                                            household=household, member_index=row)
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if name == "name":
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                self.setItem(row, col, item)
            found = findings[row] if row < len(findings) else {}
            ordered = sorted(found.items(), key=lambda kv: kv[1][1] != "error")
            self.problems.append([(f, text, sev) for f, (text, sev) in ordered])
            errors = sum(1 for _f, _t, s in self.problems[-1] if s == "error")
            summary = "；".join(text for _f, text, _s in self.problems[-1])
            item = QTableWidgetItem(summary)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setToolTip("\n".join(text for _f, text, _s in self.problems[-1]))
            if self.problems[-1]:
                item.setForeground(QBrush(QColor("#b00020" if errors else "#a15c00")))
            self.setItem(row, len(self.fields), item)
            for col, name in enumerate(self.fields):
                if name in found:
                    cell = self.item(row, col)
                    severity = found[name][1]
                    cell.setForeground(QBrush(QColor("#b00020" if severity == "error"
                                                     else "#a15c00")))
                    cell.setToolTip(found[name][0])
        self._filling = False

    def _open(self, row: int, column: int) -> None:
        if not 0 <= row < self.rowCount():
            return
        field = ""
        if column < len(self.fields):
            field = self.fields[column]
        elif self.problems[row]:
            field = self.problems[row][0][0]
        self.open_member.emit(row, field)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            index = self.currentIndex()
            if index.isValid():
                self._open(index.row(), index.column())
                return
        super().keyPressEvent(event)

    def _edited(self, item: QTableWidgetItem) -> None:
        column = item.column()
        if self._filling or column >= len(self.fields) or self.fields[column] != "name":
            return
        # after the edit has finished: the editor refills the grid in answer
        row, text = item.row(), item.text().strip()
        QTimer.singleShot(0, lambda: self.name_edited.emit(row, text))
