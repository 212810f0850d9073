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

import forms
from forms import idnumber
from forms.model import Form
from forms.settings import CountySettings
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
                "2_02_001", "2_01_004", "income_high", "survey_old", "survey_future",
                "village_code_format", "health_exclusive", "policies_exclusive", "months_range",
                "income_range", "required", "not_relevant", "invalid_integer", "invalid_date",
                "invalid_text", "invalid_choice", "form_mismatch", "form_version_newer"}
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
