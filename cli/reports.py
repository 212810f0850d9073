"""`mopai report`, `mopai ledger` and `mopai export-data`: the county's Excel workbooks and the
analysts' data files from the command line.

The store's and the reports' modules are imported inside the commands (start-up: see
`cli/common.py`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from . import ledger_import
from .common import open_store


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD: {text!r}") from None


def _progress(done: int, total: int, _msg: str) -> None:
    if sys.stderr.isatty():
        print(f"\r已处理 processed {done}/{total or '?'}", end="", file=sys.stderr)


def _out(path: str) -> Path:
    out = Path(path).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"输出文件应以 .xlsx 结尾：{out}", f"the output must end in .xlsx: {out}")
    if not out.parent.is_dir():
        raise InputError(f"输出文件夹不存在：{out.parent}", f"no such folder: {out.parent}")
    return out


def cmd_report(args: argparse.Namespace) -> int:
    from mopai.reports.summary import summary_workbook

    out = _out(args.out)
    with open_store(args) as store:
        counts = summary_workbook(store, out, as_of=args.as_of, township=args.township,
                                  progress=_progress)
    print(f"已生成汇总表 Summary workbook written: {out} — "
          + "，".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    from mopai.reports.ledger import ledger_workbook

    if not args.village or not args.out:
        raise InputError("mopai ledger 需要 --village 代码 和 --out 文件.xlsx（导入台账：mopai ledger "
                         "import 文件）", "mopai ledger needs --village CODE and --out FILE.xlsx "
                         "(to import one: mopai ledger import FILE)")
    out = _out(args.out)
    with open_store(args) as store:
        rows = ledger_workbook(store, args.village, out, as_of=args.as_of, progress=_progress,
                               language=args.language)
    print(f"已生成台账 Ledger written: {out} — {rows} 人 persons")
    return 0


def cmd_weekly(args: argparse.Namespace) -> int:
    from mopai.reports.weekly import weekly_workbook

    out = _out(args.out)
    with open_store(args) as store:
        ranking = weekly_workbook(store, out, day=args.week, recompute=args.recompute,
                                  progress=_progress)
    marked = [r["name"] for r in ranking["rows"] if r["marked"]]
    print(f"已生成周通报 Weekly ranking written: {out} — {ranking['week']} 周 week, "
          f"{len(ranking['rows'])} 个乡镇 townships"
          + (f"；连续两周排名后两位 bottom two weeks running: {'、'.join(marked)}"
             if marked else ""))
    return 0


def cmd_export_data(args: argparse.Namespace) -> int:
    from mopai.reports.export import export_data

    out = Path(args.out).expanduser()
    with open_store(args) as store:
        done = export_data(store, out, args.format, as_of=args.as_of, township=args.township,
                           progress=_progress)
    others = "".join(f", {n} {name}" for name, n in done.instances.items())
    print(f"已导出 Exported: {done.households} 户 households, {done.persons} 人 persons{others} — "
          + "，".join(str(p) for p in done.files))
    if done.cut:
        print(f"注意 Note: {done.cut} 个超过 255 字节的文本值在 SPSS 文件中被截断（csv/dta 保留全文）"
              f" text values over 255 bytes were cut in the SPSS files (csv and dta keep them)",
              file=sys.stderr)
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common],
                       help="生成县汇总表（Excel）write the county summary workbook")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--as-of", type=_date, metavar="DATE",
                   help="按过去某日的数据统计 figures as of a past date (YYYY-MM-DD)")
    p.add_argument("--township", metavar="CODE", help="只统计一个乡镇 one township only")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("weekly", parents=[common],
                       help="生成周通报：乡镇周排名（Excel）write the weekly township ranking")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--week", type=_date, metavar="DATE",
                   help="该日所在的一周（周一至周日，须已结束）；默认最近结束的一周 the week "
                        "(Monday to Sunday, over) containing DATE; default: the last complete week")
    p.add_argument("--recompute", action="store_true",
                   help="按现在的数据和权重重新计算已保存的这一周 compute a kept week again")
    p.set_defaults(func=cmd_weekly)

    p = sub.add_parser("ledger", parents=[common],
                       help="生成台账（Excel）write the ledger of a village, township or county; "
                            "ledger import FILE: import an existing one")
    p.add_argument("--village", metavar="CODE",
                   help="村(12位)、乡镇(9位)或县(6位)代码 village, township or county code")
    p.add_argument("--out", metavar="FILE.xlsx")
    p.add_argument("--as-of", type=_date, metavar="DATE")
    p.add_argument("--language", metavar="LANG",
                   help="问卷文字（题目、选项）用问卷的另一种语言，如 en；默认中文 print the "
                        "questionnaire's texts (questions, choices) in another of its "
                        "languages, e.g. en; default Chinese")
    p.set_defaults(func=cmd_ledger)
    ledger_import.add_parser(p.add_subparsers(dest="ledger_command", required=False), common)

    p = sub.add_parser("export-data", parents=[common],
                       help="导出分析用数据（每户一行、每人一行，附变量说明）export the data for "
                            "analysts: one row per household and per person, with a codebook")
    p.add_argument("--format", choices=("csv", "sav", "dta"), default="csv",
                   help="csv（Excel/WPS）、sav（SPSS）或 dta（Stata 14+）(default csv)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="写入的文件夹：households.*、persons.*、问卷其他重复组各一个文件、codebook.xlsx "
                        "the folder written to (a file per other repeat of the form too)")
    p.add_argument("--as-of", type=_date, metavar="DATE",
                   help="按过去某日的数据 the records as of a past date (YYYY-MM-DD)")
    p.add_argument("--township", metavar="CODE", help="只导出一个乡镇 one township only")
    p.set_defaults(func=cmd_export_data)
