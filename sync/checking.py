"""The checks of a bundle's revisions that need nothing from the store — the strict schema
(`sync/schema.py`) and the form's checks — done ahead of the merge and, for a large import,
in other processes.

At a county import these checks are most of the CPU (the form's about 0.2 ms a household,
against ~0.3 ms for the merge and the encrypted writes), and they need nothing from the
store but its forms. When the store checks with its forms (`sync.store.open_store`), the
checks are `Checks` over a `sync.formbook.FormCatalog`, which pickles: they run in a pool of
`spawn`ed processes (the way Windows starts them, and safe beside the app's threads) on the
revisions' JSON lines as they came out of the bundle, while this process merges the bundles
before. Each worker parses a form once (`sync.formbook.parse`, by the workbook's hash), not
per task. When the merge has caught up with the workers, it checks the oldest chunks no
worker has started rather than wait (`Checker.steal`): on two cores one worker and the merge
share both cores whichever is the slower. A small import (one bundle from a stick) checks in
this process: starting a pool costs more than it saves. If a worker dies, its share is checked here again: a pool can only
make an import faster, never change what it decides.

Each revision is checked against the form it is saved under. A return bundle may bring that
form with it (a `form` line): its revisions checked before the form was known are checked
again at the merge, once the bundle's form is (`Pending.verdicts`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schema
from .record import dumps

if TYPE_CHECKING:
    from .formbook import FormCatalog, FormRef
    from .schema import FieldTypes

State = dict[str, Any]
# (the schema problem, the form's errors; '' when none), and from a worker, for a
# well-formed revision, its canonical JSON, which the merge would otherwise make.
Verdict = tuple[str, str, str | None]
CHUNK = 250                      # revisions per task: some tens of ms of work
PARALLEL_BYTES = 2 * 1024**2     # a run this large (bundle files) is checked in a pool
MAX_WORKERS = 3


@dataclass(frozen=True)
class Checks:
    """What one import run checks revisions with: the field types and the form's checks of
    the forms the store holds (`catalog`, picklable), or another `validator` (tests), which
    runs in this process only. Without either, only the strict schema."""

    catalog: FormCatalog | None = None
    form: bool = False                 # the form's checks from `catalog`
    validator: Callable[[State], Sequence[Any]] | None = None

    @property
    def picklable(self) -> bool:
        return self.form and self.catalog is not None and self.validator is None

    @property
    def versions(self) -> frozenset[str]:
        return self.catalog.versions if self.catalog is not None else frozenset()

    def types(self, rev: Any) -> FieldTypes | None:
        if self.catalog is None:
            return None
        return self.catalog.types(rev.get("state") if isinstance(rev, dict) else None)

    def findings(self, state: State) -> Sequence[Any] | None:
        """The form's findings of a complete save; None when nothing checks them."""
        if self.validator is not None:
            return self.validator(state)
        if self.form and self.catalog is not None:
            return self.catalog.validate(state)
        return None

    def with_form(self, ref: FormRef) -> Checks:
        if self.catalog is None:
            return self
        return replace(self, catalog=self.catalog.with_form(ref))


def reasons(validator: Callable[[State], Sequence[Any] | None], states: Sequence[State | None]
            ) -> list[str]:
    """Per state: '' when it has no error (or is None: not to be checked), else the first
    errors' messages — the quarantine reason."""
    out = []
    for state in states:
        if state is None:
            out.append("")
            continue
        try:
            errors = [f for f in validator(state) or () if f.severity == "error"]
        except Exception as exc:  # noqa: BLE001 - a form that cannot check it: keep it aside
            errors = [type(exc).__name__]
        out.append("；".join(str(getattr(e, "message_zh", None) or e) for e in errors[:5]))
    return out


