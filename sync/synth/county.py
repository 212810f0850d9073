"""A synthetic county: ~300 villages, ~150,000 households, and (later) their signed bundles.

What works now: the county's village codes (townships and villages under a real county
code), village sizes that vary like real ones and sum to the requested total, every village's
households with ID numbers unique across the whole county, and on disk a county workspace plus
one village workspace per village filled through the store API.

What needs the sync issue (enrolment and bundle export do not exist yet): enrolling each
village device with the county and exporting each village's signed bundle. `build_county`
takes both as hooks (`enrol`, `export`) so that, once they exist, `mopai demo county` and the
import benchmarks need one line each; without them the result says the bundles are missing.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import places
from .village import GeneratedHousehold, VillageSpec, iter_village
from .writer import Progress, add_households

# enrol(county_home, village_home, village_code, passphrase) and
# export(village_home, village_code, passphrase, bundles_dir) -> the bundle's path
Enrol = Callable[[Path, Path, str, str], None]
Export = Callable[[Path, str, str, Path], Path]


@dataclass(frozen=True)
class CountySpec:
    county_code: str = places.DEFAULT_COUNTY
    villages: int = 300
    households: int = 150_000
    seed: int = 1
    villages_per_township: int = 20

    def __post_init__(self) -> None:
        if not (len(self.county_code) == 6 and self.county_code.isdigit()):
            raise InputError("县级代码必须是 6 位数字", "a county code must be 6 digits")
        if self.villages < 1 or self.households < self.villages:
            raise InputError("村数至少为 1，且户数不少于村数",
                             "need at least one village and one household per village")

    def village_codes(self) -> list[str]:
        """12-digit codes: township 100, 101, … (9 digits), villages 201, 202, … under each."""
        codes = []
        for i in range(self.villages):
            township, village = divmod(i, self.villages_per_township)
            codes.append(f"{self.county_code}{100 + township:03d}{201 + village:03d}")
        return codes

    def village_sizes(self) -> list[int]:
        """Households per village, log-normally spread (100 to ~2,000), summing to the total."""
        rng = random.Random(f"mopai-county-sizes:{self.seed}:{self.county_code}:{self.villages}")
        raw = [rng.lognormvariate(0, 0.45) for _ in range(self.villages)]
        scale = self.households / sum(raw)
        sizes = [max(1, int(r * scale)) for r in raw]
        short = self.households - sum(sizes)
        for i in range(abs(short)):
            j = i % self.villages
            if short > 0:
                sizes[j] += 1
            elif sizes[j] > 1:
                sizes[j] -= 1
        return sizes


def iter_county(spec: CountySpec) -> Iterator[tuple[str, Iterator[GeneratedHousehold]]]:
    """(village code, its households) for every village, lazily, IDs unique county-wide."""
    used: set[str] = set()
    for code, size in zip(spec.village_codes(), spec.village_sizes(), strict=True):
        yield code, iter_village(VillageSpec(code, size, spec.seed), used_ids=used)


@dataclass
class CountyBuild:
    county_home: Path
    village_homes: dict[str, Path] = field(default_factory=dict)
    bundles: dict[str, Path] = field(default_factory=dict)
    households: int = 0
    broken: int = 0
    enrolled: bool = False
    cancelled: bool = False

    @property
    def bundles_missing(self) -> bool:
        return len(self.bundles) < len(self.village_homes)


def build_county(out: Path, spec: CountySpec, passphrase: str, *, user: str = "县管理员",
                 village_user: str = "村信息员", progress: Progress | None = None,
                 cancel: threading.Event | None = None, enrol: Enrol | None = None,
                 export: Export | None = None) -> CountyBuild:
    """`out/county`, `out/villages/<code>` filled with households, and `out/bundles/` when an
    `export` hook is given. Refuses an `out` that already holds a county."""
    from ..workspace import Workspace

    out = Path(out)
    county_home = out / "county"
    if Workspace.exists(county_home):
        raise InputError("输出文件夹里已经有一个县级工作区", "the output folder already holds a county",
                         where=str(county_home))
    Workspace.create(county_home, role="county", code=spec.county_code, user=user,
                     passphrase=passphrase, name=places.county(spec.county_code).name)
    build = CountyBuild(county_home)
    bundles_dir = out / "bundles"
    sizes = dict(zip(spec.village_codes(), spec.village_sizes(), strict=True))
    used: set[str] = set()
    for done, (code, size) in enumerate(sizes.items()):
        if cancel is not None and cancel.is_set():
            build.cancelled = True
            break
        home = out / "villages" / code
        Workspace.create(home, role="village", code=code, user=village_user,
                         passphrase=passphrase, name=f"{places.VILLAGE_NAMES[done % 24]}村")
        with Workspace(home).unlock(village_user, passphrase) as store:
            result = add_households(store, size, seed=spec.seed, used_ids=used)
        build.village_homes[code] = home
        build.households += result.saved
        build.broken += len(result.broken)
        if enrol is not None:
            enrol(county_home, home, code, passphrase)
        if export is not None:
            bundles_dir.mkdir(parents=True, exist_ok=True)
            build.bundles[code] = export(home, code, passphrase, bundles_dir)
        if progress:
            progress(done + 1, len(sizes), f"村 village {code}")
    build.enrolled = enrol is not None
    return build
