"""The county dashboard's 电话抽查 tab (issue 22): draw a sample and write its call sheet,
record a filled one, and see reach rate and accuracy by township and village, the correction
requests sent to villages, and the 公益性岗位 checks with each person and reason
(reports/spotcheck.py, reports/posts.py; `mopai spotcheck`, `mopai validate`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.tables import read_only_table


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


class SpotCheckDialog(QDialog):
    """A township's 电话抽查 (its app has no county dashboard): the same screen, drawing for
    its own villages only; its draws, calls and requests travel in its bundles."""

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = SpotCheckTab(client, presenter, self)
        QVBoxLayout(self).addWidget(self.tab)
        self.setWindowTitle(self.tr("Phone spot checks"))
        self.resize(1000, 560)
        self.tab.refresh()


class SpotCheckTab(QWidget):
    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client, self.presenter = client, presenter
        self.data: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.weight_label, self.seed_label = QLabel(), QLabel()
        # Where: every village, or one township's (a township: its own only). How many: N per
        # village or a share of each village's eligible persons (as `mopai spotcheck draw`).
        self.area = QComboBox()
        self.area.setObjectName("spotArea")
        self.mode = QComboBox()
        self.mode.setObjectName("spotMode")
        self.mode.addItems(["", ""])
        self.mode.currentIndexChanged.connect(self._show_mode)
        self.per_village = QSpinBox()
        self.per_village.setObjectName("spotPerVillage")
        self.per_village.setRange(1, 500)
        self.per_village.setValue(5)
        self.share = QDoubleSpinBox()
        self.share.setObjectName("spotShare")
        self.share.setRange(0.1, 100)
        self.share.setDecimals(1)
        self.share.setSuffix("%")
        self.share.setValue(5)
        for box in (self.area, self.mode, self.per_village, self.share):
            top.addWidget(box)
        self.weight = QDoubleSpinBox()
        self.weight.setObjectName("spotWeight")
        self.weight.setRange(1, 100)
        self.weight.setValue(1)
        self.seed = QSpinBox()
        self.seed.setObjectName("spotSeed")
        self.seed.setRange(0, 2_000_000_000)
        for label, box in ((self.weight_label, self.weight), (self.seed_label, self.seed)):
            top.addWidget(label)
            top.addWidget(box)
        self.draw_button = QPushButton()
        self.draw_button.setObjectName("spotDraw")
        self.draw_button.clicked.connect(self._ask_draw)
        self.record_button = QPushButton()
        self.record_button.setObjectName("spotRecord")
        self.record_button.clicked.connect(self._ask_record)
        top.addStretch(1)
        top.addWidget(self.draw_button)
        top.addWidget(self.record_button)
        layout.addLayout(top)
        self.status = QLabel()
        self.status.setObjectName("spotStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.figures = read_only_table("spotFigures", 8)
        self.corrections = read_only_table("spotCorrections", 7)
        self.posts = read_only_table("postFindings", 5)
        for table in (self.figures, self.corrections, self.posts):
            self.tabs.addTab(table, "")
        layout.addWidget(self.tabs, 1)
        # Read when shown (the dashboard asks): the 公益岗 checks read the households with posts.
        self.retranslate()
        self._show_mode()

    def retranslate(self) -> None:
        self.mode.setItemText(0, self.tr("Persons per village"))
        self.mode.setItemText(1, self.tr("Share of each village"))
        self._fill_areas()
        self.weight_label.setText(self.tr("Weight of 脱贫户/监测户"))
        self.seed_label.setText(self.tr("Seed"))
        self.draw_button.setText(self.tr("Draw and write the call sheet…"))
        self.record_button.setText(self.tr("Record a filled sheet…"))
        self.tabs.setTabText(0, self.tr("Reach rate and accuracy"))
        self.tabs.setTabText(1, self.tr("Correction requests"))
        self.tabs.setTabText(2, self.tr("公益性岗位 checks"))
        self.figures.setHorizontalHeaderLabels([
            self.tr("Code"), self.tr("Name"), self.tr("Calls"), self.tr("Reached"),
            self.tr("Answers checked"), self.tr("Agreeing"), self.tr("Reach rate"),
            self.tr("Accuracy")])
        self.corrections.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Person"), self.tr("Question"), self.tr("Recorded"),
            self.tr("Heard"), self.tr("State"), self.tr("Reason")])
        self.posts.setHorizontalHeaderLabels([
            self.tr("Household"), self.tr("Person"), self.tr("ID number"), self.tr("Rule"),
            self.tr("Reason")])
        self._show()

    # -- doing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.client.is_open:
            self.client.spot_overview(self.set_data, self._failed)

    def _ask_draw(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write the call sheet"),
                                              "电话抽查表.xlsx", "Excel (*.xlsx)")
        if path:
            self.draw_to(Path(path))

    def draw_to(self, out: Path) -> None:
        from mopai.reports.spotcheck import DrawParams  # start-up: only when drawing

        by_share = self.mode.currentIndex() == 1
        params = DrawParams(seed=self.seed.value(),
                            per_village=None if by_share else self.per_village.value(),
                            share=round(self.share.value() / 100, 4) if by_share else None,
                            weight_poverty=self.weight.value(),
                            area=self.area.currentData() or "")
        self.client.spot_draw(params, out, self._drawn, self._failed)

    def _show_mode(self) -> None:
        by_share = self.mode.currentIndex() == 1
        self.per_village.setVisible(not by_share)
        self.share.setVisible(by_share)

    def _fill_areas(self) -> None:
        """Every village, or one township's; a township's own app draws its villages only."""
        chosen = self.area.currentData()
        d = self.data or {}
        names, codes = d.get("names", {}), d.get("areas", [])
        self.area.blockSignals(True)
        self.area.clear()
        if d.get("role") != "township":
            self.area.addItem(self.tr("All villages"), "")
        for code in codes:
            name = names.get(code, "")
            self.area.addItem(f"{name}（{code}）" if name else code, code)
        found = self.area.findData(chosen)
        self.area.setCurrentIndex(max(found, 0))
        self.area.blockSignals(False)

    def _drawn(self, drawn: dict[str, Any]) -> None:
        self.status.setText(self.tr("Drawn: {n} persons; call sheet written (draw {id}).")
                            .replace("{n}", str(len(drawn["people"])))
                            .replace("{id}", drawn["draw_id"][:8]))
        self.refresh()

    def _ask_record(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Record a filled call sheet"), "",
                                              "Excel (*.xlsx)")
        if path:
            self.record_from(Path(path))

    def record_from(self, path: Path) -> None:
        self.client.spot_record(path, self._recorded, self._failed)

    def _recorded(self, done: Any) -> None:  # noqa: ANN401
        self.status.setText(self.tr("Recorded: {calls} calls, {corr} correction requests; "
                                    "{same} rows were recorded before.")
                            .replace("{calls}", str(done.calls))
                            .replace("{corr}", str(done.corrections))
                            .replace("{same}", str(done.same)))
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_text(error))
        if self.presenter is not None:
            self.presenter(error)

    # -- showing -----------------------------------------------------------------------------
    def set_data(self, data: dict[str, Any]) -> None:
        self.data = data
        self._fill_areas()
        self._show()

    def _fill(self, table: Any, rows: list[tuple[str, ...]]) -> None:  # noqa: ANN401
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))

    def _show(self) -> None:
        from mopai.reports.spotcheck import rates  # the reports layer: loaded with the data

        d = self.data
        if d is None:
            return
        names = d["names"]
        figures = []
        for level in (d["townships"], d["villages"]):
            for code, t in sorted(level.items()):
                r = rates(t)
                figures.append((code, names.get(code, ""), str(t["calls"]), str(t["reached"]),
                                str(t["checked"]), str(t["agreed"]), _percent(r["reach_rate"]),
                                _percent(r["accuracy"])))
        self._fill(self.figures, figures)
        self._fill(self.corrections, [(c.village_code, c.person, c.question_zh, c.recorded,
                                       c.heard, c.state_zh, c.reason) for c in d["corrections"]])
        self._fill(self.posts, [(
            f"{p.household['fields'].get('village_code', '')}-"
            f"{p.household['fields'].get('household_no', '')}", p.name, p.id_number,
            p.rule_zh, p.finding.message_zh) for p in d["posts"]])
        self.tabs.setTabText(2, self.tr("公益性岗位 checks ({n})").replace(
            "{n}", str(len(d["posts"]))))
