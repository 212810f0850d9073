"""Matching people to job postings (issue 21; docs/forms.md "Job matching", decision 51).

Who is matched: a person of working age (16 to 64) who is not in school and who either is
unemployed or wants a job (就业意愿 是). Their wishes are read from the record as it is:
意向工种 and 工种 as a code of the 工种 list, or — for a record saved before the list — its
free text read through the keyword table (forms/trades.py); a text no keyword reads counts
as "no trade" and is counted (`MatchRun.unread_trades`).

For each pair, *hard filters* first: the posting is open on the day (not closed, closing date
not passed), the person's age is within its ages, their sex fits its 性别要求, their 文化程度
is at least its 学历要求 (an unknown level fails a posting that asks for one). Then a *score*
out of 100, the sum of:

| part | points |
|---|---|
| trade | 40 when the posting's 工种 is the person's 意向工种; 25 when it is the trade they work in or want training in; 10 when either side is 其他 or the person named no trade; else 0 |
| area | 25 × how well the place fits 意向地域: in the county for 乡内/县内 (a place in the home city half), in the province for 省内, outside it for 省外 (a place nearer 0.6); no wish 0.5 |
| pay | 20 × the posting's lower pay (else its upper) / 8,000 yuan, at most 20; 5 when it names none |
| distance | 15 in the home county, 12 in the home city, 8 in the home province, 3 further |

A pair is listed when it passes the filters and scores at least `MIN_SCORE`; a person's
postings are ranked by score, then pay, then the posting's id (stable output). Each listed
pair carries its reasons (意向工种相符, 在意向地域内, 月薪 …).

Home is the village's province (the first two digits of its code) and its prefecture city
(`places.city` of its first four digits); the county is matched by name (工作区县
equal to the county's name).

Speed: people with the same profile (trades, wish, sex, education, and an age between the
same postings' age bounds) share one ranking,
and postings are grouped by (trade, distance) and sorted by the rest of their score, so a
ranking visits a few postings of each group (bench: `jobs_match`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai.forms import idnumber, places, trades
from mopai.sync.jobs import EDUCATION, EDUCATION_NAMES, SEX_NAMES, Posting

from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .source import area_names, place_name

MIN_SCORE = 40
TOP = 5
AGE_MIN, AGE_MAX = 16, 64
PAY_REF = 8000
W_TRADE, W_AREA, W_PAY, W_DISTANCE = 40, 25, 20, 15
DISTANCE_POINTS = (15, 12, 8, 3)   # by tier: county, city, province, further
TIER_NAMES = ("本县", "本市", "本省", "省外")
REGION_NAMES = {"in_township": "乡镇内", "in_county": "县内", "in_province": "省内",
                "out_of_province": "省外", "abroad": "国外"}
_RANK = {code: i for i, code in enumerate(EDUCATION)}
_PROVINCE_CODES = {name: code for code, name in places.PROVINCES.items()}


@dataclass(frozen=True)
class Person:
    """One person to match, as read from their household's record."""

    uuid: str
    household_uuid: str
    village_code: str
    household_no: str
    name: str
    id_number: str
    age: int
    sex: str                     # male | female | ""
    education: str               # a code of the form's list, "" unknown
    wished: str | None           # 意向工种 as a code, None: none given or not readable
    known: frozenset[str]        # trades they work in or want training in
    region: str                  # 意向地域, "" none
    status: str                  # 就业状态
    phone: str = ""
    wished_text: str = ""        # the free text of 意向工种 (kept beside the code)

    def profile(self, age_class: int) -> tuple[Any, ...]:
        return (self.wished, self.known, self.region, self.sex, age_class, self.education)


@dataclass(frozen=True)
class Home:
    """Where the people live: province code, city name (None: unknown) and county name."""

    province: str
    city: str | None = None
    county: str = ""

    @classmethod
    def of(cls, village_code: str, county_name: str = "") -> Home:
        found = places.city(village_code[:4])  # the prefecture city (forms/places.csv)
        return cls(village_code[:2], found.name if found else None, county_name)


@dataclass(frozen=True)
class Match:
    posting: Posting
    score: int
    reasons: tuple[str, ...]


@dataclass
class MatchRun:
    """What a run matched: per person their postings, and what it could not read."""

    people: list[tuple[Person, list[Match]]] = field(default_factory=list)
    candidates: int = 0
    unread_trades: int = 0       # wishes given as text no keyword of the 工种 list reads
    postings: int = 0


