"""The wheel claims one import name, `mopai`, and ships the compiled translation, the style sheet
and the icon as the data package `mopai.resources`; an installed copy finds and loads them
(issue 13: a wheel install is translated too). PyInstaller puts them at the same place under its
folder (build.spec, checked below)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TREE = ("mopai", "cli", "desktop", "forms", "sync", "reports", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the tree (a build in place would leave build/ and
    *.egg-info in the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in TREE:
        shutil.copytree(ROOT / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(src)], check=True, cwd=src, timeout=300)
    [built] = out.glob("mopai-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_compiled_translation_and_style(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "mopai/resources/mopai_zh_CN.qm" in names
    assert "mopai/resources/style.qss" in names
    assert "mopai/resources/mopai.ico" in names
    assert "mopai/forms/labor_survey.xlsx" in names
    assert "mopai/sync/synth/__init__.py" in names and "mopai/desktop/shell/app.py" in names
    assert not [n for n in names if n.endswith((".ts", "zh_CN.py", "translate.py"))]
    # one top-level import name: nothing but mopai/ and the distribution's metadata
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"mopai"}, tops
    [entry] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "mopai = mopai.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.mark.slow
def test_an_installed_wheel_is_translated(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(target), str(wheel)], check=True, timeout=300)
    probe = (
        "import mopai.desktop as desktop, mopai.desktop.shell.i18n as i18n\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "print(desktop.__file__)\n"
        "print(i18n.resources_dir())\n"
        "print(i18n.install_translators('zh_CN'))\n"
        "print(QCoreApplication.translate('MainWindow', 'Lock'))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(target), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    where, resources, loaded, lock = done.stdout.splitlines()
    assert Path(where).is_relative_to(target) and Path(resources).is_relative_to(target)
    assert (loaded, lock) == ("True", "锁定")


def test_the_pyinstaller_spec_bundles_them_where_the_app_looks() -> None:
    """build.spec puts the .qm, the style sheet and the icon under mopai/resources, which is where
    `mopai.desktop.shell.i18n.resources_dir()` looks in a frozen app (sys._MEIPASS)."""
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert 'RESOURCES = PACKAGE / "resources"' in spec
    assert len(re.findall(r'RESOURCES\.glob\("\*\.(qm|qss)"\)\)\]', spec)) == 2
    assert '(str(RESOURCES / "mopai.ico"), "mopai/resources")' in spec
    assert spec.count('"mopai/resources")') == 3
    assert 'ICON = str(RESOURCES / "mopai.ico")' in spec
    assert (ROOT / "resources" / "mopai_zh_CN.qm").is_file()


def test_a_frozen_app_looks_under_its_folder(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    from mopai.desktop.shell import i18n

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert i18n.resources_dir() == tmp_path / "mopai" / "resources"
