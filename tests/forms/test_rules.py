"""Every rule of domain.md ("Rules") fires on a household that breaks it and not on one that
keeps it. Households differ from a valid one in only what the rule is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mopai import forms
from mopai.forms import idnumber
from mopai.forms.model import Form
from tests.forms.builders import (
    ADULT,
    SURVEY,
    TODAY,
    child,
    codes,
    elder,
    farmer,
    household,
    jobless,
    person,
    pid,
    worker,
)

Build = Callable[[], dict[str, Any]]


def _id(number: str) -> dict[str, Any]:
    return worker(id_number=number)


def _bad_check() -> str:
    good = pid(40)
    return good[:17] + ("0" if good[17] != "0" else "1")


def _impossible_birth() -> str:
    first17 = "11010519860230" + "011"
    return first17 + idnumber.check_character(first17)


def _same_id() -> dict[str, Any]:
    head = worker()
    return household(head, farmer(id_number=pid(38, "female")),
                     jobless(id_number=head["fields"]["id_number"]))


def _with(member: dict[str, Any], **fields: Any) -> dict[str, Any]:
    member["fields"].update(fields)
    return member


def _no_capacity(capacity: str, **fields: Any) -> dict[str, Any]:
    """An adult of 30 who cannot work: no employment or wish questions are asked."""
    return person("son", 30, "male", **{**ADULT, "labor_capacity": capacity, "returned": "no",
                                        **fields})


def _days_ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


RULES: list[tuple[str, str, Build, Build]] = [
    # code, severity, breaks the rule, keeps it
    ("id_checksum", "error", lambda: household(_id(_bad_check())), lambda: household(worker())),
    ("id_birth_date", "error", lambda: household(_id(_impossible_birth())),
     lambda: household(worker())),
    ("id_15_digit", "warning", lambda: household(_id("110105850110013")),
     lambda: household(worker())),
    ("dup_id_in_household", "error", _same_id,
     lambda: household(worker(), farmer(), jobless())),
    ("head_count", "error", lambda: household(farmer(relation="spouse")),
     lambda: household(worker(), farmer())),
    ("head_count", "error", lambda: household(worker(), worker(age=41)),
     lambda: household(worker())),
    ("edu_xor_student", "error", lambda: household(worker(), child(education="primary")),
     lambda: household(worker(), child())),
    ("edu_xor_student", "error", lambda: household(worker(education=None)),
     lambda: household(worker())),
    ("2_01_011", "error", lambda: household(worker(), child(age=12, labor_capacity="ordinary")),
     lambda: household(worker(), child(age=12))),
    ("workplace_months", "error", lambda: household(worker(months_worked=0)),
     lambda: household(worker(months_worked=0, work_place=None))),
    ("workplace_months", "error", lambda: household(worker(work_place=None)),
     lambda: household(worker())),
    ("phone_format", "error", lambda: household(worker(), phone="0731-123456"),
     lambda: household(worker(), phone="13800138000")),
    ("phone_format", "error", lambda: household(worker(phone="23800138000")),
     lambda: household(worker(phone="13800138000"))),
    ("phone_format", "error", lambda: household(worker(), helper_phone="1380013800"),
     lambda: household(worker(), helper_phone="13900139000")),
    ("5_12_008", "warning", lambda: household(worker(), _no_capacity("none")),
     lambda: household(worker(), _no_capacity("none", health=["chronic"]))),
    ("5_12_008", "warning", lambda: household(worker(), jobless(labor_capacity="weak")),
     lambda: household(worker(), jobless(labor_capacity="weak", health=["chronic"]))),
    ("2_01_015", "warning", lambda: household(worker(labor_capacity="weak", health=["chronic"])),
     lambda: household(worker(health=["chronic"]))),
    ("2_02_001", "warning", lambda: household(worker(), farmer(sex="male")),
     lambda: household(worker(), farmer(sex="female"))),
    ("2_01_004", "warning", lambda: household(worker(), child(relation="daughter", sex="male")),
     lambda: household(worker(), child(relation="daughter", sex="female"))),
    ("2_01_004", "warning", lambda: household(worker(), elder(relation="mother", sex="male")),
     lambda: household(worker(), elder(relation="father", sex="male"))),
    ("income_band", "warning", lambda: household(worker(monthly_income=35000)),
     lambda: household(worker(monthly_income=30000))),
    ("income_band", "warning", lambda: household(worker(monthly_income=800)),
     lambda: household(worker(monthly_income=1000))),
    ("income_band", "warning",
     lambda: household(worker(employment_status="public_post", post_type="保洁",
                              region="in_township", work_place=None, months_worked=0,
                              monthly_income=5000)),
     lambda: household(worker(employment_status="public_post", post_type="保洁",
                              region="in_township", work_place=None, months_worked=0,
                              monthly_income=1500))),
    ("income_range", "error", lambda: household(worker(monthly_income=99_999_999)),
     lambda: household(worker(monthly_income=30_000))),
    ("age_over_100", "warning", lambda: household(worker(), elder(age=101)),
     lambda: household(worker(), elder(age=100))),
    ("age_impossible", "error", lambda: household(worker(), elder(age=136)),
     lambda: household(worker(), elder(age=100))),
    ("region_status", "error", lambda: household(worker(region="in_township")),
     lambda: household(worker(region="in_province", work_place="北京市延庆区"))),
    ("region_status", "error",
     lambda: household(worker(employment_status="county_job", region="out_of_province")),
     lambda: household(worker(employment_status="county_job", region="in_county",
                              work_place="北京市朝阳区"))),
    ("region_status_check", "warning",
     lambda: household(worker(region="in_county", work_place="北京市朝阳区")),
     lambda: household(worker(region="in_province", work_place="北京市延庆区"))),
    ("place_region", "warning", lambda: household(worker(region="in_province")),
     lambda: household(worker(region="in_province", work_place="北京市延庆区"))),
    ("place_region", "warning", lambda: household(worker(work_place="北京市朝阳区")),
     lambda: household(worker(work_place="广东省东莞市"))),
    ("place_region", "warning", lambda: household(worker(region="abroad")),
     lambda: household(worker(region="abroad", work_place="越南胡志明市"))),
    ("survey_old", "warning", lambda: household(worker(), survey_date=_days_ago(400)),
     lambda: household(worker(), survey_date=_days_ago(300))),
    ("survey_future", "error", lambda: household(worker(), survey_date=_days_ago(-1)),
     lambda: household(worker(), survey_date=_days_ago(0))),
    ("id_sex_mismatch", "error", lambda: household(_with(worker(), sex="female")),
     lambda: household(_with(worker(), sex="male"))),
    ("id_birth_mismatch", "error", lambda: household(worker(birth_date="1990-01-01")),
     lambda: household(worker(age=36, birth_date="1990-01-10"))),
    ("health_exclusive", "error", lambda: household(worker(health=["healthy", "disabled"])),
     lambda: household(worker(health=["chronic", "disabled"]))),
    ("policies_exclusive", "error", lambda: household(worker(policies=["none", "post_subsidy"])),
     lambda: household(worker(policies=["transport_subsidy", "post_subsidy"]))),
    ("months_range", "error", lambda: household(worker(months_worked=13)),
     lambda: household(worker(months_worked=12))),
    ("income_range", "error", lambda: household(worker(monthly_income=-1)),
     lambda: household(worker(monthly_income=0, employment_status="self_employed"))),
    ("village_code_format", "error", lambda: household(worker(), village_code="11010500100"),
     lambda: household(worker(), village_code="110105001001")),
]


@pytest.mark.parametrize(("code", "severity", "breaks", "keeps"), RULES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)])
def test_rule(check: Callable[..., list[forms.Finding]], code: str, severity: str, breaks: Build,
              keeps: Build) -> None:
    fired = [f for f in check(breaks()) if f.code == code]
    assert fired, f"{code} did not fire"
    assert {f.severity for f in fired} == {severity}
    assert all(f.message_zh and f.message_en for f in fired)
    assert code not in codes(check(keeps()))


def test_the_households_that_keep_the_rules_are_clean(check: Callable[..., list[forms.Finding]]
                                                      ) -> None:
    for _, _, _, keeps in RULES:
        found = [f for f in check(keeps()) if f.code not in ("2_02_001",)]
        assert found == [], [f.describe("en") for f in found]


def test_findings_name_member_and_field(check: Callable[..., list[forms.Finding]]) -> None:
    hh = household(worker(), child(age=12, labor_capacity="ordinary"))
    (finding,) = [f for f in check(hh) if f.code == "2_01_011"]
    assert finding.member_index == 1 and finding.field == "labor_capacity"
    assert finding.member_uuid == hh["members"][1]["uuid"]
    assert "16" in finding.message_zh and finding.describe().startswith("[2_01_011] 第2位成员")


def test_household_level_findings_have_no_member(check: Callable[..., list[forms.Finding]]) -> None:
    (finding,) = [f for f in check(household(farmer(relation="spouse"))) if f.code == "head_count"]
    assert finding.member_index is None and finding.member_uuid is None


def test_same_id_in_another_household(form: Form) -> None:
    hh = household(worker(), farmer())
    number = hh["members"][1]["fields"]["id_number"]
    found = forms.cross_household_findings(form, hh, {number: ["110105001002-0007"]})
    assert [(f.code, f.severity, f.member_index) for f in found] == [
        ("dup_id_other_household", "warning", 1)]
    assert "110105001002-0007" in found[0].message_zh
    assert forms.cross_household_findings(form, hh, {pid(50): ["x"]}) == []
    assessed = forms.assess_household(form, hh, today=TODAY, other_ids={number: ["x"]})
    assert "dup_id_other_household" in codes(assessed.findings) and assessed.can_complete


def test_household_number_used_twice_in_the_village(form: Form) -> None:
    hh = household(worker(), household_no="0012")
    found = forms.cross_household_findings(form, hh, {}, household_nos={"0012": ["张三家"]})
    assert [(f.code, f.severity, f.field) for f in found] == [
        ("dup_household_no", "error", "household_no")]
    assert forms.cross_household_findings(form, hh, {}, household_nos={"0013": ["x"]}) == []


def test_errors_block_completion_warnings_do_not(form: Form) -> None:
    warned = household(worker(monthly_income=35000))
    assert forms.assess_household(form, warned, today=TODAY).can_complete
    broken = household(worker(months_worked=13))
    assert not forms.assess_household(form, broken, today=TODAY).can_complete
    assert forms.has_errors(forms.validate_household(form, broken, today=TODAY))


def test_a_student_is_not_checked_for_capacity_warning(check: Callable[..., list[forms.Finding]]
                                                       ) -> None:
    student = person("son", 18, "male", is_student="yes", student_status="senior",
                     health=["healthy"], labor_capacity="none")
    assert "5_12_008" not in codes(check(household(worker(), student)))


def test_survey_date_sets_the_age(form: Form) -> None:
    # born 10 January 2010: 16 at a survey in June 2026, 15 at a survey in 2025
    teen = person("son", 16, "male", **{**ADULT, **{"employment_status": "unemployed",
                  "unemployed_reason": "lack_skills", "wants_job": "no", "wants_training": "no",
                  "wants_business": "no", "returned": "no"}})
    ok = household(worker(), teen)
    assert "2_01_011" not in codes(forms.validate_household(form, ok, today=TODAY))
    earlier = household(worker(), teen, survey_date=dt.date(2025, 12, 1).isoformat())
    assert "2_01_011" in codes(forms.validate_household(form, earlier, today=TODAY))
    undated = household(worker(), teen, survey_date=None)
    assert forms.evaluate_household(form, undated, today=TODAY).members[1]["age"] == 16
    assert SURVEY.year == 2026


PHONES_OK = ["13800138000", "138 0013 8000", "138-0013-8000", "+8613800138000",
             "+86 138 0013 8000", "0731-12345678", "07311234567", "010-62345678",
             "0731-1234567", "(0731)12345678", "（0731）12345678", "0731 12345678",
             "82345678", "2345678", "0731-12345678-801", "0731-12345678转801",
             "0731-12345678 分机 801", "010-62345678#12"]
PHONES_BAD = ["1380013800", "23800138000", "138001380001", "0731-123456", "12345678",
              "0731-12345678-", "phone", "0731--12345678", "1380013800a"]


@pytest.mark.parametrize("number", PHONES_OK)
def test_landlines_and_mobiles_in_their_real_formats_pass(
        check: Callable[..., list[forms.Finding]], number: str) -> None:
    found = check(household(worker(phone=number), phone=number, helper_phone=number))
    assert "phone_format" not in codes(found)


@pytest.mark.parametrize("number", PHONES_BAD)
def test_what_is_no_phone_number_is_an_error(
        check: Callable[..., list[forms.Finding]], number: str) -> None:
    found = [f for f in check(household(worker(phone=number))) if f.code == "phone_format"]
    assert [(f.severity, f.field) for f in found] == [("error", "phone")]
    assert "0731-12345678" in found[0].message_zh  # says what a right one looks like


def test_an_impossible_income_is_an_error_and_not_also_a_warning(
        check: Callable[..., list[forms.Finding]]) -> None:
    found = [(f.code, f.severity) for f in check(household(worker(monthly_income=99_999_999)))
             if f.field == "monthly_income"]
    assert found == [("income_range", "error")]
    at_the_bound = check(household(worker(monthly_income=100_000)))
    assert [f.code for f in at_the_bound if f.field == "monthly_income"] == ["income_band"]


def test_a_work_place_in_another_province_than_the_region_says(
        check: Callable[..., list[forms.Finding]]) -> None:
    """The village (110105…) is in 北京: 县外省内 in 广东 is wrong, in 北京 it is right; the
    province chosen from the list counts, else the one the text names; a text that names none
    (a county alone) says nothing."""
    hh = household(worker(region="in_province", work_place="广东省东莞市"))
    (f,) = [f for f in check(hh) if f.code == "place_region"]
    assert f.field == "work_place" and "广东省东莞市" in f.message_zh and "县外省内" in f.message_zh
    city_only = household(worker(region="in_province", work_place="东莞市"))  # 东莞 is in 广东
    assert "place_region" in codes(check(city_only))
    chosen = household(worker(region="in_province", work_place="长安镇", work_province="44",
                              work_city="4419"))
    (f,) = [f for f in check(chosen) if f.code == "place_region"]
    assert "广东省东莞市" in f.message_zh
    in_beijing = household(worker(region="in_province", work_place="广东省东莞市",
                                  work_province="11", work_city="1101"))
    assert "place_region" not in codes(check(in_beijing))
    county_only = household(worker(region="in_province", work_place="义乌"))
    assert "place_region" not in codes(check(county_only))


def test_an_age_over_120_is_an_error_over_100_a_warning(
        check: Callable[..., list[forms.Finding]]) -> None:
    def found(age: int) -> list[tuple[str, str]]:
        return [(f.code, f.severity) for f in check(household(worker(), elder(age=age)))
                if f.field == "id_number"]
    assert found(100) == []
    assert found(101) == [("age_over_100", "warning")]
    assert found(120) == [("age_over_100", "warning")]
    assert found(136) == [("age_impossible", "error")]
