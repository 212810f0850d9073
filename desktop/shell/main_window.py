"""The main window: the unlock screen, and once unlocked the dashboard, the household list
and the editor. Locking swaps the data out for the unlock screen and closes the store;
unlocking brings back the same page (and the editor with its unsaved work). The dialogs it
opens on top of its pages are its base `Dialogs` (window_dialogs.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from ..capture.card_scanner import CardScanner
from ..capture.dashboard import Dashboard
from ..capture.household_editor import HouseholdEditor
from ..capture.household_list import HouseholdList
from ..review.review_page import ReviewPage
from .client import StoreClient
from .i18n import form_language
from .net_sync import BackgroundSync, SyncState
from .sync_status import SyncStatusButton
from .unlock_page import UnlockPage
from .window_dialogs import Dialogs


class MainWindow(Dialogs, QMainWindow):
    lock_requested = Signal()
    settings_requested = Signal()

    def __init__(self, client: StoreClient, presenter: Any, *, autosave_ms: int = 30_000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.setObjectName("mainWindow")
        self.resize(1280, 720)
        self.setMinimumSize(960, 560)
        self.root = QStackedWidget()
        self.setCentralWidget(self.root)
        self.unlock_page = UnlockPage()
        self.root.addWidget(self.unlock_page)
        self.content = QStackedWidget()
        self.content.setObjectName("content")
        self.root.addWidget(self.content)
        self.dashboard = Dashboard(client)
        self.households = HouseholdList(client)
        self.editor = HouseholdEditor(client, presenter, autosave_ms=autosave_ms)
        self.review = ReviewPage(client, presenter)
        self.pending = 0
        for page in (self.dashboard, self.households, self.editor, self.review):
            self.content.addWidget(page)
        self.review.open_household.connect(self.open_household)
        self.review.pending_changed.connect(self._set_pending)
        self.review.import_areas_requested.connect(self.import_area_list)
        self.dashboard.review_requested.connect(self.show_review)
        self.dashboard.open_household.connect(self.open_household)
        self.households.open_household.connect(self.open_household)
        self.households.new_household.connect(self.new_household)
        self.editor.closed.connect(lambda _u: self.show_page(self._back_page()))
        self.editor.history_requested.connect(self.show_history)
        self.dialogs: list[QDialog] = []
        self.county = False
        self.county_dashboard: Any = None  # county pages, built at the first county unlock
        self.villages: Any = None
        self.reports: Any = None
        self.county_households: Any = None
        self._came_from: QWidget | None = None  # the page that opened the editor (county)
        self._build_toolbar()
        self.busy = QLabel()
        self.statusBar().addPermanentWidget(self.busy)
        self.form_label = QLabel()       # the questionnaire in use, on every workspace
        self.form_label.setObjectName("formInUse")
        self.statusBar().addPermanentWidget(self.form_label)
        # County: the key-backup reminder, shown until a backup holds the current keys.
        self.backup_reminder = QPushButton()
        self.backup_reminder.setObjectName("backupReminder")
        self.backup_reminder.setFlat(True)
        self.backup_reminder.setStyleSheet("color: #b00020; font-weight: bold;")
        self.backup_reminder.clicked.connect(self.show_backup_keys)
        self.backup_reminder.hide()
        self.statusBar().addWidget(self.backup_reminder)
        # Village and township: the network sync in the background, its line (net_sync.py).
        self.net_sync = BackgroundSync(client, self)
        self.sync_status = SyncStatusButton()
        self.sync_status.clicked.connect(self.show_sync_details)
        self.statusBar().addWidget(self.sync_status)
        self.net_sync.state_changed.connect(self._sync_state)
        self.net_sync.imported.connect(self._reload)
        client.form_changed.connect(self.update_form_label)
        # 明白卡: a USB scanner typing a card's code anywhere opens that household
        self.scanner = CardScanner(self)
        QApplication.instance().installEventFilter(self.scanner)
        self.scanner.scanned.connect(self.open_scanned)
        self.retranslate()
        self.show_locked_screen()

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.toolbar = bar
        self.addToolBar(bar)
        self.act_dashboard = QAction(self)
        self.act_dashboard.triggered.connect(self.show_home)
        self.act_list = QAction(self)
        self.act_list.triggered.connect(lambda: self.show_page(self.households))
        self.act_new = QAction(self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_new.triggered.connect(self.new_household)
        self.act_expected = QAction(self)          # village: the county's list to visit
        self.act_expected.triggered.connect(self.show_expected)
        self.act_corrections = QAction(self)       # village: the spot checks' requests
        self.act_corrections.triggered.connect(self.show_corrections)
        self.act_spotcheck = QAction(self)         # township: its own phone spot checks
        self.act_spotcheck.triggered.connect(self.show_spotcheck)
        self.act_lock = QAction(self)
        self.act_lock.setShortcut(QKeySequence("Ctrl+L"))
        self.act_lock.triggered.connect(self.lock_requested)
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.settings_requested)
        self.act_export = QAction(self)
        self.act_export.triggered.connect(self.show_export)
        self.act_sync_now = QAction(self)          # 立即同步: a device with a county server
        self.act_sync_now.setObjectName("syncNow")
        self.act_sync_now.triggered.connect(self.net_sync_now)
        self.act_sync_now.setVisible(False)
        self.act_import = QAction(self)
        self.act_import.triggered.connect(self.show_import)
        self.act_ledger = QAction(self)
        self.act_ledger.triggered.connect(self.show_ledger_import)
        self.act_enrol = QAction(self)
        self.act_enrol.triggered.connect(self.show_enrol)
        self.act_review = QAction(self)
        self.act_review.triggered.connect(self.show_review)
        self.act_villages = QAction(self)          # county only
        self.act_returns = QAction(self)           # county and township: 回传
        self.act_returns.triggered.connect(self.show_returns)
        self.act_jobs = QAction(self)              # township: its own 岗位信息 (issue 21)
        self.act_jobs.triggered.connect(self.show_jobs)
        self.township_jobs: Any = None
        self.act_villages.triggered.connect(self.show_villages)
        self.act_reports = QAction(self)           # county only
        self.act_reports.triggered.connect(self.show_reports)
        self.act_search = QAction(self)            # county only: 农户查询
        self.act_search.triggered.connect(self.show_county_households)
        self.act_county_settings = QAction(self)   # county only
        self.act_county_settings.triggered.connect(self.show_county_settings)
        self.act_publish_form = QAction(self)      # county only
        self.act_publish_form.triggered.connect(self.show_publish_form)
        # 用户与密钥: what `mopai users`, `passwd`, `keys` and `recover` do.
        self.accounts_menu = QMenu(self)
        self.accounts_menu.setObjectName("accountsMenu")
        self.act_add_user = self.accounts_menu.addAction("")
        self.act_add_user.triggered.connect(self.show_add_user)
        self.act_passwd = self.accounts_menu.addAction("")
        self.act_passwd.triggered.connect(self.show_change_passphrase)
        self.accounts_menu.addSeparator()
        self.act_backup_keys = self.accounts_menu.addAction("")      # county only
        self.act_backup_keys.triggered.connect(self.show_backup_keys)
        self.act_restore_keys = self.accounts_menu.addAction("")     # county only
        self.act_restore_keys.triggered.connect(self.show_restore_keys)
        self.act_recover = self.accounts_menu.addAction("")          # county only
        self.act_recover.triggered.connect(self.show_recover)
        self.act_accounts = QAction(self)
        self.act_accounts.setMenu(self.accounts_menu)
        for act in (self.act_dashboard, self.act_list, self.act_new, self.act_search,
                    self.act_villages, self.act_reports, self.act_jobs):
            bar.addAction(act)
        bar.addAction(self.act_expected)
        bar.addAction(self.act_corrections)
        bar.addAction(self.act_spotcheck)
        bar.addSeparator()
        for act in (self.act_export, self.act_sync_now, self.act_import, self.act_ledger, self.act_returns,
                    self.act_enrol, self.act_review):
            bar.addAction(act)
        bar.addSeparator()
        bar.addAction(self.act_lock)
        bar.addAction(self.act_accounts)
        button = bar.widgetForAction(self.act_accounts)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addAction(self.act_county_settings)
        bar.addAction(self.act_publish_form)
        bar.addAction(self.act_settings)

    def retranslate(self) -> None:
        self.act_dashboard.setText(self.tr("Dashboard"))
        self.act_list.setText(self.tr("Households"))
        self.act_new.setText(self.tr("New household"))
        self.act_expected.setText(self.tr("Households to visit"))
        self.act_corrections.setText(self.tr("Correction requests"))
        self.act_spotcheck.setText(self.tr("Phone spot checks"))
        self.act_lock.setText(self.tr("Lock"))
        self.act_settings.setText(self.tr("Settings"))
        self.act_export.setText(self.tr("Export to USB"))
        self.act_sync_now.setText(self.tr("Sync now"))
        self.sync_status.retranslate()
        self.act_import.setText(self.tr("Import"))
        self.act_ledger.setText(self.tr("Import a ledger"))
        self.act_enrol.setText(self.tr("Enrolment"))
        self.act_villages.setText(self.tr("Villages and devices"))
        self.act_returns.setText(self.tr("Return bundles"))
        self.act_jobs.setText(self.tr("Job postings"))
        if self.township_jobs is not None:
            self.township_jobs.retranslate()
        self.act_reports.setText(self.tr("Reports"))
        self.act_search.setText(self.tr("Household search"))
        self.act_county_settings.setText(self.tr("County definitions"))
        self.act_publish_form.setText(self.tr("Publish questionnaire…"))
        self.act_accounts.setText(self.tr("Users and keys"))
        self.act_add_user.setText(self.tr("Add a user…"))
        self.act_passwd.setText(self.tr("Change my passphrase…"))
        self.act_backup_keys.setText(self.tr("Back up the county keys…"))
        self.act_restore_keys.setText(self.tr("Restore the county keys from a backup…"))
        self.act_recover.setText(self.tr("Recover a village key file…"))
        self.backup_reminder.setText(self.tr(
            "The county keys have no current backup: back them up now"))
        self._set_pending(self.pending)
        self.unlock_page.retranslate()
        self.dashboard.retranslate()
        self.households.retranslate()
        self.editor.retranslate()
        self.review.retranslate()
        for page in self.county_pages():
            page.retranslate()
        self.update_title()
        self.update_form_label()

    def update_form_label(self) -> None:
        """问卷：<title> <version> in the status bar while unlocked (the store's current form)."""
        if not self.client.is_open:
            self.form_label.setText("")
            return
        self.form_label.setText(self.tr("Questionnaire: {title} {version}")
                                .replace("{title}", self.client.form.title.get(
                                    form_language()))
                                .replace("{version}", self.client.catalog.current.version))

    def update_title(self) -> None:
        base = self.tr("Mopai")
        if self.client.workspace_name or self.client.village_code:
            base += f" — {self.client.workspace_name} ({self.client.village_code})"
        if self.client.is_open:
            base += f" — {self.client.user}"
        self.setWindowTitle(base)

    def set_busy(self, busy: bool) -> None:
        self.busy.setText(self.tr("Working…") if busy else "")

    # -- locked / unlocked -----------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.root.currentWidget() is self.unlock_page

    def show_locked_screen(self) -> None:
        """Hide every piece of data: the content page is swapped out and lists emptied."""
        for dialog in self.dialogs:
            dialog.close()
        self.dialogs.clear()
        self.households.clear()
        self.dashboard.clear()
        self.review.clear()
        for page in self.county_pages():
            page.clear()
        self._set_pending(0)
        self.backup_reminder.hide()
        self.net_sync.stop()             # an upload cut here continues after the next unlock
        self.sync_status.hide()
        self.act_sync_now.setVisible(False)
        self.root.setCurrentWidget(self.unlock_page)
        self.toolbar.setEnabled(False)
        self.toolbar.hide()
        self.update_title()
        self.update_form_label()

    def show_unlocked(self) -> None:
        self.set_county(self.client.role == "county")
        self.toolbar.setEnabled(True)
        self.toolbar.show()
        self.root.setCurrentWidget(self.content)
        self.update_title()
        self.update_form_label()
        self._reload()
        self.check_backup()
        if not self.county:
            self.net_sync.start()

    # -- the county's pages ----------------------------------------------------------------
    def county_pages(self) -> list[Any]:
        return [p for p in (self.county_dashboard, self.villages, self.reports,
                            self.county_households) if p is not None]

    def set_county(self, county: bool) -> None:
        """A county workspace: its own pages, no capture or 报送 actions (built once, lazily:
        the village app never loads them)."""
        self.county = county
        if county and self.villages is None:
            from ..county.dashboard import CountyDashboard  # loads QtCharts
            from ..county.household_search import CountyHouseholdsPage
            from ..county.reports import ReportsPage
            from ..county.villages import VillagesPage

            self.county_dashboard = CountyDashboard(self.client, self.presenter)
            self.county_dashboard.open_household.connect(self.open_household)
            self.county_dashboard.review_requested.connect(self.show_review)
            self.county_dashboard.import_areas_requested.connect(self.import_area_list)
            self.villages = VillagesPage(self.client, self.presenter)
            self.villages.areas_changed.connect(self.county_dashboard.refresh)
            self.reports = ReportsPage(self.client)
            self.villages.areas_changed.connect(self.reports.refresh)
            self.county_households = CountyHouseholdsPage(self.client, self.presenter)
            self.county_households.open_household.connect(self.open_household)
            self.county_households.edit_household.connect(self.correct_household)
            self.county_households.import_areas_requested.connect(self.import_area_list)
            for page in self.county_pages():
                self.content.addWidget(page)
        for act in (self.act_list, self.act_new, self.act_export, self.act_enrol,
                    self.act_expected, self.act_corrections):
            act.setVisible(not county)
        for act in (self.act_villages, self.act_returns, self.act_reports, self.act_search,
                    self.act_county_settings,
                    self.act_publish_form, self.act_backup_keys, self.act_restore_keys,
                    self.act_recover):
            act.setVisible(county)
        # a township writes its own 回传 to its villages (sync/township.py) and draws its own
        # phone spot checks
        self.act_returns.setVisible(county or self.client.role == "township")
        self.act_jobs.setVisible(self.client.role == "township")
        self.act_spotcheck.setVisible(self.client.role == "township")
        # a village answers the requests; the township that drew them follows them on its
        # 电话抽查 screen
        self.act_corrections.setVisible(self.client.role == "village")

    def home_page(self) -> QWidget:
        """The 概览: the county dashboard, or the village dashboard."""
        if self.county and self.county_dashboard is not None:
            return self.county_dashboard
        return self.dashboard

    def show_home(self) -> None:
        self.show_page(self.home_page())

    def show_county_households(self) -> Any:
        """农户查询: every village's households (county only)."""
        if self.county_households is not None:
            self.county_households.refresh()
            self.show_page(self.county_households)
            self.county_households.search.setFocus()
        return self.county_households

    def correct_household(self, uuid: str, reason: str) -> None:
        """Open a household to correct it at the county: each save carries `reason`."""
        if not self._editor_free(None):
            self.show_page(self.editor)
            return

        came_from = self.current_page()

        def opened(state: dict[str, Any]) -> None:
            self._came_from = came_from if came_from is not self.editor else None
            self.editor.open_record(state, correction=reason)
            self.show_page(self.editor)
        self.client.get(uuid, opened)

    def show_reports(self) -> Any:
        if self.reports is not None:
            self.reports.refresh()
            self.show_page(self.reports)
        return self.reports

    def show_villages(self) -> Any:
        if self.villages is not None:
            self.villages.refresh()
            self.show_page(self.villages)
        return self.villages

    def _set_pending(self, n: int) -> None:
        self.pending = n
        text = self.tr("To review")
        self.act_review.setText(f"{text} ({n})" if n else text)

    # -- pages -----------------------------------------------------------------------------
    def show_page(self, page: QWidget) -> None:
        if page is self.editor and not self.editor.state:
            page = self.households
        self.content.setCurrentWidget(page)
        if page is self.households:
            self.households.search.setFocus()

    def _back_page(self) -> QWidget:
        """Where closing the editor goes: the county's household search when it opened the
        household from there, else the county's home or the village's list."""
        if self.county and self._came_from is not None:
            return self._came_from
        return self.home_page() if self.county else self.households

    def current_page(self) -> QWidget:
        return self.content.currentWidget()

    def _editor_free(self, uuid: str | None) -> bool:
        """True if the editor may take another record (asks about unsaved changes)."""
        if not self.editor.state or self.editor.uuid == uuid:
            return True
        self.editor.request_close()
        return not self.editor.state

    def open_household(self, uuid: str) -> None:
        if self.editor.state and self.editor.uuid == uuid and (
                self.editor.read_only or not self.county):
            self.show_page(self.editor)
            return
        if not self._editor_free(uuid):
            self.show_page(self.editor)
            return

        came_from = self.current_page()

        def opened(state: dict[str, Any]) -> None:
            self._came_from = came_from if came_from is not self.editor else None
            # the county reads a village's households; it corrects one only on purpose
            # (农户查询 → 编辑, with a reason: correct_household)
            self.editor.open_record(state, read_only=self.county)
            self.show_page(self.editor)
        self.client.get(uuid, opened)

    def open_scanned(self, uuid: str) -> None:
        """A household card scanned (capture/card_scanner.py): open it, when unlocked."""
        if self.locked or not self.client.is_open:
            return
        self.client.get(uuid, lambda _state: self.open_household(uuid), lambda _exc: self._tell(
            self.tr("The household on this card is not in this workspace.")))

    def new_household(self) -> None:
        if not self._editor_free(None):
            self.show_page(self.editor)
            return

        def start(number: str) -> None:
            self.editor.new_record(number)
            self.show_page(self.editor)
            self.editor.household_page.focus_field(
                self.editor.household_page.first_field() or "household_no")
        self.client.next_household_no(start)

    def new_listed_household(self, visit: Any) -> None:
        """A new household pre-filled from a row of the list: 户编号 (or the next free one),
        村民小组, the head's name and ID number."""
        if not self._editor_free(None):
            self.show_page(self.editor)
            return

        def start(number: str) -> None:
            self.editor.new_record(visit.household_no or number,
                                   fields_given={"group": visit.group_name},
                                   head={"name": visit.head_name, "id_number": visit.id_number})
            self.show_page(self.editor)
        if visit.household_no:
            start(visit.household_no)
        else:
            self.client.next_household_no(start)

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.editor.open_record(state, dirty=True)
        self.show_page(self.editor)

    # -- reloading, the review, the township's postings -----------------------------------
    def _reload(self, *_: Any) -> None:
        if not self.client.is_open:
            return
        if not self.county:
            self.households.refresh()
        self.dashboard.refresh()
        for page in self.county_pages():
            page.refresh()
        self.review.refresh()

    def show_review(self) -> ReviewPage:
        """The review queues (待处理), reloaded each time they are shown."""
        self.review.refresh()
        self.show_page(self.review)
        return self.review

    def show_jobs(self) -> Any:
        """岗位信息 of a township office: the postings it holds, and its own to enter
        (desktop/county/jobs_tab.py; the county's are a tab of its dashboard)."""
        from ..county.jobs_tab import JobsTab

        if self.township_jobs is None:
            self.township_jobs = JobsTab(self.client, self.presenter,
                                         township=self.client.village_code)
            self.content.addWidget(self.township_jobs)
        self.township_jobs.refresh()
        self.show_page(self.township_jobs)
        return self.township_jobs

    def import_area_list(self) -> None:
        """What every “import the area list” prompt leads to: the villages page's import."""
        page = self.show_villages()
        if page is not None:
            page.ask_import()

    # -- network sync (net_sync.py) ----------------------------------------------------------
    def _sync_state(self, state: SyncState) -> None:
        on = self.net_sync.enabled and self.client.is_open and not self.locked
        self.sync_status.setVisible(on)
        self.act_sync_now.setVisible(on)
        self.sync_status.show_state(state)
        dialog = getattr(self, "sync_details", None)
        if dialog is not None and dialog.isVisible():
            dialog.show_state(state)

    def net_sync_now(self) -> None:
        self.net_sync.sync_now()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.editor.state and self.editor.dirty and not self.locked:
            self.editor.request_close()
            if self.editor.state:
                event.ignore()
                return
        self.net_sync.stop(wait=5.0)  # a cut upload continues at the next start
        event.accept()
