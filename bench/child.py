"""Measurements that need a process of their own, run as `python -m bench.child …`.

Peak memory is a property of a whole process: measured in the benchmark runner it would
include the generator's data and every earlier benchmark. The county import therefore runs
here, in a fresh interpreter, and prints its figures as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
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


def _status(pid: int | str, field: str) -> int | None:
    """A `/proc/<pid>/status` figure in KiB (VmRSS, VmHWM), or None (gone, not Linux)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    stat = f.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


class TreePeak:
    """The peak resident memory of this process and its children together (a pool's workers),
    sampled every `every` seconds while the block runs (Linux; `peak_mib` None elsewhere), and
    each child's own peak (VmHWM, read while it lives)."""

    def __init__(self, every: float = 0.05) -> None:
        self.every = every
        self.peak_kib = 0
        self.children_kib: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        if os.path.exists("/proc/self/status"):
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _status(me, "VmRSS") or 0
            for child in _children(me):
                total += _status(child, "VmRSS") or 0
                peak = _status(child, "VmHWM")
                if peak:
                    self.children_kib[child] = max(peak, self.children_kib.get(child, 0))
            self.peak_kib = max(self.peak_kib, total)
            self._stop.wait(self.every)

    @property
    def peak_mib(self) -> float | None:
        return self.peak_kib / 1024 if self.peak_kib else None

    @property
    def children_mib(self) -> list[float]:
        return [kib / 1024 for _, kib in sorted(self.children_kib.items())]


def children_cpu_s() -> float:
    """User and system CPU seconds of this process's finished (joined) children."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
