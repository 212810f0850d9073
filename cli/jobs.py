"""`mopai jobs import | list | match | close`: job postings (岗位信息) and matching people to
them (issue 21; sync/jobs.py, reports/matching.py). The store's and the reports' modules are
imported inside the commands (start-up: `cli/common.py`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store


def cmd_jobs(args: argparse.Namespace) -> int:
    return {"import": _import, "list": _list, "match": _match, "close": _close}[args.jobs_cmd](args)


def _import(args: argparse.Namespace) -> int:
    from mopai.sync.jobs import PostingSheetError

    with open_store(args) as store:
        try:
            counts = store.jobs.import_file(Path(args.file), area=args.township or "")
        except PostingSheetError as exc:
            print(exc.one_line(), file=sys.stderr)
            for problem in exc.problems:
                print(problem.one_line(), file=sys.stderr)
            return exc.exit_code
    print(f"已导入岗位 Postings imported: 新增 added {counts['added']}，更新 updated "
          f"{counts['updated']}，未变 unchanged {counts['unchanged']}（随下次回传包发到各村 sent "
          "to the villages with the next return bundles）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from mopai.reports.matching import posting_rows

    with open_store(args) as store:
        postings = store.jobs.list(open_only=args.open)
    if args.json:
        print(json.dumps([p.to_dict() for p in postings], ensure_ascii=False, indent=1))
        return 0
    for row in posting_rows(postings):
        print("\t".join("" if v is None else str(v) for v in row))
    print(f"共 {len(postings)} 个岗位 postings", file=sys.stderr)
    return 0


def _match(args: argparse.Namespace) -> int:
    from mopai.reports.matching import match_store, match_workbook, to_json

    if bool(args.out) == bool(args.json):
        raise InputError("请给出 --out F.xlsx 或 --json 之一", "give either --out F.xlsx or --json")
    out = Path(args.out).expanduser() if args.out else None
    if out is not None and (out.suffix.lower() != ".xlsx" or not out.parent.is_dir()):
        raise InputError(f"输出应为已有文件夹中的 .xlsx 文件：{out}",
                         f"the output must be an .xlsx file in an existing folder: {out}")
    with open_store(args) as store:
        if args.village:
            from mopai.reports.source import checked_area

            checked_area(store, args.village, (9, 12))
        run = match_store(store, village=args.village or "", top=args.top)
        if out is not None:
            rows = match_workbook(store, out, run, village=args.village or "")
    if out is None:
        print(json.dumps(to_json(run), ensure_ascii=False, indent=1))
        return 0
    print(f"岗位推荐 {rows} 条，{len(run.people)} 人有合适岗位（匹配对象 {run.candidates} 人，"
          f"在招岗位 {run.postings} 个；意向工种文字未归入工种表 {run.unread_trades} 人）"
          f" Matches: {rows} rows for {len(run.people)} people — {out}")
    return 0


def _close(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        posting = store.jobs.close(args.job_id, reopen=args.reopen)
    print(f"{'已重新开放' if args.reopen else '已关闭'} {posting.employer} {posting.title} "
          f"({posting.job_id}): {posting.status}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("jobs", parents=[common],
                       help="岗位信息：导入、列出、匹配 job postings: import, list, match")
    actions = p.add_subparsers(dest="jobs_cmd", metavar="ACTION", required=True)
    i = actions.add_parser("import", parents=[common],
                           help="县或乡镇：导入岗位表（.xlsx，表头：用工单位、岗位名称、工种 …）；"
                                "有错则全部不导入；乡镇导入的为本乡镇岗位，随数据包报县、由县发到本乡镇"
                                "各村 county or township: import a postings sheet; any problem "
                                "imports nothing; a township's are its own, sent up with its "
                                "data bundle and on to its villages by the county")
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--township", metavar="CODE",
                   help="县：只发给该乡镇的村（默认全县）county: only for this township's "
                        "villages (default: the whole county; a township: its own)")
    ls = actions.add_parser("list", parents=[common], help="列出岗位 list the postings held")
    ls.add_argument("--open", action="store_true", help="只列在招岗位 open postings only")
    ls.add_argument("--json", action="store_true", help="输出 JSON print JSON")
    m = actions.add_parser("match", parents=[common],
                           help="为每人列出最合适的在招岗位及理由 each person's best open postings, "
                                "with the reasons")
    m.add_argument("--village", metavar="CODE", help="村或乡镇代码 a village or township code")
    m.add_argument("--out", metavar="F.xlsx", help="写入 Excel write a workbook")
    m.add_argument("--json", action="store_true", help="输出 JSON print JSON")
    m.add_argument("--top", type=int, default=5, metavar="N",
                   help="每人最多几个岗位（默认 5）postings per person (default 5)")
    c = actions.add_parser("close", parents=[common],
                           help="县或乡镇：关闭岗位（不再发给各村；乡镇只关本乡镇的）county or "
                                "township (its own): close a posting")
    c.add_argument("job_id", metavar="ID")
    c.add_argument("--reopen", action="store_true", help="重新开放 open it again")
    p.set_defaults(func=cmd_jobs)
