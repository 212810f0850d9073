"""Check that every runtime dependency resolves to Windows x64 wheels for CPython 3.11 and
3.12, the interpreters the Windows build may use: ``python -m tools.check_windows_wheels``.

The laptops install no compiler, so a dependency (or a dependency of one) that ships only a
source distribution for win_amd64 would break the Windows build. pip resolves the whole tree
for that platform with binaries only, reading wheel metadata from the index (nothing is
installed; PyPI serves the metadata on its own, so little is downloaded). Needs the network;
`make wheels` and CI run it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12")


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def check(python: str, reqs: list[str]) -> subprocess.CompletedProcess[str]:
    abi = "cp" + python.replace(".", "")
    with tempfile.TemporaryDirectory() as target:
        return subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
             "--only-binary=:all:", "--platform", "win_amd64", "--python-version", python,
             "--implementation", "cp", "--abi", abi, "--target", target, *reqs],
            capture_output=True, text=True)


def main() -> int:
    reqs = requirements()
    failed = False
    for python in PYTHONS:
        r = check(python, reqs)
        if r.returncode:
            failed = True
            print(f"win_amd64 CPython {python}: NOT every dependency has a wheel\n{r.stderr}",
                  file=sys.stderr)
        else:
            print(f"win_amd64 CPython {python}: every dependency has a wheel ({len(reqs)} "
                  "direct, with theirs)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
