"""The county summary workbook: 汇总, 脱贫户和监测户, 汇总（续）(就业形式, 返乡, 收入, 年龄不详),
意愿和政策, 去向, 分村, 调查进度, 零就业家庭名单, 一库五册, 数据质量, 问题明细, 公益岗核查 (the
公益性岗位 checks of reports/posts.py, in a report of today), 乡镇排名, and
311服务 and 岗位推荐台账 (reports/services.py, from the service records). Figures, lists and rosters are of complete records; drafts are counted apart and each sheet says so
(docs/decisions.md 33).

Figures come from the report facts kept in the store (reports/facts.py): households edited
since, or never computed, are evaluated first (with the entries of their villages); then the
area sheets sum the kept village entries, and each roster sheet streams the villages' kept rows
in village and 户编号 order, so the county's rosters never sit in memory. A report as of a past
day computes the facts of the records as they stood then and keeps the roster rows, to sort
them, in sealed records (sync/spill.py: in memory while small, encrypted beyond).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai import forms
from mopai.forms.indicators import FIVE_CLEAR, AggregateIndicators
from mopai.forms.places import NOT_GIVEN, UNKNOWN
from mopai.sync.areas import listed_counts
from mopai.sync.atomic import replacing
from mopai.sync.expected import Visit, missing
from mopai.sync.spill import SealedRecords

from . import posts
from .errors import ReportNotWritten
from .facts import FINDINGS, ReportFacts
from .household_facts import ZERO_PERSON, add_into, aggregate
from .layout import INTEGER, MONEY, PERCENT, Col, SheetSpec, open_workbook, write_sheet
from .missing import NOTE as MISSING_NOTE
from .missing import missing_rows, missing_spec
from .people import HOUSEHOLD_PREFIX, PERSON_COLUMNS, ROSTERS, fitted
from .progress import SurveyProgress, progress_note, survey_progress
from .services import figures as figures_311
from .services import with_records
from .services import write_sheets as write_311
from .source import (
    add,
    area_names,
    checked_area,
    checked_day,
    place_name,
    ranked,
    records,
    unnamed_note,
)

Progress = Callable[[int, int, str], None]

# A 零就业家庭's 劳动力, one row each (reports/household_facts.zero_cells).
ZERO_COLUMNS = (Col("劳动力姓名", 10), Col("就业状态", 10), Col("未就业原因", 12),
                Col("就业意愿", 8))

DRAFT_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("draft_households", Col("户数", 8, INTEGER, "草稿（未计入）")),
    ("draft_persons", Col("人数", 8, INTEGER, "草稿（未计入）")),
)
FIGURE_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("households", Col("户数", 8, INTEGER)),
    ("persons", Col("人数", 8, INTEGER)),
    ("labour_age", Col("劳动年龄人口", 9, INTEGER)),
    ("labour_force", Col("劳动力", 8, INTEGER, "全部劳动力")),
    ("employed", Col("已就业", 8, INTEGER, "全部劳动力")),
    ("employment_rate", Col("就业率", 9, PERCENT, "全部劳动力")),
    ("poverty_labour_force", Col("劳动力", 8, INTEGER, "脱贫户和监测户")),
    ("poverty_employed", Col("已就业", 8, INTEGER, "脱贫户和监测户")),
    ("poverty_employment_rate", Col("就业率", 9, PERCENT, "脱贫户和监测户")),
    ("transfer_employed", Col("合计", 8, INTEGER, "转移就业")),
    ("region:county", Col("县内", 8, INTEGER, "转移就业")),
    ("region:in_province", Col("县外省内", 8, INTEGER, "转移就业")),
    ("region:out_of_province", Col("省外", 8, INTEGER, "转移就业")),
    ("region:abroad", Col("国外", 8, INTEGER, "转移就业")),
    ("zero_employment_households", Col("零就业家庭", 9, INTEGER)),
    *((f"clear:{item.key}", Col(item.zh, 9, INTEGER, "五清户数")) for item in FIVE_CLEAR),
    ("five_clear_households", Col("五清齐全户", 9, INTEGER, "五清户数")),
    ("five_clear_share", Col("五清率", 9, PERCENT, "五清户数")),
    *DRAFT_COLUMNS,
)

# seed 001's 有劳动能力 / 有就业愿望 / 有培训意愿 / 有创业愿望, side by side (on 意愿和政策, and 分村)
WISH_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("has_capacity", Col("有劳动能力", 9, INTEGER, "劳动能力和意愿")),
    ("wants_job", Col("有就业意愿", 9, INTEGER, "劳动能力和意愿")),
    ("wants_training", Col("有培训意愿", 9, INTEGER, "劳动能力和意愿")),
    ("wants_business", Col("有创业意愿", 9, INTEGER, "劳动能力和意愿")),
    ("wants_job_other", Col("劳动力以外有就业意愿", 12, INTEGER, "劳动能力和意愿")),
)

# 脱贫户 and 监测户 apart, and together (the 合计 the 汇总 sheet shows as 脱贫户和监测户)
POVERTY_COLUMNS: tuple[tuple[str, Col], ...] = tuple(
    (key, Col(title, 9 if fmt == PERCENT else 8, fmt, group))
    for group, prefix in (("脱贫户", "alleviated_"), ("监测户", "monitored_"),
                          ("脱贫户和监测户合计", "poverty_"))
    for key, title, fmt in ((f"{prefix}households", "户数", INTEGER),
                            (f"{prefix}persons", "人数", INTEGER),
                            (f"{prefix}labour_force", "劳动力", INTEGER),
                            (f"{prefix}employed", "已就业", INTEGER),
                            (f"{prefix}employment_rate", "就业率", PERCENT)))

# 汇总（续）: 就业形式, 返乡, 转移就业 income, 年龄不详
MORE_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("public_post", Col("公益性岗位", 9, INTEGER, "就业形式")),
    ("workshop", Col("就业帮扶车间", 9, INTEGER, "就业形式")),
    ("self_employed", Col("自主创业", 9, INTEGER, "就业形式")),
    ("returned", Col("返乡人员", 9, INTEGER, "返乡")),
    ("returned_employed", Col("其中已就业", 9, INTEGER, "返乡")),
    ("income_persons", Col("填报收入人数", 9, INTEGER, "转移就业月收入")),
    ("income_total", Col("月收入合计（元）", 12, MONEY, "转移就业月收入")),
    ("income_average", Col("人均月收入（元）", 10, MONEY, "转移就业月收入")),
    ("unknown_age", Col("人数", 8, INTEGER, "年龄不详（未计入劳动力）")),
    ("unknown_age_employed", Col("按就业状态在业", 9, INTEGER, "年龄不详（未计入劳动力）")),
    ("unknown_age_transfer", Col("其中转移就业", 9, INTEGER, "年龄不详（未计入劳动力）")),
    ("unknown_age_poverty", Col("脱贫户和监测户", 9, INTEGER, "年龄不详（未计入劳动力）")),
)
_DERIVED = {
    "poverty_households": lambda a: a.alleviated_households + a.monitored_households,
    "poverty_persons": lambda a: a.alleviated_persons + a.monitored_persons,
}


def figure(agg: AggregateIndicators, key: str) -> Any:
    if key.startswith("region:"):
        return agg.transfer_by_region.get(key.split(":", 1)[1], 0)
    if key.startswith("clear:"):
        return agg.five_clear_by_item.get(key.split(":", 1)[1], 0)
    if key.startswith("policy:"):
        return agg.policies.get(key.split(":", 1)[1], 0)
    if key in _DERIVED:
        return _DERIVED[key](agg)
    if key == "income_average" and agg.income_average is not None:
        return round(agg.income_average)
    return getattr(agg, key)


def policy_columns(form: forms.Form) -> list[tuple[str, Col]]:
    """One column per choice of 享受政策 (without 无), then anyone with one."""
    q = form.member_fields.get("policies")
    choices = [c for c in q.choices.choices if c.name != "none"] if q and q.choices else []
    return [*((f"policy:{c.name}", Col(c.label.get("zh_CN") or c.name, 9, INTEGER, "享受政策人数"))
              for c in choices),
            ("policy_any", Col("享受任一政策", 9, INTEGER, "享受政策人数"))]


class _Spill:
    """Items kept now, read back later in the order of their keys: the keys and record numbers
    stay in memory, the items in sealed records (sync/spill.py: in memory while small, else
    encrypted under a key that dies with the process — never plain text in the temp folder)."""

    def __init__(self, records: SealedRecords) -> None:
        self.records = records
        self.index: list[tuple[Any, int]] = []

    def add(self, item: Any, key: Any = ()) -> None:
        self.index.append((key, self.records.append(
            json.dumps(item, ensure_ascii=False).encode())))

    def items(self) -> Iterator[Any]:
        self.index.sort(key=lambda entry: entry[0])  # stable: equal keys keep their order
        records = self.records
        for _, n in self.index:
            yield json.loads(records[n])


class _Kept:
    """Facts kept in the store (brought up to date first): the normal, fast path."""

    def __init__(self, rf: ReportFacts, area: str, day: dt.date, progress: Progress | None):
        rf.refresh(day, area=area, progress=progress)
        self.rf, self.area = rf, area
        self.statuses: dict[str, dict[str, int]] | None = None  # survey progress: the store's

    def totals(self) -> _Totals:
        totals = _Totals()
        for v, entry in self.rf.villages("", self.area):
            add_into(totals.villages.setdefault(v, {}), entry["a"])
            totals.zero += ([v, z[1:4], z[4:]] for z in entry["z"])
            for code, severity, message, n, confirmed in entry["q"]:
                totals.quality[(v, code, severity)] += n
                totals.confirmed[(v, code, severity)] += confirmed
                totals.messages.setdefault(code, message)
        return totals

    def roster(self, i: int) -> Iterator[tuple[str, list[Any], list[list[Any]]]]:
        for v, entry in self.rf.villages(f"r{i}", self.area):
            for h, people in entry:
                yield v, h, people

    def findings(self) -> Iterator[tuple[str, list[Any], list[list[Any]]]]:
        for v, entry in self.rf.villages(FINDINGS, self.area):
            for h, found in entry:
                yield v, h, found

    def close(self) -> None:
        pass


class _AsOf:
    """Facts of the records as they stood on a past day, computed from the revision history."""

    def __init__(self, store, rf: ReportFacts, area: str, day: dt.date,  # noqa: ANN001
                 progress: Progress | None):
        self.sealed = SealedRecords()
        self.spills = [_Spill(self.sealed) for _ in range(len(ROSTERS) + 1)]
        self.statuses: dict[str, dict[str, int]] = {}  # survey progress as of the day
        total = store.households.count()
        for done, record in enumerate(records(store, as_of=day, area=area or None,
                                                           settings=rf.settings), start=1):
            kept = rf.compute(record, day)
            # the history comes by record; the sheets list villages and 户编号 in order
            key = (kept["main"]["v"], str(record["fields"].get("household_no") or ""),
                   record["uuid"])
            self.spills[0].add(kept["main"], key)
            counts = self.statuses.setdefault(kept["main"]["v"], {})
            counts[record.get("status")] = counts.get(record.get("status"), 0) + 1
            for i in range(len(ROSTERS)):
                if kept[f"r{i}"]:
                    self.spills[i + 1].add(kept[f"r{i}"], key)
            if progress and done % 500 == 0:
                progress(done, total, "")

    def totals(self) -> _Totals:
        totals = _Totals()
        for m in self.spills[0].items():
            totals.take(m)
        return totals

    def roster(self, i: int) -> Iterator[tuple[str, list[Any], list[list[Any]]]]:
        return ((d["v"], d["h"], d["p"]) for d in self.spills[i + 1].items())

    def findings(self) -> Iterator[tuple[str, list[Any], list[list[Any]]]]:
        return ((d["v"], d["h"], d["q"]) for d in self.spills[0].items() if d["q"])

    def close(self) -> None:
        self.sealed.close()


@dataclass
class _Totals:
    villages: dict[str, dict[str, int]] = field(default_factory=dict)
    zero: list[list[Any]] = field(default_factory=list)  # [village, household cells, zero cells]
    quality: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    confirmed: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # with a reason
    messages: dict[str, str] = field(default_factory=dict)

    def take(self, m: dict[str, Any]) -> None:
        """Add one household's kept facts (a report as of a past day)."""
        v = m["v"]
        add_into(self.villages.setdefault(v, {}), m["a"])
        if m["z"]:
            self.zero.append([v, m["h"], m["z"]])
        for code, severity, message, confirmed, *_ in m["q"]:
            self.quality[(v, code, severity)] += 1
            self.confirmed[(v, code, severity)] += confirmed
            self.messages.setdefault(code, message)


