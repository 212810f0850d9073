"""The errors of the data layer, on the one base every package shares.

`MopaiError` (and `Where`) are defined in forms/errors.py, the lowest layer, and only
re-exported here: every error carries a Chinese and an English sentence that say what went
wrong, where, and what to do, in words a village cadre understands, and a stable ``code``.
The command line prints both on one line; the GUI shows the one for its language. Nothing in
the core prints or swallows errors.
"""

from __future__ import annotations

from pathlib import Path

from mopai.forms.errors import MopaiError, Where

__all__ = ["FileInUse", "InputError", "KeyFileError", "LockBusy", "MopaiError", "SchemaTooNew",
           "StoreError", "UnknownUser", "WeakPassphrase", "Where", "WorkspaceError",
           "WrongPassphrase"]


class WorkspaceError(MopaiError):
    """The workspace folder is missing, incomplete or of the wrong kind."""

    code = "workspace"


class KeyFileError(MopaiError):
    """The key file is missing, damaged, truncated or of an unknown version."""

    exit_code = 4
    code = "key_file"


class WrongPassphrase(MopaiError):
    """The passphrase does not open this user's key slot."""

    exit_code = 3
    code = "wrong_passphrase"


class UnknownUser(MopaiError):
    """No key slot for that user name."""

    exit_code = 3
    code = "unknown_user"


class StoreError(MopaiError):
    """The encrypted store cannot be opened, is damaged, or refused a change."""

    exit_code = 5
    code = "store"


class SchemaTooNew(StoreError):
    """The store was written by a newer Mopai than this one."""

    code = "schema_too_new"


class InputError(MopaiError):
    """Bad input from the user: a value, a file or an argument."""

    exit_code = 2
    code = "input"


def checked_size(path: Path, most: int) -> int:
    """The size of a file the user named, or an InputError saying it cannot be read or is
    larger than `most` bytes (read before anything of it is parsed: hostile input)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}",
                         where=str(path)) from None
    if size > most:
        have, limit = f"{size / 2**20:.1f} MiB", f"{most / 2**20:.1f} MiB"
        raise InputError(f"文件太大（{have}，最多 {limit}）",
                         f"the file is too large ({have}, at most {limit})", where=str(path))
    return size


class WeakPassphrase(InputError):
    """A new passphrase that the policy (sync/passphrase.py) refuses; `reason` names the rule."""

    code = "weak_passphrase"

    def __init__(self, zh: str, en: str, *, reason: str, where: Where | str | None = None
                 ) -> None:
        super().__init__(zh, en, where=where)
        self.reason = reason


class LockBusy(MopaiError):
    """Another process holds a file's lock (sync/locking.py) past the time we wait; nothing
    was changed, and trying again shortly will do."""

    exit_code = 75  # EX_TEMPFAIL: try again later
    code = "lock_busy"


class FileInUse(MopaiError):
    """A file we must replace is held open by another program (Windows: a workbook open in
    WPS or Excel). What was written is kept under `aside` when there is one."""

    exit_code = 75  # EX_TEMPFAIL: close the file and run again
    code = "file_in_use"

    def __init__(self, path: str, aside: str | None = None) -> None:
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        if aside is not None:
            other = aside.replace("\\", "/").rsplit("/", 1)[-1]
            zh = (f"“{name}”正被其他程序（如 WPS 或 Excel）打开，无法覆盖；新文件已另存为“{other}”。"
                  f"请关闭“{name}”后再生成")
            en = (f"{name} is open in another program (WPS, Excel) and cannot be replaced; the "
                  f"new file was saved as {other}. Close {name} and run again")
        else:
            zh = f"“{name}”正被其他程序打开，无法覆盖，原文件未改动。请关闭它后再试"
            en = f"{name} is open in another program and cannot be replaced; it is unchanged. " \
                 "Close it and try again"
        super().__init__(zh, en, where=path)
        self.path, self.aside = path, aside
