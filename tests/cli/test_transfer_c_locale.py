"""The sync commands as real processes under the c-locale console (tests/cli/test_transfer.py)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_transfer import enrol_export_import_return_revoke


def test_enrol_export_import_return_revoke_by_command_line_c_locale(tmp_path: Path,
                                                                  county_db: list[str]) -> None:
    enrol_export_import_return_revoke(tmp_path, county_db, "c-locale")
