"""Atomic file writes: temporary name, flush, fsync, rename, fsync the folder.

A reader sees either the old file or the new one, never half of either, even when the
process is killed or the power fails in the middle (Electrum's storage.py does the same).

A process killed mid-write leaves its temporary file beside the target: half a report, a
ledger or a bundle, which may hold names and ID numbers in plain text (issue 12). So our
temporary files have one exact name, ``.<target name>.mopai-<8 random>.tmp``, and are held
while they are written (POSIX: an exclusive `flock`; Windows: the open handle, which keeps
anyone from deleting the file). `sweep(folder)` removes the ones nobody holds — the
leftovers of killed writers — and nothing else; every write sweeps its folder first, so the
next report or export to a folder (a USB stick, say) removes what a killed one left there.
Files of the name older Mopai versions gave (``.<target>.<8 random>.tmp``, never held) are
removed only when ten minutes old.

To sweep at start the folders written to before, the app and the command line call
`tidy_at_start(home)`: every write of the run remembers its folder in the workspace's
``written-folders.json`` (folder paths only, never a file name; 32 at most), and the folders
remembered there are swept.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import FileInUse

TEMP_INFIX = ".mopai-"
TEMP_SUFFIX = ".tmp"
# mkstemp's random part: 8 of [a-z0-9_]
_OURS = re.compile(r"\.(?P<target>.+)\.mopai-[a-z0-9_]{8}\.tmp")
_OLD = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")
OLD_AGE = 600  # seconds: an old version's temporary file nobody can be writing any more
KNOWN_MAX = 32  # folders remembered
FOLDERS_FILE = "written-folders.json"  # in the workspace folder (tidy_at_start)

try:
    import fcntl
except ImportError:  # Windows: an open handle already keeps the file from being deleted
    fcntl = None  # type: ignore[assignment]


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Windows cannot open folders; there the rename is enough."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_temp_name(name: str) -> bool:
    """True for exactly the names our temporary files have (now or in older versions)."""
    return bool(_OURS.fullmatch(name) or _OLD.fullmatch(name))


# -- holding a temporary file --------------------------------------------------------------
def _hold(fd: int) -> bool:
    """Take the writer's lock on `fd`; False when the file was swept before we got it."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: the age rule protects nobody, go on
            return True
        return os.fstat(fd).st_nlink > 0
    return True


def _new_temp(path: Path) -> tuple[int, Path]:
    for _ in range(10):
        fd, name = tempfile.mkstemp(prefix=f".{path.name}{TEMP_INFIX}", suffix=TEMP_SUFFIX,
                                    dir=path.parent)
        if _hold(fd):
            return fd, Path(name)
        os.close(fd)
    raise OSError(f"cannot keep a temporary file in {path.parent}")


# Windows refuses to replace a file another program holds open (a workbook open in WPS or
# Excel; briefly, an antivirus scan): try for this long before giving up.
REPLACE_TRIES = 10
REPLACE_WAIT = 0.2  # seconds between tries


def _replace(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_WAIT)


def free_name(path: Path) -> Path:
    """`name(2).xlsx`, `name(3).xlsx`, …: the first such name beside `path` not taken."""
    for n in range(2, 1000):
        other = path.with_name(f"{path.stem}({n}){path.suffix}")
        if not other.exists():
            return other
    raise FileExistsError(f"no free name beside {path}")


@contextmanager
def replacing(path: Path, *, aside: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write; then fsync it, rename it over `path` and
    fsync the folder. On any error the temporary file is removed and `path` is untouched.
    The folder's abandoned temporary files are removed first (`sweep`).

    If `path` stays held open by another program, `FileInUse` names it; with `aside` (a
    report: work worth keeping) what was written is kept under a free name beside it."""
    path = Path(path)
    _remember(path.parent)
    sweep(path.parent)
    fd, tmp = _new_temp(path)
    try:
        yield tmp
        os.fsync(fd)  # flushes the file, whichever handle wrote it
        if os.name == "nt":  # Windows renames no open file; a sweep in between finds it gone
            os.close(fd)
            fd = -1
        try:
            _replace(tmp, path)
        except PermissionError:
            if not aside:
                raise FileInUse(str(path)) from None
            other = free_name(path)
            os.replace(tmp, other)
            fsync_dir(path.parent)
            raise FileInUse(str(path), str(other)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if fd >= 0:
            os.close(fd)
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


# -- removing what killed writers left -----------------------------------------------------
def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files a killed writer left in `folder` (only files named exactly
    as ours, only when no live writer holds them); returns those removed. Never raises."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if name[:1] != "." or not name.endswith(TEMP_SUFFIX):
            continue
        ours = bool(_OURS.fullmatch(name))
        if not ours and not _OLD.fullmatch(name):
            continue
        with suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            if not ours and time.time() - entry.stat(follow_symlinks=False).st_mtime < OLD_AGE:
                continue
            if _remove_abandoned(Path(entry.path), ours):
                removed.append(Path(entry.path))
    return removed


def _remove_abandoned(path: Path, ours: bool) -> bool:
    if fcntl is None:
        try:
            path.unlink()  # refused while a writer has it open
        except (PermissionError, FileNotFoundError):
            return False
        return True
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer
        except OSError:  # no locks on this file system: only what is old enough
            if ours and time.time() - os.fstat(fd).st_mtime < OLD_AGE:
                return False
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
            return False  # renamed or replaced since we looked
        path.unlink()
        return True
    finally:
        os.close(fd)


# -- the folders written to, for the sweep at start ----------------------------------------
_known: Path | None = None
_known_lock = threading.Lock()


def track_folders(registry: Path | None) -> None:
    """From now on, every write of this process remembers its folder in `registry` (a JSON
    list of folder paths, newest first); None stops it."""
    global _known
    _known = Path(registry) if registry is not None else None


def known_folders(registry: Path) -> list[Path]:
    try:
        raw = json.loads(Path(registry).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Path(f) for f in raw if isinstance(f, str)] if isinstance(raw, list) else []


def sweep_known(registry: Path) -> list[Path]:
    """Sweep every remembered folder that is there (a stick may be out); never raises."""
    removed: list[Path] = []
    for folder in known_folders(registry):
        with suppress(OSError):
            if folder.is_dir():
                removed += sweep(folder)
    return removed


def tidy_at_start(home: Path) -> list[Path]:
    """What the app and the command line do first: remember the folders this run writes to
    in the workspace folder `home` (when it exists) and sweep those remembered before."""
    registry = Path(home) / FOLDERS_FILE
    if not registry.parent.is_dir():
        return []
    track_folders(registry)
    return sweep_known(registry)


def _remember(folder: Path) -> None:
    registry = _known
    if registry is None:
        return
    with _known_lock, suppress(OSError):
        here = str(Path(folder).resolve())
        folders = [str(f) for f in known_folders(registry)]
        if folders[:1] == [here] or not registry.parent.is_dir():
            return
        folders = [here, *(f for f in folders if f != here)][:KNOWN_MAX]
        data = json.dumps(folders, ensure_ascii=False, indent=0).encode("utf-8")
        fd, tmp = _new_temp(registry)  # as `replacing`, without remembering (no recursion)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            if os.name == "nt":
                os.close(fd)
                fd = -1
            _replace(tmp, registry)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            if fd >= 0:
                os.close(fd)


__all__ = ["FOLDERS_FILE", "OLD_AGE", "append_durable", "fsync_dir", "is_temp_name", "known_folders",
           "replacing", "sweep", "sweep_known", "tidy_at_start", "track_folders", "write_atomic"]
