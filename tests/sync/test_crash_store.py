"""A process killed with SIGKILL mid-save never damages the store or loses a reported save."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from mopai.sync.models import Revision
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER

pytestmark = pytest.mark.sqlite_only(
    reason="SIGKILL during saves into the SQLCipher file (WAL, synchronous = FULL)")

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20


@pytest.mark.slow
def test_sigkill_during_saves_loses_nothing_reported(home: Path) -> None:
    rng = random.Random(20261121)
    reported: list[tuple[str, int]] = []
    for round_no in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.store_crash_child", str(home), f"r{round_no}"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # the child is unlocked and saving
        assert first, child.stderr.read()
        reported.append(_parse(first))
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        # A line cut short by the kill was never fully reported; ignore it.
        reported += [_parse(line) for line in out.splitlines() if len(line.split()) == 2
                     and len(line.split()[0]) == 36]

        with Workspace(home).unlock(USER, PASSPHRASE) as store:
            assert store.integrity_check() == []
            with store.engine.connect() as conn:
                have = set(conn.execute(select(Revision.record_uuid, Revision.rev_no)).all())
            missing = [r for r in reported if r not in have]
            assert missing == [], f"round {round_no}: saves reported done but lost: {missing[:3]}"
    assert len(reported) > KILLS  # the children really saved while being killed


def _parse(line: str) -> tuple[str, int]:
    uuid, rev = line.split()
    return uuid, int(rev)
