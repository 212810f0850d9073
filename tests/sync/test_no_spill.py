"""Nothing personal is written outside the encrypted store but what the user asked for (issue 12).

The real commands (`mopai export`, `import`, `report`, `report --as-of`, `ledger` of a village
and of the whole county: the roster) run through `cli.main.main` on a small synthetic
county, with the temp folder pointed at a folder of the test. A thread polls that folder and
every target folder while each runs: no file in the temp folder, ever, may hold a known name
or ID number (UTF-8 or GB18030) — also files with no name (Linux's O_TMPFILE: found through
/proc/self/fd) — and a target folder holds, during the run, only what was there, what was
asked for and our held temporary files, and after it only what was there and what was asked
for. `tempfile.TemporaryFile` is made a named file, as it is on Windows (the laptops Mopai runs
on), so what a spill writes is there to be read; the spill's memory limit is set to 0 so that
every spill reaches the disk. Temporary files are also kept after they are closed, so that
what was written to one is read whole even when it lived between two polls.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mopai import forms
from mopai.sync import atomic
from mopai.sync.synth import VillageSpec, generate_village
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, Net

ENCODINGS = ("utf-8", "gb18030")


class Watch(threading.Thread):
    """Polls folders while an operation runs and keeps what it found."""

    def __init__(self, temp: Path, targets: list[Path], secrets: list[str],
                 asked: set[str], plain: bool) -> None:
        super().__init__(daemon=True)
        self.temp, self.targets, self.asked, self.plain = temp, targets, asked, plain
        self.patterns = sorted({s.encode(e) for s in secrets for e in ENCODINGS}, key=len)
        self.before = {t: {p.name for p in t.iterdir()} for t in targets}
        self.stop = threading.Event()
        self.leaks: list[tuple[str, str]] = []
        self.strays: set[str] = set()
        self.seen_in_temp: set[str] = set()
        self.polls = 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.scan()
            time.sleep(0.002)
        self.scan()

    def _check(self, where: str, data: bytes) -> None:
        for pattern in self.patterns:
            if pattern in data:
                self.leaks.append((where, pattern.decode("utf-8", "replace")))
                return

    def scan(self) -> None:
        self.polls += 1
        for path in self.temp.rglob("*"):
            try:
                data = path.read_bytes()
            except OSError:  # gone, or a folder
                continue
            self.seen_in_temp.add(path.name)
            self._check(f"temp/{path.name}", data)
        proc = Path("/proc/self/fd")
        if proc.is_dir():  # files with no name in the temp folder (O_TMPFILE, unlinked)
            for fd in list(proc.iterdir()):
                try:
                    if os.readlink(fd).startswith(str(self.temp)):
                        self.seen_in_temp.add(f"fd:{fd.name}")
                        self._check(f"temp/(no name, fd {fd.name})", fd.read_bytes())
                except OSError:
                    continue
        for target in self.targets:
            for path in target.iterdir():
                name = path.name
                if name in self.before[target]:
                    continue
                if atomic.is_temp_name(name):  # ours, held while written: what will it be?
                    made = name.split(atomic.TEMP_INFIX)[0][1:]
                elif self.is_asked(name):
                    made = name
                else:
                    self.strays.add(name)
                    continue
                if self.plain and self.is_asked(made):
                    continue  # a report the user asked for: plain Excel, theirs to keep
                try:
                    self._check(f"{target.name}/{name}", path.read_bytes())
                except OSError:
                    continue

    def is_asked(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.asked)


@contextmanager
def watching(temp: Path, targets: list[Path], secrets: list[str], asked: set[str], *,
             plain: bool = False) -> Iterator[Watch]:
    """`asked`: name patterns of what the operation is to write; `plain`: those are reports
    (plain Excel, the user's responsibility), else (bundles) they must not show any secret."""
    watch = Watch(temp, targets, secrets, asked, plain)
    watch.start()
    try:
        yield watch
    finally:
        watch.stop.set()
        watch.join(10)
    assert watch.polls > 2
    assert watch.leaks == [], f"personal data outside the store: {watch.leaks[:5]}"
    assert watch.strays == set(), f"unexpected files beside the targets: {watch.strays}"
    for target in targets:
        left = {p.name for p in target.iterdir()} - watch.before[target]
        assert all(watch.is_asked(n) for n in left), f"left beside the target in {target}: {left}"


def _main(*argv: str) -> None:
    from mopai.cli.main import main

    assert main(list(argv)) == 0


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    # As on Windows, a temporary file has a name in the temp folder; here it also stays after
    # it is closed, so that everything ever written to one is read by the last scan.
    named = tempfile.NamedTemporaryFile

    def kept(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return named(*args, **{**kwargs, "delete": False})

    monkeypatch.setattr(tempfile, "TemporaryFile", kept)
    monkeypatch.setattr("mopai.sync.spill.MEMORY_LIMIT", 0)
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    yield folder
    atomic.track_folders(None)


def test_no_personal_data_in_the_temp_folder_or_beside_targets(net: Net, temp: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    records = [g.state for g in generate_village(
        VillageSpec(VILLAGE_A, 40, seed=12, mistake_rate=0.0, as_of=dt.date.today()))]
    secrets = sorted({m["fields"][k] for r in records for m in r["members"]
                      for k in ("name", "id_number") if m["fields"].get(k)})
    assert len(secrets) > 100
    with net.open("a1") as village:
        village.households.save_many(records)
    stick, out = net.stick, tmp_path / "reports"
    out.mkdir()

    monkeypatch.setenv("MOPAI_USER", USER)
    with watching(temp, [stick], secrets, asked={"mopai-*.mopai"}):
        _main("export", "--home", str(net.home("a1")), "--to", str(stick))
    [bundle] = stick.glob("*.mopai")

    monkeypatch.setenv("MOPAI_USER", COUNTY_USER)
    county = str(net.home("county"))
    with watching(temp, [stick], secrets, asked=set()):
        _main("import", "--home", county, str(bundle))

    runs = [("summary.xlsx", ("report",)),
            # today in the county (Asia/Shanghai): the day the records were saved on there
            ("asof.xlsx", ("report", "--as-of", forms.DEFAULT_SETTINGS.today().isoformat())),
            ("ledger.xlsx", ("ledger", "--village", VILLAGE_A)),
            ("roster.xlsx", ("ledger", "--village", COUNTY))]
    for name, argv in runs:
        with watching(temp, [out], secrets, asked={name}, plain=True) as watch:
            _main(*argv, "--home", county, "--out", str(out / name))
        if name == "asof.xlsx":  # the spill reached the disk and was looked at
            assert any(n.startswith(("mopai-", "fd:")) for n in watch.seen_in_temp), \
                watch.seen_in_temp
    assert sorted(p.name for p in out.iterdir()) == sorted(n for n, _ in runs)
