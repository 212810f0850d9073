"""Households broken on purpose: every rule of the form fired, plus hostile values.

``generated(n)`` gives households of the project's generator (sync.synth, 5 % with its own
mistakes); ``MUTATIONS`` are named edits that each trigger one rule or type check (bad ID check
digits, ages out of range, missing answers, wrong choices, irrelevant answers, …);
``HOSTILE`` are values of the wrong kind for any field (a dict where text is expected, NaN,
huge ints, very long strings, deep nesting). The equivalence and robustness tests use them.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Callable
from functools import cache
from typing import Any

from mopai.forms import idnumber
from mopai.forms.model import Form
from tests.forms.builders import TODAY

Household = dict[str, Any]
Mutation = Callable[[random.Random, Household], None]
VILLAGE = "431221101201"


@cache
def _generated(n: int, seed: int, mistake_rate: float) -> tuple[Household, ...]:
    from mopai.sync.synth import VillageSpec, generate_village

    spec = VillageSpec(VILLAGE, n, seed, as_of=TODAY - dt.timedelta(days=20),
                       mistake_rate=mistake_rate)
    return tuple(g.state for g in generate_village(spec))


def generated(n: int, seed: int = 11, mistake_rate: float = 0.05) -> list[Household]:
    """``n`` households of one synthetic village surveyed shortly before ``TODAY`` (copies)."""
    return copy.deepcopy(list(_generated(n, seed, mistake_rate)))


def _member(rng: random.Random, hh: Household) -> dict[str, Any]:
    if not hh.get("members"):
        hh["members"] = [{"uuid": "m-new", "fields": {}}]
    m = rng.choice(hh["members"])
    if not isinstance(m.get("fields"), dict):
        m["fields"] = {}
    return m["fields"]


def _household_fields(hh: Household) -> dict[str, Any]:
    if not isinstance(hh.get("fields"), dict):
        hh["fields"] = {}
    return hh["fields"]


def _set(name: str, *values: Any, member: bool = True) -> Mutation:
    def apply(rng: random.Random, hh: Household) -> None:
        fields = _member(rng, hh) if member else _household_fields(hh)
        fields[name] = copy.deepcopy(rng.choice(values))
    apply.__name__ = f"set_{name}"
    return apply


def _drop(name: str, member: bool = True) -> Mutation:
    def apply(rng: random.Random, hh: Household) -> None:
        fields = _member(rng, hh) if member else _household_fields(hh)
        fields.pop(name, None)
    apply.__name__ = f"drop_{name}"
    return apply


def _bad_checksum(rng: random.Random, hh: Household) -> None:
    f = _member(rng, hh)
    number = str(f.get("id_number") or idnumber.make("431221", dt.date(1980, 1, 1), 11))
    if len(number) == 18:
        f["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")


def _id_of_age(age: int, sex_digit: int = 1) -> Mutation:
    def apply(rng: random.Random, hh: Household) -> None:
        born = dt.date(TODAY.year - age, 3, 3)
        _member(rng, hh)["id_number"] = idnumber.make("431221", born, 100 + sex_digit)
    apply.__name__ = f"id_age_{age}"
    return apply


def _future_birth(rng: random.Random, hh: Household) -> None:
    first17 = f"431221{TODAY.year + 1}0101123"
    _member(rng, hh)["id_number"] = first17 + idnumber.check_character(first17)


def _dup_id(rng: random.Random, hh: Household) -> None:
    members = hh.get("members") or []
    if len(members) >= 2:
        a, b = rng.sample(members, 2)
        if isinstance(b.get("fields"), dict):
            b["fields"]["id_number"] = (a.get("fields") or {}).get("id_number")


def _relation_all(value: str) -> Mutation:
    def apply(rng: random.Random, hh: Household) -> None:
        for m in hh.get("members") or []:
            if isinstance(m.get("fields"), dict):
                m["fields"]["relation"] = value
    apply.__name__ = f"all_{value}"
    return apply


def _noisy_id(rng: random.Random, hh: Household) -> None:
    f = _member(rng, hh)
    number = str(f.get("id_number") or "")
    full = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
    f["id_number"] = rng.choice([f" {number[:6]} {number[6:]} ", full, number.lower(),
                                 f"{number[:6]}-{number[6:]}"])


def _drop_members(rng: random.Random, hh: Household) -> None:
    hh["members"] = rng.choice([[], None, [{"uuid": "m-x"}], [{"uuid": "m-y", "fields": None}]])


MUTATIONS: dict[str, Mutation] = {m.__name__: m for m in [
    _bad_checksum, _future_birth, _dup_id, _noisy_id, _drop_members,
    _id_of_age(3), _id_of_age(12), _id_of_age(15), _id_of_age(16), _id_of_age(59),
    _id_of_age(60, 0), _id_of_age(64), _id_of_age(66), _id_of_age(101), _id_of_age(120),
    _id_of_age(136),
    _relation_all("head"), _relation_all("son"),
    _set("id_number", "", "12345", "43122119800101123", "431221800101123",
         "43122119800230123X", "ABCDEFGHIJKLMNOPQR", "431221198001011234"),
    _set("sex", "male", "female", "other", ""), _set("birth_date", "1980-01-01", "1980-02-30", "x"),
    _set("age", 3, 40, "40", 40.0), _set("relation", "spouse", "son", "daughter", "wife_mother",
                                         "nonsense"),
    _set("is_student", "yes", "no", "maybe"), _set("education", "junior", "college", "zzz"),
    _set("student_status", "primary", "high_school", "zzz"),
    _set("health", ["healthy"], ["healthy", "chronic"], ["disabled"], [], ["nope"], "healthy"),
    _set("labor_capacity", "none", "weak", "ordinary", "skilled", "lost", "zzz"),
    _set("employment_status", "migrant", "farming", "unemployed", "public_post", "local", "zzz"),
    _set("monthly_income", -5, 0, 3000, 30000, 30001, 3.5, 3.0, "3000", True),
    _set("months_worked", -1, 0, 6, 12, 13, 12.5),
    _set("work_place", "", "广东省东莞市", "湖南省长沙市", "香港", "越南胡志明市"),
    _set("work_province", "", "44", "11", "81", "99"), _set("work_city", "", "4419", "4301", "9"),
    _set("work_region", "in_county", "abroad", "moon", "in_township", "in_province"),
    _set("industry", "C", "Q", "ZZ"), _set("channel", "spontaneous", "zzz"),
    _set("phone", "13800138000", "1380013800", "23800138000", 13800138000, "0731-12345678",
         "07311234567", "2345678", "138 0013 8000", "0731-1234567转801", "12345678"),
    _set("start_month", "2024-05-01", "2024-05", "2024-13-01"),
    _set("wants_job", "yes", "no"), _set("desired_job", "电工", ""),
    _set("wants_training", "yes", "no"), _set("desired_training", "", "厨师"),
    _set("policies", ["none"], ["none", "post_subsidy"], ["training_subsidy"], ["nope"]),
    _set("name", ["张三"], {"zh": "张三"}, True, 12),
    _set("returned", "yes", "no"), _set("return_date", "2026-01-20", "2026-02-30"),
    _set("unemployed_reason", "no_suitable_job", "zzz"), _set("post_type", "保洁"),
    _set("unknown_question", "kept"),
    _drop("name"), _drop("id_number"), _drop("relation"), _drop("health"), _drop("education"),
    _drop("student_status"), _drop("is_student"), _drop("labor_capacity"),
    _drop("employment_status"), _drop("monthly_income"), _drop("months_worked"),
    _set("village_code", "43122110120", "abc", "431221101201", member=False),
    _set("phone", "13800138000", "12345", member=False),
    _set("helper_phone", "13900139000", "1390013900", member=False),
    _set("household_type", "ordinary", "poverty_alleviated", "monitored", "zzz", member=False),
    _set("monitoring_category", "unstable", "zzz", member=False),
    _set("help_measures", ["industry"], ["nope"], [], "industry", member=False),
    _set("survey_date", TODAY.isoformat(), "2026-07-01", "2024-01-01", "2026-02-30", "June",
         20260601, member=False),
    _set("survey_method", "visit", "telepathy", member=False),
    _drop("survey_date", member=False), _drop("household_no", member=False),
    _drop("household_type", member=False), _drop("surveyor", member=False),
]}


def _form_level(rng: random.Random, hh: Household) -> None:
    choice = rng.randrange(4)
    if choice == 0:
        hh["form_id"] = "other_form"
    elif choice == 1:
        hh["form_version"] = rng.choice(["2026.2", "2027.1", "2026.1.1", "2025.9", "abc"])
    elif choice == 2:
        hh.pop("form_id", None)
    else:
        hh["fields"] = None


def _high_incomes(rng: random.Random, hh: Household) -> None:
    for m in hh.get("members") or []:
        fields = m.get("fields")
        if isinstance(fields, dict) and fields.get("employment_status"):
            fields["monthly_income"] = rng.choice([30001, 250000])


def _weak_migrant(rng: random.Random, hh: Household) -> None:
    f = _member(rng, hh)
    f["labor_capacity"], f["employment_status"] = "weak", "migrant"


MUTATIONS["form_level"] = _form_level
MUTATIONS["weak_migrant"] = _weak_migrant
MUTATIONS["high_incomes"] = _high_incomes


def mutated(households: list[Household], seed: int, per_household: int = 3) -> list[Household]:
    """Copies of ``households`` with 1 to ``per_household`` random mutations each."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    out = []
    for hh in households:
        hh = copy.deepcopy(hh)
        for _ in range(rng.randint(1, per_household)):
            MUTATIONS[rng.choice(names)](rng, hh)
        out.append(hh)
    return out


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if depth % 2 else {"a": value}
    return value


HOSTILE: dict[str, Any] = {
    "dict": {"a": 1},
    "list_of_dicts": [{"a": 1}],
    "list_of_lists": [["x"]],
    "list_of_ints": [1, 2],
    "tuple": ("x",),
    "set": {"x"},
    "bytes": b"abc",
    "huge_int": 10**400,
    "negative_huge_int": -(10**400),
    "huge_float": 1e308,
    "nan": float("nan"),
    "inf": float("inf"),
    "neg_inf": float("-inf"),
    "bool": True,
    "long_string": "1" * 1_000_000,
    "long_cjk": "中" * 100_000,
    "nul": "\x00",
    "surrogate": "\ud800",
    "deep_list": _deep(5001),
    "deep_dict": _deep(5000),
    "date_like": "9999-99-99",
    "datetime": dt.datetime(2026, 1, 1, 12, 0),
    "date": dt.date(2026, 1, 1),
    "object": object(),
}


def field_names(form: Form) -> tuple[list[str], list[str]]:
    """Every household and member question name (derived ones included)."""
    return list(form.fields), list(form.member_fields)
