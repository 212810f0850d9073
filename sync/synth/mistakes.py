"""The mistakes interviewers make, one per rule of domain.md's error list.

About 5 % of generated households carry one (sometimes two) of these, so validation, the
quality report and the county's checks have something real to find. Each mistake is applied
to the members before their answers become choice names, and is returned by its code, so a
test can tell a household broken on purpose from a generator bug. Broken households are saved
as drafts: a store with the questionnaire's validator refuses them as complete.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from .family import Person, check_char

ID_CHECKSUM = "id_checksum"              # wrong check character
ID_BIRTH_DATE = "id_birth_date"          # impossible birth date (valid check character)
ID_DUPLICATE = "id_duplicate"            # the same ID number twice in one household
TWO_HEADS = "two_heads"                  # 户主 twice
NO_HEAD = "no_head"                      # no 户主
EDU_AND_STUDENT = "edu_and_student"      # 文化程度 and 在校生状况 both filled
EDU_NOR_STUDENT = "edu_nor_student"      # neither filled
CHILD_LABOUR = "child_labour"            # under 16 with labour capacity [2_01_011]
WORK_PLACE_MONTHS = "work_place_months"  # 务工所在地 filled, 本年务工时间 0
PHONE_10_DIGITS = "phone_10_digits"      # a phone number with 10 digits

Touched = list[Person] | None   # the members a mistake changed; None when it does not apply
Apply = Callable[[random.Random, list[Person], dict[str, Any]], Touched]


def _some(rng: random.Random, people: list[Person], test: Callable[[Person], bool]) -> Person | None:
    matches = [p for p in people if test(p)]
    return rng.choice(matches) if matches else None


def _checksum(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = rng.choice(people)
    good = p.id_number[17]
    p.id_number = p.id_number[:17] + rng.choice([c for c in "0123456789X" if c != good])
    return [p]


def _birth_date(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = rng.choice(people)
    bad = rng.choice(("0230", "0431", "1301", "0035", "0631"))
    first17 = p.id_number[:10] + bad + p.id_number[14:17]
    p.id_number = first17 + check_char(first17)
    return [p]


def _duplicate(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    if len(people) < 2:
        return None
    a, b = rng.sample(people, 2)
    b.id_number = a.id_number
    return [a, b]


def _two_heads(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = _some(rng, people, lambda p: p.relation != "户主" and p.age >= 18)
    if p is None:
        return None
    p.relation = "户主"
    return [p]


def _no_head(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = _some(rng, people, lambda p: p.relation == "户主")
    if p is None:
        return None
    p.relation = "其他"
    return [p]


def _edu_and_student(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = rng.choice(people)
    if "student_status" in p.fields:
        p.fields["education"] = "小学"
    else:
        p.fields["student_status"] = "高中"  # is_student stays as it was
    return [p]


def _edu_nor_student(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = rng.choice(people)
    p.fields.pop("education", None)
    p.fields.pop("student_status", None)
    return [p]


def _child_labour(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = _some(rng, people, lambda p: 6 <= p.age < 16)
    if p is None:
        return None
    p.fields["labor_capacity"] = "普通劳动力"
    return [p]


def _work_place_months(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = _some(rng, people, lambda p: "work_place" in p.fields)
    if p is None:
        return None
    p.fields["months_worked"] = 0
    return [p]


def _phone_10(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> Touched:
    p = _some(rng, people, lambda p: bool(p.fields.get("phone")))
    if p is not None and rng.random() < 0.5:
        p.fields["phone"] = p.fields["phone"][:10]
        return [p]
    hh["phone"] = (hh.get("phone") or "1" + "".join(rng.choice("0123456789") for _ in range(10)))[:10]
    return []


MISTAKES: dict[str, Apply] = {
    ID_CHECKSUM: _checksum, ID_BIRTH_DATE: _birth_date, ID_DUPLICATE: _duplicate,
    TWO_HEADS: _two_heads, NO_HEAD: _no_head, EDU_AND_STUDENT: _edu_and_student,
    EDU_NOR_STUDENT: _edu_nor_student, CHILD_LABOUR: _child_labour,
    WORK_PLACE_MONTHS: _work_place_months, PHONE_10_DIGITS: _phone_10,
}
# Pairs that would cancel out (a second 户主 where the first was removed).
_EXCLUSIVE = {TWO_HEADS: NO_HEAD, NO_HEAD: TWO_HEADS}


def break_household(rng: random.Random, people: list[Person], hh: dict[str, Any]) -> tuple[str, ...]:
    """Apply one mistake (one in six times, two), each to members no other mistake touched,
    so every mistake still shows — an impossible birth date hides a child's age, for one."""
    wanted = 2 if rng.random() < 1 / 6 else 1
    done: list[str] = []
    touched: list[Person] = []
    codes = list(MISTAKES)
    rng.shuffle(codes)
    for code in codes:
        if len(done) == wanted:
            break
        if _EXCLUSIVE.get(code) in done:
            continue
        untouched = [p for p in people if all(p is not t for t in touched)]
        if not untouched:
            break
        changed = MISTAKES[code](rng, untouched, hh)
        if changed is not None:
            done.append(code)
            touched += changed
    return tuple(done)
