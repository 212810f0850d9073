"""No house rule beyond XLSForm's (decision 44): a form pyxform accepts without a settings or
a choices sheet loads, its id and version taken as pyxform takes them, with a warning."""

from __future__ import annotations

import re
from pathlib import Path

from mopai import forms
from tests.forms.conformance.xlsforms import accepted, both, refused, write


def test_no_settings_and_no_choices(tmp_path: Path) -> None:
    path = write(tmp_path / "household_visit.xlsx", {"survey": [
        ["type", "name", "label"], ["text", "head", "Head of household"],
        ["integer", "size", "Household size"]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    assert pyx.accepted and pyx.json["id_string"] == form.form_id == "household_visit"
    # pyxform writes no version; Mopai needs one that orders: the workbook's save time
    assert "version" not in pyx.json and re.fullmatch(r"\d{8}\.\d{4}", form.version)
    assert forms.is_version(form.version)
    assert [(w.sheet, w.column) for w in form.warnings] == [("settings", "form_id"),
                                                            ("settings", "version")]
    assert form.fields["size"].type is forms.QType.INTEGER


def test_settings_without_version_or_id(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "settings": [["form_title", "version"], ["Visit", "3"]]})
    pyx, mopai = both(path)
    form = accepted(mopai)
    assert pyx.json["id_string"] == form.form_id == "f" and pyx.json["title"] == "Visit"
    assert form.version == "3" and form.title.get() == "Visit"
    assert [w.column for w in form.warnings] == ["form_id"]


def test_a_select_needs_its_list(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label"], ["select_one yn", "a", "A"]]})
    pyx, mopai = both(path)
    assert not pyx.accepted and "choices sheet" in pyx.error
    [problem] = refused(mopai)
    assert (problem.sheet, problem.row, problem.column) == ("survey", 2, "type")
    assert problem.message_en == ("the list 'yn' is not in the choices sheet (there is no "
                                  "choices sheet)")


def test_the_only_sheet_is_the_survey_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"Sheet1": [["type", "name", "label"], ["text", "a", "A"]]})
    pyx, mopai = both(path)
    assert pyx.accepted and list(accepted(mopai).fields) == ["a"]


def test_no_survey_sheet(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"surveys": [["type", "name", "label"], ["text", "a", "A"]],
                                       "choices": [["list_name", "name", "label"]]})
    pyx, mopai = both(path)
    assert not pyx.accepted
    [problem] = refused(mopai)
    assert problem.sheet == "survey" and "'surveys'" in problem.fix_en