# -- reading people from records --------------------------------------------------------------
def trade_answer(fields: Mapping[str, Any], name: str) -> tuple[str | None, str]:
    """(code, text) of a trade question: a code as the form saves it, else the text (its
    `_text` companion, or an answer saved as free text before the code list) read through
    the keyword table."""
    value = fields.get(name)
    text = fields.get(f"{name}_text")
    text = text if isinstance(text, str) else ""
    if isinstance(value, str) and value in trades.NAMES:
        return value, text
    if isinstance(value, str) and value.strip():
        text = text or value
    return trades.code_trade(text), text


def person_of(household: Mapping[str, Any], member: Mapping[str, Any], today: dt.date
              ) -> tuple[Person | None, bool]:
    """The person to match, or None when they are not looked for a job for; and whether
    their wish was text the keyword table does not read."""
    f = member.get("fields") or {}
    if not isinstance(f, dict):
        return None, False
    status = f.get("employment_status") or ""
    if f.get("is_student") == "yes" or not (status == "unemployed" or f.get("wants_job") == "yes"):
        return None, False
    info = idnumber.inspect(str(f.get("id_number") or ""), today)
    birth = info.birth_date
    if birth is None:
        return None, False
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if not AGE_MIN <= age <= AGE_MAX:
        return None, False
    wished, text = trade_answer(f, "desired_job")
    known = {t for t in (trade_answer(f, "job_type")[0], trade_answer(f, "desired_training")[0])
             if t and t != trades.OTHER}
    hf = household.get("fields") or {}
    person = Person(
        uuid=str(member.get("uuid") or ""), household_uuid=str(household.get("uuid") or ""),
        village_code=str(hf.get("village_code") or ""),
        household_no=str(hf.get("household_no") or ""), name=str(f.get("name") or ""),
        id_number=str(f.get("id_number") or ""), age=age, sex=info.sex or "",
        education=f.get("education") if f.get("education") in _RANK else "",
        wished=wished, known=frozenset(known), region=str(f.get("desired_region") or ""),
        status=str(status), phone=str(f.get("phone") or hf.get("phone") or ""),
        wished_text=text)
    return person, bool(text) and wished is None


def people_of(states: Iterable[Mapping[str, Any]], today: dt.date,
              unread: list[int] | None = None) -> Iterator[Person]:
    """The people to match of `states` (household records); `unread[0]` counts the wishes
    given as text no keyword reads."""
    for state in states:
        for member in state.get("members") or []:
            if not isinstance(member, dict):
                continue
            person, not_read = person_of(state, member, today)
            if unread is not None and not_read:
                unread[0] += 1
            if person is not None:
                yield person


# -- scoring ----------------------------------------------------------------------------------
def tier(posting: Posting, home: Home) -> int:
    """0 the home county, 1 its city, 2 its province, 3 further."""
    if _PROVINCE_CODES.get(posting.province) != home.province:
        return 3
    if _same(posting.district, home.county):
        return 0
    return 1 if _same(posting.city, home.city) else 2


def _same(a: str | None, b: str | None) -> bool:
    """The same place, written with or without its suffix (芷江县, 芷江; 怀化市, 怀化)."""
    return bool(a and b) and (a == b or a.rstrip("县区市州") == b.rstrip("县区市州"))


def area_fit(region: str, t: int) -> float:
    if not region:
        return 0.5
    if region in ("in_township", "in_county"):
        return (1.0, 0.5, 0.0, 0.0)[t]
    if region == "in_province":
        return 1.0 if t < 3 else 0.0
    if region == "out_of_province":
        return 1.0 if t == 3 else 0.6
    return 0.0  # abroad: no posting is abroad


def _points(score: float) -> int:
    """A score as shown: rounded half up (12.5 → 13), the same way everywhere."""
    return int(score + 0.5)


def trade_points(person: Person, trade: str) -> int:
    if person.wished == trade:
        return W_TRADE
    if trade in person.known:
        return 25
    if person.wished in (None, trades.OTHER) or trade == trades.OTHER:
        return 10
    return 0


def pay_points(p: Posting) -> float:
    pay = p.pay_min if p.pay_min is not None else p.pay_max
    return 5.0 if pay is None else min(1.0, pay / PAY_REF) * W_PAY


def fits(person: Person, p: Posting) -> bool:
    """The hard filters (the posting is open: checked by the caller)."""
    if p.age_min is not None and person.age < p.age_min:
        return False
    if p.age_max is not None and person.age > p.age_max:
        return False
    if p.sex and person.sex != p.sex:
        return False
    return not p.education or _RANK.get(person.education, -1) >= _RANK[p.education]


