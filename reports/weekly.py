"""周通报: the county's weekly township ranking (seed 000: 一天一调度、一周一排名, and
accountability for the two townships ranked last two weeks running).

A week runs Monday to Sunday in the county's time zone; its figures are those of the records
as they stood at the end of its Sunday (`store.households.as_of`, from the revision history),
so a week reads the same whenever it is computed. Only a week that is over can be ranked; with
no day given, the last complete week is (docs/decisions.md, "The 周通报").

Each week costs one pass over the county's history (every household evaluated through the
questionnaire as of that Sunday, drafts counted but not evaluated: measured 0.46 ms a
household, about 70 s for 150,000, with the progress callback and a cancel flag), and its tallies are kept in `store.derived` (kind ``weekly:1``, key
``raw:<monday>``); a ranking asked for is kept too (``rank:<monday>``), with the names,
weights and base it was made under, so the week prints again identically and the next week
reads the previous one instead of computing it. A ranking needs the week, the week before
(changes, 返岗就业率's rise, who was in the bottom two) and the week before that (the previous
week's rise): three passes the first time, one a week after that.

The indicators, per township (docs/forms.md, "周通报"):
1. 台账建立进度: complete households ÷ the expected households the county set per village;
2. 返岗就业率: of the 劳动力 who returned home (returned = yes), the share employed, and its
   rise since the previous week in percentage points;
3. 零就业家庭消除进度: of the base week's 零就业家庭, the share whose record is complete and no
   longer a 零就业家庭 at the week's end (a household deleted since is not eliminated);
4. 电话抽查准确率: of the answers checked in the phone spot-check calls made during the week
   (reached calls, `reports/spotcheck.py`), the share agreeing; a township with none has no
   value (未开展). Scored with `weekly_weight_spot` (0 by default: shown, not scored).
The figures of 2 and 3 read complete records only (drafts are not yet what the village
reports). Each scored indicator gives weight × (value − lowest) ÷ (highest − lowest) points
(the full weight when all are equal, 0 without a value); the total is out of 100.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any

from mopai import forms
from mopai.sync.areas import expected_households
from mopai.sync.county_settings import digest as settings_digest
from mopai.sync.county_settings import load as county_settings
from mopai.sync.derived import Kept
from mopai.sync.errors import InputError

from .errors import ReportError
from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .source import area_names, place_name, ranked, read_under, unnamed_note

Progress = Callable[[int, int, str], None]

KIND = "weekly:1"   # bump the number when the kept shape changes
RAW = "raw:"        # + the week's Monday: the tallies of one pass
RANK = "rank:"      # + the week's Monday: the ranking as printed
RETURNED, YES = "returned", "yes"
SCORED = ("progress", "return_rate", "return_rise", "zero", "spot")
WEIGHT_OF = {"progress": "weekly_weight_progress", "return_rate": "weekly_weight_return_rate",
             "return_rise": "weekly_weight_return_rise", "zero": "weekly_weight_zero",
             "spot": "weekly_weight_spot"}
TITLES = {"progress": "台账建立进度", "return_rate": "返岗就业率",
          "return_rise": "返岗就业率提升", "zero": "零就业家庭消除进度", "spot": "电话抽查准确率"}
NOT_STARTED = "未开展"
MARK = "连续两周排名后两位"
POINTS = "0.00"
SHARE = "0.0%"
CHANGE = "+0.0;-0.0;0.0"
RANK_MOVE = "+0;-0;0"


class WeeklyCancelled(ReportError):
    code = "weekly_cancelled"

    def __init__(self) -> None:
        super().__init__("周通报计算已取消，没有保存任何结果", "the weekly ranking was cancelled; "
                         "nothing was kept")


@dataclass(frozen=True)
class Week:
    """Monday to Sunday in the county's time zone."""

    monday: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Week:
        return cls(day - dt.timedelta(days=day.weekday()))

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def key(self) -> str:
        return self.monday.isoformat()

    def previous(self, weeks: int = 1) -> Week:
        return Week(self.monday - dt.timedelta(days=7 * weeks))

    def text(self) -> str:
        return f"{self.monday.isoformat()}（周一）至 {self.sunday.isoformat()}（周日）"


