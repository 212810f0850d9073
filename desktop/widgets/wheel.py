"""The mouse wheel scrolls the page, not the answer under the pointer.

A combo box, spin box or date edit changes its value on a wheel event even without focus, so
scrolling a long member page with the wheel used to change 与户主关系 or 文化程度 as the
pointer passed over them. ``guard_wheel`` gives such a widget ``Qt.StrongFocus`` (it takes the
focus by a click or Tab, never by the wheel) and one shared event filter that hands a wheel
event to the scroll area around the widget while the widget has no focus (or, with no scroll
area, lets it go on to the parent). Used by every field
editor (desktop/capture/field_editors.py) and the settings dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            area = watched.parentWidget()
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None:
                QApplication.sendEvent(area.viewport(), event)     # the page scrolls
                return True
            event.ignore()        # filtered but not accepted: Qt offers it to the parent
            return True
        return False


_guard: list[_WheelGuard] = []


def _the_guard() -> _WheelGuard:
    if not _guard:
        _guard.append(_WheelGuard(QApplication.instance()))
    return _guard[0]


def guard_wheel(widget: QWidget) -> QWidget:
    """Make ``widget`` (and every combo or spin box inside it) change on the wheel only when
    it has the focus; returns ``widget``."""
    targets = [widget, *widget.findChildren(QComboBox), *widget.findChildren(QAbstractSpinBox)]
    for w in targets:
        if isinstance(w, QComboBox | QAbstractSpinBox):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            w.installEventFilter(_the_guard())
    return widget
