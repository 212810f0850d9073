"""Conformance: time, dateTime, the metadata rows and or_other, against pyxform's reading of the
same workbook and through the engine (evaluation, validation, the store's schema, the merge).

Each workbook is written once and read twice: by pyxform (``parse_file_to_json``, the
reference where the XLSForm specification is silent) and by ``forms.load_form``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from mopai import forms
from mopai.forms import FormError, QType, load_form, timevalues
from mopai.forms.model import Form
from mopai.sync import schema
from mopai.sync.merge import metadata_paths, three_way
from tests.forms.conformance.xlsforms import write

HEADER = ["type", "name", "label::zh_CN", "label::en", "relevant", "constraint", "choice_filter"]
TODAY = dt.date(2026, 6, 15)


def workbook(path: Path, survey: list[list[Any]], choices: list[list[Any]] | None = None
             ) -> Path:
    choices = choices or [["yn", "yes", "是", "Yes"], ["yn", "no", "否", "No"]]
    return write(path, {"survey": [HEADER, *survey],
                        "choices": [["list_name", "name", "label::zh_CN", "label::en"], *choices],
                        "settings": [["form_id", "version"], ["types_form", "1"]]})


def pyxform_children(path: Path) -> dict[str, dict[str, Any]]:
    """pyxform's questions of the workbook, by name (its ``meta`` group left out)."""
    return {c["name"]: c for c in parse_file_to_json(str(path))["children"]
            if c["name"] != "meta"}


def household(fields: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": "h1", "form_id": "types_form", "form_version": "1", "status": "draft",
            "fields": fields, "members": []}


def findings(form: Form, fields: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(f.code, f.field) for f in forms.validate_household(form, household(fields),
                                                               today=TODAY)]


# -- metadata --------------------------------------------------------------------------------
METADATA = [["start", "start"], ["end", "end"], ["today", "today"], ["deviceid", "deviceid"],
            ["username", "username"]]
PYXFORM_METADATA = {"start": ("dateTime", "timestamp", "start"),
                    "end": ("dateTime", "timestamp", "end"),
                    "today": ("date", "date", "today"),
                    "deviceid": ("string", "property", "deviceid"),
                    "username": ("string", "property", "username")}


def test_metadata_rows_load_without_a_label_as_pyxform_reads_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "meta.xlsx", [*METADATA, ["text", "x", "问", "Q"]])
    reference = pyxform_children(path)
    form = load_form(path)
    for name in PYXFORM_METADATA:
        assert reference[name]["type"] == name             # pyxform: a metadata row, no label
        assert "label" not in reference[name]
        q = form.question(name)
        assert q.type.is_metadata and q.type.value == name
    xform = _xform(path)
    for name, (xml_type, preload, param) in PYXFORM_METADATA.items():
        assert (f'nodeset="/data/{name}" jr:preload="{preload}" type="{xml_type}" '
                f'jr:preloadParams="{param}"') in xform


def _xform(path: Path) -> str:
    from pyxform.xls2xform import convert
    return convert(xlsform=str(path), validate=False).xform


@pytest.mark.parametrize("kind", ["phonenumber", "simserial", "subscriberid", "email", "audit",
                                  "start-geopoint", "uri:phonenumber"])
def test_metadata_a_laptop_cannot_give_is_refused_naming_row_and_column(
        tmp_path: Path, kind: str) -> None:
    path = workbook(tmp_path / "phone.xlsx", [["text", "x", "问", "Q"], [kind, "audit" if kind == "audit" else "meta_x"]])
    pyxform_children(path)                                 # pyxform accepts it ...
    with pytest.raises(FormError) as caught:               # ... a laptop has no SIM card
        load_form(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "type")
    assert problem.message_zh and problem.fix_zh and problem.fix_en  # why, and what to write
    assert any(w in problem.message_en for w in ("SIM", "GPS", "history")), problem.message_en


def test_metadata_values_are_checked_like_answers(tmp_path: Path) -> None:
    form = load_form(workbook(tmp_path / "meta.xlsx", METADATA))
    good = {"start": "2026-06-15T08:00:05.120+08:00", "end": "2026-06-15T08:41:17.004+08:00",
            "today": "2026-06-15", "deviceid": "d-1234", "username": "王会计"}
    assert findings(form, good) == []
    bad = {"start": "yesterday", "end": "2026-06-15T25:00:00+08:00", "today": "15/06/2026"}
    assert findings(form, bad) == [("invalid_datetime", "start"), ("invalid_datetime", "end"),
                                   ("invalid_date", "today")]


