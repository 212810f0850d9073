"""Report facts: what the reports and the county dashboard need from each household, kept.

Evaluating a household through the questionnaire costs about 0.7 ms; a county of 150,000
households is 100 s of it, far over the 10-second summary. So each household's report facts
are computed once per revision and kept in `store.derived` (sync/derived.py), under kinds that
name the form version, the county settings and this module's layout:

- ``<base>``  one entry per household, a list of its parts (`PARTS`; a county's 150,000
              households make 150,000 rows, not 500,000: each row is an entry in two
              indexes, and writing those is most of a refresh's cost):
  - ``main``   village, 户编号/户主/户类型, indicator counts, the 零就业家庭 columns (with its
               helper and each 劳动力's reason and wish), data-quality findings, and the
               window of days it holds for;
  - ``r<i>``   the rows of roster i (一库五册), None for households without such people;
  - ``l``      what the ledger cannot read from the raw answers: derived values (性别,
               年龄…) and answers that are not relevant (shown blank), of every question of
               the form, for the household and per member.

And per village, under the key ``village:<code>`` (what a summary reads: 300 entries instead
of 150,000 households, each read as a few contiguous pages):

- ``<base>/v``       the village's summed counts, its 零就业家庭 and its findings by rule;
- ``<base>/v/r<i>``  the rows of roster i of its households, in 户编号 order;
- ``<base>/v/q``     every finding of its households (who, which question, the household's
                   own message and reason), in 户编号 order: the summary's 问题明细;
- ``<base>/v/p``     the post holders of its households (reports/posts.py `kept_rows`): what
                   the summary's 公益岗核查 reads instead of the households' records.

A village entry is rebuilt in the same transaction that keeps facts of one of its households
(or drops a household that is gone), so the two never disagree; its revision is a digest of
the (household, revision) pairs it was summed from and it holds for the days all of them
hold for. A whole refresh (a new day, a new kind, or the first one) checks every village
entry against the current households and rebuilds those that differ.

Facts depend on the day only through ``today()`` in the form. labor_survey uses it in the
survey date's checks (not in the future; not over a year old) and as the fallback date for a
member's age when the survey date is missing, so a fact computed on day d holds for every day
from the survey date up to one year after it (or, before the survey date, until it). A form
that uses ``today()`` anywhere else makes every fact hold for its own day only. A report for a
day outside a fact's window, or a record edited since, recomputes that household.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from mopai import forms
from mopai.forms.indicators import (
    FIVE_CLEAR,
    REGION_BUCKETS,
    AggregateIndicators,
    counted,
    household_counts,
)
from mopai.sync import formbook, meta
from mopai.sync.county_settings import digest as settings_digest
from mopai.sync.county_settings import load as county_settings
from mopai.sync.derived import DerivedWriter, Kept
from mopai.sync.kept import MAIN, Computed, FactCache, Workers

from . import posts
from .people import (
    LEDGER_KEYS,
    PERSON_COLUMNS,
    ROSTERS,
    household_cells,
    label,
    ledger_questions,
    person_cells,
)
from .services import household_311
from .source import Facts, facts

LAYOUT = 10  # bump when the kept data changes shape (2: village entries; 3: confirmed warnings;
#            4: the analysts' export part, "l"/"x"; 5: every question in l, 零就业 helper
#            and labour, findings in detail; 6: drafts apart, issue 16's indicators;
#            7: a household's parts in one entry; 8: its 311 entry "s", listed in its
#            village's entry; 9: the 311 entry says whether the household is clear on
#            all five by the record alone; 10: its post holders "p", listed in its
#            village's entry of kind .../v/p)
TODAY_SAFE = {("survey_date", "constraint"), ("survey_date", "warning"), ("age", "calculation")}
SURVEY_DATE = "survey_date"
STALE_AFTER = dt.timedelta(days=366)  # survey_old: today() - survey_date <= 365
REFRESH_BATCH = 2000  # households per transaction when computing facts
FAR = "9999-12-31"
VILLAGE_KEY = "village:"  # record_uuid of a village entry: VILLAGE_KEY + village code
VILLAGE_BATCH = 10  # villages rebuilt per transaction by a whole refresh
FINDINGS = "q"  # the village entry listing every finding of its households (问题明细)
# A household's kept entry: these parts of `compute`, in this order (None: it has none)
PARTS = ("main", *(f"r{i}" for i in range(len(ROSTERS))), "l")

Progress = Callable[[int, int, str], None]


def kind(form: forms.Form, settings: forms.CountySettings) -> str:
    return f"report:{LAYOUT}:{form.form_id}:{form.version}:{settings_digest(settings)}"


def today_uses(form: forms.Form) -> set[tuple[str, str]]:
    """(question, column) pairs whose expression calls ``today()``."""
    found = set()
    for q in [*form.fields.values(), *form.member_fields.values()]:
        for column in ("relevant", "required_if", "constraint", "warning", "calculation",
                       "choice_filter"):
            expr = getattr(q, column)
            if expr is not None and "today(" in expr.source.replace(" ", ""):
                found.add((q.name, column))
    return found


def window(form_safe: bool, f: Facts, day: dt.date) -> tuple[str, str]:
    """The days [start, end) over which facts computed on `day` stay the same."""
    one_day = (day.isoformat(), (day + dt.timedelta(days=1)).isoformat())
    if not form_safe:
        return one_day
    try:
        survey = dt.date.fromisoformat(str(f.record["fields"].get(SURVEY_DATE)))
    except ValueError:
        return one_day  # age falls back to today(): holds for this day only
    if any(f.state.value("birth_date", i) is None and m["fields"].get("id_number")
           for i, m in enumerate(f.record["members"])):
        return one_day  # an ID whose birth date is unreadable or in the future on this day
    if day < survey:
        return day.isoformat(), survey.isoformat()
    if day < survey + STALE_AFTER:
        return survey.isoformat(), (survey + STALE_AFTER).isoformat()
    return (survey + STALE_AFTER).isoformat(), FAR


# -- computing ----------------------------------------------------------------------------------
COUNT_KEYS = ("households", "persons", "labour_age", "labour_force", "employed",
              "poverty_labour_force", "poverty_employed", "transfer_employed",
              "zero_employment_households", "wants_job", "wants_training", "wants_business",
              "five_clear_households")


def counts(f: Facts) -> dict[str, int]:
    """The household's contribution to every summed indicator, as flat integer counts: a
    draft's only to the draft counts (figures are of complete records)."""
    return figure_counts(f) if complete(f) else draft_counts(f)


