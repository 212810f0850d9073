"""The county's 农户查询 page: every village's households, searched and filtered, a page at a
time (issue 17).

A search box (name, pinyin initials, ID number, 户编号, phone; 200 ms after the last
keystroke), filters (township, village, status, 审核 state, 村民小组, who entered it, on which
device, has findings, 零就业家庭) and a table of one page (`PAGE` households) in township, village and 户编号
order, with 第 x–y 条，共 N 户 and the page buttons. Each change asks the worker for one page
(`StoreClient.county_households` → `store.households.county_page`); an answer to an older
question is dropped. Findings and 零就业家庭 come from the county's kept report facts
(`StoreClient.county_flags`), read when the page is shown. A double-click (or 查看) opens the
household read-only; 编辑 asks a reason and opens it to correct, where the county allows it
(the 允许县级修改 box, the county's choice, audited; docs/decisions.md 38). A township sees
its own villages only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mopai.sync import review
from mopai.sync.county_list import PAGE, ListQuery, ListRow

from ..shell.client import StoreClient
from ..widgets.place_names import NamesBanner
from ..widgets.reason_dialog import ReasonDialog

DEBOUNCE_MS = 200
UUID_ROLE = Qt.ItemDataRole.UserRole + 1


def mask_id(number: str) -> str:
    """An ID number as a list shows it: the region and the last four, the birth date hidden."""
    return number if len(number) < 10 else number[:6] + "*" * (len(number) - 10) + number[-4:]


class CountyHouseholdModel(QAbstractTableModel):
    """One page of households (`ListRow`s), with area names and the kept flags."""

    HEADERS = ("Township", "Village", "Household no.", "Head", "ID number", "Members",
               "Status", "Group", "Findings", "Zero-employment", "Entered by")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ListRow] = []
        self.names: dict[str, str] = {}
        self.findings: frozenset[tuple[str, str]] = frozenset()
        self.zero: frozenset[tuple[str, str]] = frozenset()
        self.headers = list(self.HEADERS)

    def set_rows(self, rows: list[ListRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == UUID_ROLE:
            return row.uuid
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        key = (row.village_code, row.household_no)
        township = row.village_code[:9]
        yes = self.tr("yes")
        return (self.names.get(township, township), self.names.get(row.village_code,
                                                                   row.village_code),
                row.household_no, row.head_name, mask_id(row.head_id), row.members,
                self.tr("complete") if row.status == "complete" else self.tr("draft"),
                row.group_name, yes if key in self.findings else "",
                yes if key in self.zero else "", row.entered_by)[index.column()]


class CountyHouseholdsPage(QWidget):
    open_household = Signal(str)          # read-only
    edit_household = Signal(str, str)     # uuid, the correction's reason
    import_areas_requested = Signal()     # the names prompt's button (the main window opens it)

    def __init__(self, client: StoreClient, presenter: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.areas: list[Any] = []
        self.choices: Any = None
        self.edits_allowed = False
        self.offset = 0
        self.total = 0
        self.counting = False              # the page is shown, its total on its way
        self._asked = 0                    # the newest question; older answers are dropped
        self.answered = 0                  # the question the rows shown answer
        self.reason_dialog: ReasonDialog | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.names_banner = NamesBanner(self)
        self.names_banner.import_requested.connect(self.import_areas_requested)
        layout.addWidget(self.names_banner)
        self.search = QLineEdit()
        self.search.setObjectName("countySearch")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        filters = QHBoxLayout()
        self.township = QComboBox()
        self.village = QComboBox()
        self.status = QComboBox()
        self.review = QComboBox()
        self.review.setObjectName("reviewState")
        self.review_among: frozenset[tuple[str, str]] | None = None
        self.group = QComboBox()
        self.user = QComboBox()
        self.device = QComboBox()
        for combo in (self.township, self.village, self.status, self.review, self.group,
                      self.user, self.device):
            combo.setMinimumContentsLength(6)
            filters.addWidget(combo)
        self.with_findings = QCheckBox()
        self.zero_only = QCheckBox()
        filters.addWidget(self.with_findings)
        filters.addWidget(self.zero_only)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = CountyHouseholdModel(self)
        self.table = QTableView()
        self.table.setObjectName("countyHouseholds")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        bottom.addWidget(self.page_label)
        bottom.addStretch(1)
        self.allow_edits = QCheckBox()
        self.allow_edits.setObjectName("allowCountyEdits")
        self.allow_edits.clicked.connect(self._set_allowed)
        bottom.addWidget(self.allow_edits)
        self.view_button = QPushButton()
        self.view_button.clicked.connect(lambda: self._open(self._selected()))
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("countyEdit")
        self.edit_button.clicked.connect(self.request_edit)
        self.prev_button = QPushButton()
        self.prev_button.clicked.connect(lambda: self.go(self.offset - PAGE))
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda: self.go(self.offset + PAGE))
        for button in (self.view_button, self.edit_button, self.prev_button, self.next_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.go(0))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.township.currentIndexChanged.connect(self._township_changed)
        for combo in (self.village, self.status, self.group, self.user, self.device):
            combo.currentIndexChanged.connect(lambda _i: self.go(0))
        self.village.currentIndexChanged.connect(self._fill_groups)
        self.review.currentIndexChanged.connect(lambda _i: self._review_changed())
        for box in (self.with_findings, self.zero_only):
            box.toggled.connect(lambda _on: self.go(0))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        client.changed.connect(lambda _c: self.go(self.offset) if self.isVisible() else None)
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Households of every village"))
        self.names_banner.retranslate()
        self.search.setPlaceholderText(self.tr(
            "Search by name, pinyin initials, ID number, household number or phone"))
        self.with_findings.setText(self.tr("With findings"))
        self.zero_only.setText(self.tr("Zero-employment households"))
        self.allow_edits.setText(self.tr("Allow county corrections"))
        self.view_button.setText(self.tr("View"))
        self.edit_button.setText(self.tr("Edit…"))
        self.prev_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        self.model.headers = [self.tr("Township"), self.tr("Village"), self.tr("Household no."),
                              self.tr("Head"), self.tr("ID number"), self.tr("Members"),
                              self.tr("Status"), self.tr("Group"), self.tr("Findings"),
                              self.tr("Zero-employment"), self.tr("Entered by")]
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          len(self.model.headers) - 1)
        self._keep(self.status, [("", self.tr("All statuses")), ("draft", self.tr("Draft")),
                                 ("complete", self.tr("Complete"))])
        self._keep(self.review, [("", self.tr("All review states")),
                                 (review.PENDING, self.tr("Awaiting review")),
                                 (review.APPROVED, self.tr("Approved")),
                                 (review.REJECTED, self.tr("Sent back")),
                                 (review.CORRECTED, self.tr("Corrected, to review again"))])
        self._fill_filters()
        self._show_count()

    @staticmethod
    def _keep(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Fill `combo` with (value, text), keeping the chosen value, without a signal."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        at = combo.findData(chosen)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """The filters' choices and the kept flags, then the current page."""
        if not self.client.is_open:
            return
        self.client.county_list_setup(self._set_up, self.presenter)
        self.client.county_flags(self._set_flags, self.presenter,
                                 label=self.tr("Reading the findings…"))

    def clear(self) -> None:
        self._asked += 1
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_rows([])
        self.total = self.offset = 0
        self.counting = False
        self._show_count()

    def _set_up(self, result: tuple[list[Any], Any, bool]) -> None:
        self.areas, self.choices, self.edits_allowed = result
        self.model.names = {a.code: a.name for a in self.areas}
        self.allow_edits.setVisible(self.client.role == "county")
        self.allow_edits.setChecked(self.edits_allowed)
        self._fill_filters()
        self.go(self.offset)

    def _set_flags(self, flags: tuple[frozenset[Any], frozenset[Any]]) -> None:
        self.model.findings, self.model.zero = flags
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
                len(self.model.rows) - 1, len(self.model.headers) - 1))
        if self.with_findings.isChecked() or self.zero_only.isChecked():
            self.go(0)

    def _own_area(self) -> str:
        return self.client.village_code if self.client.role == "township" else ""

    def _fill_filters(self) -> None:
        own = self._own_area()
        townships = [a for a in self.areas if a.level == "township" and a.code.startswith(own)]
        self._keep(self.township, [("", self.tr("All townships"))]
                   + [(a.code, a.name) for a in townships])
        self._fill_villages()
        users = self.choices.users if self.choices else []
        devices = self.choices.devices if self.choices else []
        self._keep(self.user, [("", self.tr("Anyone"))] + [(u, u) for u in users])
        self._keep(self.device, [("", self.tr("Any device"))] + [(d, d[:8]) for d in devices])

    def _fill_villages(self) -> None:
        town = self.township.currentData() or self._own_area()
        villages = [a for a in self.areas if a.level == "village" and a.code.startswith(town)]
        self._keep(self.village, [("", self.tr("All villages"))]
                   + [(a.code, a.name) for a in villages])
        self._fill_groups()

    def _fill_groups(self) -> None:
        groups = self.choices.groups if self.choices else {}
        village = self.village.currentData()
        names = groups.get(village, []) if village else sorted(
            {g for gs in groups.values() for g in gs})
        self._keep(self.group, [("", self.tr("All groups"))] + [(g, g) for g in names])

    def _township_changed(self) -> None:
        self._fill_villages()
        self.go(0)

    def query(self) -> ListQuery:
        among = None
        if self.with_findings.isChecked():
            among = self.model.findings
        if self.zero_only.isChecked():
            among = self.model.zero if among is None else among & self.model.zero
        if self.review.currentData() and self.review_among is not None:
            among = self.review_among if among is None else among & self.review_among
        return ListQuery(text=self.search.text(),
                         area=self.village.currentData() or self.township.currentData()
                         or self._own_area(),
                         status=self.status.currentData() or "",
                         group=self.group.currentData() or "",
                         entered_by=self.user.currentData() or "",
                         device_id=self.device.currentData() or "", among=among)

    def _review_changed(self) -> None:
        """A review state chosen: its households (sync/review.py reads each state against
        the history, so the worker lists them once), then the first page among them."""
        state = self.review.currentData() or ""
        self.review_among = None
        if not state:
            self.go(0)
            return
        self._asked += 1                    # no page until the state's households are known

        def chosen(result: tuple[list[Any], dict[str, str]]) -> None:
            if self.review.currentData() != state:
                return                      # another state was chosen meanwhile
            self.review_among = frozenset((i.village_code, i.household_no) for i in result[0])
            self.go(0)

        self.client.reviews(chosen, self.presenter, states=(state,),
                            village=self._own_area())

    def go(self, offset: int) -> None:
        """Ask for the page at `offset` of what the search and filters say."""
        if not self.client.is_open:
            return
        self._debounce.stop()
        self._asked += 1
        asked, query = self._asked, self.query()
        # the page first; its total (one more scan of the county) as a second answer
        self.client.county_households(query, max(0, offset), PAGE,
                                      lambda page: self._show(asked, query, page),
                                      self.presenter, count=False)

    def _show(self, asked: int, query: ListQuery, page: Any) -> None:
        if asked != self._asked:
            return                         # a newer question is on its way
        self.answered = asked
        self.offset = page.offset
        self.counting = page.total is None
        if page.total is not None:
            self.total = page.total
        self.model.set_rows(page.rows)
        self.names_banner.show_for(self.model.names, {r.village_code for r in page.rows})
        self._show_count()
        if self.counting:
            self.client.county_count(query, lambda n: self._counted(asked, n), self.presenter,
                                     wanted=lambda: asked == self._asked)

    def _counted(self, asked: int, total: int | None) -> None:
        if asked != self._asked or total is None:
            return
        self.total, self.counting = total, False
        self._show_count()

    def _show_count(self) -> None:
        shown = len(self.model.rows)
        if not shown:
            self.page_label.setText(self.tr("No household found"))
        elif self.counting:
            self.page_label.setText(self.tr("Rows {first}–{last}, counting…")
                                    .replace("{first}", str(self.offset + 1))
                                    .replace("{last}", str(self.offset + shown)))
        else:
            self.page_label.setText(self.tr("Rows {first}–{last} of {total} households")
                                    .replace("{first}", str(self.offset + 1))
                                    .replace("{last}", str(self.offset + shown))
                                    .replace("{total}", str(self.total)))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(shown == PAGE if self.counting
                                    else self.offset + shown < self.total)
        self._update_buttons()

    # -- opening and correcting ------------------------------------------------------------
    def _selected(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        chosen = self._selected() >= 0
        self.view_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen and self.edits_allowed)
        self.edit_button.setToolTip("" if self.edits_allowed else self.tr(
            "The county does not allow corrections here"))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.open_household.emit(self.model.rows[row].uuid)

    def _set_allowed(self, on: bool) -> None:
        def done(allowed: bool) -> None:
            self.edits_allowed = allowed
            self.allow_edits.setChecked(allowed)
            self._update_buttons()
        self.client.allow_county_edits(on, done, self.presenter)

    def request_edit(self) -> None:
        """Ask why, then open the household to correct (each save carries the reason)."""
        row = self._selected()
        if row < 0 or not self.edits_allowed:
            return
        target = self.model.rows[row]
        dialog = ReasonDialog(
            self.tr("Correct a household"),
            self.tr("Household {no} ({head}) of {village}: the correction goes back to the "
                    "village in its next return bundle.")
            .replace("{no}", target.household_no).replace("{head}", target.head_name)
            .replace("{village}", self.model.names.get(target.village_code,
                                                       target.village_code)),
            self.tr("Edit"), ok_name="countyEditOk", reason_name="countyEditReason",
            prompt=self.tr("Why is the county correcting it?"), parent=self)
        self.reason_dialog = dialog

        def finished(result: int) -> None:
            self.reason_dialog = None
            if result == ReasonDialog.DialogCode.Accepted:
                self.edit_household.emit(target.uuid, dialog.reason_text())
        dialog.finished.connect(finished)
        dialog.open()
