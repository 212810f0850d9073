"""Atomic file writes: temporary name, flush, fsync, rename, fsync the folder.

A reader sees either the old file or the new one, never half of either, even when the
process is killed or the power fails in the middle (Electrum's storage.py does the same).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Windows cannot open folders; there the rename is enough."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write; then fsync it, rename it over `path` and
    fsync the folder. On any error the temporary file is removed and `path` is untouched."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, *, mode: int | None = 0o600) -> None:
    """Write `data` atomically; `mode=None` leaves permissions alone (FAT sticks have none)."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)
        if mode is not None:
            os.chmod(tmp, mode)


def append_durable(path: Path, line: bytes) -> None:
    """Append one line and fsync it (used for the few records kept before unlock)."""
    with open(path, "ab") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())
