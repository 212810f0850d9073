"""The layer rules hold, and an import that breaks one fails the suite.

The rules are import-linter contracts in pyproject.toml (`[tool.importlinter]`); `make lint`
runs them too. Here the real `lint-imports` runs over the packages as they are, and over a
copy with one bad import planted, to show each kind of rule catches what it is for.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tools import stage

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]


def _not_source(folder: str, names: list[str]) -> list[str]:
    """What a copy of the tree leaves out: all but Python files (a bench cache is GiBs)."""
    return [n for n in names if n in ("__pycache__", "cache")
            or not (n.endswith(".py") or (Path(folder) / n).is_dir())]


def _contract(start: str) -> str:
    """The name of the one contract in pyproject.toml whose name starts with `start`."""
    names = [c["name"] for c in CONFIG["contracts"] if c["name"].startswith(start)]
    assert len(names) == 1, (start, names)
    return names[0]


def test_the_layer_rules_hold() -> None:
    result = stage.lint(ROOT, capture=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


@pytest.mark.parametrize("module, planted, contract", [
    # the core imports Qt
    ("reports/people.py", "import PySide6\n", "The core"),
    # a report reaches past the store's facade
    ("reports/source.py", "from sqlalchemy import select\n", "One door"),
    ("desktop/capture/facts.py", "from mopai.sync.models import Household\n", "One door"),
    # a lower layer imports a higher one, even inside a function
    ("forms/model.py", "def _late():\n    import mopai.reports.facts\n", "Layers"),
    # a cycle hidden in a function (sync.store imports sync.errors)
    ("sync/errors.py", "def _late():\n    from mopai.sync.store import Store\n", "No import cycle"),
    ("sync/errors.py", "def _late():\n    from mopai.sync.store import Store\n", "The parts of"),
    # across the app's folders (desktop.capture.dashboard imports desktop.shell.client)
    ("desktop/shell/client.py", "def _late():\n    from mopai.desktop.capture import dashboard\n",
     "No import cycle"),
    # the shipped app reaching for a developer tool; the command line for Qt
    ("cli/main.py", "import tools.screenshots\n", "What ships"),
    ("cli/common.py", "from PySide6 import QtCore\n", "The command line"),
], ids=["qt-in-core", "sql-in-reports", "tables-in-desktop", "upward", "hidden-cycle",
        "hidden-cycle-siblings", "cycle-across-folders", "tool-in-cli", "qt-in-cli"])
def test_a_planted_bad_import_breaks_its_rule(tmp_path: Path, module: str, planted: str,
                                              contract: str) -> None:
    for folder in ("mopai", *stage.package_dirs().values(), "tools", "bench"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=_not_source)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / module, "a", encoding="utf-8") as f:
        f.write("\n\n" + planted)
    result = stage.lint(tmp_path, capture=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{_contract(contract)} BROKEN" in result.stdout
