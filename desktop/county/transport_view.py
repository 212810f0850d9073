"""村和设备 → 传输: per village and device, how its bundles travel (issue 20) — last contact
with the sync server, the last bundle the county imported and how it came (网络/U盘), uploads
waiting, return bundles waiting and downloaded, the last error. Sortable by any column,
filterable to the devices not heard from in N days. Read by `store.sync.transport()`
(sync/transport.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..review.conflict_view import when_text
from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text

SORT = Qt.ItemDataRole.UserRole + 1
DAYS = Qt.ItemDataRole.UserRole + 2     # on column 0: days since last heard (None: never)


def days_since(stamp: str, now: dt.datetime | None = None) -> float | None:
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return ((now or dt.datetime.now(dt.UTC)) - when).total_seconds() / 86400


class _Filter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.days: int | None = None
        self.setSortRole(SORT)

    def set_days(self, days: int | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10: invalidateFilter is deprecated
            self.beginFilterChange()
            self.days = days
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.days = days
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex  # noqa: N802
                         ) -> bool:
        if self.days is None:
            return True
        since = self.sourceModel().index(row, 0, parent).data(DAYS)
        return since is None or since >= self.days


class TransportView(QWidget):
    COLUMNS = 11

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transportView")
        self.client = client
        self.rows: list[Any] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.only_silent = QCheckBox()
        self.only_silent.setObjectName("onlySilent")
        self.days = QSpinBox()
        self.days.setObjectName("silentDays")
        self.days.setRange(1, 365)
        self.days.setValue(7)
        self.days_label = QLabel()
        for w in (self.only_silent, self.days, self.days_label):
            top.addWidget(w)
        top.addStretch(1)
        self.message = QLabel()
        top.addWidget(self.message)
        layout.addLayout(top)
        self.model = QStandardItemModel(0, self.COLUMNS, self)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("transportTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.only_silent.toggled.connect(self._filter)
        self.days.valueChanged.connect(self._filter)
        self.retranslate()

    def retranslate(self) -> None:
        self.only_silent.setText(self.tr("Only devices not heard from in"))
        self.days_label.setText(self.tr("days"))
        self.model.setHorizontalHeaderLabels([
            self.tr("Code"), self.tr("Village"), self.tr("Device"), self.tr("User"),
            self.tr("Last contact"), self.tr("Last bundle"), self.tr("By"),
            self.tr("Uploads pending"), self.tr("Return bundles waiting"),
            self.tr("Return bundles downloaded"), self.tr("Last error")])
        self._show()

    def refresh(self) -> None:
        if self.client.is_open:
            self.client.transport(self.set_rows, self._failed)

    def clear(self) -> None:
        self.rows = []
        self.message.clear()
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def set_rows(self, rows: list[Any]) -> None:
        if not self.client.is_open:
            return
        self.rows = rows
        self.message.clear()
        self._show()

    def _filter(self) -> None:
        self.proxy.set_days(self.days.value() if self.only_silent.isChecked() else None)

    def _show(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        via = {"network": self.tr("network"), "usb": self.tr("USB stick")}
        now = dt.datetime.now(dt.UTC)
        for r in self.rows:
            name = r.device_name or r.device_id[:8]
            if r.revoked:
                name = self.tr("{name} (revoked)").replace("{name}", name)
            cells: list[tuple[str, Any]] = [
                (r.code, r.code), (r.name, r.name), (name, name), (r.user_name, r.user_name),
                (when_text(r.last_contact) if r.last_contact else self.tr("never"),
                 r.last_contact),
                (when_text(r.last_bundle_at) if r.last_bundle_at else self.tr("none"),
                 r.last_bundle_at),
                (via.get(r.last_bundle_via, ""), r.last_bundle_via),
                (str(r.pending_uploads), r.pending_uploads),
                (str(r.returns_waiting), r.returns_waiting),
                (str(r.returns_taken), r.returns_taken),
                (r.last_error and f"{r.last_error} ({when_text(r.last_error_at)})", r.last_error),
            ]
            items = []
            for text, key in cells:
                item = QStandardItem(text)
                item.setData(key, SORT)
                items.append(item)
            items[0].setData(days_since(r.last_heard, now), DAYS)
            self.model.appendRow(items)
