"""`mopai review`: the county's or a township's review of households (sync/review.py).

    mopai review approve UUID [--comment TEXT]
    mopai review reject UUID --comment TEXT [--question NAME[@人编号]]...
    mopai review list [--village CODE] [--state STATE]... [--json]

The store's modules are imported inside the commands (start-up: see `cli/common.py`).
"""

from __future__ import annotations

import argparse
import json
import sys

from .common import open_store

STATES = ("pending", "approved", "rejected", "corrected", "draft")


def cmd_review(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.review_cmd == "list":
            items = store.sync.reviews(village=args.village or "", states=args.state or ())
            names = store.sync.area_names()
            if args.json:
                print(json.dumps([{**i.to_dict(), "village_name": names.get(i.village_code, "")}
                                  for i in items], ensure_ascii=False, indent=1))
                return 0
            for i in items:
                print("\t".join([i.uuid, i.village_code, names.get(i.village_code, ""),
                                 i.household_no, i.head_name, i.state_zh, i.decided_at[:10],
                                 i.comment.replace("\n", " ")]))
            print(f"共 {len(items)} 户 households", file=sys.stderr)
            return 0
        d = store.sync.review(args.uuid, args.review_cmd, args.comment or "",
                              args.question or ())
    what = "审核通过 approved" if d.decision == "approve" else "退回修改 sent back"
    print(f"{what}: {d.record_uuid}（村 village {d.village_code}）；随下一个回传包发给村里 "
          "travels to the village with the next return bundle")
    for path in d.questions:
        print(f"  问题 question: {path}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("review", parents=[common],
                       help="县/乡镇：审核农户（通过或退回修改） county/township: review households")
    actions = p.add_subparsers(dest="review_cmd", metavar="ACTION", required=True)
    a = actions.add_parser("approve", parents=[common], help="审核通过 approve a household")
    a.add_argument("uuid", metavar="UUID")
    a.add_argument("--comment", help="意见（可选） a comment (optional)")
    r = actions.add_parser("reject", parents=[common],
                           help="退回修改（须写意见） send a household back with a comment")
    r.add_argument("uuid", metavar="UUID")
    r.add_argument("--comment", required=True, help="要村里修改什么 what the village should correct")
    for x in (a, r):
        x.add_argument("--question", action="append", metavar="NAME[@MEMBER]",
                       help="意见涉及的问题：户的问题名，或 成员问题名@人编号（或姓名），或重复组"
                            "条目中的问题 members[1]/jobs[2]/job_wage，可重复 "
                            "the question concerned: a household question's name, or a member "
                            "question's name@人编号 (or the member's name), or one inside an "
                            "entry of another repeat, members[1]/jobs[2]/job_wage; repeatable")
    li = actions.add_parser("list", parents=[common],
                            help="农户审核状态 households with their review state")
    li.add_argument("--village", metavar="CODE", help="只列这个村（或乡镇代码） one village "
                                                     "(or a township's code)")
    li.add_argument("--state", action="append", choices=STATES,
                    help="pending 待审核, approved 审核通过, rejected 退回修改, corrected 已修改待复审, "
                         "draft 未完成; repeatable")
    li.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_review)