# -- time and dateTime -------------------------------------------------------------------------
def test_time_and_datetime_are_the_xform_types_pyxform_gives(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [["time", "t", "时间", "Time"],
                                          ["dateTime", "when", "日期时间", "When"]])
    xform = _xform(path)
    assert 'nodeset="/data/t" type="time"' in xform
    assert 'nodeset="/data/when" type="dateTime"' in xform
    form = load_form(path)
    assert (form.question("t").type, form.question("when").type) == (QType.TIME, QType.DATETIME)


@pytest.mark.parametrize("value,ok", [
    ("14:30:00.000+08:00", True), ("14:30", True), ("14:30:05", True), ("07:05:00.5Z", True),
    ("24:00", False), ("14:60", False), ("2:3", False), ("14:30+25:00", False), (1430, False),
])
def test_a_time_answer_is_what_odk_writes(tmp_path: Path, value: Any, ok: bool) -> None:
    form = load_form(workbook(tmp_path / "t.xlsx", [["time", "t", "时间", "Time"]]))
    assert findings(form, {"t": value}) == ([] if ok else [("invalid_time", "t")])


@pytest.mark.parametrize("value,ok", [
    ("2026-06-15T14:30:00.000+08:00", True), ("2026-06-15T14:30", True),
    ("2026-06-15 14:30:00Z", True), ("2026-02-30T14:30", False), ("2026-06-15", False),
    ("14:30", False),
])
def test_a_datetime_answer_is_what_odk_writes(tmp_path: Path, value: Any, ok: bool) -> None:
    form = load_form(workbook(tmp_path / "t.xlsx", [["dateTime", "when", "时间", "When"]]))
    assert findings(form, {"when": value}) == ([] if ok else [("invalid_datetime", "when")])


def test_times_compare_by_the_clock_in_constraints_and_relevance(tmp_path: Path) -> None:
    form = load_form(workbook(tmp_path / "t.xlsx", [
        ["time", "begin", "开始", "Begin"],
        ["time", "finish", "结束", "Finish", "", ". > ${begin}"],
        ["dateTime", "visit", "入户", "Visit", "", ". >= ${day} and . < ${day} + 1"],
        ["date", "day", "日期", "Day"],
        ["text", "late", "为何晚", "Why late", "${begin} >= '18:00'"],
    ]))
    on_time = {"begin": "09:00:00.000+08:00", "finish": "10:30:00.000+08:00",
               "visit": "2026-06-15T09:00:00.000+08:00", "day": "2026-06-15"}
    assert findings(form, on_time) == []
    assert findings(form, {**on_time, "finish": "08:59:00.000+08:00"}) == [
        ("finish_constraint", "finish")]
    assert findings(form, {**on_time, "visit": "2026-06-16T00:00:00.000+08:00"}) == [
        ("visit_constraint", "visit")]
    state = forms.evaluate_household(form, household({**on_time, "begin": "18:30"}), today=TODAY)
    assert state.relevant["late"] is True
    state = forms.evaluate_household(form, household(on_time), today=TODAY)
    assert state.relevant["late"] is False


def test_typed_times_and_odk_text_agree() -> None:
    assert timevalues.normalise_time("8:05") == "08:05:00.000+08:00"
    assert timevalues.normalise_time("0805") == "08:05:00.000+08:00"
    assert timevalues.normalise_time("8：05") == "08:05:00.000+08:00"
    assert timevalues.normalise_time("8") is None
    assert timevalues.normalise_datetime("20260305 0805") == "2026-03-05T08:05:00.000+08:00"
    assert timevalues.normalise_datetime("2026-03-05 8:05") == "2026-03-05T08:05:00.000+08:00"
    at = dt.datetime(2026, 11, 30, 4, 56, 29, 10000, tzinfo=dt.UTC)
    assert timevalues.now_text(at=at) == "2026-11-30T12:56:29.010+08:00"


