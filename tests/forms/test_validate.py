from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from mopai import forms
from mopai.forms.findings import Finding, count_by_code
from mopai.forms.model import Form
from mopai.forms.samples import sample_household
from tests.forms.builders import TODAY, child, codes, elder, farmer, household, jobless, worker

Check = Callable[..., list[Finding]]


def test_sample_households_are_valid(check: Check) -> None:
    for seed in range(5):
        assert check(sample_household(seed=seed, today=TODAY)) == []


def test_required_only_when_relevant(check: Check) -> None:
    hh = household(worker(), household_type="monitored")
    found = [(f.code, f.field) for f in check(hh)]
    assert ("required", "monitoring_category") in found
    assert ("required", "help_measures") in found
    plain = household(worker(), household_type="ordinary")
    assert not any(f.field in ("monitoring_category", "help_measures") for f in check(plain))


def test_required_messages_name_the_question(check: Check) -> None:
    (f,) = [f for f in check(household(worker(channel=None))) if f.code == "required"]
    assert (f.field, f.member_index, f.severity) == ("channel", 0, "error")
    assert "就业渠道" in f.message_zh and "Employment channel" in f.message_en


def test_answers_to_irrelevant_questions_are_reported_and_cleaned(form: Form, check: Check) -> None:
    kid = child(employment_status="migrant", monthly_income=100)
    hh = household(worker(), kid, monitoring_category="unstable")
    found = [(f.code, f.member_index, f.field, f.severity) for f in check(hh)]
    assert ("not_relevant", None, "monitoring_category", "warning") in found
    assert ("not_relevant", 1, "employment_status", "warning") in found
    assert ("not_relevant", 1, "monthly_income", "warning") in found
    cleaned = forms.clean_household(form, hh, today=TODAY)
    assert "monitoring_category" not in cleaned["fields"]
    assert "employment_status" not in cleaned["members"][1]["fields"]
    assert cleaned["members"][0]["fields"] == hh["members"][0]["fields"]
    assert check(cleaned) == []
    assert forms.clean_household(form, cleaned, today=TODAY) == cleaned
    assert hh["fields"]["monitoring_category"] == "unstable", "the input is not modified"


def test_no_capacity_migrant_is_reported_as_not_asked(check: Check) -> None:
    # 2_01_015 for 无/丧失劳动力: the employment questions are not asked at all
    hh = household(worker(), elder(employment_status="migrant"))
    assert ("not_relevant", "employment_status") in {(f.code, f.field) for f in check(hh)}


def test_clean_drops_derived_copies_that_agree_and_keeps_those_that_do_not(form: Form) -> None:
    hh = household(worker())
    evaluated = forms.evaluate_household(form, hh, today=TODAY)
    fields = hh["members"][0]["fields"]
    fields.update(sex="male", birth_date=evaluated.members[0]["birth_date"].isoformat(),
                  age=evaluated.members[0]["age"], labour_force=True)
    cleaned = forms.clean_household(form, hh, today=TODAY)["members"][0]["fields"]
    assert not {"sex", "birth_date", "age", "labour_force"} & set(cleaned)
    fields["sex"] = "female"
    cleaned = forms.clean_household(form, hh, today=TODAY)["members"][0]["fields"]
    assert cleaned["sex"] == "female"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("monthly_income", "5000", "invalid_integer"),
    ("monthly_income", True, "invalid_integer"),
    ("monthly_income", 5000.5, "invalid_integer"),
    ("return_date", "2026-02-30", "invalid_date"),
    ("industry", "Z", "invalid_choice"),
    ("health", "healthy", "invalid_choice"),
    ("health", ["healthy", "happy"], "invalid_choice"),
    ("name", 12.5, "invalid_text"),
    ("id_number", "12345", "id_format"),
])
def test_type_checks(check: Check, field: str, value: object, code: str) -> None:
    member = worker(returned="yes", return_date="2026-01-01")
    member["fields"][field] = value
    found = [f for f in check(household(member)) if f.field == field]
    assert [f.code for f in found] == [code]


def test_integral_floats_from_json_are_integers(check: Check) -> None:
    assert check(household(worker(monthly_income=5000.0, months_worked=10.0))) == []


def test_old_version_record_validates_under_the_newer_form(form: Form, check: Check) -> None:
    old = household(worker(), farmer(old_question="旧题目答案"), questionnaire_no="A-17")
    old["form_version"] = "2025.1"
    assert check(old) == []
    assert forms.unknown_answers(form, old) == {
        "fields.questionnaire_no": "A-17",
        f"members.{old['members'][1]['uuid']}.fields.old_question": "旧题目答案"}
    known, unknown = forms.split_fields(form, old["fields"])
    assert unknown == {"questionnaire_no": "A-17"} and "household_type" in known
    kept = forms.clean_household(form, old, today=TODAY)
    assert kept["fields"]["questionnaire_no"] == "A-17"
    dropped = forms.clean_household(form, old, today=TODAY, drop_unknown=True)
    assert "questionnaire_no" not in dropped["fields"]
    assert "old_question" not in dropped["members"][1]["fields"]


def test_records_of_another_form_or_a_newer_version(check: Check) -> None:
    other = household(worker())
    other["form_id"] = "health_survey"
    assert ("form_mismatch", "error") in {(f.code, f.severity) for f in check(other)}
    newer = household(worker())
    newer["form_version"] = "2026.10"
    assert ("form_version_newer", "warning") in {(f.code, f.severity) for f in check(newer)}
    same = household(worker())
    same["form_version"] = "2026.1"
    assert check(same) == []


def test_validation_does_not_modify_the_record(check: Check) -> None:
    hh = household(worker(), child(employment_status="migrant"))
    before = copy.deepcopy(hh)
    check(hh)
    assert hh == before


def test_empty_and_odd_records_do_not_crash(check: Check) -> None:
    assert "head_count" in codes(check({"fields": {}, "members": []}))
    assert "head_count" in codes(check({"fields": None, "members": None}))
    found = check({"fields": {"survey_date": None}, "members": [{"uuid": "x", "fields": None}]})
    assert {"required", "head_count"} <= codes(found)


def test_counts_by_code_for_the_quality_report(check: Check) -> None:
    hh = household(worker(monthly_income=35000), jobless(monthly_income=40000, age=35))
    counts = count_by_code(check(hh))
    assert counts[("income_band", "warning")] == 1  # the jobless member is not asked income
    assert counts[("not_relevant", "warning")] == 1


def test_evaluation_gives_relevance_and_derived_values_for_the_editor(form: Form) -> None:
    hh = household(worker(), child())
    state = forms.evaluate_household(form, hh, today=TODAY)
    assert state.is_relevant("employment_status", 0)
    assert not state.is_relevant("employment_status", 1)
    assert not state.is_relevant("job", 1) and not state.is_relevant("work_place", 1)
    assert state.value("sex", 0) == "male" and state.value("age", 1) == 8
    assert state.value("member_count") == 2
    assert state.value("labour_force", 0) is True and state.value("labour_force", 1) is False