def check_revisions(checks: Checks, revs: Sequence[Any], *, prepare: bool = False
                    ) -> list[Verdict]:
    """The schema (with the field types of each record's form), then (for a well-formed
    complete save) the form's checks, per revision; with `prepare` (in a worker), also the
    canonical JSON the merge stores (the work is split so that the merge and the worker take
    about as long as each other on two cores)."""
    out: list[Verdict] = []
    for rev in revs:
        problem = schema.revision_problem(rev, checks.types(rev))
        form = ""
        if not problem and rev["kind"] == "save" and rev["state"]["status"] == "complete":
            [form] = reasons(checks.findings, [rev["state"]])
        out.append((problem, form, dumps(rev["state"]) if prepare and not problem else None))
    return out


def check_lines(checks: Checks, lines: Sequence[bytes]) -> list[Verdict]:
    """`check_revisions` of revision lines as they came out of the bundle (a worker's task)."""
    return _check_lines(checks, lines)


def _check_lines(checks: Checks, lines: Sequence[bytes]) -> list[Verdict]:
    revs: list[Any] = []
    for line in lines:
        try:
            revs.append(json.loads(line))
        except (ValueError, RecursionError):
            revs.append(None)  # the importer parsed it already; cannot happen
    return check_revisions(checks, revs, prepare=True)


def _version(line: dict[str, Any]) -> Any:
    state = line.get("state")
    return state.get("form_version") if isinstance(state, dict) else None


class _Task:
    """One chunk of a bundle's revision lines, checked by a worker, or here if this process
    has nothing better to do before the worker has started it (`Checker.steal`)."""

    __slots__ = ("at", "checks", "future", "lines", "local")

    def __init__(self, at: list[int], checks: Checks, lines: list[bytes],
                 future: Future[list[Verdict]]) -> None:
        self.at, self.checks, self.lines, self.future = at, checks, lines, future
        self.local: list[Verdict] | None = None

    def done(self) -> bool:
        return self.local is not None or self.future is None or self.future.done()

    def result(self) -> list[Verdict] | None:
        """The verdicts, waiting for the worker if it has the chunk; None if the worker died."""
        if self.local is not None:
            return self.local
        try:
            return self.future.result() if self.future is not None else None
        except Exception:  # noqa: BLE001 - a dead worker: check here instead
            return None

    def release(self) -> None:
        """Answered and used: its lines and verdicts (each revision's canonical JSON) can go,
        though the checker's queue may still hold the task (`Checker.steal` skips it)."""
        self.lines, self.local, self.future = [], None, None


class Pending:
    """The verdicts of one bundle's revision lines, some perhaps still being computed
    elsewhere; whatever a worker did not give is checked here."""

    def __init__(self, checker: Checker, tasks: list[_Task], checks: Checks) -> None:
        self._checker, self._tasks, self._checks = checker, tasks, checks

    def verdicts(self, lines: Sequence[dict[str, Any]], checks: Checks | None = None
                 ) -> list[Verdict]:
        """One verdict per revision of the parsed `lines`, in order. With `checks` that hold
        more forms than those the lines were submitted with (the bundle brought one), a
        revision saved under one of those is checked again here. While a worker still checks
        this bundle's lines, this process checks chunks no worker has started (`steal`)
        instead of waiting idle: on two cores the merge and the checks share both."""
        got: dict[int, Verdict] = {}
        for task in self._tasks:
            while not task.done() and self._checker.steal():
                pass
            part = task.result()
            task.release()
            if part is not None and len(part) == len(task.at):
                got.update(zip(task.at, (tuple(v) for v in part), strict=True))  # type: ignore[misc]
        checks = checks or self._checks
        learnt = checks.versions - self._checks.versions
        out = []
        for i, line in enumerate(lines):
            if line.get("t") != "rev":
                continue
            verdict = got.get(i)
            if verdict is None or (learnt and _version(line) in learnt):
                verdict = check_revisions(checks, [line])[0]
            out.append(verdict)
        return out


def _workers() -> int:
    return min(MAX_WORKERS, (os.cpu_count() or 1) - 1)


def _new_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=_workers(),
                               mp_context=multiprocessing.get_context("spawn"))


