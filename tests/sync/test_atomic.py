"""Temporary files beside a target: held while written, swept when a killed writer left them
(issue 12). Only files named exactly as ours are ever removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sync import atomic
from sync.atomic import replacing, sweep, tidy_at_start, write_atomic


@pytest.fixture(autouse=True)
def _no_tracking() -> None:
    yield
    atomic.track_folders(None)


def _touch(folder: Path, name: str, *, age: float = 0) -> Path:
    path = folder / name
    path.write_bytes("张三 11010519491231002X".encode())
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_sweep_removes_only_our_abandoned_temporary_files(tmp_path: Path) -> None:
    ours = [_touch(tmp_path, ".r.xlsx.mopai-abcd_123.tmp"),
            _touch(tmp_path, ".mopai-431221-ab12cd34-000003-20261129.mopai.mopai-zz9y8x7w.tmp"),
            _touch(tmp_path, ".r.xlsx.k2j3h4g5.tmp", age=atomic.OLD_AGE + 60)]  # an old version's
    kept = [_touch(tmp_path, name) for name in (
        "r.xlsx", ".r.xlsx.tmp", ".hidden", ".r.xlsx.mopai-abcdefg.tmp", ".r.xlsx.mopai-ABCDEFGH.tmp",
        ".r.xlsx.mopai-abcdefgh.tmp.bak", "r.xlsx.mopai-abcdefgh.tmp", ".r.xlsx.mopai-abcdefgh.TMP",
        "..mopai-abcdefgh.tmp", ".r.xlsx.k2j3h4g5.tmp~")]
    kept.append(_touch(tmp_path, ".new.xlsx.k2j3h4g5.tmp"))  # an old version's, but recent
    (tmp_path / ".d.mopai-abcdefgh.tmp").mkdir()
    if hasattr(os, "symlink"):
        os.symlink(tmp_path / "r.xlsx", tmp_path / ".l.xlsx.mopai-abcdefgh.tmp")
    assert sorted(sweep(tmp_path)) == sorted(ours)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in kept)
    assert (tmp_path / ".d.mopai-abcdefgh.tmp").is_dir()
    assert sweep(tmp_path / "not there") == []


def test_a_live_writers_file_is_never_swept(tmp_path: Path) -> None:
    with replacing(tmp_path / "r.xlsx") as tmp:
        tmp.write_bytes(b"half")
        assert atomic.is_temp_name(tmp.name) and tmp.name.startswith(".r.xlsx.mopai-")
        assert sweep(tmp_path) == [] and tmp.exists()
        write_atomic(tmp_path / "other.xlsx", b"x")  # a second writer in the same folder
        assert tmp.exists()
        tmp.write_bytes(b"whole")
    assert (tmp_path / "r.xlsx").read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.xlsx", "r.xlsx"]


def test_the_next_write_to_a_folder_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    left = _touch(stick, ".mopai-110105001001-ab12cd34-000001-20261129.mopai.mopai-q1w2e3r4.tmp")
    write_atomic(stick / "mopai-110105001001-ab12cd34-000002-20261129.mopai", b"bundle",
                 mode=None)
    assert not left.exists()


def test_folders_written_to_are_remembered_and_swept_at_start(tmp_path: Path) -> None:
    home, reports, stick = (tmp_path / n for n in ("home", "reports", "stick"))
    for folder in (home, reports, stick):
        folder.mkdir()
    assert tidy_at_start(home) == []
    write_atomic(reports / "r.xlsx", b"r")
    write_atomic(stick / "b.mopai", b"b")
    write_atomic(reports / "s.xlsx", b"s")
    registry = home / atomic.FOLDERS_FILE
    assert atomic.known_folders(registry) == [reports.resolve(), stick.resolve()]
    assert "r.xlsx" not in registry.read_text(encoding="utf-8")  # folders only, no file names
    atomic.track_folders(None)
    left = [_touch(reports, ".big.xlsx.mopai-a1b2c3d4.tmp"), _touch(stick, ".b.mopai.mopai-a1b2c3d4.tmp")]
    stick.rename(tmp_path / "unplugged")
    assert tidy_at_start(home) == [left[0]]  # a stick that is out is skipped, not forgotten
    (tmp_path / "unplugged").rename(stick)
    assert tidy_at_start(home) == [left[1]]
    assert tidy_at_start(tmp_path / "no workspace") == []
