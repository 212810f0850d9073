"""The desktop app: ``run_app`` (what ``mopai`` with no command calls) and the controller.

``MopaiApp`` wires the pieces: settings and translations, the one error presenter and the
crash hook, the serial store worker, the first-run wizard or the unlock screen, the main
window, the idle lock and the draft-restore offer. Everything it is given (folders, timings,
the presenter) can be injected, which is how the GUI tests run it in a few seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from platformdirs import user_log_dir
from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog

from mopai.sync.atomic import tidy_at_start
from mopai.sync.errors import UnknownUser, WrongPassphrase
from mopai.sync.formbook import FORM_CHECKS
from mopai.sync.store import open_store
from mopai.sync.workspace import Workspace, default_home

from ..capture.restore_dialog import RestoreDraftDialog
from ..errors import SettingsNotSaved
from ..transfer.setup_dialog import SetupDialog
from ..transfer.setup_flow import Step
from ..widgets.error_dialog import ErrorPresenter, error_text
from .client import StoreClient
from .crash import CrashHook, setup_logging
from .demo import DEMO_PASSPHRASE, demo_home, ensure_demo, is_demo
from .i18n import install_translators, resources_dir, set_form_language
from .idle import IdleWatcher
from .main_window import MainWindow
from .settings import Settings, default_settings_path
from .settings_dialog import SettingsDialog
from .worker import StoreWorker


class MopaiApp(QObject):
    def __init__(self, home: Path, *, settings_path: Path | None = None,
                 user: str | None = None, demo: bool = False, idle_ms: int | None = None,
                 autosave_ms: int | None = None, presenter: ErrorPresenter | None = None,
                 log_dir: Path | None = None, install_hook: bool = True,
                 db: str | None = None) -> None:
        super().__init__()
        self.home = Path(home)
        self.db = db  # `mopai --db URL`: this run's county server, over the folder's own
        self.demo = demo
        self.settings_path = settings_path or default_settings_path()
        self.settings = Settings.load(self.settings_path)
        self.user = user or self.settings.last_user or None
        self.app = QApplication.instance()
        install_translators(self.settings.language)
        set_form_language(self.settings.form_language)
        self._qss = ""
        self.apply_font()
        self.presenter = presenter or ErrorPresenter(lambda: self.window)
        self.hook = CrashHook(lambda exc: self.presenter(exc, crash=True))
        if install_hook:
            if log_dir is not None:
                setup_logging(log_dir)
            self.hook.install()
        self.worker = StoreWorker(self.presenter, self)
        self.client = StoreClient(self.worker, self)
        self.window = MainWindow(self.client, self.presenter,
                                 autosave_ms=autosave_ms or self.settings.autosave_seconds * 1000)
        self.worker.set_dialog_parent(self.window)
        self.worker.busy_changed.connect(self.window.set_busy)
        self.window.unlock_page.unlock_requested.connect(self.unlock)
        self.window.lock_requested.connect(self.lock)
        self.window.settings_requested.connect(self.edit_settings)
        self.idle = IdleWatcher(idle_ms if idle_ms is not None
                                else self.settings.idle_lock_minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.workspace: Workspace | None = None
        self.unlocks = 0
        self.restore_prompt: RestoreDraftDialog | None = None
        self._apply_style()

    # -- start -----------------------------------------------------------------------------
    def start(self) -> bool:
        """Show the wizard (no workspace yet) or the unlock screen; False if setup was left."""
        if self.demo:
            return self._start_demo()
        if not Workspace.exists(self.home):
            wizard = SetupDialog(self.home, self.worker, self.presenter)
            wizard.created.connect(lambda name: setattr(self, "user", name))
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return False
            if wizard.flow.step is Step.DEMO:
                self.home = demo_home()
                self.demo = True
                return self._start_demo()
        self.show_unlock()
        return True

    def _start_demo(self) -> bool:
        if Workspace.exists(self.home):
            ensure_demo(self.home)      # only marks it as the demo (shows the passphrase)
            self.show_unlock()
            return True
        self.window.show()
        self.worker.submit(lambda job: ensure_demo(self.home, progress=job.progress,
                                                   validator=FORM_CHECKS),
                           lambda _home: self.show_unlock(),
                           label=self.tr("Preparing the demo village…"))
        return True

    def show_unlock(self) -> None:
        self.workspace = Workspace(self.home, db=self.db)
        ws = self.workspace
        title = self.tr("Mopai — {name} ({code})").replace(
            "{name}", ws.keys.name if hasattr(ws.keys, "name") else "").replace("{code}", ws.code)
        self.window.unlock_page.setup(
            title=title, users=ws.keys.users(), current=self.user or "",
            demo_passphrase=DEMO_PASSPHRASE if is_demo(self.home) else "")
        self.window.show()
        self.window.unlock_page.passphrase.setFocus()

    # -- unlock and lock -------------------------------------------------------------------
    def unlock(self, user: str, passphrase: str) -> None:
        ws = self.workspace
        assert ws is not None

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WrongPassphrase | UnknownUser):
                self.window.unlock_page.show_error(error_text(exc))
            else:
                self.window.unlock_page.set_busy(False)
                self.presenter(exc)

        def opened(_job: Any) -> tuple[Any, Any, Any]:
            from mopai.sync.county_settings import load

            store = open_store(ws, user or None, passphrase)
            try:   # the forms it holds and the county's settings, read here
                return store, store.forms.catalog(), load(store)
            except BaseException:
                store.close()
                raise

        self.worker.submit(opened, self._unlocked, failed, label=self.tr("Unlocking…"))

    def _unlocked(self, opened: tuple[Any, Any, Any]) -> None:
        store, catalog, settings = opened
        self.client.attach(store, catalog, settings)
        self.unlocks += 1
        if self.settings.last_user != store.user:
            self.settings.last_user = store.user
            self.save_settings()
        self.window.show_unlocked()
        if self.unlocks == 1:
            self.window.show_home()
            self.client.drafts(self.offer_restore)
        self.idle.set_active(True)

    def lock(self) -> None:
        """Autosave the editor, close the store (dropping its key), show the unlock screen."""
        if not self.client.is_open:
            return
        self.idle.set_active(False)
        self.window.editor.autosave_now()
        user = self.client.user
        self.client.close()
        self.window.show_locked_screen()
        ws = self.workspace
        self.window.unlock_page.setup(
            title=self.window.unlock_page.title.text(), users=ws.keys.users() if ws else [user],
            current=user, locked=True,
            demo_passphrase=DEMO_PASSPHRASE if is_demo(self.home) else "")

    # -- drafts after a crash --------------------------------------------------------------
    def offer_restore(self, drafts: list[Any]) -> None:
        mine = [d for d in drafts if d.user in ("", self.client.user)]
        if not mine:
            return
        draft = mine[0]
        dialog = RestoreDraftDialog(draft, self.window)
        self.restore_prompt = dialog

        def finished(result: int) -> None:
            self.restore_prompt = None
            if result == QDialog.DialogCode.Accepted:
                self.window.restore_draft(draft.state)
            elif dialog.discarded:
                self.client.discard_draft(draft.uuid)
        dialog.finished.connect(finished)
        dialog.open()

    # -- settings --------------------------------------------------------------------------
    def edit_settings(self) -> None:
        form = getattr(getattr(self, "client", None), "form", None)
        dialog = SettingsDialog(self.settings, self.window,
                                form_languages=form.language_names() if form else None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.result_settings(self.settings))

    def apply_settings(self, new: Settings) -> None:
        language_changed = new.language != self.settings.language
        form_language_changed = new.form_language != self.settings.form_language
        set_form_language(new.form_language)
        self.settings = new
        self.save_settings()
        self.apply_font()
        self.idle.set_timeout(new.idle_lock_minutes * 60_000)
        if language_changed:
            install_translators(new.language)
        if language_changed or form_language_changed:   # the form's texts on every screen
            self.window.retranslate()

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except OSError as exc:
            self.presenter(SettingsNotSaved(self.settings_path, exc))

    def apply_font(self) -> None:
        """The chosen size for every widget, those already open included: a widget styled by
        the style sheet keeps the font it was polished with, so the sheet (whose title sizes
        follow the chosen size) is set again, which polishes every widget anew."""
        font = QFont(self.app.font())
        font.setPointSize(self.settings.font_size)
        self.app.setFont(font)
        if self._qss:
            self.app.setStyleSheet(self.style_sheet())

    def style_sheet(self) -> str:
        size = self.settings.font_size
        return (self._qss.replace("{title_pt}", str(round(size * 1.4)))
                .replace("{heading_pt}", str(round(size * 1.2))))

    def _apply_style(self) -> None:
        qss = resources_dir() / "style.qss"
        if qss.exists():
            self._qss = qss.read_text(encoding="utf-8")
            self.app.setStyleSheet(self.style_sheet())
        icon = resources_dir() / "mopai.ico"  # the executable's icon too (build.spec)
        if icon.exists():
            self.app.setWindowIcon(QIcon(str(icon)))

    # -- shutdown --------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.idle.stop()
        self.client.close()
        self.worker.shutdown()
        self.hook.uninstall()


def run_app(home: Path | None, user: str | None, demo: bool, db: str | None = None) -> int:
    """Open the desktop app (the ``mopai`` command without a sub-command); `db` is a county
    server URL for this run (``mopai --db URL``), else the folder's own store."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Mopai")
    app.setOrganizationName("Mopai")
    target = demo_home() if demo else (Path(home) if home else default_home())
    tidy_at_start(target)  # what killed reports and exports left beside them (sync/atomic.py)
    controller = MopaiApp(target, user=user, demo=demo, db=None if demo else db,
                          log_dir=Path(user_log_dir("Mopai", appauthor=False)))
    try:
        if not controller.start():
            return 0
        return app.exec()
    finally:
        controller.shutdown()
