"""Sync benchmarks (issue 6): export one village, import a whole county, import it again.

Issue 6's targets: export of a 5,000-household village ≤ 2 s including the read-back check;
import of a synthetic county (300 village bundles, ~150,000 households, ~600,000 people)
≤ 60 s with peak memory ≤ 500 MB, beside the time a raw SQLCipher bulk insert of the same
rows takes in the same run; re-importing the same bundles ≤ 5 s. Issue 16's: the report
facts of the county just imported (what the dashboard and every report wait for after an
import) ≤ 60 s on two cores, parent and workers together ≤ 500 MiB. The county comes from
sync.synth with real enrolment and real bundles, cached in bench/cache/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

from sqlalchemy import text

from . import data, report_cases
from .runner import BENCH_DIR, Context, Figure, benchmark, timed
from .store_cases import TABLES, _unlock


@benchmark("export", "export a village's bundle (with read-back check)")
def export(ctx: Context) -> list[Figure]:
    size = ctx.size(5_000, 300)
    with ctx.scratch("export") as tmp:
        _, village = data.enrolled_village(ctx, size, tmp / "pair")
        stick = tmp / "stick"
        stick.mkdir()
        with _unlock(village) as store:
            seconds, result = timed(lambda: store.sync.export(stick))
        mib = result.path.stat().st_size / 2**20
    return [Figure("export", f"export {size:,} households to a bundle", seconds, "s", 2.0, "<=",
                   "issue 6", detail=f"{result.revisions:,} revisions, {mib:.1f} MiB, "
                   "written, fsynced, read back and verified")]


def _raw_copy(source, target) -> float:  # noqa: ANN001 - stores
    """Insert every revision/household/member row of `source` into `target` with raw
    executemany, 20,000 rows per transaction; only the inserts are timed."""
    raw = target.engine.raw_connection()
    spent = 0.0
    try:
        cur = raw.cursor()
        with source.engine.connect() as conn:
            for table in TABLES:
                result = conn.execute(text(f"SELECT * FROM {table}"))  # noqa: S608
                cols = [c for c in result.keys() if c != "seq"]
                at = [list(result.keys()).index(c) for c in cols]
                sql = (f"INSERT INTO {table} ({', '.join(cols)}) "  # noqa: S608
                       f"VALUES ({', '.join('?' * len(cols))})")
                while rows := result.fetchmany(20_000):
                    batch = [tuple(r[i] for i in at) for r in rows]
                    start = time.perf_counter()
                    cur.execute("BEGIN IMMEDIATE")
                    cur.executemany(sql, batch)
                    cur.execute("COMMIT")
                    spent += time.perf_counter() - start
    finally:
        raw.close()
    return spent


@benchmark("import", "import a synthetic county's village bundles, then again")
def county_import(ctx: Context) -> list[Figure]:
    villages, households = ctx.size(300, 3), ctx.size(150_000, 150)
    cached = data.county(ctx, villages, households)
    with ctx.scratch("import") as tmp:
        county, fresh = tmp / "county", tmp / "baseline"
        shutil.copytree(cached / "county", county)
        shutil.copytree(cached / "county", fresh)
        out = subprocess.run(
            [sys.executable, "-m", "bench.child", "import", "--county", str(county),
             "--bundles", str(cached / "bundles")], cwd=BENCH_DIR.parent, capture_output=True,
            text=True, timeout=3600)
        if out.returncode != 0:
            raise RuntimeError(f"import child failed: {out.stderr.strip()[-2000:]}")
        got = json.loads(out.stdout.strip().splitlines()[-1])
        with _unlock(county) as source, _unlock(fresh) as target:
            raw = _raw_copy(source, target)
        facts = report_cases._child("facts", county, tmp / "unused")
    people = got["members"]
    detail = (f"{got['bundles']} bundles, {got['accepted']} accepted, {got['households']:,} "
              f"households, {people:,} people, {got['quarantined']} quarantined")
    if got["rejected"]:
        detail += f"; rejected: {', '.join(sorted(set(got['rejected'])))}"
    figures = [
        Figure("import", f"import {villages} village bundles", got["import_s"], "s", 60, "<=",
               "issue 6", detail=detail),
        Figure("import", "raw executemany of the same rows (baseline, same run)", raw, "s",
               detail="revision, household and member rows read back from the imported county"),
        Figure("import", "import / raw executemany", got["import_s"] / raw if raw else None, "x",
               source="issue 6", detail="the issue asks for the ratio, with no limit"),
        Figure("import", "re-import the same bundles", got["reimport_s"], "s", 5, "<=", "issue 6",
               detail=f"{got['again_accepted']} accepted the second time (should be 0)"),
    ]
    if got["peak_rss_mib"] is None:
        figures.append(Figure("import", "import peak memory", None, "MiB", 500, "<=", "issue 6",
                              skipped="peak RSS is not available on this platform"))
    else:
        figures.append(Figure("import", "import peak memory (whole process)", got["peak_rss_mib"],
                              "MiB", 500, "<=", "issue 6",
                              detail=f"{got['rss_before_mib']:.0f} MiB after unlock, before "
                                     "import" + (f"; address space limited to "
                                                 f"{got['address_space_mib']:,} MiB"
                                                 if got.get("address_space_mib") else "")))
    processes = f"{facts['workers']} processes" if facts["workers"] else "one process"
    figures += [
        Figure("import", f"report facts after import, {processes}", facts["seconds"], "s", 60,
               "<=", "issue 16", detail=f"{facts['computed']:,} households evaluated and kept "
               f"with their village entries; " + report_cases.facts_detail(facts)),
        Figure("import", "report facts peak memory (this process and its workers)",
               facts.get("tree_peak_mib") or facts["peak_mib"], "MiB", 500, "<=", "issue 16",
               detail="sampled every 50 ms, resident memory summed over the processes"),
    ]
    if got.get("worker_peak_mib"):
        figures.append(Figure("import", "import checking worker peak memory",
                              got["worker_peak_mib"], "MiB",
                              detail="the spawned process that checks the revisions "
                                     "(sync/checking.py), not part of the figure above; an "
                                     "upper bound: Linux counts the parent's size at the fork"))
    return figures
