"""Household records as plain data: ids, timestamps, canonical JSON, field paths and diffs.

A record (docs/architecture.md) is flattened to ``{path: value}`` with paths such as
``fields.phone`` and ``members.<member uuid>.fields.name``; members are addressed by UUID, not
position, so the same person is matched across devices. History and merge both use this.

A form's other repeats (a household-level list such as 帮扶措施, a list inside each member such
as the year's jobs; docs/decisions.md 48) are kept under ``repeats``: ``{repeat name: [instance,
…]}`` in the household, in a member or in another instance, each instance ``{"uuid", "fields",
"confirmations"?, "repeats"?}``. They flatten the same way, by instance UUID:
``repeats.measures.<uuid>.fields.kind``, ``members.<uuid>.repeats.jobs.<uuid>.fields.place``.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MEMBERS = "members"
CONFIRMATIONS = "confirmations"  # {question: reason} of confirmed warnings (forms.findings)
REPEATS = "repeats"              # {repeat name: [instance, …]} of the form's other repeats


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


def new_instance(fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """A new instance of a repeat other than the members (same shape as a member)."""
    return {"uuid": new_uuid(), "fields": dict(fields or {})}


def _flatten_repeats(flat: dict[str, Any], prefix: str, owner: dict[str, Any]) -> None:
    """The instances of ``owner``'s repeats (and theirs), by UUID, with their positions."""
    for name, instances in (owner.get(REPEATS) or {}).items():
        for position, instance in enumerate(instances or []):
            at = f"{prefix}{REPEATS}.{name}.{instance['uuid']}"
            flat[f"{at}.position"] = position
            for field, value in (instance.get("fields") or {}).items():
                if value is not None:
                    flat[f"{at}.fields.{field}"] = value
            for field, reason in (instance.get(CONFIRMATIONS) or {}).items():
                flat[f"{at}.{CONFIRMATIONS}.{field}"] = reason
            _flatten_repeats(flat, f"{at}.", instance)


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
        _flatten_repeats(flat, f"{prefix}.", member)
    _flatten_repeats(flat, "", state)
    return flat


def place(owner: dict[str, Any], parts: list[str], value: Any,
          positions: dict[str, Any]) -> None:
    """Put one flattened value (``parts``, its path after the owner's own prefix) into
    ``owner``: a field, a reason, or (through ``repeats.<name>.<uuid>.``) a value of one of
    its instances, created on first sight. An instance's position is kept in ``positions``
    under its uuid (unique in the record) for ``order_repeats``."""
    head = parts[0]
    if head == "fields":
        owner.setdefault("fields", {})[".".join(parts[1:])] = value
    elif head == CONFIRMATIONS:
        owner.setdefault(CONFIRMATIONS, {})[".".join(parts[1:])] = value
    elif head == REPEATS and len(parts) >= 4:
        name, uuid = parts[1], parts[2]
        instances = owner.setdefault(REPEATS, {}).setdefault(name, {})
        instance = instances.setdefault(uuid, {"uuid": uuid, "fields": {}})
        if parts[3] == "position" and len(parts) == 4:
            positions[uuid] = value
        else:
            place(instance, parts[3:], value, positions)


def order_repeats(owner: dict[str, Any], positions: dict[str, Any]) -> None:
    """Turn ``place``'s instances by uuid into lists ordered by position (then uuid), inside
    out; an instance with no position and no answer (only a reason left of one removed on one
    side) is gone, as a member is."""
    repeats = owner.get(REPEATS)
    for name, by_uuid in list((repeats or {}).items()):
        kept = []
        for uuid in sorted(by_uuid, key=lambda u: (positions.get(u, 1 << 30), u)):
            instance = by_uuid[uuid]
            order_repeats(instance, positions)
            if positions.get(uuid) is None and not instance["fields"] \
                    and REPEATS not in instance:
                continue
            kept.append(instance)
        if kept:
            repeats[name] = kept
        else:
            del repeats[name]
    if not repeats:
        owner.pop(REPEATS, None)


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
