"""Autosaved editor drafts: inside the encrypted store, but not revisions.

The editor hands its current state here every 30 s and when the app locks; a clean save or a
discard removes it. A draft still present at the next unlock means the app did not close the
editor cleanly (a crash, a power cut), and the GUI offers to restore it. Drafts make no
history, are never exported, and never turn a complete household back into a draft.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from .models import Draft as DraftRow
from .record import utc_now


@dataclass(frozen=True)
class Draft:
    uuid: str
    user: str
    saved_at: str
    state: dict[str, Any]

    @property
    def household_no(self) -> str:
        return str(self.state.get("fields", {}).get("household_no") or "")


class DraftService:
    def __init__(self, engine: Engine, user: str) -> None:
        self._engine = engine
        self._user = user

    def put(self, state: dict[str, Any]) -> None:
        row = {"record_uuid": state["uuid"], "user": self._user, "saved_at": utc_now(),
               "state": json.dumps(state, ensure_ascii=False)}
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(delete(DraftRow.__table__).where(DraftRow.record_uuid == state["uuid"]))
            conn.execute(insert(DraftRow.__table__), [row])

    def discard(self, uuid: str) -> None:
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(delete(DraftRow.__table__).where(DraftRow.record_uuid == uuid))

    def list(self) -> list[Draft]:
        """Every draft left behind, newest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(DraftRow).order_by(DraftRow.saved_at.desc())).all()
        return [Draft(r.record_uuid, r.user, r.saved_at, json.loads(r.state)) for r in rows]
