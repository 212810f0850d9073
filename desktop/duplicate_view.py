"""Duplicate ID numbers: the same person in two households (or two villages), read-only.

The store flags them at import and never merges them. Deciding which record stands needs a
store call that does not exist yet (`store.sync` has no `resolve_duplicate`), so this list
only shows both households; each opens in the editor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .conflict_view import when_text
from .review_items import DuplicateItem, HouseholdRef
from .tables import read_only_table

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class DuplicateView(QWidget):
    open_household = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[DuplicateItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        layout.addWidget(self.empty)
        self.table = read_only_table("duplicateTable", 4, rows=False)
        self.table.itemDoubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("ID number"), self.tr("First household"),
                                              self.tr("Second household"), self.tr("Found")])
        self.empty.setText(self.tr("No duplicate ID numbers."))
        self.hint.setText(self.tr("Double-click a household to open it. Both records stay "
                                  "until the county decides which one stands."))
        self.set_items(self.items)

    def ref_text(self, ref: HouseholdRef) -> str:
        household = " ".join(t for t in (ref.household_no, ref.head_name) if t)
        text = self.tr("village {code}, household {household}").replace(
            "{code}", ref.village_code).replace("{household}", household or ref.uuid[:8])
        return f"{text} ({ref.person})" if ref.person else text

    def set_items(self, items: list[DuplicateItem]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, d in enumerate(self.items):
            cells = ((d.id_number, None), (self.ref_text(d.first), d.first.uuid),
                     (self.ref_text(d.second), d.second.uuid), (when_text(d.created_at), None))
            for col, (text, uuid) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, uuid)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not self.items)

    def _open(self, item: QTableWidgetItem) -> None:
        uuid = item.data(UUID_ROLE)
        if uuid:
            self.open_household.emit(uuid)
