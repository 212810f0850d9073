"""The demo workspace: a synthetic village, created once, opened with a published passphrase.

It lives in its own folder (``<user data>/Mopai-demo``), never in the real workspace, so a
cadre trying the app cannot mix demo records with real ones. Its passphrase is shown on the
unlock screen — that is the point of a demo, and the reason it must hold no real data.
The households come from the synthetic generator in ``sync.synth`` (the bench issue's); if
that package is not installed the demo is simply empty. Qt-free.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from mopai.sync.workspace import Workspace

DEMO_PASSPHRASE = "mopai-demo-2026"
DEMO_HOUSEHOLDS = 300
MARKER = "demo.txt"

Progress = Callable[[int, int, str], None]


def demo_home() -> Path:
    env = os.environ.get("MOPAI_DEMO_HOME")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("Mopai-demo", appauthor=False))


def is_demo(home: Path) -> bool:
    return (Path(home) / MARKER).exists()


def ensure_demo(home: Path, *, progress: Progress | None = None, validator: Any = None,
                households: int = DEMO_HOUSEHOLDS) -> Path:
    """Create and fill the demo workspace unless it exists already; return its folder.

    The households come from ``sync.synth.build_demo_village`` (realistic names, ID numbers,
    families and labour situations, some typical mistakes). Without that package the demo
    workspace is created empty.
    """
    home = Path(home)
    if not Workspace.exists(home):
        try:
            from mopai.sync.synth import build_demo_village  # guarded: a build may leave it out
        except ImportError:
            Workspace.create(home, role="village", code="530102001001", user="演示员",
                             passphrase=DEMO_PASSPHRASE, name="演示村")
        else:
            build_demo_village(home, DEMO_PASSPHRASE, households=households,
                               progress=progress, validator=validator)
    (home / MARKER).write_text("Mopai demo workspace: synthetic data only.\n", encoding="utf-8")
    return home
