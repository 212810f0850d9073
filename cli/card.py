"""`mopai card`: the household cards (明白卡, issue 22) as one PDF, one household a page.

    mopai card --village CODE | --household UUID --out F.pdf [--size A4|A5]
    mopai card-contact --village CODE [--name NAME --phone PHONE | --clear]

The page is drawn through Qt printing (desktop/capture/card_print.py), the one command besides
opening the app that imports Qt, and only once the households are known: an unknown village
or household is refused before Qt starts, and nothing is written on an error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store


def cmd_card(args: argparse.Namespace) -> int:
    from mopai.reports import card as cardlib

    out = Path(args.out)
    if not out.parent.is_dir():
        raise InputError(f"输出文件夹不存在：{out.parent}", f"no such folder: {out.parent}")
    with open_store(args) as store:
        uuids = cardlib.household_uuids(store, village=args.village or "",
                                        household=args.household or "")
        cards = cardlib.cards(store, uuids)
    from mopai.desktop.capture.card_print import offscreen_gui, write_cards

    with offscreen_gui():
        write_cards(cards, out, size=args.size)
    print(out)
    print(f"明白卡 {len(cards)} 户 household cards written", file=sys.stderr)
    return 0


def cmd_card_contact(args: argparse.Namespace) -> int:
    from mopai.reports import card as cardlib

    with open_store(args) as store:
        if args.clear or args.name is not None:
            if not args.clear and not (args.name or "").strip():
                raise InputError("请写村联系人姓名（或用 --clear 清除）",
                                 "give the contact's --name (or --clear)")
            cardlib.set_contact(store, args.village, "" if args.clear else args.name,
                                args.phone or "")
        kept = cardlib.contacts(store).get(args.village.strip())
    print(f"{args.village}\t{kept['name']}\t{kept['phone']}" if kept
          else f"{args.village}\t（未设村联系人 no contact set）")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("card", parents=[common],
                       help="打印明白卡（PDF，每户一页） print household cards (明白卡) to PDF, "
                            "one household a page")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--village", metavar="CODE", help="整村 a whole village (12-digit code)")
    which.add_argument("--household", metavar="UUID", help="一户 one household")
    p.add_argument("--out", required=True, metavar="F.pdf", help="写到这个文件 the PDF")
    p.add_argument("--size", choices=("A4", "A5"), default="A4",
                   help="纸张（默认 A4 纵向） paper (default A4 portrait)")
    p.set_defaults(func=cmd_card)
    c = sub.add_parser("card-contact", parents=[common],
                       help="明白卡上的村联系人（本工作区的设置） the village contact a card names "
                            "(this workspace's setting)")
    c.add_argument("--village", required=True, metavar="CODE", help="行政村代码 the village")
    c.add_argument("--name", help="联系人姓名 the contact's name")
    c.add_argument("--phone", help="联系电话 the contact's phone")
    c.add_argument("--clear", action="store_true", help="清除 remove the contact")
    c.set_defaults(func=cmd_card_contact)
