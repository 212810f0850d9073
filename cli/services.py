"""`mopai services`: 311 service records (issue 21, sync/services.py, reports/services.py).

    mopai services add --id-number N --kind job_push|guidance|training|startup [--job ID]
                       [--date D] [--note TEXT] [--outcome pending|placed|failed]
                       [--employer NAME] [--placed-on D] [--reason TEXT]
    mopai services outcome SERVICE_ID --outcome placed|failed|pending [--employer …] …
    mopai services confirm SERVICE_ID --status migrant|county_job|…
    mopai services list [--village CODE] [--refused] [--json]
    mopai services missing [--village CODE] --out F.xlsx

The store's modules are imported inside the commands (start-up: see `cli/common.py`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import open_store

KINDS = ("job_push", "guidance", "training", "startup")
OUTCOMES = ("pending", "placed", "failed")


def _said(r) -> str:  # noqa: ANN001 - a ServiceRecord
    return (f"{r.service_id}\t{r.village_code}\t{r.name}\t{r.id_number}\t{r.kind_zh}\t{r.date}\t"
            f"{r.job_id}\t{r.served_by}\t{r.outcome_text}\t{r.note}".replace("\n", " "))


def cmd_services(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.services_cmd == "add":
            r = store.services.add(args.id_number, args.kind, day=args.date, job_id=args.job or "",
                                   note=args.note or "", outcome=args.outcome,
                                   employer=args.employer or "", placed_on=args.placed_on,
                                   reason=args.reason or "")
            print(r.service_id)
            print(f"已登记 added: {r.name} {r.kind_zh} {r.date}（{r.outcome_text}）；随下一次导出"
                  "或同步送县 travels with the next export or sync", file=sys.stderr)
            return 0
        if args.services_cmd == "outcome":
            r = store.services.set_outcome(args.service_id, args.outcome,
                                           employer=args.employer or "",
                                           placed_on=args.placed_on, reason=args.reason or "")
            print(f"已登记结果 outcome recorded: {r.name} {r.kind_zh} {r.outcome_text}")
            return 0
        if args.services_cmd == "confirm":
            r = store.services.confirm_placement(args.service_id, args.status)
            state = store.households.get(r.household_uuid)
            print(f"已确认就业 confirmed: {r.name} 在 {r.employer}；户 {r.household_uuid} 新修订 "
                  f"new revision {r.confirmed}（{'完成' if state['status'] == 'complete' else '草稿：请在问卷中补全务工地域、收入等'}）")
            return 0
        if args.services_cmd == "missing":
            from mopai.reports.services import missing_workbook

            n = missing_workbook(store, Path(args.out), area=args.village or "")
            print(args.out)
            print(f"未完成311服务 {n} 人 people still missing services", file=sys.stderr)
            return 0
        found = store.services.records(args.village or "", refused=args.refused)
        if args.json:
            print(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=1))
        else:
            for r in found:
                print(_said(r) + (f"\t不计入 {r.refused}" if r.refused else ""))
            print(f"共 {len(found)} 条 records", file=sys.stderr)
    return 0


def _outcome_args(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--outcome", choices=OUTCOMES, required=required,
                   default=None if required else "pending",
                   help="pending 待反馈, placed 已上岗（须 --employer、--placed-on）, "
                        "failed 未成功（须 --reason）")
    p.add_argument("--employer", help="用工单位（已上岗） the employer (placed)")
    p.add_argument("--placed-on", metavar="YYYY-MM-DD", help="上岗日期（已上岗，默认今天） the day "
                   "the person started (placed; default today)")
    p.add_argument("--reason", help="未成功的原因 why it did not work (failed)")


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("services", parents=[common],
                       help="“311”就业服务记录 311 service records (job pushes, guidance, "
                            "training, start-up)")
    actions = p.add_subparsers(dest="services_cmd", metavar="ACTION", required=True)
    a = actions.add_parser("add", parents=[common], help="登记一次服务 record a service")
    a.add_argument("--id-number", required=True, help="被服务人的证件号码 the person's ID number")
    a.add_argument("--kind", required=True, choices=KINDS,
                   help="job_push 岗位推送, guidance 职业指导, training 培训引导, startup 创业服务")
    a.add_argument("--job", metavar="ID", help="推送的岗位编号（岗位推送） the posting's id (job_push)")
    a.add_argument("--date", metavar="YYYY-MM-DD", help="服务日期（默认今天） the day (default today)")
    a.add_argument("--note", help="备注 a note")
    _outcome_args(a, required=False)
    o = actions.add_parser("outcome", parents=[common], help="登记服务结果 record an outcome")
    o.add_argument("service_id", metavar="SERVICE_ID")
    _outcome_args(o, required=True)
    c = actions.add_parser("confirm", parents=[common],
                           help="确认已上岗人员的就业情况（写入户的新修订） confirm a placement into "
                                "the person's employment answers (a new household revision)")
    c.add_argument("service_id", metavar="SERVICE_ID")
    c.add_argument("--status", required=True,
                   help="就业状态的选项名，如 migrant 外出务工、county_job 县内务工 the 就业状态 "
                        "choice, e.g. migrant or county_job")
    li = actions.add_parser("list", parents=[common], help="列出服务记录 list service records")
    li.add_argument("--village", metavar="CODE", help="只列这个村（或乡镇代码） one village (or "
                                                     "a township's code)")
    li.add_argument("--refused", action="store_true",
                    help="只列县里不予计入的（别村的人等） only those the county did not count")
    li.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    m = actions.add_parser("missing", parents=[common],
                           help="“311”服务未完成人员名单（按帮扶责任人） people still missing "
                                "311 services, by 帮扶责任人")
    m.add_argument("--village", metavar="CODE", help="只列这个村（或乡镇代码） one village (or "
                                                    "a township's code)")
    m.add_argument("--out", required=True, metavar="F.xlsx", help="写到这个文件 the workbook")
    p.set_defaults(func=cmd_services)
