"""Ledger import benchmark (issue 18): a 50,000-person village ledger into the store.

Issue 18's target: "a 50,000-person ledger (generated, in the layout of `mopai ledger`)
imports in ≤ 60 s". The ledger is written by the same code as `mopai ledger`
(reports/ledger.py) from a generated village without mistakes (a clean file: one with
problems is refused whole, which would time the preview only), and cached. The import runs
`mopai ledger import FILE --village CODE` through the command's own entry point
(`mopai.cli.main.main`) in a fresh process, with its peak memory and the address space
limited as for the county import (bench/child.py): once into an empty village store (every
household new), then again into the store it filled (every household found, nothing changed,
nothing written). Memory is held to the same 500 MiB as a county import: 4 GB laptops.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import data
from .runner import BENCH_DIR, PASSPHRASE, USER, Context, Figure, benchmark

PERSONS_PER_HOUSEHOLD = 4.0   # the generator's mean (docs/bench.md)


def ledger_file(ctx: Context, households: int) -> tuple[Path, int]:
    """A cached village ledger of `households` clean generated households, written by
    reports/ledger.py, and its number of person rows."""
    reports = hashlib.sha256(b"".join(p.read_bytes() for p in
                                      sorted((data.ROOT / "reports").glob("*.py")))).hexdigest()
    path = ctx.cache / (f"ledger-s{ctx.seed}-n{households}-{data.fingerprint()}-"
                        f"{reports[:8]}.xlsx")
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text())["persons"]
    from mopai.reports.ledger import ledger_workbook
    from mopai.sync.synth import VillageSpec, generate_village
    from mopai.sync.workspace import Workspace

    ctx.log(f"   writing a ledger of {households:,} households with `mopai ledger`'s code "
            "(cached for next time)")
    tmp = ctx.work / f"ledger-source-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    data.empty_workspace(ctx, tmp)
    made = generate_village(VillageSpec(data.BENCH_VILLAGE, households, ctx.seed,
                                        mistake_rate=0.0))
    out = path.with_name(path.name + f".{os.getpid()}.tmp.xlsx")
    try:
        with Workspace(tmp).unlock(USER, PASSPHRASE) as store:
            store.households.save_many([g.state for g in made])
            persons = ledger_workbook(store, data.BENCH_VILLAGE, out)
        os.replace(out, path)
        data._write(meta, json.dumps({"persons": persons, "households": households}).encode())
    finally:
        out.unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return path, persons


def _child(ledger: Path, home: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.ledger_cases", str(ledger), str(home)],
        cwd=BENCH_DIR.parent, capture_output=True, text=True, timeout=3600,
        env={**os.environ, "MOPAI_PASSPHRASE": PASSPHRASE, "MOPAI_USER": USER})
    if result.returncode != 0:
        raise RuntimeError(f"ledger import child failed: {result.stderr.strip()[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@benchmark("ledger_import", "`mopai ledger import` of a 50,000-person ledger, then again")
def ledger_import(ctx: Context) -> list[Figure]:
    households = ctx.size(round(50_000 / PERSONS_PER_HOUSEHOLD), 150)
    ledger, persons = ledger_file(ctx, households)
    with ctx.scratch("ledger_import") as tmp:
        home = data.empty_workspace(ctx, tmp / "village")
        first = _child(ledger, home)
        again = _child(ledger, home)
    mib = ledger.stat().st_size / 2**20
    return [
        Figure("ledger_import", f"ledger import, {persons:,} people into an empty village",
               first["seconds"], "s", 60, "<=", "issue 18",
               detail=f"{first['out']}; {mib:.1f} MiB .xlsx written by `mopai ledger`, "
               f"read, previewed, checked and saved in one transaction; CPU {first['cpu_s']:.1f} s"),
        Figure("ledger_import", "ledger import peak memory", first["peak_mib"], "MiB", 500, "<=",
               "issue 14 (4 GB laptops)",
               detail=f"the whole `mopai ledger import` process; address space limited to "
               f"{first['address_space_mib']} MiB"),
        Figure("ledger_import", "the same ledger again (every household found, no change)",
               again["seconds"], "s", 60, "<=", "issue 18",
               detail=f"{again['out']}; CPU {again['cpu_s']:.1f} s"),
        Figure("ledger_import", "the same ledger again, peak memory", again["peak_mib"], "MiB",
               500, "<=", "issue 14 (4 GB laptops)"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Child: `mopai ledger import LEDGER --village CODE --home HOME` in this fresh process,
    through the command's entry point; prints seconds, peak memory and its last line."""
    from bench.child import limit_address_space, peak_rss_mib

    parser = argparse.ArgumentParser(prog="python -m bench.ledger_cases")
    parser.add_argument("ledger", type=Path)
    parser.add_argument("home", type=Path)
    args = parser.parse_args(argv)
    address_space = limit_address_space()
    from mopai.cli.main import main as mopai

    said = io.StringIO()
    cpu = time.process_time()
    start = time.perf_counter()
    with contextlib.redirect_stdout(said):
        code = mopai(["ledger", "import", str(args.ledger), "--village", data.BENCH_VILLAGE,
                      "--home", str(args.home)])
    seconds = time.perf_counter() - start
    if code != 0:
        print(said.getvalue()[-3000:], file=sys.stderr)
        return code
    last = said.getvalue().strip().splitlines()[-1]
    print(json.dumps({"seconds": seconds, "cpu_s": time.process_time() - cpu,
                      "peak_mib": peak_rss_mib(), "out": last,
                      "address_space_mib": address_space and address_space >> 20}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
