"""The village's correction requests (issue 22): answers a phone spot check (the county's or
the township's) heard otherwise, with what was recorded and what was heard. A request is
resolved when the household is saved after it arrived, or dismissed here with a reason that
travels back to the county (and the township) in the next data bundle (sync/spotchecks.py).
Opening one opens its household in the editor (the main window's 核实要求 action shows
`CorrectionsDialog`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.reason_dialog import ReasonDialog
from ..widgets.tables import read_only_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CorrectionsDialog(QDialog):
    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = CorrectionsView(client, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.setWindowTitle(self.tr("Correction requests"))
        self.resize(900, 420)


class CorrectionsView(QWidget):
    open_household = Signal(str)

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.items: list[Any] = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName("correctionsNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = read_only_table("correctionsTable", 7)
        self.table.doubleClicked.connect(lambda _i: self._open())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("correctionOpen")
        self.open_button.clicked.connect(self._open)
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("correctionDismiss")
        self.dismiss_button.clicked.connect(self.dismiss)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.dismiss_button)
        layout.addLayout(row)
        client.changed.connect(lambda _c: self.refresh())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.note.setText(self.tr(
            "A phone spot check of the county or the township heard these answers otherwise. "
            "Open the household and correct it (saving it resolves the request), or say why "
            "the answer stands."))
        self.open_button.setText(self.tr("Open household"))
        self.dismiss_button.setText(self.tr("The answer stands…"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Person"), self.tr("Question"), self.tr("Recorded"), self.tr("Heard"),
            self.tr("State"), self.tr("Reason"), self.tr("Requested")])
        self._show()

    def refresh(self) -> None:
        if self.client.is_open:
            self.client.corrections(self.set_items)

    def set_items(self, items: list[Any]) -> None:
        order = {"open": 0, "dismissed": 1, "resolved": 2}
        self.items = sorted(items, key=lambda i: (order.get(i.state, 3), i.created_at))
        self._show()

    def state_text(self, state: str) -> str:
        return {"open": self.tr("To check"), "resolved": self.tr("Corrected"),
                "dismissed": self.tr("Answer stands")}.get(state, state)

    def _show(self) -> None:
        self.table.setRowCount(len(self.items))
        for r, i in enumerate(self.items):
            cells = (i.person, i.question_zh, i.recorded, i.heard, self.state_text(i.state),
                     i.reason, i.created_at[:10])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, i.correction_id)
                self.table.setItem(r, c, item)
        self.dismiss_button.setEnabled(any(i.state == "open" for i in self.items))

    def current(self) -> Any:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _open(self) -> None:
        item = self.current()
        if item is not None:
            self.open_household.emit(item.record_uuid)

    def dismiss(self, *, reason: str | None = None) -> None:
        """Dismiss the selected open request; `reason` skips the dialog (tests)."""
        item = self.current()
        if item is None or item.state != "open":
            return
        if reason is None:
            dialog = ReasonDialog(
                self.tr("The answer stands"),
                self.tr("The recorded answer of {person} ({question}: {recorded}) stands. "
                        "The reason goes to the county.").replace("{person}", item.person)
                .replace("{question}", item.question_zh).replace("{recorded}", item.recorded),
                self.tr("Send the reason"), ok_name="correctionDismissOk",
                reason_name="correctionReason", parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason = dialog.reason_text()
        self.client.dismiss_correction(item.correction_id, reason, lambda _r: self.refresh())
