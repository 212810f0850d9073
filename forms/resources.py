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
# Earlier versions of the shipped form, kept so that records saved under them stay checkable
# in a store that never held them (a new county receiving an old village's bundle): 2026.1
# had 工种, 意向工种 and 意向培训工种 as free text (issue 21 made them a code list).
EARLIER_FORMS = ("labor_survey_2026.1.xlsx",)
# What each shipped workbook names itself (its settings sheet's form_id and version), so
# that a store holds them without loading them: every store opened (each command, each start
# of the app) keeps the shipped forms, and loading both workbooks cost ~1 s there.
# tests/forms/test_shipped_names.py checks these against the workbooks.
SHIPPED_NAMES = {"labor_survey_2026.1.xlsx": ("labor_survey", "2026.1"),
                 DEFAULT_FORM: ("labor_survey", "2026.1.1")}


def earlier_form_paths() -> list[Path]:
    """The workbooks of the earlier shipped versions, oldest first."""
    return [Path(__file__).with_name(name) for name in EARLIER_FORMS]


def default_form_path() -> Path:
    """The labour survey workbook shipped with the app."""
    return Path(__file__).with_name(DEFAULT_FORM)


@cache
def load_default_form() -> Form:
    """The shipped labour survey, loaded once (do not modify the returned form)."""
    return load_form(default_form_path())