def last_complete(settings: forms.CountySettings) -> Week:
    """The last week whose Sunday has ended in the county."""
    return Week.of(settings.today()).previous()


def checked_week(settings: forms.CountySettings, day: dt.date | None) -> Week:
    """The week containing `day` (the last complete week when None); InputError when `day` is
    after today or its week is not over yet (its figures would still change)."""
    today = settings.today()
    if day is None:
        return last_complete(settings)
    if day > today:
        raise InputError(f"日期 {day} 晚于今天（{today}，{settings.time_zone}）",
                         f"the date {day} is after today ({today}, {settings.time_zone})")
    week = Week.of(day)
    if week.sunday >= today:
        last = last_complete(settings)
        raise InputError(
            f"{week.text()} 这一周还没有结束，不能排名；最近结束的一周是 {last.text()}",
            f"the week {week.monday} to {week.sunday} is not over yet and cannot be ranked; "
            f"the last complete week is {last.monday} to {last.sunday}")
    return week


# -- one pass: the tallies of one week ----------------------------------------------------------
def _tally(store, form: forms.Form, settings: forms.CountySettings, week: Week,  # noqa: ANN001
           base: dict[str, Any] | None, progress: Progress | None, cancel: Event | None
           ) -> dict[str, Any]:
    """Count, per township, the households and what the indicators need, as the records
    stood at the end of the week's Sunday. `base` is the base week's tallies (None: the week
    is its own base, or the base is later)."""
    day = week.sunday
    base_zero = {uuid: town for town, uuids in (base or {}).get("zero", {}).items()
                 for uuid in uuids}
    towns: dict[str, Counter[str]] = {}
    zero: dict[str, list[str]] = {}
    eliminated: Counter[str] = Counter()
    total = store.households.count()
    message = f"{week.key} 周 week"
    for n, record in enumerate(store.households.as_of(day, settings), start=1):
        if n % 200 == 1:
            if cancel is not None and cancel.is_set():
                raise WeeklyCancelled
            if progress is not None:
                progress(n - 1, max(n, total), message)
        record = read_under(form, record)
        town = str(record["fields"].get("village_code") or "")[:9]
        t = towns.setdefault(town, Counter())
        t["households"] += 1
        if record.get("status") != "complete":
            continue
        t["complete"] += 1
        state = forms.evaluate_household(form, record, settings=settings, today=day)
        ind = forms.household_indicators(form, record, settings, today=day, state=state)
        for p in ind.persons:
            if p.labour_force and state.value(RETURNED, p.member_index) == YES:
                t["returned"] += 1
                t["returned_employed"] += p.employed
        if ind.zero_employment:
            t["zero"] += 1
            zero.setdefault(town, []).append(record["uuid"])
        elif record["uuid"] in base_zero:
            eliminated[base_zero[record["uuid"]]] += 1
    expected: Counter[str] = Counter()
    for village, count in expected_households(store).items():
        expected[village[:9]] += count
    return {"week": week.key, "t": {k: dict(v) for k, v in sorted(towns.items())},
            "zero": {k: sorted(v) for k, v in sorted(zero.items())},
            "expected": dict(sorted(expected.items())),
            "base": None if base is None else base["week"],
            "base_zero": None if base is None else {
                k: len(v) for k, v in base.get("zero", {}).items()},
            "eliminated": None if base is None else dict(sorted(eliminated.items()))}


# -- the ranking ---------------------------------------------------------------------------------
def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _values(raw: dict[str, Any], town: str) -> dict[str, Any]:
    """The indicators of one township from a week's tallies (no rise: that needs two weeks)."""
    t = raw["t"].get(town, {})
    g = t.get
    expected = raw["expected"].get(town, 0)
    out: dict[str, Any] = {
        "complete": g("complete", 0), "expected": expected,
        "progress": _rate(g("complete", 0), expected),
        "returned": g("returned", 0), "returned_employed": g("returned_employed", 0),
        "return_rate": _rate(g("returned_employed", 0), g("returned", 0)),
        "zero_now": g("zero", 0), "zero_base": None, "eliminated": None, "zero": None}
    if raw["base"] == raw["week"]:
        out.update(zero_base=g("zero", 0), eliminated=0, zero=_rate(0, g("zero", 0)))
    elif raw["base"] is not None:
        base_n = raw["base_zero"].get(town, 0)
        done = raw["eliminated"].get(town, 0)
        out.update(zero_base=base_n, eliminated=done, zero=_rate(done, base_n))
    return out


