"""`mopai` sync commands: enrol, export, import, return, revoke, keys, recover, conflicts.

Registered by `cli.main.build_parser` with ``transfer.add_parsers(sub, common)``. The
conventions are those of `cli/common.py`: the store passphrase from MOPAI_PASSPHRASE (else a
prompt), a new one from MOPAI_NEW_PASSPHRASE; the passphrase of a county key backup from
MOPAI_BACKUP_PASSPHRASE (else a prompt); every foreseen failure is one line.

The store's and the reports' modules are imported inside the commands (start-up: see
`cli/common.py`).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import (
    home_of,
    open_store,
    print_qr,
    read_new_passphrase,
    read_passphrase,
    user_of,
)


def _warn_backup(store) -> None:  # noqa: ANN001
    warning = store.sync.backup_warning()
    if warning:
        print(warning, file=sys.stderr)


def _backup_passphrase() -> str:
    value = os.environ.get("MOPAI_BACKUP_PASSPHRASE")
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InputError("需要备份密码：请设置 MOPAI_BACKUP_PASSPHRASE 或在终端中运行",
                         "the backup passphrase is needed: set MOPAI_BACKUP_PASSPHRASE or run "
                         "in a terminal")
    return getpass.getpass("备份密码 Backup passphrase: ")


def _progress():  # noqa: ANN202 - a progress(done, total, message) callback, or None
    """A one-line progress bar on a terminal; nothing when output is piped or logged."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {message[:40]:<40}",
              end=end, file=sys.stderr, flush=True)

    return show


