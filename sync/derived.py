"""Figures derived from records, kept by revision so a start or a report need not recompute.

Evaluating a household through the questionnaire takes about a millisecond; a village of
5,000 at every start, or a county of 150,000 for every report, is too slow to redo each time.
Consumers (the GUI's list facts, the reports) compute what they need and keep it here under a
`kind` that names what and by which definitions (e.g. the form version), next to the
revision it was computed from; a newer revision or another kind simply misses. The table is
inside the encrypted store and is never exported: it can always be rebuilt from revisions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from .models import Derived

BATCH = 500


class DerivedCache:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def load(self, kind: str) -> dict[str, tuple[str, Any]]:
        """``{record uuid: (revision id, data)}`` of everything kept under `kind`."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Derived.record_uuid, Derived.revision_id, Derived.data)
                                .where(Derived.kind == kind)).all()
        return {uuid: (revision, json.loads(data)) for uuid, revision, data in rows}

    def save(self, kind: str, items: Iterable[tuple[str, str, Any]]) -> None:
        """Keep (record uuid, revision id, JSON-able data) items, replacing older ones."""
        rows = [{"record_uuid": u, "kind": kind, "revision_id": r,
                 "data": json.dumps(d, ensure_ascii=False, separators=(",", ":"))}
                for u, r, d in items]
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            for start in range(0, len(rows), BATCH):
                part = rows[start:start + BATCH]
                conn.execute(delete(Derived.__table__).where(
                    Derived.kind == kind, Derived.record_uuid.in_([r["record_uuid"] for r in part])))
                conn.execute(insert(Derived.__table__), part)

    def forget(self, kind: str, uuids: Iterable[str]) -> None:
        uuids = list(uuids)
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            for start in range(0, len(uuids), BATCH):
                conn.execute(delete(Derived.__table__).where(
                    Derived.kind == kind, Derived.record_uuid.in_(uuids[start:start + BATCH])))

    def kinds(self, prefix: str) -> list[str]:
        """The kinds kept that start with `prefix`, one index seek each (DISTINCT would scan
        the whole index); `prefix` must not end in the highest character."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        found: list[str] = []
        with self._engine.connect() as conn:
            while (k := conn.execute(select(func.min(Derived.kind)).where(
                    Derived.kind > found[-1] if found else Derived.kind >= prefix,
                    Derived.kind < end)).scalar()) is not None:
                found.append(k)
        return [k for k in found if k.startswith(prefix)]  # whatever the server's collation

    def drop(self, kind: str) -> None:
        """Forget everything kept under `kind` (computed under definitions no longer used)."""
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(delete(Derived.__table__).where(Derived.kind == kind))
