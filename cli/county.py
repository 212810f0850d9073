"""`mopai areas`: the county's township and village list (import from Excel, list).

The store's and the reports' modules are imported inside the commands (start-up: see
`cli/common.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import open_store


def cmd_areas(args: argparse.Namespace) -> int:
    from mopai.sync.areas import AreaSheetError, import_areas

    with open_store(args) as store:
        if args.areas_cmd == "list":
            for a in store.sync.areas():
                print(f"{a.code}\t{a.name}\t{a.level}")
            return 0
        try:
            counts = import_areas(store, Path(args.file), remove_missing=args.remove_missing)
        except AreaSheetError as exc:
            print(exc.one_line(), file=sys.stderr)
            for problem in exc.problems:
                print(problem.one_line())
            return exc.exit_code
    for a in counts["added"]:
        print(f"新增 added\t{a['code']}\t{a['name']}")
    for code, old, new in counts["renamed"]:
        print(f"改名 renamed\t{code}\t{old} -> {new}")
    for a in counts["removed"]:
        print(f"删除 removed\t{a['code']}\t{a['name']}")
    print(f"已导入区划 Areas imported: 表中 {counts['townships']} 个乡镇 townships, "
          f"{counts['villages']} 个村 villages；新增 {len(counts['added'])} added，改名 "
          f"{len(counts['renamed'])} renamed，删除 {len(counts['removed'])} removed"
          "（下次登记和回传时发给各村 sent to villages with the next setup files and return "
          "bundles）")
    if not args.remove_missing:
        print("表中没有的乡镇和村保持不变；要删除它们请加 --remove-missing / areas the sheet "
              "does not list are kept; --remove-missing removes them")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:

    with open_store(args) as store:
        if args.resolve is not None:
            store.sync.resolve_duplicate(args.resolve, args.action, household=args.household,
                                         note=args.note or "")
            print(f"重复证件 {args.resolve} 已处理 Duplicate resolved ({args.action})")
            return 0
        for d in store.sync.duplicates():
            print(f"{d.id}	{d.id_number}	{d.village_code} {d.household_uuid}	"
                  f"{d.other_village_code} {d.other_household_uuid}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from mopai.sync import county_settings

    with open_store(args) as store:
        current = county_settings.load(store)
        if args.set:
            current = county_settings.parse(args.set, current)
            county_settings.save(store, current)
            print("统计口径已保存 Settings saved（下次报表和概览按新口径重算 reports recompute）")
        for name, value in current.as_mapping().items():
            print(f"{name}\t{value}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("areas", parents=[common], help="县：乡镇和村名单 county: township/village list")
    areas = p.add_subparsers(dest="areas_cmd", metavar="ACTION", required=True)
    i = areas.add_parser("import", parents=[common],
                         help="从 Excel 导入（表头：区划代码、名称）import from Excel (code, name)")
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--remove-missing", action="store_true",
                   help="同时删除表中没有的乡镇和村（仍有户或设备的不能删除）also remove the areas "
                        "the sheet does not list (refused while one has households or devices)")
    areas.add_parser("list", parents=[common], help="列出 list")
    p.set_defaults(func=cmd_areas)

    p = sub.add_parser("duplicates", parents=[common],
                       help="同一证件号码在两户：列出或处理 list or resolve duplicate ID numbers")
    p.add_argument("--resolve", type=int, metavar="ID")
    p.add_argument("--action", choices=["remove", "current", "both"], default="both",
                   help="remove: 从该户移除此人; current: 该户为现户籍/居住地; both: 两条都保留（需说明原因）")
    p.add_argument("--household", metavar="UUID", help="两户之一 one of the two households")
    p.add_argument("--note", help="原因 the reason")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("settings", parents=[common],
                       help="县：统计口径（劳动年龄等） county: indicator definitions")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="例如 e.g. labour_age_max_female=55, farming_counts_as_employed=false")
    p.set_defaults(func=cmd_settings)
