"""The one serial worker that runs every store call (Anki's single-worker executor).

The SQLCipher engine keeps one connection per thread (SingletonThreadPool), so the GUI runs
all store work — unlock, reads, saves, close — on this one thread, in submission order.
Widgets submit a function and get its result (or its error) back on the UI thread through a
queued signal; they never wait on it. A job's ``progress(done, total, message)`` is safe to
call from the worker; a progress dialog appears only if the job lasts more than ~0.5 s, and
its Cancel button sets ``job.cancel`` (core loops check it).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(eq=False)
class Job:
    id: int
    fn: Callable[[Job], Any]
    done: Done | None
    failed: Failed | None
    label: str
    cancel: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    _emit: Callable[[Job, int, int, str], None] | None = None

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Called on the worker thread; forwarded to the UI thread as a signal."""
        if self._emit is not None:
            self._emit(self, int(done), int(total), message)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()


class StoreWorker(QObject):
    """Runs jobs one at a time on a single thread; results come back as queued signals."""

    # One Python object per signal: a bare None passed through a queued connection trips
    # a PySide refcount bug, a tuple holding it does not.
    _finished = Signal(object)                         # (job, result, error)
    _progressed = Signal(object, int, int, str)        # job, done, total, message
    busy_changed = Signal(bool)
    # A labelled job's delay ran out: (job id, whether its progress dialog opened: only if
    # the job was still running).
    dialog_decided = Signal(int, bool)

    def __init__(self, on_error: Failed, parent: QObject | None = None, *,
                 dialog_delay_ms: int = 500, dialog_parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mopai-store")
        self._ids = itertools.count(1)
        self._pending: set[Job] = set()
        self._on_error = on_error
        self._delay = dialog_delay_ms
        self._dialog_parent = dialog_parent
        self._dialogs: dict[Job, QProgressDialog] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    def set_dialog_parent(self, widget: QWidget | None) -> None:
        self._dialog_parent = widget

    # -- submitting ------------------------------------------------------------------------
    def submit(self, fn: Callable[[Job], Any], done: Done | None = None,
               failed: Failed | None = None, *, label: str = "") -> Job:
        """Queue ``fn(job)``; ``done(result)`` or ``failed(error)`` run on the UI thread.

        Without ``failed`` an error goes to the app's one error presenter: nothing is dropped.
        With a ``label`` the job shows a progress dialog if it outlasts the delay.
        """
        job = Job(next(self._ids), fn, done, failed, label)
        job._emit = self._progressed.emit
        self._pending.add(job)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if label:
            QTimer.singleShot(self._delay, lambda: self._open_dialog(job))
        self._pool.submit(self._run, job)
        return job

    def _run(self, job: Job) -> None:  # worker thread
        try:
            result = job.fn(job)
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, never dropped
            self._finished.emit((job, None, exc))
        else:
            self._finished.emit((job, result, None))

    def _deliver(self, outcome: tuple[Job, Any, BaseException | None]) -> None:
        job, result, error = outcome
        job.finished = True
        self._pending.discard(job)
        dialog = self._dialogs.pop(job, None)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        if not self._pending:
            self.busy_changed.emit(False)
        if error is not None:
            (job.failed or self._on_error)(error)
        elif job.done is not None:
            job.done(result)

    # -- progress --------------------------------------------------------------------------
    def _open_dialog(self, job: Job) -> None:
        if job.finished or job in self._dialogs:
            self.dialog_decided.emit(job.id, False)
            return
        dialog = QProgressDialog(job.label, self.tr("Cancel"), 0, 0, self._dialog_parent)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel.set)
        self._dialogs[job] = dialog
        dialog.show()
        self.dialog_decided.emit(job.id, True)

    def _show_progress(self, job: Job, done: int, total: int, message: str) -> None:
        dialog = self._dialogs.get(job)
        if dialog is None:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if message:
            dialog.setLabelText(f"{job.label}\n{message}")

    # -- lifetime --------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def future(self, fn: Callable[[], Any]) -> Future[Any]:
        """Queue ``fn`` behind the jobs already queued; for a background thread that waits on
        it (the network sync's), never the UI thread. RuntimeError once shut down."""
        return self._pool.submit(fn)

    def run_sync(self, fn: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Run ``fn`` on the worker and wait: only for shutdown paths and tests, never widgets."""
        return self._pool.submit(fn).result(timeout)

    def shutdown(self) -> None:
        """Let queued jobs (closing the store first of all) finish, then stop the thread."""
        self._pool.shutdown(wait=True)