def _area_rows(groups: dict[str, AggregateIndicators], names: dict[str, str], *,
               with_township: bool, columns: Sequence[tuple[str, Col]] = FIGURE_COLUMNS
               ) -> Iterator[list[Any]]:
    total: AggregateIndicators | None = None
    for code in sorted(groups):
        agg = groups[code]
        total = agg if total is None else add(total, agg)
        lead = [code, names.get(code, code)]
        if with_township:
            lead.append(names.get(code[:9], code[:9]))
        yield lead + [figure(agg, key) for key, _ in columns]
    if total is not None:
        yield ["合计", None] + ([None] if with_township else []) + [
            figure(total, key) for key, _ in columns]


def _total(groups: dict[str, AggregateIndicators]) -> AggregateIndicators:
    total = AggregateIndicators()
    for agg in groups.values():
        total = add(total, agg)
    return total


def _destination_rows(t: AggregateIndicators) -> Iterator[list[Any]]:
    """去向: 转移就业 persons by province (most first), a 小计 line each, then by city."""
    by_province: dict[str, list[str]] = {}
    for key in t.destinations:
        by_province.setdefault(key.split("|", 1)[0], []).append(key)
    count = lambda keys, d: sum(d.get(k, 0) for k in keys)  # noqa: E731
    dicts = (t.destinations, t.destinations_alleviated, t.destinations_monitored)
    for province, keys in sorted(by_province.items(),
                                 key=lambda pk: (pk[0] in _UNPLACED, -count(pk[1], dicts[0]),
                                                 pk[0])):
        yield [province, "小计", *(count(keys, d) for d in dicts)]
        for key in sorted(keys, key=lambda k: (k.split("|", 1)[1] in _UNPLACED,
                                               -dicts[0][k], k)):
            yield [None, key.split("|", 1)[1], *(d.get(key, 0) for d in dicts)]
    yield ["合计", None, *(sum(d.values()) for d in dicts)]