def _points(change: float | None) -> float | None:
    """A change of a share in percentage points, rounded as printed."""
    return None if change is None else round(100 * change, 2)


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _bottom_two(rows: list[dict[str, Any]]) -> set[str]:
    """Townships fewer than two others rank below (ties share: 1, 2, 2, 4 marks three);
    none when fewer than three townships are ranked."""
    if len(rows) < 3:
        return set()
    return {r["town"] for r in rows if sum(o["rank"] > r["rank"] for o in rows) < 2}


def spot_tallies(store, settings: forms.CountySettings, week: Week  # noqa: ANN001
                 ) -> dict[str, dict[str, int]]:
    """Per township, the phone spot-check calls made during the week (their 通话日期, the
    county's days; the day recorded when the sheet gave none): calls, reached, answers
    checked and agreeing."""
    from .spotcheck import by_township, tally

    calls = store.spotchecks.calls(since=week.monday.isoformat(),
                                   until=(week.sunday + dt.timedelta(days=1)).isoformat())
    return {town: dict(t) for town, t in sorted(by_township(tally(calls)).items())}


def rank_week(raw: dict[str, Any], prev_raw: dict[str, Any], prev_rank: dict[str, Any] | None,
              settings: forms.CountySettings, names: dict[str, str], towns: list[str],
              place: str, spot: dict[str, dict[str, int]] | None = None) -> dict[str, Any]:
    """The ranking of a week from its tallies, the previous week's tallies, and the previous
    week's ranking (its ranks and bottom two; None when it has none); `spot`: the week's phone
    spot-check tallies per township (`spot_tallies`)."""
    weights = {key: getattr(settings, WEIGHT_OF[key]) for key in SCORED}
    values = {}
    for town in towns:
        v, before = _values(raw, town), _values(prev_raw, town)
        s = (spot or {}).get(town, {})
        v.update(spot_calls=s.get("calls", 0), spot_reached=s.get("reached", 0),
                 spot_checked=s.get("checked", 0), spot_agreed=s.get("agreed", 0),
                 spot=_rate(s.get("agreed", 0), s.get("checked", 0)))
        v["return_rise"] = _points(_diff(v["return_rate"], before["return_rate"]))
        v["before"] = {k: before[k] for k in ("progress", "return_rate", "zero")}
        values[town] = v
    ranks = {key: {code: r for r, code, _ in ranked({t: values[t][key] for t in towns})}
             for key in SCORED}
    scores = {}
    for town in towns:
        points = 0.0
        for key in SCORED:
            have = [values[t][key] for t in towns if values[t][key] is not None]
            value = values[town][key]
            if value is None or not weights[key]:
                continue
            low, high = min(have), max(have)
            points += weights[key] * (1.0 if high == low else (value - low) / (high - low))
        scores[town] = round(100 * points / sum(weights.values()), 2)
    rows = [{"rank": r, "town": t, "name": names.get(t, t), "score": s}
            for r, t, s in ranked(scores)]
    bottom = _bottom_two(rows)
    before = {r["town"]: r for r in prev_rank["rows"]} if prev_rank else {}
    prev_bottom = set(prev_rank["bottom"]) if prev_rank else set()
    for row in rows:
        town, old = row["town"], before.get(row["town"])
        v = values[town]
        row.update(
            values={k: v[k] for k in ("complete", "expected", "progress", "returned",
                                       "returned_employed", "return_rate", "return_rise",
                                       "zero_base", "eliminated", "zero", "zero_now", "spot",
                                       "spot_calls", "spot_reached", "spot_checked",
                                       "spot_agreed")},
            ranks={key: ranks[key][town] for key in SCORED},
            changes={"progress": _points(_diff(v["progress"], v["before"]["progress"])),
                     "zero": _points(_diff(v["zero"], v["before"]["zero"]))},
            rank_move=None if old is None else old["rank"] - row["rank"],
            marked=town in bottom and town in prev_bottom)
    return {"week": raw["week"], "previous": prev_raw["week"], "place": place,
            "time_zone": settings.time_zone, "weights": weights, "base": raw["base"],
            "rows": rows, "bottom": sorted(bottom),
            "previous_ranked": prev_rank is not None}


