"""A stick without room for the bundle is refused before anything is written (issue 14), and
the next export, with room, goes out whole with what the refused one would have carried."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from mopai.sync import export
from mopai.sync.errors import MopaiError
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net

Usage = namedtuple("Usage", "total used free")


def test_a_full_stick_is_refused_before_writing(net: Net, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    real = shutil.disk_usage
    monkeypatch.setattr(export.shutil, "disk_usage",
                        lambda p: Usage(8 << 30, (8 << 30) - 200_000, 200_000)
                        if Path(p) == net.stick else real(p))
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        with pytest.raises(MopaiError) as caught:
            a1.sync.export(net.stick)
        assert "空间不足" in caught.value.zh and "MB" in caught.value.en
        assert list(net.stick.iterdir()) == []  # not even a temporary file
        monkeypatch.setattr(export.shutil, "disk_usage", real)
        result = a1.sync.export(net.stick)
    assert [p.name for p in net.stick.iterdir()] == [Path(result.path).name]
    with net.open("county") as county:
        [r] = county.sync.import_paths([net.stick])
        assert r.status == "accepted" and r.revisions == 1


def test_bundles_are_found_whatever_the_case_of_their_suffix(net: Net) -> None:
    """FAT sticks and Windows tools may write MOPAI-….MOPAI: a folder import finds them."""
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        path = Path(a1.sync.export(net.stick).path)
    path.rename(path.with_name(path.name.upper()))
    with net.open("county") as county:
        [r] = county.sync.import_paths([net.stick])
        assert r.status == "accepted"
