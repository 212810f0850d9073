"""Update the app's translation from the code and compile it: ``make translations``.

The one translation source is the Qt Linguist file ``resources/mopai_zh_CN.ts``
(edited with ``pyside6-linguist`` or any text editor); the compiled ``mopai_zh_CN.qm`` beside
it is what the app loads and what the wheel and the PyInstaller build ship.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()`` string of the
   desktop app into the .ts. It merges: a finished translation is never overwritten, a new
   string is added as *unfinished* (empty), a string the code no longer has is dropped
   (``-no-obsolete``). No location lines are written (``-locations none``): line numbers change
   with every edit of the code and would make every branch conflict in the .ts.
2. ``pyside6-lrelease`` compiles the .qm, leaving unfinished strings out (the source English
   shows until someone translates them).
3. Unfinished strings are listed, and the exit status is 1 while there are any; the test suite
   (tests/desktop/shell/test_translations.py) fails on them too, and on a translation that lost a
   ``{placeholder}`` of its source.

A developer tool (``python -m tools.translations``): it lives outside the shipped packages and needs the PySide6 wheels' tools
(``pyside6-lupdate``, ``pyside6-lrelease``), found beside the running Python or on PATH.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
TS = RESOURCES / "mopai_zh_CN.ts"
QM = RESOURCES / "mopai_zh_CN.qm"
# modules of desktop/ without tr() strings to leave out (none: the command line and the store's
# glue live in cli/ and sync/)
SKIP: set[str] = set()


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def sources(root: Path = ROOT) -> list[str]:
    """Every module of the desktop app, sub-packages included."""
    return sorted(str(p) for p in (root / "desktop").rglob("*.py") if p.name not in SKIP)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    out = []
    for ctx in ET.parse(ts).iter("context"):
        for message in ctx.iter("message"):
            tr = message.find("translation")
            kind = None if tr is None else tr.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            if tr is None or kind == "unfinished" or not (tr.text or "").strip():
                out.append((ctx.findtext("name") or "", message.findtext("source") or ""))
    return out


def update(ts: Path = TS, qm: Path = QM, files: list[str] | None = None) -> list[tuple[str, str]]:
    """lupdate then lrelease; returns the strings still unfinished."""
    subprocess.run([tool("pyside6-lupdate"), *(files or sources()), "-no-obsolete",
                    "-locations", "none", "-silent", "-ts", str(ts)], check=True, cwd=ROOT)
    release(ts, qm)
    return unfinished(ts)


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-nounfinished", "-silent", str(ts), "-qm", str(qm)],
                   check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release-only", action="store_true",
                        help="only compile the .qm from the .ts (after editing it by hand)")
    args = parser.parse_args(argv)
    if args.release_only:
        release()
        missing = unfinished(TS)
    else:
        missing = update()
    for context, source in missing:
        print(f"unfinished: {context}: {source!r}", file=sys.stderr)
    print(f"{TS.relative_to(ROOT)}: {len(missing)} unfinished; compiled {QM.relative_to(ROOT)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
