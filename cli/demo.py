"""`mopai demo …`: fill workspaces with generated households to try Mopai or measure it.

`demo village` adds households to an existing village workspace (the one a cadre would use,
so the data goes through the same unlock, validator and store API). `demo county` builds a
county workspace, its village workspaces enrolled with it, and each village's data bundle —
what a county office has after the first round of USB sticks. cli.py registers these parsers
with `demo.add_parsers(sub, common)`.

The generator and the store's modules are imported inside the commands (start-up: see
`cli/common.py`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mopai.sync.errors import InputError

from .common import open_store, read_passphrase


class ProgressLine:
    """One self-overwriting line on a terminal, plain lines otherwise (logs, CI)."""

    def __init__(self, stream=None) -> None:  # noqa: ANN001 - a text stream
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.perf_counter()
        if done < total and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        pct = 100 * done // max(1, total)
        text = f"{message} {done}/{total} ({pct}%) {now - self.started:.1f}s"
        if self.tty:
            self.stream.write("\r" + text + ("\n" if done >= total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数 not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"必须大于 0 must be at least 1: {value}")
    return value


def cmd_demo_village(args: argparse.Namespace) -> int:
    from mopai.sync.synth import add_households

    with open_store(args) as store:
        result = add_households(store, args.households, seed=args.seed, progress=ProgressLine())
        total = store.households.count()
    print(f"已添加 {result.saved} 户（其中 {len(result.broken)} 户故意含错误，保存为草稿），"
          f"现共 {total} 户 / Added {result.saved} households ({len(result.broken)} with "
          f"deliberate mistakes, saved as drafts); {total} in the workspace")
    return 0


def cmd_demo_county(args: argparse.Namespace) -> int:
    from mopai.sync.synth import CountySpec, build_county

    if not args.out:
        raise InputError("请用 --out 指定输出文件夹", "name the output folder with --out")
    spec = CountySpec(county_code=args.county, villages=args.villages,
                      households=args.households, seed=args.seed)
    build = build_county(Path(args.out).expanduser(), spec, read_passphrase(),
                         progress=ProgressLine())
    out = Path(args.out).expanduser()
    print(f"县级工作区 County: {build.county_home}\n"
          f"村级工作区 Villages: {out / 'villages'} ({len(build.village_homes)}，已登记 enrolled)\n"
          f"数据包 Bundles: {out / 'bundles'} ({len(build.bundles)})\n"
          f"共 {build.households} 户，其中 {build.broken} 户故意含错误 / {build.households} "
          f"households, {build.broken} with deliberate mistakes")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register `demo village` and `demo county` on cli.py's subcommand parser."""
    p = sub.add_parser("demo", parents=[common],
                       help="生成演示数据 generate demo households, villages or a county")
    demo = p.add_subparsers(dest="demo_cmd", metavar="ACTION", required=True)

    v = demo.add_parser("village", parents=[common],
                        help="向现有村级工作区添加生成的户 add generated households to a village workspace")
    v.add_argument("--households", type=_positive, required=True, metavar="N", help="户数 households")
    v.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子 random seed (1)")
    v.set_defaults(func=cmd_demo_village)

    c = demo.add_parser("county", parents=[common],
                        help="生成县级和村级工作区 build a county and its village workspaces")
    c.add_argument("--out", metavar="DIR", required=True, help="输出文件夹 output folder")
    c.add_argument("--villages", type=_positive, default=300, metavar="V", help="村数 villages (300)")
    c.add_argument("--households", type=_positive, default=150_000, metavar="H",
                   help="全县总户数 households in the whole county (150000)")
    c.add_argument("--county", default="431221", metavar="CODE",
                   help="6 位县级代码 6-digit county code (431221 中方县)")
    c.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子 random seed (1)")
    c.set_defaults(func=cmd_demo_county)
