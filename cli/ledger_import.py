"""`mopai ledger import FILE`: a county's existing ledger into the store (sync/ledger_in.py).

It prints the preview — households and people found, each column's question, every problem
by sheet, row and column, what would be overwritten — and then imports, unless `--dry-run`
(exit 0 when the file is clean, 1 when it has problems). Values the form does not know are
listed once each; answer them in a mapping file (`--save-mapping`, edit, `--mapping`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import home_of, open_store

SHOWN = 200  # problems and overwrites printed; the rest are counted (the rejected workbook has all)


def cmd_ledger_import(args: argparse.Namespace) -> int:
    from mopai.forms import ledger_terms
    from mopai.sync import ledger_in
    from mopai.sync.ledger_map import Mapping

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise InputError(f"找不到台账文件：{path}", f"no such ledger file: {path}")
    if args.rejected and Path(args.rejected).suffix.lower() != ".xlsx":
        raise InputError("--rejected 的文件应以 .xlsx 结尾", "--rejected must end in .xlsx")
    with open_store(args) as store:
        form = store.forms.current().form
        given = Mapping.load(Path(args.mapping).expanduser(), form) if args.mapping else None
        saved = ledger_in.saved_mappings(home_of(args), form)
        with ledger_in.read(path, form, mapping=given, sheet=args.sheet, saved=saved) as led:
            if args.save_mapping:
                led.mapping.save(Path(args.save_mapping).expanduser())
                print(f"对应关系已写入 Mapping written: {args.save_mapping}")
            result = ledger_in.preview(store, led, village=args.village, county=args.county)
            _print_preview(result, ledger_terms)
            problems = result.problems
            if args.rejected and problems:
                n = ledger_in.write_rejected(result, Path(args.rejected).expanduser())
                print(f"未导入的 {n} 行已写入 Rejected rows written: {args.rejected}")
            if args.dry_run:
                print("试运行，未写入 Dry run: nothing written")
                return 1 if problems else 0
            done = ledger_in.apply(store, result, accept_sound_rows=args.accept_sound_rows)
            ledger_in.remember_mapping(home_of(args), led.mapping)
    print(f"已导入 Imported: 新增 {done.new} 户 new, 更新 {done.updated} 户 updated, "
          f"未变 {done.unchanged} 户 unchanged, 未导入 {done.rejected} 户 rejected"
          f"（其中草稿 {done.drafts} 户 saved as drafts）")
    return 0


def _print_preview(result, ledger_terms) -> None:  # noqa: ANN001
    led = result.ledger
    h = led.header
    print(f"文件 File: {led.path.name} · 工作表 sheet {h.sheet} · 表头 header row "
          f"{'-'.join(map(str, h.rows))}")
    print(f"找到 Found: {len(result.households)} 户 households, {result.people} 人 people — "
          f"新增 new {len(result.new)}, 更新 updated {len(result.updated)}, "
          f"未变 unchanged {len(result.unchanged)}")
    print("列 Columns:")
    from mopai.sync.ledger_read import column_letter

    order = led.unmatched() + [i for i in range(len(h.titles)) if i not in led.unmatched()]
    for i in order:
        if not h.titles[i]:
            continue
        target = led.mapping.columns[i]
        print(f"  {column_letter(i):>3} {h.titles[i]} -> {ledger_terms.target_label(led.form, target)}"
              + ("" if target else "  ← 未对应 unmatched"))
    for target, spellings in result.unknown.items():
        label = ledger_terms.target_label(led.form, target)
        for text, count in spellings.items():
            print(f"未知的值 Unknown value: {label} “{text}”（{count} 行 rows）")
    overwrites = result.overwrites
    if overwrites:
        print(f"将覆盖 Would overwrite ({len(overwrites)}):")
        for o in overwrites[:SHOWN]:
            print(f"  户编号 {o.household_no} {o.who} {o.question}: {o.old} -> {o.new}")
    problems = result.problems
    if problems:
        print(f"问题 Problems ({len(problems)}):", file=sys.stderr)
        for p in problems[:SHOWN]:
            print(f"  {p.line()}", file=sys.stderr)
        if len(problems) > SHOWN:
            print(f"  ……另有 {len(problems) - SHOWN} 个 and more", file=sys.stderr)


def add_parser(ledger_sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = ledger_sub.add_parser(
        "import", parents=[common],
        help="导入已有的台账（Excel 或 CSV）import an existing ledger (Excel or CSV)")
    p.add_argument("file", metavar="FILE", help=".xlsx、.xls（含 WPS 另存的）或 .csv（UTF-8 或 GBK）")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--village", dest="import_village", metavar="CODE",
                       help="全部导入这个村（12位代码）all rows go to this village")
    where.add_argument("--county", action="store_true",
                       help="按“行政村”列分到各村 each row's village from its 行政村 column")
    p.add_argument("--mapping", metavar="MAP.json", help="列与值的对应关系 the column and value mapping")
    p.add_argument("--save-mapping", metavar="MAP.json",
                   help="把建议的对应关系写入文件，修改后用 --mapping 再导入 write the proposed mapping")
    p.add_argument("--sheet", help="工作表名称（默认：第一个有表头的）the sheet to read")
    p.add_argument("--dry-run", action="store_true",
                   help="只预览，不写入（有问题时退出码为 1）preview only; exit 1 if problems")
    p.add_argument("--accept-sound-rows", action="store_true",
                   help="有问题时只导入没有问题的户 import only the sound households")
    p.add_argument("--rejected", metavar="OUT.xlsx",
                   help="把未导入的行及原因写入工作簿 write the rejected rows with reasons")
    p.set_defaults(func=lambda a: cmd_ledger_import(_village(a)))


def _village(args: argparse.Namespace) -> argparse.Namespace:
    args.village = args.import_village
    return args
