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

What a household's facts are, and the days they hold for: reports/household_facts.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mopai import forms
from mopai.sync import formbook, meta
from mopai.sync.county_settings import digest as settings_digest
from mopai.sync.county_settings import load as county_settings
from mopai.sync.derived import DerivedWriter, Kept
from mopai.sync.kept import MAIN, Computed, FactCache, Workers

from . import posts
from .household_facts import FAR, TODAY_SAFE, add_into, compute, today_uses
from .people import ROSTERS

LAYOUT = 11  # bump when the kept data changes shape (2: village entries; 3: confirmed warnings;
#            4: the analysts' export part, "l"/"x"; 5: every question in l, 零就业 helper
#            and labour, findings in detail; 6: drafts apart, issue 16's indicators;
#            7: a household's parts in one entry; 8: its 311 entry "s", listed in its
#            village's entry; 9: the 311 entry says whether the household is clear on
#            all five by the record alone; 10: its post holders "p", listed in its
#            village's entry of kind .../v/p; 11: ${} in a chosen label filled in the
#            roster rows, decision 67)
REFRESH_BATCH = 2000  # households per transaction when computing facts
VILLAGE_KEY = "village:"  # record_uuid of a village entry: VILLAGE_KEY + village code
VILLAGE_BATCH = 10  # villages rebuilt per transaction by a whole refresh
FINDINGS = "q"  # the village entry listing every finding of its households (问题明细)
# A household's kept entry: these parts of `compute`, in this order (None: it has none)
PARTS = ("main", *(f"r{i}" for i in range(len(ROSTERS))), "l")

Progress = Callable[[int, int, str], None]


def kind(form: forms.Form, settings: forms.CountySettings) -> str:
    return f"report:{LAYOUT}:{form.form_id}:{form.version}:{settings_digest(settings)}"


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


__all__ = ["Refreshed", "ReportFacts", "kind"]
