"""Network sync at county scale (issue 20): every village syncs with one real `mopai serve`
at once, against the folder import of the same bundles in the same run.

Targets (issue 20): throughput ≥ 0.8 × the folder import of the same bundles (so: time to
all imported ≤ folder import ÷ 0.8), no failure, server memory ≤ 500 MB, p95 answer to an
already-received bundle ≤ 50 ms, and the county's store afterwards equal to the folder
import's. The server is one process over SQLCipher (a county without PostgreSQL). The issue's
"synced concurrently": every village at once, each waiting for its import on a connection of
its own while 16 upload at a time (the server holds 300 connections; decision 71). Before it,
16 devices at a time, each holding its slot until its bundle is imported: a closed loop of
16, whose time is the commit latency of a 16-deep pipeline more than the server's throughput,
reported without a target (decision 72).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from . import data
from .runner import BENCH_DIR, PASSPHRASE, USER, Context, Figure, benchmark

if TYPE_CHECKING:
    from . import net_load

CLIENTS = 16


def net_county(ctx: Context, villages: int, households: int) -> Path:
    """`county/` (enrolled, empty), `bundles/`, and `keys.json` (each village's device id,
    signing key and bundle name: what the network needs of it), cached."""
    from mopai.sync.synth import CountySpec, build_county

    from . import net_load

    cached = ctx.cache / f"netcounty-s{ctx.seed}-v{villages}-h{households}-{data.fingerprint()}"
    if not (cached / net_load.KEYS).is_file():
        tmp = ctx.cache / f"{cached.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        ctx.log(f"   building a county of {villages} villages with their keys (cached)")
        build = build_county(tmp, CountySpec(villages=villages, households=households,
                                             seed=ctx.seed), PASSPHRASE, user=USER,
                             village_user=USER)
        net_load.save_keys(build.village_homes, build.bundles, tmp / net_load.KEYS, USER,
                           PASSPHRASE)
        shutil.rmtree(tmp / "villages")
        data._publish(tmp, cached)
    return cached


@benchmark("net_sync", "every village uploads to `mopai serve` at once, to all imported")
def net_sync(ctx: Context) -> list[Figure]:
    from . import net_load

    villages, households = ctx.size(300, 3), ctx.size(150_000, 150)
    villages = int(os.environ.get("MOPAI_BENCH_NET_VILLAGES", villages))  # a reduced run
    households = villages * 500 if "MOPAI_BENCH_NET_VILLAGES" in os.environ else households
    cached = net_county(ctx, villages, households)
    keys = json.loads((cached / net_load.KEYS).read_text("utf-8"))
    with ctx.scratch("net_sync") as tmp:
        # 16 devices at a time, each until its bundle is imported; then every village at once
        # (each waiting for its import, 16 uploading at a time): the issue's "synced
        # concurrently", where every waiting village holds a connection (decision 71)
        load, peak, worker = _served(cached, keys, tmp / "county", together=False)
        together, together_peak, _ = _served(cached, keys, tmp / "together", together=True)
        folder = tmp / "folder"
        shutil.copytree(cached / "county", folder)
        out = subprocess.run(
            [sys.executable, "-m", "bench.child", "import", "--county", str(folder),
             "--bundles", str(cached / "bundles")], cwd=BENCH_DIR.parent, capture_output=True,
            text=True, timeout=3600)
        if out.returncode != 0:
            raise RuntimeError(f"import child failed: {out.stderr.strip()[-2000:]}")
        usb = json.loads(out.stdout.strip().splitlines()[-1])["import_s"]
        differ, same = differences(tmp / "together", folder)
    size = f"{villages} villages × {households // villages} households"
    failures = [*load.failures, *together.failures]
    return [
        Figure("net_sync", f"{size}, every village at once: first upload to every bundle "
               f"imported", together.seconds, "s", round(usb / 0.8, 1), "<=", "issue 20",
               detail=f"{villages} devices at once, {CLIENTS} uploading at a time, each waiting "
                      f"for its import on its own connection; the folder import of the same "
                      f"bundles took {usb:.1f} s in this run (target: throughput ≥ 0.8 × it); "
                      f"{together.timeline()}"),
        Figure("net_sync", "server peak memory, every village at once", together_peak or None,
               "MiB", 500, "<=", "issue 20",
               detail=f"VmHWM of the `mopai serve` process with {villages} connections open, "
                      f"sampled every 0.2 s; its checking worker apart (below), as in the "
                      f"import's figure"),
        Figure("net_sync", "bundles not imported (failures), both runs", len(failures), "", 0,
               "<=", "issue 20", detail="; ".join(failures[:5])),
        Figure("net_sync", "households that differ from the folder import's, every village at "
               "once", differ, "", 0, "<=", "issue 20",
               detail=f"each household's current revision and state, and the count of "
                      f"revisions and quarantined ones, read back from both stores: {same}"),
        Figure("net_sync", "answer to an already-received bundle, p95", load.p95_ms, "ms", 50,
               "<=", "issue 20", detail=f"GET /v1/uploads/<sha256> once per village "
                                        f"({len(load.answer_ms)} asks), after all imported"),
        Figure("net_sync", f"{size}, {CLIENTS} devices at a time: first upload to every bundle "
               f"imported", load.seconds, "s",
               detail=f"a closed loop: each device holds its slot until its bundle is imported "
                      f"(decision 72); {usb / load.seconds:.2f} × the folder import's "
                      f"throughput; {load.sent_bytes / 2**20:.0f} MiB sent; {load.timeline()}"),
        Figure("net_sync", f"server peak memory, {CLIENTS} devices at a time", peak or None,
               "MiB", 500, "<=", "issue 20", detail="VmHWM of the `mopai serve` process"),
        Figure("net_sync", "server's checking worker peak memory", worker or None, "MiB",
               detail="the spawned process its import thread keeps to check revisions "
                      "(sync/checking.py SharedPool), VmHWM read while it lives",
               skipped="" if worker else "no worker started: each run of the queue was too "
                                            "small for a pool (sync/checking.py)"),
    ]


def content(county: Path) -> tuple[dict[str, bytes], dict[str, int]]:
    """What a county's store holds, to compare two imports of the same bundles: each
    household's current revision id and state (a digest), and the rows counted."""
    import hashlib

    from sqlalchemy import text

    from mopai.sync.workspace import Workspace

    with Workspace(county).unlock(USER, PASSPHRASE) as store, store.engine.connect() as conn:
        states = {uuid: hashlib.blake2b(f"{rid}\n{state}".encode(), digest_size=16).digest()
                  for uuid, rid, state in conn.execute(text(
                      "SELECT h.uuid, r.revision_id, r.state FROM household h "
                      "JOIN revision r ON r.revision_id = h.revision_id"))}
        counts = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                  for table in ("household", "member", "revision", "quarantine")}
    return states, counts


