"""The dialogs the main window opens on top of its pages: the record's history, the village's
lists (households to visit, correction requests), a township's spot checks, export, import,
ledger import, enrolment, return bundles, the network sync's details, the county's
definitions and questionnaire, users and keys. Each is kept in `dialogs` until it closes, and
locking closes them all (main_window.py `show_locked_screen`).

A base of ``MainWindow`` (main_window.py): it holds no state of its own but the open dialogs
the window's attributes name. Its texts are the window's (context "MainWindow"), so the
translations stay in one context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from ..capture.history_dialog import HistoryDialog
from ..transfer.enrol_dialog import EnrolDialog
from ..transfer.export_dialog import ExportDialog
from ..transfer.import_dialog import ImportDialog
from ..transfer.ledger_wizard import LedgerWizard
from ..widgets.error_dialog import error_text
from . import accounts

translate = QCoreApplication.translate


class Dialogs:
    """The main window's dialogs (a base of ``MainWindow``)."""

    client: Any
    presenter: Any
    dialogs: list[QDialog]
    editor: Any
    county: bool
    county_dashboard: Any
    backup_reminder: Any
    net_sync: Any

    # -- keeping dialogs: every one is closed by the lock -----------------------------------
    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d)
                                if d in self.dialogs else None)
        dialog.show()
        return dialog

    def _tell(self, text: str) -> None:
        self.statusBar().showMessage(text, 30_000)

    # -- capture and transfer (the village, the township) ---------------------------------
    def show_history(self, uuid: str) -> None:
        editing = self.editor.uuid == uuid and bool(self.editor.state)
        dialog = HistoryDialog(self.client, uuid, self, blocked=editing and self.editor.dirty)
        dialog.restored.connect(self._restored)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d)
                                if d in self.dialogs else None)
        dialog.show()

    def _restored(self, uuid: str) -> None:
        """A restore from the history: the editor, if it shows that household, shows the
        restored record (it had no unsaved changes: the dialog refuses then)."""
        if self.editor.uuid == uuid and self.editor.state and not self.editor.dirty:
            self.client.get(uuid, lambda state: self.editor.open_record(state)
                            if self.editor.uuid == uuid and not self.editor.dirty else None)

    def show_expected(self) -> Any:
        """The village's list of households to visit (desktop/capture/expected_view.py)."""
        from ..capture.expected_view import ExpectedView  # start-up: opened when asked

        view = ExpectedView(self.client, self)
        view.start_household.connect(self.new_listed_household)
        view.open_household.connect(self.open_household)
        self._keep(view)
        return view

    def show_corrections(self) -> Any:
        """The phone spot checks' correction requests (desktop/capture/corrections.py)."""
        from ..capture.corrections import CorrectionsDialog  # start-up: opened when asked

        dialog = CorrectionsDialog(self.client, self)
        dialog.view.open_household.connect(self.open_household)
        return self._keep(dialog)

    def show_spotcheck(self) -> Any:
        """A township's phone spot checks (desktop/county/spotcheck_tab.py)."""
        from ..county.spotcheck_tab import SpotCheckDialog  # start-up: opened when asked

        return self._keep(SpotCheckDialog(self.client, self.presenter, self))

    def show_export(self) -> ExportDialog:
        dialog = ExportDialog(self.client, self)
        dialog.finished.connect(self._reload)
        return self._keep(dialog)

    def show_import(self) -> ImportDialog:
        dialog = ImportDialog(self.client, self)
        dialog.imported.connect(self._reload)
        dialog.import_areas_requested.connect(self.import_area_list)
        return self._keep(dialog)

    def show_ledger_import(self) -> LedgerWizard:
        """导入台账 (desktop/transfer/ledger_wizard.py): a village imports into itself, the
        county by each row's 行政村."""
        village = self.client.village_code if self.client.role == "village" else None
        dialog = LedgerWizard(self.client, village, self)
        dialog.imported.connect(self._reload)
        return self._keep(dialog)

    def show_enrol(self) -> EnrolDialog:
        return self._keep(EnrolDialog(self.client, self))

    def show_returns(self) -> Any:
        """回传 (county, township): return bundles for the villages
        (desktop/county/returns_dialog.py)."""
        from ..county.returns_dialog import ReturnsDialog  # county and township only

        dialog = ReturnsDialog(self.client, self)
        dialog.import_areas_requested.connect(self.import_area_list)
        return self._keep(dialog)

    def show_sync_details(self) -> QDialog:
        from ..transfer.sync_details_dialog import SyncDetailsDialog

        dialog = SyncDetailsDialog(self.net_sync.state, self)
        dialog.sync_button.clicked.connect(self.net_sync_now)
        self.sync_details = dialog
        return self._keep(dialog)

    # -- the county ----------------------------------------------------------------------
    def show_county_settings(self) -> None:
        """Open the county definitions (loaded on the worker first)."""
        def loaded(settings: Any) -> None:
            from ..county.settings_dialog import CountySettingsDialog  # county only

            dialog = CountySettingsDialog(settings, self)
            self.county_settings_dialog = dialog

            def saved(_r: Any) -> None:
                dialog.accept()
                if self.county_dashboard is not None:
                    self.county_dashboard.refresh()
            dialog.submitted.connect(lambda new: self.client.set_county_settings(
                new, saved, lambda exc: dialog.refused(error_text(exc))))
            self._keep(dialog)
        self.client.county_settings(loaded)

    def show_publish_form(self) -> Any:
        """发布问卷: pick a workbook, the store checks and publishes it (county only)."""
        from ..county.publish_form_dialog import PublishFormDialog

        dialog = PublishFormDialog(self.client, self)
        self.publish_form_dialog = dialog
        if self.county_dashboard is not None:  # its figures are read under the current form
            dialog.published.connect(lambda _f: self.county_dashboard.refresh())
        self._keep(dialog)
        return dialog

    # -- users and keys (desktop/shell/accounts.py) -----------------------------------------
    def check_backup(self) -> None:
        """Show the county's key-backup reminder while no backup holds the current keys."""
        if not self.county or not self.client.is_open:
            self.backup_reminder.hide()
            return
        self.client.backup_due(lambda due: self.backup_reminder.setVisible(
            bool(due) and self.client.is_open and not self.locked))

    def show_add_user(self) -> accounts.AddUserDialog:
        dialog = accounts.AddUserDialog(self.client, self)
        dialog.succeeded.connect(lambda name: self._tell(
            translate("MainWindow", "User {name} added.").replace("{name}", name)))
        return self._keep(dialog)

    def show_change_passphrase(self) -> accounts.ChangePassphraseDialog:
        dialog = accounts.ChangePassphraseDialog(self.client, self)
        dialog.succeeded.connect(lambda _r: self._tell(
            translate("MainWindow", "Passphrase changed.")))
        return self._keep(dialog)

    def show_backup_keys(self) -> accounts.BackupKeysDialog:
        dialog = accounts.BackupKeysDialog(self.client, self)
        dialog.succeeded.connect(lambda _p: self.check_backup())
        dialog.succeeded.connect(lambda path: self._tell(translate(
            "MainWindow", "County keys backed up to {path}.").replace("{path}", str(path))))
        return self._keep(dialog)

    def show_restore_keys(self) -> accounts.RestoreKeysDialog:
        dialog = accounts.RestoreKeysDialog(self.client, self)
        dialog.succeeded.connect(lambda _p: self.check_backup())
        dialog.succeeded.connect(lambda fp: self._tell(translate(
            "MainWindow", "County keys restored. Key fingerprint: {fp}").replace("{fp}", fp)))
        return self._keep(dialog)

    def show_recover(self) -> accounts.RecoverDialog:
        dialog = accounts.RecoverDialog(self.client, self)
        dialog.succeeded.connect(lambda name: self._tell(translate(
            "MainWindow", "New passphrase set for {name}: copy the key file back into the "
            "village workspace.").replace("{name}", name)))
        return self._keep(dialog)
