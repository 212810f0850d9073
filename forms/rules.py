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

from . import places
from .expr_eval import is_empty, to_date
from .findings import ERROR, WARNING, Finding, Severity, shown
from .places import PROVINCES, place_province
from .state import HouseholdState

RELATION, HEAD, SPOUSE = "relation", "head", "spouse"
ID_NUMBER, SEX, BIRTH_DATE = "id_number", "sex", "birth_date"
EDUCATION, STUDENT_STATUS, IS_STUDENT = "education", "student_status", "is_student"
VILLAGE_CODE, WORK_REGION, WORK_PLACE = "village_code", "work_region", "work_place"
WORK_PROVINCE, WORK_CITY = "work_province", "work_city"

IN_PROVINCE_REGIONS = ("in_township", "in_county", "in_province")


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
    has = state.form.member_fields
    for n in names:
        if n not in has:
            return range(0)
    return range(len(state.members))


@rule("head_count", ERROR, "每户必须有且只有一位户主，现有 {count} 位，请改正与户主关系",
      "a household needs exactly one head (户主); it has {count}: correct the relations")
def _head_count(state: HouseholdState) -> Iterator[Hit]:
    if not state.form.has(RELATION, HEAD, member=True):
        return
    heads = [m for m in state.members if m.get(RELATION) == HEAD]
    if len(heads) != 1:
        yield Hit(None, RELATION, {"count": len(heads)})


@rule("dup_id_in_household", ERROR, "证件号码与第{other}位成员相同",
      "the same ID number as member {other}")
def _dup_id(state: HouseholdState) -> Iterator[Hit]:
    first: dict[str, int] = {}
    members = state.members
    for i in _members(state, ID_NUMBER):
        number = members[i].get(ID_NUMBER)
        if number is None or is_empty(number):
            continue
        if number in first:
            yield Hit(i, ID_NUMBER, {"other": first[number] + 1})
        else:
            first[number] = i


@rule("2_02_001", WARNING, "户主与配偶性别相同，请核对证件号码或与户主关系",
      "the head and the spouse are of the same sex; check the ID numbers or the relation")
def _head_spouse_sex(state: HouseholdState) -> Iterator[Hit]:
    members = _members(state, RELATION, SEX)
    values = state.members
    heads = [values[i].get(SEX) for i in members if values[i].get(RELATION) == HEAD]
    if len(heads) != 1 or heads[0] is None:
        return
    for i in members:
        if values[i].get(RELATION) == SPOUSE and values[i].get(SEX) == heads[0]:
            yield Hit(i, RELATION)


@rule("id_sex_mismatch", ERROR, "填写的性别“{typed}”与证件号码不符（应为{derived}）",
      "the sex entered ({typed}) disagrees with the ID number ({derived})")
def _sex_mismatch(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, SEX):
        typed, derived = state.member_raw[i].get(SEX), state.members[i].get(SEX)
        if typed is not None and not is_empty(typed) and derived is not None and typed != derived:
            label = state.form.question(SEX, member=True).choices
            yield Hit(i, SEX, {"typed": label.label(shown(typed)) if label else shown(typed),
                               "derived": label.label(derived) if label else derived})


@rule("id_birth_mismatch", ERROR, "填写的出生日期 {typed} 与证件号码不符（应为 {derived}）",
      "the birth date entered ({typed}) disagrees with the ID number ({derived})")
def _birth_mismatch(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, BIRTH_DATE):
        typed, derived = state.member_raw[i].get(BIRTH_DATE), state.members[i].get(BIRTH_DATE)
        if typed is not None and not is_empty(typed) and derived is not None and to_date(typed) != derived:
            yield Hit(i, BIRTH_DATE, {"typed": shown(typed), "derived": derived.isoformat()})


@rule("edu_xor_student", ERROR, "文化程度和在校生状况必须填写且只填写其中一项（现填写 {count} 项）",
      "exactly one of education and school status must be filled ({count} filled)",
      covers=(EDUCATION, STUDENT_STATUS))
def _edu_xor_student(state: HouseholdState) -> Iterator[Hit]:
    for i in _members(state, EDUCATION, STUDENT_STATUS):
        raw = state.member_raw[i]
        filled = (not is_empty(raw.get(EDUCATION))) + (not is_empty(raw.get(STUDENT_STATUS)))
        if filled != 1:
            student = raw.get(IS_STUDENT) == "yes"
            yield Hit(i, STUDENT_STATUS if student else EDUCATION, {"count": filled})


@rule("place_region", WARNING, "务工所在地“{place}”与务工地域“{region}”不符，请核对；无误请填写说明",
      "the place of work {place!r} does not fit the work region {region!r}; check, and if it "
      "is right give a reason")
def _place_region(state: HouseholdState) -> Iterator[Hit]:
    """务工所在地 against 务工地域: a place in another province while the region says the
    county or the province, one in the home province while it says 省外, or any mainland
    province while it says 国外. The home province is the village code's first two digits."""
    form = state.form
    if not (form.has(WORK_REGION, member=True) and form.has(WORK_PLACE, member=True)):
        return
    home = PROVINCES.get(str(state.values.get(VILLAGE_CODE) or "")[:2])
    regions = form.question(WORK_REGION, member=True).choices
    for i, values in enumerate(state.members):
        region, place = values.get(WORK_REGION), values.get(WORK_PLACE)
        chosen = places.province(values.get(WORK_PROVINCE)) if values.get(WORK_PROVINCE) else None
        if chosen is not None:  # the province picked from the list, else the one the text names
            province = "" if chosen.code in places.OUTSIDE else chosen.short
            place = chosen.name + (c.name if (c := places.city(values.get(WORK_CITY))) and
                                   c.name != chosen.name else "")
        else:
            province = place_province(place)
        if not province or not isinstance(region, str):
            continue
        wrong = (region == "abroad"
                 or (home is not None and region in IN_PROVINCE_REGIONS and province != home)
                 or (home is not None and region == "out_of_province" and province == home))
        if wrong:
            yield Hit(i, WORK_PLACE, {"place": shown(place)[:40],
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
