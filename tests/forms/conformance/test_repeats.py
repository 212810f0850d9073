"""Conformance: ``repeat_count`` and ``relevant`` on the repeat, against pyxform's XForm of the
same workbook and through the engine. (Several and nested repeats: test_nested_repeats.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from mopai import forms
from mopai.forms import FormError, load_form
from mopai.forms.model import Form
from tests.forms.conformance.xlsforms import write

HEADER = ["type", "name", "label::zh_CN", "label::en", "relevant", "repeat_count"]
TODAY = dt.date(2026, 6, 15)


def workbook(path: Path, survey: list[list[Any]]) -> Path:
    return write(path, {"survey": [HEADER, *survey],
                        "settings": [["form_id", "version"], ["repeat_form", "1"]]})


SURVEY = [
    ["select_one yn", "has_people", "有成员吗", "Any people"],
    ["integer", "size", "人数", "Size"],
    ["begin_repeat", "people", "成员", "People", "${has_people} = 'yes'", "${size}"],
    ["text", "pname", "姓名", "Name"],
    ["integer", "years", "年龄", "Age", "${size} > 1"],
    ["end_repeat", "people"],
]


def _with_choices(path: Path) -> Path:
    from openpyxl import load_workbook
    wb = load_workbook(path)
    cs = wb.create_sheet("choices")
    cs.append(["list_name", "name", "label::zh_CN", "label::en"])
    cs.append(["yn", "yes", "是", "Yes"])
    cs.append(["yn", "no", "否", "No"])
    wb.save(path)
    return path


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return _with_choices(workbook(tmp_path / "r.xlsx", SURVEY))


def household(size: Any, members: int, has_people: str = "yes") -> dict[str, Any]:
    fields = {"has_people": has_people}
    if size is not None:
        fields["size"] = size
    return {"uuid": "h", "form_id": "repeat_form", "form_version": "1", "status": "draft",
            "fields": fields, "members": [{"uuid": f"m{i}", "fields": {"pname": f"人{i}"}}
                                          for i in range(members)]}


def findings(form: Form, hh: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
    return [(f.code, f.member_index, f.field)
            for f in forms.validate_household(form, hh, today=TODAY)]


def test_repeat_count_and_relevance_are_what_pyxform_binds(form_path: Path) -> None:
    xform = convert(xlsform=str(form_path), validate=False).xform
    assert 'jr:count=" /data/size "' in xform
    assert 'nodeset="/data/people" relevant=" /data/has_people  = \'yes\'"' in xform
    form = load_form(form_path)
    assert form.repeat is not None
    assert form.repeat.count is not None and form.repeat.count.source == "${size}"
    assert form.repeat.relevant is not None


def test_the_household_has_as_many_members_as_repeat_count_says(form_path: Path) -> None:
    form = load_form(form_path)
    assert findings(form, household(2, 2)) == []
    [(code, member, field)] = findings(form, household(3, 2))
    assert (code, member, field) == ("repeat_count", None, None)
    message = forms.validate_household(form, household(3, 2), today=TODAY)[0]
    assert message.message_zh == "“成员”应有 3 条（repeat_count：「人数」），现有 2 条"
    assert findings(form, household(None, 2)) == []      # no count yet: nothing to compare


def test_a_fixed_repeat_count(tmp_path: Path) -> None:
    form = load_form(_with_choices(workbook(tmp_path / "f.xlsx", [
        ["begin_repeat", "people", "成员", "People", "", "2"], ["text", "pname", "姓名", "Name"],
        ["end_repeat", "people"]])))
    assert findings(form, household(None, 2)) == []
    assert [c for c, _m, _f in findings(form, household(None, 1))] == ["repeat_count"]


def test_a_repeat_not_relevant_asks_no_member_anything(form_path: Path) -> None:
    form = load_form(form_path)
    state = forms.evaluate_household(form, household(2, 2, "no"), today=TODAY)
    assert state.members_relevant[0]["pname"] is False
    assert state.members_relevant[0]["years"] is False
    assert findings(form, household(0, 0, "no")) == []
    assert findings(form, household(2, 1, "no")) == [("repeat_count", None, None),
                                                      ("not_relevant", 0, "pname")]
    state = forms.evaluate_household(form, household(2, 2, "yes"), today=TODAY)
    assert state.members_relevant[0]["pname"] is True and state.members_relevant[0]["years"]


def test_repeat_count_elsewhere_or_wrong_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = _with_choices(workbook(tmp_path / "w.xlsx", [
        ["text", "x", "问", "Q", "", "3"],
        ["begin_repeat", "people", "成员", "People", "", "${nowhere} + "],
        ["text", "pname", "姓名", "Name"], ["end_repeat", "people"]]))
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "repeat_count"),
                                                                  (3, "repeat_count")]
