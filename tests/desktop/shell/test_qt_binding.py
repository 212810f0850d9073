"""The Qt binding must not leak references to None (PySide6 6.12.0 on CPython 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_refcount(qtbot) -> None:  # noqa: ANN001 - pytest-qt
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("摸排")
    # A leaking binding lowers None's count by one per call (and aborts the app later).
    assert sys.getrefcount(None) > before - 500
