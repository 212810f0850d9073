"""The benchmark registry, the figures they return, and the run loop.

A benchmark is a function of a `Context` returning `Figure`s. Each figure carries its own
target (with where the target comes from: an issue, DESIGN.md, or proposed here) so the
results say pass or fail without anyone re-reading the issues; a figure that cannot be
measured (the forms API missing, say) is a `skip` row that says why — never a made-up number.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PASSPHRASE = "bench-passphrase-1"   # synthetic data only
USER = "测评员"


@dataclass
class Figure:
    benchmark: str
    name: str                      # what was measured, one line
    value: float | None
    unit: str
    target: float | None = None    # the limit
    op: str = "<="                 # value op target must hold
    source: str = ""               # "issue 3", "proposed", "DESIGN.md"
    detail: str = ""
    skipped: str = ""              # why it could not be measured
    error: str = ""                # the benchmark crashed

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if self.skipped or self.value is None:
            return "skip"
        if self.target is None:
            return "info"
        ok = self.value <= self.target if self.op == "<=" else self.value >= self.target
        return "pass" if ok else "fail"

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        sign = "≤" if self.op == "<=" else "≥"
        return f"{sign} {fmt(self.target)} {self.unit}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


@dataclass
class Context:
    """What a benchmark gets: the size to use, where to cache and where to scribble."""

    quick: bool
    seed: int
    cache: Path
    work: Path
    log: Callable[[str], None] = print
    sizes: dict[str, int] = field(default_factory=dict)

    def size(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    @contextmanager
    def scratch(self, name: str) -> Iterator[Path]:
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.work))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


Benchmark = Callable[[Context], list[Figure]]
REGISTRY: dict[str, tuple[Benchmark, str]] = {}


def benchmark(name: str, about: str) -> Callable[[Benchmark], Benchmark]:
    def register(fn: Benchmark) -> Benchmark:
        REGISTRY[name] = (fn, about)
        return fn
    return register


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(pct) - 1]


def run(names: list[str], ctx: Context) -> tuple[list[Figure], dict[str, float]]:
    """Run the named benchmarks in order; one that crashes becomes a failed row, not an abort."""
    figures: list[Figure] = []
    seconds: dict[str, float] = {}
    for name in names:
        fn, about = REGISTRY[name]
        ctx.log(f"== {name}: {about}{' (quick)' if ctx.quick else ''}")
        start = time.perf_counter()
        try:
            got = fn(ctx)
        except Exception as exc:  # a broken benchmark must not hide the others' results
            ctx.log(traceback.format_exc())
            got = [Figure(name, f"{about}: crashed", None, "", error=repr(exc))]
        seconds[name] = time.perf_counter() - start
        for f in got:
            ctx.log(f"   {f.name}: {fmt(f.value)} {f.unit} [{f.status}]")
        figures += got
    return figures, seconds
