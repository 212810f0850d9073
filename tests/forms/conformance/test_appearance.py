"""``appearance`` (decision 67): what the editor honours is accepted quietly (``year`` and
``month-year`` on a date, ``numbers`` on a text, Mopai's ``show`` on a calculate); what only
changes how ODK Collect shows a question is accepted with a warning naming the row, the
column and the word; what takes the answer from elsewhere (``search()``) is refused; an
unknown word is warned about, naming it. pyxform accepts every one of these forms: it passes
the cell through to the XForm."""

from __future__ import annotations

from pathlib import Path

from tests.forms.conformance.xlsforms import accepted, both, refused, write

HEAD = ["type", "name", "label", "appearance"]
CHOICES = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def test_display_hints_are_warned_about_naming_row_column_and_word(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        [*HEAD, "calculation"],
        ["begin_group", "g", "G", "field-list"],
        ["select_one yn", "ok", "OK?", "minimal columns-3"],
        ["integer", "size", "Size", "thousands-sep"],
        ["date", "born", "Born", "no-calendar ethiopian"],
        ["text", "code", "Code", "ex:org.example.scan"],
        ["end_group", "", "", ""],
        ["integer", "age", "Age", "year"],
        ["text", "note_it", "Note", "sparkly"],
        # honoured by the editor: no word about them
        ["date", "since", "Since", "month-year"], ["date", "built", "Built", "year"],
        ["text", "phone", "Phone", "numbers"], ["calculate", "twice", "", "show", "${size} * 2"]],
        "choices": CHOICES})
    pyx, mopai = both(path)
    assert pyx.accepted, pyx.error
    form = accepted(mopai)
    warned = [(w.row, w.column, w.message_en) for w in form.warnings if w.sheet == "survey"]
    words = [(row, column, message.partition("': ")[0] + "'") for row, column, message in warned]
    assert words == [
        (2, "appearance", "the appearance 'field-list'"),
        (3, "appearance", "the appearance 'minimal'"),
        (3, "appearance", "the appearance 'columns-3'"),
        (4, "appearance", "the appearance 'thousands-sep'"),
        (5, "appearance", "the appearance 'no-calendar'"),
        (5, "appearance", "the appearance 'ethiopian'"),
        (6, "appearance", "the appearance 'ex:org.example.scan'"),
        (8, "appearance", "the appearance 'year'"),
        (9, "appearance", "the appearance 'sparkly'")]
    messages = {(r, m.partition("': ")[0] + "'"): m for r, _c, m in warned}
    assert "only changes how ODK Collect shows" in messages[(3, "the appearance 'minimal'")]
    assert "Android app" in messages[(6, "the appearance 'ex:org.example.scan'")]
    assert "date questions only" in messages[(8, "the appearance 'year'")]
    assert "neither Mopai nor ODK knows" in messages[(9, "the appearance 'sparkly'")]
    assert all(w.message_zh for w in form.warnings)


def test_search_takes_the_choices_from_elsewhere_and_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", {"survey": [
        HEAD, ["select_one yn", "town", "Town", "search('towns')"]], "choices": CHOICES})
    [problem] = refused(both(path)[1])
    assert (problem.sheet, problem.row, problem.column) == ("survey", 2, "appearance")
    assert "search()" in problem.message_en and "select_one_from_file" in problem.fix_en