def reasons(person: Person, p: Posting, t: int) -> tuple[str, ...]:
    out = []
    name = trades.name(p.trade)
    if person.wished == p.trade:
        out.append(f"意向工种相符（{name}）")
    elif p.trade in person.known:
        out.append(f"做过或想学{name}")
    else:
        out.append(f"工种：{name}")
    fit = area_fit(person.region, t)
    wish = REGION_NAMES.get(person.region, "")
    out.append(f"工作地{TIER_NAMES[t]}" + (f"，在意向地域（{wish}）内" if fit >= 1.0
                                         else f"，意向{wish}" if wish else ""))
    if p.pay_min is not None or p.pay_max is not None:
        pay = "–".join(str(v) for v in (p.pay_min, p.pay_max) if v is not None)
        out.append(f"月薪{pay}元")
    if p.age_min is not None or p.age_max is not None or p.sex or p.education:
        out.append("年龄、性别、学历符合要求")
    return tuple(out)


@dataclass
class _Group:
    trade: str
    tier: int
    postings: list[tuple[float, Posting]]   # (pay + distance points, posting), best first


class Matcher:
    """Open postings prepared once, ranked for many people (cached by profile)."""

    def __init__(self, postings: Iterable[Posting], home: Home, *, today: dt.date | None = None,
                 top: int = TOP, min_score: int = MIN_SCORE) -> None:
        self.home, self.top, self.min_score = home, top, min_score
        day = (today or dt.date.today()).isoformat()
        self.postings = [p for p in postings if p.is_open(day)]
        groups: dict[tuple[str, int], _Group] = {}
        self.tiers: dict[str, int] = {}
        for p in self.postings:
            t = self.tiers[p.job_id] = tier(p, home)
            g = groups.setdefault((p.trade, t), _Group(p.trade, t, []))
            g.postings.append((pay_points(p) + DISTANCE_POINTS[t], p))
        for g in groups.values():
            g.postings.sort(key=lambda bp: (-bp[0], -(bp[1].pay_max or 0), bp[1].job_id))
        self.groups = list(groups.values())
        # Ages only filter: people whose ages fall between the same postings' bounds rank alike.
        self._ages = sorted({p.age_min for p in self.postings if p.age_min is not None}
                            | {p.age_max + 1 for p in self.postings if p.age_max is not None})
        self._cache: dict[tuple[Any, ...], list[Match]] = {}

    def _score(self, person: Person, p: Posting) -> float:
        t = self.tiers[p.job_id]
        return (trade_points(person, p.trade) + W_AREA * area_fit(person.region, t)
                + pay_points(p) + DISTANCE_POINTS[t])

    def for_person(self, person: Person) -> list[Match]:
        """The person's best postings (shared by everyone of the same profile: the reasons
        too, which say nothing that differs between them). Do not change the list."""
        key = person.profile(bisect.bisect_right(self._ages, person.age))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = [Match(p, _points(s), reasons(person, p, self.tiers[p.job_id]))
                                        for s, p in self._rank(person)]
        return found

    def _rank(self, person: Person) -> list[tuple[float, Posting]]:
        bounds = []
        for g in self.groups:
            offset = trade_points(person, g.trade) + W_AREA * area_fit(person.region, g.tier)
            bounds.append((offset + g.postings[0][0], offset, g))
        bounds.sort(key=lambda b: -b[0])
        best: list[tuple[float, Posting]] = []
        for bound, offset, g in bounds:
            if bound < self.min_score or (len(best) >= self.top and bound < best[-1][0]):
                break
            taken = 0
            floor = best[-1][0] if len(best) >= self.top else self.min_score
            for base, p in g.postings:
                score = offset + base
                if score < floor:
                    break
                if fits(person, p):
                    best.append((score, p))
                    taken += 1
                    if taken >= self.top:
                        break
            best.sort(key=lambda sp: (-sp[0], -(sp[1].pay_max or 0), sp[1].job_id))
            del best[self.top:]
        return best

    def for_posting(self, posting: Posting, people: Iterable[Person]) -> list[tuple[Person, Match]]:
        """The people who fit `posting`, best first (score, then ID order)."""
        if posting.job_id not in self.tiers:
            return []
        out = []
        t = self.tiers[posting.job_id]
        for person in people:
            if fits(person, posting):
                score = self._score(person, posting)
                if score >= self.min_score:
                    out.append((person, Match(posting, _points(score), reasons(person, posting, t))))
        out.sort(key=lambda pm: (-pm[1].score, pm[0].village_code, pm[0].household_no,
                                 pm[0].uuid))
        return out


# -- over a store -----------------------------------------------------------------------------
def _county_name(store: Any) -> str:
    own = store.workspace.code or ""
    names = area_names(store)
    return names.get(own[:6]) or place_name(store, own[:6], names) if own else ""


