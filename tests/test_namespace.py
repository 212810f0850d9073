"""One import name (issue 13): the packages are `mopai.forms`, `mopai.sync`, … and nothing in the
repository imports the folders by their bare names, which other published packages own; and
pyproject.toml lists every package the folders hold, so the wheel leaves none out."""

from __future__ import annotations

import ast
import subprocess
import tomllib
from pathlib import Path

import mopai
from tools import stage

ROOT = Path(__file__).resolve().parents[1]
BARE = set(mopai.PACKAGES)


def _bare_imports(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [f"{filename}:{node.lineno}: {n}" for n in names if n.split(".")[0] in BARE]
    return found


def test_nothing_imports_a_package_by_its_bare_name() -> None:
    files = subprocess.run(["git", "ls-files", "*.py", "build.spec"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    assert len(files) > 200
    bad = [hit for f in files for hit in _bare_imports((ROOT / f).read_text("utf-8"), f)]
    assert bad == []


def test_the_check_sees_a_bare_import() -> None:
    code = "import sync\nfrom forms.model import Form\nfrom mopai.sync import store\nfrom . import x\n"
    assert _bare_imports(code, "x.py") == ["x.py:1: sync", "x.py:2: forms.model"]


def test_in_a_checkout_the_names_are_the_top_folders() -> None:
    from mopai import desktop, forms, sync
    from mopai.sync import store

    assert Path(forms.__file__) == ROOT / "forms" / "__init__.py"
    assert Path(sync.__file__) == ROOT / "sync" / "__init__.py"
    assert Path(store.__file__) == ROOT / "sync" / "store.py"
    assert Path(desktop.__file__) == ROOT / "desktop" / "__init__.py"


def test_pyproject_lists_every_package_and_maps_every_folder() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    mapped = stage.package_dirs()
    assert sorted(n.split(".", 1)[1] for n in mapped) == sorted(BARE)
    on_disk = {"mopai"}
    for name, folder in mapped.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            on_disk.add(".".join((name, *parts)))
    assert sorted(setuptools["packages"]) == sorted(on_disk)


def test_the_staged_copy_is_laid_out_as_the_wheel(tmp_path: Path) -> None:
    out = stage.stage(tmp_path)
    assert (out / "__init__.py").read_text("utf-8") == (ROOT / "mopai" / "__init__.py").read_text("utf-8")
    assert (out / "sync" / "store.py").is_file() and (out / "desktop" / "shell" / "app.py").is_file()
    assert (out / "resources" / "mopai_zh_CN.qm").is_file()
    assert not list(out.rglob("__pycache__"))
