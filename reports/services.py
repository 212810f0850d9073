"""The "311" service figures (issue 21): who gets 311, whether this year's 3 pushes, 1 guidance
and 1 training referral are done, by person, household, village and township; the 岗位推荐台账
(every push with its posting, date and outcome); the list of people still missing services,
grouped by 帮扶责任人 (`mopai services missing`). docs/forms.md, "311 services".

Who gets 311: a 劳动力 whose 就业状态 is 未就业, or a 劳动力 of a 脱贫户 or 监测户 (the field
reports' "贫困劳动力"; the 监测户 are the same 防返贫 target group the reports count with the
脱贫户). The year is the calendar year of the day the figures are for (the county's today,
or a report's 统计时点); records count from 1 January to that day, as they stood at its end.

Households are read through the store's facade and evaluated under the current form; only
those that can hold someone who gets 311 (a 脱贫户 or 监测户, or a member whose 就业状态 is 未就业)
are evaluated, so the figures cost little beside the summary's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai import forms
from mopai.sync.services import GUIDANCE, JOB_PUSH, STARTUP, TRAINING, ServiceRecord

from .layout import INTEGER, PERCENT, Col, SheetSpec, open_workbook, write_sheet
from .source import area_names, checked_area, checked_day, facts, place_name, records

NEED = {JOB_PUSH: 3, GUIDANCE: 1, TRAINING: 1}   # what 311 asks for, per person and year
NEED_ZH = {JOB_PUSH: "岗位推送", GUIDANCE: "职业指导", TRAINING: "培训引导"}
POVERTY_TYPES = ("poverty_alleviated", "monitored")


@dataclass
class Person311:
    """One person who gets 311, with this year's services."""

    village_code: str
    household_uuid: str
    household_no: str
    head_name: str
    helper_name: str
    helper_phone: str
    member_uuid: str
    name: str
    id_number: str
    why: str                                  # 未就业 / 脱贫户 / 监测户 (、-joined)
    done: dict[str, int] = field(default_factory=dict)   # kind -> records this year

    @property
    def met(self) -> bool:
        return all(self.done.get(k, 0) >= n for k, n in NEED.items())

    @property
    def missing(self) -> str:
        """What is still missing, in words: 岗位推送2次、职业指导1次 ("" when met)."""
        return "、".join(f"{NEED_ZH[k]}{n - self.done.get(k, 0)}次" for k, n in NEED.items()
                        if self.done.get(k, 0) < n)

    def to_dict(self) -> dict[str, Any]:
        return {"village_code": self.village_code, "household_uuid": self.household_uuid,
                "household_no": self.household_no, "member_uuid": self.member_uuid,
                "name": self.name, "id_number": self.id_number, "why": self.why,
                "helper_name": self.helper_name, "done": dict(self.done), "met": self.met,
                "missing": self.missing}


