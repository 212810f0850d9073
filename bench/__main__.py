"""`python -m bench`: run the benchmarks, print a table, write the results files."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import (
    county_cases,
    desktop_cases,
    form_cases,
    ledger_cases,
    net_cases,
    report_cases,
    store_cases,
    sync_cases,
)
from .runner import BENCH_DIR, REGISTRY, Context, run

ORDER = ("generate", "bulk_insert", "save", "search", "unlock", "export", "import", "net_sync", "form_load",
         "validate", "desktop", "desktop_20", "reports", "county_list", "ledger_import")
CASES = (county_cases, desktop_cases, form_cases, ledger_cases, net_cases, report_cases,
         store_cases, sync_cases)  # @benchmark fills


def load_all() -> None:
    """The registry, filled by the case modules' @benchmark decorators when they were
    imported above (here, not in runner.py, which they import), in ORDER."""
    ranked = sorted(REGISTRY.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99)
    REGISTRY.clear()
    REGISTRY.update(ranked)


def main(argv: list[str] | None = None) -> int:
    load_all()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", metavar="NAME", action="append",
                        help=f"run only this benchmark (repeatable): {', '.join(REGISTRY)}")
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR,
                        help="where results.md and results.json go (bench/)")
    parser.add_argument("--cache", type=Path, default=BENCH_DIR / "cache",
                        help="generated-data cache (bench/cache/)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, (_, about) in REGISTRY.items():
            print(f"{name:12} {about}")
        return 0
    names = args.only or list(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(REGISTRY)}")
    from . import report
    from .data import prune

    args.cache.mkdir(parents=True, exist_ok=True)
    for name in prune(args.cache):
        print(f"removed stale cache entry {name}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="mopai-bench-") as work:
        ctx = Context(quick=args.quick, seed=args.seed, cache=args.cache, work=Path(work),
                      log=lambda line: print(line, file=sys.stderr, flush=True))
        figures, seconds = run(names, ctx)
    results = report.merge(args.out, figures, seconds, quick=args.quick)
    report.write(args.out, results)
    print(report.console(figures))
    print(f"\nwritten: {args.out / 'results.md'}, {args.out / 'results.json'}")
    return 1 if any(f.status == "error" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
