"""One passphrase policy at every door where a passphrase is set (issue 12).

Each entry point is driven through the real command line (`cli.main.main` with MOPAI_*
variables) or the first-run flow; a refused passphrase changes nothing, says why in
Chinese, and a strong one is accepted. Stores made with a weak passphrase still unlock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mopai.cli.main import main
from mopai.desktop.transfer.setup_flow import Problem, SetupFlow, Step
from mopai.sync import audit
from mopai.sync import passphrase as policy
from mopai.sync.keyfile import KeyFile
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, Net

ROOT = Path(__file__).resolve().parents[2]
STRONG = "dongshan-maitian-7-denglong"
REFUSED = "密码不够安全"

# (passphrase, what the Chinese reason must name)
WEAK = [("12345678", "常见密码"), ("aaaaaaaa", "重复的字符"), (" " * 8, "重复的字符"),
        ("password1", "常见密码")]


def weak_for(user: str) -> list[tuple[str, str]]:
    """The common weak ones, and the user's own name repeated."""
    return [*WEAK, (user * 3, "用户名")]


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str,
        **env: str) -> tuple[int, str]:
    for key in [k for k in os.environ if k.startswith("MOPAI_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main(list(argv))
    return code, capsys.readouterr().err


def assert_refused(code: int, err: str, reason: str) -> None:
    assert code == 2, err
    assert REFUSED in err and reason in err and "Error: passphrase refused" in err
    assert err.count("\n") == 1 and "Traceback" not in err


# -- the policy itself ---------------------------------------------------------------------------
def test_policy_reasons_and_levels() -> None:
    known = policy.inputs(user="王会计", code=VILLAGE_A, name="测试村")
    assert {"王会计", "wangkuaiji", VILLAGE_A, COUNTY, "测试村", "ceshicun"} <= set(known)
    cases = {"short": policy.Reason.SHORT, "12345678": policy.Reason.COMMON,
             "aaaaaaaa": policy.Reason.REPEAT, " " * 8: policy.Reason.REPEAT,
             "abcdefghij": policy.Reason.SEQUENCE, "王会计王会计王会计": policy.Reason.PERSONAL,
             "wangkuaiji2026": policy.Reason.PERSONAL, VILLAGE_A: policy.Reason.PERSONAL,
             "19750312": policy.Reason.DATE,
             # zxcvbn takes these for random digits; a phone or ID number is anything but.
             "15907316482": policy.Reason.DIGITS, "430524199001011234": policy.Reason.DIGITS}
    for text, reason in cases.items():
        assert policy.assess(text, user_inputs=known).reason is reason, text
    assert policy.assess(STRONG, user_inputs=known).ok
    # The county level: what a village may use is not enough for the county's keys.
    village_ok = "qiaotoucun"
    assert policy.assess(village_ok, role="village").ok
    county = policy.assess(village_ok, role="county")
    assert county.reason is policy.Reason.WEAK and "全县" in county.text("zh_CN")
    assert "whole county" in county.text("en")


def test_zxcvbn_is_loaded_only_when_a_passphrase_is_set() -> None:
    script = ("import sys, cli.main, sync.workspace, sync.store, sync.keyfile\n"
              "assert 'zxcvbn' not in sys.modules\n"
              "from mopai.sync import passphrase\n"
              "passphrase.assess('x' * 9)\n"
              "assert 'zxcvbn' in sys.modules\n")
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr


def test_a_store_made_with_a_weak_passphrase_still_unlocks(home: Path) -> None:
    """The policy applies when a passphrase is set, never when one is used."""
    keys = KeyFile.load(home / "mopai.keys")
    data_key = keys.unwrap(USER, PASSPHRASE)
    slot = next(s for s in keys.slots if s.get("name") == USER)
    keys.slots[keys.slots.index(slot)] = keys._seal(USER, "12345678", data_key)  # an old Mopai
    keys.save()
    with Workspace(home).unlock(USER, "12345678") as store:
        assert store.integrity_check() == []


# -- mopai init ----------------------------------------------------------------------------------
def test_init_refuses_weak_passphrases_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    home = tmp_path / "ws"
    args = ("init", "--home", str(home), "--role", "village", "--village", VILLAGE_A,
            "--user", USER, "--name", "测试村")
    for weak, reason in [*weak_for(USER), (VILLAGE_A, "区划代码"), ("wangkuaiji1", "用户名")]:
        assert_refused(*run(monkeypatch, capsys, *args, MOPAI_NEW_PASSPHRASE=weak), reason)
        assert not home.exists()
    # A county needs more than a village: the same passphrase is refused there.
    county = tmp_path / "county"
    code, err = run(monkeypatch, capsys, "init", "--home", str(county), "--role", "county",
                    "--county", COUNTY, "--user", COUNTY_USER,
                    MOPAI_NEW_PASSPHRASE="qiaotoucun")
    assert_refused(code, err, "全县")
    assert not county.exists()
    code, err = run(monkeypatch, capsys, *args, MOPAI_NEW_PASSPHRASE=STRONG)
    assert code == 0, err
    Workspace(home).unlock(USER, STRONG).close()


# -- mopai passwd --------------------------------------------------------------------------------
def test_passwd_refuses_weak_passphrases_and_changes_nothing(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = (home / "mopai.keys").read_bytes()
    for weak, reason in weak_for(USER):
        assert_refused(*run(monkeypatch, capsys, "passwd", "--home", str(home),
                            MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_NEW_PASSPHRASE=weak), reason)
    assert (home / "mopai.keys").read_bytes() == before
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        assert not store.audit.entries(audit.PASSPHRASE_CHANGED)
    code, err = run(monkeypatch, capsys, "passwd", "--home", str(home),
                    MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_NEW_PASSPHRASE=STRONG)
    assert code == 0, err
    Workspace(home).unlock(USER, STRONG).close()


# -- mopai users add -----------------------------------------------------------------------------
def test_users_add_refuses_weak_passphrases_and_adds_nobody(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = (home / "mopai.keys").read_bytes()
    for weak, reason in weak_for("李文书"):
        assert_refused(*run(monkeypatch, capsys, "users", "add", "李文书", "--home", str(home),
                            MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_NEW_PASSPHRASE=weak), reason)
    assert (home / "mopai.keys").read_bytes() == before
    code, err = run(monkeypatch, capsys, "users", "add", "李文书", "--home", str(home),
                    MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_NEW_PASSPHRASE=STRONG)
    assert code == 0, err
    assert Workspace(home).keys.users() == [USER, "李文书"]


# -- mopai keys backup ---------------------------------------------------------------------------
def test_keys_backup_refuses_weak_passphrases_and_writes_no_backup(
        net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "county.keys"
    args = ("keys", "backup", "--home", str(net.home("county")), "--out", str(out))
    # qiaotoucun would do for a village store, not for the county's master keys.
    for weak, reason in [*weak_for(COUNTY_USER), ("qiaotoucun", "全县")]:
        assert_refused(*run(monkeypatch, capsys, *args, MOPAI_PASSPHRASE=PASSPHRASE,
                            MOPAI_NEW_PASSPHRASE=weak), reason)
        assert not out.exists()
    with net.open("county") as county:
        assert county.sync.backup_warning() is not None  # still no backup on record
    code, err = run(monkeypatch, capsys, *args, MOPAI_PASSPHRASE=PASSPHRASE,
                    MOPAI_NEW_PASSPHRASE=STRONG)
    assert code == 0, err
    assert out.exists()


# -- mopai recover -------------------------------------------------------------------------------
def test_recover_refuses_weak_passphrases_and_leaves_the_key_file(
        net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "a1.keys"
    shutil.copy(net.home("a1") / "mopai.keys", stick)
    before = stick.read_bytes()
    args = ("recover", str(stick), "--village-user", USER, "--home", str(net.home("county")))
    for weak, reason in weak_for(USER):
        assert_refused(*run(monkeypatch, capsys, *args, MOPAI_PASSPHRASE=PASSPHRASE,
                            MOPAI_NEW_PASSPHRASE=weak), reason)
    assert stick.read_bytes() == before
    code, err = run(monkeypatch, capsys, *args, MOPAI_PASSPHRASE=PASSPHRASE,
                    MOPAI_NEW_PASSPHRASE=STRONG)
    assert code == 0, err
    assert KeyFile.load(stick).unwrap(USER, STRONG)


# -- the first-run wizard ------------------------------------------------------------------------
def test_setup_flow_applies_the_same_policy(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "ws", step=Step.PASSPHRASE, choice="create", role="village",
                     code=VILLAGE_A, name="测试村", user=USER)
    for weak, reason in [*weak_for(USER), (VILLAGE_A, "区划代码")]:
        flow.passphrase = flow.confirm = weak
        assert flow.problems() == [Problem.WEAK_PASSPHRASE], weak
        assert reason in flow.passphrase_reason("zh_CN") and flow.strength < 3
        assert flow.next() is Step.PASSPHRASE
    flow.passphrase = flow.confirm = "short"
    assert flow.problems() == [Problem.SHORT_PASSPHRASE]
    flow.passphrase = flow.confirm = "qiaotoucun"
    assert flow.problems() == []
    flow.role, flow.code = "county", COUNTY
    assert flow.problems() == [Problem.WEAK_PASSPHRASE] and "全县" in flow.passphrase_reason()
    flow.passphrase = flow.confirm = STRONG
    assert flow.next() is Step.CONFIRM and flow.strength == 4
    assert not (tmp_path / "ws").exists()
