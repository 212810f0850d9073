"""Unknown is not false (forms/undecided.py): a condition that reads a missing or invalid value
keeps its questions and their answers until it can be decided; a decided one still cleans."""

from __future__ import annotations

import copy
from typing import Any

from mopai import forms
from mopai.forms.model import Form
from tests.forms.builders import TODAY, child, farmer, household, pid, worker

AGE_DEPENDENT = {"employment_status", "monthly_income", "work_region", "work_place",
                 "work_province", "work_city", "industry",
                 "channel", "months_worked", "wants_training", "wants_business", "returned",
                 "policies"}


def wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def with_wrong_id(member: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(member)
    broken["fields"]["id_number"] = wrong_check_digit(broken["fields"]["id_number"])
    return broken


def test_a_wrong_check_digit_leaves_the_age_dependent_questions_undecided(form: Form) -> None:
    good = household(worker(policies=["none"]))
    assert forms.clean_household(form, good, today=TODAY) == good
    hh = household(with_wrong_id(good["members"][0]))
    state = forms.evaluate_household(form, hh, today=TODAY)
    assert state.value("age", 0) is None
    kept = forms.undecided_in(state)
    assert AGE_DEPENDENT <= kept.of(0)
    assert {"member_employment", "member_wishes", "member_return"} <= kept.of(0)
    assert "name" not in kept.of(0) and not kept.of(None)
    # Nothing is called "not asked", nothing is removed, nothing is listed for removal.
    found = forms.validate_household(form, hh, today=TODAY)
    assert "not_relevant" not in {f.code for f in found}
    assert "id_checksum" in {f.code for f in found}
    assert forms.clean_household(form, hh, today=TODAY) == hh
    assert forms.answers_not_asked(form, hh, today=TODAY) == []


def test_fixing_the_id_number_decides_again(form: Form) -> None:
    member = worker(policies=["none"])
    broken = household(with_wrong_id(member))
    fixed = copy.deepcopy(broken)
    fixed["members"][0]["fields"]["id_number"] = pid(10)      # now a child of 10
    assert not forms.undecided_in(forms.evaluate_household(form, fixed, today=TODAY))
    removed = {a.field for a in forms.answers_not_asked(form, fixed, today=TODAY)}
    assert AGE_DEPENDENT - {"work_place"} <= removed | {"work_place"}
    assert removed <= AGE_DEPENDENT
    cleaned = forms.clean_household(form, fixed, today=TODAY)["members"][0]["fields"]
    assert not (AGE_DEPENDENT & set(cleaned))


def test_false_and_unknown_is_false(form: Form) -> None:
    """A member without working capacity is not asked about work whatever the age: the
    answer goes, though the age is unknown."""
    member = with_wrong_id(farmer(labor_capacity="lost"))
    hh = household(worker(), member)
    state = forms.evaluate_household(form, hh, today=TODAY)
    kept = forms.undecided_in(state)
    assert "member_employment" not in kept.of(1)
    assert "employment_status" not in kept.of(1)
    found = {(f.code, f.field) for f in forms.validate_household(form, hh, today=TODAY)}
    assert ("not_relevant", "employment_status") in found
    removed = {(a.member_index, a.field) for a in forms.answers_not_asked(form, hh, today=TODAY)}
    assert (1, "employment_status") in removed


def test_a_missing_required_answer_is_unknown_not_empty(form: Form) -> None:
    """Clearing 劳动技能 to retype it does not make the employment answers "not asked"."""
    member = worker()
    del member["fields"]["labor_capacity"]
    hh = household(member)
    kept = forms.undecided_in(forms.evaluate_household(form, hh, today=TODAY))
    assert "employment_status" in kept.of(0)
    assert forms.clean_household(form, hh, today=TODAY) == hh


def test_an_optional_empty_answer_is_still_empty(form: Form) -> None:
    """Only required or invalid answers are unknown: a child's empty optional phone decides
    nothing, and a child's employment answer is removed as before."""
    kid = child(employment_status="migrant")
    hh = household(worker(), kid)
    assert not forms.undecided_in(forms.evaluate_household(form, hh, today=TODAY))
    removed = {(a.member_index, a.field) for a in forms.answers_not_asked(form, hh, today=TODAY)}
    assert removed == {(1, "employment_status")}


def test_complete_valid_households_have_nothing_undecided(form: Form) -> None:
    from mopai.forms.samples import sample_household

    for seed in range(20):
        hh = sample_household(seed=seed, today=TODAY)
        assert not forms.undecided_in(forms.evaluate_household(form, hh, today=TODAY))


def test_a_check_that_reads_an_unknown_value_says_nothing_yet(form: Form) -> None:
    """With 本年务工时间 missing, 务工所在地 is not "filled in although 0 months": the
    months are unknown, and the missing answer is the one error."""
    member = worker()
    del member["fields"]["months_worked"]
    found = {(f.code, f.field) for f in forms.validate_household(form, household(member),
                                                                 today=TODAY)}
    assert ("required", "months_worked") in found
    assert ("workplace_months", "work_place") not in found
    member["fields"]["months_worked"] = 0      # known now: the check decides
    found = {(f.code, f.field) for f in forms.validate_household(form, household(member),
                                                                 today=TODAY)}
    assert ("workplace_months", "work_place") in found
