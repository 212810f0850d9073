"""Importing bundles as they arrive (sync/importer.py `more`, `hold`, `committed`): the sync
server's queue hands its import run the bundles uploaded while it runs. They join the
group being merged, each still whole or not at all, none reported before its commit, and the
store ends as a folder import of the same bundles leaves it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mopai.sync.models import BundleIn
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net
from tests.sync.helpers import snapshot


def _bundles(net: Net) -> list[Path]:
    """Four bundles: two from each village, in the order they were exported."""
    out = []
    for round_ in range(2):
        for name, code in (("a1", VILLAGE_A), ("b1", VILLAGE_B)):
            with net.open(name) as v:
                for i in range(3):
                    v.households.save(household(f"{round_}{i:03d}", ("张三", ""),
                                                village_code=code))
                out.append(v.sync.export(net.stick).path)
    return [Path(p) for p in out]


def _content(store: Any) -> dict[str, Any]:
    """Every content row, the bundles' log without its times (imported now, not then)."""
    snap = snapshot(store)
    snap["bundlein"] = sorted(r[:4] for r in snap["bundlein"])
    return snap


def _committed(store: Any) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(BundleIn)).scalar_one()


@pytest.mark.sqlite_only(reason="compares two copies of the county's store; on the server the "
                         "two copies of the folder name one database")
def test_bundles_arriving_during_a_run_join_the_open_group(net: Net, tmp_path: Path) -> None:
    files = _bundles(net)
    folder = Net(tmp_path / "folder")
    shutil.copytree(net.root, folder.root)
    with folder.open("county") as county:
        assert all(r.status == "accepted" for r in county.sync.import_paths(files))
        expected = _content(county)

    # what the queue gives each time it is asked: two arrived while the first bundle was
    # merged; nothing while they were; one more after their commit
    arrivals = [files[1:3], [], [], files[3:], [], []]
    groups: list[list[str]] = []
    with net.open("county") as county:
        def more() -> list[Path]:
            # asked with the group open: it reads the server's own tables, never the store
            return arrivals.pop(0)

        results = county.sync.import_paths(
            files[:1], more=more, committed=lambda rs: groups.append([r.path for r in rs]))
        assert [r.status for r in results] == ["accepted"] * 4
        assert [r.path for r in results] == [str(f) for f in files]
        # the two that arrived while the first was merged joined its group; the last, after
        # that commit, began the next one
        assert groups == [[str(f) for f in files[:3]], [str(files[3])]]
        assert arrivals == []
        got = _content(county)
    assert got == expected


def test_a_group_held_open_too_long_is_committed_early(net: Net) -> None:
    """`hold`: other writers wait for the run's transaction, so a group is committed once it
    has been open that long, whatever still waits behind it."""
    files = _bundles(net)
    groups: list[int] = []
    with net.open("county") as county:
        results = county.sync.import_paths(files, hold=0.0,
                                           committed=lambda rs: groups.append(len(rs)))
    assert [r.status for r in results] == ["accepted"] * 4
    assert groups == [1, 1, 1, 1]


def test_a_group_is_committed_for_a_writer_that_waits(net: Net) -> None:
    """`yield_to`: a writer waiting for the store (a county officer's save while the sync
    server imports) gets in after the bundle being merged, not after the hold."""
    files = _bundles(net)
    groups: list[int] = []
    asked: list[int] = []  # bundles merged when asked

    def waiting() -> bool:
        asked.append(len(asked) + 1)
        return len(asked) == 2  # someone waits once the second bundle is merged

    with net.open("county") as county:
        results = county.sync.import_paths(files, hold=3600.0, yield_to=waiting,
                                           committed=lambda rs: groups.append(len(rs)))
    assert [r.status for r in results] == ["accepted"] * 4
    assert groups == [2, 2]


def test_a_run_ends_when_nothing_more_arrived(net: Net) -> None:
    files = _bundles(net)
    calls: list[int] = []  # per ask, the groups committed by then
    groups: list[int] = []
    with net.open("county") as county:
        def more() -> list[Path]:
            calls.append(len(groups))
            return []

        results = county.sync.import_paths(files, more=more,
                                           committed=lambda rs: groups.append(len(rs)))
    assert [r.status for r in results] == ["accepted"] * 4 and groups == [4]
    assert calls[-1] == 1  # asked once more after the commit: nothing, the run ended
