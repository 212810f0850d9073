"""The key file is changed under a lock, re-read inside it: a change made by another process
is never lost (issue 13). Real processes, a real workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mopai.sync import locking
from mopai.sync.errors import LockBusy, WrongPassphrase
from mopai.sync.workspace import KEY_FILE, Workspace
from tests.conftest import PASSPHRASE, USER

ROOT = Path(__file__).resolve().parents[2]
HEAD, HEAD_PASS = "张主任", "orchard-kettle-head-93"


def child(mode: str, home: Path, go: Path, new: str = "", *as_user: str
          ) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.sync.keyfile_child", mode, str(home),
                             str(go), new, *as_user], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    return proc


def wait_line(proc: subprocess.Popen[str], line: str) -> None:
    got = proc.stdout.readline().strip()
    assert got == line, (got, proc.stderr.read() if proc.poll() is not None else "")


def test_passwd_and_users_add_in_two_processes_both_survive(store, home: Path,
                                                            tmp_path: Path) -> None:
    """`passwd` in one process, `users add` in another (by a second user), both having read
    the key file before either writes (they are unlocked and waiting): the old code wrote
    each one's copy whole, so the second write undid the first."""
    store.users.add(HEAD, HEAD_PASS, by_passphrase=PASSPHRASE)
    store.close()
    go = tmp_path / "go"
    passwd = child("passwd", home, go, "river-lantern-passwd-77")
    adder = child("李文书", home, go, "hill-teapot-adder-58", HEAD, HEAD_PASS)
    for proc in (passwd, adder):
        wait_line(proc, "ready")
    go.touch()  # both change the key file at once
    for proc in (passwd, adder):
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    ws = Workspace(home)
    assert ws.keys.users() == [USER, HEAD, "李文书"]
    with pytest.raises(WrongPassphrase):
        ws.keys.unwrap(USER, PASSPHRASE)
    assert ws.keys.unwrap(USER, "river-lantern-passwd-77") == \
        ws.keys.unwrap("李文书", "hill-teapot-adder-58")


def test_a_held_lock_gives_a_clear_error_in_bounded_time_and_changes_nothing(
        store, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "TIMEOUT", 0.5)
    holder = child("hold", home, tmp_path / "unused")
    try:
        wait_line(holder, "ready")
        before = (home / KEY_FILE).read_bytes()
        started = time.monotonic()
        with pytest.raises(LockBusy) as caught:
            store.users.add("李文书", "hill-teapot-adder-58", by_passphrase=PASSPHRASE)
        assert time.monotonic() - started < 5
        assert "另一个摸排程序" in caught.value.zh and "密钥文件未改动" in caught.value.zh
        assert "key file was not changed" in caught.value.en
        assert caught.value.code == "lock_busy" and caught.value.exit_code == 75
        assert (home / KEY_FILE).read_bytes() == before
        assert store.users.list() == [USER]
    finally:
        holder.communicate("", timeout=30)
    store.users.add("李文书", "hill-teapot-adder-58", by_passphrase=PASSPHRASE)  # free again
    assert Workspace(home).keys.users() == [USER, "李文书"]


def test_unlock_reads_the_key_file_again(store, home: Path) -> None:
    """A window opened before another process changed a passphrase unlocks with the new one."""
    waiting = Workspace(home)  # the unlock screen, opened first
    store.users.change_passphrase(PASSPHRASE, "river-lantern-passwd-77")
    store.close()
    with waiting.unlock(USER, "river-lantern-passwd-77") as again:
        assert again.user == USER

