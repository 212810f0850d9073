"""`mopai demo village` and `mopai demo county` (cli/demo.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mopai.cli import demo as cli_demo
from mopai.cli import main as cli
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE


def run(argv: list[str]) -> int:
    """Parse with cli.py's own parser once it registers `demo`, else with the same shape."""
    parser = cli.build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "demo" not in subs.choices:
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS)
        common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS)
        cli_demo.add_parsers(subs, common)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except cli.MopaiError as exc:
        print(exc.one_line())
        return exc.exit_code


def test_demo_village_adds_households(home: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    assert run(["demo", "village", "--home", str(home), "--households", "12", "--seed", "3"]) == 0
    assert run(["demo", "village", "--home", str(home), "--households", "8"]) == 0
    out = capsys.readouterr()
    assert "Added 12 households" in out.out and "20 in the workspace" in out.out
    assert "8/8" in out.err  # the progress line
    with Workspace(home).unlock(None, PASSPHRASE) as store:
        assert store.households.count() == 20


def test_demo_village_wrong_passphrase_is_one_line(home: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOPAI_PASSPHRASE", "not-the-passphrase")
    assert run(["demo", "village", "--home", str(home), "--households", "3"]) == 3
    assert "Error:" in capsys.readouterr().out


def test_demo_village_refuses_zero(home: Path) -> None:
    with pytest.raises(SystemExit):
        run(["demo", "village", "--home", str(home), "--households", "0"])


def test_demo_county(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "county-demo"
    assert run(["demo", "county", "--out", str(out), "--villages", "2", "--households", "10"]) == 0
    assert Workspace.exists(out / "county") and len(list((out / "bundles").iterdir())) == 2
    assert "10 households" in capsys.readouterr().out
