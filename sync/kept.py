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
revision or not for the day, in village and 户编号 order, in transactions of whole villages
(`BATCH` households or more; `_batches`). A whole
refresh remembers the newest revision it saw (`mark`); the next one for the same kind and day
reads only the records with a revision since, and none at all when nothing was written.

A user that says how other processes can compute its facts (`workers`: the county's report
facts) has a large refresh (over `PARALLEL_AFTER` households, on a machine with more than one
core) computed in a pool of `spawn`ed processes (the way Windows starts them; the frozen app
calls `multiprocessing.freeze_support()` first). A task is a village (its stale households'
uuids): the worker reads their records from the store itself, as a reader (opened with the
key or the server's URL handed over its start-up pipe, never written down: sync/engine.py
`reopen_args`), computes and encodes them, and when they are the whole village and the user
says how (`Workers.together`), sums the village's entries too. This process only keeps what
comes back, in the same transactions as alone, a worker's village entries only when the
village's current households are still those it read (else it sums them itself). Workers
start with the form and settings once (`Workers`). Results are the same either way; if a
worker dies, the batch it was computing was not kept, and the rest of the refresh is computed
here.
`MOPAI_FACT_WORKERS` (0: none) sets how many workers, for a machine whose other cores are
busy.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine

from .derived import DerivedWriter, Kept, Stale, encode
from .engine import reader_engine, reopen_args
from .errors import InputError
from .households import current_states, village_revisions, village_states

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
    """What a refresh changed: how many households were computed and their main entries (by
    uuid; only for a user that `holds` them: a county's 150,000 would fill the memory), and
    those of households that are gone."""

    computed: dict[str, Any] = field(default_factory=dict)
    gone: dict[str, Any] = field(default_factory=dict)
    count: int = 0


@dataclass(frozen=True)
class Workers:
    """How a worker process computes facts: `start(*args)` runs once in each worker (a
    module-level function, pickled by name, its args plain data) and returns the function it
    computes a record's facts with on a day (`FactCache.facts_of`'s).

    With `together` (module-level too), a worker that computes every current household of a
    village sums them there: ``together(village, *together_args)`` returns a `Sum` that is
    given each household in 户编号 order and then says the entries `kept_together` would keep
    for the village (`FactCache.kept_summed` keeps them)."""

    start: Callable[..., Callable[[dict[str, Any], dt.date], Computed]]
    args: tuple[Any, ...] = ()
    together: Callable[..., Sum] | None = None
    together_args: tuple[Any, ...] = ()


class Sum(Protocol):
    """A village's entries being summed in a worker (`Workers.together`)."""

    def add(self, uuid: str, revision: str, computed: Computed) -> None: ...

    def entries(self) -> list[Kept]: ...


PARALLEL_AFTER = 2000  # more stale households than this are computed in worker processes
MAX_WORKERS = 2        # each is another Python with the form loaded (~60 MiB; 4 GB laptops)
TASK = 250             # households per task of a village too large to be one: ~0.15 s of work
VILLAGE_TASK = 3000    # a village with up to this many stale households is one task
WORKERS_ENV = "MOPAI_FACT_WORKERS"
# (uuid, revision id, window, [(part, encoded data)]): a worker's answer per record, the main
# entry's part first
Answer = tuple[str, str, "tuple[str, str] | None", list[tuple[str, str]]]
# a village summed by a worker: the (uuid, revision id) pairs of the households it read (its
# current ones, in 户编号 order) and its entries' rows (key, kind, revision, text, from, until)
Summed = tuple[list[tuple[str, str]], list[tuple[str, str, str, str, "str | None", "str | None"]]]
Batch = list[tuple[str, list[str]]]  # (village, uuids of its stale households): whole villages


