"""A report killed mid-write leaves nothing personal behind for long (issue 12).

`mopai ledger` of the whole county (the roster) and `mopai report --as-of` run in a child
process (tests/report_crash_child.py: the real command, rows slowed down, temporary files named
as on Windows, every spill on disk) and are killed with SIGKILL while the workbook is being
written. The killed writer's temporary file is then beside the target; the spill it left in
the temp folder is ciphertext. The next start of `mopai` (any command) or the next report to
that folder removes the leftover, and only it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mopai.forms import DEFAULT_SETTINGS
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, VILLAGE

ROOT = Path(__file__).resolve().parents[2]
ENCODINGS = ("utf-8", "gb18030")
# a writer's temporary file beside its target, as sync/atomic.py names it (or named it before)
TEMP = re.compile(r"\.(?P<target>.+?)\.(?:mopai-)?[a-z0-9_]{8}\.tmp")


def _temp_targets(folder: Path) -> list[str]:
    return [m["target"] for p in folder.iterdir() if (m := TEMP.fullmatch(p.name))]


def _env(temp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update(MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_USER=USER, TMPDIR=str(temp))
    return env


def _killed_mid_write(argv: list[str], temp: Path) -> None:
    child = subprocess.Popen([sys.executable, "-m", "tests.reports.report_crash_child", *argv],
                             cwd=ROOT, env=_env(temp), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "writing", child.stderr.read()
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL


def _mopai(argv: list[str], temp: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "mopai.cli", *argv], cwd=ROOT, env=_env(temp),
                       capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr


def _leaks(folder: Path, secrets: list[str]) -> list[tuple[str, str]]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [(path.name, s) for s in secrets for e in ENCODINGS if s.encode(e) in data]
    return found


@pytest.mark.slow
def test_a_killed_report_leaves_no_plain_spill_and_its_leftover_is_removed(home: Path,
                                                                            tmp_path: Path
                                                                            ) -> None:
    records = [g.state for g in generate_village(
        VillageSpec(VILLAGE, 40, seed=21, mistake_rate=0.0, as_of=dt.date.today()))]
    secrets = sorted({m["fields"][k] for r in records for m in r["members"]
                      for k in ("name", "id_number") if m["fields"].get(k)})
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save_many(records)
    temp, out = tmp_path / "temp", tmp_path / "reports"
    temp.mkdir()
    out.mkdir()
    (out / "keep.xlsx").write_bytes(b"someone else's")
    (out / ".keep.xlsx.tmp").write_bytes(b"not ours")
    home_args = ["--home", str(home)]

    # 1. the roster, killed; any next start of mopai removes the leftover
    _killed_mid_write(["ledger", *home_args, "--village", VILLAGE[:6], "--out",
                       str(out / "roster.xlsx")], temp)
    assert _temp_targets(out) == ["roster.xlsx"]  # killed mid-write indeed
    assert not (out / "roster.xlsx").exists()
    _mopai(["status", *home_args], temp)
    assert sorted(p.name for p in out.iterdir()) == [".keep.xlsx.tmp", "keep.xlsx"]

    # 2. the summary as of today (its roster rows spill), killed; the next report removes it
    _killed_mid_write(["report", *home_args, "--as-of", DEFAULT_SETTINGS.today().isoformat(), "--out",
                       str(out / "asof.xlsx")], temp)
    assert _temp_targets(out) == ["asof.xlsx"]
    spilled = [p for p in temp.iterdir() if p.stat().st_size > 0]
    assert spilled, "the spill should have reached the temp folder"
    assert _leaks(temp, secrets) == []  # the key died with the process
    (home / "written-folders.json").unlink(missing_ok=True)  # only the write itself may sweep
    _mopai(["report", *home_args, "--as-of", DEFAULT_SETTINGS.today().isoformat(), "--out",
            str(out / "asof.xlsx")], temp)
    assert sorted(p.name for p in out.iterdir()) == [".keep.xlsx.tmp", "asof.xlsx", "keep.xlsx"]
