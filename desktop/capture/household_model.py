"""The household list's table model (Anki's browser): a ``Column`` enum, role constants, a
lazy row cache, and a ``QSortFilterProxyModel`` for sorting and the filters.

The source model holds light ``client.Row`` tuples (a few hundred bytes per household) and
the ``Facts`` computed on the worker; display strings are formatted only for rows the view
asks for and cached until the row changes. Search is done by the store (it knows pinyin
initials and ID fragments); the proxy applies the filters that need the facts.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ..shell.client import Row
from .facts import Facts

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FACTS_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NO = 0
    HEAD = 1
    MEMBERS = 2
    TYPE = 3
    STATUS = 4
    ISSUES = 5
    SURVEY_DATE = 6
    UPDATED = 7


def column_title(column: Column) -> str:
    return {
        Column.NO: QCoreApplication.translate("HouseholdTableModel", "Household no."),
        Column.HEAD: QCoreApplication.translate("HouseholdTableModel", "Head of household"),
        Column.MEMBERS: QCoreApplication.translate("HouseholdTableModel", "Members"),
        Column.TYPE: QCoreApplication.translate("HouseholdTableModel", "Household type"),
        Column.STATUS: QCoreApplication.translate("HouseholdTableModel", "Status"),
        Column.ISSUES: QCoreApplication.translate("HouseholdTableModel", "Errors / warnings"),
        Column.SURVEY_DATE: QCoreApplication.translate("HouseholdTableModel", "Survey date"),
        Column.UPDATED: QCoreApplication.translate("HouseholdTableModel", "Last saved"),
    }[column]


class HouseholdTableModel(QAbstractTableModel):
    def __init__(self, type_label=None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[Row] = []
        self._all: dict[str, Row] = {}   # every household, in the store's 户编号 order
        self._index: dict[str, int] = {}
        self._facts: dict[str, Facts] = {}
        self._cache: dict[int, tuple[Any, ...]] = {}
        self._type_label = type_label or (lambda v: v or "")
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- sorting: here in Python with one key per row, not by the proxy's lessThan, which
    # calls data() n·log n times through Qt (≈ 0.6 s for 5,000 rows on every keystroke)
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = None if column < 0 else (column, order)
        self.beginResetModel()
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        if Column(column) in (Column.NO, Column.HEAD, Column.TYPE, Column.STATUS, Column.UPDATED):
            key = {Column.NO: lambda r: (len(r.household_no), r.household_no),
                   Column.HEAD: lambda r: r.head_name,
                   Column.TYPE: lambda r: r.household_type or "",
                   Column.STATUS: lambda r: r.status,
                   Column.UPDATED: lambda r: r.updated_at}[Column(column)]
        else:
            key = lambda r: self._format(r)[column][1]  # noqa: E731
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()

    # -- filling ---------------------------------------------------------------------------
    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self._index = {r.uuid: i for i, r in enumerate(self._rows)}
        self._cache.clear()
        self.endResetModel()

    def set_all(self, rows: list[Row]) -> None:
        """Every household's row; what is shown is then chosen by `show_only`."""
        self._all = {r.uuid: r for r in rows}
        self.set_rows(rows)

    def retranslate(self) -> None:
        """The rows' texts again, after the app's or the questionnaire's language changed
        (户类型 in the form's, 完成/草稿 in the app's): the formatted rows are kept."""
        self._cache.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def show_only(self, uuids: list[str] | None) -> None:
        """Show the given households (search results, in their order), or all for None."""
        rows = (list(self._all.values()) if uuids is None
                else [self._all[u] for u in uuids if u in self._all])
        self.set_rows(rows)

    def update_rows(self, rows: list[Row], deleted: set[str] | frozenset[str] = frozenset(),
                    gone: set[str] | frozenset[str] = frozenset()) -> None:
        """Apply a change in place: refresh or append ``rows``, remove ``deleted``/``gone``."""
        for row in rows:
            self._all[row.uuid] = row
        for uuid in set(deleted) | set(gone):
            self._all.pop(uuid, None)
            i = self._index.get(uuid)
            if i is not None:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                self._reindex()
        for row in rows:
            i = self._index.get(row.uuid)
            if i is None:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(row)
                self._index[row.uuid] = n
                self.endInsertRows()
            else:
                self._rows[i] = row
                self._cache.pop(i, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(Column) - 1))

    def _reindex(self) -> None:
        self._index = {r.uuid: i for i, r in enumerate(self._rows)}
        self._cache.clear()

    def set_facts(self, facts: dict[str, Facts]) -> None:
        self._facts = facts
        self._cache.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))

    def clear(self) -> None:
        self._all = {}
        self.set_rows([])
        self._facts = {}

    def facts(self, uuid: str) -> Facts | None:
        return self._facts.get(uuid)

    def uuid_at(self, row: int) -> str:
        return self._rows[row].uuid

    def row_of(self, uuid: str) -> int | None:
        return self._index.get(uuid)

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == UUID_ROLE:
            return row.uuid
        if role == FACTS_ROLE:
            return self._facts.get(row.uuid)
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            cached = self._cache.get(index.row())
            if cached is None:
                cached = self._cache[index.row()] = self._format(row)
            display, sort = cached[column]
            return display if role == Qt.ItemDataRole.DisplayRole else sort
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.ISSUES:
            facts = self._facts.get(row.uuid)
            if facts and facts.errors:
                return QBrush(QColor("#b00020"))
        return None

    def _format(self, row: Row) -> tuple[tuple[Any, Any], ...]:
        facts = self._facts.get(row.uuid)
        status = (QCoreApplication.translate("HouseholdTableModel", "Complete")
                  if row.status == "complete"
                  else QCoreApplication.translate("HouseholdTableModel", "Draft"))
        issues = ("" if facts is None else
                  f"{facts.errors} / {facts.warnings}" if facts.errors or facts.warnings else "")
        survey = (facts.survey_date or "") if facts else ""
        members = facts.members if facts else ""
        no_key = (len(row.household_no), row.household_no)  # "12" after "9"
        return ((row.household_no, no_key), (row.head_name, row.head_name),
                (str(members), members or 0),
                (row.type_text or self._type_label(row.household_type), row.household_type or ""),
                (status, row.status),
                (issues, (facts.errors, facts.warnings) if facts else (0, 0)),
                (survey, survey), (row.updated_at[:16].replace("T", " "), row.updated_at))


