"""`mopai records` (households as JSON lines or CSV, out and in; docs/records.md) and
`mopai expected` (the list of households each village must visit, and those not yet
visited). The store's modules are imported inside the commands (start-up: `cli/common.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store


def _progress(done: int, total: int, _msg: str) -> None:
    if sys.stderr.isatty():
        print(f"\r已处理 processed {done}/{total or '?'}", end="", file=sys.stderr)


def _folder_of(path: str) -> Path:
    out = Path(path).expanduser()
    if not out.parent.is_dir():
        raise InputError(f"输出文件夹不存在：{out.parent}", f"no such folder: {out.parent}")
    return out


def cmd_records(args: argparse.Namespace) -> int:
    from mopai.sync import records

    if args.records_cmd == "export":
        out = _folder_of(args.out)
        with open_store(args) as store:
            n = records.export_records(store, out, fmt=args.format, village=args.village,
                                       progress=_progress)
        print(f"已导出 {n} 户 Exported {n} households: {out}")
        return 0
    with open_store(args) as store:
        result = records.import_records(store, Path(args.file), village=args.village,
                                        sound_only=args.sound_only, progress=_progress)
    print(f"已导入 Imported: 新增 new {result.created}，更新 updated {result.updated}，"
          f"未变 unchanged {result.unchanged}，共 {result.lines} 行 lines")
    for problem in result.rejected:
        print(f"未导入 rejected {problem.one_line()}", file=sys.stderr)
    return 3 if result.rejected else 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("records", parents=[common],
                       help="户记录导出/导入（JSON 行或 CSV，见 docs/records.md）households as data: "
                            "JSON lines or CSV out, JSON lines in")
    actions = p.add_subparsers(dest="records_cmd", metavar="ACTION", required=True)
    e = actions.add_parser("export", parents=[common],
                           help="导出户记录 write the records (JSON lines: one household a line; "
                                "CSV: one person a row)")
    e.add_argument("--village", metavar="CODE", help="只导出一个村 one village only")
    e.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    e.add_argument("--out", required=True, metavar="FILE")
    i = actions.add_parser("import", parents=[common],
                           help="导入 JSON 行记录（与录入界面同样校验，一次事务）import JSON-lines "
                                "records, checked as the editor checks them, in one transaction")
    i.add_argument("file", metavar="FILE.jsonl")
    i.add_argument("--village", metavar="CODE",
                   help="只接受该村的户，其他村的户拒绝 accept households of this village only")
    i.add_argument("--sound-only", action="store_true",
                   help="有错的行不导入，其余导入（退出码 3）import the sound lines, report the "
                        "others (exit code 3)")
    p.set_defaults(func=cmd_records)