_UNPLACED = (UNKNOWN, NOT_GIVEN)


def _notes(t: AggregateIndicators) -> dict[str, str]:
    """The 注 lines that say what the figures leave out, and how a figure is defined."""
    drafts = (f"草稿 {t.draft_households} 户 {t.draft_persons} 人未计入"
              if t.draft_households else "现无草稿户")
    return {
        "complete": f"本表只统计已完成的户；{drafts}（见“汇总”表“草稿（未计入）”栏）",
        "listed": f"只列已完成的户；{drafts}",
        "unknown_age": (f"年龄不详（证件号码无效或无出生日期，算不出年龄）的 {t.unknown_age} 人未计入"
                        "劳动年龄人口、劳动力、已就业和转移就业，另列于“汇总（续）”表"),
        "capacity": "有劳动能力：劳动技能为普通劳动力、技能劳动力或弱劳动力（半劳动力）的人，不限年龄",
        "wishes": ("有就业意愿、有培训意愿、有创业意愿只计劳动力；劳动力以外（如60岁及以上）有就业意愿的 "
                   f"{t.wants_job_other} 人另列一栏"),
        "income": "人均月收入 = 月收入合计 ÷ 填报了月收入的转移就业人数（元/月，四舍五入到元）",
        "places": ("按务工所在地归到省和地级市（州、盟）；读不出省或市的为“未能识别”，未填的为“未填写”，"
                   "务工地域为国外而未写省份的归“国外”"),
        "quality": "含草稿户（未完成）的问题",
        "measures": ("五清中的具体帮扶措施清：脱贫户、监测户已填帮扶措施，且户内应开展“311”服务的人"
                     "当年至少有一条服务记录（见“311服务”表）；一般农户不涉及，计为清"),
    }


