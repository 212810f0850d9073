"""A USB barcode/QR scanner pointed at a household card (明白卡) opens that household.

Such a scanner is a keyboard: it types the code's text, a character every few milliseconds,
and presses Enter. `CardScanner` is an application-wide event filter (docs/desktop.md, "The
household card") that recognises the card's text, ``MOPAI1H`` and 32 hex digits
(reports/card.py), typed as a burst:

- a key press that could begin the text (a capital ``M``: a person types it with Shift, rarely
  — lower-case typing is never held) is held back, not delivered;
- each next key is held back while it arrives within `gap_ms` of the previous one and the
  text so far can still become a card's code;
- Enter after a whole code: the keys held back are dropped and `scanned` carries the
  household's UUID; wherever the focus was, nothing was typed into it;
- anything else (a slow key: a person typing; a key that does not fit; Enter too soon; no
  key for `gap_ms`) gives the held keys back to the widget they were meant for, in order,
  before the key that broke the burst, so normal typing is unchanged (a capital ``M`` typed
  last arrives `gap_ms` later).

A scanner must type the code as printed (upper case; most have a Caps Lock setting): under
Caps Lock some type ``m``, which is never held back. After the ``M`` the case does not matter.

Only the widget with the focus (or, with no focus, the window) is watched: Qt offers a key
press to the window and then to its parents too, and each is the same key.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from mopai.reports.card import PREFIX, household_of

HEX = frozenset("0123456789ABCDEF")
LENGTH = len(PREFIX) + 32
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def could_become(text: str) -> bool:
    """Whether `text` is the start of a card's code (any case: a scanner under Caps Lock)."""
    text = text.upper()
    if len(text) > LENGTH:
        return False
    head, tail = text[:len(PREFIX)], text[len(PREFIX):]
    return PREFIX.startswith(head) and all(c in HEX for c in tail)


class CardScanner(QObject):
    """Install with ``QApplication.instance().installEventFilter(scanner)``; deleting the
    scanner (with its parent) removes it."""

    scanned = Signal(str)   # the household UUID of the card scanned
    # keys given back are for their widget: no scanner (another window's too) holds them again
    _replaying = False

    def __init__(self, parent: QObject | None = None, *, gap_ms: int = 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.gap_ms = gap_ms
        self._clock = clock
        self._held: list[tuple[QWidget, int, Qt.KeyboardModifier, str]] = []
        self._text = ""
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if CardScanner._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(obj, QWidget) or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if obj is not focus and not (focus is None and obj.isWindow()):
            return False
        now = self._clock()
        if self._text and (now - self._last) * 1000 > self.gap_ms:
            self.flush()              # too slow for a scanner: someone typing
        if not self._text:
            if event.text() != PREFIX[0] or self._modified(event):
                return False
            return self._hold(obj, event, now)
        if event.key() in ENTER:
            uuid = household_of(self._text) if len(self._text) == LENGTH else None
            if uuid is None:
                self.flush()
                return False
            self._drop()
            self.scanned.emit(uuid)
            return True
        if self._modified(event) or not event.text() or not could_become(self._text + event.text()):
            self.flush()
            return False
        return self._hold(obj, event, now)

    @staticmethod
    def _modified(event: QKeyEvent) -> bool:
        """Ctrl, Alt or Meta held: a shortcut, never a scanner's character."""
        other = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                      | Qt.KeyboardModifier.KeypadModifier)
        return other != Qt.KeyboardModifier.NoModifier

    def _hold(self, obj: QWidget, event: QKeyEvent, now: float) -> bool:
        self._held.append((obj, event.key(), event.modifiers(), event.text()))
        self._text += event.text()
        self._last = now
        self._timer.start(self.gap_ms)
        return True

    def _drop(self) -> None:
        self._timer.stop()
        self._held.clear()
        self._text = ""

    def flush(self) -> None:
        """Give the keys held back to the widgets they were meant for, in order."""
        held = self._held[:]
        self._drop()
        CardScanner._replaying = True
        try:
            for widget, key, modifiers, text in held:
                if isValid(widget):
                    QCoreApplication.sendEvent(
                        widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
        finally:
            CardScanner._replaying = False

    @property
    def holding(self) -> str:
        """The text held back now (for tests)."""
        return self._text