class HouseholdFilterProxy(QSortFilterProxyModel):
    """Sort by ``SORT_ROLE``; filter by 零就业家庭, 户类型, errors and survey date."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)     # filters re-run on set_filters / refilter
        self.zero_employment = False
        self.with_errors = False
        self.household_type: str | None = None
        self.not_surveyed_since: QDate | None = None

    def set_filters(self, *, zero_employment: bool = False, with_errors: bool = False,
                    household_type: str | None = None,
                    not_surveyed_since: QDate | None = None) -> None:
        self.beginFilterChange()
        self.zero_employment = zero_employment
        self.with_errors = with_errors
        self.household_type = household_type or None
        self.not_surveyed_since = not_surveyed_since
        self.endFilterChange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast, in Python); the proxy keeps its order."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def active(self) -> bool:
        return bool(self.zero_employment or self.with_errors or self.household_type
                    or (self.not_surveyed_since is not None
                        and self.not_surveyed_since.isValid()))

    def refilter(self) -> None:
        """The facts behind the filters changed."""
        self.beginFilterChange()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.active():
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.household_type and model.data(index.siblingAtColumn(Column.TYPE), SORT_ROLE) \
                != self.household_type:
            return False
        facts: Facts | None = model.data(index, FACTS_ROLE)
        if self.zero_employment and not (facts and facts.zero_employment):
            return False
        if self.with_errors and not (facts and facts.errors):
            return False
        if self.not_surveyed_since is not None and self.not_surveyed_since.isValid():
            since = self.not_surveyed_since.toString("yyyy-MM-dd")
            surveyed = facts.survey_date if facts else None
            if surveyed and str(surveyed) >= since:
                return False
        return True
