"""Duplicate ID numbers: the same person in two households (or two villages).

The store flags them at import and never merges them. The county decides the selected one
(`store.sync.resolve_duplicate` through `StoreClient.resolve_duplicate`, on the worker):

- "从此户移除此人": the person is removed from the chosen household (after a confirmation that
  names the person and the household); a new revision that travels back to its village;
- "此户为现户籍/居住地": both records stand and the chosen household is the person's current
  registration;
- "两条都保留": both records stand, for a reason the county writes down (required).

Every decision is kept with the queue entry and audited; nothing is deleted blindly. Each
household still opens in the editor with a double-click. Store errors go to the app's error
presenter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.place_names import place_text
from ..widgets.reason_dialog import ReasonDialog
from ..widgets.tables import read_only_table
from .conflict_view import when_text
from .review_items import DuplicateItem, HouseholdRef

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class KeepBothDialog(ReasonDialog):
    """Asks why both records stand; the reason is required (it is kept with the decision)."""

    def __init__(self, id_number: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Keep both records"),
            self.tr("Both records with ID number {id} stand. Why? (for example: works in the "
                    "other village, registration not moved yet)").replace("{id}", id_number),
            self.tr("Keep both"), ok_name="confirmKeepBoth", reason_name="keepBothReason",
            parent=parent)


class DuplicateView(QWidget):
    open_household = Signal(str)
    resolved = Signal(int)            # duplicate id, after the store saved the decision

    def __init__(self, client: StoreClient | None = None,
                 presenter: Callable[[BaseException], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.items: list[DuplicateItem] = []
        self.current: DuplicateItem | None = None
        self.busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        layout.addWidget(self.empty)
        self.names: dict[str, str] = {}  # area code -> name (review_items.Queues.names)
        self.table = read_only_table("duplicateTable", 4, rows=False)
        self.table.itemDoubleClicked.connect(self._open)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.detail = QGroupBox()
        self.detail.setObjectName("duplicateDetail")
        dl = QVBoxLayout(self.detail)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        dl.addWidget(self.title)
        self.households = QButtonGroup(self)
        self.pick_first, self.pick_second = QRadioButton(), QRadioButton()
        for i, button in enumerate((self.pick_first, self.pick_second)):
            button.setObjectName(("pickFirstHousehold", "pickSecondHousehold")[i])
            self.households.addButton(button, i)
            dl.addWidget(button)
        self.households.buttonToggled.connect(lambda *_: self._update_buttons())
        row = QHBoxLayout()
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("duplicateRemove")
        self.remove_button.clicked.connect(self.remove)
        self.current_button = QPushButton()
        self.current_button.setObjectName("duplicateCurrent")
        self.current_button.clicked.connect(self.mark_current)
        self.both_button = QPushButton()
        self.both_button.setObjectName("duplicateBoth")
        self.both_button.clicked.connect(self.keep_both)
        for b in (self.remove_button, self.current_button, self.both_button):
            row.addWidget(b)
        row.addStretch(1)
        dl.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        dl.addWidget(self.message)
        layout.addWidget(self.detail)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("ID number"), self.tr("First household"),
                                              self.tr("Second household"), self.tr("Found")])
        self.empty.setText(self.tr("No duplicate ID numbers."))
        self.hint.setText(self.tr("Double-click a household to open it. Both records stay "
                                  "until the county decides which one stands."))
        self.detail.setTitle(self.tr("Decide the selected duplicate"))
        self.remove_button.setText(self.tr("Remove this person from this household"))
        self.current_button.setText(self.tr("This household is the current registration"))
        self.both_button.setText(self.tr("Keep both records"))
        self.set_items(self.items)

    def ref_text(self, ref: HouseholdRef) -> str:
        household = " ".join(t for t in (ref.household_no, ref.head_name) if t)
        text = self.tr("village {code}, household {household}").replace(
            "{code}", place_text(self.names, ref.village_code)).replace(
            "{household}", household or ref.uuid[:8])
        text = f"{text} ({ref.person})" if ref.person else text
        post = self.tr("[public-welfare post]")
        return f"{text} {post}" if ref.public_post else text

    def set_items(self, items: list[DuplicateItem]) -> None:
        keep = self.current.id if self.current is not None else None
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, d in enumerate(self.items):
            cells = ((d.id_number, None), (self.ref_text(d.first), d.first.uuid),
                     (self.ref_text(d.second), d.second.uuid), (when_text(d.created_at), None))
            for col, (text, uuid) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, uuid)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not self.items)
        row = next((i for i, d in enumerate(self.items) if d.id == keep),
                   0 if self.items else -1)
        self.table.clearSelection()
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        self.table.blockSignals(False)
        self._selected()

    # -- selection -------------------------------------------------------------------------
    def _selected(self) -> None:
        items = self.table.selectedItems()
        row = items[0].row() if items else -1
        d = self.items[row] if 0 <= row < len(self.items) else None
        column = items[0].column() if items else 0
        same = d is not None and self.current is not None and d.id == self.current.id
        if not same or column in (1, 2):        # a reload keeps the household picked
            self.households.setExclusive(False)
            self.pick_first.setChecked(column == 1)
            self.pick_second.setChecked(column == 2)
            self.households.setExclusive(True)
        self.current = d
        self.detail.setEnabled(d is not None)
        if d is None:
            self.title.clear()
            self.pick_first.setText("")
            self.pick_second.setText("")
        else:
            title = self.tr("ID number {id}").replace("{id}", d.id_number)
            if d.public_post_twice:
                title += " — " + self.tr("holds a public-welfare post in both records")
            self.title.setText(title)
            self.pick_first.setText(self.ref_text(d.first))
            self.pick_second.setText(self.ref_text(d.second))
        self._update_buttons()

    def chosen(self) -> HouseholdRef | None:
        d = self.current
        if d is None:
            return None
        return {0: d.first, 1: d.second}.get(self.households.checkedId())

    def _update_buttons(self) -> None:
        ready = self.current is not None and not self.busy and self.client is not None
        self.remove_button.setEnabled(ready and self.chosen() is not None)
        self.current_button.setEnabled(ready and self.chosen() is not None)
        self.both_button.setEnabled(ready)

    # -- deciding --------------------------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, d: DuplicateItem) -> str | None:
        """The reason both records stand, or None if the person cancelled."""
        dialog = KeepBothDialog(d.id_number, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_text()

    def remove(self) -> None:
        d, ref = self.current, self.chosen()
        if d is None or ref is None or self.busy:
            return
        household = " ".join(t for t in (ref.household_no, ref.head_name) if t) or ref.uuid[:8]
        text = (self.tr("Remove {person} (ID number {id}) from household {household} of "
                        "village {code}? The other record stays; the change is sent back to "
                        "the village with the next return bundle.")
                .replace("{person}", ref.person or d.id_number).replace("{id}", d.id_number)
                .replace("{household}", household).replace(
                    "{code}", place_text(self.names, ref.village_code)))
        if self.confirm(self.tr("Remove from household"), text):
            self._resolve(d, "remove", ref.uuid, "")

    def mark_current(self) -> None:
        d, ref = self.current, self.chosen()
        if d is not None and ref is not None and not self.busy:
            self._resolve(d, "current", ref.uuid, "")

    def keep_both(self) -> None:
        d = self.current
        if d is None or self.busy:
            return
        reason = self.ask_reason(d)
        if reason is not None:
            ref = self.chosen()
            self._resolve(d, "both", ref.uuid if ref is not None else None, reason)

    def _resolve(self, d: DuplicateItem, action: str, household: str | None, note: str) -> None:
        if self.client is None:
            return
        self.busy = True
        self.message.clear()
        self._update_buttons()

        def done(_changes: Any) -> None:
            self.busy = False
            self.message.setText(self.tr("Decided. The decision is kept with the duplicate."))
            self._update_buttons()
            self.resolved.emit(d.id)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.message.setText(error_text(error))
            self._update_buttons()
            if self.presenter is not None:
                self.presenter(error)

        self.client.resolve_duplicate(d.id, action, done, failed, household=household,
                                      note=note)

    def _open(self, item: QTableWidgetItem) -> None:
        uuid = item.data(UUID_ROLE)
        if uuid:
            self.open_household.emit(uuid)
