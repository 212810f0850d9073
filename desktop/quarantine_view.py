"""Quarantined revisions: kept aside at import because they failed validation, never dropped.

Read-only: one row per revision (village, household, received), and for the chosen one the
reasons, one a line, in the words of the validator (Chinese), with who made the revision.
The store has no "release" yet: the village corrects the record and sends it again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .conflict_view import when_text
from .review_items import QuarantineItem
from .tables import read_only_table


class QuarantineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[QuarantineItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        self.empty.setObjectName("quarantineEmpty")
        layout.addWidget(self.empty)
        split = QSplitter()
        layout.addWidget(split, 1)
        self.table = read_only_table("quarantineTable", 4)
        self.table.itemSelectionChanged.connect(self._selected)
        split.addWidget(self.table)
        self.box = QGroupBox()
        bl = QVBoxLayout(self.box)
        self.detail = QTextBrowser()
        self.detail.setObjectName("quarantineDetail")
        bl.addWidget(self.detail)
        split.addWidget(self.box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Village"), self.tr("Household"),
                                              self.tr("Received"), self.tr("Reason")])
        self.box.setTitle(self.tr("Why it was kept aside"))
        self.empty.setText(self.tr("Nothing in quarantine."))
        self.set_items(self.items)

    def household_text(self, q: QuarantineItem) -> str:
        return (" ".join(t for t in (q.household_no, q.head_name) if t)
                or self.tr("unreadable record {id}").replace("{id}", q.record_uuid[:8]))

    def set_items(self, items: list[QuarantineItem]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, q in enumerate(self.items):
            cells = (q.village_code, self.household_text(q), when_text(q.received_at),
                     q.reasons[0] + (" …" if len(q.reasons) > 1 else ""))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.empty.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        q = self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None
        if q is None:
            self.detail.clear()
            return
        lines = [self.tr("Village {code}, household {household}").replace(
                     "{code}", q.village_code).replace("{household}", self.household_text(q)),
                 self.tr("Revision made by {who} on {when}, device {device}; received {received}")
                 .replace("{who}", q.user or "?").replace("{when}", when_text(q.created_at))
                 .replace("{device}", q.device_id[:8] or "?")
                 .replace("{received}", when_text(q.received_at)),
                 "", self.tr("Reasons:")]
        lines += [f"• {r}" for r in q.reasons]
        lines += ["", self.tr("The revision is kept here and not merged. Ask the village to "
                              "correct the record and send it again.")]
        self.detail.setPlainText("\n".join(lines))
