"""The `mopai` command line, run as a real process (issue 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def mopai(*args: str, passphrase: str | None = None, new: str | None = None,
          user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update({k: v for k, v in {"MOPAI_PASSPHRASE": passphrase, "MOPAI_NEW_PASSPHRASE": new,
                                  "MOPAI_USER": user}.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "mopai.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli") / "village"
    r = mopai("init", "--home", str(home), "--role", "village", "--village", "110105001001",
              "--user", "王会计", new="first-pass-123")
    assert r.returncode == 0, r.stderr
    return home


def test_version_and_help_list_every_command() -> None:
    r = mopai("--version")
    assert r.returncode == 0 and r.stdout.startswith("mopai 0.")
    r = mopai("--help")
    for command in ("init", "users", "passwd", "status", "form", "validate"):
        assert command in r.stdout
    assert "MOPAI_PASSPHRASE" in r.stdout


def test_status_json_and_text(village: Path) -> None:
    r = mopai("status", "--home", str(village), "--json", passphrase="first-pass-123")
    assert r.returncode == 0, r.stderr
    status = json.loads(r.stdout)
    assert (status["role"], status["code"], status["users"]) == ("village", "110105001001",
                                                                 ["王会计"])
    for key in ("households", "members", "revisions", "open_conflicts", "quarantined",
                "last_export", "last_import", "unacknowledged"):
        assert key in status
    r = mopai("--home", str(village), "status", passphrase="first-pass-123")
    assert "角色 role: village" in r.stdout and "户数 households: 0" in r.stdout


def test_wrong_passphrase_one_line_no_traceback(village: Path) -> None:
    r = mopai("status", "--home", str(village), passphrase="wrong-pass-000")
    assert r.returncode == 3
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "密码不正确" in r.stderr and "wrong passphrase" in r.stderr


def test_users_add_passwd_and_second_user(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    assert mopai("init", "--home", str(home), "--role", "county", "--county", "110105",
                 "--user", "张科长", new="county-lantern-41").returncode == 0
    r = mopai("users", "add", "李文书", "--home", str(home), passphrase="bad-pass-0000",
              new="clerk-pass-22")
    assert r.returncode == 3 and "Traceback" not in r.stderr
    r = mopai("users", "add", "李文书", "--home", str(home), passphrase="county-lantern-41",
              new="clerk-pass-22")
    assert r.returncode == 0, r.stderr
    assert mopai("users", "list", "--home", str(home)).stdout.split() == ["张科长", "李文书"]
    r = mopai("status", "--home", str(home), passphrase="county-lantern-41")
    assert r.returncode == 2 and "--user" in r.stderr  # two users now: say which
    assert mopai("status", "--home", str(home), "--user", "李文书",
                 passphrase="clerk-pass-22").returncode == 0
    r = mopai("passwd", "--home", str(home), user="张科长", passphrase="county-lantern-41",
              new="county-lantern-42")
    assert r.returncode == 0, r.stderr
    assert mopai("status", "--home", str(home), user="张科长",
                 passphrase="county-lantern-41").returncode == 3
    assert mopai("status", "--home", str(home), user="张科长",
                 passphrase="county-lantern-42").returncode == 0


def test_init_errors_are_clear(tmp_path: Path) -> None:
    r = mopai("init", "--home", str(tmp_path / "a"), "--role", "village", "--village", "123",
              "--user", "x", new="long-enough-1")
    assert r.returncode == 2 and "12 位数字" in r.stderr and "Traceback" not in r.stderr
    r = mopai("init", "--home", str(tmp_path / "b"), "--role", "township", "--user", "x",
              new="long-enough-1")
    assert r.returncode == 2 and "--township" in r.stderr


def test_missing_workspace_and_no_passphrase(tmp_path: Path) -> None:
    r = mopai("status", "--home", str(tmp_path / "none"))
    assert r.returncode == 4 and "key file not found" in r.stderr
    home = tmp_path / "ws"
    mopai("init", "--home", str(home), "--role", "village", "--village", "110105001001",
          "--user", "u", new="long-enough-1")
    r = mopai("status", "--home", str(home))
    assert r.returncode == 2 and "MOPAI_PASSPHRASE" in r.stderr


def test_store_key_mismatch_is_one_line_without_sqlcipher_noise(tmp_path: Path) -> None:
    """A key file from another workspace unwraps fine but does not open this store."""
    a, b = tmp_path / "a", tmp_path / "b"
    for home in (a, b):
        assert mopai("init", "--home", str(home), "--role", "village", "--village",
                     "110105001001", "--user", "u", new="same-pass-123").returncode == 0
    (a / "mopai.keys").write_bytes((b / "mopai.keys").read_bytes())
    r = mopai("status", "--home", str(a), passphrase="same-pass-123")
    assert r.returncode == 5
    assert r.stderr.count("\n") == 1, r.stderr  # nothing from SQLCipher's own log
    assert "key does not match" in r.stderr and "Traceback" not in r.stderr


def test_db_without_a_command_opens_the_app_on_that_server(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    import mopai.desktop.shell.app as app
    from mopai.cli.main import main

    seen: list[dict] = []
    monkeypatch.delenv("MOPAI_USER", raising=False)
    monkeypatch.setattr(app, "run_app", lambda **kw: seen.append(kw) or 0)
    url = "postgresql+psycopg://mopai@db.county.lan/mopai"
    assert main(["--home", str(tmp_path), "--db", url]) == 0
    assert seen == [{"home": tmp_path, "user": None, "demo": False, "db": url}]


def mopai_into_closed_pipe(*args: str, passphrase: str | None = None
                           ) -> subprocess.CompletedProcess[str]:
    """Run `mopai` with its stdout on a pipe whose reader leaves before the first line, as
    `head -1` does once it has its line: every write then fails with EPIPE."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    if passphrase is not None:
        env["MOPAI_PASSPHRASE"] = passphrase
    proc = subprocess.Popen([sys.executable, "-m", "mopai.cli", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    return subprocess.CompletedProcess(proc.args, proc.wait(timeout=120), "", err)


@pytest.mark.parametrize("args", [("status",), ("status", "--json"), ("validate",),
                                  ("users", "list")],
                         ids=["status", "status-json", "validate", "users-list"])
def test_output_to_a_closed_pipe_ends_quietly(village: Path, args: tuple[str, ...]) -> None:
    from mopai.cli.main import EXIT_BROKEN_PIPE

    r = mopai_into_closed_pipe(*args, "--home", str(village), passphrase="first-pass-123")
    assert r.stderr == ""  # no traceback, no "Exception ignored … BrokenPipeError"
    assert r.returncode == EXIT_BROKEN_PIPE


def test_head_reads_the_first_line_of_status(village: Path) -> None:
    """The pipeline as typed: `mopai status | head -1` prints one line and no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env["MOPAI_PASSPHRASE"] = "first-pass-123"
    command = f"{sys.executable} -m mopai.cli status --home '{village}' | head -1"
    r = subprocess.run(["sh", "-c", command], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 0 and r.stdout == "角色 role: village\n"
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr


def test_an_unexpected_error_is_one_line_and_a_redacted_log(
        tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    """No traceback reaches the user for any input; the log has one, without personal data."""
    import mopai.cli.main as cli

    def boom(_args):  # noqa: ANN001, ANN202
        raise ValueError(" ".join(_PERSON))  # the data, not the code, holds the person

    monkeypatch.setenv("MOPAI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(cli, "cmd_status", boom)
    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with(parser(), "status", boom))
    assert cli.main(["status", "--home", str(tmp_path / "ws")]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "ValueError" in err and "110105194912310021" not in err and "张三" not in err
    log = (tmp_path / "logs" / "mopai-cli.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "boom" in log
    assert "110105194912310021" not in log and "张三" not in log and "13812345678" not in log


_PERSON = ("张三", "110105194912310021", "13812345678")


def _with(parser, name, func):  # noqa: ANN001, ANN202
    """The parser, its `name` command running `func`."""
    for action in parser._subparsers._group_actions:  # noqa: SLF001
        if name in action.choices:
            action.choices[name].set_defaults(func=func)
    return parser
