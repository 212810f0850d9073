"""Quarantined revisions: kept aside at import because they failed validation, never dropped.

One row per revision (village, household, received), and for the chosen one the reasons,
one a line, in the words of the validator (Chinese), with who made the revision. A revision
that fails a check stays here: the village corrects the record and sends it again. A change
of a household another village owns is a claim the county may approve as a move (迁户,
`sync.ownership.approve_claim`), with a reason kept in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..widgets.error_dialog import error_text
from ..widgets.place_names import place_text
from ..widgets.tables import read_only_table
from .claim_dialog import ApproveClaimDialog
from .conflict_view import when_text
from .review_items import QuarantineItem


class QuarantineView(QWidget):
    resolved = Signal(int)  # quarantine id, after a claim was approved

    def __init__(self, client: Any = None,
                 presenter: Callable[[BaseException], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.busy = False
        self.items: list[QuarantineItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        self.empty.setObjectName("quarantineEmpty")
        layout.addWidget(self.empty)
        split = QSplitter()
        layout.addWidget(split, 1)
        self.names: dict[str, str] = {}  # area code -> name (review_items.Queues.names)
        self.table = read_only_table("quarantineTable", 4)
        self.table.itemSelectionChanged.connect(self._selected)
        split.addWidget(self.table)
        self.box = QGroupBox()
        bl = QVBoxLayout(self.box)
        self.detail = QTextBrowser()
        self.detail.setObjectName("quarantineDetail")
        bl.addWidget(self.detail)
        self.approve = QPushButton()
        self.approve.setObjectName("approveClaim")
        self.approve.clicked.connect(self.approve_claim)
        bl.addWidget(self.approve)
        self.message = QLabel()
        self.message.setWordWrap(True)
        bl.addWidget(self.message)
        split.addWidget(self.box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Village"), self.tr("Household"),
                                              self.tr("Received"), self.tr("Reason")])
        self.box.setTitle(self.tr("Why it was kept aside"))
        self.empty.setText(self.tr("Nothing in quarantine."))
        self.approve.setText(self.tr("Approve the move…"))
        self.set_items(self.items)

    def household_text(self, q: QuarantineItem) -> str:
        return (" ".join(t for t in (q.household_no, q.head_name) if t)
                or self.tr("unreadable record {id}").replace("{id}", q.record_uuid[:8]))

    def set_items(self, items: list[QuarantineItem]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, q in enumerate(self.items):
            cells = (place_text(self.names, q.village_code), self.household_text(q), when_text(q.received_at),
                     q.reasons[0] + (" …" if len(q.reasons) > 1 else ""))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.empty.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
        self._selected()

    @property
    def current(self) -> QuarantineItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _selected(self) -> None:
        q = self.current
        self.approve.setVisible(q is not None and q.is_claim and self.client is not None)
        self.approve.setEnabled(not self.busy)
        if q is None:
            self.detail.clear()
            return
        lines = [self.tr("Village {code}, household {household}").replace(
                     "{code}", place_text(self.names, q.village_code)).replace(
                     "{household}", self.household_text(q)),
                 self.tr("Revision made by {who} on {when}, device {device}; received {received}")
                 .replace("{who}", q.user or "?").replace("{when}", when_text(q.created_at))
                 .replace("{device}", q.device_id[:8] or "?")
                 .replace("{received}", when_text(q.received_at)),
                 "", self.tr("Reasons:")]
        lines += [f"• {r}" for r in q.reasons]
        if q.is_claim:
            lines += ["", self.tr("Village {claimant} changed a household of village {owner}. "
                                  "If the household has moved, approve the move; otherwise "
                                  "nothing of this change is used.")
                      .replace("{claimant}", place_text(self.names, q.village_code))
                      .replace("{owner}", place_text(self.names, q.owner))]
        else:
            lines += ["", self.tr("The revision is kept here and not merged. Ask the village to "
                                  "correct the record and send it again.")]
        self.detail.setPlainText("\n".join(lines))

    def ask_reason(self, q: QuarantineItem) -> str | None:
        dialog = ApproveClaimDialog(self.household_text(q), place_text(self.names, q.owner),
                                    place_text(self.names, q.village_code), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_text()

    def approve_claim(self) -> None:
        q = self.current
        if q is None or not q.is_claim or self.client is None or self.busy:
            return
        reason = self.ask_reason(q)
        if reason is None:
            return
        self.busy = True
        self.message.clear()
        self._selected()

        def done(_changes: Any) -> None:
            self.busy = False
            self.message.setText(self.tr("Approved: the household now belongs to village "
                                         "{code}.").replace(
                "{code}", place_text(self.names, q.village_code)))
            self._selected()
            self.resolved.emit(q.id)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.message.setText(error_text(error))
            self._selected()
            if self.presenter is not None:
                self.presenter(error)

        self.client.approve_claim(q.id, reason, done, failed)