@dataclass
class Area311:
    """311 figures of a village, a township or the whole."""

    people: int = 0            # who get 311
    people_met: int = 0
    households: int = 0        # households with someone who gets 311
    households_met: int = 0    # … where everyone's 311 is met
    measures_clear: int = 0    # 脱贫户/监测户 whose 具体帮扶措施清 holds with the records
    poverty_households: int = 0
    # 脱贫户/监测户 whose 帮扶措施 is answered (具体帮扶措施清 by the record alone) but someone
    # who gets 311 has no service record this year; of them, those clear on all five by the
    # record alone: what the 五清 figures take off (`with_records`)
    measures_unserved: int = 0
    clear_unserved: int = 0
    done: dict[str, int] = field(default_factory=dict)   # kind -> records this year

    def add(self, other: Area311) -> None:
        for name in ("people", "people_met", "households", "households_met", "measures_clear",
                     "poverty_households", "measures_unserved", "clear_unserved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, n in other.done.items():
            self.done[k] = self.done.get(k, 0) + n

    @property
    def share(self) -> float | None:
        return self.people_met / self.people if self.people else None


@dataclass
class Figures311:
    day: dt.date
    people: list[Person311]
    villages: dict[str, Area311]
    pushes: list[tuple[Person311 | None, ServiceRecord]]   # every job push this year

    def townships(self) -> dict[str, Area311]:
        out: dict[str, Area311] = {}
        for code, a in self.villages.items():
            out.setdefault(code[:9], Area311()).add(a)
        return out

    def total(self) -> Area311:
        out = Area311()
        for a in self.villages.values():
            out.add(a)
        return out


def _may_need(record: dict[str, Any]) -> bool:
    """Whether a household can hold someone who gets 311 (a cheap superset, before evaluating)."""
    if (record.get("fields") or {}).get("household_type") in POVERTY_TYPES:
        return True
    return any((m.get("fields") or {}).get("employment_status") == "unemployed"
               for m in record.get("members") or [])


def household_311(f: Any) -> list[Any] | None:  # noqa: ANN401 - reports.source.Facts
    """What a complete household adds to the 311 figures, kept with its report facts (the
    ``s`` of reports/facts.py's main part) so the summary need not evaluate it again: [in a
    脱贫户 or 监测户 (0/1), its 帮扶措施 answered (0/1), household_no, head, helper name,
    helper phone, [[member uuid, name, ID number, why], …] of those who get 311, clear on all
    five 五清 items by the record alone (0/1)]; None for a draft (the figures are of complete
    records, decision 33)."""
    record = f.record
    if record.get("status") != "complete":
        return None
    ind, fields = f.indicators, record["fields"]
    people = []
    for p in ind.persons:
        unemployed = p.labour_force and p.employment_status == "unemployed"
        if not (p.labour_force and (unemployed or p.poverty)):
            continue
        member = record["members"][p.member_index]
        why = "、".join(w for w, yes in (("未就业", unemployed),
                                         ("脱贫户", ind.poverty_alleviated),
                                         ("监测户", ind.monitored)) if yes)
        people.append([p.member_uuid or "", str(member["fields"].get("name") or ""),
                       str(member["fields"].get("id_number") or ""), why])
    return [int(bool(ind.poverty)), int(bool(ind.five_clear.get("help_measures", False))),
            str(fields.get("household_no") or ""), _head(record),
            str(fields.get("helper_name") or ""), str(fields.get("helper_phone") or ""), people,
            int(bool(ind.five_clear_all))]


def _households(store: Any, rf: Any, area: str, as_of: dt.date | None,  # noqa: ANN401
                settings: forms.CountySettings, day: dt.date
                ) -> Iterator[tuple[str, str, list[Any] | None]]:
    """(household uuid, village, `household_311`) of the households under `area`: from the
    kept village entries when `rf` (refreshed for today) is given (only those that count,
    and an empty one per village with complete households), else evaluated here."""
    if rf is not None and as_of is None:
        # the village entries list their households' 311 entries: 300 entries read for a
        # county, not 150,000 households
        for village, entry in rf.villages("", area):
            if entry["a"].get("households"):   # complete households: an area of the figures
                yield "", village, [0, 0, "", "", "", "", [], 0]
            for uuid, *s in entry.get("s", ()):
                yield uuid, village, s
        return
    form = store.forms.current().form
    for record in records(store, as_of=as_of, area=area or None, settings=settings):
        v = str(record["fields"].get("village_code") or "")
        if record.get("status") != "complete":
            yield str(record["uuid"]), v, None
        elif not _may_need(record):
            yield str(record["uuid"]), v, [0, 0, "", "", "", "", [], 0]
        else:
            yield str(record["uuid"]), v, household_311(
                facts(record, form=form, settings=settings, today=day))


def figures(store: Any, *, area: str = "", as_of: dt.date | None = None,  # noqa: ANN401
            settings: forms.CountySettings | None = None, kept_facts: Any = None
            ) -> Figures311:
    """The 311 figures of the households under `area`, now or as of the end of `as_of`;
    with `kept_facts` (reports.facts.ReportFacts, refreshed) a report of today reads what it
    keeps instead of evaluating every household again."""
    from mopai.sync.county_settings import load

    settings = settings or load(store)
    as_of = checked_day(settings, as_of)
    day = as_of or settings.today()
    kept = store.services.records(area, as_of=as_of, settings=settings)
    return figures_of(_households(store, kept_facts, area, as_of, settings, day), kept, day)


def figures_of(households: Iterable[tuple[str, str, list[Any] | None]],
               kept: list[ServiceRecord], day: dt.date) -> Figures311:
    """The 311 figures on `day` of the given (household uuid, village, `household_311`)
    entries and the current service records `kept` (those after `day` are left out): what
    `figures` and the county dashboard (reports/figures.py, from the entries it already
    holds) both compute."""
    year_start = dt.date(day.year, 1, 1).isoformat()
    by_member: dict[str, list[ServiceRecord]] = {}
    for r in kept:
        if year_start <= r.date <= day.isoformat():
            by_member.setdefault(r.member_uuid, []).append(r)
    people: list[Person311] = []
    villages: dict[str, Area311] = {}
    who: dict[str, Person311] = {}
    for uuid, v, entry in households:
        if entry is None:
            continue  # a draft: the figures are of complete records (decision 33)
        a = villages.setdefault(v, Area311())
        poverty, measures, household_no, head, helper, phone, entitled, all_clear = entry
        mine = []
        for member_uuid, name, id_number, why in entitled:
            done: dict[str, int] = {}
            for r in by_member.get(member_uuid, []):
                done[r.kind] = done.get(r.kind, 0) + 1
            person = Person311(v, uuid, household_no, head, helper, phone, member_uuid, name,
                               id_number, why, done)
            mine.append(person)
            who[person.member_uuid] = person
        people += mine
        a.people += len(mine)
        a.people_met += sum(p.met for p in mine)
        a.households += bool(mine)
        a.households_met += bool(mine) and all(p.met for p in mine)
        for p in mine:
            for k, n in p.done.items():
                a.done[k] = a.done.get(k, 0) + n
        if poverty:
            a.poverty_households += 1
            # 具体帮扶措施清 with the records: the measures answered, and everyone of the
            # household who gets 311 served at least once this year
            served = all(sum(p.done.values()) > 0 for p in mine)
            a.measures_clear += bool(measures) and served
            a.measures_unserved += bool(measures) and not served
            a.clear_unserved += bool(measures) and not served and bool(all_clear)
    people.sort(key=lambda p: (p.village_code, p.household_no, p.household_uuid, p.name))
    pushes = [(who.get(r.member_uuid), r) for r in kept if r.kind == JOB_PUSH
              and year_start <= r.date <= day.isoformat()]
    return Figures311(day, people, villages, pushes)


MEASURES = "clear:help_measures"   # 具体帮扶措施清 among a village's kept counts (reports/facts.py)


def with_records(counts: dict[str, int], area: Area311 | None) -> dict[str, int]:
    """A village's (or any area's) kept counts with 具体帮扶措施清 following the 311 records:
    a 脱贫户 or 监测户 whose 帮扶措施 is answered but someone of whom who gets 311 has no
    service record this year is not clear on that item, nor on all five (docs/forms.md,
    "五清"). The counts are not changed; a new dict when something is taken off."""
    if area is None or not area.measures_unserved:
        return counts
    out = dict(counts)
    out[MEASURES] = out.get(MEASURES, 0) - area.measures_unserved
    out["five_clear_households"] = out.get("five_clear_households", 0) - area.clear_unserved
    return out


def _head(record: dict[str, Any]) -> str:
    for m in record.get("members") or []:
        if (m.get("fields") or {}).get("relation") == "head":
            return str(m["fields"].get("name") or "")
    return ""


# -- sheets -----------------------------------------------------------------------------------
AREA_COLS = [Col("应开展311服务人数", 11, INTEGER), Col("已完成311人数", 10, INTEGER),
             Col("311完成率", 9, PERCENT), Col("涉及户数", 8, INTEGER),
             Col("311全部完成户数", 10, INTEGER), Col("岗位推送（次）", 9, INTEGER),
             Col("职业指导（次）", 9, INTEGER), Col("培训引导（次）", 9, INTEGER),
             Col("创业服务（次）", 9, INTEGER), Col("脱贫户和监测户", 9, INTEGER),
             Col("具体帮扶措施清（含服务记录）户数", 14, INTEGER)]
NOTE = ("应开展311服务：未就业的劳动力，以及脱贫户、监测户的劳动力；每人每年岗位推送3次、"
        "职业指导1次、培训引导1次即为完成；服务次数为当年1月1日至统计时点的服务记录；"
        "具体帮扶措施清（含服务记录）：脱贫户、监测户已填帮扶措施，且户内应开展311服务的人当年"
        "至少有一条服务记录")


def _area_cells(a: Area311) -> list[Any]:
    return [a.people, a.people_met, a.share, a.households, a.households_met,
            a.done.get(JOB_PUSH, 0), a.done.get(GUIDANCE, 0), a.done.get(TRAINING, 0),
            a.done.get(STARTUP, 0), a.poverty_households, a.measures_clear]


def area_rows(fig: Figures311, names: dict[str, str]) -> Iterator[list[Any]]:
    """By village, a subtotal per township, and the total."""
    towns = fig.townships()
    for t in sorted(towns):
        for v in sorted(c for c in fig.villages if c[:9] == t):
            yield [names.get(t, t), names.get(v, v), v, *_area_cells(fig.villages[v])]
        yield [names.get(t, t), "小计", t, *_area_cells(towns[t])]
    yield ["合计", None, None, *_area_cells(fig.total())]


def area_spec(place: str) -> SheetSpec:
    return SheetSpec("311服务", f"{place}“311”就业服务情况表",
                     [Col("乡镇", 12), Col("行政村", 12), Col("代码", 15), *AREA_COLS], 3,
                     measure="人、户、次")


def push_spec(place: str) -> SheetSpec:
    return SheetSpec("岗位推荐台账", f"{place}岗位推荐台账",
                     [Col("序号", 6, INTEGER), Col("乡镇", 10), Col("行政村", 10),
                      Col("户编号", 8), Col("姓名", 10), Col("证件号码", 21),
                      Col("推送日期", 11), Col("岗位编号", 38), Col("推送人", 10),
                      Col("结果", 8), Col("用工单位", 18), Col("上岗日期", 11),
                      Col("未成功原因", 18, wrap=True), Col("备注", 20, wrap=True)], 5,
                     measure="次")


def push_rows(fig: Figures311, names: dict[str, str]) -> Iterator[list[Any]]:
    rows = sorted(fig.pushes, key=lambda pr: (pr[1].village_code, pr[1].date, pr[1].name))
    for n, (p, r) in enumerate(rows, start=1):
        v = r.village_code
        yield [n, names.get(v[:9], v[:9]), names.get(v, v), p.household_no if p else "",
               r.name, r.id_number, r.date, r.job_id, r.served_by, r.outcome_zh, r.employer,
               r.placed_on, r.reason, r.note]


PUSH_NOTE = ("当年1月1日至统计时点的每一次岗位推送；岗位编号为县、乡镇发布的岗位信息的编号；"
             "结果为最近一次登记的结果")


def write_sheets(wb: Any, store: Any, fig: Figures311, *, place: str, unit: str,  # noqa: ANN401
                 when: str, names: dict[str, str]) -> dict[str, int]:
    """The 311 sheet and the 岗位推荐台账 of the summary workbook."""
    return {
        "311服务": write_sheet(wb, area_spec(place), area_rows(fig, names), unit=unit,
                             as_of=when, notes=[NOTE]),
        "岗位推荐台账": write_sheet(wb, push_spec(place), push_rows(fig, names), unit=unit,
                              as_of=when, notes=[PUSH_NOTE])}


# -- the people still missing services --------------------------------------------------------
def missing_people(fig: Figures311) -> list[Person311]:
    """Who still lacks part of 311, grouped by 帮扶责任人 (those without one last)."""
    return sorted((p for p in fig.people if not p.met),
                  key=lambda p: (not p.helper_name, p.helper_name, p.village_code,
                                 p.household_no, p.name))


def missing_spec(place: str) -> SheetSpec:
    return SheetSpec("311待服务", f"{place}“311”服务未完成人员名单（按帮扶责任人）",
                     [Col("帮扶责任人", 10), Col("责任人电话", 13), Col("序号", 6, INTEGER),
                      Col("乡镇", 10), Col("行政村", 10), Col("户编号", 8), Col("户主", 10),
                      Col("姓名", 10), Col("证件号码", 21), Col("应服务原因", 14),
                      Col("岗位推送（次）", 8, INTEGER), Col("职业指导（次）", 8, INTEGER),
                      Col("培训引导（次）", 8, INTEGER), Col("还差", 26, wrap=True)], 3,
                     measure="人")


def missing_rows(people: Iterable[Person311], names: dict[str, str]) -> Iterator[list[Any]]:
    n = 0
    last = None
    for p in people:
        n = n + 1 if p.helper_name == last else 1   # 序号 counts within each 帮扶责任人
        last = p.helper_name
        v = p.village_code
        yield [p.helper_name or "（未填帮扶责任人）", p.helper_phone, n,
               names.get(v[:9], v[:9]), names.get(v, v), p.household_no, p.head_name, p.name,
               p.id_number, p.why, p.done.get(JOB_PUSH, 0), p.done.get(GUIDANCE, 0),
               p.done.get(TRAINING, 0), p.missing]


def missing_workbook(store: Any, out: Path, *, area: str = "") -> int:  # noqa: ANN401
    """Write the people under `area` still missing 311 services this year to `out`
    (atomically), grouped by 帮扶责任人; returns how many."""
    if area:
        area = checked_area(store, area)
    names = area_names(store)
    place = place_name(store, area, names)
    fig = figures(store, area=area)
    people = missing_people(fig)
    with open_workbook(out) as wb:
        write_sheet(wb, missing_spec(place), missing_rows(people, names), unit=place,
                    as_of=fig.day.isoformat(), notes=[NOTE, "序号在每位帮扶责任人内编排"])
    return len(people)


__all__ = ["NEED", "Area311", "Figures311", "Person311", "figures", "figures_of",
           "missing_people", "missing_workbook", "with_records", "write_sheets"]
