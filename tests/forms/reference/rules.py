"""Rules the workbook cannot express: they compare members with each other or with stored data.

Everything XLSForm can say lives in the workbook (``constraint`` and ``warning_constraint``
columns with their codes); this registry holds only what needs more than one member at a time
(exactly one 户主, no ID number twice, 户主 and 配偶 of different sex) or the raw record
(a typed sex or birth date that disagrees with the ID number, both or neither of 文化程度 and
在校生状况). Each rule looks questions and choices up by name and stays silent when the form
has no such question, so an edited workbook never breaks validation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from mopai.forms import places
from mopai.forms.findings import ERROR, WARNING, Finding, Severity, shown
from mopai.forms.rules import IN_PROVINCE_REGIONS, PROVINCES, place_province

from .expr_eval import is_empty, to_date
from .state import HouseholdState

RELATION, HEAD, SPOUSE = "relation", "head", "spouse"
ID_NUMBER, SEX, BIRTH_DATE = "id_number", "sex", "birth_date"
EDUCATION, STUDENT_STATUS, IS_STUDENT = "education", "student_status", "is_student"


@dataclass(frozen=True)
class Hit:
    """Where a rule fires; ``params`` fill the rule's message templates."""

    member: int | None
    field: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    zh: str
    en: str
    check: Callable[[HouseholdState], Iterable[Hit]]
    covers: tuple[str, ...] = ()  # fields whose plain "required" finding this rule replaces


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, zh: str, en: str, covers: tuple[str, ...] = ()
         ) -> Callable[[Callable[[HouseholdState], Iterable[Hit]]], Rule]:
    def register(check: Callable[[HouseholdState], Iterable[Hit]]) -> Rule:
        RULES[code] = Rule(code, severity, zh, en, check, covers)
        return RULES[code]
    return register


def _members(state: HouseholdState, *names: str) -> range:
    """All member indexes if the form has every named member question, else none."""
    if all(state.form.has(n, member=True) for n in names):
        return range(len(state.members))
    return range(0)


@rule("head_count", ERROR, "每户必须有且只有一位户主，现有 {count} 位，请改正与户主关系",
      "a household needs exactly one head (户主); it has {count}: correct the relations")
def _head_count(state: HouseholdState) -> Iterator[Hit]:
    if not state.form.has(RELATION, HEAD, member=True):
        return
    heads = [i for i in range(len(state.members)) if state.value(RELATION, i) == HEAD]
    if len(heads) != 1:
        yield Hit(None, RELATION, {"count": len(heads)})


@rule("dup_id_in_household", ERROR, "证件号码与第{other}位成员相同",
      "the same ID number as member {other}")
def _dup_id(state: HouseholdState) -> Iterator[Hit]:
    first: dict[str, int] = {}
    for i in _members(state, ID_NUMBER):
        number = state.value(ID_NUMBER, i)
        if is_empty(number):
            continue
        if number in first:
            yield Hit(i, ID_NUMBER, {"other": first[number] + 1})
        else:
            first[number] = i


@rule("2_02_001", WARNING, "户主与配偶性别相同，请核对证件号码或与户主关系",
      "the head and the spouse are of the same sex; check the ID numbers or the relation")
def _head_spouse_sex(state: HouseholdState) -> Iterator[Hit]:
    members = _members(state, RELATION, SEX)
    heads = [state.value(SEX, i) for i in members if state.value(RELATION, i) == HEAD]
    if len(heads) != 1 or heads[0] is None:
        return
    for i in members:
        if state.value(RELATION, i) == SPOUSE and state.value(SEX, i) == heads[0]:
            yield Hit(i, RELATION)


@rule("id_sex_mismatch", ERROR, "填写的性别“{typed}”与证件号码不符（应为{derived}）",
      "the sex entered ({typed}) disagrees with the ID number ({derived})")
def _sex_mismatch(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, SEX):
        typed, derived = state.raw_value(SEX, i), state.value(SEX, i)
        if not is_empty(typed) and derived is not None and typed != derived:
            label = state.form.question(SEX, member=True).choices
            yield Hit(i, SEX, {"typed": label.label(str(typed)) if label else typed,
                               "derived": label.label(derived) if label else derived})


@rule("id_birth_mismatch", ERROR, "填写的出生日期 {typed} 与证件号码不符（应为 {derived}）",
      "the birth date entered ({typed}) disagrees with the ID number ({derived})")
def _birth_mismatch(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, BIRTH_DATE):
        typed, derived = state.raw_value(BIRTH_DATE, i), state.value(BIRTH_DATE, i)
        if not is_empty(typed) and derived is not None and to_date(typed) != derived:
            yield Hit(i, BIRTH_DATE, {"typed": typed, "derived": derived.isoformat()})


@rule("edu_xor_student", ERROR, "文化程度和在校生状况必须填写且只填写其中一项（现填写 {count} 项）",
      "exactly one of education and school status must be filled ({count} filled)",
      covers=(EDUCATION, STUDENT_STATUS))
def _edu_xor_student(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, EDUCATION, STUDENT_STATUS):
        filled = sum(not is_empty(state.raw_value(n, i)) for n in (EDUCATION, STUDENT_STATUS))
        if filled != 1:
            student = state.raw_value(IS_STUDENT, i) == "yes"
            yield Hit(i, STUDENT_STATUS if student else EDUCATION, {"count": filled})


@rule("place_region", WARNING, "务工所在地“{place}”与务工地域“{region}”不符，请核对；无误请填写说明",
      "the place of work {place!r} does not fit the work region {region!r}; check, and if it "
      "is right give a reason")
def _place_region(state: HouseholdState) -> Iterator[Hit]:
    form = state.form
    if not (form.has("work_region", member=True) and form.has("work_place", member=True)):
        return
    home = PROVINCES.get(str(state.value("village_code") or "")[:2])
    regions = form.question("work_region", member=True).choices
    for i in range(len(state.members)):
        region, place = state.value("work_region", i), state.value("work_place", i)
        chosen = places.province(state.value("work_province", i) or None)
        if chosen is not None:
            city = places.city(state.value("work_city", i) or None)
            province = "" if chosen.code in ("71", "81", "82") else chosen.short
            place = chosen.name + (city.name if city and city.name != chosen.name else "")
        else:
            province = place_province(place)
        if not province or not isinstance(region, str):
            continue
        if (region == "abroad"
                or (home is not None and region in IN_PROVINCE_REGIONS and province != home)
                or (home is not None and region == "out_of_province" and province == home)):
            yield Hit(i, "work_place", {"place": shown(place)[:40],
                                        "region": regions.label(region) if regions else region})


def run_rules(state: HouseholdState) -> list[Finding]:
    """Every finding of the registry for one evaluated household."""
    found = []
    for r in RULES.values():
        for hit in r.check(state):
            uuid = state.member_uuids[hit.member] if hit.member is not None else None
            found.append(Finding(r.code, r.severity, hit.member, uuid, hit.field,
                                 r.zh.format(**hit.params), r.en.format(**hit.params)))
    return found


def covered(findings: Iterable[Finding]) -> set[tuple[int | None, str]]:
    """(member, field) pairs whose plain "required" finding a rule finding replaces."""
    pairs: set[tuple[int | None, str]] = set()
    for f in findings:
        r = RULES.get(f.code)
        if r is not None:
            pairs.update((f.member_index, name) for name in r.covers)
    return pairs