def figure_counts(f: Facts) -> dict[str, int]:
    """What the household would add to every figure, whatever its status (the analysts'
    export gives it for every record, beside the status to filter by)."""
    ind = f.indicators
    c = dict.fromkeys(COUNT_KEYS, 0)
    c["households"] = 1
    c["zero_employment_households"] = int(ind.zero_employment)
    c["five_clear_households"] = int(ind.five_clear_all)
    for key in ind.five_clear:
        c[f"clear:{key}"] = int(ind.five_clear[key])
    for p in ind.persons:
        c["persons"] += 1
        c["labour_age"] += p.labour_age
        if p.transfer_employed:
            c["transfer_employed"] += 1
            region = f"region:{p.transfer_region or 'unknown'}"
            c[region] = c.get(region, 0) + 1
        if p.labour_force:
            c["labour_force"] += 1
            c["employed"] += p.employed
            c["wants_job"] += p.wants_job  # the wishes are of 劳动力 (docs/decisions.md 33)
            c["wants_training"] += p.wants_training
            c["wants_business"] += p.wants_business
            if p.poverty:
                c["poverty_labour_force"] += 1
                c["poverty_employed"] += p.employed
    c.update(household_counts(ind))
    return c


def complete(f: Facts) -> bool:
    """Whether the household counts in the figures: a complete record (a draft may lack any
    answer, and is counted apart)."""
    return f.record.get("status") == "complete"


def draft_counts(f: Facts) -> dict[str, int]:
    """A draft's contribution: households, persons, and of them of unknown age."""
    return {"draft_households": 1, "draft_persons": len(f.indicators.persons),
            "draft_unknown_age": sum(p.age is None for p in f.indicators.persons)}