# -- commands --------------------------------------------------------------------------------
def cmd_enrol(args: argparse.Namespace) -> int:
    if args.enrol_cmd == "request":
        with open_store(args) as store:
            doc = store.sync.enrol_request(Path(args.out), device_name=args.device_name,
                                           user_name=args.user_name)
            print(f"已写出登记申请 Enrolment request written: {args.out}")
            print(f"设备 device {doc['device_name']}（{doc['device_id']}）  {doc['role']} "
                  f"{doc['name']}（{doc['code']}）  申请人 user {doc['user_name']}  "
                  f"时间 time {doc['created_at']}")
            print(f"本设备指纹 Device fingerprint: {store.sync.fingerprint()}")
        return 0
    if args.enrol_cmd == "approve":
        with open_store(args) as store:
            _warn_backup(store)
            req = store.sync.enrol_read_request(Path(args.file))
            print(f"申请 Request: {req.role} {req.name}（{req.code}）  设备 device "
                  f"{req.device_name}{'' if req.chosen_name else '（计算机名 host name, old request）'}"
                  f"  申请人 user {req.user_name}  时间 time {req.created_at}")
            print(f"设备指纹 Device fingerprint: {req.fingerprint}")
            body = store.sync.enrol_approve(Path(args.file), Path(args.out),
                                            confirmed_fingerprint=req.fingerprint)
            form = store.forms.current()
            print(f"已批准 Approved: {body['role']} {body['code']} 设备 device {body['device_id']} "
                  f"({body['device_name']}, {body['user_name']})")
            print(f"登记回执 Setup file: {args.out}（含问卷 with form {form.form_id} {form.version}）")
            print(f"县级密钥指纹（请通过电话或纸面告知村里）County key fingerprint: "
                  f"{store.sync.fingerprint()}")
        return 0
    if args.enrol_cmd == "list":
        with open_store(args) as store:
            names = store.sync.area_names()
            for d in store.sync.devices():
                state = f"吊销 REVOKED {d.revoked_at}" if d.revoked_at else "有效 active"
                place = f"{names[d.code]}（{d.code}）" if names.get(d.code) else d.code
                print(f"{d.device_id}  {d.role} {place}  {d.device_name or '-'}  "
                      f"{d.user_name or '-'}  登记 enrolled {d.enrolled_at[:16]}  {state}")
        return 0
    # accept
    from mopai.sync.store import open_store as open_checked
    from mopai.sync.workspace import Workspace

    passphrase = read_passphrase()  # asked once: it unlocks and seals the recovery slot
    ws = Workspace(home_of(args))
    with open_checked(ws, user_of(args), passphrase) as store:
        preview = store.sync.enrol_preview(Path(args.file))
        print(f"县 County {preview.county_code} {preview.county_name}")
        print(f"县级密钥指纹 County key fingerprint: {preview.fingerprint}")
        print_qr(preview.fingerprint)
        confirmed = args.fingerprint
        if confirmed is None:
            if not sys.stdin.isatty():
                raise InputError("请先与县里核对指纹，再用 --fingerprint 指纹 接受",
                                 "check the fingerprint with the county, then accept with "
                                 "--fingerprint FINGERPRINT")
            answer = input("与县里告知的指纹一致吗？输入 yes 接受 / Does it match? type yes: ")
            if answer.strip().lower() not in ("yes", "y", "是"):
                print("未接受 Not accepted")
                return 1
            confirmed = preview.fingerprint
        store.sync.enrol_accept(Path(args.file), confirmed, passphrase)
        print(f"已登记 Enrolled with county {preview.county_code}; 县级恢复槽已加入密钥文件 "
              "a county recovery slot was added to the key file")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        result = store.sync.export(Path(args.to), everything=args.all, progress=_progress())
    print(result.path)
    print(f"已写入并校验，可以拔出 U 盘 Written and verified; the stick can be removed. "
          f"序号 seq {result.seq}，修订 revisions {result.revisions}，户 households "
          f"{result.records}，SHA-256 {result.sha256}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        _warn_backup(store)
        results = store.sync.import_paths(
            [Path(p) for p in args.paths], progress=_progress(),
            forward_to=Path(args.forward) if args.forward else None)
    if not results:
        raise InputError("没有找到数据包（*.mopai）", "no bundles (*.mopai) found")
    for r in results:
        print(json.dumps(r.to_dict(), ensure_ascii=False) if args.json else r.one_line())
    return 0 if all(r.ok for r in results) else 1


def cmd_return(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if store.workspace.role == "township":  # its own decisions, and the county's it holds
            result = store.sync.export_to_village(args.village, Path(args.to))
        else:
            _warn_backup(store)
            result = store.sync.export_return(args.village, Path(args.to))
    for path in (*(result.parts or (result.path,)), *(c[0] for c in result.carried)):
        print(path)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        d = store.sync.revoke(args.device, args.reason or "")
    print(f"已吊销 Revoked: {d['device_id']} ({d['code']} {d['device_name']})")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.keys_cmd == "backup":
            store.sync.backup_keys(Path(args.out), read_new_passphrase(
                "备份密码 Backup passphrase: "))
            print(f"县级密钥已备份 County keys backed up: {args.out}")
        elif args.keys_cmd == "restore":
            store.sync.restore_keys(Path(args.file), _backup_passphrase())
            print("县级密钥已从备份恢复 County keys restored from the backup")
        else:
            print(store.sync.fingerprint())
            print_qr(store.sync.fingerprint())
            _warn_backup(store)
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        name = store.sync.recover(Path(args.keyfile), args.village_user,
                                  read_new_passphrase(f"“{args.village_user}”的新密码 "
                                                          "New passphrase: "))
    print(f"已为用户“{name}”设置新密码，请把密钥文件拷回村里的工作区 "
          f"New passphrase set for {name}; copy the key file back into the village workspace: "
          f"{args.keyfile}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.resolve is not None:
            if args.value is not None:
                store.sync.resolve_conflict(args.resolve, "value", args.value)
            else:
                store.sync.resolve_conflict(args.resolve, args.keep)
            print(f"冲突 {args.resolve} 已处理 Conflict resolved "
                  f"({'value' if args.value is not None else args.keep})")
            return 0
        for c in store.sync.conflicts():
            print(f"{c.id}\t{c.record_uuid}\t{c.field_path}\t共同 base={c.base_value}\t"
                  f"本地 local={c.local_value}\t对方 remote={c.remote_value}")
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    """`mopai quarantine`: revisions kept aside at import, with the reason (a change of
    another village's household is a claim `mopai move --claim ID` may approve)."""
    with open_store(args) as store:
        for q in store.sync.quarantined():
            print(f"{q.id}\t村 {q.village_code}\t{q.record_uuid}\t{q.received_at[:19]}\t{q.reason}")
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    """`mopai move`: the county moves a household to another village, or approves a village's
    claim waiting in quarantine (sync/ownership.py)."""
    with open_store(args) as store:
        if args.claim is not None:
            changes = store.sync.approve_claim(args.claim, args.reason)
            print(f"已批准迁户 Claim {args.claim} approved: {len(changes.households)} 户 households")
            return 0
        if not (args.household and args.to):
            raise InputError("请给出户的编号（uuid）和 --to 村代码，或 --claim 隔离编号",
                             "give the household's uuid and --to VILLAGE, or --claim ID")
        store.sync.move_household(args.household, args.to, args.reason)
        print(f"已迁户 Household {args.household} → {args.to}")
    return 0


# -- parsers ----------------------------------------------------------------------------------
def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enrol", parents=[common], help="设备登记 device enrolment")
    enrol = p.add_subparsers(dest="enrol_cmd", metavar="ACTION", required=True)
    a = enrol.add_parser("request", parents=[common], help="村/乡镇：写出登记申请 write a request")
    a.add_argument("--out", required=True, metavar="FILE")
    a.add_argument("--device-name", metavar="NAME", help="设备名称，如 荆坪村文书笔记本（默认：村名笔记本）"
                   " the laptop's name as the county will see it (default: <village>笔记本)")
    a.add_argument("--user-name", metavar="NAME", help="申请人（默认：登录用户）who asks "
                   "(default: the signed-in user)")
    a = enrol.add_parser("approve", parents=[common], help="县：批准申请 approve a request (county)")
    a.add_argument("file", metavar="REQUEST")
    a.add_argument("--out", required=True, metavar="FILE")
    a = enrol.add_parser("accept", parents=[common], help="村/乡镇：接受登记回执 accept a setup file")
    a.add_argument("file", metavar="SETUP")
    a.add_argument("--fingerprint", metavar="FP", help="已与县里核对的指纹 the fingerprint checked "
                   "with the county (else asked interactively)")
    enrol.add_parser("list", parents=[common], help="县：已登记设备 enrolled devices (county)")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("export", parents=[common], help="导出数据包到 U 盘 export a bundle")
    p.add_argument("--to", required=True, metavar="DIR")
    p.add_argument("--all", action="store_true", help="全部修订（含县里已确认的）every revision")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[common], help="导入数据包 import bundles (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="每个数据包一行 JSON one JSON line per bundle")
    p.add_argument("--forward", metavar="DIR", help="乡镇：把接收的原文件转给县里 township: copy the "
                   "accepted original files to DIR for the county")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("return", parents=[common], help="县/乡镇：写回传包 write a return bundle (county; a township: its review "
                       "decisions and the county's bundles it holds)")
    p.add_argument("--village", required=True, metavar="CODE")
    p.add_argument("--to", required=True, metavar="DIR")
    p.set_defaults(func=cmd_return)

    p = sub.add_parser("revoke", parents=[common], help="县：吊销设备 revoke a device (county)")
    p.add_argument("device", metavar="DEVICE_ID", help="设备编号（或其开头）device id or a prefix")
    p.add_argument("--reason", metavar="TEXT")
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("keys", parents=[common], help="本工作区密钥 this workspace's keys")
    keys = p.add_subparsers(dest="keys_cmd", metavar="ACTION", required=True)
    a = keys.add_parser("backup", parents=[common], help="县：加密备份县级密钥 back up the county keys")
    a.add_argument("--out", required=True, metavar="FILE")
    a = keys.add_parser("restore", parents=[common], help="县：从备份恢复 restore from a backup")
    a.add_argument("file", metavar="FILE")
    keys.add_parser("fingerprint", parents=[common], help="显示密钥指纹 show the key fingerprint")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("recover", parents=[common],
                       help="县：用恢复槽为村里用户设置新密码 recover a village key file (county)")
    p.add_argument("keyfile", metavar="MOPAI.KEYS", help="村工作区的密钥文件副本 the village key file")
    p.add_argument("--village-user", required=True, metavar="NAME")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("quarantine", parents=[common],
                       help="隔离记录（导入时未采用的修改及原因）revisions kept aside at import")
    p.set_defaults(func=cmd_quarantine)

    p = sub.add_parser("move", parents=[common],
                       help="县：迁户（户改属另一个村）move a household to another village (county)")
    p.add_argument("household", nargs="?", help="户的编号 the household's uuid")
    p.add_argument("--to", help="迁入的村代码 the village it moves to (12 digits)")
    p.add_argument("--claim", type=int, help="批准隔离中的迁户请求 approve a claim in quarantine (id)")
    p.add_argument("--reason", required=True, help="原因（记入日志）why (kept in the audit log)")
    p.set_defaults(func=cmd_move)

    p = sub.add_parser("conflicts", parents=[common], help="冲突列表与处理 list or resolve conflicts")
    p.add_argument("--resolve", type=int, metavar="ID")
    p.add_argument("--keep", choices=["local", "remote"], default="local")
    p.add_argument("--value", metavar="TEXT", help="填写新值 resolve with a value you type")
    p.set_defaults(func=cmd_conflicts)
