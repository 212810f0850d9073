"""Temporary files beside a target: held while written, swept when a killed writer left them
(issue 12). Only files named exactly as ours are ever removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mopai.sync import atomic
from mopai.sync.atomic import replacing, sweep, tidy_at_start, write_atomic


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


# -- a target another program holds open (Windows: a workbook open in WPS or Excel) --------
def hold_open(monkeypatch: pytest.MonkeyPatch, target: Path, times: int = 10**6) -> list[Path]:
    """Make replacing `target` fail as Windows does while it is open elsewhere, `times` times."""
    real, tries = os.replace, []

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == target and len(tries) < times:
            tries.append(Path(src))
            raise PermissionError(13, "The process cannot access the file because it is being "
                                      "used by another process", str(dst))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "REPLACE_WAIT", 0.0)
    return tries


def test_a_report_over_an_open_workbook_is_kept_beside_it(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from mopai.sync.errors import FileInUse

    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "汇总(2).xlsx").write_bytes(b"an earlier copy")
    tries = hold_open(monkeypatch, target)
    with pytest.raises(FileInUse) as caught, replacing(target, aside=True) as tmp:
        tmp.write_bytes(b"new")
    assert len(tries) == atomic.REPLACE_TRIES          # it tried for a while first
    assert target.read_bytes() == b"old"
    aside = tmp_path / "汇总(3).xlsx"                  # the first free name
    assert aside.read_bytes() == b"new" and caught.value.aside == str(aside)
    assert "汇总.xlsx" in caught.value.zh and "汇总(3).xlsx" in caught.value.zh
    assert "WPS" in caught.value.zh and caught.value.exit_code == 75
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总(2).xlsx", "汇总(3).xlsx",
                                                          "汇总.xlsx"]


def test_a_file_held_briefly_is_replaced_and_others_are_not_kept_aside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mopai.sync.errors import FileInUse

    target = tmp_path / "settings.json"
    target.write_bytes(b"old")
    hold_open(monkeypatch, target, times=3)            # an antivirus scan, say
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    hold_open(monkeypatch, target)
    with pytest.raises(FileInUse) as caught:
        write_atomic(target, b"newer")
    assert caught.value.aside is None and target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_the_report_command_says_which_workbook_to_close(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        home: Path) -> None:
    import openpyxl

    from mopai.cli.main import main
    from tests.conftest import PASSPHRASE, USER

    out = tmp_path / "report.xlsx"
    out.write_bytes(b"open in WPS")
    hold_open(monkeypatch, out)
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    code = main(["report", "--home", str(home), "--user", USER, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 75 and "report.xlsx" in err and "report(2).xlsx" in err and "关闭" in err
    assert out.read_bytes() == b"open in WPS"
    assert "汇总" in openpyxl.load_workbook(tmp_path / "report(2).xlsx").sheetnames
