"""Write generated households through the real store API, and build the demo workspace.

Everything goes through `store.households.save_many`, so each generated household is a real
revision with a parent-less first revision, journaled like one typed in by hand — the demo,
the benchmarks and later the bundle export see nothing synthetic about them. Saving in chunks
gives the progress line something to show and lets a cancel flag stop between chunks; what
was saved before the cancel stays saved (each chunk is its own transaction).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..errors import InputError
from ..models import Household, Member
from .village import GeneratedHousehold, VillageSpec, iter_village

Progress = Callable[[int, int, str], None]
DEMO_VILLAGE_CODE = "431221101201"   # 湖南省怀化市中方县 (431221), a township and village under it
DEMO_VILLAGE_NAME = "荆坪村（演示）"
DEMO_USER = "演示用户"
CHUNK = 500


@dataclass
class SynthResult:
    """What was added: record UUIDs, and which carry mistakes on purpose (uuid -> codes)."""

    saved: int = 0
    households: set[str] = field(default_factory=set)
    broken: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cancelled: bool = False


def _next_number(store) -> int:  # noqa: ANN001 - sync.store.Store
    """One past the highest numeric 户编号, so added households never reuse a number."""
    with store.engine.connect() as conn:
        numbers = [int(n) for (n,) in conn.execute(select(Household.household_no)) if n.isdigit()]
    return max(numbers, default=0) + 1


def _existing_ids(store) -> set[str]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return {n for (n,) in conn.execute(select(Member.id_number)) if n}


def add_households(store, households: int, *, seed: int = 1, as_of: dt.date | None = None,  # noqa: ANN001
                   progress: Progress | None = None, cancel: threading.Event | None = None,
                   chunk: int = CHUNK, used_ids: set[str] | None = None) -> SynthResult:
    """Generate `households` for the store's village and save them, `chunk` per transaction.

    Numbers continue after the highest 户编号 and ID numbers avoid those already stored, so
    adding to a village that has data creates no false duplicates; pass `used_ids` to share
    that set across the villages of a county.
    """
    ws = store.workspace
    if ws.role != "village":
        raise InputError(f"只能向村级工作区添加演示户，此工作区是{ws.role}",
                         f"demo households can only be added to a village workspace, not a {ws.role}")
    if households < 1:
        raise InputError("户数必须大于 0", "the number of households must be at least 1")
    spec = VillageSpec(ws.code, households, seed, start_no=_next_number(store), as_of=as_of)
    result = SynthResult()
    batch: list[GeneratedHousehold] = []

    def flush() -> None:
        store.households.save_many([g.state for g in batch])
        for g in batch:
            result.households.add(g.state["uuid"])
            if g.mistakes:
                result.broken[g.state["uuid"]] = g.mistakes
        result.saved += len(batch)
        batch.clear()
        if progress:
            progress(result.saved, households, "生成演示户 generating households")

    used = used_ids if used_ids is not None else set()
    used |= _existing_ids(store)
    for generated in iter_village(spec, used_ids=used):
        batch.append(generated)
        if len(batch) >= chunk:
            flush()
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                return result
    if batch:
        flush()
    return result


def build_demo_village(home: Path, passphrase: str, *, households: int = 300, seed: int = 1,
                       user: str = DEMO_USER, code: str = DEMO_VILLAGE_CODE,
                       name: str = DEMO_VILLAGE_NAME, progress: Progress | None = None,
                       cancel: threading.Event | None = None, validator=None) -> Path:  # noqa: ANN001
    """The workspace `make run` opens: a village with `households` generated households.

    Creates the workspace when `home` holds none; fills it only while it is empty, so opening
    the demo twice does not double it. Returns `home`.
    """
    from ..workspace import Workspace  # start-up: generating records needs no store

    home = Path(home)
    if not Workspace.exists(home):
        Workspace.create(home, role="village", code=code, user=user, passphrase=passphrase,
                         name=name)
    ws = Workspace(home)
    with ws.unlock(None if len(ws.keys.users()) == 1 else user, passphrase,
                   validator=validator) as store:
        if store.households.count() == 0:
            add_households(store, households, seed=seed, progress=progress, cancel=cancel)
    return home
