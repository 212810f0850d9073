"""What cannot make sense on a laptop is refused naming the row, the column and why; every
column and setting Mopai does not use is refused or warned about — never silently ignored
(forms/xlsform.py). pyxform accepts all of these forms: they are good XLSForm."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.forms import xlsform
from mopai.forms.sheets import normalise_header
from tests.forms.conformance.xlsforms import accepted, both, refused, write


@pytest.mark.parametrize(("qtype", "why"), [
    ("geopoint", "GPS"), ("geotrace", "GPS"), ("geoshape", "GPS"), ("start-geopoint", "GPS"),
    ("image", "photo"), ("add photo prompt", "photo"), ("audio", "recording"),
    ("video", "recording"), ("file", "file"), ("background-audio", "recording"),
    ("barcode", "camera"), ("audit", "history"), ("phonenumber", "SIM"), ("simserial", "SIM"),
    ("subscriberid", "SIM"), ("email", "SIM"), ("range", "slider"), ("rank", "ranking"),
    ("acknowledge", "acknowledge"), ("hidden", "hidden"), ("xml-external", "external"),
    ("csv-external", "external"), ("gps", "GPS"), ("q picture", "photo"),
    ("add barcode prompt", "camera"), ("get phone number", "SIM"),
])
def test_types_that_make_no_sense_here(tmp_path: Path, qtype: str, why: str) -> None:
    qtype, name = {"rank": ("rank l", "q"), "audit": ("audit", "audit")}.get(qtype, (qtype, "q"))
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["text", "a", "A"], [qtype, name, "Q"]],
        "choices": [["list_name", "name", "label"], ["l", "x", "X"]]})
    pyx, mopai = both(path)
    assert pyx.accepted, pyx.error
    [problem] = refused(mopai)
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "type")
    assert why in problem.message_en and problem.message_zh and problem.fix_en, problem


def test_a_refused_type_names_what_to_write(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [["type", "name", "label"],
                                                  ["geopoint", "where", "Where"]]})
    [problem] = refused(both(path)[1])
    assert problem.one_line("en") == (
        "[survey, row 2, column type] the type 'geopoint': it needs a GPS position, and the "
        "village laptops have no GPS (use a text question for the place (village, group, "
        "house number))")


def test_columns_mopai_does_not_use_are_named(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label", "guidance_hint", "media::image::English (en)",
                    "body::accept", "my_notes"],
                   ["text", "a", "A", "Ask slowly", "a.png", "image/*", "check with county"]],
        "choices": [["list_name", "name", "label", "image", "district"],
                    ["l", "x", "X", "x.png", "north"]]})
    pyx, mopai = both(path)
    assert pyx.accepted
    form = accepted(mopai)
    named = {(w.sheet, w.row, w.column) for w in form.warnings if w.sheet != "settings"}
    assert named == {("survey", 1, "guidance_hint"), ("survey", 1, "media::image::English (en)"),
                     ("survey", 1, "body::accept"), ("survey", 1, "my_notes"),
                     ("choices", 1, "image")}
    # a choices column that is not media is data for choice_filter, kept
    assert form.choice_lists["l"].get("x").extra["district"] == "north"


@pytest.mark.parametrize("column", ["repeat_count", "jr:count", "count"])
def test_repeat_count_under_any_of_its_names_is_read(tmp_path: Path, column: str) -> None:
    """pyxform's aliases of repeat_count give the repeat its count: nothing left aside."""
    path = write(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", column], ["integer", "n", "N", ""],
        ["begin_repeat", "m", "M", "${n}"], ["text", "a", "A", ""], ["end_repeat", "", "", ""]]})
    pyx, mopai = both(path)
    assert pyx.accepted, pyx.error
    form = accepted(mopai)
    assert xlsform.column_verdict(normalise_header(column)) is None
    assert [w for w in form.warnings if w.sheet != "settings"] == []  # no form_id: warned
    assert form.repeat.count.source == "${n}"


@pytest.mark.parametrize(("setting", "value", "action"), [
    ("instance_name", "concat(${a})", "warn"), ("public_key", "MIIB", "warn"),
    ("submission_url", "https://x", "warn"), ("style", "pages", "warn"),
    ("allow_choice_duplicates", "yes", "refuse"), ("add_none_option", "yes", "refuse"),
    ("clean_text_values", "no", "warn"), ("colour", "blue", "warn"),
])
def test_settings_mopai_does_not_use_are_named(tmp_path: Path, setting: str, value: str,
                                               action: str) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "settings": [["form_id", "version", setting], ["f", "1", value]]})
    pyx, mopai = both(path)
    assert pyx.accepted
    if action == "refuse":
        [problem] = refused(mopai)
    else:
        [problem] = accepted(mopai).warnings
    assert (problem.sheet, problem.row, problem.column) == ("settings", 2, setting)


def test_settings_with_their_default_say_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "settings": [["form_id", "version", "allow_choice_duplicates", "clean_text_values"],
                     ["f", "1", "no", "yes"]]})
    assert accepted(both(path)[1]).warnings == []


def test_or_other_in_its_old_spelling_reads_as_pyxform_reads_it(tmp_path: Path) -> None:
    """``select one from LIST or specify other`` is ``select_one LIST or_other``: the list
    gains ``other`` and a ``q_other`` question follows, as in pyxform; a list name keeps its
    case."""
    path = write(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["select one from YN or specify other", "q", "Q"]],
        "choices": [["list_name", "name", "label"], ["YN", "yes", "Yes"]]})
    pyx, mopai = both(path)
    assert pyx.accepted and pyx.element("q")["choices"][-1]["name"] == "other"
    form = accepted(mopai)
    assert [c.name for c in form.question("q").choices.choices] == ["yes", "other"]
    assert form.question("q_other").relevant.source == "selected(${q}, 'other')"
