"""A synthetic county: ~300 villages, ~150,000 households, and their signed bundles.

The county's village codes are townships and villages under a real county code; village sizes
vary like real ones (log-normal, 100 to ~2,000 households) and sum to the requested total;
ID numbers are unique across the whole county. `build_county` lays it out on disk the way the
field does: a county workspace, one village workspace per village filled through the store
API and enrolled with the county by the real offline handshake (request file → approval →
fingerprint-confirmed setup file), and each village's exported bundle — the input of the
county import benchmarks and of `mopai demo county`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import places
from .village import GeneratedHousehold, VillageSpec, iter_village
from .writer import Progress, add_households


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
    cancelled: bool = False


def _enrol(county, village, folder: Path, passphrase: str) -> None:  # noqa: ANN001 - stores
    """The offline handshake with files, as a cadre and the county officer do it."""
    request, setup = folder / f"{village.device_id}.req", folder / f"{village.device_id}.setup"
    village.sync.enrol_request(request)
    county.sync.enrol_approve(request, setup)
    village.sync.enrol_accept(setup, village.sync.enrol_preview(setup).fingerprint, passphrase)
    request.unlink()
    setup.unlink()


def build_county(out: Path, spec: CountySpec, passphrase: str, *, user: str = "县管理员",
                 village_user: str = "村信息员", enrol: bool = True, export: bool = True,
                 progress: Progress | None = None, cancel: threading.Event | None = None
                 ) -> CountyBuild:
    """`out/county`, `out/villages/<code>` (filled, enrolled) and `out/bundles/` (one data
    bundle per village). Refuses an `out` that already holds a county. A cancel stops
    between villages; what was built stays usable."""
    from ..workspace import Workspace  # start-up: generating records needs no store

    if export and not enrol:
        raise InputError("未登记的村不能导出数据包", "villages must be enrolled to export bundles")
    out = Path(out)
    county_home = out / "county"
    if Workspace.exists(county_home):
        raise InputError("输出文件夹里已经有一个县级工作区", "the output folder already holds a county",
                         where=str(county_home))
    Workspace.create(county_home, role="county", code=spec.county_code, user=user,
                     passphrase=passphrase, name=places.county(spec.county_code).name)
    build = CountyBuild(county_home)
    bundles_dir, handshake = out / "bundles", out / ".enrol"
    for folder in (bundles_dir, handshake):
        folder.mkdir(parents=True, exist_ok=True)
    sizes = dict(zip(spec.village_codes(), spec.village_sizes(), strict=True))
    used: set[str] = set()
    with Workspace(county_home).unlock(user, passphrase) as county:
        for done, (code, size) in enumerate(sizes.items()):
            if cancel is not None and cancel.is_set():
                build.cancelled = True
                break
            home = out / "villages" / code
            Workspace.create(home, role="village", code=code, user=village_user,
                             passphrase=passphrase, name=f"{places.VILLAGE_NAMES[done % 24]}村")
            with Workspace(home).unlock(village_user, passphrase) as village:
                result = add_households(village, size, seed=spec.seed, used_ids=used)
                if enrol:
                    _enrol(county, village, handshake, passphrase)
                if export:
                    build.bundles[code] = village.sync.export(bundles_dir).path
            build.village_homes[code] = home
            build.households += result.saved
            build.broken += len(result.broken)
            if progress:
                progress(done + 1, len(sizes), f"村 village {code}")
    handshake.rmdir()
    return build
