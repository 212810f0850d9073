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


def instance_path(state: dict[str, Any], path: str, members_name: str = MEMBERS) -> str | None:
    """A flattened path of a question inside a repeat instance
    (``members.<uuid>.repeats.jobs.<uuid>.fields.job_wage``) as findings name it, by the
    instances' positions now: ``members[2]/jobs[1]/job_wage`` (the members under the form's
    name for them, ``members_name``). None when an instance it names is no longer in the
    record (removed), or for a path that is not inside an instance."""
    parts = path.split(".")
    owner: dict[str, Any] | None = state
    steps: list[str] = []
    inside = False
    while owner is not None and len(parts) >= 4 and parts[0] in (MEMBERS, REPEATS):
        if parts[0] == MEMBERS and not steps:
            items, name, uuid, parts = owner.get(MEMBERS) or [], members_name, parts[1], parts[2:]
        elif parts[0] == REPEATS:
            items = (owner.get(REPEATS) or {}).get(parts[1]) or []
            name, uuid, parts = parts[1], parts[2], parts[3:]
            inside = True
        else:
            return None
        at = next((i for i, item in enumerate(items) if item.get("uuid") == uuid), None)
        owner = items[at] if at is not None else None
        steps.append(f"{name}[{(at or 0) + 1}]")
    if owner is None or not inside or len(parts) < 2 or parts[0] != "fields":
        return None
    return "/".join([*steps, ".".join(parts[1:])])


def flat_instance_path(state: dict[str, Any], positional: str,
                       members_name: str = MEMBERS) -> str | None:
    """The reverse of ``instance_path``: ``members[2]/jobs[1]/job_wage`` (positions from 1)
    to the record's flattened path by UUID; None when an instance it names is not there."""
    *steps, field = positional.split("/")
    owner: dict[str, Any] = state
    out: list[str] = []
    for step in steps:
        name, _, number = step.partition("[")
        if not number.endswith("]") or not number[:-1].isdigit():
            return None
        index = int(number[:-1]) - 1
        items = owner.get(MEMBERS) if name == members_name and not out else \
            (owner.get(REPEATS) or {}).get(name)
        if not items or not 0 <= index < len(items):
            return None
        owner = items[index]
        out.append(f"{MEMBERS}.{owner['uuid']}" if name == members_name and not out
                   else f"{REPEATS}.{name}.{owner['uuid']}")
    if not steps or not field or out[-1].startswith(MEMBERS):
        return None
    return ".".join([*out, "fields", field])
