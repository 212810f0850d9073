"""The checks of a bundle's revisions that need nothing from the store — the strict schema
(`sync/schema.py`) and the form's checks — done ahead of the merge and, for a large import,
in other processes.

At a county import these checks are most of the CPU (the form's about 0.2 ms a household,
against ~0.3 ms for the merge and the encrypted writes), and they need nothing from the
store. A validator that offers a picklable `batch` function
(`desktop.validation.store_validator`) is run in a pool of `spawn`ed processes (the way
Windows starts them, and safe beside the app's threads) on the revisions' JSON lines as
they came out of the bundle, while this process merges the bundles before. A small import
(one bundle from a stick) checks in this process: starting a pool costs more than it saves.
If a worker dies, its share is checked here again: a pool can only make an import faster,
never change what it decides.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import schema
from .record import dumps

State = dict[str, Any]
# (the schema problem, the form's errors; '' when none), and from a worker, for a
# well-formed revision, its canonical JSON, which the merge would otherwise make.
Verdict = tuple[str, str, str | None]
CHUNK = 250                      # revisions per task: some tens of ms of work
PARALLEL_BYTES = 2 * 1024**2     # a run this large (bundle files) is checked in a pool
MAX_WORKERS = 3


def reasons(validator: Callable[[State], Sequence[Any]], states: Sequence[State | None]
            ) -> list[str]:
    """Per state: '' when it has no error (or is None: not to be checked), else the first
    errors' messages — the quarantine reason."""
    out = []
    for state in states:
        if state is None:
            out.append("")
            continue
        try:
            errors = [f for f in validator(state) if f.severity == "error"]
        except Exception as exc:  # noqa: BLE001 - a form that cannot check it: keep it aside
            errors = [type(exc).__name__]
        out.append("；".join(str(getattr(e, "message_zh", None) or e) for e in errors[:5]))
    return out


def check_revisions(validator: Callable[[State], Sequence[Any]] | None,
                    revs: Sequence[Any], *, prepare: bool = False) -> list[Verdict]:
    """The schema, then (for a well-formed complete save) the form's checks, per revision;
    with `prepare` (in a worker), also the canonical JSON the merge stores (the work is split
    so that the merge and the worker take about as long as each other on two cores)."""
    out: list[Verdict] = []
    for rev in revs:
        problem = schema.revision_problem(rev)
        form = ""
        if not problem and validator is not None and rev["kind"] == "save" \
                and rev["state"]["status"] == "complete":
            [form] = reasons(validator, [rev["state"]])
        out.append((problem, form, dumps(rev["state"]) if prepare and not problem else None))
    return out


def check_lines(validator: Callable[[State], Sequence[Any]], lines: Sequence[bytes]
                ) -> list[Verdict]:
    """`check_revisions` of revision lines as they came out of the bundle (a worker's task)."""
    revs: list[Any] = []
    for line in lines:
        try:
            revs.append(json.loads(line))
        except (ValueError, RecursionError):
            revs.append(None)  # the importer parsed it already; cannot happen
    return check_revisions(validator, revs, prepare=True)


class Pending:
    """The verdicts of one bundle's revision lines, some perhaps still being computed
    elsewhere; whatever a worker did not give is checked here."""

    def __init__(self, checker: Checker,
                 futures: list[tuple[list[int], Future[list[Verdict]]]]) -> None:
        self._checker, self._futures = checker, futures

    def verdicts(self, lines: Sequence[dict[str, Any]]) -> list[Verdict]:
        """One verdict per revision of the parsed `lines`, in order."""
        got: dict[int, Verdict] = {}
        for at, future in self._futures:
            try:
                part = future.result()
            except Exception:  # noqa: BLE001 - a dead worker: check here instead
                continue
            if len(part) == len(at):
                got.update(zip(at, (tuple(v) for v in part), strict=True))  # type: ignore[misc]
        return [got.get(i) or check_revisions(self._checker.validator, [line])[0]
                for i, line in enumerate(lines) if line.get("t") == "rev"]


class Checker:
    def __init__(self, validator: Callable[[State], Sequence[Any]] | None,
                 pool: ProcessPoolExecutor | None = None) -> None:
        self.validator = validator
        self.pool = pool

    @classmethod
    def for_run(cls, validator: Callable[[State], Sequence[Any]] | None,
                files: Sequence[Path]) -> Checker:
        batch = getattr(validator, "batch", None)
        workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1)
        if batch is None or workers < 1 or len(files) < 2 \
                or sum(_size(f) for f in files) < PARALLEL_BYTES:
            return cls(validator)
        pool = ProcessPoolExecutor(max_workers=workers,
                                   mp_context=multiprocessing.get_context("spawn"))
        return cls(validator, pool)

    def submit(self, at: list[int], lines: list[bytes]) -> Pending:
        """Start checking the revision `lines` (at line numbers `at` of their bundle) in the
        pool; without one they are checked when their verdicts are asked for."""
        futures: list[tuple[list[int], Future[list[Verdict]]]] = []
        batch = getattr(self.validator, "batch", None)
        if self.pool is not None and batch is not None:
            for start in range(0, len(lines), CHUNK):
                try:
                    futures.append((at[start:start + CHUNK],
                                    self.pool.submit(batch, lines[start:start + CHUNK])))
                except Exception:  # noqa: BLE001 - a broken pool: check here
                    break
        return Pending(self, futures)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
