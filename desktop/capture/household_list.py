"""The household list: search as you type, filters, and a lazy table.

Typing searches through the store (name, 拼音 initials — ``zs`` finds 张三 — ID fragment,
户编号, phone) after a short pause; only the latest answer is shown, so fast typing never
shows a stale list. A change re-emitted by the client refreshes only the rows it names.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mopai.sync.households import Changes

from ..shell.client import Row, StoreClient
from ..shell.i18n import form_language
from . import formkit
from .facts import Facts
from .household_model import UUID_ROLE, Column, HouseholdFilterProxy, HouseholdTableModel

SEARCH_DELAY_MS = 150


class HouseholdList(QWidget):
    open_household = Signal(str)
    new_household = Signal()

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.model = HouseholdTableModel(
            lambda v: formkit.choice_label(client.form, "household_type", v, form_language()),
            self)
        self.proxy = HouseholdFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._search_serial = 0
        self._shown_text = ""

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("householdSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_search)
        self.search.returnPressed.connect(self._open_first)
        top.addWidget(self.search, 1)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.new_household)
        top.addWidget(self.add_button)
        self.services_button = QPushButton()  # the selected household's 311 services
        self.services_button.setObjectName("servicesButton")
        self.services_button.clicked.connect(self.open_services)
        top.addWidget(self.services_button)
        self.card_button = QPushButton()  # 明白卡: the selected household's, or the village's
        self.card_button.setObjectName("cardButton")
        self.card_button.clicked.connect(self.open_cards)
        top.addWidget(self.card_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.zero = QCheckBox()
        self.errors = QCheckBox()
        self.type_box = QComboBox()
        self.since_check = QCheckBox()
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.since_check.toggled.connect(self.since.setEnabled)
        for w in (self.zero, self.errors, self.since_check):
            w.toggled.connect(self._apply_filters)
        self.type_box.currentIndexChanged.connect(self._apply_filters)
        self.since.dateChanged.connect(self._apply_filters)
        self.type_label = QLabel()
        for w in (self.zero, self.errors, self.type_label, self.type_box, self.since_check,
                  self.since):
            filters.addWidget(w)
        filters.addStretch(1)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setObjectName("householdTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NO, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        client.changed.connect(self.on_changes)
        client.form_changed.connect(self.retranslate)  # the household types of the new form
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Search: name, pinyin initials (zs), ID number, household no., phone"))
        self.add_button.setText(self.tr("New household"))
        self.services_button.setText(self.tr("311 services…"))
        self.card_button.setText(self.tr("Household cards…"))
        self.zero.setText(self.tr("Zero-employment households"))
        self.errors.setText(self.tr("With errors"))
        self.type_label.setText(self.tr("Household type"))
        self.since_check.setText(self.tr("Not surveyed since"))
        current = self.type_box.currentData()
        self.type_box.blockSignals(True)
        self.type_box.clear()
        self.type_box.addItem(self.tr("All"), "")
        q = formkit.question(self.client.form, "household_type")
        if q is not None and q.choices is not None:
            for choice in q.choices.choices:     # every household's: ${} shown as "…"
                self.type_box.addItem(formkit.choice_label(
                    self.client.form, "household_type", choice.name, form_language()),
                    choice.name)
        self.type_box.setCurrentIndex(max(self.type_box.findData(current), 0))
        self.type_box.blockSignals(False)
        self.model.retranslate()
        self._update_count()

    # -- loading ---------------------------------------------------------------------------
    def _schedule_search(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Reload every household's row and the facts, then apply the search text."""
        if not self.client.is_open:
            return
        self._search_serial += 1
        serial = self._search_serial

        def show(rows: list[Row]) -> None:
            if serial == self._search_serial:
                self.model.set_all(rows)
                self.search_now()
        self.client.search("", show)
        self.reload_facts()

    def search_now(self) -> None:
        """A keystroke: the store returns the matching households' ids (names, initials, ID
        fragments…); the rows are already here, so nothing else is read or recomputed."""
        if not self.client.is_open:
            return
        self._search_serial += 1
        serial, text = self._search_serial, self.search.text()
        if not text.strip():
            self._shown_text = text
            self.model.show_only(None)
            return

        def show(uuids: list[str]) -> None:
            if serial == self._search_serial:   # drop answers to older keystrokes
                self._shown_text = text
                self.model.show_only(uuids)
        self.client.matching(text, show)

    def reload_facts(self) -> None:
        self.client.facts(self.set_facts)

    def set_facts(self, facts: dict[str, Facts]) -> None:
        self.model.set_facts(facts)
        self.proxy.refilter()
        self._update_count()

    def on_changes(self, changes: Changes) -> None:
        """Refresh only the households a change names (re-search if a text is active)."""
        if self._shown_text.strip():
            self.refresh()
            return
        self.client.rows(changes.households, lambda rows: self._apply_rows(rows, changes))
        self.reload_facts()

    def _apply_rows(self, rows: list[Row], changes: Changes) -> None:
        gone = set(changes.households) - {r.uuid for r in rows}
        self.model.update_rows(rows, changes.deleted, gone)

    def clear(self) -> None:
        """Forget everything shown (used by the lock)."""
        self._search_serial += 1
        self.model.clear()

    # -- filters and actions ---------------------------------------------------------------
    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            zero_employment=self.zero.isChecked(), with_errors=self.errors.isChecked(),
            household_type=self.type_box.currentData() or None,
            not_surveyed_since=self.since.date() if self.since_check.isChecked() else None)
        self._update_count()

    def _update_count(self, *_: object) -> None:
        self.count_label.setText(self.tr("{n} households").replace(
            "{n}", str(self.proxy.rowCount())))

    def _open_index(self, index) -> None:  # noqa: ANN001
        uuid = index.data(UUID_ROLE)
        if uuid:
            self.open_household.emit(uuid)

    def open_services(self) -> None:
        """The selected household's 311 services (desktop/capture/services_dialog.py)."""
        from .services_dialog import ServicesDialog  # start-up: only when asked

        index = self.table.currentIndex()
        uuid = index.data(UUID_ROLE) if index.isValid() else None
        if uuid:
            self.services_dialog = ServicesDialog(self.client, uuid, self)
            self.services_dialog.show()

    def open_cards(self) -> Any:  # noqa: ANN401 - a CardDialog
        """Print household cards: the selected household's, or the whole village's."""
        from .card_dialog import CardDialog  # start-up: only when asked

        index = self.table.currentIndex()
        uuid = index.data(UUID_ROLE) if index.isValid() else None
        code = self.client.village_code if len(self.client.village_code) == 12 else ""
        self.card_dialog = CardDialog(self.client, self, household=uuid, village=code)
        self.card_dialog.show()
        return self.card_dialog

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self._open_index(self.proxy.index(0, 0))
