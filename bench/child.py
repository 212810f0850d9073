"""Measurements that need a process of their own, run as `python -m bench.child …`.

Peak memory is a property of a whole process: measured in the benchmark runner it would
include the generator's data and every earlier benchmark. The county import therefore runs
here, in a fresh interpreter, and prints its figures as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def peak_rss_mib() -> float | None:
    """Peak resident memory of this process so far (Linux/macOS; None elsewhere).

    Linux: VmHWM of this process's own address space. Not `ru_maxrss`, which a child
    inherits from the parent it was forked from (the runner, holding earlier benchmarks' data).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def children_peak_mib() -> float | None:
    """The largest peak of this process's finished children (the import's checking worker,
    joined when the import ends); None where the platform does not say."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1) or None


# The import runs with its address space limited (issue 14): a 4 GB Windows laptop commits
# what a process sets aside, so a read that reserves more than it needs fails there. The
# checking worker inherits the limit.
ADDRESS_SPACE = 2 * 1024**3


def limit_address_space(limit: int = ADDRESS_SPACE) -> int | None:
    """RLIMIT_AS = `limit` where the platform has it; the limit set, or None."""
    try:
        import resource
    except ImportError:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return limit


def county_import(county: Path, bundles: Path) -> dict[str, object]:
    address_space = limit_address_space()
    from mopai.sync.store import open_store
    from mopai.sync.workspace import Workspace

    from .runner import PASSPHRASE, USER

    files = sorted(bundles.glob("*.mopai")) or sorted(bundles.iterdir())
    # Exactly as `mopai import` and the app open it: with the form's validator.
    with open_store(Workspace(county), USER, PASSPHRASE) as store:
        before = peak_rss_mib()
        start = time.perf_counter()
        first = store.sync.import_paths(files)
        took = time.perf_counter() - start
        peak = peak_rss_mib()
        start = time.perf_counter()
        again = store.sync.import_paths(files)
        retook = time.perf_counter() - start
        status = store.status()
    return {"import_s": took, "reimport_s": retook, "peak_rss_mib": peak,
            "worker_peak_mib": children_peak_mib(),
            "rss_before_mib": before, "bundles": len(files),
            "accepted": sum(r.status == "accepted" for r in first),
            "rejected": [r.reason for r in first if r.status == "rejected"],
            "again_accepted": sum(r.status == "accepted" for r in again),
            "households": status.households, "members": status.members,
            "quarantined": status.quarantined, "conflicts": status.open_conflicts,
            "address_space_mib": address_space and address_space >> 20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("what", choices=["import"])
    parser.add_argument("--county", type=Path, required=True)
    parser.add_argument("--bundles", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(county_import(args.county, args.bundles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
