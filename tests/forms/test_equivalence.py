"""The fast evaluation and validation give exactly what the reference (the code before the
speed work, kept in ``tests/forms/reference/``) gives: the same findings in the same order
(code, severity, member, uuid, field, both messages) and the same evaluated state (every
value with its type, every relevance, in the same order).

Inputs: households of the project's generator (with its 5 % of deliberate mistakes), the same
households with one to three mutations each that trigger every rule and type check, under
several county settings and dates; then hypothesis, editing any field of a generated household
with values of every kind (choices of any list, numbers, NaN, dates, ID numbers, lists, text).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mopai import forms
from mopai.forms import idnumber
from mopai.forms.model import Form
from mopai.forms.settings import CountySettings
from tests.forms import reference
from tests.forms.builders import TODAY
from tests.forms.mutations import generated, mutated

SETTINGS = [None, CountySettings(poverty_labour_age_max=65, farming_counts_as_employed=False),
            CountySettings(labour_age_min=18, labour_age_max_male=65, labour_age_max_female=55)]
DAYS = [TODAY, dt.date(2025, 3, 1), dt.date(2031, 1, 1)]


def _plain(value: Any) -> Any:
    """A value with its type, so True, 1 and 1.0 differ and NaN equals NaN."""
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_plain(v) for v in value))
    return (type(value).__name__, value)


def _items(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(k, _plain(v)) for k, v in mapping.items()]


def snapshot(state: Any) -> dict[str, Any]:
    return {
        "values": _items(state.values), "relevant": _items(state.relevant),
        "members": [_items(m) for m in state.members],
        "members_relevant": [_items(m) for m in state.members_relevant],
        "member_uuids": state.member_uuids, "raw": state.raw, "member_raw": state.member_raw,
        "today": state.today, "settings": state.settings,
    }


def outcome(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return ("raised", type(exc).__name__)


def assert_same(form: Form, household: dict[str, Any], settings: CountySettings | None,
                today: dt.date) -> None:
    expected = outcome(lambda: reference.validate_household(form, household, settings=settings,
                                                            today=today))
    if isinstance(expected, tuple):
        return  # the reference crashed; tests/forms/test_hostile.py covers such input
    found = forms.validate_household(form, household, settings=settings, today=today)
    assert found == expected, household
    fast = forms.evaluate_household(form, household, settings=settings, today=today)
    slow = reference.evaluate_household(form, household, settings=settings, today=today)
    assert snapshot(fast) == snapshot(slow), household
    again = forms.validate_household(form, household, settings=settings, today=today, state=fast)
    assert again == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_households(form: Form, seed: int) -> None:
    households = generated(600, seed=seed, mistake_rate=0.2)
    for i, hh in enumerate(households):
        assert_same(form, hh, SETTINGS[i % len(SETTINGS)], DAYS[i % 2])


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_mutated_households(form: Form, seed: int) -> None:
    households = mutated(generated(600, seed=seed), seed=seed)
    for i, hh in enumerate(households):
        assert_same(form, hh, SETTINGS[(i + seed) % len(SETTINGS)], DAYS[i % len(DAYS)])


def test_every_code_is_exercised(form: Form) -> None:
    """The mutated inputs above reach every finding code the engine and rules can give."""
    found = set()
    for seed in (3, 4, 5):
        for i, hh in enumerate(mutated(generated(600, seed=seed), seed=seed)):
            try:
                findings = reference.validate_household(
                    form, hh, settings=SETTINGS[(i + seed) % 3], today=DAYS[i % 3])
            except Exception:  # noqa: BLE001, S112 - crashes are test_hostile's business
                continue
            found.update(f.code for f in findings)
    expected = {"id_format", "id_checksum", "id_birth_date", "id_15_digit", "id_sex_mismatch",
                "id_birth_mismatch", "dup_id_in_household", "head_count", "edu_xor_student",
                "2_01_011", "workplace_months", "phone_format", "5_12_008", "2_01_015",
                "2_02_001", "2_01_004", "income_band", "survey_old", "survey_future",
                "village_code_format", "health_exclusive", "policies_exclusive", "months_range",
                "income_range", "required", "not_relevant", "invalid_integer", "invalid_date",
                "invalid_text", "invalid_choice", "form_mismatch", "form_version_newer",
                "age_over_100", "age_impossible", "region_status", "region_status_check",
                "place_region"}
    assert expected <= found, expected - found


# -- hypothesis: any field, any kind of value ------------------------------------------------
def _choice_names(form: Form) -> list[str]:
    return sorted({c.name for cl in form.choice_lists.values() for c in cl.choices})


_FORM = forms.load_default_form()
_POOL = generated(60, seed=9, mistake_rate=0.2)
_IDS = [idnumber.make("431221", dt.date(1950 + k * 7, 1 + k, 3 + k), 100 + k) for k in range(10)]
_NAMES = sorted({*_FORM.fields, *_FORM.member_fields})
_VALUES = st.one_of(
    st.none(), st.just(""), st.sampled_from(_choice_names(_FORM)),
    st.lists(st.sampled_from(_choice_names(_FORM)), max_size=3),
    st.integers(-3, 130), st.integers(), st.floats(), st.booleans(), st.text(max_size=12),
    st.sampled_from(["2026-06-01", "2025-01-01", "2026-02-30", "2031-01-01", "1900-01-01",
                     "13800138000", "431221101201", " 1 ", "1e3", "NaN", "-0"]),
    st.sampled_from(_IDS), st.sampled_from(_IDS).map(lambda s: s[:17] + "X"),
    st.sampled_from(_IDS).map(lambda s: s[:6] + s[8:17]),
)
_EDIT = st.tuples(st.integers(-1, 9), st.sampled_from(_NAMES), _VALUES)


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    import copy

    hh = copy.deepcopy(draw(st.sampled_from(_POOL)))
    for member, name, value in draw(st.lists(_EDIT, max_size=8)):
        members = hh["members"]
        fields = hh["fields"] if member < 0 or not members else \
            members[member % len(members)]["fields"]
        fields[name] = value
    return hh


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), st.sampled_from(SETTINGS), st.sampled_from(DAYS))
def test_any_edit(household: dict[str, Any], county: CountySettings | None,
                  today: dt.date) -> None:
    assert_same(_FORM, household, county, today)


# -- a form using every part of the expression language -----------------------------------
_FEATURE_HEADER = ["type", "name", "label::zh_CN", "label::en", "relevant", "calculation",
                   "required", "constraint", "warning_constraint", "choice_filter"]
_FEATURE_SURVEY = [
    ["select_one region", "region", "地区", "Region", "", "", "yes"],
    ["select_one town", "town", "乡镇", "Town", "", "", "yes", "", "", "region = ${region}"],
    ["decimal", "area", "面积", "Area", "", "", "${region} = 'east'", ". >= 0 and . < 1000000.5",
     ". div 2 != 3"],
    ["date", "visited", "日期", "Date", "", "", "no", ". <= today()", "today() - . <= 30"],
    ["text", "code", "代码", "Code", "", "", "", "regex(., concat('^', ${region}))",
     "string-length(.) mod 2 = 0"],
    ["begin_group", "extra", "附加", "Extra", "'west' = ${region} or 3 < ${area}"],
    ["integer", "rooms", "房间", "Rooms", "", "", "yes", "-1 < . and . <= 20 and . != 13",
     "number(.) * 2 - 1 > int(${area} div 3)"],
    ["select_multiple yes_no", "flags", "标记", "Flags", "", "", "",
     "count-selected(.) < 2 or selected(., 'yes')"],
    ["end_group", "extra"],
    ["begin_repeat", "members", "成员", "Members"],
    ["text", "pname", "姓名", "Name", "", "", "yes", "string-length(.) >= 2"],
    ["integer", "years", "年龄", "Age", "", "", "yes", ". >= 0", ". < county-setting('labour_age_max_male')"],
    ["decimal", "income", "收入", "Income", "${years} >= 16 and ${years} < 70 and ${region} != ''",
     "", "${years} > 18", ". >= 0"],
    ["calculate", "pos", "序号", "Pos", "", "position(..)"],
    ["integer", "double", "两倍", "Double", "", "${years} * 2 + -1"],
    ["date", "born", "出生", "Born", "", "if(${years} > 0, today() - ${years} * 365, '')"],
    ["text", "label", "标签", "Label", "", "concat(${pname}, '-', string(${pos}))"],
    ["calculate", "adult", "成年", "Adult", "", "boolean(${years} >= 18) and not(${years} > 90)"],
    ["select_one yes_no", "works", "工作", "Works", "${adult}", "", "yes", "",
     "not(. = 'no' and ${income} > 0)"],
    ["end_repeat", "members"],
    ["calculate", "people", "人数", "People", "", "count(${members})"],
    ["calculate", "earners", "有收入", "Earners", "", "count(${income})"],
    ["decimal", "total", "总收入", "Total", "", "sum(${income}) + coalesce(${area}, 0)"],
    ["integer", "ratio", "比", "Ratio", "${people} > 0", "int(sum(${years}) div ${people})"],
    ["text", "summary", "摘要", "Summary", "", "if(${people} = 0, 'none', concat(${people}))"],
]
_FEATURE_CHOICES = [
    ["region", "east", "东", "East"], ["region", "west", "西", "West"],
    ["town", "t1", "甲镇", "T1", "east"], ["town", "t2", "乙镇", "T2", "west"],
    ["town", "t3", "丙镇", "T3", "east"],
    ["yes_no", "yes", "是", "Yes"], ["yes_no", "no", "否", "No"],
]


@pytest.fixture(scope="module")
def feature_form(tmp_path_factory: pytest.TempPathFactory) -> Form:
    import openpyxl

    from tests.forms.test_loader import workbook

    path = workbook(tmp_path_factory.mktemp("feature") / "f.xlsx", _FEATURE_SURVEY,
                    choices=_FEATURE_CHOICES, header=_FEATURE_HEADER)
    wb = openpyxl.load_workbook(path)
    wb["choices"]["E1"] = "region"
    wb.save(path)
    return forms.load_form(path)


_ANY = st.one_of(
    st.none(), st.just(""), st.sampled_from(["east", "west", "t1", "t2", "t3", "yes", "no", "x"]),
    st.lists(st.sampled_from(["yes", "no", "x"]), max_size=3), st.integers(-2, 100),
    st.floats(), st.booleans(), st.text(max_size=6),
    st.sampled_from(["2026-06-01", "2026-06-20", "2025-01-01", "2026-02-30", "east-1", "we"]))
_HOUSEHOLD_NAMES = ["region", "town", "area", "visited", "code", "rooms", "flags", "people",
                    "total", "ratio", "summary"]
_MEMBER_NAMES = ["pname", "years", "income", "pos", "double", "born", "label", "adult", "works"]


@settings(max_examples=300, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(_HOUSEHOLD_NAMES), _ANY),
       st.lists(st.dictionaries(st.sampled_from(_MEMBER_NAMES), _ANY), max_size=4),
       st.sampled_from(SETTINGS), st.sampled_from(DAYS))
def test_every_expression_feature(feature_form: Form, fields: dict[str, Any],
                                  members: list[dict[str, Any]],
                                  county: CountySettings | None, today: dt.date) -> None:
    household = {"uuid": "h", "form_id": "test_form", "form_version": "1", "fields": fields,
                 "members": [{"uuid": f"m{i}", "fields": m} for i, m in enumerate(members)]}
    assert_same(feature_form, household, county, today)
