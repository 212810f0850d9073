"""Plausible, valid households of the labour survey, for tests, benchmarks and the demo.

The benchmark (``bench/``) measures validation on an 8-member household; the GUI's demo
workspace and the tests need households that pass every check. Building them in one place keeps
them consistent with the shipped workbook: ``sample_household`` produces no errors under it
(a test checks), so a benchmark never times the error path by accident.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid as uuidlib
from typing import Any

from . import idnumber

SHIPPED_VERSION = "2026.1.1"  # forms/labor_survey.xlsx (tests/forms check the samples under it)
ADDRESS = "110105"  # a real county code; any 6 digits would do


def person_id(born: dt.date, sex: str, rng: random.Random, address: str = ADDRESS) -> str:
    """A valid ID number with the right parity for ``sex``."""
    sequence = rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)
    return idnumber.make(address, born, sequence)


def member(relation: str, born: dt.date, sex: str, rng: random.Random | None = None,
           **fields: Any) -> dict[str, Any]:
    """One member record with a generated ID number; ``fields`` add or override answers."""
    rng = rng or random.Random(0)
    answers: dict[str, Any] = {"name": fields.pop("name", f"成员{rng.randrange(1000)}"),
                               "id_number": person_id(born, sex, rng), "relation": relation}
    answers.update(fields)
    return {"uuid": str(uuidlib.UUID(int=rng.getrandbits(128), version=4)), "fields": answers}


def _years_ago(today: dt.date, years: int, rng: random.Random) -> dt.date:
    return dt.date(today.year - years, 1, 1) - dt.timedelta(days=rng.randrange(1, 300))


ADULT = {"is_student": "no", "education": "junior", "health": ["healthy"],
         "labor_capacity": "ordinary"}


def sample_household(members: int = 8, *, seed: int = 0, today: dt.date | None = None,
                     village: str = "110105001001") -> dict[str, Any]:
    """A valid household of up to 8 members (head, spouse, parents, son, his wife, children)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    survey = today - dt.timedelta(days=rng.randrange(0, 60))

    def age(years: int) -> dt.date:
        return _years_ago(today, years, rng)

    migrant = {"employment_status": "migrant", "job_type": "construction",
               "job_type_text": "建筑工", "monthly_income": 6500,
               "work_region": "out_of_province", "work_place": "广东省深圳市宝安区",
               "work_province": "44", "work_city": "4403",
               "employer": "深圳某建筑公司", "industry": "E", "channel": "spontaneous",
               "months_worked": 10, "start_month": f"{today.year - 3}-03-01",
               "wants_training": "no", "wants_business": "no", "returned": "no",
               "policies": ["transport_subsidy"]}
    people = [
        member("head", age(47), "male", rng, **ADULT, **migrant),
        member("spouse", age(45), "female", rng, **ADULT, employment_status="farming",
               job_type="farming", job_type_text="种植", monthly_income=1500, wants_job="yes",
               desired_job="domestic_care", desired_job_text="保洁",
               desired_region="in_county", wants_training="yes",
               desired_training="domestic_care", desired_training_text="家政",
               wants_business="no", returned="no", policies=["none"]),
        member("father", age(74), "male", rng, is_student="no", education="illiterate",
               health=["chronic"], labor_capacity="lost"),
        member("mother", age(71), "female", rng, is_student="no", education="illiterate",
               health=["healthy"], labor_capacity="weak", employment_status="farming",
               monthly_income=500, wants_job="no"),
        member("son", age(24), "male", rng, **{**ADULT, "education": "college",
                                               "labor_capacity": "skilled"},
               **{**migrant, "work_region": "in_province", "industry": "C", "monthly_income": 5200,
                  "work_place": "北京市大兴区", "work_province": "11",
                  "work_city": "1101", "channel": "enterprise"}),
        member("daughter_in_law", age(23), "female", rng, **ADULT, employment_status="unemployed",
               unemployed_reason="family_care", wants_job="no", wants_training="yes",
               desired_training="commerce", desired_training_text="电商", wants_business="yes", returned="yes",
               return_date=(survey - dt.timedelta(days=30)).isoformat(), transport="train"),
        member("grandson", age(3), "male", rng, is_student="yes", student_status="preschool_child",
               health=["healthy"], labor_capacity="none"),
        member("daughter", age(14), "female", rng, is_student="yes", student_status="junior",
               health=["healthy"], labor_capacity="none"),
    ][:max(1, members)]
    return {
        "uuid": str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
        "form_id": "labor_survey", "form_version": SHIPPED_VERSION, "status": "draft",
        "fields": {"village_code": village, "group": "第三组",
                   "household_no": f"{rng.randrange(1, 9999):04d}", "address": "张家庄12号",
                   "phone": "13800138000", "household_type": "poverty_alleviated",
                   "help_measures": ["employment", "skills_training"], "helper_name": "李干部",
                   "helper_phone": "13900139000", "survey_date": survey.isoformat(),
                   "survey_method": "visit", "surveyor": "王会计"},
        "members": people,
    }
