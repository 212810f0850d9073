"""Giving memory the process freed back to the system, in a long-lived process after a burst
of work (the sync server after each import group: docs/decisions.md, decision 72).

glibc's malloc keeps what Python and SQLite free inside its arenas, one per thread that
allocated, and returns it only from the top of each heap: over a 300-village network sync the
server's arenas held 90–190 MiB freed but not returned, a third of its resident memory.
`malloc_trim(0)` returns every whole free page of every arena (some ms). On Windows the C
runtime's `_heapmin` asks the heap to decommit what is free. Elsewhere (macOS, musl) nothing is
done. Neither call changes what is allocated, only what the system counts.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable


def _releaser() -> Callable[[], object] | None:
    try:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None)  # the process's own symbols: glibc's when it is glibc
            trim = getattr(libc, "malloc_trim", None)  # musl has none
            if trim is None:
                return None
            trim.argtypes = [ctypes.c_size_t]
            trim.restype = ctypes.c_int
            return lambda: trim(0)
        if sys.platform == "win32":
            heapmin = ctypes.CDLL("ucrtbase")._heapmin  # the C runtime CPython links (3.5+)
            heapmin.restype = ctypes.c_int
            return heapmin
    except (OSError, AttributeError):
        return None
    return None


_RELEASE = _releaser()


def give_back() -> bool:
    """Return the process's free heap memory to the system where the C library can; whether
    it could."""
    if _RELEASE is None:
        return False
    _RELEASE()
    return True