def _ranking(townships: dict[str, AggregateIndicators], names: dict[str, str]
             ) -> Iterator[list[Any]]:
    def by(key: str) -> list[tuple[int, str, float | None]]:
        return ranked({code: getattr(agg, key) for code, agg in townships.items()})

    clear_rank = {code: rank for rank, code, _ in by("five_clear_share")}
    for i, code, _ in by("employment_rate"):  # ties share a rank, as on the dashboard
        agg = townships[code]
        yield [i, code, names.get(code, code), agg.labour_force, agg.employed,
               agg.employment_rate, agg.zero_employment_households, agg.five_clear_share,
               clear_rank[code]]


def summary_workbook(store, out: Path, *, as_of: dt.date | None = None,  # noqa: ANN001
                     township: str | None = None, unit: str | None = None,
                     settings: forms.CountySettings | None = None,
                     progress: Progress | None = None) -> dict[str, int]:
    """Write the county summary workbook to `out` (atomically); return row counts by sheet."""
    rf = ReportFacts.of(store, settings)
    as_of = checked_day(rf.settings, as_of)
    if township is not None:
        township = checked_area(store, township, (9,))
    names = area_names(store)
    place = place_name(store, township or "", names)  # the title and 填报单位 name the area
    unit = unit or place
    day = as_of or rf.settings.today()
    area = township or ""
    source = (_Kept(rf, area, day, progress) if as_of is None
              else _AsOf(store, rf, area, day, progress))
    try:
        totals = source.totals()
        services = figures_311(store, area=area, as_of=as_of, settings=rf.settings,
                               kept_facts=rf if as_of is None else None)
        # 具体帮扶措施清 follows the 311 records in every 五清 figure (docs/forms.md, "五清")
        totals.villages = {v: with_records(c, services.villages.get(v))
                           for v, c in totals.villages.items()}
        done = survey_progress(store, {v: aggregate(c).five_clear_households
                                       for v, c in totals.villages.items()},
                               area=area, statuses=source.statuses)
        # the 未走访 sheet: today's, so only in a report of today, and where a list exists
        listed = as_of is None and any(c.startswith(area) for c in listed_counts(store))
        # 公益岗核查: today's records, so only in a report of today; checked across the whole
        # store (one person's two posts may lie in two townships), listed for the area's villages
        found = ([p for p in posts.check_store(store, settings=rf.settings, kept=rf)
                  if posts.village_of(p).startswith(area)]
                 if day == rf.settings.today() else None)
        return _write(out, source, totals, names, unit=unit, when=day.isoformat(),
                      place=place, form=rf.form, survey=done, posts_found=found,
                      unvisited=missing(store, area) if listed else None,
                      more=lambda wb: write_311(wb, store, services, place=place, unit=unit,
                                                when=day.isoformat(), names=names))
    finally:
        source.close()


