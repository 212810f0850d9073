"""The desktop app's own errors, on the one base every package shares (forms/errors.py).

Most errors the app shows come from the core; these are the few the app itself foresees.
Like every `MopaiError` they reach the one error dialog (desktop/widgets/error_dialog.py).
"""

from __future__ import annotations

from pathlib import Path

from mopai.forms.errors import MopaiError


class DesktopError(MopaiError):
    """Something the app itself could not do (not the store, not a form)."""

    code = "desktop"


class SettingsNotSaved(DesktopError):
    """The app's settings file could not be written; the settings apply until the app closes."""

    code = "settings_not_saved"

    def __init__(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or type(exc).__name__
        super().__init__(
            f"设置无法保存（{reason}）：本次使用期间仍然有效，下次启动会恢复为原来的设置",
            f"the settings could not be saved ({reason}): they apply until Mopai closes, and "
            "the earlier ones come back at the next start", where=str(path))


__all__ = ["DesktopError", "SettingsNotSaved"]
