"""Snapshots of store content, to prove an import changed nothing (or the same things)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

CONTENT_TABLES = ("revision", "household", "member", "tombstone", "conflict", "quarantine",
                  "bundlein", "duplicate", "peerack", "mergeparent")


def snapshot(store) -> dict[str, list[tuple[Any, ...]]]:  # noqa: ANN001
    """Every row of every content table (audit log excluded: refusals are audited)."""
    out = {}
    with store.engine.connect() as conn:
        for table in CONTENT_TABLES:
            out[table] = sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {table}")))
    return out


def households(store) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    """Current state of every household, by uuid (what the user sees)."""
    with store.engine.connect() as conn:
        return {u: json.loads(s) for u, s in conn.execute(text(
            "SELECT h.uuid, r.state FROM household h JOIN revision r ON r.revision_id = h.revision_id"))}


def open_conflicts(store) -> set[tuple[str, str, frozenset]]:  # noqa: ANN001
    return {(c.record_uuid, c.field_path, frozenset((c.local_value, c.remote_value)))
            for c in store.sync.conflicts()}
