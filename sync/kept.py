"""The one cache of derived figures: facts computed from each current household, kept by revision.

Evaluating a household costs about a millisecond, so whoever needs figures of every household
computes them once per revision and keeps them in `store.derived` (sync/derived.py). Two users
share this mechanism: the list's facts (desktop/capture/facts.py) and the county's report facts
(reports/facts.py). A user says

- under which `kind` its facts are kept (naming its layout, the form version and the county
  settings), and the `prefix` all its kinds share: kinds under the prefix that are not its own
  were computed under other definitions and are dropped;
- which `parts` it keeps per household besides the main entry (kept as ``<kind>/<part>``,
  only for households that have them);
- how to compute them from one record on one day (`facts_of`), and whether they depend on
  the day: then each says the days it holds for, and a day outside them recomputes;
- what else must change in the same transaction as a household's facts (`kept_together`:
  the report facts rebuild their villages' sums there).

`refresh` brings the kept facts up to date: it drops other kinds and the facts of households
that are gone, computes the households whose facts are missing, older than their current
revision or not for the day, in village and 户编号 order, `BATCH` per transaction. A whole
refresh remembers the newest revision it saw (`mark`); the next one for the same kind and day
reads only the records with a revision since, and none at all when nothing was written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .derived import DerivedWriter, Kept

Progress = Callable[[int, int, str], None]
MAIN = ""  # the part name of a household's main entry


@dataclass(frozen=True)
class Computed:
    """What `facts_of` returns: the main entry and each part (None: the household has none of
    that part), and the days [start, end) they hold for (None: any day)."""

    parts: dict[str, Any]
    window: tuple[str, str] | None = None


@dataclass
class Refreshed:
    """What a refresh changed: the main entries computed (by uuid), and those of households
    that are gone."""

    computed: dict[str, Any] = field(default_factory=dict)
    gone: dict[str, Any] = field(default_factory=dict)


class FactCache:
    """Facts of one store's households under one kind; subclasses say what and how."""

    prefix: str = ""
    parts: tuple[str, ...] = ()
    daily: bool = False     # facts depend on the day (each computed entry says its window)
    mark_key: str | None = None  # a sync.meta key keeping the mark across processes
    BATCH = 2000            # households computed and kept per transaction

    def __init__(self, store: Any, kind: str) -> None:
        if not kind.startswith(self.prefix):
            raise ValueError(f"kind {kind!r} is not under {self.prefix!r}")
        self.store = store
        self.kind = kind
        self._mark: str | None = None

    # -- what a user says ---------------------------------------------------------------------
    def facts_of(self, record: dict[str, Any], day: dt.date) -> Computed:
        raise NotImplementedError

    def kept_together(self, writer: DerivedWriter, before: dict[str, Any],
                      after: dict[str, Any]) -> None:
        """Inside the transaction that replaced the main entries `before` (uuid -> the entry
        kept until now; households computed again, or gone) with `after` (uuid -> the new
        entry): keep what must change with them. Nothing by default."""

    def whole_checked(self, day: dt.date, area: str) -> None:
        """After a refresh that looked at every household (under `area`): check what is kept
        besides the households' facts. Nothing by default."""

    def other_kinds(self) -> list[str]:
        """This user's kinds besides its households' (kept under other keys)."""
        return []

    # -- the mechanism ------------------------------------------------------------------------
    def part_kind(self, part: str) -> str:
        return self.kind if part == MAIN else f"{self.kind}/{part}"

    def household_kinds(self) -> list[str]:
        return [self.kind, *(self.part_kind(p) for p in self.parts)]

    def kinds(self) -> list[str]:
        return self.household_kinds() + self.other_kinds()

    def mark(self, day: dt.date) -> str:
        """Kind, day (if it matters) and the newest revision: what a whole refresh saw."""
        return json.dumps([self.kind, day.isoformat() if self.daily else None,
                           self.store.households.revision_mark()])

    def last_mark(self) -> str | None:
        """The mark of the last whole refresh (in this process, or kept in `meta`)."""
        if self.mark_key is None:
            return self._mark
        return self.store.meta.get(self.mark_key)

    def _remember(self, mark: str) -> None:
        self._mark = mark
        if self.mark_key is not None:
            self.store.meta.set({self.mark_key: mark})

    def refresh(self, day: dt.date | None = None, *, area: str = "",
                progress: Progress | None = None) -> Refreshed:
        """Bring the kept facts up to date (of villages under `area`, or all); see the module
        docstring."""
        day = day or dt.date.today()
        mark = self.mark(day)
        last = self.last_mark()
        if not area and last == mark:
            return Refreshed()
        done = self.prune()
        since = _since(last, mark)
        today = day.isoformat() if self.daily else None
        if since is None or area:
            todo = self.store.derived.stale(self.kind, today, area=area)
        else:  # same kind and day: only records with a revision since the last refresh
            todo = self.store.derived.stale(
                self.kind, today, uuids=self.store.households.changed_since(since))
        uuids = [s.uuid for s in todo]  # by village: a batch touches few villages
        for start in range(0, len(uuids), self.BATCH):
            got = self.keep(self.store.households.current(uuids[start:start + self.BATCH]), day)
            done.computed.update(got.computed)
            if progress:
                progress(min(start + self.BATCH, len(uuids)), len(uuids), "")
        if since is None or area:
            self.whole_checked(day, area)
        if not area:
            self._remember(mark)
        return done

    def keep(self, items: Iterable[tuple[str, str, dict[str, Any]]], day: dt.date) -> Refreshed:
        """Compute and keep the facts of (uuid, revision id, record) items, replacing those
        kept, in one transaction with whatever `kept_together` changes."""
        entries, after = [], {}
        for uuid, revision, record in items:
            computed = self.facts_of(record, day)
            start, end = computed.window or (None, None)
            after[uuid] = computed.parts[MAIN]
            entries += [Kept(uuid, self.part_kind(part), revision, data, start, end)
                        for part, data in computed.parts.items() if data is not None]
        with self.store.derived.writing() as w:
            before = w.data(self.kind, after)
            w.forget(self.household_kinds(), after)
            w.put(entries)
            self.kept_together(w, before, after)
        return Refreshed(computed=after)

    def prune(self) -> Refreshed:
        """Drop the kinds under `prefix` that are not this user's, and the facts of households
        that are gone (with what `kept_together` changes); returns the latter."""
        mine = set(self.kinds())
        others = [k for k in self.store.derived.kinds(self.prefix) if k not in mine]
        if not others and not self.store.derived.gone(self.kind):
            return Refreshed()  # nothing to drop: no write transaction (on a server, no lock)
        with self.store.derived.writing() as w:
            for other in others:
                w.drop(other)
            gone = w.gone(self.kind)
            w.forget(self.household_kinds(), gone)
            self.kept_together(w, gone, {})
        return Refreshed(gone=gone)


def _since(last: str | None, mark: str) -> int | None:
    """The revision the last whole refresh was up to date with, if it was for the same kind
    and day as `mark` (else None: every household must be checked)."""
    if last is None:
        return None
    (kind_then, day_then, seq), (kind_now, day_now, _) = json.loads(last), json.loads(mark)
    return seq if (kind_then, day_then) == (kind_now, day_now) and seq is not None else None
