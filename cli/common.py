"""What every command needs: the version, passphrases from the environment or the terminal,
and the workspace a command works on, opened through the one door (`sync.store.open_store`).
The store's modules are imported inside the functions: `mopai --version` and `--help` start
without SQLAlchemy and SQLCipher."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mopai.sync.errors import InputError


def app_version() -> str:
    try:
        return version("mopai")
    except PackageNotFoundError:  # running from a frozen build without metadata
        from mopai.desktop import __version__

        return __version__


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
    from mopai.sync.workspace import default_home

    return Path(args.home).expanduser() if getattr(args, "home", None) else default_home()


def db_of(args: argparse.Namespace) -> str | None:
    """`--db URL`: a county store on PostgreSQL (docs/postgres.md); None for the folder's own."""
    return getattr(args, "db", None) or None


def user_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "user", None) or os.environ.get("MOPAI_USER") or None


def open_store(args: argparse.Namespace):  # noqa: ANN201 - sync.store.Store
    from mopai.sync.store import open_store as open_checked
    from mopai.sync.workspace import Workspace

    ws = Workspace(home_of(args), db=db_of(args))
    return open_checked(ws, user_of(args), read_passphrase())


# -- output --------------------------------------------------------------------------------
def tolerant_output() -> None:
    """Characters the console or file cannot show become "?" instead of ending the command:
    output redirected to a file on Chinese Windows is written in GBK (cp936), which has no
    ✓ and no half blocks, and an old console may be set to anything."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):  # replaced by a test or an embedder
            pass


def print_qr(data: str) -> None:
    """A QR code of `data` drawn with half blocks, when the output can show them; otherwise
    a line saying so (the text printed above it is what to compare)."""
    from mopai.sync.device import qr_text

    try:
        "▀▄█".encode(sys.stdout.encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        print("（此处无法显示二维码，请核对上面的文字）(this output cannot show the QR code: "
              "compare the text above)")
        return
    print(qr_text(data))
