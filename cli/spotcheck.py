"""`mopai spotcheck draw | print | record | status | corrections`: phone spot checks (issue 22,
reports/spotcheck.py). The reports' modules are imported inside the commands (start-up)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store
from .reports import _out


def _share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"比例应为 0.05 或 5%: {text!r}") from None
    return value


def cmd_draw(args: argparse.Namespace) -> int:
    from mopai.reports.spotcheck import DrawParams, draw, write_sheet

    out = _out(args.out)
    params = DrawParams(seed=args.seed, per_village=args.per_village, share=args.share,
                        weight_poverty=args.weight_poverty, area=args.area or "")
    with open_store(args) as store:
        drawn = draw(store, params)
        n = write_sheet(store, drawn, out)
    villages = len({p["village_code"] for p in drawn["people"]})
    print(f"已抽取 Drawn: {n} 人 persons in {villages} 个村 villages — 抽样编号 draw "
          f"{drawn['draw_id']} — {out}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from mopai.reports.spotcheck import write_sheet

    out = _out(args.out)
    with open_store(args) as store:
        drawn = store.spotchecks.draw(args.draw)
        if drawn is None:
            raise InputError(f"本工作区没有抽样 {args.draw}", f"this workspace holds no draw "
                             f"{args.draw}")
        n = write_sheet(store, drawn, out)
    print(f"已重新打印抽查表 Call sheet written again: {n} 人 persons — {out}")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from mopai.reports.spotcheck import record_sheet

    with open_store(args) as store:
        done = record_sheet(store, Path(args.file).expanduser())
    print(f"已录入 Recorded: {done.calls} 个通话结果 calls, {done.corrections} 条核实要求 "
          f"correction requests; {done.same} 行以前已录入 rows recorded before — 抽样 draw "
          f"{done.draw_id}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from mopai.reports.spotcheck import by_township, rates, tally

    with open_store(args) as store:
        names = store.sync.area_names()
        villages = tally(store.spotchecks.calls())
    print("代码 code\t名称 name\t拨打 calls\t接通 reached\t核对 checked\t一致 agreed\t"
          "接通率 reach\t准确率 accuracy")
    for level in (by_township(villages), villages):
        for code, t in sorted(level.items()):
            r = rates(t)
            print(f"{code}\t{names.get(code, '')}\t{t['calls']}\t{t['reached']}\t{t['checked']}"
                  f"\t{t['agreed']}\t{_pct(r['reach_rate'])}\t{_pct(r['accuracy'])}")
    return 0


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def cmd_corrections(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.dismiss:
            if not args.reason:
                raise InputError("--dismiss 需要 --reason 理由", "--dismiss needs --reason TEXT")
            item = store.spotchecks.dismiss(args.dismiss, args.reason)
            print(f"已说明 Dismissed: {item.correction_id} — {item.reason}")
            return 0
        items = store.spotchecks.corrections(village=args.village or "")
    for i in items:
        print(f"{i.correction_id}\t{i.village_code}\t{i.person}\t{i.question_zh}\t"
              f"记录 {i.recorded}\t核实 {i.heard}\t{i.state_zh}\t{i.reason}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("spotcheck", help="电话抽查：抽样、打印、录入、统计 phone spot checks")
    s = p.add_subparsers(dest="spot_command", required=True)
    d = s.add_parser("draw", parents=[common],
                     help="按村分层随机抽样并生成抽查表 draw a sample stratified by village and "
                          "write its call sheet")
    how = d.add_mutually_exclusive_group(required=True)
    how.add_argument("--per-village", type=int, metavar="N", help="每村抽 N 人 N per village")
    how.add_argument("--share", type=_share, metavar="P",
                     help="每村抽取比例（0.05 或 5%%）a share per village")
    d.add_argument("--weight-poverty", type=float, default=1.0, metavar="W",
                   help="脱贫户、监测户成员被抽中的权重（默认 1）weight of 脱贫户 and 监测户 members")
    d.add_argument("--seed", type=int, required=True, metavar="S",
                   help="随机种子：同样的数据和种子抽出同样的人 the same records and seed draw "
                        "the same persons")
    d.add_argument("--area", metavar="CODE", help="只抽一个乡镇（9位）one township only")
    d.add_argument("--out", required=True, metavar="FILE.xlsx")
    d.set_defaults(func=cmd_draw)
    pr = s.add_parser("print", parents=[common], help="重新打印某次抽样的抽查表 the call sheet "
                                                      "of a kept draw again")
    pr.add_argument("draw", metavar="DRAW_ID")
    pr.add_argument("--out", required=True, metavar="FILE.xlsx")
    pr.set_defaults(func=cmd_print)
    r = s.add_parser("record", parents=[common],
                     help="录入填好的抽查表（有错则全部不录入）import a filled call sheet "
                          "(all or nothing)")
    r.add_argument("file", metavar="FILE.xlsx")
    r.set_defaults(func=cmd_record)
    st = s.add_parser("status", parents=[common],
                      help="接通率和准确率（乡镇、村）reach rate and accuracy by township and village")
    st.set_defaults(func=cmd_status)
    c = s.add_parser("corrections", parents=[common],
                     help="电话抽查的核实要求；村：--dismiss ID --reason 说明不修改的理由 "
                          "correction requests; a village dismisses one with a reason")
    c.add_argument("--village", metavar="CODE")
    c.add_argument("--dismiss", metavar="ID")
    c.add_argument("--reason", metavar="TEXT")
    c.set_defaults(func=cmd_corrections)
