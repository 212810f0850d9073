"""What every `mopai` command shares: the workspace folder, the user, the passphrases, the store.

`desktop/cli.py` builds the parser and registers the commands of `cli_sync`, `cli_county`,
`cli_reports` and `cli_demo`; all of them take these from here, so no command module needs
the parser's module (and none imports another). Qt-free. The store's modules are imported
inside the functions that open it, so that `mopai --help` and `--version` start at once.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sync.errors import InputError


# -- passphrases ---------------------------------------------------------------------------
def _given(variable: str, what_zh: str, what_en: str) -> str | None:
    """The value of `variable`, or None when a terminal can ask; refuse when neither."""
    value = os.environ.get(variable)
    if value is None and not sys.stdin.isatty():
        raise InputError(f"需要{what_zh}：请设置 {variable} 或在终端中运行",
                         f"{what_en} is needed: set {variable} or run in a terminal")
    return value


def read_passphrase(prompt: str = "密码 Passphrase: ") -> str:
    value = _given("MOPAI_PASSPHRASE", "密码", "a passphrase")
    return value if value is not None else getpass.getpass(prompt)


def read_new_passphrase(prompt: str = "新密码 New passphrase: ") -> str:
    value = _given("MOPAI_NEW_PASSPHRASE", "新密码", "a new passphrase")
    if value is not None:
        return value
    first = getpass.getpass(prompt)
    if getpass.getpass("再输一次 Repeat: ") != first:
        raise InputError("两次输入的密码不一致", "the two passphrases differ")
    return first


# -- workspace helpers ---------------------------------------------------------------------
def home_of(args: argparse.Namespace) -> Path:
    from sync.workspace import default_home  # start-up: see the module's docstring

    return Path(args.home).expanduser() if getattr(args, "home", None) else default_home()


def db_of(args: argparse.Namespace) -> str | None:
    """`--db URL`: a county store on PostgreSQL (docs/postgres.md); None for the folder's own."""
    return getattr(args, "db", None) or None


def user_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "user", None) or os.environ.get("MOPAI_USER") or None


def open_store(args: argparse.Namespace):  # noqa: ANN201 - sync.store.Store
    from desktop.validation import open_store as open_validated  # start-up: as above
    from sync.workspace import Workspace

    ws = Workspace(home_of(args), db=db_of(args))
    return open_validated(ws, user_of(args), read_passphrase())