def worker_count() -> int:
    """How many worker processes a large refresh uses: `MOPAI_FACT_WORKERS` if set, else one
    per core up to `MAX_WORKERS`, none on one core."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        if not value.isdigit():
            raise InputError(f"环境变量 {WORKERS_ENV} 应为进程数（0 表示不用），而不是“{value}”",
                             f"{WORKERS_ENV} must be a number of processes (0: none), "
                             f"not {value!r}")
        return int(value)
    cores = os.cpu_count() or 1
    return min(MAX_WORKERS, cores) if cores > 1 else 0


class FactCache:
    """Facts of one store's households under one kind; subclasses say what and how."""

    prefix: str = ""
    parts: tuple[str, ...] = ()
    daily: bool = False     # facts depend on the day (each computed entry says its window)
    mark_key: str | None = None  # a sync.meta key keeping the mark across processes
    holds = True            # Refreshed.computed holds the main entries computed
    BATCH = 2000            # households computed and kept per transaction (whole villages)

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

    def kept_summed(self, writer: DerivedWriter, before: dict[str, Any], after: dict[str, str],
                    villages: set[str], summed: dict[str, list[Kept]]) -> None:
        """`kept_together` for households computed in workers: `after` holds their main
        entries as text, `villages` are theirs, and `summed` the entries workers summed for
        some of those villages, checked in this transaction to be of the village's current
        households. By default: `kept_together` with the main entries decoded."""
        self.kept_together(writer, before, {u: json.loads(t) for u, t in after.items()})

    def other_kinds(self) -> list[str]:
        """This user's kinds besides its households' (kept under other keys)."""
        return []

    def workers(self) -> Workers | None:
        """How worker processes compute these facts, if they can (plain data only: they never
        open the store). None (the default): always in this process."""
        return None

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
        since = _since(last, mark)
        done = self.prune(tombstoned=since is not None and not area)
        today = day.isoformat() if self.daily else None
        if since is None or area:
            todo = self.store.derived.stale(self.kind, today, area=area)
        else:  # same kind and day: only records with a revision since the last refresh
            todo = self.store.derived.stale(
                self.kind, today, uuids=self.store.households.changed_since(since))
        total = len(todo)
        batches = _batches(todo, self.BATCH)
        del todo
        pool = self._pool(total)
        if pool is not None:
            _page_cache(self.store.engine, POOL_CACHE_KIB)
            try:
                batches = self._in_pool(pool, batches, day, done, progress, total)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
                _page_cache(self.store.engine, EVERYDAY_CACHE_KIB)
        for batch in batches:  # all of them in this process, or those the pool left
            uuids = [u for _, some in batch for u in some]
            self._add(done, self.keep(self.store.households.current(uuids), day))
            if progress:
                progress(done.count, total, "")
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
        return self._write(entries, after)

    def keep_answers(self, answers: Iterable[Answer], villages: set[str],
                     summed: dict[str, Summed]) -> Refreshed:
        """Keep what workers computed (`Answer`s, their data already encoded, of households
        of `villages`) as `keep` keeps what it computes: the same rows, in one transaction,
        with the village entries workers `summed` where they were summed from the village's
        current households (else `kept_summed` sums them here)."""
        entries, after = [], {}
        for uuid, revision, window, parts in answers:
            start, end = window or (None, None)
            after[uuid] = parts[0][1]
            entries += [Kept(uuid, self.part_kind(part), revision, data, start, end, True)
                        for part, data in parts]
        with self.store.derived.writing() as w:
            before = w.data(self.kind, after)
            w.forget(self.household_kinds(), before)
            w.put(entries)
            fresh = {village: [Kept(key, kind, revision, text, start, end, True)
                               for key, kind, revision, text, start, end in rows]
                     for village, (pairs, rows) in summed.items()
                     if w.village_revisions(village) == pairs}
            self.kept_summed(w, before, after, villages, fresh)
        return Refreshed(computed={u: json.loads(t) for u, t in after.items()}
                         if self.holds else {}, count=len(after))

    def _write(self, entries: list[Kept], after: dict[str, Any]) -> Refreshed:
        with self.store.derived.writing() as w:
            before = w.data(self.kind, after)
            # a household's parts are kept and forgotten with its main entry: only those with
            # one kept have anything to forget (a county's first refresh: none)
            w.forget(self.household_kinds(), before)
            w.put(entries)
            self.kept_together(w, before, after)
        return Refreshed(computed=after, count=len(after))

    def _add(self, done: Refreshed, got: Refreshed) -> None:
        done.count += got.count
        if self.holds:
            done.computed.update(got.computed)

    # -- in worker processes ------------------------------------------------------------------
    def _pool(self, stale: int) -> ProcessPoolExecutor | None:
        """A pool for a refresh of `stale` households, or None: in this process (a small
        refresh, one core, a user whose facts only this process can compute)."""
        if stale <= PARALLEL_AFTER:
            return None
        count = worker_count()
        workers = self.workers() if count > 0 else None
        if workers is None:
            return None
        # the workers read their records from the store themselves: it is opened there with
        # the key (or the server's URL) handed over their start-up pipe, never written down
        return ProcessPoolExecutor(max_workers=count, initializer=_start,
                                   initargs=(workers, reopen_args(self.store.engine)),
                                   mp_context=multiprocessing.get_context("spawn"))

    def _in_pool(self, pool: ProcessPoolExecutor, batches: list[Batch], day: dt.date,
                 done: Refreshed, progress: Progress | None, total: int) -> list[Batch]:
        """Compute `batches` in the pool, one transaction each as here: a task per village
        (tasks of `TASK` households for a village too large), which the worker reads, computes
        and, when it is the whole village, sums. The next batch is sent while the workers
        compute one and this process keeps the one before. Returns the batches left to
        compute here: none, or from the one a dead worker did not finish (nothing of it was
        kept)."""
        def send(batch: Batch) -> list[tuple[str, Future[tuple[list[Answer], Summed | None]]]]:
            futures = []
            for village, uuids in batch:
                if len(uuids) <= VILLAGE_TASK:
                    futures.append((village, pool.submit(_compute, day, uuids, village)))
                else:
                    futures += [(village, pool.submit(_compute, day, uuids[i:i + TASK], None))
                                for i in range(0, len(uuids), TASK)]
            return futures

        sent: deque[list[tuple[str, Future[tuple[list[Answer], Summed | None]]]]] = deque()
        for at, batch in enumerate(batches):
            try:
                if not sent:
                    sent.append(send(batch))
                if at + 1 < len(batches):
                    sent.append(send(batches[at + 1]))
                got = [(village, future.result()) for village, future in sent.popleft()]
            except BrokenProcessPool:  # a worker died (killed, out of memory): go on here
                return batches[at:]
            summed = {village: s for village, (_, s) in got if s is not None}
            answers = [a for _, (some, _) in got for a in some]
            self._add(done, self.keep_answers(answers, {v for v, _ in batch}, summed))
            if progress:
                progress(done.count, total, "")
        return []

    def prune(self, *, tombstoned: bool = False) -> Refreshed:
        """Drop the kinds under `prefix` that are not this user's, and the facts of households
        that are gone (with what `kept_together` changes); returns the latter. An
        incremental refresh looks for them among the tombstoned records only
        (`derived.gone`); a whole one reads every entry of the kind."""
        mine = set(self.kinds())
        others = [k for k in self.store.derived.kinds(self.prefix) if k not in mine]
        if not others and not self.store.derived.gone(self.kind, tombstoned=tombstoned):
            return Refreshed()  # nothing to drop: no write transaction (on a server, no lock)
        with self.store.derived.writing() as w:
            for other in others:
                w.drop(other)
            gone = w.gone(self.kind, tombstoned=tombstoned)
            w.forget(self.household_kinds(), gone)
            self.kept_together(w, gone, {})
        return Refreshed(gone=gone)


