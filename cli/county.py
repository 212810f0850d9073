"""`mopai areas`: the county's township and village list (import from Excel, list).

The store's and the reports' modules are imported inside the commands (start-up: see
`cli/common.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store


def cmd_areas(args: argparse.Namespace) -> int:
    from mopai.sync.areas import AreaSheetError, import_areas

    if args.areas_cmd == "expected":
        return cmd_expected(args)
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


def cmd_expected(args: argparse.Namespace) -> int:
    """`mopai areas expected [FILE | --village CODE --households N | --village CODE --clear]`."""
    from mopai.sync.areas import AreaSheetError, expected_households, import_expected, set_expected

    if args.file and args.village:
        raise InputError("请给出文件或 --village 之一，不要同时给出",
                         "give either FILE or --village, not both")
    if args.village and (args.households is None) == (not args.clear):
        raise InputError("--village 需要 --households N 或 --clear 之一",
                         "--village needs one of --households N or --clear")
    if not args.village and (args.households is not None or args.clear):
        raise InputError("--households 和 --clear 需要 --village CODE",
                         "--households and --clear need --village CODE")
    with open_store(args) as store:
        names = store.sync.area_names()
        if args.file:
            try:
                result = import_expected(store, Path(args.file))
            except AreaSheetError as exc:
                print(exc.one_line(), file=sys.stderr)
                for problem in exc.problems:
                    print(problem.one_line())
                return exc.exit_code
            changed = result["changed"]
            kind = ("户籍名单（按村计户）a 户籍 list, households counted per village"
                    if result["kind"] == "register" else "户数表 a sheet of numbers")
            print(f"已读取 Read {args.file}: {kind}, {result['rows']} 行 rows, "
                  f"{result['villages']} 个村 villages")
        elif args.village:
            changed = [(c, names.get(c, ""), old, new) for c, old, new in set_expected(
                store, {args.village: None if args.clear else args.households})]
        else:
            numbers = expected_households(store)
            for code in sorted(numbers):
                print(f"{code}\t{names.get(code, '')}\t{numbers[code]}")
            print(f"共 {len(numbers)} 个村设有应调查户数 villages with expected households: "
                  f"{len(numbers)}，合计 total {sum(numbers.values())} 户 households")
            return 0
    for code, name, old, new in changed:
        before = "-" if old is None else str(old)
        after = "-" if new is None else str(new)
        print(f"改动 changed\t{code}\t{name}\t{before} -> {after}")
    print(f"应调查户数已保存 Expected households saved: 改动 {len(changed)} 个村 villages changed"
          "（未列出的村保持不变 villages not named keep theirs）")
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
    e = areas.add_parser(
        "expected", parents=[common],
        help="应调查户数：从表格或户籍名单导入、逐村设置或列出 expected households per village: "
             "import a sheet or a 户籍 list, set one village, or list them",
        description="FILE 为 .xlsx：表头有“村代码”或“行政村”（可加“乡镇”列区分同名村），以及"
                    "“应调查户数”（每村一行）或“户号/户主/姓名/身份证号”（户籍名单，每户一行，按村计户，"
                    "同一户号只计一次）。任何一行有错则全部不导入。未列出的村保持不变。"
                    " / FILE is .xlsx with a 村代码 or 行政村 column (a 乡镇 column tells villages of "
                    "the same name apart) and either 应调查户数 (one row per village) or 户号/户主/"
                    "姓名/身份证号 (a 户籍 list, one row per household, counted per village; a 户号 "
                    "repeated in a village counts once). One bad row and nothing is imported; "
                    "villages the file does not name keep their number. Without FILE or "
                    "--village: list the numbers set.")
    e.add_argument("file", metavar="FILE.xlsx", nargs="?")
    e.add_argument("--village", metavar="CODE", help="只设置这个村 set this village only")
    e.add_argument("--households", type=int, metavar="N",
                   help="应调查户数 0..100000 expected households")
    e.add_argument("--clear", action="store_true", help="删除这个村的应调查户数 clear its number")
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
