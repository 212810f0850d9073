"""The demo workspace: a synthetic village, created once, opened with a published passphrase.

It lives in its own folder (``<user data>/Mopai-demo``), never in the real workspace, so a
cadre trying the app cannot mix demo records with real ones. Its passphrase is shown on the
unlock screen — that is the point of a demo, and the reason it must hold no real data.
The households come from the synthetic generator in ``sync.synth`` (the bench issue's); if
that package is not installed the demo is simply empty. Qt-free.
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from sync.workspace import Workspace

DEMO_USER = "演示员"
DEMO_PASSPHRASE = "mopai-demo-2026"
DEMO_CODE = "530102001001"
DEMO_NAME = "演示村"
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


def ensure_demo(home: Path, *, progress: Progress | None = None, validator: Any = None) -> Path:
    """Create and fill the demo workspace unless it exists already; return its folder."""
    home = Path(home)
    if Workspace.exists(home):
        return home
    ws = Workspace.create(home, role="village", code=DEMO_CODE, user=DEMO_USER,
                          passphrase=DEMO_PASSPHRASE, name=DEMO_NAME)
    states = synthetic_households(DEMO_CODE, DEMO_HOUSEHOLDS)
    if states:
        store = ws.unlock(DEMO_USER, DEMO_PASSPHRASE, validator=validator)
        try:
            store.households.save_many(states, progress=progress)
        finally:
            store.close()
    (home / MARKER).write_text("Mopai demo workspace: synthetic data only.\n", encoding="utf-8")
    return home


GENERATOR_NAMES = ("generate_village", "village_households", "generate_households",
                   "make_village", "households")


def find_generator() -> Callable[..., Any] | None:
    """The synthetic-village generator of ``sync.synth``, if that package is present."""
    try:
        synth = importlib.import_module("sync.synth")
    except ImportError:
        return None
    for name in GENERATOR_NAMES:
        func = getattr(synth, name, None)
        if callable(func):
            return func
    return None


def synthetic_households(village_code: str, count: int) -> list[dict[str, Any]]:
    """Household records from the generator (keyword arguments it accepts only), or []."""
    func = find_generator()
    if func is None:
        return []
    wanted = {"village_code": village_code, "code": village_code, "n": count, "count": count,
              "households": count, "seed": 20261121}
    params = inspect.signature(func).parameters
    kwargs = {k: v for k, v in wanted.items() if k in params}
    result = func(**kwargs)
    states = list(result.households if hasattr(result, "households") else result)
    return [s for s in states if isinstance(s, dict) and "uuid" in s]