# While workers compute, this process only writes what they send: a small page cache leaves
# room for their memory (all of them together stay under the bench's 500 MiB), and the
# everyday cache (sync/engine.py) comes back after.
POOL_CACHE_KIB = 16 * 1024
EVERYDAY_CACHE_KIB = 64 * 1024


def _page_cache(engine: Engine, kib: int) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{kib}")
            conn.commit()


def _batches(todo: Sequence[Stale], size: int) -> list[Batch]:
    """The uuids of `todo` (in village order) by village, in batches of whole villages, each
    of `size` households or more (one village may make a larger one): a village's entry is
    rebuilt once, with its last household, not once per batch its households are split
    over."""
    out: list[Batch] = []
    count = size
    for stale in todo:
        if not out or stale.village_code != out[-1][-1][0]:
            if count >= size:
                out.append([])
                count = 0
            out[-1].append((stale.village_code, []))
        out[-1][-1][1].append(stale.uuid)
        count += 1
    return out


def _since(last: str | None, mark: str) -> int | None:
    """The revision the last whole refresh was up to date with, if it was for the same kind
    and day as `mark` (else None: every household must be checked)."""
    if last is None:
        return None
    (kind_then, day_then, seq), (kind_now, day_now, _) = json.loads(last), json.loads(mark)
    return seq if (kind_then, day_then) == (kind_now, day_now) and seq is not None else None


