"""The shipped packages as they sit in a wheel: one real `mopai/` folder holding them.

In a checkout the packages stay at the top of the repository and `mopai/__init__.py` puts the
top on its path (docs/decisions.md §23). Two tools read folders rather than importing: the
PyInstaller analysis (build.spec) and import-linter's graph (it walks the folder `mopai` is
found in). Both get a staged copy from here, laid out by pyproject.toml's `package-dir`, so
that what they see is what the wheel holds.

    python -m tools.stage lint     # the layer rules (`make lint`): lint-imports over a staged copy
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_dirs(root: Path = ROOT) -> dict[str, str]:
    """pyproject.toml's mapping of the top packages: {"mopai.sync": "sync", ...}."""
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    return {k: v for k, v in config["tool"]["setuptools"]["package-dir"].items() if k != "mopai"}


def _skip(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo"))]


def stage(dest: Path, root: Path = ROOT) -> Path:
    """Copy `mopai/__init__.py` and every mapped package into `dest/mopai/`; return that folder."""
    out = dest / "mopai"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(root / "mopai" / "__init__.py", out / "__init__.py")
    for name, folder in package_dirs(root).items():
        shutil.copytree(root / folder, out / name.split(".", 1)[1], ignore=_skip)
    return out


def lint(root: Path = ROOT, *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    """lint-imports with `root`'s contracts (its pyproject.toml) over a staged copy of its
    packages, and its own tools and bench."""
    with tempfile.TemporaryDirectory(prefix="mopai-lint-") as tmp:
        stage(Path(tmp), root)
        # the staged `mopai` comes first; the working folder is the stage, not the checkout,
        # whose own mopai/ would otherwise come first on the path
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([tmp, str(root)])}
        code = ("import sys; from importlinter.cli import lint_imports_command as c; "
                "sys.exit(c())")
        return subprocess.run([sys.executable, "-c", code, "--no-cache",
                               str(root / "pyproject.toml")],
                              cwd=tmp, env=env, stdin=subprocess.DEVNULL, timeout=600,
                              capture_output=capture, text=True)


if __name__ == "__main__":
    if sys.argv[1:] != ["lint"]:
        sys.exit(__doc__)
    sys.exit(lint().returncode)
