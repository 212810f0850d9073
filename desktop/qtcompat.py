"""A guard against PySide6 6.12.0's None refcount bug on Python < 3.12.

On CPython 3.11, PySide6/shiboken6 6.12.0 returns ``None`` from every void Qt method without
taking a reference (3.12+ made None immortal, which hides the mistake there). Each call such
as ``label.setText()`` lowers None's reference count by one, and after some thousands of
calls the interpreter aborts with "none_dealloc". 6.11 does not do this.

The real fix is to pin PySide6 away from 6.12.0 (asked of the lead). Until then this module
measures the leak once at start-up and, only if it is present, raises None's reference count
by 2**40 so it can never reach zero within a session. It does nothing on a sound PySide6.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

BOOST = 1 << 40
_state = {"checked": False, "leaks": False}


def none_leaks() -> bool:
    """Whether void Qt calls drop references to None (measured, not guessed)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 32


def guard_none_refcount() -> bool:
    """Apply the guard once per process if needed; True if it was needed."""
    if _state["checked"]:
        return _state["leaks"]
    _state["checked"] = True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if none_leaks():
        _state["leaks"] = True
        refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
        refcnt.value += BOOST
    return _state["leaks"]