def township_counts(villages: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for code, c in villages.items():
        add_into(out.setdefault(code[:9], {}), c)
    return out


def _person_rows(items: Iterable[tuple[str, list[Any], list[list[Any]]]],
                 names: dict[str, str]) -> Iterator[list[Any]]:
    n = 0
    for v, h, people in items:
        lead = [names.get(v[:9], v[:9]), names.get(v, v), *h]
        for person in people:
            n += 1
            yield [n, *lead, *person]


def _progress_rows(survey: SurveyProgress, names: dict[str, str]) -> Iterator[list[Any]]:
    for r in survey.rows():
        if len(r.code) == 12:
            lead = [names.get(r.code[:9], r.code[:9]), names.get(r.code, r.code), r.code]
        elif r.code:
            lead = [names.get(r.code, r.code), "小计", r.code]
        else:
            lead = ["合计", None, None]
        yield lead + [r.expected, r.visited, r.complete, r.draft, r.five_clear, r.visit_rate,
                      r.complete_rate]


def _zero_rows(zero: list[list[Any]], names: dict[str, str]) -> Iterator[list[Any]]:
    """One row per 劳动力 of each 零就业家庭, the household's cells repeated on each and 序号
    counting households (so the last one is the summary's 零就业家庭 figure)."""
    for n, (v, h, z) in enumerate(zero, start=1):
        lead = [n, names.get(v[:9], v[:9]), names.get(v, v), *h, *z[:5]]
        for person in z[5] or [[None] * len(ZERO_PERSON)]:
            yield [*lead, *person]


def _finding_rows(items: Iterable[tuple[str, list[Any], list[list[Any]]]],
                  names: dict[str, str]) -> Iterator[list[Any]]:
    """问题明细: every finding of every household, in village and 户编号 order."""
    n = 0
    for v, h, found in items:
        lead = [names.get(v[:9], v[:9]), names.get(v, v), h[0], h[1]]
        for code, severity, message, _, who, asked, reason in found:
            n += 1
            yield [n, *lead, who, asked, code, "错误" if severity == "error" else "警告",
                   message, reason]


def _post_rows(found: list[posts.PostFinding], names: dict[str, str]
               ) -> Iterator[list[Any]]:
    """公益岗核查: each finding of the six 公益性岗位 rules (reports/posts.py), one row each, in
    village and 户编号 order; a finding on the whole household (一户多岗) names no person."""
    for n, p in enumerate(found, start=1):
        f = p.household["fields"]
        v = str(f.get("village_code") or "")
        yield [n, names.get(v[:9], v[:9]), names.get(v, v), str(f.get("household_no") or ""),
               p.name if p.finding.member_uuid else "（全户）", p.id_number or None,
               p.rule_zh, p.finding.code, p.finding.message_zh]


POST_NOTE = ("公益性岗位人员（就业状态为公益性岗位）按六条规则核查：一人多岗（同一证件号码在两户或"
             "两村有岗）、挂岗（同时记录为外出务工或县外务工）、年龄不符（不在县里规定的年龄段）、"
             "无劳动能力、替岗嫌疑（电话抽查听到的就业状态与记录不一致）、一户多岗（超过县里规定的"
             "每户岗位数）；均为提示，请核实")


def _write(out: Path, source: _Kept | _AsOf, c: _Totals, names: dict[str, str], *, unit: str,
           when: str, place: str, form: forms.Form, survey: SurveyProgress,
           unvisited: list[Visit] | None = None,
           posts_found: list[posts.PostFinding] | None = None,
           more: Callable[[Any], dict[str, int]] | None = None) -> dict[str, int]:
    villages = {code: aggregate(counts) for code, counts in c.villages.items()}
    notes = unnamed_note(c.villages, names)
    townships = {code: aggregate(counts)
                 for code, counts in township_counts(c.villages).items()}
    figures = [col for _, col in FIGURE_COLUMNS]
    total = _total(townships)
    say = _notes(total)
    by_township = [Col("乡镇代码", 12), Col("乡镇", 12)]
    policies = tuple(policy_columns(form))
    counts = {}
    sheets: list[tuple[SheetSpec, Iterable[Any], list[str]]] = [
        (SheetSpec("汇总", f"{place}农村劳动力就业情况汇总表（按乡镇）",
                   [*by_township, *figures], 2, measure="户、人"),
         _area_rows(townships, names, with_township=False),
         [say["complete"], say["unknown_age"], say["measures"]]),
        (SheetSpec("脱贫户和监测户", f"{place}脱贫户和监测户劳动力就业情况表（按乡镇）",
                   [*by_township, *(col for _, col in POVERTY_COLUMNS)], 2, measure="户、人、%"),
         _area_rows(townships, names, with_township=False, columns=POVERTY_COLUMNS),
         [say["complete"], say["unknown_age"]]),
        (SheetSpec("汇总（续）", f"{place}农村劳动力就业形式、返乡、收入和年龄不详人员情况表（按乡镇）",
                   [*by_township, *(col for _, col in MORE_COLUMNS)], 2, measure="人、元"),
         _area_rows(townships, names, with_township=False, columns=MORE_COLUMNS),
         [say["complete"], say["income"], say["unknown_age"]]),
        (SheetSpec("意愿和政策", f"{place}农村劳动力劳动能力、就业意愿和享受政策情况表（按乡镇）",
                   [*by_township, *(col for _, col in WISH_COLUMNS + policies)], 2, measure="人"),
         _area_rows(townships, names, with_township=False, columns=WISH_COLUMNS + policies),
         [say["complete"], say["capacity"], say["wishes"],
          "享受多项政策的人，每项各计一次；“享受任一政策”每人只计一次"]),
        (SheetSpec("去向", f"{place}转移就业人员去向表（按省、市）",
                   [Col("省（区、市）", 18), Col("地级市（州、盟）", 22),
                    Col("转移就业人数", 10, INTEGER), Col("其中脱贫户", 10, INTEGER),
                    Col("其中监测户", 10, INTEGER)], 2, measure="人"),
         _destination_rows(total), [say["complete"], say["places"]]),
        (SheetSpec("分村", f"{place}农村劳动力就业情况分村统计表",
                   [Col("村代码", 15), Col("行政村", 12), Col("乡镇", 12), *figures,
                    *(col for _, col in WISH_COLUMNS)], 2, measure="户、人"),
         _area_rows(villages, names, with_township=True, columns=FIGURE_COLUMNS + WISH_COLUMNS),
         [say["complete"], say["measures"]]),
        (SheetSpec("调查进度", f"{place}农村劳动力调查进度表",
                   [Col("乡镇", 12), Col("行政村", 12), Col("村代码", 15),
                    Col("应调查户数", 9, INTEGER), Col("已入户", 8, INTEGER),
                    Col("已完成", 8, INTEGER), Col("草稿", 8, INTEGER),
                    Col("五清齐全户", 9, INTEGER), Col("入户率", 9, PERCENT),
                    Col("完成率", 9, PERCENT)], 3, measure="户、%"),
         _progress_rows(survey, names), [say["measures"]]),
        *(() if unvisited is None else
          ((missing_spec(place), missing_rows(unvisited, names), [MISSING_NOTE]),)),
        (SheetSpec("零就业家庭名单", f"{place}零就业家庭名单",
                   [*HOUSEHOLD_PREFIX, Col("劳动力人数", 8, INTEGER), Col("户联系电话", 13),
                    Col("家庭住址", 18), Col("帮扶责任人", 10),
                    Col("帮扶责任人联系电话", 13),
                    *fitted(tuple(zip(ZERO_PERSON, ZERO_COLUMNS, strict=True)),
                            form.member_fields)], 5, measure="户、人"),
         _zero_rows(c.zero, names), [say["listed"]]),
        *((SheetSpec(r.sheet, f"{place}{r.title}",
                     [*HOUSEHOLD_PREFIX, *fitted(PERSON_COLUMNS + r.extra, form.member_fields)],
                     7),
           _person_rows(source.roster(i), names), [say["listed"]])
          for i, r in enumerate(ROSTERS)),
        (SheetSpec("数据质量", f"{place}数据质量问题统计（按规则、按村）",
                   [Col("乡镇", 12), Col("行政村", 12), Col("村代码", 15), Col("规则代码", 22),
                    Col("严重程度", 8), Col("问题说明", 40, wrap=True), Col("条数", 8, INTEGER),
                    Col("其中已核实说明", 10, INTEGER)], 2, measure="条"),
         ([names.get(v[:9], v[:9]), names.get(v, v), v, code, "错误" if sev == "error" else "警告",
           c.messages.get(code, ""), n, c.confirmed[(v, code, sev)]]
          for (v, code, sev), n in sorted(c.quality.items())), [say["quality"]]),
        (SheetSpec("问题明细", f"{place}数据质量问题明细",
                   [Col("序号", 6, INTEGER), Col("乡镇", 10), Col("行政村", 10),
                    Col("户编号", 8), Col("户主", 10), Col("成员姓名", 10), Col("问题", 12),
                    Col("规则代码", 18), Col("严重程度", 8), Col("说明", 44, wrap=True),
                    Col("核实说明", 24, wrap=True)], 5, measure="条"),
         _finding_rows(source.findings(), names), [say["quality"]]),
        *(() if posts_found is None else ((SheetSpec(
            "公益岗核查", f"{place}公益性岗位人员核查情况表",
            [Col("序号", 6, INTEGER), Col("乡镇", 10), Col("行政村", 10), Col("户编号", 8),
             Col("姓名", 10), Col("证件号码", 20), Col("问题", 10), Col("规则代码", 18),
             Col("说明", 44, wrap=True)], 5, measure="条"),
            _post_rows(posts_found, names), [POST_NOTE]),)),
        (SheetSpec("乡镇排名", f"{place}乡镇就业率和五清完成率排名",
                   [Col("就业率排名", 8, INTEGER), Col("乡镇代码", 12), Col("乡镇", 12),
                    Col("劳动力", 9, INTEGER), Col("已就业", 9, INTEGER), Col("就业率", 9, PERCENT),
                    Col("零就业家庭", 9, INTEGER), Col("五清率", 9, PERCENT),
                    Col("五清排名", 8, INTEGER)], 3, measure="人、%"), _ranking(townships, names),
         [say["complete"], say["measures"]]),
    ]
    explained = {
        "零就业家庭名单": ["每户的每名劳动力占一行，户的各项重复列出；序号按户编排，"
                      "最后一个序号即零就业家庭户数"],
        "数据质量": ["每户的每条问题（成员、问题、说明和核实说明）见“问题明细”表"]}
    with open_workbook(out) as wb:
        for spec, rows, said in sheets:
            extra = progress_note(survey, names) if spec.name == "调查进度" else []
            counts[spec.name] = write_sheet(wb, spec, rows, unit=unit, as_of=when, notes=[
                *said, *extra, *explained.get(spec.name, ()), *notes])
        if more is not None:  # the 311 sheet and the 岗位推荐台账 (reports/services.py)
            counts.update(more(wb))
    return counts


def save_atomic(wb, out: Path) -> None:  # noqa: ANN001 - anything with save(path)
    """Save beside `out` and rename: a report is never seen half written."""
    try:
        with replacing(out, aside=True) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise ReportNotWritten(Path(out), exc) from exc


__all__ = ["FIGURE_COLUMNS", "save_atomic", "summary_workbook"]
