"""Household records as plain data: ids, timestamps, canonical JSON, field paths and diffs.

A record (docs/architecture.md) is flattened to ``{path: value}`` with paths such as
``fields.phone`` and ``members.<member uuid>.fields.name``; members are addressed by UUID, not
position, so the same person is matched across devices. History and merge both use this.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MEMBERS = "members"
CONFIRMATIONS = "confirmations"  # {question: reason} of confirmed warnings (forms.findings)


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(state: dict[str, Any]) -> str:
    """Canonical JSON: sorted keys, UTF-8 characters kept, no spaces (hashes are stable)."""
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def new_household(fields: dict[str, Any] | None = None, *, form_id: str, form_version: str
                  ) -> dict[str, Any]:
    return {"uuid": new_uuid(), "form_id": form_id, "form_version": form_version,
            "status": "draft", "fields": dict(fields or {}), "members": []}


def new_member(fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"uuid": new_uuid(), "fields": dict(fields or {})}


def flatten(state: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {"status": state.get("status"), "form_version": state.get("form_version")}
    for name, value in (state.get("fields") or {}).items():
        if value is not None:
            flat[f"fields.{name}"] = value
    for name, reason in (state.get(CONFIRMATIONS) or {}).items():
        flat[f"{CONFIRMATIONS}.{name}"] = reason
    for position, member in enumerate(state.get(MEMBERS) or []):
        prefix = f"{MEMBERS}.{member['uuid']}"
        flat[f"{prefix}.position"] = position
        for name, value in (member.get("fields") or {}).items():
            if value is not None:
                flat[f"{prefix}.fields.{name}"] = value
        for name, reason in (member.get(CONFIRMATIONS) or {}).items():
            flat[f"{prefix}.{CONFIRMATIONS}.{name}"] = reason
    return flat


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any

    @property
    def member_uuid(self) -> str | None:
        parts = self.path.split(".")
        return parts[1] if parts[0] == MEMBERS else None

    @property
    def field(self) -> str:
        return self.path.rsplit(".", 1)[-1]


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[FieldChange]:
    a = flatten(old) if old else {}
    b = flatten(new) if new else {}
    return [FieldChange(p, a.get(p), b.get(p)) for p in sorted(a.keys() | b.keys())
            if a.get(p) != b.get(p)]