# -- or_other ------------------------------------------------------------------------------------
def test_or_other_adds_the_choice_and_the_question_pyxform_adds(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [["select_one yn or_other", "q", "问", "Q"],
                                          ["select_multiple yn or specify other", "m", "多", "M"],
                                          ["select_one yn", "plain", "另", "P"]])
    reference = pyxform_children(path)
    choices = parse_file_to_json(str(path))["choices"]["yn"]
    form = load_form(path)
    assert [c["name"] for c in choices] == form.choice_lists["yn"].names() == ["yes", "no", "other"]
    for name in ("q", "m"):
        other = reference[f"{name}_other"]
        q = form.question(f"{name}_other")
        assert (q.type.value, q.label.en) == (other["type"], other["label"]) == ("text",
                                                                              "Specify other.")
        assert other["bind"]["relevant"] == f"selected(../{name}, 'other')"
        assert q.relevant is not None and q.relevant.source == f"selected(${{{name}}}, 'other')"
        names = [item.name for item in form.children]
        assert names.index(f"{name}_other") == names.index(name) + 1
    assert "other" in form.question("plain").choices      # one list, as pyxform's itemset
    assert form.question("q").choices.label("other") == "其他"


def test_or_other_asks_to_specify_only_when_other_is_chosen(tmp_path: Path) -> None:
    form = load_form(workbook(tmp_path / "o.xlsx", [["select_one yn or_other", "q", "问", "Q"]]))
    state = forms.evaluate_household(form, household({"q": "other"}), today=TODAY)
    assert state.relevant["q_other"] is True
    assert findings(form, {"q": "other", "q_other": "不知道"}) == []
    assert findings(form, {"q": "yes", "q_other": "不知道"}) == [("not_relevant", "q_other")]


def test_or_other_with_a_choice_filter_is_refused_as_pyxform_refuses_it(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [["select_one yn", "a", "甲", "A"],
                                          ["select_one yn or_other", "q", "问", "Q", "", "",
                                           "name != ${a}"]])
    with pytest.raises(PyXFormError, match="Choice filter not supported with or_other"):
        pyxform_children(path)
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "choice_filter")]


def test_or_other_question_name_taken_is_a_duplicate(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [["select_one yn or_other", "q", "问", "Q"],
                                          ["text", "q_other", "别的", "Else"]])
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "name")]


# -- records of a newer form on an older device; the merge -------------------------------------
NEWER = {"start": "2026-06-15T08:00:05.120+08:00", "end": "2026-06-15T08:41:17.004+08:00",
         "today": "2026-06-15", "deviceid": "d-1234", "username": "王会计",
         "t": "14:30:00.000+08:00", "when": "2026-06-15T14:30:00.000+08:00"}


def _newer_form(tmp_path: Path) -> Form:
    return load_form(workbook(tmp_path / "new.xlsx", [*METADATA, ["time", "t", "时间", "T"],
                                                      ["dateTime", "when", "时刻", "W"]]))


def test_a_record_of_the_newer_form_passes_an_older_devices_schema(tmp_path: Path) -> None:
    state = household(dict(NEWER))
    older = schema.FieldTypes({"x": "text"}, {})           # a form without these questions
    schema.check_state(state, older)                       # kept as answers it does not know
    schema.check_state(state, schema.FieldTypes.of(_newer_form(tmp_path)))
    for name, wrong in [("t", "25:00"), ("when", "2026-06-15"), ("start", 5),
                        ("deviceid", "x" * 65), ("today", "2026-6-15")]:
        with pytest.raises(schema.Problem, match=name):
            schema.check_state(household({**NEWER, name: wrong}),
                               schema.FieldTypes.of(_newer_form(tmp_path)))
    upgraded = forms.upgrade_household(load_form(workbook(tmp_path / "old.xlsx", [
        ["text", "x", "问", "Q"]])), state)
    assert upgraded.household["fields"] == NEWER           # nothing lost on the older device


def test_metadata_stamped_on_two_devices_merge_without_a_conflict(tmp_path: Path) -> None:
    rules = metadata_paths(schema.FieldTypes.of(_newer_form(tmp_path)))
    base = household(dict(NEWER))
    local = household({**NEWER, "end": "2026-06-16T09:00:00.000+08:00", "t": "15:00"})
    remote = household({**NEWER, "end": "2026-06-16T10:00:00.000+08:00", "t": "16:00"})
    early = {"created_at": "2026-06-16T01:00:00Z", "revision_id": "a"}
    late = {"created_at": "2026-06-16T02:00:00Z", "revision_id": "b"}
    for revs in ((early, late), (late, early)):
        merged, conflicts = three_way(base, local, remote, *revs, rules)
        assert merged["fields"]["end"] == "2026-06-16T10:00:00.000+08:00"   # the later save
        assert [c.path for c in conflicts] == ["fields.t"]                  # an answer conflicts
    _, conflicts = three_way(base, local, remote, early, late)
    assert [c.path for c in conflicts] == ["fields.end", "fields.t"]        # without the rules
