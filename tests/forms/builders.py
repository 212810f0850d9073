"""Households for the forms tests, built from a few readable presets.

Dates are fixed (``TODAY``, ``SURVEY``) so ages, "survey more than a year ago" and "not in the
future" never depend on the day the tests run. A person of ``age`` is born on 10 January, so
their age at the survey date (1 June) is exactly ``age``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mopai.forms import idnumber
from mopai.forms.places import parse_place

TODAY = dt.date(2026, 6, 15)
SURVEY = dt.date(2026, 6, 1)
_sequence = itertools.count(10)


def born(age: int) -> dt.date:
    return dt.date(SURVEY.year - age, 1, 10)


def pid(age: int, sex: str = "male", address: str = "110105") -> str:
    """A fresh valid ID number for a person of ``age`` and ``sex`` at the survey date."""
    seq = next(_sequence) % 500 * 2 + (1 if sex == "male" else 0)
    return idnumber.make(address, born(age), seq)


ADULT = {"is_student": "no", "education": "junior", "health": ["healthy"],
         "labor_capacity": "ordinary"}
WISHES = {"wants_training": "no", "wants_business": "no", "returned": "no"}
MIGRANT = {"employment_status": "migrant", "monthly_income": 6000, "work_region": "out_of_province",
           "work_place": "广东省东莞市", "industry": "C", "channel": "spontaneous",
           "months_worked": 10}


def person(relation: str = "head", age: int = 40, sex: str = "male", **fields: Any
           ) -> dict[str, Any]:
    answers = {"name": f"{relation}{age}", "id_number": pid(age, sex), "relation": relation}
    answers.update(fields)
    return {"uuid": f"m-{next(_sequence)}", "fields": answers}


def worker(relation: str = "head", age: int = 40, sex: str = "male", region: str = "out_of_province",
           **fields: Any) -> dict[str, Any]:
    """A migrant worker (外出务工) in the given work region; 务工省份 and 务工城市 are those its
    work_place names (as the cadre picks them from the lists) unless given."""
    answers = {**ADULT, **MIGRANT, **WISHES, "work_region": region, **fields}
    found = parse_place(answers.get("work_place")) if region != "abroad" else None
    if found is not None and "work_province" not in fields:
        answers["work_province"] = found[0].code
        if found[1] is not None and "work_city" not in fields:
            answers["work_city"] = found[1].code
    return person(relation, age, sex, **answers)


def farmer(relation: str = "spouse", age: int = 40, sex: str = "female", **fields: Any
           ) -> dict[str, Any]:
    return person(relation, age, sex, **{**ADULT, **WISHES, "employment_status": "farming",
                                         "monthly_income": 800, "wants_job": "no", **fields})


def jobless(relation: str = "son", age: int = 30, sex: str = "male", **fields: Any
            ) -> dict[str, Any]:
    return person(relation, age, sex, **{**ADULT, **WISHES, "employment_status": "unemployed",
                                         "unemployed_reason": "no_suitable_job", "wants_job": "no",
                                         **fields})


def child(relation: str = "son", age: int = 8, sex: str = "male", **fields: Any
          ) -> dict[str, Any]:
    return person(relation, age, sex, **{"is_student": "yes", "student_status": "primary",
                                         "health": ["healthy"], "labor_capacity": "none",
                                         **fields})


def elder(relation: str = "father", age: int = 75, sex: str = "male", **fields: Any
          ) -> dict[str, Any]:
    return person(relation, age, sex, **{"is_student": "no", "education": "illiterate",
                                         "health": ["chronic"], "labor_capacity": "lost",
                                         **fields})


def household(*members: dict[str, Any], **fields: Any) -> dict[str, Any]:
    answers = {"village_code": "110105001001", "household_no": f"{next(_sequence):04d}",
               "household_type": "ordinary", "survey_date": SURVEY.isoformat(),
               "survey_method": "visit", "surveyor": "王会计"}
    answers.update(fields)
    return {"uuid": f"h-{next(_sequence)}", "form_id": "labor_survey", "form_version": "2026.1",
            "status": "draft", "fields": answers,
            "members": list(members) if members else [worker()]}


def codes(findings: list[Any]) -> set[str]:
    return {f.code for f in findings}