def differences(one: Path, other: Path) -> tuple[int, str]:
    """Households whose current state differs between two stores (or that only one holds,
    or any count that differs, each counted), and what was compared."""
    (a, a_counts), (b, b_counts) = content(one), content(other)
    differ = sum(a.get(k) != b.get(k) for k in a.keys() | b.keys())
    differ += sum(a_counts[t] != b_counts[t] for t in a_counts)
    return differ, ", ".join(f"{t} {a_counts[t]:,}/{b_counts[t]:,}" for t in a_counts)


def _served(cached: Path, keys: dict, county: Path, *, together: bool
            ) -> tuple[net_load.Load, float, float]:
    """One run of the load against a fresh copy of the county: what it measured, the
    server's peak memory and its checking worker's."""
    from mopai.sync.net import tls
    from mopai.sync.workspace import Workspace

    from . import net_load

    shutil.copytree(cached / "county", county)
    with Workspace(county).unlock(USER, PASSPHRASE) as store:
        pin = tls.configure(store, "https://127.0.0.1:9").fingerprint
    proc, url = net_load.start_server(county, USER, PASSPHRASE)
    peak = [0.0, 0.0]  # the server process; the largest of its children
    done = threading.Event()

    def note() -> None:
        own, child = net_load.peak_mib(proc.pid)
        peak[0], peak[1] = max(peak[0], own), max(peak[1], child)

    def sample() -> None:
        while not done.wait(0.2):
            note()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        load = net_load.run(url, pin, keys, cached / "bundles", clients=CLIENTS, wait=3600,
                            together=together)
        note()
    finally:
        done.set()
        net_load.stop_server(proc)
    return load, peak[0], peak[1]
