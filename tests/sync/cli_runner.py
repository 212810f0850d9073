"""Run `mopai` with the sync commands registered, until the lead adds them to desktop/cli.py
(``cli_sync.add_parsers(sub, common)``); afterwards this simply runs `desktop.cli.main`."""

from __future__ import annotations

import argparse
import sys

from desktop import cli, cli_sync

_build = cli.build_parser


def build_parser() -> argparse.ArgumentParser:
    parser = _build()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "export" not in sub.choices:
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS)
        common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS)
        cli_sync.add_parsers(sub, common)
    return parser


cli.build_parser = build_parser

if __name__ == "__main__":
    sys.exit(cli.main())