def aggregate(total: dict[str, int]) -> AggregateIndicators:
    """Summed counts as forms' AggregateIndicators (rates recomputed from the sums)."""
    rate = lambda part, whole: part / whole if whole else None  # noqa: E731
    g = total.get
    return AggregateIndicators(
        **{k: g(k, 0) for k in COUNT_KEYS if k != "five_clear_households"},
        five_clear_households=g("five_clear_households", 0),
        employment_rate=rate(g("employed", 0), g("labour_force", 0)),
        poverty_employment_rate=rate(g("poverty_employed", 0), g("poverty_labour_force", 0)),
        transfer_by_region={**{k: 0 for k in REGION_BUCKETS if k != "unknown"},
                            **{k[7:]: v for k, v in total.items() if k.startswith("region:")}},
        five_clear_by_item={item.key: g(f"clear:{item.key}", 0) for item in FIVE_CLEAR},
        five_clear_share=rate(g("five_clear_households", 0), g("households", 0)),
        **counted(total))


def add_into(total: dict[str, int], part: dict[str, int]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _diffs(f: Facts, names: Iterable[str], member: int | None) -> dict[str, Any]:
    """The values (blank when not relevant) that differ from the raw answers; read from the
    state's dicts directly (`value`, `is_relevant`), as it runs ~40 times a member."""
    state = f.state
    if member is None:
        raw, values, relevant = f.record["fields"], state.values, state.relevant
    else:
        raw = f.record["members"][member]["fields"]
        values, relevant = state.members[member], state.members_relevant[member]
    out = {}
    plain = (str, int, float, bool, type(None))
    for name in names:
        if relevant.get(name, False):
            value = values.get(name)
            if not isinstance(value, plain):
                value = _plain(value)
        else:
            value = None
        if value != raw.get(name):
            out[name] = value
    return out


ZERO_PERSON = ("name", "employment_status", "unemployed_reason", "wants_job")


def _shown(f: Facts, name: str, member: int | None) -> Any:
    """The answer as a report shows it, blank where the question is not asked."""
    return _plain(label(f, name, member)) if f.state.is_relevant(name, member) else None


def zero_cells(f: Facts) -> list[Any] | None:
    """A 零就业家庭's row: 劳动力人数, 户联系电话, 家庭住址, 帮扶责任人 and their phone, then
    [姓名, 就业状态, 未就业原因, 就业意愿] of each of its 劳动力 (what a township officer
    following the household up asks about); None for any other household."""
    if not f.indicators.zero_employment or not complete(f):  # a draft is counted apart
        return None
    labour = [[_shown(f, name, p.member_index) for name in ZERO_PERSON]
              for p in f.indicators.persons if p.labour_force]
    return [f.indicators.labour_force, label(f, "phone", None), label(f, "address", None),
            _shown(f, "helper_name", None), _shown(f, "helper_phone", None), labour]


def finding_cells(f: Facts) -> list[list[Any]]:
    """Each finding: [rule, severity, message, confirmed (0/1), member's name (None for the
    household), question label, the reason given] — the first four summed per village, the
    whole row listed on 问题明细."""
    form, members = f.state.form, f.record["members"]
    out = []
    for x in f.findings:
        i = x.member_index
        who = members[i]["fields"].get("name") if i is not None and 0 <= i < len(members) \
            else None
        # a household's rule may be about its members' answers (head_count: 与户主关系)
        q = form.member_fields.get(x.field or "") if i is not None else \
            form.fields.get(x.field or "") or form.member_fields.get(x.field or "")
        asked = (q.label.get("zh_CN") if q is not None and q.label else None) or x.field
        out.append([x.code, x.severity, x.message_zh, int(bool(x.reason)), _plain(who), asked,
                    x.reason or None])
    return out


@lru_cache(maxsize=8)  # per form (compared by identity): asked twice for every household
def ledger_names(form: forms.Form) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(household, member) questions the ledger shows, whose derived or not-relevant values
    are kept in ``l``: every question of the form that holds an answer (the household's keys,
    乡镇/行政村 and 户编号, are shown as saved)."""
    return _names(form)[:2]  # type: ignore[return-value]


_NAMES: dict[int, tuple[forms.Form, tuple[tuple[str, ...], ...]]] = {}


def _names(form: forms.Form) -> tuple[tuple[str, ...], ...]:
    """Per form, computed once (they were ~3 % of a household's facts): the ledger's
    household and member questions, then the analysts' export's other answers."""
    held = _NAMES.get(id(form))
    if held is not None and held[0] is form:
        return held[1]
    household = tuple(q.name for q in ledger_questions(form.fields) if q.name not in LEDGER_KEYS)
    member = tuple(q.name for q in ledger_questions(form.member_fields))
    names = (household, member,
             tuple(n for n in answer_names(form.fields.values()) if n not in household),
             tuple(n for n in answer_names(form.member_fields.values()) if n not in member))
    if len(_NAMES) > 16:  # a long-lived app meets a few forms; never hold them all
        _NAMES.clear()
    _NAMES[id(form)] = (form, names)
    return names


def compute(record: dict[str, Any], form: forms.Form, settings: forms.CountySettings,
            day: dt.date, *, form_safe: bool) -> dict[str, Any]:
    """Every kept fact of one household: {"main": …, "r0".."r4": rows or None, "l": …}."""
    f = facts(record, form=form, settings=settings, today=day)
    hh = household_cells(f, {})[2:]
    figures = figure_counts(f)  # once: the sums and the analysts' export both want it
    out: dict[str, Any] = {"main": {
        "w": window(form_safe, f, day), "v": f.village, "h": hh,
        "a": figures if complete(f) else draft_counts(f),
        "z": zero_cells(f), "q": finding_cells(f), "s": household_311(f),
        "p": posts.kept_rows(record)}}
    for i, roster in enumerate(ROSTERS):
        rows = [person_cells(f, p.member_index, PERSON_COLUMNS + roster.extra)
                for p in f.indicators.persons if roster.keep(p, f)] if complete(f) else []
        out[f"r{i}"] = {"v": f.village, "h": hh,
                        "p": [[_plain(v) for v in row] for row in rows]} if rows else None
    household, member = ledger_names(form)
    out["l"] = {"h": _diffs(f, household, None),
                "m": [_diffs(f, member, i) for i in range(len(record["members"]))],
                "x": export_facts(f, figures)}
    return out


# What each member's indicator flags hold ("l"/"x"/"p"), in this order, then the region bucket.
PERSON_FLAGS = ("labour_age", "has_capacity", "labour_force", "employed", "transfer_employed",
                "wants_job", "wants_training", "wants_business", "poverty")


def answer_names(questions: Iterable[Any]) -> list[str]:
    """The questions that hold an answer or a value derived from one (性别, 出生日期, 年龄)."""
    return [q.name for q in questions if q.type.holds_answer]


def export_facts(f: Facts, figures: dict[str, int] | None = None) -> dict[str, Any]:
    """What the analysts' export (reports/export.py) needs beyond the ledger's values: the
    answers the ledger does not show as the form reads them (blank when not relevant,
    derived values computed), what the household adds to each summed figure (`counts`,
    zeros left out) and each member's indicator flags (PERSON_FLAGS, then the region)."""
    _, _, household, member = _names(f.state.form)
    figures = figure_counts(f) if figures is None else figures
    return {"a": {k: v for k, v in figures.items() if v},
            "h": _diffs(f, household, None),
            "m": [_diffs(f, member, i) for i in range(len(f.record["members"]))],
            "p": [[*(int(getattr(p, n)) for n in PERSON_FLAGS), p.transfer_region]
                  for p in f.indicators.persons]}


def worker_facts(ref: formbook.FormRef, settings: forms.CountySettings, form_safe: bool
                 ) -> Callable[[dict[str, Any], dt.date], Computed]:
    """In a worker process (sync/kept.py, `Workers`): the form parsed once, and what
    `_Report.facts_of` computes with it."""
    form = formbook.parse(ref)

    def facts_of(record: dict[str, Any], day: dt.date) -> Computed:
        return _computed(compute(record, form, settings, day, form_safe=form_safe))
    return facts_of


class VillageSum:
    """In a worker process (`Workers.together`): the entries of a village (under `kinds`,
    `ReportFacts.village_kinds`) summed from the facts of all its current households, given
    in 户编号 order: what `ReportFacts._rebuild` keeps from them."""

    def __init__(self, code: str, kinds: list[str]) -> None:
        self.key, self.kinds, self.entry = VILLAGE_KEY + code, kinds, _Village()

    def add(self, uuid: str, revision: str, computed: Computed) -> None:
        start, end = computed.window or (None, None)
        self.entry.add(uuid, revision, computed.parts[MAIN], start or "", end or FAR)

    def entries(self) -> list[Kept]:
        return self.entry.entries(self.key, self.kinds)


def _computed(out: dict[str, Any]) -> Computed:
    return Computed({MAIN: [out[p] for p in PARTS]}, tuple(out["main"]["w"]))


# -- keeping ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Refreshed:
    computed: int
    villages: set[str]


class _Report(FactCache):
    """The report facts as a user of the one fact cache (sync/kept.py): one entry per
    household (its `PARTS`), windows of days, and the village entries rebuilt with their
    households."""

    prefix = "report:"
    daily = True
    mark_key = meta.REPORT_FACTS_MARK
    holds = False  # a county's entries would fill the memory; the villages are what is read
    BATCH = REFRESH_BATCH

    def __init__(self, owner: ReportFacts) -> None:
        super().__init__(owner.store, owner.base)
        self.owner = owner
        self.villages: set[str] = set()  # rebuilt since the refresh began

    def facts_of(self, record: dict[str, Any], day: dt.date) -> Computed:
        return _computed(self.owner.compute(record, day))

    def other_kinds(self) -> list[str]:
        return self.owner.village_kinds()

    def workers(self) -> Workers | None:
        """Workers parse the store's current form from its workbook (the bytes, once each)
        and compute as `compute` does; a form that is not the store's stays in process."""
        ref = self.store.forms.catalog().current
        if formbook.parse(ref) is not self.owner.form:
            return None
        return Workers(worker_facts, (ref, self.owner.settings, self.owner.form_safe),
                       VillageSum, (self.owner.village_kinds(),))

    def kept_together(self, writer: DerivedWriter, before: dict[str, Any],
                      after: dict[str, Any]) -> None:
        villages = {m[0]["v"] for m in before.values()} | {m[0]["v"] for m in after.values()}
        self.owner._rebuild(writer, villages)
        self.villages |= villages

    def kept_summed(self, writer: DerivedWriter, before: dict[str, Any], after: dict[str, str],
                    villages: set[str], summed: dict[str, list[Kept]]) -> None:
        """The village entries of households computed in workers: those the workers summed
        (checked to be of the village's current households) as they are, the others (a
        village partly computed, or a household's former village) summed here."""
        codes = {m[0]["v"] for m in before.values()} | villages
        for code in sorted(codes):
            if code in summed:
                writer.forget(self.owner.village_kinds(), [VILLAGE_KEY + code])
                writer.put(summed[code])
            else:
                self.owner._rebuild(writer, [code])
        self.villages |= codes

    def whole_checked(self, day: dt.date, area: str) -> None:
        self.villages |= self.owner.check_villages(day, area)


@dataclass
class ReportFacts:
    """The kept facts of one store for one form and set of county settings."""

    store: Any
    settings: forms.CountySettings
    form: forms.Form

    @classmethod
    def of(cls, store, settings: forms.CountySettings | None = None) -> ReportFacts:  # noqa: ANN001
        return cls(store, settings or county_settings(store), store.forms.current().form)

    @cached_property
    def base(self) -> str:
        return kind(self.form, self.settings)

    @cached_property
    def form_safe(self) -> bool:
        return today_uses(self.form) <= TODAY_SAFE

    def household_kinds(self) -> list[str]:
        return [self.base]

    def village_kinds(self) -> list[str]:
        return [f"{self.base}/v", *(f"{self.base}/v/r{i}" for i in range(len(ROSTERS))),
                f"{self.base}/v/{FINDINGS}", f"{self.base}/v/{posts.POSTS}"]

    def kinds(self) -> list[str]:
        return self.household_kinds() + self.village_kinds()

    def compute(self, record: dict[str, Any], day: dt.date) -> dict[str, Any]:
        return compute(record, self.form, self.settings, day, form_safe=self.form_safe)

    def mark(self) -> str | None:
        """What the last whole refresh (by any process) was up to date with: it changes
        whenever the kept facts may have."""
        return self.store.meta.get(meta.REPORT_FACTS_MARK)

    def refresh(self, day: dt.date | None = None, *, area: str = "",
                progress: Progress | None = None) -> Refreshed:
        """Compute and keep the facts of every stale household, drop those of households that
        are gone, rebuild their villages' entries; returns how many were computed and which
        villages changed. When no revision was written since the last whole refresh for the
        same kind and day, nothing is read. The day is the county's today unless given
        (`settings.time_zone`: the dashboard, the reports and the command line count the same
        day, whatever the laptop's clock says)."""
        cache = _Report(self)
        done = cache.refresh(day or self.settings.today(), area=area, progress=progress)
        return Refreshed(done.count, cache.villages)

    # -- village entries ---------------------------------------------------------------------
    def _rebuild(self, writer: DerivedWriter, villages: Iterable[str]) -> None:
        """Sum the kept facts of each village's current households into its entries (inside
        the caller's write transaction); a village left without households loses them."""
        for code in sorted(villages):
            entry = _Village()
            for uuid, _, revision, data, start, end in writer.of_village(code, [self.base]):
                entry.add(uuid, revision, data, start or "", end or FAR)
            key = VILLAGE_KEY + code
            writer.forget(self.village_kinds(), [key])
            if entry.revisions:
                writer.put(entry.entries(key, self.village_kinds()))

    def check_villages(self, day: dt.date, area: str = "") -> set[str]:
        """Rebuild the village entries (under `area`) that were not summed from the current
        households' revisions or do not hold on `day`, and drop those of villages without
        households; returns the villages rebuilt. Run by every whole refresh."""
        today = day.isoformat()
        pairs: dict[str, list[tuple[str, str]]] = {}
        for village, uuid, revision in self.store.households.revisions(area):
            pairs.setdefault(village, []).append((uuid, revision))
        kept = {key[len(VILLAGE_KEY):]: (revision, start or "", end or "")
                for key, (revision, start, end) in self.store.derived.marks(
                    f"{self.base}/v", VILLAGE_KEY + area).items()}
        todo = {code for code in pairs if code not in kept
                or kept[code][0] != _digest(pairs[code])
                or not kept[code][1] <= today < kept[code][2]}
        todo |= kept.keys() - pairs.keys()
        for part in _chunks(sorted(todo), VILLAGE_BATCH):
            with self.store.derived.writing() as writer:
                self._rebuild(writer, part)
        return todo

    def village_marks(self, area: str = "") -> dict[str, str]:
        """Village code -> the revision of its entry (a digest of its households' revisions:
        it changes whenever the entry does), of villages under `area`; read without the
        entries' data."""
        return {key[len(VILLAGE_KEY):]: revision for key, (revision, _, _) in
                self.store.derived.marks(f"{self.base}/v", VILLAGE_KEY + area).items()}

    def villages(self, which: str = "", area: str = "", *, codes: Iterable[str] | None = None
                 ) -> Iterator[tuple[str, Any]]:
        """(village code, kept entry) of villages under `area` in code order: ``""`` the sums
        ({"a": counts, "z": 零就业 rows [uuid, 户编号, 户主, 户类型, *zero_cells],
        "q": [rule, severity, message, count, confirmed with a reason]}), ``"r<i>"`` roster i's
        [household cells, person rows] pairs (only villages with such people), ``"q"`` the
        [household cells, finding_cells] pairs of its households with findings, in 户编号
        order; `refresh` first. With `codes`, only those villages' entries."""
        name = f"{self.base}/v/{which}" if which else f"{self.base}/v"
        prefixes = [VILLAGE_KEY + area] if codes is None else \
            [VILLAGE_KEY + code for code in sorted(codes) if code.startswith(area)]
        for prefix in prefixes:
            for key, data in self.store.derived.entries(name, prefix):
                yield key[len(VILLAGE_KEY):], data

    def rows(self, which: str, area: str = "", *, villages: Iterable[str] | None = None,
             with_uuid: bool = False) -> Iterator[Any]:
        """Kept data of one part (``""`` main, ``r0``…, ``l``) of the households that have it,
        in village and 户编号 order, of villages under `area` (or the given `villages`);
        `refresh` first. With `with_uuid`, (record uuid, data) pairs."""
        at = PARTS.index(which or "main")
        for uuid, kept in self.store.derived.in_order(self.base, area, villages=villages):
            if kept[at] is not None:
                yield (uuid, kept[at]) if with_uuid else kept[at]

    def with_records(self, which: str, area: str, day: dt.date
                     ) -> Iterator[tuple[dict[str, Any], Any]]:
        """(record, kept data of one part) of current households in village and 户编号
        order; a household whose kept data is missing or older is computed on the spot."""
        at = PARTS.index(which)
        for record, current, kept, data in self.store.derived.with_records(self.base, area):
            yield record, (data[at] if kept == current else self.compute(record, day)[which])


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _digest(pairs: Iterable[tuple[str, str]]) -> str:
    """The revision of a village entry: a digest of its households' (uuid, revision) pairs."""
    digest = hashlib.sha256()
    for uuid, revision in sorted(pairs):
        digest.update(f"{uuid}:{revision}\n".encode())
    return digest.hexdigest()[:32]


@dataclass
class _Village:
    """A village entry being summed from its households' kept facts, in 户编号 order."""

    counts: dict[str, int] = field(default_factory=dict)
    zero: list[list[Any]] = field(default_factory=list)
    quality: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    revisions: list[tuple[str, str]] = field(default_factory=list)
    rosters: list[list[Any]] = field(default_factory=lambda: [[] for _ in ROSTERS])
    findings: list[list[Any]] = field(default_factory=list)  # [household cells, findings]
    services: list[list[Any]] = field(default_factory=list)  # [uuid, *household_311] (311)
    posts: list[list[Any]] = field(default_factory=list)  # [uuid, *posts.kept_rows] (公益岗)
    start: str = ""
    end: str = FAR

    def add(self, uuid: str, revision: str, kept: list[Any], start: str, end: str) -> None:
        """Add a household's kept entry (its `PARTS`)."""
        self.take(uuid, revision, kept[0], start, end)
        for i, data in enumerate(kept[1:1 + len(ROSTERS)]):
            if data is not None:
                self.rosters[i].append([data["h"], data["p"]])

    def take(self, uuid: str, revision: str, m: dict[str, Any], start: str, end: str) -> None:
        self.revisions.append((uuid, revision))
        self.start, self.end = max(self.start, start), min(self.end, end)
        add_into(self.counts, m["a"])
        if m["z"]:
            self.zero.append([uuid, *m["h"], *m["z"]])
        for code, severity, message, confirmed, *_ in m["q"]:
            sums = self.quality.setdefault((code, severity), [code, severity, message, 0, 0])
            sums[3] += 1
            sums[4] += confirmed
        if m["q"]:
            self.findings.append([m["h"], m["q"]])
        s = m.get("s")
        if s and (s[0] or s[6]):  # a 脱贫户 or 监测户, or someone who gets 311
            self.services.append([uuid, *s])
        if m.get("p"):
            self.posts.append([uuid, *m["p"]])

    def entries(self, key: str, kinds: list[str]) -> list[Kept]:
        datas = [{"a": self.counts, "z": self.zero,
                  "q": [self.quality[k] for k in sorted(self.quality)], "s": self.services},
                 *self.rosters,
                 self.findings, self.posts]
        revision = _digest(self.revisions)
        return [Kept(key, kind, revision, data, self.start, self.end)
                for kind, data in zip(kinds, datas, strict=True) if data]


__all__ = ["Refreshed", "ReportFacts", "add_into", "aggregate", "compute", "counts", "county_settings",
           "kind", "today_uses", "window"]
