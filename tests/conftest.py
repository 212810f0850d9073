"""Shared fixtures: each test gets a fresh encrypted workspace copied from one built once.

Building a workspace costs an Argon2id derivation (64 MiB); copying the folder costs nothing,
so the template is made once per session and copied per test (STYLE.md, Tests).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "village-pass-1"
USER = "王会计"
VILLAGE = "110105001001"


@pytest.fixture(scope="session")
def _template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sync.workspace import Workspace

    home = tmp_path_factory.mktemp("template") / "ws"
    Workspace.create(home, role="village", code=VILLAGE, user=USER, passphrase=PASSPHRASE,
                     name="测试村")
    return home


@pytest.fixture
def home(tmp_path: Path, _template_home: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(_template_home, target)
    return target


@pytest.fixture
def store(home: Path):
    from sync.workspace import Workspace

    st = Workspace(home).unlock(USER, PASSPHRASE)
    yield st
    st.close()
