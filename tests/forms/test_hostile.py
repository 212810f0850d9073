"""validate_household never raises on a household dict, whatever its values.

Bundles come from other devices and other systems: a value of the wrong kind anywhere (a dict
where text is expected, a list as 户编号, a 5,000-digit number, NaN, a megabyte of text, a list
nested 5,000 deep) is a finding, and a record whose ``fields`` or ``members`` are not a
mapping and a list of mappings is one ``record_shape`` error.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mopai import forms
from mopai.forms.findings import Finding
from mopai.forms.model import Form
from tests.forms.builders import TODAY, household, worker
from tests.forms.mutations import HOSTILE

VALUES = {**HOSTILE, "giant_int": 10**5000, "giant_digits": "1" * 5000, "superscript": "²"}


def _base() -> dict[str, Any]:
    return household(worker(), worker("spouse", sex="female"), monitoring_category="unstable")


def _shallow(hh: dict[str, Any]) -> dict[str, Any]:
    """A copy that does not descend into values (deepcopy of a 5,000-deep list fails)."""
    return {**hh, "fields": dict(hh["fields"]),
            "members": [{**m, "fields": dict(m["fields"])} for m in hh["members"]]}


def _check(form: Form, hh: dict[str, Any]) -> list[Finding]:
    found = forms.validate_household(form, hh, today=TODAY)
    assert isinstance(found, list) and all(isinstance(f, Finding) for f in found)
    for f in found:
        f.describe("zh_CN"), f.describe("en")
    return found


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_any_value_in_any_field(form: Form, kind: str) -> None:
    base, value = _base(), VALUES[kind]
    for name in [*form.fields, "unknown"]:
        hh = _shallow(base)
        hh["fields"][name] = value
        _check(form, hh)
    for name in [*form.member_fields, "unknown"]:
        hh = _shallow(base)
        hh["members"][0]["fields"][name] = value
        _check(form, hh)
    for key in ("uuid", "form_id", "form_version", "status"):
        _check(form, {**_shallow(base), key: value})
    hh = _shallow(base)
    hh["members"][1]["uuid"] = value
    _check(form, hh)


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_malformed_record_is_one_error(form: Form, kind: str) -> None:
    base, value = _base(), VALUES[kind]
    cases = [{**_shallow(base), "fields": value}, {**_shallow(base), "members": value}]
    member = _shallow(base)
    member["members"][0] = value
    member_fields = _shallow(base)
    member_fields["members"][0]["fields"] = value
    cases += [member, member_fields]
    for hh in cases:
        found = _check(form, hh)
        if [f.code for f in found] == ["record_shape"]:
            assert found[0].severity == "error"
        else:  # a value that is a usable shape: a mapping, a list of members, or empty
            assert "record_shape" not in {f.code for f in found}


def test_record_shape_messages(form: Form) -> None:
    (f,) = _check(form, {**_base(), "members": "张三"})
    assert (f.code, f.severity, f.member_index, f.field) == ("record_shape", "error", None, None)
    assert "members" in f.message_en and "无法检查" in f.message_zh
    (f,) = _check(form, {**_base(), "members": [{"uuid": "m", "fields": ["x"]}]})
    assert "member 1" in f.message_en


def test_values_that_cannot_be_written_out_are_still_reported(form: Form) -> None:
    hh = _base()
    hh["members"][0]["fields"]["sex"] = 10**5000
    hh["members"][0]["fields"]["birth_date"] = VALUES["deep_list"]
    hh["fields"]["household_no"] = 10**5000
    hh["form_version"] = "9" * 5000
    found = {(f.code, f.field): f for f in _check(form, hh)}
    assert "<int>" in found[("id_sex_mismatch", "sex")].message_en
    assert "<list>" in found[("id_birth_mismatch", "birth_date")].message_en
    assert ("invalid_text", "household_no") in found


def test_ordinary_records_are_unchanged_by_the_shape_check(form: Form) -> None:
    hh = _base()
    for empty in (None, [], {}, ""):
        assert "record_shape" not in {f.code for f in _check(form, {**hh, "members": empty})}
        assert "record_shape" not in {f.code for f in _check(form, {**hh, "fields": empty})}
    assert _check(form, copy.deepcopy(hh)) == _check(form, {**hh, "members": tuple(hh["members"])})
