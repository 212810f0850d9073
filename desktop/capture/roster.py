"""The member roster beside the editor: the household page, one entry per member, the
buttons that add, remove and reorder members, and the one that shows all members at once
(the grid, roster_grid.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QGridLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .repeat_editor import OVER_COUNT, count_tooltip, over_count, over_label


class Roster(QWidget):
    page_selected = Signal(int)          # 0 = household, n = member n-1
    add_member = Signal()
    remove_member = Signal(int)          # member index
    move_member = Signal(int, int)       # member index, -1 up / +1 down
    grid_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("roster")
        # a long name and relation wrap onto a second line rather than run out of sight
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._selected)
        layout.addWidget(self.list, 1)
        buttons = QGridLayout()
        self.add = QPushButton()
        self.add.setObjectName("addMember")
        self.remove = QPushButton()
        self.up = QPushButton()
        self.down = QPushButton()
        self.grid = QPushButton()
        self.grid.setObjectName("rosterGridButton")
        self.grid.clicked.connect(self.grid_requested)
        self.add.clicked.connect(self.add_member)
        self.remove.clicked.connect(lambda: self._member_action(self.remove_member.emit))
        self.up.clicked.connect(lambda: self._member_action(lambda i: self.move_member.emit(i, -1)))
        self.down.clicked.connect(lambda: self._member_action(lambda i: self.move_member.emit(i, 1)))
        buttons.addWidget(self.add, 0, 0)
        buttons.addWidget(self.remove, 0, 1)
        buttons.addWidget(self.up, 1, 0)
        buttons.addWidget(self.down, 1, 1)
        buttons.addWidget(self.grid, 2, 0, 1, 2)
        layout.addLayout(buttons)
        # the members beyond the members' repeat_count, named (never removed by themselves)
        self.over = over_label()
        layout.addWidget(self.over)
        self._members: list[tuple[str, str]] = []
        self._count: tuple[int | None, str] = (None, "")

    def retranslate(self) -> None:
        self.add.setText(self.tr("Add member"))
        self.remove.setText(self.tr("Remove"))
        self.up.setText(self.tr("Move up"))
        self.down.setText(self.tr("Move down"))
        self.grid.setText(self.tr("All members"))
        self.set_members(self._members)

    def set_members(self, members: list[tuple[str, str]]) -> None:
        """``members``: (name, relation label) in order."""
        self._members = list(members)
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItem(self.tr("Household"))
        unnamed = self.tr("(no name)")
        for i, (name, relation) in enumerate(self._members):
            text = f"{i + 1}. {name or unnamed}"
            self.list.addItem(f"{text} ({relation})" if relation else text)
        self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self.list.blockSignals(False)
        self._show_count()
        self._update_buttons()

    def set_count(self, want: int | None, source: str) -> None:
        """The members' repeat_count as evaluated (None: not known, or none): no adding by
        hand while it applies; the members beyond it marked and named (decision 67)."""
        if (want, source) != self._count:
            self._count = (want, source)
            self._show_count()

    @property
    def want(self) -> int | None:
        """The members' repeat_count while it applies (the add button is off), else None."""
        return self._count[0]

    def _show_count(self) -> None:
        want, source = self._count
        self.add.setEnabled(want is None)
        self.add.setToolTip("" if want is None else count_tooltip(source))
        have = len(self._members)
        over = want is not None and have > want
        self.over.setText(over_count(want, have, source, members=True) if over else "")
        self.over.setVisible(over)
        for i in range(have):
            item = self.list.item(i + 1)
            item.setForeground(QBrush(OVER_COUNT) if over and i >= want else QBrush())

    def select(self, page: int) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(page)
        self.list.blockSignals(False)
        self._update_buttons()

    def _selected(self, row: int) -> None:
        self._update_buttons()
        if row >= 0:
            self.page_selected.emit(row)

    def _member_action(self, action) -> None:  # noqa: ANN001
        row = self.list.currentRow()
        if row >= 1:
            action(row - 1)

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        member = row >= 1
        self.remove.setEnabled(member)
        self.up.setEnabled(member and row > 1)
        self.down.setEnabled(member and row < self.list.count() - 1)
