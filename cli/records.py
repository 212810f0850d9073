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


def cmd_expected(args: argparse.Namespace) -> int:
    if args.expected_cmd == "import":
        from mopai.sync.expected import import_expected_list

        with open_store(args) as store:
            counts = import_expected_list(store, Path(args.file), village=args.village or "")
        print(f"已导入户籍名单 Household list imported: {len(counts)} 个村 villages, "
              f"{sum(counts.values())} 户 households")
        for code, n in counts.items():
            print(f"  {code}: {n}")
        return 0
    if args.expected_cmd == "missing":
        from mopai.reports.missing import missing_workbook

        out = _folder_of(args.out)
        if out.suffix.lower() != ".xlsx":
            raise InputError(f"输出文件应以 .xlsx 结尾：{out}", f"the output must end in .xlsx: {out}")
        with open_store(args) as store:
            n = missing_workbook(store, out, area=args.village or "")
        print(f"未走访 {n} 户 Not yet visited: {n} households — {out}")
        return 0
    from mopai.sync.expected import visits

    with open_store(args) as store:
        found = visits(store, args.village or "")
    by_village: dict[str, list[int]] = {}
    for v in found:
        counts = by_village.setdefault(v.village_code, [0, 0, 0])
        counts[0] += 1
        counts[1] += v.uuid is not None
        counts[2] += v.status == "complete"
    print("村代码 village        应调查 expected  已走访 visited  已完成 complete  未走访 missing")
    for code, (n, seen, done) in sorted(by_village.items()):
        print(f"{code}  {n:>15}  {seen:>14}  {done:>15}  {n - seen:>14}")
    return 0


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

    p = sub.add_parser("expected", parents=[common],
                       help="各村应走访的户（户籍名单）和未走访户 the households each village must "
                            "visit (a 户籍 list) and those not yet visited")
    actions = p.add_subparsers(dest="expected_cmd", metavar="ACTION", required=True)
    i = actions.add_parser("import", parents=[common],
                           help="导入户籍名单（.xlsx 或 .csv），替换名单中各村的原名单 import a "
                                "household list; it replaces the lists of the villages it names")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--village", metavar="CODE",
                   help="名单没有村列时，全部属于该村 the village of every row, when the list "
                        "has no village column")
    m = actions.add_parser("missing", parents=[common],
                           help="未走访户名单（可打印的 Excel）the not-yet-visited list, printable")
    m.add_argument("--village", metavar="CODE", help="村或乡镇代码 a village or township code")
    m.add_argument("--out", required=True, metavar="FILE.xlsx")
    s_ = actions.add_parser("status", parents=[common],
                            help="各村应调查/已走访/已完成/未走访 expected, visited, complete, "
                                 "missing per village")
    s_.add_argument("--village", metavar="CODE", help="村或乡镇代码 a village or township code")
    p.set_defaults(func=cmd_expected)
