"""Open conflicts: the same field changed on two laptops (or at the county and a village).

Left, one row per conflict: household, question (the form's label, with the member's name
for a member question), the value before both edits and the two values. Right, the chosen
conflict: each value with who changed it, when and on which device; the person picks one and
marks the conflict resolved. `store.sync.resolve_conflict` saves the pick as a new revision,
which travels with the next bundle; the list then reloads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .client import StoreClient
from .i18n import current_language
from .review_items import DELETED, ConflictItem, Side, field_label, value_text
from .tables import read_only_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def when_text(stamp: str) -> str:
    return stamp[:16].replace("T", " ") if stamp else ""


class ConflictView(QWidget):
    resolved = Signal(int)            # conflict id, after the store saved the pick

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.items: list[ConflictItem] = []
        self.current: ConflictItem | None = None
        self.busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        self.empty.setObjectName("conflictsEmpty")
        layout.addWidget(self.empty)
        split = QSplitter()
        layout.addWidget(split, 1)
        self.table = read_only_table("conflictTable", 5)
        self.table.itemSelectionChanged.connect(self._selected)
        split.addWidget(self.table)
        self.detail = QGroupBox()
        self.detail.setObjectName("conflictDetail")
        dl = QVBoxLayout(self.detail)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.base = QLabel()
        self.base.setWordWrap(True)
        dl.addWidget(self.title)
        dl.addWidget(self.base)
        self.choices = QButtonGroup(self)
        self.pick_local, self.pick_remote = QRadioButton(), QRadioButton()
        self.who_local, self.who_remote = QLabel(), QLabel()
        for i, (button, who) in enumerate(((self.pick_local, self.who_local),
                                           (self.pick_remote, self.who_remote))):
            button.setObjectName(("pickLocal", "pickRemote")[i])
            who.setWordWrap(True)
            who.setIndent(24)
            who.setStyleSheet("color: #555555;")
            self.choices.addButton(button, i)
            dl.addWidget(button)
            dl.addWidget(who)
        self.choices.buttonToggled.connect(lambda *_: self._update_button())
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolveConflict")
        self.resolve_button.clicked.connect(self.resolve)
        dl.addWidget(self.resolve_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        dl.addWidget(self.message)
        dl.addStretch(1)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Household"), self.tr("Question"), self.tr("Before both edits"),
            self.tr("Value here"), self.tr("Value from the bundle")])
        self.detail.setTitle(self.tr("Choose the value to keep"))
        self.resolve_button.setText(self.tr("Keep the chosen value and mark resolved"))
        self.empty.setText(self.tr("No open conflicts."))
        self.set_items(self.items)

    # -- texts -----------------------------------------------------------------------------
    def household_text(self, c: ConflictItem) -> str:
        return " ".join(t for t in (c.household_no, c.head_name) if t) or c.record_uuid[:8]

    def question_text(self, c: ConflictItem) -> str:
        if c.path == DELETED:
            label = self.tr("Household deleted")
        elif c.path == "status":
            label = self.tr("Status")
        else:
            label = field_label(self.client.form, c, current_language()) or c.field
        if c.member_uuid:
            return f"{c.member_name or self.tr('member')} · {label}"
        return label

    def value_text(self, c: ConflictItem, value: Any) -> str:
        if c.path == DELETED:
            return self.tr("deleted") if value else self.tr("kept")
        if c.path == "status":
            return self.tr("complete") if value == "complete" else self.tr("draft")
        return value_text(self.client.form, c, value, current_language()) or self.tr("(empty)")

    def side_text(self, side: Side) -> str:
        device = side.device_name or side.device_id[:8]
        if side.device_name and side.device_id:
            device += f" ({side.device_id[:8]})"
        if not side.user and not side.created_at:
            return self.tr("revision {id}").replace("{id}", side.revision_id[:8])
        return (self.tr("changed by {who} on {when}, device {device}")
                .replace("{who}", side.user or "?").replace("{when}", when_text(side.created_at))
                .replace("{device}", device or "?"))

    # -- showing ---------------------------------------------------------------------------
    def set_items(self, items: list[ConflictItem]) -> None:
        keep = self.current.id if self.current is not None else None
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, c in enumerate(self.items):
            cells = (self.household_text(c), self.question_text(c), self.value_text(c, c.base),
                     self.value_text(c, c.local.value), self.value_text(c, c.remote.value))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.empty.setVisible(not self.items)
        row = next((i for i, c in enumerate(self.items) if c.id == keep), 0 if self.items else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selected()

    def row_of(self, conflict_id: int) -> int:
        return next((i for i, c in enumerate(self.items) if c.id == conflict_id), -1)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        c = self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None
        self.current = c
        self.choices.setExclusive(False)
        self.pick_local.setChecked(False)
        self.pick_remote.setChecked(False)
        self.choices.setExclusive(True)
        self.detail.setEnabled(c is not None)
        if c is None:
            for w in (self.title, self.base, self.who_local, self.who_remote):
                w.clear()
            self.pick_local.setText("")
            self.pick_remote.setText("")
        else:
            self.title.setText(f"{self.household_text(c)} — {self.question_text(c)}")
            self.base.setText(self.tr("Before both edits: {value}").replace(
                "{value}", self.value_text(c, c.base)))
            self.pick_local.setText(self.value_text(c, c.local.value))
            self.pick_remote.setText(self.value_text(c, c.remote.value))
            self.who_local.setText(self.side_text(c.local))
            self.who_remote.setText(self.side_text(c.remote))
        self._update_button()

    def _update_button(self) -> None:
        self.resolve_button.setEnabled(self.current is not None and not self.busy
                                       and self.choices.checkedId() >= 0)

    # -- resolving -------------------------------------------------------------------------
    def choice(self) -> str | None:
        return {0: "local", 1: "remote"}.get(self.choices.checkedId())

    def resolve(self) -> None:
        c, choice = self.current, self.choice()
        if c is None or choice is None or self.busy:
            return
        self.busy = True
        self.message.clear()
        self._update_button()

        def done(_changes: Any) -> None:
            self.busy = False
            self.message.setText(self.tr("Resolved. The chosen value goes out with the next "
                                         "bundle."))
            self.resolved.emit(c.id)

        def failed(error: BaseException) -> None:
            from .error_dialog import error_text

            self.busy = False
            self.message.setText(error_text(error))
            self._update_button()

        self.client.resolve_conflict(c.id, choice, done, failed)
