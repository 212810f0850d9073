"""An exclusive lock between processes on a small side file, taken within a bounded time.

Used for the key file (sync/keyfile.py): two Mopai processes on one workspace (the app and
the command line, or two windows) must not both rewrite it from what each read earlier.

The lock is held on ``<target>.lock`` beside the target, never on the target itself: the
target is replaced by an atomic rename (sync/atomic.py), which gives it a new file, so a lock
on the old one would protect nothing. The lock file is created once and never removed —
removing it would let a waiter hold a lock on a file nobody else can open any more.

Windows first (the village laptops): ``msvcrt.locking`` on the first byte of the lock file
(a mandatory byte-range lock, LockFile underneath; it works on NTFS, FAT sticks and network
shares, and is released by Windows when the process dies). POSIX: ``fcntl.flock``, released
the same way. Neither is re-entrant across handles: two threads, or two `locked()` of one
process, exclude each other like two processes do.

The lock is tried without blocking and retried until `timeout`; past it `LockBusy` says,
in both languages, that another Mopai is changing the file and that nothing was changed.
Opening the lock file is retried too while Windows refuses it (an antivirus scanner may hold
a new file for a moment). A file system with no locks at all (a few network mounts) is used
unlocked, as sync/atomic.py does: there nothing can be held, and the re-read inside the
"lock" still narrows the window to the few milliseconds of one write.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockBusy, MopaiError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

SUFFIX = ".lock"
TIMEOUT = 10.0  # seconds: a key file change takes well under one (one Argon2id derivation)
POLL = 0.05
# errors that mean "someone else holds it" (Windows: EACCES/EDEADLOCK from _locking)
_HELD = {errno.EAGAIN, errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EDEADLK}


def lock_path(target: Path) -> Path:
    target = Path(target)
    return target.with_name(target.name + SUFFIX)


def _open(path: Path, deadline: float) -> int:
    while True:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except PermissionError:
            # Windows: a scanner holding the new file, or a read-only folder; POSIX: only the
            # latter. Retried until the deadline, then said as it is.
            if os.name != "nt" or time.monotonic() >= deadline:
                raise
            time.sleep(POLL)


def _try(fd: int) -> bool:
    """Take the lock without waiting; False while another holder has it."""
    try:
        if msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        elif fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if isinstance(exc, BlockingIOError) or exc.errno in _HELD:
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            return True  # no locks on this file system: go on unlocked (see above)
        raise


def _release(fd: int) -> None:
    if msvcrt is not None:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass  # closing the handle releases it too
    elif fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


@contextmanager
def locked(target: Path, *, timeout: float | None = None, what: tuple[str, str] = ("文件", "file")
           ) -> Iterator[None]:
    """Hold the exclusive lock of `target` for the body; `LockBusy` if not had in `timeout`
    seconds (default `TIMEOUT`). `what` names the file for people (zh, en)."""
    target = Path(target)
    wait = TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + wait
    path = lock_path(target)
    try:
        fd = _open(path, deadline)
    except OSError as exc:
        raise MopaiError(
            f"无法在“{target.parent}”中创建锁文件，{what[0]}未改动（文件夹只读或无权限？）",
            f"cannot create the lock file in {target.parent}; the {what[1]} was not changed "
            f"(is the folder read-only?): {exc.strerror or exc}",
            where=str(path), code="lock_unavailable") from None
    try:
        while not _try(fd):
            if time.monotonic() >= deadline:
                raise LockBusy(
                    f"另一个摸排程序（另一个窗口或命令行）正在修改{what[0]}，等了 {wait:g} 秒仍未完成："
                    f"请稍后再试，{what[0]}未改动",
                    f"another Mopai (another window or the command line) is changing the "
                    f"{what[1]} and did not finish within {wait:g} s; try again shortly — the "
                    f"{what[1]} was not changed",
                    where=str(target))
            time.sleep(POLL)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


__all__ = ["POLL", "SUFFIX", "TIMEOUT", "lock_path", "locked"]
