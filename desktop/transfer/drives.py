"""Where a USB stick is: removable drives on Windows, mount points on Linux. Qt-free.

Windows: drive letters whose type is DRIVE_REMOVABLE (GetDriveTypeW). Linux: the folders
desktops mount sticks under (/media/<user>/<label>, /run/media/<user>/<label>). The export
wizard always offers "choose a folder" as well: a stick may be mounted anywhere.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

DRIVE_REMOVABLE = 2


def _windows_drives() -> list[Path]:
    import ctypes  # Windows only

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    found = []
    for i, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << i):
            root = f"{letter}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == DRIVE_REMOVABLE:
                found.append(Path(root))
    return found


def _mounted(roots: list[Path]) -> list[Path]:
    found = []
    for root in roots:
        try:
            users = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for user in users:
            try:
                found += sorted(p for p in user.iterdir() if p.is_dir())
            except OSError:
                continue
    return found


def removable_drives(roots: list[Path] | None = None) -> list[Path]:
    """Folders of the removable drives plugged in now (may be empty)."""
    if sys.platform == "win32" and roots is None:
        try:
            return _windows_drives()
        except (OSError, AttributeError):
            return []
    return _mounted(roots if roots is not None else [Path("/media"), Path("/run/media")])
