"""The county's 概览: indicators by township and village, charts, the weekly rankings, the
零就业家庭 list, survey progress against the expected households (as on the summary's 调查进度
sheet, `reports.progress`) and how fresh each village's data is.

One worker job per refresh (`StoreClient.county_overview`: `reports.figures` sums kept per
village, and `sync.villages.village_overview`), run after unlocking, after an import and after
a change re-emitted on `client.changed`; a refresh asked for while one runs is queued once.
The township table filters the village table; villages that never sent a bundle, or miss
sequence numbers, are highlighted. Double-clicking a 零就业家庭 opens the household. The
周通报 tab (`weekly_tab.py`) shows the newest weekly ranking kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..review.alert_banner import AlertBanner
from ..review.conflict_view import when_text
from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.place_names import NamesBanner
from ..widgets.tables import read_only_table
from .charts import BarChart
from .jobs_tab import JobsTab
from .spotcheck_tab import SpotCheckTab
from .villages import MISSING, STALE, missing_text
from .weekly_tab import WeeklyTab

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
RATES = {"employment_rate", "poverty_employment_rate", "five_clear_share"}
INDICATORS = ("households", "labour_force", "employed", "employment_rate",
              "poverty_employment_rate", "transfer_employed", "zero_employment_households",
              "wants_job", "wants_training", "wants_business", "five_clear_households",
              "five_clear_share", "draft_households")
FRESHNESS = ("last_bundle", "days_since", "missing")
SERVICES = "services_311"  # the "311" column: share of people due 311 who have it this year
PROGRESS = ("expected", "visited", "complete", "draft", "five_clear", "visit_rate",
            "complete_rate")


def value_text(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in RATES:
        return f"{100 * value:.1f}%"
    return str(value)


class CountyDashboard(QWidget):
    open_household = Signal(str)
    review_requested = Signal()
    import_areas_requested = Signal()      # the unnamed prompt's button
    loaded = Signal(object)                # (CountyFigures, [VillageStatus])

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.figures: Any = None
        self.statuses: list[Any] = []
        self.running = False
        self.again = False
        layout = QVBoxLayout(self)
        self.banner = AlertBanner()
        self.banner.details_requested.connect(self.review_requested)
        layout.addWidget(self.banner)
        self.totals_box = QGroupBox()
        grid = QGridLayout(self.totals_box)
        # figures of complete households (as the summary counts them), drafts apart
        self.total_keys = ("households", "labour_force", "employed", "employment_rate",
                           "poverty_employment_rate", "zero_employment_households",
                           "five_clear_share", SERVICES, "draft_households", "no_bundle",
                           "with_gaps")
        self.total_labels: dict[str, QLabel] = {}
        self.total_values: dict[str, QLabel] = {}
        for i, key in enumerate(self.total_keys):
            label, value = QLabel(), QLabel("—")
            value.setObjectName(f"county_{key}")
            value.setStyleSheet("font-weight: bold;")
            self.total_labels[key], self.total_values[key] = label, value
            grid.addWidget(label, i // 5, 2 * (i % 5))
            grid.addWidget(value, i // 5, 2 * (i % 5) + 1)
        layout.addWidget(self.totals_box)
        self.state = QLabel()
        self.state.setObjectName("countyState")
        layout.addWidget(self.state)
        # townships and villages shown by code for want of a name, and how to name them
        self.unnamed = QLabel()
        self.unnamed.setObjectName("countyUnnamed")
        self.unnamed.setWordWrap(True)
        self.unnamed.setStyleSheet("color: #8a5a00;")
        self.unnamed.hide()
        self.import_areas_button = QPushButton()
        self.import_areas_button.setObjectName("importAreas")
        self.import_areas_button.clicked.connect(self.import_areas_requested)
        self.import_areas_button.hide()
        unnamed_row = QHBoxLayout()
        unnamed_row.addWidget(self.unnamed, 1)
        unnamed_row.addWidget(self.import_areas_button)
        layout.addLayout(unnamed_row)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("countyTabs")
        layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        self.townships = read_only_table("townshipTable", 3 + len(INDICATORS))
        self.townships.itemSelectionChanged.connect(self._show_villages)
        self.villages = read_only_table("villageTable",
                                        4 + len(INDICATORS) + len(FRESHNESS))
        split.addWidget(self.townships)
        split.addWidget(self.villages)
        self.tabs.addTab(split, "")

        charts = QWidget()
        chart_page = QVBoxLayout(charts)
        # the axes show a township's code while the area list has no name for it: say so here
        self.chart_banner = NamesBanner(charts)
        self.chart_banner.import_requested.connect(self.import_areas_requested)
        chart_page.addWidget(self.chart_banner)
        cl = QHBoxLayout()
        chart_page.addLayout(cl, 1)
        self.rate_chart = BarChart("rateChart")
        self.zero_chart = BarChart("zeroChart")
        self.labour_chart = BarChart("labourChart")
        for chart in (self.rate_chart, self.zero_chart, self.labour_chart):
            cl.addWidget(chart)
        self.tabs.addTab(charts, "")

        rankings = QWidget()
        rl = QHBoxLayout(rankings)
        self.rank_boxes = (QGroupBox(), QGroupBox())
        self.rank_tables = (read_only_table("rankEmployment", 3),
                            read_only_table("rankFiveClear", 3))
        for box, table in zip(self.rank_boxes, self.rank_tables, strict=True):
            QVBoxLayout(box).addWidget(table)
            rl.addWidget(box)
        self.tabs.addTab(rankings, "")

        self.zero = read_only_table("countyZeroTable", 6)
        self.zero.itemDoubleClicked.connect(self._open)
        self.zero.itemActivated.connect(self._open)
        self.tabs.addTab(self.zero, "")

        progress = QWidget()
        pl = QVBoxLayout(progress)
        self.progress_note = QLabel()
        self.progress_note.setObjectName("progressNote")
        self.progress_note.setWordWrap(True)
        pl.addWidget(self.progress_note)
        self.progress = read_only_table("progressTable", 3 + len(PROGRESS))
        pl.addWidget(self.progress, 1)
        self.tabs.addTab(progress, "")
        self.weekly = WeeklyTab(client, presenter)
        self.tabs.addTab(self.weekly, "")
        self.jobs = JobsTab(client, presenter)
        self.tabs.addTab(self.jobs, "")
        self.spot = SpotCheckTab(client, presenter)   # 电话抽查 and 公益岗 checks (issue 22)
        self.tabs.addTab(self.spot, "")
        self.tabs.currentChanged.connect(
            lambda _i: self.spot.refresh() if self.tabs.currentWidget() is self.spot else None)
        client.changed.connect(lambda _c: self.refresh())
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------
    def indicator_titles(self) -> dict[str, str]:
        return {
            "households": self.tr("Complete households"),
            "draft_households": self.tr("Drafts (not counted)"),
            "labour_force": self.tr("Labour force"),
            "employed": self.tr("Employed"), "employment_rate": self.tr("Employment rate"),
            "poverty_employment_rate": self.tr("Employment rate, 脱贫户 and 监测户"),
            "transfer_employed": self.tr("Transfer employment"),
            "zero_employment_households": self.tr("Zero-employment households"),
            "wants_job": self.tr("Want a job"), "wants_training": self.tr("Want training"),
            "wants_business": self.tr("Want to start a business"),
            "five_clear_households": self.tr("Complete on all five (五清)"),
            "five_clear_share": self.tr("五清 share"),
            SERVICES: self.tr("311 met this year"),
            "last_bundle": self.tr("Last bundle received"), "days_since": self.tr("Days since"),
            "missing": self.tr("Missing sequence numbers"),
            "no_bundle": self.tr("Villages without any bundle"),
            "with_gaps": self.tr("Villages with missing bundles"),
        }

    def retranslate(self) -> None:
        self.import_areas_button.setText(self.tr("Import the area list…"))
        titles = self.indicator_titles()
        self.totals_box.setTitle(self.tr(
            "County: figures of complete households; drafts are counted apart"))
        for key, label in self.total_labels.items():
            label.setText(titles[key])
        self.townships.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Township")] + [titles[k] for k in INDICATORS]
            + [titles[SERVICES]])
        self.villages.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Village"), self.tr("Township")]
            + [titles[k] for k in (*INDICATORS, SERVICES, *FRESHNESS)])
        for i, text in enumerate((self.tr("Townships and villages"), self.tr("Charts"),
                                  self.tr("Rankings"))):
            self.tabs.setTabText(i, text)
        n = len(self.figures.zero) if self.figures is not None else 0
        self.tabs.setTabText(3, self.tr("Zero-employment households ({n})").replace(
            "{n}", str(n)))
        self.tabs.setTabText(5, self.tr("Weekly ranking (周通报)"))
        self.weekly.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.jobs), self.tr("Job postings (岗位信息)"))
        self.jobs.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.spot), self.tr("Phone spot checks"))
        self.rank_boxes[0].setTitle(self.tr("Townships by employment rate"))
        self.rank_boxes[1].setTitle(self.tr("Townships by 五清 completeness"))
        for table, key in zip(self.rank_tables, ("employment_rate", "five_clear_share"),
                              strict=True):
            table.setHorizontalHeaderLabels([self.tr("Rank"), self.tr("Township"),
                                             titles[key]])
        self.zero.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Township"), self.tr("Household no."),
            self.tr("Head of household"), self.tr("Labour force"), self.tr("Phone")])
        self.tabs.setTabText(4, self.tr("Survey progress"))
        self.progress.setHorizontalHeaderLabels([
            self.tr("Township"), self.tr("Village"), self.tr("Code"),
            self.tr("Expected households"), self.tr("Visited"), self.tr("Complete"),
            self.tr("Draft"), self.tr("Complete on all five (五清)"), self.tr("Visit rate"),
            self.tr("Completion rate")])
        self.banner.retranslate()
        self.chart_banner.retranslate()
        self._show()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.client.is_open:
            return
        if self.running:
            self.again = True
            return
        self.running = True
        self.state.setText(self.tr("Computing the county figures…"))
        self.client.county_overview(self._loaded, self._failed,
                                    label=self.tr("Computing the county figures…"))
        self.client.alerts(lambda alerts: self.banner.set_alerts(
            alerts if self.client.is_open else []))
        self.weekly.refresh()
        self.jobs.refresh()

    def _done(self) -> bool:
        self.running = False
        if self.again and self.client.is_open:
            self.again = False
            self.refresh()
            return False
        return self.client.is_open

    def _loaded(self, result: tuple[Any, list[Any]]) -> None:
        if not self._done():
            return
        self.set_data(*result)

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.state.setText(error_text(error))
        if self.presenter is not None:
            self.presenter(error)

    def set_data(self, figures: Any, statuses: list[Any]) -> None:
        self.figures, self.statuses = figures, statuses
        self.state.setText("")
        self._show()
        self.loaded.emit((figures, statuses))

    def clear(self) -> None:
        self.figures, self.statuses, self.again = None, [], False
        self.banner.set_alerts([])
        self.weekly.clear()
        self.jobs.set_postings([])
        self.state.setText("")
        self._show()

    # -- showing ---------------------------------------------------------------------------
    def name(self, code: str) -> str:
        return (self.figures.names.get(code, "") if self.figures is not None else "") or code

    def township_codes(self) -> list[str]:
        if self.figures is None:
            return []
        listed = {c for c in self.figures.names if len(c) == 9}
        return sorted(set(self.figures.townships) | listed
                      | {v.township for v in self.statuses})

    def village_codes(self, township: str = "") -> list[str]:
        if self.figures is None:
            return []
        codes = set(self.figures.villages) | {v.code for v in self.statuses}
        return sorted(c for c in codes if c.startswith(township))

    def _show(self) -> None:
        f = self.figures
        total = f.total if f is not None else None
        for key in self.total_keys[:-2]:
            if key == SERVICES:
                self.total_values[key].setText(self.services_text(""))
                continue
            self.total_values[key].setText(value_text(key, getattr(total, key)) if total
                                           else "—")
        if f is not None:
            self.total_values["no_bundle"].setText(
                str(sum(v.last_bundle is None for v in self.statuses)))
            self.total_values["with_gaps"].setText(str(sum(bool(v.missing)
                                                           for v in self.statuses)))
        else:
            self.total_values["no_bundle"].setText("—")
            self.total_values["with_gaps"].setText("—")
        self._show_unnamed()
        self._show_townships()
        self._show_charts()
        self._show_rankings()
        self._show_zero()
        self._show_progress()

    def _fill(self, table: QTableWidget, r: int, first: list[str], agg: Any, code: str) -> int:
        for c, text in enumerate(first):
            item = QTableWidgetItem(text)
            item.setData(CODE_ROLE, code)
            table.setItem(r, c, item)
        col = len(first)
        for key in INDICATORS:
            item = QTableWidgetItem(value_text(key, getattr(agg, key)) if agg else "—")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, col, item)
            col += 1
        item = QTableWidgetItem(self.services_text(code))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(self.tr("People due “311” services (unemployed labour force, and the "
                                "labour force of 脱贫户 and 监测户) who had 3 job pushes, 1 "
                                "career guidance and 1 training referral this year"))
        table.setItem(r, col, item)
        return col + 1

    def services_text(self, code: str) -> str:
        """The 311 column of an area (a village's, a township's code, "" the county): the
        share of people due 311 who have it met this year, and the two counts."""
        a = self.figures.services.get(code) if self.figures is not None else None
        if a is None or not a.people:
            return "—"
        return f"{100 * a.people_met / a.people:.1f}% ({a.people_met}/{a.people})"

    def unnamed_codes(self) -> list[str]:
        """Townships and villages with figures or a bundle but no name in the area list."""
        if self.figures is None:
            return []
        codes = set(self.township_codes()) | set(self.village_codes())
        return sorted(c for c in codes if not self.figures.names.get(c))

    def _show_unnamed(self) -> None:
        missing = self.unnamed_codes()
        self.unnamed.setText(self.tr(
            "{n} townships or villages have no name and are shown by their code (such as "
            "{code}): import the township and village list on the Villages page.").replace(
            "{n}", str(len(missing))).replace("{code}", missing[0] if missing else ""))
        self.unnamed.setVisible(bool(missing))
        self.import_areas_button.setVisible(bool(missing))

    def _show_townships(self) -> None:
        chosen = self.selected_township()
        codes = self.township_codes()
        self.townships.blockSignals(True)
        self.townships.setRowCount(len(codes))
        for r, code in enumerate(codes):
            self._fill(self.townships, r, [code, self.name(code)],
                       self.figures.townships.get(code), code)
        if chosen in codes:
            self.townships.selectRow(codes.index(chosen))
        self.townships.blockSignals(False)
        self._show_villages()

    def selected_township(self) -> str:
        rows = {i.row() for i in self.townships.selectedItems()}
        if len(rows) != 1:
            return ""
        return self.townships.item(rows.pop(), 0).data(CODE_ROLE)

    def _show_villages(self) -> None:
        codes = self.village_codes(self.selected_township())
        status = {v.code: v for v in self.statuses}
        self.villages.setRowCount(len(codes))
        for r, code in enumerate(codes):
            v = status.get(code)
            col = self._fill(self.villages, r, [code, self.name(code), self.name(code[:9])],
                             self.figures.villages.get(code), code)
            last = v.last_bundle if v is not None else None
            cells = (when_text(last.received_at) if last else self.tr("none"),
                     str(v.days_since) if v is not None and v.days_since is not None else "",
                     missing_text(v.missing) if v is not None else "")
            for i, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if last is None:
                    item.setBackground(QBrush(STALE))
                    item.setToolTip(self.tr("No bundle received from this village yet"))
                if i == 2 and v is not None and v.missing:
                    item.setForeground(QBrush(MISSING))
                self.villages.setItem(r, col + i, item)

    def chart_townships(self) -> list[str]:
        return list(self.figures.townships) if self.figures is not None else []

    def _show_charts(self) -> None:
        codes = self.chart_townships()
        names = [self.name(c) for c in codes]
        self.chart_banner.show_for(self.figures.names if self.figures is not None else {}, codes)
        aggs = [self.figures.townships[c] for c in codes] if codes else []
        self.rate_chart.set_data(
            self.tr("Employment rate by township"), names,
            [(self.tr("Employment rate"), [round(100 * (a.employment_rate or 0), 1)
                                           for a in aggs])], percent=True)
        self.zero_chart.set_data(
            self.tr("Zero-employment households by township"), names,
            [(self.tr("Zero-employment households"),
              [a.zero_employment_households for a in aggs])])
        self.labour_chart.set_data(
            self.tr("Labour force and employed by township"), names,
            [(self.tr("Labour force"), [a.labour_force for a in aggs]),
             (self.tr("Employed"), [a.employed for a in aggs])])

    def _show_rankings(self) -> None:
        for table, key in zip(self.rank_tables, ("employment_rate", "five_clear_share"),
                              strict=True):
            ranking = self.figures.ranking(key) if self.figures is not None else []
            table.setRowCount(len(ranking))
            for r, (rank, code, value) in enumerate(ranking):
                for c, text in enumerate((str(rank), self.name(code), value_text(key, value))):
                    item = QTableWidgetItem(text)
                    item.setData(CODE_ROLE, code)
                    table.setItem(r, c, item)

    def _show_zero(self) -> None:
        rows = self.figures.zero if self.figures is not None else []
        self.zero.setRowCount(len(rows))
        for r, z in enumerate(rows):
            cells = (self.name(z.village), self.name(z.village[:9]), z.household_no or "",
                     z.head or "", str(z.labour_force), z.phone or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, z.record_uuid)
                self.zero.setItem(r, c, item)
        n = len(rows)
        self.tabs.setTabText(3, self.tr("Zero-employment households ({n})").replace(
            "{n}", str(n)))

    def progress_rows(self) -> list[list[str]]:
        """The 进度 tab's rows as shown: each township's villages, the township, the county."""
        p = self.figures.progress if self.figures is not None else None
        if p is None:
            return []
        out = []
        for r in p.rows():
            if len(r.code) == 12:
                lead = [self.name(r.code[:9]), self.name(r.code), r.code]
            elif r.code:
                lead = [self.name(r.code), self.tr("Township total"), r.code]
            else:
                lead = [self.tr("County total"), "", ""]
            out.append(lead + [
                "—" if r.expected is None else str(r.expected), str(r.visited), str(r.complete),
                str(r.draft), str(r.five_clear),
                "—" if r.visit_rate is None else f"{100 * r.visit_rate:.1f}%",
                "—" if r.complete_rate is None else f"{100 * r.complete_rate:.1f}%"])
        return out

    def _show_progress(self) -> None:
        rows = self.progress_rows()
        self.progress.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            total = len(cells[2]) != 12
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if total:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.progress.setItem(r, c, item)
        p = self.figures.progress if self.figures is not None else None
        missing = p.without_expected if p is not None else []
        if p is not None and missing and len(missing) == len(p.villages):
            note = self.tr("No village has its expected households yet: import them on the "
                           "Villages page (Import expected households…). Rates stay blank.")
        elif missing:
            note = self.tr("{n} villages have no expected households (such as {name}): their "
                           "rates, and their township's and the county's, stay blank.").replace(
                "{n}", str(len(missing))).replace("{name}", self.name(missing[0]))
        else:
            note = self.tr("Visited counts every household in the store, drafts included; "
                           "complete counts those saved as complete.")
        self.progress_note.setText(note)

    def _open(self, item: QTableWidgetItem) -> None:
        uuid = item.data(UUID_ROLE)
        if uuid:
            self.open_household.emit(uuid)
