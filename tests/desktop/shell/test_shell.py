"""The app shell: the serial worker, its delayed progress dialog, the one error presenter and
the crash hook."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from mopai.desktop.errors import SettingsNotSaved
from mopai.desktop.shell.crash import CrashHook
from mopai.desktop.shell.worker import StoreWorker
from mopai.desktop.widgets.error_dialog import ErrorDialog, error_details
from mopai.forms.errors import FormError, FormProblem
from mopai.sync.errors import WrongPassphrase


def test_jobs_run_in_order_on_one_thread_and_errors_reach_the_presenter(qtbot) -> None:
    errors: list[BaseException] = []
    worker = StoreWorker(errors.append)
    threads, results = [], []
    for i in range(5):
        worker.submit(lambda _j, i=i: (threads.append(threading.get_ident()), i)[1],
                      results.append)
    worker.submit(lambda _j: 1 / 0)
    qtbot.waitUntil(lambda: len(results) == 5 and bool(errors), timeout=3000)
    assert results == [0, 1, 2, 3, 4]
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
    assert isinstance(errors[0], ZeroDivisionError)
    worker.shutdown()


def test_progress_dialog_only_for_long_work(qtbot) -> None:
    worker = StoreWorker(lambda exc: None, dialog_delay_ms=300)

    def dialogs() -> list[QProgressDialog]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]

    done: list[int] = []
    with qtbot.waitSignal(worker.dialog_decided, timeout=3000) as decided:
        quick = worker.submit(lambda _j: done.append(1), label="quick")
        qtbot.waitUntil(lambda: bool(done))
    assert decided.args == [quick.id, False] and dialogs() == []

    def slow(job) -> int:  # noqa: ANN001
        for i in range(8):
            job.progress(i, 8, "step")
            time.sleep(0.1)
            if job.cancelled:
                return -1
        return 8
    worker.submit(slow, done.append, label="slow work")
    qtbot.waitUntil(lambda: bool(dialogs()), timeout=2000)
    assert "slow work" in dialogs()[0].labelText()
    dialogs()[0].findChild(QPushButton).click()    # Cancel sets the job's flag
    qtbot.waitUntil(lambda: len(done) == 2, timeout=3000)
    assert done[-1] == -1 and dialogs() == []
    worker.shutdown()


def test_error_dialog_shows_the_users_language_and_copies_details(qtbot) -> None:
    exc = WrongPassphrase("密码不对，请再试一次", "wrong passphrase, try again", where="王会计")
    dialog = ErrorDialog(exc)
    qtbot.addWidget(dialog)
    assert dialog.message.text() == "密码不对，请再试一次"
    dialog.copy_details()
    copied = QApplication.clipboard().text()
    assert "wrong passphrase" in copied and "王会计" in copied
    try:
        int("x")
    except ValueError as unexpected:
        assert "Traceback" in error_details(unexpected)   # a bug: where it happened


def test_crash_hook_logs_and_shows(qtbot, caplog) -> None:
    shown: list[BaseException] = []
    hook = CrashHook(shown.append).install()
    try:
        def boom() -> None:
            raise RuntimeError("unexpected")
        with caplog.at_level(logging.ERROR, logger="mopai.desktop"):
            try:
                boom()
            except RuntimeError as exc:
                import sys
                sys.excepthook(type(exc), exc, exc.__traceback__)
            threading.Thread(target=boom).start()
            qtbot.waitUntil(lambda: len(shown) == 2, timeout=3000)
        assert all(isinstance(e, RuntimeError) for e in shown)
        assert caplog.text.count("unexpected error") == 2
    finally:
        hook.uninstall()


def test_the_error_dialog_shows_any_packages_error_through_the_one_base(qtbot) -> None:
    problem = FormProblem("survey", 4, "B", "名称重复", "duplicate name")
    for exc, text in ((FormError([problem]), "问卷工作簿有 1 处错误，请逐条修改后再检查"),
                      (SettingsNotSaved(Path("/x/settings.json"), OSError(28, "No space")),
                       "设置无法保存（No space）：本次使用期间仍然有效，下次启动会恢复为原来的设置")):
        dialog = ErrorDialog(exc)
        qtbot.addWidget(dialog)
        assert dialog.message.text().splitlines()[0] == text
        assert f"code: {exc.code}" in error_details(exc)
        assert "Traceback" not in error_details(exc)


def test_settings_that_cannot_be_saved_are_shown_as_mopai_errors(make_app, tmp_path) -> None:
    app = make_app()
    (tmp_path / "file").write_text("x")
    app.settings_path = tmp_path / "file" / "settings.json"
    app.save_settings()
    [shown] = app.presenter.shown
    assert isinstance(shown, SettingsNotSaved) and shown.code == "settings_not_saved"
    assert shown.where == str(tmp_path / "file" / "settings.json")


def test_the_app_shows_its_icon(make_app) -> None:
    """The icon the executables carry (build.spec) is the windows' icon too."""
    app = make_app()
    assert not app.app.windowIcon().isNull()
    assert app.app.windowIcon().availableSizes()
