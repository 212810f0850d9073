"""The form's checks of a bundle's revisions, done ahead of the merge and, for a large
import, in other processes.

At a county import the form's checks are most of the CPU (about 1 ms a household against
~0.3 ms for the merge and the encrypted writes), and they need nothing from the store: a
validator that offers a picklable `batch` function (`desktop.validation.store_validator`)
is run in a pool of `spawn`ed processes (the way Windows starts them, and safe beside the
app's threads) while this process merges the bundles before. A small import (one bundle
from a stick) checks in this process: starting a pool costs more than it saves. If a worker
dies, its share is checked here again: a pool can only make an import faster, never change
what it decides.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

State = dict[str, Any]
CHUNK = 250                      # states per task: a few hundred ms of work
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


class Pending:
    """The verdicts of one bundle, some perhaps still being computed elsewhere."""

    def __init__(self, checker: Checker, states: list[State | None],
                 futures: list[tuple[int, int, Future[list[str]] | None]]) -> None:
        self._checker, self._states, self._futures = checker, states, futures

    def result(self) -> list[str]:
        out = [""] * len(self._states)
        for start, stop, future in self._futures:
            part = self._states[start:stop]
            try:
                verdicts = future.result() if future is not None else None
            except Exception:  # noqa: BLE001 - a dead worker: check here instead
                verdicts = None
            if verdicts is None or len(verdicts) != len(part):
                verdicts = reasons(self._checker.validator, part) if self._checker.validator \
                    else [""] * len(part)
            out[start:stop] = verdicts
        return out


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

    def submit(self, states: list[State | None]) -> Pending:
        futures: list[tuple[int, int, Future[list[str]] | None]] = []
        batch = getattr(self.validator, "batch", None)
        for start in range(0, len(states), CHUNK):
            stop = min(start + CHUNK, len(states))
            future = None
            if self.pool is not None and batch is not None \
                    and any(s is not None for s in states[start:stop]):
                try:
                    future = self.pool.submit(batch, states[start:stop])
                except Exception:  # noqa: BLE001 - a broken pool: check here
                    future = None
            futures.append((start, stop, future))
        return Pending(self, states, futures)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
