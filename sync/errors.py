"""The errors of the data layer, on the one base every package shares.

`MopaiError` (and `Where`) are defined in forms/errors.py, the lowest layer, and only
re-exported here: every error carries a Chinese and an English sentence that say what went
wrong, where, and what to do, in words a village cadre understands, and a stable ``code``.
The command line prints both on one line; the GUI shows the one for its language. Nothing in
the core prints or swallows errors.
"""

from __future__ import annotations

from forms.errors import MopaiError, Where

__all__ = ["InputError", "KeyFileError", "LockBusy", "MopaiError", "SchemaTooNew",
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
