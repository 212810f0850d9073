"""The county dashboard's 周通报 tab: the newest weekly township ranking kept (reports.weekly),
with the townships in the bottom two for two weeks running marked, and a button that ranks
the last complete week (one pass over the history per week not kept yet, on the store worker
with the progress dialog). Showing the tab only reads what is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.tables import read_only_table

MARKED = QColor("#f8d7da")
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _signed(value: float | int | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:+g}{unit}"


class WeeklyTab(QWidget):
    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.ranking: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.week = QLabel()
        self.week.setObjectName("weeklyWeek")
        self.week.setWordWrap(True)
        top.addWidget(self.week, 1)
        self.compute = QPushButton()
        self.compute.setObjectName("weeklyCompute")
        self.compute.clicked.connect(self.rank_last_week)
        top.addWidget(self.compute)
        layout.addLayout(top)
        self.table = read_only_table("weeklyTable", 10)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setObjectName("weeklyNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.compute.setText(self.tr("Rank last week"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Rank"), self.tr("Township"), self.tr("Score"),
            self.tr("Places moved"), self.tr("Survey progress (台账建立进度)"),
            self.tr("Return-to-work employment rate"), self.tr("Rise (points)"),
            self.tr("Zero-employment households eliminated"),
            self.tr("Phone spot-check accuracy"), self.tr("Mark")])
        self.note.setText(self.tr(
            "Computed from each household's history as at the end of Sunday and kept: the week "
            "prints again the same (mopai weekly). Phone spot-check accuracy: the answers "
            "checked in the calls made that week (their call date on the sheet, mopai spotcheck "
            "record); in the score "
            "only when the county gives it a weight. Marked: in the bottom two this week and "
            "last week."))
        self._show()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.client.is_open:
            self.client.weekly(self.set_ranking, self._failed)

    def rank_last_week(self) -> None:
        if not self.client.is_open:
            return
        self.compute.setEnabled(False)
        self.client.weekly(self._computed, self._failed, compute=True,
                           label=self.tr("Ranking the townships for last week…"))

    def _computed(self, ranking: dict[str, Any] | None) -> None:
        self.compute.setEnabled(True)
        self.set_ranking(ranking)

    def _failed(self, error: BaseException) -> None:
        self.compute.setEnabled(True)
        self.week.setText(error_text(error))
        if self.presenter is not None:
            self.presenter(error)

    def set_ranking(self, ranking: dict[str, Any] | None) -> None:
        self.ranking = ranking
        self._show()

    def clear(self) -> None:
        self.set_ranking(None)

    # -- showing ---------------------------------------------------------------------------
    def marked(self) -> list[str]:
        return [r["town"] for r in (self.ranking or {}).get("rows", []) if r["marked"]]

    def _show(self) -> None:
        r = self.ranking
        if r is None:
            self.week.setText(self.tr("No weekly ranking kept yet: rank last week."))
            self.table.setRowCount(0)
            return
        monday = dt.date.fromisoformat(r["week"])
        self.week.setText(self.tr("Week {start} to {end}").replace(
            "{start}", monday.isoformat()).replace(
            "{end}", (monday + dt.timedelta(days=6)).isoformat()))
        rows = r["rows"]
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            v = row["values"]
            name = row["name"] if row["name"] != row["town"] else ""
            cells = (str(row["rank"]), f"{name}（{row['town']}）" if name else row["town"],
                     f"{row['score']:.2f}",
                     _signed(row["rank_move"]), _percent(v["progress"]),
                     _percent(v["return_rate"]), _signed(v["return_rise"]),
                     _percent(v["zero"]),
                     _percent(v["spot"]) if v.get("spot_checked") else self.tr("Not started"),
                     self.tr("Bottom two, two weeks running") if row["marked"] else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CODE_ROLE, row["town"])
                if c != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if row["marked"]:
                    item.setBackground(QBrush(MARKED))
                self.table.setItem(i, c, item)
