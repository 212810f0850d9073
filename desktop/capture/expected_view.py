"""The village's list of households to visit (应走访名单, issue 18): what the county's 户籍
list names, each with what was captured of it (sync/expected.py), filtered to those not yet
visited by default. From a row not yet visited the cadre starts a new household with the
head's name and ID number, the 户编号 and the 村民小组 already filled in; a visited row opens
its household."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    GROUP = 0
    NUMBER = 1
    HEAD = 2
    ID_NUMBER = 3
    STATE = 4


VISIT_ROLE = Qt.ItemDataRole.UserRole + 1


class VisitModel(QAbstractTableModel):
    """Rows of `sync.expected.Visit`; a village's list is at most a few thousand rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits: list[Any] = []

    def set_visits(self, visits: list[Any]) -> None:
        self.beginResetModel()
        self.visits = list(visits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(self.visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Group"), self.tr("Household no."), self.tr("Head"),
                self.tr("ID number"), self.tr("Captured"))[section]

    def state_text(self, visit: Any) -> str:
        if visit.uuid is None:
            return self.tr("Not yet visited")
        return self.tr("Complete") if visit.status == "complete" else self.tr("Draft")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        visit = self.visits[index.row()]
        if role == VISIT_ROLE:
            return visit
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (visit.group_name, visit.household_no, visit.head_name, visit.id_number,
                self.state_text(visit))[index.column()]


class MissingFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_missing = True

    def set_only_missing(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_missing = on
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt
        if not self.only_missing:
            return True
        visit = self.sourceModel().index(row, 0, parent).data(VISIT_ROLE)
        return visit is not None and visit.uuid is None


class ExpectedView(QDialog):
    """`start_household(visit)`: start a new household from a listed one not yet visited;
    `open_household(uuid)`: open a visited one."""

    start_household = Signal(object)
    open_household = Signal(str)

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.setWindowTitle(self.tr("Households to visit"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("expectedSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_missing = QCheckBox(self.tr("Only households not yet visited"))
        self.only_missing.setChecked(True)
        layout.addWidget(self.only_missing)
        self.model = VisitModel(self)
        self.proxy = MissingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("New household from this row"))
        self.open_button = QPushButton(self.tr("Open household"))
        close = QPushButton(self.tr("Close"))
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.only_missing.toggled.connect(self.proxy.set_only_missing)
        self.only_missing.toggled.connect(lambda _on: self._selection_changed())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self._activate())
        self.start_button.clicked.connect(self._start)
        self.open_button.clicked.connect(self._open)
        close.clicked.connect(self.reject)
        self._selection_changed()
        self.refresh()

    def refresh(self) -> None:
        self.client.expected_visits(self._loaded)

    def _loaded(self, visits: list[Any]) -> None:
        self.model.set_visits(visits)
        seen = sum(v.uuid is not None for v in visits)
        done = sum(v.status == "complete" for v in visits)
        if not visits:
            self.summary.setText(self.tr(
                "The county has not sent a list of households to visit for this village."))
        else:
            self.summary.setText(
                self.tr("Expected {expected}, visited {visited}, complete {complete}, "
                        "not yet visited {missing}")
                .replace("{expected}", str(len(visits))).replace("{visited}", str(seen))
                .replace("{complete}", str(done)).replace("{missing}", str(len(visits) - seen)))
        self._selection_changed()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(VISIT_ROLE) if rows else None

    def _selection_changed(self) -> None:
        visit = self.selected()
        self.start_button.setEnabled(visit is not None and visit.uuid is None)
        self.open_button.setEnabled(visit is not None and visit.uuid is not None)

    def _activate(self) -> None:
        visit = self.selected()
        if visit is not None:
            (self._start if visit.uuid is None else self._open)()

    def _start(self) -> None:
        visit = self.selected()
        if visit is not None and visit.uuid is None:
            self.start_household.emit(visit)
            self.accept()

    def _open(self) -> None:
        visit = self.selected()
        if visit is not None and visit.uuid is not None:
            self.open_household.emit(visit.uuid)
            self.accept()
