"""The village app as a real process for tests/desktop/shell/test_net_kill.py: what `mopai`
runs (`run_app`: tidy at start, `MopaiApp`, the unlock screen, the event loop), offscreen,
with the passphrase typed into the unlock screen as a person would, and the background
sync's status printed as JSON lines on stdout. With ``--quit``: leaves after the first run
that ends (done, offline or failed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mopai.desktop.shell.app import MopaiApp
from mopai.sync.atomic import tidy_at_start
from tests.conftest import PASSPHRASE, USER


class PrintingPresenter:
    """Every error the app would show, printed instead of a modal dialog (nobody to click)."""

    def __call__(self, exc: BaseException, *, crash: bool = False) -> None:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}", "crash": crash},
                         ensure_ascii=False), flush=True)


def main(home: Path, scratch: Path, quit_when_done: bool) -> int:
    app = QApplication(sys.argv[:1])
    tidy_at_start(home)
    controller = MopaiApp(home, user=USER, settings_path=scratch / "settings.json",
                          presenter=PrintingPresenter(), log_dir=scratch / "log", idle_ms=0)

    def show(state) -> None:  # noqa: ANN001 - net_sync.SyncState
        report = state.report
        print(json.dumps({"kind": state.kind, "done": state.done, "total": state.total,
                          "percent": state.percent, "reason": state.reason,
                          "sent": [s.__dict__ for s in report.sent] if report else [],
                          "imported": [r.status for r in report.imported] if report else []},
                         ensure_ascii=False), flush=True)
        if quit_when_done and state.kind in ("done", "offline", "failed"):
            app.quit()
    controller.window.net_sync.state_changed.connect(show)

    def type_passphrase() -> None:
        page = controller.window.unlock_page
        if not page.passphrase.isEnabled():
            QTimer.singleShot(50, type_passphrase)
            return
        QTest.keyClicks(page.passphrase, PASSPHRASE)
        QTest.keyClick(page.passphrase, Qt.Key.Key_Return)
    try:
        controller.start()
        QTimer.singleShot(0, type_passphrase)
        return app.exec()
    finally:
        controller.shutdown()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), "--quit" in sys.argv[3:]))