# -- a worker process ---------------------------------------------------------------------------
_FACTS: Callable[[dict[str, Any], dt.date], Computed] | None = None
_WORKERS: Workers | None = None
_STORE: Engine | None = None


def _start(workers: Workers, store: tuple[Any, ...]) -> None:
    """A worker's initializer: what it computes with, and the store it reads, set up once."""
    global _FACTS, _WORKERS, _STORE
    _FACTS = workers.start(*workers.args)
    _WORKERS = workers
    _STORE = reader_engine(store)


def _compute(day: dt.date, uuids: list[str], village: str | None
             ) -> tuple[list[Answer], Summed | None]:
    """A worker's task: the facts of the households `uuids` (of `village`, when they may be
    all of it), read here, in that order, their data encoded as `DerivedWriter.put` stores
    it; and, when they are every current household of the village and the user sums
    villages (`Workers.together`), the village's entries."""
    assert _FACTS is not None and _WORKERS is not None and _STORE is not None, \
        "a worker computes only after its initializer ran"
    together = _WORKERS.together if village is not None else None
    with _STORE.connect() as conn, conn.begin():  # one snapshot: records and village agree
        pairs = village_revisions(conn, village) if together and village is not None else None
        whole = pairs is not None and len(pairs) == len(uuids) \
            and {u for u, _ in pairs} == set(uuids)
        if whole and village is not None:  # in 户编号 order, as the village's entries are summed
            items = village_states(conn, village)
            whole = [(u, r) for u, r, _ in items] == pairs
        else:
            items = current_states(conn, uuids, parsed=False)
            at = {u: i for i, u in enumerate(uuids)}
            items.sort(key=lambda item: at[item[0]])
    summing = together(village, *_WORKERS.together_args) \
        if whole and together is not None else None
    out: list[Answer] = []
    for uuid, revision, text in items:
        facts = _FACTS(json.loads(text), day)
        parts = [(MAIN, encode(facts.parts[MAIN]))]
        out.append((uuid, revision, facts.window,
                    parts + [(part, encode(data)) for part, data in facts.parts.items()
                             if part != MAIN and data is not None]))
        if summing is not None:
            summing.add(uuid, revision, facts)  # not held: a village's facts would be ~30 MiB
    if summing is None or pairs is None:
        return out, None  # not the whole village: summed where it is kept
    return out, (pairs, [(e.record_uuid, e.kind, e.revision_id, e.encoded_data(),
                          e.valid_from, e.valid_until) for e in summing.entries()])
