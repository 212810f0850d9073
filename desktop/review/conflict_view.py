"""Open conflicts: the same field changed on two laptops (or at the county and a village).

Left, one row per conflict: household, question (the form's label, with the member's name
for a member question), the value before both edits and the two values. Right, the chosen
conflict: each value with who changed it, when and on which device; the person picks one and
marks the conflict resolved, or types a new value ("填写新值": a line edit for text, number
and date questions, a list of the question's choices for a single-choice question; not offered
for multiple-choice questions, the record status or a deletion). `store.sync.resolve_conflict`
saves the pick as a new revision, which travels with the next bundle; the list then reloads.
Store errors go to the app's error presenter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..capture import formkit
from ..shell.client import StoreClient
from ..shell.i18n import form_language
from ..widgets.error_dialog import error_text
from ..widgets.place_names import place_text
from ..widgets.tables import read_only_table
from .review_items import DELETED, ConflictItem, Side, field_label, value_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def when_text(stamp: str) -> str:
    return stamp[:16].replace("T", " ") if stamp else ""


class ConflictView(QWidget):
    resolved = Signal(int)            # conflict id, after the store saved the pick

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
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
        self.names: dict[str, str] = {}  # area code -> name (review_items.Queues.names)
        self.table = read_only_table("conflictTable", 6)
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
        self.pick_value = QRadioButton()
        self.pick_value.setObjectName("pickValue")
        self.choices.addButton(self.pick_value, 2)
        dl.addWidget(self.pick_value)
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("newValue")
        self.value_edit.textChanged.connect(self._typed)
        self.value_combo = QComboBox()
        self.value_combo.setObjectName("newChoice")
        self.value_combo.currentIndexChanged.connect(lambda _i: self._typed())
        for w in (self.value_edit, self.value_combo):
            w.setVisible(False)
            dl.addWidget(w)
        self.value_note = QLabel()
        self.value_note.setWordWrap(True)
        self.value_note.setIndent(24)
        self.value_note.setStyleSheet("color: #555555;")
        dl.addWidget(self.value_note)
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
            self.tr("Value here"), self.tr("Value from the bundle"), self.tr("Village")])
        self.detail.setTitle(self.tr("Choose the value to keep"))
        self.resolve_button.setText(self.tr("Keep the chosen value and mark resolved"))
        self.pick_value.setText(self.tr("Type a new value"))
        self.value_edit.setPlaceholderText(self.tr("New value"))
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
            label = field_label(self.client.form, c, form_language()) or c.field
        if c.member_uuid:
            who = c.member_name or self.tr("member")
            return f"{who} · {label}"
        return label

    def value_text(self, c: ConflictItem, value: Any) -> str:
        if c.path == DELETED:
            return self.tr("deleted") if value else self.tr("kept")
        if c.path == "status":
            return self.tr("complete") if value == "complete" else self.tr("draft")
        return value_text(self.client.form, c, value, form_language()) or self.tr("(empty)")

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
                     self.value_text(c, c.local.value), self.value_text(c, c.remote.value),
                     place_text(self.names, c.village_code))
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
        same = c is not None and self.current is not None and c.id == self.current.id
        self.current = c
        if not same:                    # a reload of the same conflict keeps the pick and value
            self.choices.setExclusive(False)
            self.pick_local.setChecked(False)
            self.pick_remote.setChecked(False)
            self.pick_value.setChecked(False)
            self.choices.setExclusive(True)
            self._set_value_input(c)
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

    # -- a typed value --------------------------------------------------------------------
    def question_of(self, c: ConflictItem) -> formkit.Question | None:
        if c.path in (DELETED, "status"):
            return None
        return formkit.question(self.client.form, c.field, member=c.member_uuid is not None)

    def value_kind(self, c: ConflictItem | None) -> str | None:
        """How a new value is typed: "text", "integer", "decimal", "choice"; None if not
        offered (a deletion, the record status, a multiple-choice question)."""
        if c is None or c.path in (DELETED, "status"):
            return None
        q = self.question_of(c)
        qtype = getattr(q, "type", None)
        if qtype == formkit.QType.SELECT_MULTIPLE:
            return None
        if qtype == formkit.QType.SELECT_ONE:
            return "choice" if q.choices is not None else None
        if qtype == formkit.QType.INTEGER:
            return "integer"
        if qtype == formkit.QType.DECIMAL:
            return "decimal"
        return "text"

    def _set_value_input(self, c: ConflictItem | None) -> None:
        kind = self.value_kind(c)
        self.value_edit.blockSignals(True)
        self.value_edit.clear()
        self.value_edit.blockSignals(False)
        self.value_combo.blockSignals(True)
        self.value_combo.clear()
        if kind == "choice" and c is not None:
            q = self.question_of(c)
            lang = form_language()
            for name in q.choices.names():     # ${} filled with the household's answers
                self.value_combo.addItem(value_text(self.client.form, c, name, lang), name)
            self.value_combo.setCurrentIndex(-1)
        self.value_combo.blockSignals(False)
        self.pick_value.setEnabled(kind is not None)
        self.value_edit.setVisible(kind in ("text", "integer", "decimal"))
        self.value_combo.setVisible(kind == "choice")
        if c is None or kind is not None:
            self.value_note.clear()
        elif c.path == DELETED or c.path == "status":
            self.value_note.setText(self.tr("Only one of the two values can be kept here."))
        else:
            self.value_note.setText(self.tr("A multiple-choice answer cannot be typed here: "
                                            "keep one value, then correct it in the household."))

    def _typed(self) -> None:
        if self.pick_value.isEnabled() and not self.pick_value.isChecked():
            self.pick_value.setChecked(True)
        self._update_button()

    def new_value(self) -> tuple[bool, Any]:
        """(valid, value) of the typed value; an empty or malformed value is not valid."""
        kind = self.value_kind(self.current)
        if kind == "choice":
            data = self.value_combo.currentData()
            return (data is not None, data)
        text = self.value_edit.text().strip()
        if kind == "integer":
            return (True, int(text)) if re.fullmatch(r"-?\d+", text) else (False, None)
        if kind == "decimal":
            try:
                return True, float(text)
            except ValueError:
                return False, None
        return (bool(text), text) if kind == "text" else (False, None)

    def _update_button(self) -> None:
        checked = self.choices.checkedId()
        self.resolve_button.setEnabled(self.current is not None and not self.busy
                                       and checked >= 0
                                       and (checked != 2 or self.new_value()[0]))

    # -- resolving -------------------------------------------------------------------------
    def choice(self) -> str | None:
        return {0: "local", 1: "remote", 2: "value"}.get(self.choices.checkedId())

    def resolve(self) -> None:
        c, choice = self.current, self.choice()
        if c is None or choice is None or self.busy:
            return
        valid, value = self.new_value() if choice == "value" else (True, None)
        if not valid:
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
            self.busy = False
            self.message.setText(error_text(error))
            self._update_button()
            if self.presenter is not None:
                self.presenter(error)

        self.client.resolve_conflict(c.id, choice, done, failed, value=value)
