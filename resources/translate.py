"""Refresh the .ts from the code and compile the .qm: ``python resources/translate.py``.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``translate()`` string of desktop/ into
   ``mopai_zh_CN.ts`` (keeping existing translations);
2. strings still unfinished get their Chinese from ``zh_CN.py``;
3. ``pyside6-lrelease`` compiles ``mopai_zh_CN.qm``, which the app and the build load.
Exit status 1 if a source string has no Chinese (the test suite checks the same).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "mopai_zh_CN.ts"
QM = HERE / "mopai_zh_CN.qm"
SKIP = {"cli.py", "cli_demo.py", "cli_sync.py", "validation.py", "__main__.py"}


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "desktop").rglob("*.py") if p.name not in SKIP)


def fill(ts: Path) -> list[str]:
    sys.path.insert(0, str(HERE))
    from zh_CN import ZH_CN

    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") == "vanished" or translation.get("type") == "obsolete":
            continue
        zh = ZH_CN.get(source)
        if zh:
            translation.text = zh
            translation.attrib.pop("type", None)
        elif not translation.text:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-ts", str(TS)],
                   check=True, cwd=ROOT)
    missing = fill(TS)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, cwd=ROOT)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
