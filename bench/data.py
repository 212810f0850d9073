"""Generated data cached between runs, so `make bench` measures instead of generating.

Two kinds, both under bench/cache/ (git-ignored), keyed by seed, size and a fingerprint of
the code that made them (the generator, the store, the workbook) — change any of those and the
cache is rebuilt instead of silently measuring stale data:
- households: the generator's records as zstd-compressed JSON lines;
- village workspaces: an encrypted store filled with those records, copied per benchmark so
  every run starts from the same state.
Cached files are synthetic and hold no real person's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import zstandard

from mopai.sync.synth import GeneratedHousehold, VillageSpec, generate_village

from .runner import BENCH_DIR, PASSPHRASE, USER, Context

ROOT = BENCH_DIR.parent
BENCH_VILLAGE = "431221101201"


def fingerprint() -> str:
    """Hash of everything that shapes cached data; part of every cache key."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "sync").glob("*.py")) + sorted((ROOT / "sync" / "synth").glob("*.py"))
    workbook = ROOT / "forms" / "labor_survey.xlsx"
    for path in [*sources, workbook]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def prune(cache: Path) -> list[str]:
    """Remove entries made by older code (another fingerprint): they would never be used
    again, and a stale county is ~60 MB."""
    current = fingerprint()
    gone = []
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name.startswith(("households-", "empty-", "village-", "enrolled-", "county-",
                                  "imported-county-", "ledger-")) \
                and current not in entry.name:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            gone.append(entry.name)
    return gone


def _key(kind: str, ctx: Context, size: int) -> str:
    return f"{kind}-s{ctx.seed}-n{size}-{fingerprint()}"


def households(ctx: Context, size: int) -> list[GeneratedHousehold]:
    """`size` generated households of the bench village, from the cache when it has them."""
    path = ctx.cache / f"{_key('households', ctx, size)}.jsonl.zst"
    if path.exists():
        raw = zstandard.ZstdDecompressor().decompress(path.read_bytes())
        lines = raw.decode("utf-8").splitlines()
        return [GeneratedHousehold(d["state"], tuple(d["mistakes"]), d["type"])
                for d in map(json.loads, lines[1:])]
    ctx.log(f"   generating {size} households (cached in {ctx.cache.name}/ for next time)")
    today = dt.date.today()
    made = generate_village(VillageSpec(BENCH_VILLAGE, size, ctx.seed, as_of=today))
    lines = [json.dumps({"as_of": today.isoformat(), "seed": ctx.seed, "size": size})]
    lines += [json.dumps({"state": g.state, "mistakes": list(g.mistakes), "type": g.household_type},
                         ensure_ascii=False) for g in made]
    _write(path, zstandard.ZstdCompressor(level=3).compress("\n".join(lines).encode("utf-8")))
    return made


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def empty_workspace(ctx: Context, dest: Path) -> Path:
    """A fresh village workspace at `dest` (copied from a cached one: no Argon2 per use)."""
    from mopai.sync.workspace import Workspace

    cached = ctx.cache / _key("empty", ctx, 0)
    if not Workspace.exists(cached):
        tmp = ctx.cache / f"{cached.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        Workspace.create(tmp, role="village", code=BENCH_VILLAGE, user=USER,
                         passphrase=PASSPHRASE, name="测评村")
        _publish(tmp, cached)
    shutil.copytree(cached, dest)
    return dest


def village(ctx: Context, size: int, dest: Path) -> Path:
    """A village workspace holding the `size` cached households, copied to `dest`."""
    from mopai.sync.workspace import Workspace

    cached = ctx.cache / _key("village", ctx, size)
    if not Workspace.exists(cached):
        states = [g.state for g in households(ctx, size)]
        tmp = ctx.cache / f"{cached.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        empty_workspace(ctx, tmp)
        ctx.log(f"   building a {size}-household village workspace (cached for next time)")
        with Workspace(tmp).unlock(USER, PASSPHRASE) as store:
            store.households.save_many(states)
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _publish(tmp, cached)
    shutil.copytree(cached, dest)
    return dest


def _publish(tmp: Path, final: Path) -> None:
    """Move a finished cache entry into place; a concurrent builder's copy is as good."""
    try:
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def county(ctx: Context, villages: int, households: int) -> Path:
    """A cached synthetic county before import: `county/` (enrolled all villages, empty) and
    `bundles/` (one data bundle per village). The village workspaces themselves are dropped
    from the cache once their bundles exist: the import benchmarks never open them."""
    from mopai.sync.synth import CountySpec, build_county

    cached = ctx.cache / f"county-s{ctx.seed}-v{villages}-h{households}-{fingerprint()}"
    if not (cached / "bundles").is_dir():
        tmp = ctx.cache / f"{cached.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        ctx.log(f"   building a county of {villages} villages, {households:,} households, "
                "enrolled, with bundles (cached for next time; minutes at full size)")
        build_county(tmp, CountySpec(villages=villages, households=households, seed=ctx.seed),
                     PASSPHRASE, user=USER, village_user=USER,
                     progress=_every_tenth(ctx, villages))
        shutil.rmtree(tmp / "villages")
        _publish(tmp, cached)
    return cached


def enrolled_village(ctx: Context, size: int, dest: Path) -> tuple[Path, Path]:
    """(county home, village home) copies of a cached one-village county, not yet exported."""
    from mopai.sync.synth import CountySpec, build_county

    cached = ctx.cache / f"enrolled-s{ctx.seed}-n{size}-{fingerprint()}"
    if not (cached / "villages").is_dir():
        tmp = ctx.cache / f"{cached.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        ctx.log(f"   building an enrolled {size}-household village (cached for next time)")
        build_county(tmp, CountySpec(villages=1, households=size, seed=ctx.seed), PASSPHRASE,
                     user=USER, village_user=USER, export=False)
        _publish(tmp, cached)
    shutil.copytree(cached, dest)
    return dest / "county", next((dest / "villages").iterdir())


def _every_tenth(ctx: Context, total: int):  # noqa: ANN202
    def progress(done: int, _total: int, message: str) -> None:
        if done % max(1, total // 10) == 0 or done == total:
            ctx.log(f"   … {done}/{total} villages")
    return progress
