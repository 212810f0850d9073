"""The village app's background network sync and its status line (issue 20; docs/desktop.md,
"Network sync").

A run is `sync.net.client.run` on a thread of its own: the network never runs on the GUI
thread, nor on the store's worker — each store step of the run (export, a return bundle's
import, meta) is queued on the store's worker as one short job (`StoreClient.call_blocking`),
so capture keeps going between them. Runs come from a timer while the app is unlocked, a
few seconds after a save (a completion is a save), and from 立即同步. Offline is normal: the
status line says 离线 and nothing pops up. Locking or closing the app sets the run's cancel
flag and closes its connection; the server keeps what arrived, the next run continues.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from mopai.sync.errors import MopaiError
from mopai.sync.net import client as net

from .client import StoreClient
from .i18n import current_language


@dataclass
class SyncState:
    """What the status line shows: `kind` is ``idle``, ``syncing``, ``uploading``, ``done``,
    ``offline`` or ``failed``."""

    kind: str = "idle"
    last_ok: str = ""              # HH:MM of the last sync that reached the county
    done: int = 0                  # uploading: bundles sent
    total: int = 0                 # uploading: bundles to send
    percent: int = 0               # uploading: of the current bundle
    reason: str = ""               # failed: why, in the user's language
    report: Any = None             # the last run's sync.net.client.SyncReport
    error: BaseException | None = None
    at: str = ""                   # HH:MM of the last run's end


class BackgroundSync(QObject):
    """Runs network syncs one at a time in the background; `state_changed` tells the line."""

    state_changed = Signal(object)     # SyncState
    imported = Signal()                # a return bundle was imported: views reload
    _progressed = Signal(int, int, str)
    _finished = Signal(object, object, object)  # report, error, the forms (each or None)

    def __init__(self, client: StoreClient, parent: QObject | None = None, *,
                 interval_ms: int = 5 * 60_000, after_save_ms: int = 5_000,
                 wait_seconds: float = 20.0) -> None:
        super().__init__(parent)
        self.client = client
        self.state = SyncState()
        self.enabled = False           # the store's setup file named a server
        self.wait_seconds = wait_seconds
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._conn: net.Connection | None = None
        self._again = False            # asked while a run was going: once more after it
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(after_save_ms)
        self.soon.timeout.connect(self.sync_now)
        self._progressed.connect(self._on_progress)
        self._finished.connect(self._on_finished)
        client.changed.connect(self._saved)

    # -- starting and stopping -------------------------------------------------------------
    def start(self) -> None:
        """After an unlock: sync now and on the timer, if the setup file named a server."""
        def configured(info: dict[str, str]) -> None:
            if not self.client.is_open:
                return
            self.enabled = bool(info.get("server"))
            self.state = SyncState(last_ok=_local_hhmm(info.get("synced_at", "")))
            self.state_changed.emit(self.state)
            if self.enabled:
                self.timer.start()
                self.sync_now()
        self._cancel = threading.Event()
        self.client.net_config(configured)

    def stop(self, wait: float = 0.0) -> None:
        """Lock or close: no new run; a running one stops between chunks (its connection is
        closed now, so a blocked read ends). `wait`: seconds to wait for its thread."""
        self.enabled = False
        self.timer.stop()
        self.soon.stop()
        self._again = False
        self._cancel.set()
        conn = self._conn
        if conn is not None:
            conn.close()
        thread = self._thread
        if wait and thread is not None:
            thread.join(wait)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _saved(self, _changes: Any) -> None:
        if self.enabled:
            self.soon.start()

    def sync_now(self) -> None:
        """立即同步, the timer, a save: one run at a time; asked during one, once more after."""
        if not self.enabled or not self.client.is_open:
            return
        if self.running:
            self._again = True
            return
        cancel = self._cancel
        self.state.kind, self.state.done, self.state.total = "syncing", 0, 0
        self.state_changed.emit(self.state)
        self._thread = threading.Thread(target=self._run, args=(cancel,),
                                        name="mopai-net-sync", daemon=True)
        self._thread.start()

    # -- the run (its own thread) ----------------------------------------------------------
    def _run(self, cancel: threading.Event) -> None:
        def call(fn: Any) -> Any:
            return self.client.call_blocking(fn, cancel)
        report, error, catalog = None, None, None
        try:
            self._conn = call(lambda s: net.connect(s))
            if cancel.is_set():
                raise net.Cancelled("同步已停止", "sync stopped")
            report = net.run(None, call=call, conn=self._conn, cancel=cancel,
                             wait_seconds=self.wait_seconds, progress=self._progressed.emit)
            if report.imported:  # a return bundle may bring a newer questionnaire
                catalog = call(lambda s: s.forms.catalog())
        except BaseException as exc:  # noqa: BLE001 - every outcome goes to the status line
            error = exc
        finally:
            self._conn = None
        if cancel.is_set():
            error = net.Cancelled("同步已停止", "sync stopped")
        self._finished.emit(report, error, catalog)

    # -- back on the GUI thread ------------------------------------------------------------
    def _on_progress(self, done: int, total: int, percent: str) -> None:
        if self._cancel.is_set():
            return
        self.state.kind = "uploading" if total else "syncing"
        self.state.done, self.state.total = min(done + 1, total), total
        self.state.percent = int(percent or 0)
        self.state_changed.emit(self.state)

    def _on_finished(self, report: Any, error: BaseException | None, catalog: Any) -> None:
        now = time.strftime("%H:%M")
        state = self.state
        state.report, state.error, state.at = report, error, now
        if isinstance(error, net.Cancelled):
            state.kind = "idle"
        elif isinstance(error, net.Offline):
            state.kind = "offline"
        elif error is not None:
            state.kind = "failed"
            state.reason = (error.message(current_language()) if isinstance(error, MopaiError)
                            else str(error) or type(error).__name__)
        elif not report.ok:
            state.kind = "failed"
            rejected = [s for s in report.sent if s.state == "rejected"]
            zh = current_language().startswith("zh")
            state.reason = "; ".join(
                (s.message_zh if zh else s.message_en) or s.reason for s in rejected) or \
                "; ".join(r.one_line() for r in report.imported if not r.ok)
            state.last_ok = now
        else:
            state.kind, state.last_ok = "done", now
        self.state_changed.emit(state)
        if catalog is not None and self.client.is_open:
            self.client.set_catalog(catalog)
        if report is not None and report.imported and self.client.is_open:
            self.imported.emit()
        if self._again and self.enabled:
            self._again = False
            self.sync_now()


def _local_hhmm(stamp: str) -> str:
    """``HH:MM`` local time of a UTC ISO stamp (``2026-05-01T08:00:00Z``), or ``MM-DD HH:MM``
    when it is not today; empty when there is none."""
    import datetime as dt

    if not stamp:
        return ""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return ""
    today = dt.datetime.now().astimezone().date()
    return when.strftime("%H:%M" if when.date() == today else "%m-%d %H:%M")
