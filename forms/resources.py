"""Where the shipped form lives, and one cached copy of it per process.

The workbook is package data (``pyproject.toml`` ships ``forms/*.xlsx``), found next to this
file both in a source checkout and in the PyInstaller bundle. Loading it costs tens of
milliseconds, and every household validated in a session uses the same form, so it is loaded
once; a county form update loads its own workbook through ``load_form`` instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .loader import load_form
from .model import Form

DEFAULT_FORM = "labor_survey.xlsx"


def default_form_path() -> Path:
    """The labour survey workbook shipped with the app."""
    return Path(__file__).with_name(DEFAULT_FORM)


@cache
def load_default_form() -> Form:
    """The shipped labour survey, loaded once (do not modify the returned form)."""
    return load_form(default_form_path())
