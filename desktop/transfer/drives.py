"""Where a USB stick is: removable drives on Windows, mount points on Linux. Qt-free.

Windows: every drive letter whose type is DRIVE_REMOVABLE, and fixed disks on a USB, SD or
MMC bus (many sticks and card readers report themselves as fixed disks: their bus type, asked
with IOCTL_STORAGE_QUERY_PROPERTY, tells). A letter with no medium in it (an empty card
reader slot) is skipped: its volume information cannot be read; Windows is told not to ask
for a disk meanwhile (SetErrorMode). The system drive is never offered.

Linux: the folders desktops mount sticks under (/media/<user>/<label>,
/run/media/<user>/<label>).

Each drive comes with its label and free space, so a cadre picks the right stick and sees a
full one before the export (sync/export.py refuses it anyway, before writing). The export
wizard always offers "choose a folder" as well: a stick may be mounted anywhere.
"""

from __future__ import annotations

import os
import shutil
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DRIVE_REMOVABLE, DRIVE_FIXED = 2, 3
BUS_USB, BUS_SD, BUS_MMC = 7, 12, 13  # STORAGE_BUS_TYPE
STICK_BUSES = frozenset({BUS_USB, BUS_SD, BUS_MMC})


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str = ""
    free: int | None = None   # bytes; None when it cannot be read
    total: int | None = None


class WindowsApi(Protocol):
    def logical_drives(self) -> int: ...
    def drive_type(self, root: str) -> int: ...
    def bus_type(self, letter: str) -> int | None: ...
    def volume_label(self, root: str) -> str | None: ...   # None: no medium
    def system_root(self) -> str: ...


class _Kernel32:
    """The few Windows calls the list needs (ctypes, nothing installed)."""

    def __init__(self) -> None:
        import ctypes  # Windows only
        from ctypes import wintypes

        self.ctypes, self.wintypes = ctypes, wintypes
        self.k = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        self.k.CreateFileW.restype = wintypes.HANDLE

    def logical_drives(self) -> int:
        return int(self.k.GetLogicalDrives())

    def drive_type(self, root: str) -> int:
        return int(self.k.GetDriveTypeW(self.ctypes.c_wchar_p(root)))

    def bus_type(self, letter: str) -> int | None:
        ctypes, wintypes = self.ctypes, self.wintypes
        invalid = wintypes.HANDLE(-1).value
        handle = self.k.CreateFileW(f"\\\\.\\{letter}:", 0, 3, None, 3, 0, None)  # share r/w
        if handle in (None, invalid):
            return None
        try:
            query = (ctypes.c_ulong * 3)(0, 0, 0)  # StorageDeviceProperty, PropertyStandardQuery
            out = (ctypes.c_ubyte * 1024)()
            returned = wintypes.DWORD()
            ok = self.k.DeviceIoControl(handle, 0x2D1400, ctypes.byref(query),
                                        ctypes.sizeof(query), ctypes.byref(out), 1024,
                                        ctypes.byref(returned), None)
            if not ok or returned.value < 32:
                return None
            # STORAGE_DEVICE_DESCRIPTOR: BusType follows 2 DWORDs, 4 BYTEs and 4 DWORDs
            return int.from_bytes(bytes(out[28:32]), "little")
        finally:
            self.k.CloseHandle(handle)

    def volume_label(self, root: str) -> str | None:
        ctypes = self.ctypes
        name = ctypes.create_unicode_buffer(261)
        old = self.k.SetErrorMode(0x0001)  # SEM_FAILCRITICALERRORS: no "insert a disk" box
        try:
            ok = self.k.GetVolumeInformationW(ctypes.c_wchar_p(root), name, 261, None, None,
                                              None, None, 0)
        finally:
            self.k.SetErrorMode(old)
        return name.value if ok else None

    def system_root(self) -> str:
        return os.environ.get("SystemDrive", "C:")[:1].upper()


def _usage(path: Path) -> tuple[int | None, int | None]:
    try:
        u = shutil.disk_usage(path)
    except OSError:
        return None, None
    return u.free, u.total


def windows_drives(api: WindowsApi | None = None,
                   usage: Callable[[Path], tuple[int | None, int | None]] = _usage
                   ) -> list[Drive]:
    api = api or _Kernel32()
    mask = api.logical_drives()
    system = api.system_root()
    found = []
    for i, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << i) or letter == system:
            continue
        root = f"{letter}:\\"
        kind = api.drive_type(root)
        if kind != DRIVE_REMOVABLE and not (kind == DRIVE_FIXED
                                            and api.bus_type(letter) in STICK_BUSES):
            continue
        label = api.volume_label(root)
        if label is None:  # no medium: an empty card-reader slot
            continue
        free, total = usage(Path(root))
        found.append(Drive(Path(root), label, free, total))
    return found


def _mounted(roots: list[Path]) -> list[Drive]:
    found = []
    for root in roots:
        try:
            users = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for user in users:
            try:
                mounts = sorted(p for p in user.iterdir() if p.is_dir())
            except OSError:
                continue
            for mount in mounts:
                free, total = _usage(mount)
                found.append(Drive(mount, mount.name, free, total))
    return found


def removable_drives(roots: list[Path] | None = None) -> list[Drive]:
    """The removable drives plugged in now (may be none)."""
    if sys.platform == "win32" and roots is None:
        try:
            return windows_drives()
        except (OSError, AttributeError):
            return []
    return _mounted(roots if roots is not None else [Path("/media"), Path("/run/media")])
