"""The audit log: who unlocked, failed to unlock, exported, imported, changed users.

Failed unlocks happen before the key is known, so they cannot be written into the encrypted
store; they go to a small side file (time, user, event — no survey data) and are moved into
the audit table by the next successful unlock, then the side file is removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from .atomic import append_durable
from .models import Audit
from .record import utc_now

PENDING_FILE = "pending-audit.jsonl"

UNLOCK = "unlock"
FAILED_UNLOCK = "failed_unlock"
USER_ADDED = "user_added"
PASSPHRASE_CHANGED = "passphrase_changed"
EXPORT = "export"
IMPORT = "import"


def record_pending(home: Path, event: str, user: str, **detail: Any) -> None:
    line = json.dumps({"at": utc_now(), "event": event, "user": user, "detail": detail},
                      ensure_ascii=False)
    append_durable(home / PENDING_FILE, line.encode("utf-8") + b"\n")


class AuditLog:
    def __init__(self, engine: Engine, home: Path, device_id: str) -> None:
        self._engine = engine
        self._home = home
        self._device_id = device_id

    def log(self, event: str, user: str, **detail: Any) -> None:
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(Audit.__table__), [self._row(event, user, utc_now(), detail)])

    def log_in(self, conn: Connection, event: str, user: str, **detail: Any) -> None:
        """Log inside the caller's write transaction: kept only if it commits."""
        conn.execute(insert(Audit.__table__), [self._row(event, user, utc_now(), detail)])

    def _row(self, event: str, user: str, at: str, detail: dict[str, Any]) -> dict[str, Any]:
        return {"at": at, "event": event, "user": user, "device_id": self._device_id,
                "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}

    def absorb_pending(self) -> int:
        """Move failed-unlock records from the side file into the store."""
        path = self._home / PENDING_FILE
        if not path.exists():
            return 0
        rows = []
        for line in path.read_text("utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
                rows.append(self._row(item["event"], item["user"], item["at"], item.get("detail", {})))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: nothing to keep
        if rows:
            with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
                conn.execute(insert(Audit.__table__), rows)
        path.unlink()
        return len(rows)

    def entries(self, event: str | None = None, limit: int = 1000) -> list[Audit]:
        query = select(Audit).order_by(Audit.id.desc()).limit(limit)
        if event:
            query = query.where(Audit.event == event)
        with self._engine.connect() as conn:
            return [Audit.model_validate(row._mapping) for row in conn.execute(query)]
