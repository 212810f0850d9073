"""The 审核 tab of the review page: households sent back (退回修改) and those the village has
corrected since (已修改待复审), with the village's name, the head, the comment and the date.
At the county or a township a row is reviewed again (`ReviewDialog`); at the village it is
the 退回修改 list, and a row opens the household in the editor, where the comment shows on
the questions concerned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from .review_dialog import ReviewDialog

STATES = ("rejected", "corrected")


class HouseholdReviewView(QWidget):
    open_household = Signal(str)
    loaded = Signal(int)

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client, self.presenter = client, presenter
        self.items: list[Any] = []
        self.names: dict[str, str] = {}
        self.dialog: ReviewDialog | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("householdReviews")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open(row))
        self.table.itemSelectionChanged.connect(self._update)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("openReviewed")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.review_button = QPushButton()
        self.review_button.setObjectName("reviewAgain")
        self.review_button.clicked.connect(self.review_selected)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.review_button)
        layout.addLayout(buttons)
        self.retranslate()

    @property
    def reviewer(self) -> bool:
        return self.client.role in ("county", "township")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Village code"), self.tr("Household"),
            self.tr("Review state"), self.tr("Comment"), self.tr("Questions"), self.tr("Date")])
        self.note.setText(
            self.tr("Households sent back for correction, and those the village corrected "
                    "since: review them again.") if self.reviewer else
            self.tr("Households the county sent back for correction: open one, correct the "
                    "questions marked and save it complete; it goes back with the next export."))
        self.open_button.setText(self.tr("Open household"))
        self.review_button.setText(self.tr("Review…"))
        self.review_button.setVisible(self.reviewer)
        self._update()

    def refresh(self) -> None:
        if self.client.is_open:
            self.client.reviews(self.set_items, self.presenter, states=STATES)

    def set_items(self, pair: tuple[list[Any], dict[str, str]]) -> None:
        if not self.client.is_open:
            return
        self.items, self.names = pair
        self.table.setRowCount(len(self.items))
        for row, i in enumerate(self.items):
            cells = [self.names.get(i.village_code, "") or i.village_code, i.village_code,
                     f"{i.household_no} {i.head_name}", i.state_zh, i.comment,
                     str(len(i.questions)) if i.questions else "",
                     i.decided_at[:10]]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, i.uuid)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        self._update()
        self.loaded.emit(len(self.items))

    def waiting(self) -> int:
        """Households this side must act on: corrected ones for a reviewer, sent back ones
        for the village."""
        wanted = "corrected" if self.reviewer else "rejected"
        return sum(i.state == wanted for i in self.items)

    def clear(self) -> None:
        """At lock: no data stays in the widgets."""
        self.items, self.names = [], {}
        self.table.setRowCount(0)
        self._update()

    def _update(self) -> None:
        row = self.table.currentRow()
        has = 0 <= row < len(self.items) and bool(self.table.selectedItems())
        self.open_button.setEnabled(has)
        self.review_button.setEnabled(has)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.open_household.emit(self.items[row].uuid)

    def review_selected(self) -> None:
        row = self.table.currentRow()
        if not (0 <= row < len(self.items)) or not self.reviewer:
            return
        self.dialog = ReviewDialog(self.client, self.items[row].uuid, self.presenter, self)
        self.dialog.decided.connect(lambda _d: self.refresh())
        self.dialog.open()
