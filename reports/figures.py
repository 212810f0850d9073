"""The county dashboard's figures: indicators by township and village, rankings, 零就业家庭.

They are sums of the kept village entries (reports/facts.py): after an import, the households
it changed are evaluated and their villages summed again in the same transaction (whoever
brings the kept facts up to date: this cache, a report, another PC), so the dashboard reads
one small entry per village. `CountyFiguresCache` keeps the last figures until the kept facts
change; it lives on the store worker (one thread).

The 311 figures (reports/services.py) come from the households' 311 entries the village
entries list and the service records, read again only when a record was written since (a
record is not a household revision: it leaves the kept facts as they are); 具体帮扶措施清
follows them in the 五清 figures, as on the summary's sheets.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field, replace
from typing import Any

from mopai import forms
from mopai.forms.indicators import AggregateIndicators

from .facts import Progress, ReportFacts
from .household_facts import add_into, aggregate
from .progress import SurveyProgress, survey_progress
from .services import Area311, Figures311, figures_of, with_records
from .source import area_names, ranked

RANKED = ("employment_rate", "five_clear_share")


@dataclass(frozen=True)
class ZeroHousehold:
    record_uuid: str
    village: str
    household_no: str | None
    head: str | None
    labour_force: int
    phone: str | None
    address: str | None


@dataclass
class CountyFigures:
    names: dict[str, str]
    villages: dict[str, AggregateIndicators]
    townships: dict[str, AggregateIndicators]
    total: AggregateIndicators | None
    zero: list[ZeroHousehold] = field(default_factory=list)
    progress: SurveyProgress | None = None     # 调查进度, as on the summary's sheet
    # "311" by village and township code (the county's under ""): who gets it, who met it
    services: dict[str, Area311] = field(default_factory=dict)

    def ranking(self, key: str) -> list[tuple[int, str, float | None]]:
        """(rank, township code, value), best first; townships without a value come last.
        Equal values share a rank (1, 2, 2, 4), as the weekly rankings print them."""
        if key not in RANKED:
            raise ValueError(f"cannot rank by {key!r}")
        return ranked({code: getattr(agg, key) for code, agg in self.townships.items()})


@dataclass
class _Village:
    """What the figures keep of one village entry: its revision (a digest of its households'
    revisions), counts, their indicators and its 零就业家庭."""

    revision: str
    counts: dict[str, int]
    indicators: AggregateIndicators
    zero: list[ZeroHousehold]
    services: list[list[Any]] = field(default_factory=list)   # [uuid, *household_311]


def _keep_out_of_gc() -> None:
    """The village entries just read stay for the life of the cache (a county's: ~700,000
    lists and dicts, mostly the 311 entries); each later collection of the oldest generation
    walked them all, a quarter of the dashboard's refresh after an import. Frozen objects are
    still freed when nothing refers to them (these hold no cycles). What an earlier read froze
    is let go first and collected with the rest, so cycles that became garbage since are not
    kept for ever, and nothing unreachable is frozen now."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class CountyFiguresCache:
    """The figures of one store, read again only when the kept facts changed, and then only
    the villages whose entries changed (after an import into one village: one entry read, not
    the county's 300)."""

    def __init__(self, store, settings: forms.CountySettings | None = None) -> None:  # noqa: ANN001
        self.store = store
        self.rf = ReportFacts.of(store, settings)
        self._figures: CountyFigures | None = None
        self._mark: str | None = None
        self._villages: dict[str, _Village] = {}
        self._sums: CountyFigures | None = None       # the kept sums, before the 311 records
        self._311_key: tuple[Any, ...] | None = None
        # village -> ((entry revision, its records' revisions), its 311 figures) on _311_day
        self._311_villages: dict[str, tuple[Any, Area311 | None]] = {}
        self._311_day: dt.date | None = None

    def figures(self, today: dt.date | None = None, progress: Progress | None = None
                ) -> CountyFigures:
        """Bring the kept facts up to date (households changed since, and their villages)
        and sum the village entries by township and county."""
        day = today or self.rf.settings.today()
        self.rf.refresh(day, progress=progress)
        mark = self.rf.mark()
        if self._sums is None or mark != self._mark:
            self._sums, self._mark = self._read(), mark
        # the 311 figures and the 五清 with them: again when the kept facts, the service
        # records (one key lookup) or the day changed
        key = (mark, self.store.services.mark(), day)
        if self._figures is None or key != self._311_key:
            self._figures, self._311_key = self._with_311(self._sums, day), key
        else:  # the same sums; the names may have been edited since
            self._figures = replace(self._figures, names=area_names(self.store))
        # the expected households may have been set since: one small read. Households by
        # status are the village entries' (a complete record counts in "households", a draft
        # in "draft_households"), summed from the current households as the figures are: no
        # count over the county's households at every start.
        five_clear = {c: a.five_clear_households for c, a in self._figures.villages.items()}
        statuses = {c: {"complete": v.counts.get("households", 0),
                        "draft": v.counts.get("draft_households", 0)}
                    for c, v in self._villages.items()}
        self._figures = replace(self._figures, progress=survey_progress(
            self.store, five_clear, statuses=statuses))
        return self._figures

    def _read(self) -> CountyFigures:
        """Read the village entries that changed since the last read (all, the first time);
        sum them all again."""
        marks = self.rf.village_marks()
        changed = sorted(c for c, revision in marks.items()
                         if c not in self._villages or self._villages[c].revision != revision)
        for code in self._villages.keys() - marks.keys():
            del self._villages[code]
        if changed:
            every = len(changed) == len(marks)
            for code, entry in self.rf.villages(codes=None if every else changed):
                self._villages[code] = _Village(
                    marks[code], entry["a"], aggregate(entry["a"]),
                    [ZeroHousehold(uuid, code, no, head, labour, phone, address)
                     for uuid, no, head, _type, labour, phone, address, *_ in entry["z"]],
                    entry.get("s", []))
            if every:
                _keep_out_of_gc()
        townships: dict[str, dict[str, int]] = {}
        total: dict[str, int] = {}
        zero = []
        for code in sorted(self._villages):
            village = self._villages[code]
            add_into(townships.setdefault(code[:9], {}), village.counts)
            add_into(total, village.counts)
            zero += village.zero
        return CountyFigures(
            names=area_names(self.store),
            villages={code: self._villages[code].indicators for code in sorted(self._villages)},
            townships={code: aggregate(c) for code, c in sorted(townships.items())},
            total=aggregate(total) if total else None, zero=zero)


    def _with_311(self, sums: CountyFigures, day: dt.date) -> CountyFigures:
        """The kept sums with the 311 figures of `day` and 具体帮扶措施清 following them: a
        village's 311 figures are computed again only when its entry or its records changed
        (after an import into one village: that village), and only the villages where a
        脱贫户 or 监测户 lacks a service are summed again."""
        records: dict[str, list[Any]] = {}
        for r in self.store.services.records():
            records.setdefault(r.village_code, []).append(r)
        cached = self._311_villages if self._311_day == day else {}
        villages: dict[str, Area311] = {}
        for code, village in self._villages.items():
            mine = records.get(code, [])
            key = (village.revision, tuple(sorted(r.revision_id for r in mine)))
            if code in cached and cached[code][0] == key:
                if cached[code][1] is not None:   # None: no complete household (drafts)
                    villages[code] = cached[code][1]
                continue
            entries = ([("", code, [0, 0, "", "", "", "", [], 0])]
                       if village.counts.get("households") else [])   # an area of the figures
            entries += [(uuid, code, s) for uuid, *s in village.services]
            area = figures_of(entries, mine, day).villages.get(code)
            if area is not None:
                villages[code] = area
            cached[code] = (key, area)
        self._311_villages = {c: cached[c] for c in self._villages if c in cached}
        self._311_day = day
        fig = Figures311(day, [], villages, [])
        services: dict[str, Area311] = {**villages, **fig.townships(), "": fig.total()}
        adjusted = {code: with_records(v.counts, villages.get(code))
                    for code, v in self._villages.items()}
        changed = {code for code, v in self._villages.items() if adjusted[code] is not v.counts}
        if not changed:
            return replace(sums, names=area_names(self.store), services=services)
        townships: dict[str, dict[str, int]] = {}
        total: dict[str, int] = {}
        for code in sorted(adjusted):
            add_into(townships.setdefault(code[:9], {}), adjusted[code])
            add_into(total, adjusted[code])
        aggs = {code: aggregate(adjusted[code]) if code in changed else agg
                for code, agg in sums.villages.items()}
        return replace(sums, names=area_names(self.store), villages=aggs,
                       townships={code: aggregate(c) for code, c in sorted(townships.items())},
                       total=aggregate(total) if total else None, services=services)


def county_figures(store, settings: forms.CountySettings | None = None,  # noqa: ANN001
                   today: dt.date | None = None, progress: Progress | None = None
                   ) -> CountyFigures:
    """The dashboard's figures of the current records (one-off; the GUI keeps a cache)."""
    return CountyFiguresCache(store, settings).figures(today, progress)


__all__: list[Any] = ["CountyFigures", "CountyFiguresCache", "ZeroHousehold", "county_figures"]
