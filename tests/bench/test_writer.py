"""Writing generated households through the store API: villages, the demo, a small county."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mopai.sync.errors import InputError
from mopai.sync.synth import CountySpec, add_households, build_county, build_demo_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def test_added_households_are_real_revisions_and_numbers_continue(store) -> None:
    first = add_households(store, 30, seed=2)
    second = add_households(store, 20, seed=2)
    assert store.households.count() == 50 and first.saved == 30 and second.saved == 20
    numbers = sorted(h.household_no for h in store.households.search(""))
    assert numbers == [f"{n:04d}" for n in range(1, 51)]
    uuid = next(iter(second.households))
    history = store.households.history(uuid)
    assert [e.rev_no for e in history] == [1] and history[0].user == store.user
    for uuid, mistakes in first.broken.items():
        assert mistakes and store.households.get(uuid)["status"] == "draft"


def test_added_id_numbers_avoid_those_already_stored(store) -> None:
    add_households(store, 40, seed=3)
    add_households(store, 40, seed=3)  # same seed: would repeat numbers if not checked
    with store.engine.connect() as conn:
        numbers = [n for (n,) in conn.exec_driver_sql("SELECT id_number FROM member")]
    dup_in_household = 0
    with store.engine.connect() as conn:
        dup_in_household = conn.exec_driver_sql(
            "SELECT count(*) FROM (SELECT household_uuid, id_number FROM member "
            "GROUP BY 1, 2 HAVING count(*) > 1)").scalar_one()
    assert len(numbers) - len(set(numbers)) == dup_in_household  # only deliberate mistakes


def test_progress_and_cancel_between_chunks(store) -> None:
    seen = []
    cancel = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        seen.append((done, total))
        cancel.set()

    result = add_households(store, 50, chunk=20, progress=progress, cancel=cancel)
    assert result.cancelled and result.saved == 20 and seen == [(20, 50)]
    assert store.households.count() == 20


def test_only_village_workspaces_take_demo_households(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "c", role="county", code="431221", user="u", passphrase=PASSPHRASE)
    with Workspace(tmp_path / "c").unlock(None, PASSPHRASE) as county, \
            pytest.raises(InputError):
        add_households(county, 5)


def test_demo_village_is_built_once(tmp_path: Path) -> None:
    home = build_demo_village(tmp_path / "demo", PASSPHRASE, households=25)
    build_demo_village(home, PASSPHRASE, households=25)
    with Workspace(home).unlock(None, PASSPHRASE) as store:
        assert store.households.count() == 25
        assert store.status().code == "431221101201"


def test_small_county_is_enrolled_and_its_bundles_import(tmp_path: Path) -> None:
    spec = CountySpec(villages=2, households=30, seed=4)
    build = build_county(tmp_path / "out", spec, PASSPHRASE)
    assert build.households == 30 and len(build.bundles) == 2
    assert sorted(p.name for p in (tmp_path / "out" / "villages").iterdir()) == spec.village_codes()
    with Workspace(build.county_home).unlock(None, PASSPHRASE) as county:
        results = county.sync.import_paths(sorted(build.bundles.values()))
        assert [r.status for r in results] == ["accepted", "accepted"]
        assert county.households.count() == 30
    with pytest.raises(InputError):
        build_county(tmp_path / "out", spec, PASSPHRASE)


def test_generator_needs_no_qt_and_no_desktop() -> None:
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'desktop'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from mopai.sync.synth import VillageSpec, generate_village\n"
        "assert len(generate_village(VillageSpec('431221101201', 5))) == 5\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
