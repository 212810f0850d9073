"""Where and when figures were measured, and the results files.

A figure means little without the machine (an old 2-core laptop is the target, DESIGN.md)
and the commit it measured, so both go into every results file. `results.json` keeps the
latest run of each benchmark: `--only NAME` replaces that benchmark's rows and leaves the
others as they were, each with its own date, commit and size (quick or full).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from mopai.sync.atomic import write_atomic

from .runner import BENCH_DIR, Figure, fmt

RESULTS_VERSION = 1


def _memory_bytes() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if os.name == "nt":  # pragma: no cover - Windows laptops
        import ctypes

        class Status(ctypes.Structure):
            _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                        ("ullTotalPhys", ctypes.c_ulonglong), ("rest", ctypes.c_ulonglong * 6)]

        status = Status()
        status.dwLength = ctypes.sizeof(Status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.ullTotalPhys)
    return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _sqlcipher_version() -> str:
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        try:
            row = conn.execute("PRAGMA cipher_version").fetchone()
            return f"SQLCipher {row[0] if row else '?'} (SQLite {sqlcipher3.sqlite_version})"
        finally:
            conn.close()
    except Exception:  # noqa: BLE001 - only informative
        return "unknown"


def machine() -> dict[str, Any]:
    memory = _memory_bytes()
    return {"cores": os.cpu_count(), "memory_gib": round(memory / 2**30, 1) if memory else None,
            "cpu": _cpu_model(), "os": platform.platform(), "python": platform.python_version(),
            "sqlcipher": _sqlcipher_version()}


def git_commit() -> str:
    root = BENCH_DIR.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, text=True,
                              capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               text=True, capture_output=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def merge(out: Path, figures: list[Figure], seconds: dict[str, float], *, quick: bool
          ) -> dict[str, Any]:
    """The new results.json content: this run's benchmarks replace their earlier rows."""
    path = out / "results.json"
    old: dict[str, Any] = {}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
    runs = old.get("benchmarks", {}) if old.get("version") == RESULTS_VERSION else {}
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    this_machine, commit = machine(), git_commit()
    for name, secs in seconds.items():
        runs[name] = {"date": now, "commit": commit, "quick": quick, "seconds": round(secs, 2),
                      "machine": this_machine,
                      "figures": [f.to_dict() for f in figures if f.benchmark == name]}
    return {"version": RESULTS_VERSION, "updated": now, "machine": this_machine,
            "commit": commit, "benchmarks": dict(sorted(runs.items()))}


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| benchmark | figure | value | target | status | source | detail |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        value = f"{fmt(r['value'])} {r['unit']}".strip() if r["value"] is not None else "—"
        target = Figure(**{k: r[k] for k in ("benchmark", "name", "value", "unit", "target",
                                             "op")}).target_text()
        detail = r.get("error") or r.get("skipped") or r.get("detail") or ""
        lines.append(f"| {r['benchmark']} | {r['name']} | {value} | {target} | "
                     f"**{r['status']}** | {r.get('source') or ''} | {detail.replace('|', '/')} |")
    return lines


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = ["# Benchmark results", "",
             "Written by `python -m bench` (`make bench`); see docs/bench.md for what each figure "
             "measures and where its target comes from.", "",
             f"- updated: {results['updated']}, commit `{results['commit']}`",
             f"- machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}",
             f"- {m['os']}, Python {m['python']}, {m['sqlcipher']}", ""]
    rows = [f for run in results["benchmarks"].values() for f in run["figures"]]
    lines += table(rows)
    lines += ["", "| benchmark | run | size | commit | seconds |", "|---|---|---|---|---|"]
    for name, run in results["benchmarks"].items():
        other = " (other machine)" if run["machine"] != m else ""
        lines.append(f"| {name} | {run['date']}{other} | {'quick' if run['quick'] else 'full'} | "
                     f"`{run['commit']}` | {run['seconds']} |")
    return "\n".join(lines) + "\n"


def write(out: Path, results: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "results.json",
                 (json.dumps(results, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                 mode=0o644)
    write_atomic(out / "results.md", markdown(results).encode("utf-8"), mode=0o644)


def console(figures: list[Figure]) -> str:
    """A plain-text table for the terminal."""
    rows = [(f.benchmark, f.name, f"{fmt(f.value)} {f.unit}".strip() if f.value is not None else "—",
             f.target_text(), f.status.upper()) for f in figures]
    head = ("benchmark", "figure", "value", "target", "status")
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(5)]
    out = []
    for r in [head, *rows]:
        out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
