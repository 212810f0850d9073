"""Interviews too fast for the household's size (county): each complete household whose
paradata (sync/paradata.py) gives less than `paradata.SECONDS_PER_MEMBER` a person, with
when, how long and who entered it. A warning for a person to look at, not a queue entry to
resolve: a double-click opens the household (and its history) to check with the village.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from mopai.sync import paradata

from ..shell.client import StoreClient
from ..widgets.tables import read_only_table

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class InterviewView(QWidget):
    open_household = Signal(str)

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.items: list = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = read_only_table("interviewTable", 8)
        self.table.cellDoubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(self.tr(
            "Complete households entered in less than {n} minute(s) per person: too fast to "
            "have asked every question. Check them with the village; double-click to open.")
            .replace("{n}", str(paradata.SECONDS_PER_MEMBER // 60)))
        self.table.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Household no."), self.tr("Head of household"),
            self.tr("Members"), self.tr("Minutes"), self.tr("Minutes per person"),
            self.tr("Entered by"), self.tr("Interview")])

    def set_items(self, items: list) -> None:  # sync.interviews.Flagged
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, f in enumerate(self.items):
            iv = f.interview
            cells = [f.village_code, f.household_no, f.head_name, str(iv.members),
                     f"{iv.minutes:g}", f"{iv.per_member_minutes:g}", iv.by,
                     f"{paradata.local_time(iv.started_at)} – {paradata.local_time(iv.ended_at)}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, f.uuid)
                self.table.setItem(row, col, item)

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_household.emit(item.data(UUID_ROLE))
