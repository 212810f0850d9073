"""The crash hook: an unexpected exception is logged and shown, never swallowed or fatal.

Qt calls Python slots from its event loop; an exception escaping one ends up in
``sys.excepthook``. We write it to the log file and show the error dialog. The log holds no
household data: the formatter writes frames (file, line, code) and redacted messages only
(sync/redact.py: ID numbers and phones masked, and in exceptions we did not raise on purpose,
Chinese text and PostgreSQL's DETAIL lines too); the engines hide SQL parameters. Then it
shows the error dialog, and the app keeps running — the editor's draft is autosaved to the
encrypted store, so the worst case is restarting with a restore offer.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from mopai.sync.redact import redact, safe_traceback

log = logging.getLogger("mopai.desktop")


class SafeFormatter(logging.Formatter):
    """Log lines with redacted messages and tracebacks (no household data in the log)."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the traceback text on the record; another handler's formatter may
        # have filled it unredacted, so ours is always made afresh.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return redact(super().formatMessage(record), ours=True)

    def formatException(self, ei) -> str:  # noqa: ANN001, N802 - logging's exc_info tuple
        _kind, exc, tb = ei
        return safe_traceback(exc, tb).rstrip("\n") if exc is not None else ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return stack_info  # frames only: code, no values


def setup_logging(log_dir: Path) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "mopai.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("mopai")
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class _Relay(QObject):
    """Carries an exception raised on another thread to the UI thread."""

    raised = Signal(object)


class CrashHook:
    def __init__(self, show: Callable[[BaseException], None]) -> None:
        self._show = show
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self._relay = _Relay()
        self._relay.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.count = 0

    def install(self) -> CrashHook:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def _hook(self, kind: type[BaseException], exc: BaseException,
              tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, exc, tb)
            return
        self.count += 1
        log.error("unexpected error", exc_info=(kind, exc, tb))
        if QCoreApplication.instance() is None:
            self._previous(kind, exc, tb)
            return
        self._relay.raised.emit(exc)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._hook(args.exc_type, args.exc_value, args.exc_traceback)
