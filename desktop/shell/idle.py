"""Idle detection for the auto-lock: no key press or mouse action for N milliseconds.

An application-wide event filter restarts a single-shot timer on every user input event; the
timeout is injectable so that tests use a few hundred milliseconds instead of ten minutes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)
        QApplication.instance().installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        """0 switches the auto-lock off."""
        self._timeout = max(int(timeout_ms), 0)
        self._timer.setInterval(self._timeout)
        self.restart()

    def restart(self) -> None:
        if self._timeout > 0 and self._active:
            self._timer.start()
        else:
            self._timer.stop()

    _active = False

    def set_active(self, active: bool) -> None:
        """Only count idle time while the data is shown (not on the unlock screen)."""
        self._active = active
        self.restart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._active and self._timeout > 0 and event.type() in INPUT_EVENTS:
            self._timer.start()
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
