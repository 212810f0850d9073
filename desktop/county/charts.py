"""Bar charts of the county dashboard (QtCharts, imported only when a county builds them: the
village app never loads the module).

Three charts over the townships: 就业率, 零就业家庭, and 劳动力 beside 已就业. Each keeps its
series so that a refresh replaces the bars in place; labels are the township names, drawn in
the application font (the system's fallback finds a CJK face for the Chinese).
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

COLOURS = ("#1565c0", "#b00020", "#2e7d32")


class BarChart(QChartView):
    """One chart: categories on x, one bar set per series name, values on y."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_.setFont(QApplication.font())
        self.series = QBarSeries()
        self.chart_.addSeries(self.series)
        self.x = QBarCategoryAxis()
        self.y = QValueAxis()
        self.chart_.addAxis(self.x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x)
        self.series.attachAxis(self.y)

    def set_data(self, title: str, categories: list[str], sets: list[tuple[str, list[float]]],
                 *, percent: bool = False) -> None:
        """Replace the bars: `sets` is [(series name, one value per category)]."""
        font = QApplication.font()
        self.chart_.setTitle(title)
        self.chart_.setTitleFont(font)
        self.series.clear()
        for i, (name, values) in enumerate(sets):
            bars = QBarSet(name)
            bars.setColor(QColor(COLOURS[i % len(COLOURS)]))
            bars.append([float(v) for v in values])
            self.series.append(bars)
        self.series.setLabelsVisible(True)
        self.series.setLabelsFormat("@value%" if percent else "@value")
        self.series.setLabelsPrecision(3)
        self.chart_.legend().setVisible(len(sets) > 1)
        self.chart_.legend().setFont(font)
        self.x.clear()
        self.x.append(categories)
        self.x.setLabelsFont(font)
        self.y.setLabelsFont(font)
        top = max((v for _n, values in sets for v in values), default=0.0)
        if percent:
            self.y.setRange(0, 100)
            self.y.setLabelFormat("%d%%")
        else:
            self.y.setRange(0, max(1.0, top * 1.15))
            self.y.setLabelFormat("%d")

    def values(self, index: int = 0) -> list[float]:
        """The bars of series `index` (tests, and anything reading the chart back)."""
        bars = self.series.barSets()[index]
        return [bars.at(i) for i in range(bars.count())]

    def categories(self) -> list[str]:
        return list(self.x.categories())
