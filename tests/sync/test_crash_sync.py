"""Processes killed mid-export and mid-import (SIGKILL, real files)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mopai.sync import bundle
from mopai.sync.models import BundleIn, Household
from tests.conftest import USER
from tests.helpers import household
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, Net

ROOT = Path(__file__).resolve().parents[2]


def _child(*args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-m", "tests.sync.crash_child", *args], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    return child


def _kill(child: subprocess.Popen[str], delay: float) -> str:
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    return out


def _fill(net: Net, n: int) -> str:
    with net.open("a1") as a1:
        a1.households.save_many([household(f"{i:05d}", ("张三", "11010519491231002X"),
                                           ("李四", "440524188001010014"), village_code=VILLAGE_A,
                                           address=f"某某街道{i}号" * 10) for i in range(n)])
        return a1.sync.identity().sign_pub


@pytest.mark.slow
def test_export_killed_never_leaves_a_bad_file_under_the_final_name(net: Net) -> None:
    sign_pub = _fill(net, 1500)
    rng = random.Random(2026)
    reported = []
    for _ in range(6):
        child = _child("export", str(net.home("a1")), USER, str(net.stick))
        out = _kill(child, rng.uniform(0.0, 0.6))
        reported += [line for line in out.splitlines() if line.endswith(bundle.SUFFIX)]
        for path in net.stick.glob("mopai-*" + bundle.SUFFIX):
            raw = bundle.read(path)  # a whole, verifying file, or none at all
            raw.check_signature(sign_pub)
            raw.check_payload()
    assert all(Path(p).exists() for p in reported)  # every path reported is really there
    with net.open("county") as county:
        results = county.sync.import_paths([net.stick])  # temporary leftovers are skipped
        assert results and all(r.ok for r in results), [r.one_line() for r in results]
        assert county.households.count() == 1500


@pytest.mark.slow
def test_import_killed_mid_merge_leaves_the_store_as_before(net: Net) -> None:
    _fill(net, 3000)
    with net.open("a1") as a1:
        path = a1.sync.export(net.stick).path
    rng = random.Random(6)
    outcomes = set()
    for _ in range(5):
        child = _child("import", str(net.home("county")), COUNTY_USER, str(path))
        out = _kill(child, rng.uniform(0.02, 0.5))
        with net.open("county") as county:
            assert county.integrity_check() == []
            with county.engine.connect() as conn:
                bundles = conn.execute(select(func.count()).select_from(BundleIn)).scalar_one()
                households = conn.execute(select(func.count()).select_from(Household)).scalar_one()
        assert (bundles, households) in ((0, 0), (1, 3000)), (bundles, households, out)
        outcomes.add(bundles)
        if bundles:
            break
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.ok and county.households.count() == 3000
