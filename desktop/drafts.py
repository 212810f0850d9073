"""Autosaved editor drafts, kept inside the encrypted store (never in a plaintext file).

The editor hands its current state here every 30 s and whenever it is hidden by the lock; a
clean save or a discard removes it. A draft still present at the next unlock therefore means
the app did not close the editor cleanly (a crash, a power cut), and the GUI offers to restore
it. Drafts are not revisions: they make no history, are never exported, and do not turn a
complete household back into a draft.

Storage: ``store.drafts`` (put/get/list/discard) when the store offers it. Until it does, this
adapter keeps drafts as rows of the store's ``meta`` table under ``desktop.draft.<uuid>`` —
encrypted by SQLCipher like everything else — using portable Core statements. It runs on the
store worker thread only, like every other store call. Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from sync.models import Meta
from sync.record import utc_now

PREFIX = "desktop.draft."


@dataclass(frozen=True)
class Draft:
    uuid: str
    user: str
    saved_at: str
    state: dict[str, Any]

    @property
    def household_no(self) -> str:
        return str(self.state.get("fields", {}).get("household_no") or "")


class DraftBox:
    def __init__(self, store: Any) -> None:
        self._store = store
        self._native = getattr(store, "drafts", None)

    def put(self, state: dict[str, Any]) -> None:
        record = {"user": self._store.user, "saved_at": utc_now(), "state": state}
        if self._native is not None:
            self._native.put(state["uuid"], record)
            return
        key = PREFIX + state["uuid"]
        value = json.dumps(record, ensure_ascii=False)
        with self._store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            conn.execute(delete(Meta.__table__).where(Meta.key == key))
            conn.execute(insert(Meta.__table__), [{"key": key, "value": value}])

    def discard(self, uuid: str) -> None:
        if self._native is not None:
            self._native.discard(uuid)
            return
        with self._store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            conn.execute(delete(Meta.__table__).where(Meta.key == PREFIX + uuid))

    def list(self) -> list[Draft]:
        """Every draft left behind, newest first."""
        if self._native is not None:
            raw = [(uuid, record) for uuid, record in self._native.list()]
        else:
            with self._store.engine.connect() as conn:
                rows = conn.execute(select(Meta.key, Meta.value)
                                    .where(Meta.key.like(PREFIX + "%"))).all()
            raw = [(key[len(PREFIX):], json.loads(value)) for key, value in rows]
        drafts = [Draft(uuid, r.get("user", ""), r.get("saved_at", ""), r["state"])
                  for uuid, r in raw if isinstance(r, dict) and isinstance(r.get("state"), dict)]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)
