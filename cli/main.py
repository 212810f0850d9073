"""The `mopai` command line. Qt is imported only when the desktop app is opened, and the
store's modules only inside the commands that open it (start-up: `cli/common.py`).

Non-interactive use: the passphrase comes from MOPAI_PASSPHRASE, a new one from
MOPAI_NEW_PASSPHRASE, the user from --user or MOPAI_USER; otherwise the command asks.
Every failure the core foresees ends in one line, in Chinese and English, and a non-zero
exit code — never a traceback. Output to a pipe whose reader has gone (``mopai status |
head -1``) ends quietly with exit code 141, as a program ended by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from mopai.forms.errors import MopaiError
from mopai.sync.errors import InputError

from . import card, county, demo, jobs, net, records, reports, review, services, spotcheck, transfer
from .common import (
    app_version,
    db_of,
    home_of,
    open_store,
    read_new_passphrase,
    read_passphrase,
    tolerant_output,
    user_of,
)


# -- commands ------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from mopai.sync.workspace import Workspace

    code = {"village": args.village, "township": args.township, "county": args.county}[args.role]
    if not code:
        raise InputError(f"--role {args.role} 需要 --{args.role} 区划代码",
                         f"--role {args.role} needs --{args.role} CODE")
    if not args.user:
        raise InputError("请用 --user 指定第一个用户名", "name the first user with --user")
    home = home_of(args)
    passphrase = read_new_passphrase()
    ws = Workspace.create(home, role=args.role, code=code, user=args.user, passphrase=passphrase,
                          name=args.name or "", db=db_of(args))
    print(f"已创建工作区 Workspace created: {home} ({args.role} {code}, 用户 user {args.user})"
          + (f"; 数据库 database {ws.backend}" if ws.db_url else ""))
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    if args.users_cmd == "list":
        from mopai.sync.workspace import Workspace

        for name in Workspace(home_of(args), db=db_of(args)).keys.users():
            print(name)
        return 0
    with open_store(args) as store:
        new = read_new_passphrase(f"“{args.name}”的密码 Passphrase for {args.name}: ")
        store.users.add(args.name, new, by_passphrase=read_passphrase())
    print(f"已添加用户 User added: {args.name}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    old = read_passphrase()
    with open_store(args) as store:
        store.users.change_passphrase(old, read_new_passphrase())
        print(f"已修改用户“{store.user}”的密码 Passphrase changed for {store.user}")
    return 0


STATUS_LABELS = [
    ("role", "角色", "role"), ("code", "区划代码", "code"), ("name", "名称", "name"),
    ("users", "用户", "users"), ("households", "户数", "households"),
    ("members", "人数", "members"), ("revisions", "修订数", "revisions"),
    ("open_conflicts", "待处理冲突", "open conflicts"), ("quarantined", "隔离记录", "quarantined"),
    ("form", "问卷", "form"),
    ("last_export", "上次导出", "last export"), ("last_import", "上次导入", "last import"),
    ("unacknowledged", "县里未确认的修订", "revisions not acknowledged by the county"),
]


def cmd_status(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        status = store.status().to_dict()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0
    status["form"] = f"{status['form_id']} {status['form_version']}"
    for key, zh, en in STATUS_LABELS:
        value = status[key]
        if isinstance(value, list):
            value = "、".join(value)
        print(f"{zh} {en}: {'—' if value in (None, '') else value}")
    return 0


def cmd_form(args: argparse.Namespace) -> int:
    from . import questionnaire as forms

    if args.form_cmd == "check":
        return forms.form_check(Path(args.file))
    with open_store(args) as store:
        if args.form_cmd == "publish":
            return forms.form_publish(store, Path(args.file), args.reason or "")
        return forms.form_list(store)


def cmd_validate(args: argparse.Namespace) -> int:
    from .questionnaire import validate_store

    with open_store(args) as store:
        return validate_store(store, as_json=args.json)


def cmd_gui(args: argparse.Namespace) -> int:
    from mopai.desktop.shell.app import run_app

    home = getattr(args, "home", None)
    return run_app(home=Path(home).expanduser() if home else None,
                   user=user_of(args), demo=args.demo, db=db_of(args))


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS,
                        help="工作区文件夹 workspace folder (else MOPAI_HOME, else the user data folder)")
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help="用户名 user name (else MOPAI_USER; optional with one user)")
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="县级数据库服务器 county store on PostgreSQL, e.g. "
                             "postgresql+psycopg://user@host/mopai (password: PGPASSWORD, "
                             "~/.pgpass or MOPAI_DB_PASSWORD; never stored)")

    parser = argparse.ArgumentParser(
        prog="mopai", parents=[common],
        description="摸排 Mopai — 农村劳动力调查离线桌面软件 offline rural labour-force survey. "
                    "Without a command, opens the desktop app.",
        epilog="环境变量 Environment: MOPAI_HOME, MOPAI_USER, MOPAI_PASSPHRASE, MOPAI_NEW_PASSPHRASE, "
               "MOPAI_DB_PASSWORD",
    )
    parser.add_argument("--version", action="version", version=f"mopai {app_version()}")
    parser.add_argument("--demo", action="store_true", help="打开演示工作区 open the demo workspace")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="创建工作区 create a workspace and its first user")
    p.add_argument("--role", required=True, choices=["village", "township", "county"])
    p.add_argument("--village", metavar="CODE", help="12 位村级区划代码 12-digit village code")
    p.add_argument("--township", metavar="CODE", help="9 位乡镇代码 9-digit township code")
    p.add_argument("--county", metavar="CODE", help="6 位县级代码 6-digit county code")
    p.add_argument("--name", help="村/乡镇/县名称 name of the village, township or county")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("users", parents=[common], help="管理用户 manage users")
    users = p.add_subparsers(dest="users_cmd", metavar="ACTION", required=True)
    a = users.add_parser("add", parents=[common],
                         help="添加用户（需现有用户密码）add a user (needs an existing user's passphrase)")
    a.add_argument("name", metavar="NAME")
    users.add_parser("list", parents=[common], help="列出用户 list users")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("passwd", parents=[common], help="修改密码 change your passphrase")
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("status", parents=[common], help="工作区概况 workspace status")
    p.add_argument("--json", action="store_true", help="输出 JSON print JSON")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("form", parents=[common], help="问卷工作簿 questionnaire workbooks")
    forms = p.add_subparsers(dest="form_cmd", metavar="ACTION", required=True)
    c = forms.add_parser("check", help="检查县里修改过的问卷工作簿 check an edited XLSForm workbook")
    c.add_argument("file", metavar="FILE.xlsx")
    c = forms.add_parser(
        "publish", parents=[common],
        help="县：检查并发布新版问卷，随回传包和登记回执发到各村、乡镇 county: check a workbook and make "
             "it the current form, sent with every return bundle and setup file")
    c.add_argument("file", metavar="FILE.xlsx")
    c.add_argument("--reason", metavar="TEXT", help="发布原因（记入审计日志）why (audit log)")
    forms.add_parser("list", parents=[common],
                     help="本工作区保存的问卷版本（* 为当前）form versions held (* current)")
    p.set_defaults(func=cmd_form)

    p = sub.add_parser("validate", parents=[common],
                       help="校验全部户 run the questionnaire's checks over every household")
    p.add_argument("--json", action="store_true", help="输出 JSON print JSON")
    p.set_defaults(func=cmd_validate)

    transfer.add_parsers(sub, common)
    county.add_parsers(sub, common)
    reports.add_parsers(sub, common)
    spotcheck.add_parsers(sub, common)
    records.add_parsers(sub, common)
    jobs.add_parsers(sub, common)
    review.add_parsers(sub, common)
    services.add_parsers(sub, common)
    card.add_parsers(sub, common)
    demo.add_parsers(sub, common)
    net.add_parsers(sub, common)
    return parser


# `mopai status | head -1`: the reader went away; not an error worth a word.
EXIT_BROKEN_PIPE = 141  # what a shell reports for a program ended by SIGPIPE (128 + 13)


def _stdout_to_devnull() -> None:
    """After a broken pipe, send stdout to devnull, so that the interpreter's own flush at
    exit does not fail again (the Python docs' recipe, signal module, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (replaced by a test or an embedder)
        pass


EXIT_UNEXPECTED = 70  # EX_SOFTWARE: an error of ours, not of the input


def _unexpected(exc: BaseException) -> int:
    """One line for the user; the traceback, redacted (no ID numbers, phones or names), to
    the log folder for whoever supports them."""
    from platformdirs import user_log_dir

    from mopai.sync.redact import safe_traceback

    where = ""
    try:
        folder = Path(os.environ.get("MOPAI_LOG_DIR") or user_log_dir("Mopai", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "mopai-cli.log"
        with open(log, "a", encoding="utf-8") as f:
            f.write(safe_traceback(exc, exc.__traceback__) + "\n")
        where = f" [{log}]"
    except OSError:
        pass
    print(f"错误：意外错误（{type(exc).__name__}），已记录在日志中，请把日志交给县里的技术人员 / "
          f"Error: unexpected error ({type(exc).__name__}); details are in the log{where}",
          file=sys.stderr)
    return EXIT_UNEXPECTED


def main(argv: list[str] | None = None) -> int:
    from mopai.sync.atomic import tidy_at_start

    tolerant_output()
    try:
        args = build_parser().parse_args(argv)
        func = getattr(args, "func", cmd_gui)
        try:
            tidy_at_start(home_of(args))  # what killed reports and exports left (sync/atomic.py)
            code = func(args)
            sys.stdout.flush()  # here, not at exit: a reader that left shows up now
            return code
        except MopaiError as exc:  # the one base of every package's errors
            print(exc.one_line(), file=sys.stderr)
            for problem in getattr(exc, "problems", None) or ():  # a form's, an area sheet's
                print(problem.one_line(), file=sys.stderr)
            return exc.exit_code
        except KeyboardInterrupt:
            print("已取消 Cancelled", file=sys.stderr)
            return 130
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
            return _unexpected(exc)
    except BrokenPipeError:
        _stdout_to_devnull()
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