class SharedPool:
    """Checking workers kept from one import run to the next, for a process that imports a
    few bundles at a time again and again: the sync server imports its queue in runs of
    `IMPORT_BATCH` bundles (sync/net/server.py). Starting the workers (a spawned interpreter
    importing the package, then parsing the form) cost each run about a second of CPU — at a
    county's 300 villages, a sixth of the folder import's time. A pool a worker died in is
    replaced at the next run."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def get(self) -> ProcessPoolExecutor | None:
        if _workers() < 1:
            return None
        # `_broken`: set by the executor when a worker died (CPython's, since 3.8)
        if self._pool is None or getattr(self._pool, "_broken", False):
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = _new_pool()
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class Checker:
    def __init__(self, checks: Checks, pool: ProcessPoolExecutor | None = None, *,
                 owned: bool = True) -> None:
        self.checks = checks
        self.pool = pool
        self.owned = owned  # this run started the pool: it shuts it down
        self._queued: deque[_Task] = deque()  # submitted, perhaps not started: stealable

    @classmethod
    def for_run(cls, checks: Checks, files: Sequence[Path],
                shared: SharedPool | None = None) -> Checker:
        """A checker for one import run: with a pool of workers when the run is large enough
        to gain from starting one, or whatever its size with the `shared` pool (already
        started: the sync server imports bundles as they arrive, often one a run, and without
        the pool checked them all in its one import thread while the other core idled)."""
        if not checks.picklable or _workers() < 1 or not files:
            return cls(checks)
        if shared is not None:
            return cls(checks, shared.get(), owned=False)
        if len(files) < 2 or sum(_size(f) for f in files) < PARALLEL_BYTES:
            return cls(checks)
        return cls(checks, _new_pool())

    def submit(self, at: list[int], lines: list[bytes]) -> Pending:
        """Start checking the revision `lines` (at line numbers `at` of their bundle) in the
        pool; without one they are checked when their verdicts are asked for."""
        tasks: list[_Task] = []
        checks = self.checks
        if self.pool is not None:
            work = check_lines  # looked up now: a test replaces it with a worker that dies
            for start in range(0, len(lines), CHUNK):
                chunk = lines[start:start + CHUNK]
                try:
                    future = self.pool.submit(work, checks, chunk)
                except Exception:  # noqa: BLE001 - a broken pool: check here
                    break
                tasks.append(_Task(at[start:start + CHUNK], checks, chunk, future))
            # Answered in order by the workers ahead of the merge: the stealable ones are
            # after those. A run whose merge never waits never steals, and its queue, holding
            # every task (and, before `release`, every verdict) of the run, grew by ~200 MiB
            # over 300 villages through the sync server, which imports its queue in one run.
            while self._queued and self._queued[0].done():
                self._queued.popleft()
            self._queued.extend(tasks)
        return Pending(self, tasks, checks)

    def steal(self) -> bool:
        """Check here the oldest chunk no worker has started, if there is one; False when
        there is none left to take. The oldest: the merge needs it next, so its verdicts
        (each revision's canonical JSON with them) are held for the shortest time — taking
        the newest, far ahead, held up to the lookahead's worth and cost ~120 MiB at a county
        import."""
        while self._queued:
            task = self._queued.popleft()
            if task.done() or not task.future.cancel():  # answered, or a worker has it
                continue
            task.local = _check_lines(task.checks, task.lines)  # not started: ours now
            return True
        return False

    def learn(self, ref: FormRef) -> None:
        """A form the run's previous bundle brought (and the store now keeps): the bundles
        submitted from now on are checked with it too."""
        self.checks = self.checks.with_form(ref)

    def close(self) -> None:
        if self.pool is not None and self.owned:
            self.pool.shutdown(wait=True, cancel_futures=True)
        elif self.pool is not None:  # shared: what this run no longer needs is not checked
            for task in self._queued:
                if task.future is not None:
                    task.future.cancel()
        self._queued.clear()
        self.pool = None


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