# -- kept weeks ----------------------------------------------------------------------------------
def _kept(store, key: str) -> dict[str, Any] | None:  # noqa: ANN001
    return store.derived.get(KIND, [key]).get(key)


def kept_weeks(store) -> list[str]:  # noqa: ANN001
    """The Mondays of the weeks whose ranking is kept, oldest first."""
    return sorted(key[len(RANK):] for key in store.derived.marks(KIND, RANK))


def latest(store) -> dict[str, Any] | None:  # noqa: ANN001
    """The newest ranking kept (what the dashboard shows), or None."""
    weeks = kept_weeks(store)
    return _kept(store, RANK + weeks[-1]) if weeks else None


class _Weeks:
    """Tallies and rankings of one store, kept or computed (and then kept)."""

    def __init__(self, store, settings: forms.CountySettings,  # noqa: ANN001
                 progress: Progress | None, cancel: Event | None) -> None:
        self.store, self.settings = store, settings
        self.form = store.forms.current().form
        self.progress, self.cancel = progress, cancel
        self.pending: dict[str, tuple[dict[str, Any], str]] = {}  # kept together at the end

    def get(self, key: str) -> dict[str, Any] | None:
        if key in self.pending:
            return self.pending[key][0]
        return _kept(self.store, key)

    def keep(self) -> None:
        """Everything computed, in one transaction: a cancelled or failed ranking keeps
        nothing."""
        with self.store.derived.writing() as w:
            w.forget([KIND], list(self.pending))
            w.put([Kept(key, KIND, revision, data)
                   for key, (data, revision) in self.pending.items()])
        self.pending.clear()

    def base_week(self, week: Week) -> Week:
        """The base of 零就业家庭消除进度: the setting's week, else the first week kept (or
        this one when none is kept, or it is earlier)."""
        if self.settings.weekly_zero_base:
            return Week.of(dt.date.fromisoformat(self.settings.weekly_zero_base))
        kept = sorted([*self.store.derived.marks(KIND, RAW),
                       *(k for k in self.pending if k.startswith(RAW))])
        start = Week(dt.date.fromisoformat(kept[0][len(RAW):])) if kept else week
        return min(start, week, key=lambda w: w.monday)

    def raw(self, week: Week, *, again: bool = False) -> dict[str, Any]:
        if not again and (kept := self.get(RAW + week.key)) is not None:
            return kept
        base_week = self.base_week(week)
        if base_week.monday > week.monday:
            base = None
        elif base_week == week:
            base = {"week": week.key}  # its own base: eliminated counts nothing
        else:
            base = self.raw(base_week)
        raw = _tally(self.store, self.form, self.settings, week,
                     None if base is None or base_week == week else base,
                     self.progress, self.cancel)
        if base_week == week:
            raw.update(base=week.key, base_zero=None, eliminated=None)
        self.pending[RAW + week.key] = raw, settings_digest(self.settings)
        return raw

    def towns(self, *raws: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
        names = area_names(self.store)
        county = (self.store.workspace.code or "")[:6]
        codes = {c for c in names if len(c) == 9 and c.startswith(county)}
        for raw in raws:
            codes |= {c for c in raw["t"] if len(c) == 9}
            codes |= {c for c in raw["expected"] if len(c) == 9}
        return names, sorted(codes)

    def ranking(self, week: Week, *, again: bool = False) -> dict[str, Any]:
        if not again and (kept := _kept(self.store, RANK + week.key)) is not None:
            return kept
        prev = week.previous()
        prev_rank = _kept(self.store, RANK + prev.key)
        # oldest first: with nothing kept, the first week read is the base of 零就业 progress
        older = self.raw(prev.previous()) if prev_rank is None else None
        prev_raw = self.raw(prev)
        raw = self.raw(week, again=again)
        if older is not None:  # the previous week's ranks and bottom two only; not kept
            names, towns = self.towns(prev_raw, older)
            prev_rank = rank_week(prev_raw, older, None, self.settings, names, towns, "")
        names, towns = self.towns(raw, prev_raw)
        ranking = rank_week(raw, prev_raw, prev_rank, self.settings, names, towns,
                            place_name(self.store, "", names),
                            spot_tallies(self.store, self.settings, week))
        ranking["notes"] = unnamed_note([r["town"] for r in ranking["rows"]], names)
        weights = json.dumps(ranking["weights"], sort_keys=True)
        self.pending[RANK + week.key] = ranking, hashlib.sha256(weights.encode()).hexdigest()[:12]
        self.keep()
        return ranking


def weekly_ranking(store, week: Week, *, settings: forms.CountySettings | None = None,  # noqa: ANN001
                   recompute: bool = False, progress: Progress | None = None,
                   cancel: Event | None = None) -> dict[str, Any]:
    """The ranking of `week`: the kept one, else computed from the history and kept. With
    `recompute`, the week's tallies and ranking are computed again (under the settings now)
    and replace those kept; the weeks before it stay as kept."""
    weeks = _Weeks(store, settings or county_settings(store), progress, cancel)
    return weeks.ranking(week, again=recompute)


# -- the workbook --------------------------------------------------------------------------------
COLUMNS = (
    Col("总排名", 5, INTEGER), Col("乡镇", 10),
    Col("总得分", 7, POINTS, "总分"), Col("名次较上周", 6, RANK_MOVE, "总分"),
    Col(MARK, 6),
    Col("已完成户数", 7, INTEGER, TITLES["progress"]),
    Col("应调查户数", 7, INTEGER, TITLES["progress"]),
    Col("进度", 7, SHARE, TITLES["progress"]), Col("排名", 5, INTEGER, TITLES["progress"]),
    Col("较上周(百分点)", 7, CHANGE, TITLES["progress"]),
    Col("返乡劳动力", 7, INTEGER, TITLES["return_rate"]),
    Col("其中就业", 7, INTEGER, TITLES["return_rate"]),
    Col("返岗就业率", 7, SHARE, TITLES["return_rate"]),
    Col("排名", 5, INTEGER, TITLES["return_rate"]),
    Col("较上周提升(百分点)", 7, CHANGE, TITLES["return_rate"]),
    Col("提升排名", 5, INTEGER, TITLES["return_rate"]),
    Col("基期零就业户", 7, INTEGER, TITLES["zero"]), Col("已消除", 6, INTEGER, TITLES["zero"]),
    Col("消除进度", 7, SHARE, TITLES["zero"]), Col("排名", 5, INTEGER, TITLES["zero"]),
    Col("较上周(百分点)", 7, CHANGE, TITLES["zero"]),
    Col("本周零就业户", 7, INTEGER, TITLES["zero"]),
    Col("接通/拨打", 8, None, TITLES["spot"]),
    Col("一致/核对", 8, None, TITLES["spot"]),
    Col("准确率", 7, SHARE, TITLES["spot"]), Col("排名", 5, INTEGER, TITLES["spot"]),
)


def _cells(row: dict[str, Any]) -> list[Any]:
    v, r = row["values"], row["ranks"]
    return [row["rank"], row["name"], row["score"], row["rank_move"],
            "是" if row["marked"] else None,
            v["complete"], v["expected"] or None, v["progress"], r["progress"],
            row["changes"]["progress"],
            v["returned"], v["returned_employed"], v["return_rate"], r["return_rate"],
            v["return_rise"], r["return_rise"],
            v["zero_base"], v["eliminated"], v["zero"], r["zero"], row["changes"]["zero"],
            v["zero_now"], *_spot_cells(v, r)]


def _spot_cells(v: dict[str, Any], r: dict[str, Any]) -> list[Any]:
    """电话抽查准确率's cells; 未开展 when no answer was checked that week (or the week was
    kept before spot checks existed)."""
    if not v.get("spot_checked"):
        return [f"{v.get('spot_reached', 0)}/{v.get('spot_calls', 0)}" if v.get("spot_calls")
                else NOT_STARTED, None, None, None]
    return [f"{v['spot_reached']}/{v['spot_calls']}", f"{v['spot_agreed']}/{v['spot_checked']}",
            v["spot"], r.get("spot")]


def _notes(ranking: dict[str, Any]) -> list[str]:
    week = Week(dt.date.fromisoformat(ranking["week"]))
    w = ranking["weights"]
    weights = "、".join(f"{TITLES[k]} {w[k]}" for k in SCORED if k in w)
    marked = [r["name"] for r in ranking["rows"] if r["marked"]]
    base = ranking["base"]
    return [
        f"统计周：{week.text()}，按该周日24时（{ranking['time_zone']}）各户的修订记录统计；"
        "本周通报已保存，再次打印数字不变",
        "台账建立进度 = 已完成（非草稿）户数 ÷ 县里设定的应调查户数",
        "返岗就业率 = 返乡劳动力（劳动力且“是否返乡人员”为是）中已就业的人数 ÷ 返乡劳动力人数；"
        "提升 = 本周 − 上周",
        (f"零就业家庭消除进度 = 基期（{base} 起的一周）零就业家庭中本周末记录已完成且不再是"
         "零就业家庭的户数 ÷ 基期零就业家庭户数；删除的户不算消除" if base else
         "零就业家庭消除进度：基期晚于本周，本周不计"),
        "返乡劳动力和零就业家庭只计已完成的记录；变化以百分点计",
        ("电话抽查准确率 = 本周录入的电话抽查中，接通的电话所核对的答案里与记录一致的项数 ÷ 核对项数；"
         f"本周没有核对的显示“{NOT_STARTED}”"
         + ("" if w.get("spot") else "；权重为 0，不计入总分")),
        "总得分（满分100）：各项得 权重 ×（本乡镇值 − 最低值）÷（最高值 − 最低值），"
        "各乡镇同值得满分，无数据得 0 分，合计后折算为百分制；同分者名次相同",
        f"权重：{weights}",
        (f"{MARK}：本周和上周总排名均在后两位（{'、'.join(marked)}）" if marked else
         f"{MARK}：本周和上周总排名均在后两位；本周没有"
         + ("" if ranking["previous_ranked"] else "（上周无排名）")),
        *ranking.get("notes", []),
    ]


def write_weekly(ranking: dict[str, Any], out: Path) -> int:
    """Write a kept ranking as the 周通报 workbook; returns the number of townships."""
    week = Week(dt.date.fromisoformat(ranking["week"]))
    place = ranking["place"]
    spec = SheetSpec("周通报", f"{place}农村劳动力工作周通报（乡镇排名）", COLUMNS, 2,
                     measure="户、人、%、分")
    with open_workbook(out) as wb:
        return write_sheet(wb, spec, (_cells(r) for r in ranking["rows"]), unit=place,
                           as_of=f"{week.monday.isoformat()} 至 {week.sunday.isoformat()}",
                           notes=_notes(ranking))


def weekly_workbook(store, out: Path, *, day: dt.date | None = None,  # noqa: ANN001
                    settings: forms.CountySettings | None = None, recompute: bool = False,
                    progress: Progress | None = None, cancel: Event | None = None
                    ) -> dict[str, Any]:
    """The 周通报 of the week containing `day` (the last complete week when None), kept and
    written to `out`; returns the ranking."""
    settings = settings or county_settings(store)
    week = checked_week(settings, day)
    ranking = weekly_ranking(store, week, settings=settings, recompute=recompute,
                             progress=progress, cancel=cancel)
    write_weekly(ranking, out)
    return ranking


def rows_of(ranking: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    yield from (ranking or {}).get("rows", [])


__all__ = ["MARK", "NOT_STARTED", "Week", "WeeklyCancelled", "checked_week", "kept_weeks",
           "last_complete", "latest", "rank_week", "weekly_ranking", "weekly_workbook",
           "write_weekly"]