def match_store(store: Any, *, village: str = "", today: dt.date | None = None,
                top: int = TOP, progress: Callable[[int, int, str], None] | None = None
                ) -> MatchRun:
    """Every person to match of the store (or of `village`, a village or township code) with
    their best open postings of the store (`store.jobs`)."""
    today = today or dt.date.today()
    area = village or store.workspace.code or ""
    postings = store.jobs.list(area=area if len(area) >= 9 else "")
    home = Home.of((area + "000000000000")[:12], _county_name(store))
    matcher = Matcher(postings, home, today=today, top=top)
    unread = [0]
    run = MatchRun(postings=len(matcher.postings))
    for person in people_of(store.households.states(area=village), today, unread):
        run.candidates += 1
        found = matcher.for_person(person)
        if found:
            run.people.append((person, found))
        if progress and run.candidates % 1000 == 0:
            progress(run.candidates, 0, "")
    run.unread_trades = unread[0]
    return run


def person_matches(store: Any, household: Mapping[str, Any], member_uuid: str, *,
                   today: dt.date | None = None, top: int = TOP) -> tuple[Person | None, list[Match]]:
    """One person's best postings (the village app's panel): the person as matched (None when
    they are not someone a job is looked for) and their postings."""
    today = today or dt.date.today()
    member = next((m for m in household.get("members") or []
                   if isinstance(m, dict) and m.get("uuid") == member_uuid), None)
    if member is None:
        return None, []
    person, _ = person_of(household, member, today)
    if person is None:
        return None, []
    home = Home.of(person.village_code or store.workspace.code or "", _county_name(store))
    matcher = Matcher(store.jobs.list(area=person.village_code), home, today=today, top=top)
    return person, matcher.for_person(person)


# -- out --------------------------------------------------------------------------------------
def to_json(run: MatchRun) -> dict[str, Any]:
    return {"postings": run.postings, "candidates": run.candidates,
            "unread_trades": run.unread_trades,
            "people": [{"member_uuid": p.uuid, "household_uuid": p.household_uuid,
                        "village_code": p.village_code, "household_no": p.household_no,
                        "name": p.name, "age": p.age, "desired_job": p.wished,
                        "matches": [{"job_id": m.posting.job_id, "employer": m.posting.employer,
                                     "title": m.posting.title, "score": m.score,
                                     "reasons": list(m.reasons)} for m in found]}
                       for p, found in run.people]}


def match_spec(place: str) -> SheetSpec:
    return SheetSpec("岗位推荐", f"{place}岗位推荐名单",
                     [Col("序号", 6, INTEGER), Col("行政村", 12), Col("户编号", 10),
                      Col("姓名", 10), Col("年龄", 6, INTEGER), Col("意向工种", 12),
                      Col("名次", 6, INTEGER), Col("用工单位", 20), Col("岗位名称", 16),
                      Col("工种", 12), Col("工作地点", 18), Col("月薪（元）", 12),
                      Col("匹配分", 8, INTEGER), Col("推荐理由", 40, wrap=True),
                      Col("联系电话", 14)], 4)


def match_rows(run: MatchRun, names: Mapping[str, str]) -> Iterator[list[Any]]:
    n = 0
    for person, found in run.people:
        for rank, m in enumerate(found, start=1):
            n += 1
            p = m.posting
            pay = "–".join(str(v) for v in (p.pay_min, p.pay_max) if v is not None)
            yield [n, names.get(person.village_code, person.village_code), person.household_no,
                   person.name, person.age,
                   trades.name(person.wished) or person.wished_text, rank, p.employer, p.title,
                   trades.name(p.trade), p.place, pay, m.score, "；".join(m.reasons), p.phone]


def match_workbook(store: Any, out: Path, run: MatchRun, *, village: str = "") -> int:
    names = area_names(store)
    place = place_name(store, village, names)
    notes = [f"匹配对象：16至64岁、不在校、未就业或有就业意愿的人；每人列出匹配分不低于{MIN_SCORE}"
             f"的前{TOP}个在招岗位。匹配分满分100：工种{W_TRADE}、地域{W_AREA}、月薪{W_PAY}、"
             f"离家远近{W_DISTANCE}；年龄、性别、学历不符的岗位不列出（docs/forms.md）",
             f"在招岗位 {run.postings} 个，匹配对象 {run.candidates} 人，"
             f"意向工种文字未能归入工种表 {run.unread_trades} 人"]
    with open_workbook(out) as wb:
        return write_sheet(wb, match_spec(place), match_rows(run, names), unit=place,
                           as_of=dt.date.today().isoformat(), notes=notes)


def posting_rows(postings: Sequence[Posting]) -> list[list[Any]]:
    """For `mopai jobs list`: one line of text each."""
    return [[p.job_id, p.status, p.area, p.employer, p.title, trades.name(p.trade), p.place,
             "–".join(str(v) for v in (p.pay_min, p.pay_max) if v is not None),
             SEX_NAMES.get(p.sex, ""), EDUCATION_NAMES.get(p.education, ""), p.deadline]
            for p in postings]
