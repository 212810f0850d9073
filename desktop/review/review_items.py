"""The review queues as the GUI shows them, built on the store worker (Qt-free).

`store.sync` hands back table rows (a conflict names two revision ids and a flattened field
path; a quarantined revision is a JSON blob). A person needs the household's 户编号 and head,
the member's name, who changed the value, when and on which laptop. `load_queues` gathers all
of that in one worker job through the store's services, so widgets only format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from mopai.sync.village_scope import FOREIGN

from ..capture import formkit

DELETED = "_deleted"


@dataclass(frozen=True)
class Side:
    """One value of a conflict and the revision that wrote it."""

    value: Any
    revision_id: str
    user: str = ""
    device_id: str = ""
    device_name: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class ConflictItem:
    id: int
    record_uuid: str
    household_no: str
    head_name: str
    path: str               # fields.x | members.<uuid>.fields.x | status | _deleted
    field: str
    member_uuid: str | None
    member_name: str
    base: Any
    local: Side
    remote: Side
    created_at: str
    village_code: str = ""  # the household's village, as its record says
    # the household's current record: fills ${} in choice labels (formkit.choice_label)
    household: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class QuarantineItem:
    id: int
    village_code: str
    record_uuid: str
    revision_id: str
    household_no: str
    head_name: str
    reasons: tuple[str, ...]
    user: str
    device_id: str
    created_at: str
    received_at: str
    owner: str = ""  # a change of another village's household: the village that owns it

    @property
    def is_claim(self) -> bool:
        """A village changed a household the county's record gives to `owner`: the county
        may approve it as a move (`sync.ownership.approve_claim`)."""
        return bool(self.owner)


PUBLIC_POST = "public_post"  # employment_status choice 公益性岗位 (forms/labor_survey.xlsx)


@dataclass(frozen=True)
class HouseholdRef:
    uuid: str
    village_code: str
    household_no: str = ""
    head_name: str = ""
    person: str = ""        # the member holding the ID number
    public_post: bool = False  # that member holds a 公益性岗位 in this household's record


@dataclass(frozen=True)
class DuplicateItem:
    id: int
    id_number: str
    first: HouseholdRef
    second: HouseholdRef
    created_at: str

    @property
    def public_post_twice(self) -> bool:
        """One person paid for a 公益性岗位 in two records: the case to decide first."""
        return self.first.public_post and self.second.public_post


@dataclass(frozen=True)
class AlertItem:
    at: str
    reason: str             # cloned_device | revoked_device
    file: str
    device_id: str
    device_name: str
    seq: int | None


@dataclass(frozen=True)
class Queues:
    conflicts: list[ConflictItem] = field(default_factory=list)
    quarantine: list[QuarantineItem] = field(default_factory=list)
    duplicates: list[DuplicateItem] = field(default_factory=list)
    alerts: list[AlertItem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # area code -> name (may lack some)

    @property
    def pending(self) -> int:
        """What waits for a person (alerts are warnings, not queue entries)."""
        return len(self.conflicts) + len(self.quarantine) + len(self.duplicates)


# -- paths and values -------------------------------------------------------------------------
def split_path(path: str) -> tuple[str | None, str]:
    """``members.<uuid>.fields.x`` → (uuid, x); ``fields.x`` → (None, x); else (None, path)."""
    parts = path.split(".")
    if parts[0] == "members" and len(parts) >= 4 and parts[2] == "fields":
        return parts[1], ".".join(parts[3:])
    if parts[0] == "members" and len(parts) >= 4 and parts[2] == "confirmations":
        return parts[1], path  # a warning's reason: shown by its path (review_items.label)
    if parts[0] == "fields" and len(parts) >= 2:
        return None, ".".join(parts[1:])
    return None, path


def decode(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def head_of(state: dict[str, Any]) -> str:
    """The head's name (relation ``head``, else the first member), or ''."""
    members = [m for m in state.get("members") or [] if isinstance(m, dict)]
    head = next((m for m in members if (m.get("fields") or {}).get("relation") == "head"),
                members[0] if members else None)
    return str(((head or {}).get("fields") or {}).get("name") or "")


def field_label(form: formkit.Form, item: ConflictItem, lang: str) -> str | None:
    """The question's label in ``lang``; None for paths that are not questions."""
    q = formkit.question(form, item.field, member=item.member_uuid is not None)
    return formkit.label(q, lang) if q is not None else None


def value_text(form: formkit.Form, item: ConflictItem, value: Any, lang: str) -> str:
    """A value as the form shows it (choice labels); '' for empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return "、".join(value_text(form, item, v, lang) for v in value)
    members = (item.household or {}).get("members") or []
    index = next((i for i, m in enumerate(members) if m.get("uuid") == item.member_uuid), None)
    return formkit.choice_label(form, item.field, value, lang,
                                member=item.member_uuid is not None,
                                household=item.household, member_index=index)


# -- building the queues (on the worker) ----------------------------------------------------
def load_queues(store: Any) -> Queues:
    sync = store.sync
    names = device_names(store)
    return Queues(conflicts(store, names), quarantine(sync.quarantined()),
                  duplicates(store, sync.duplicates()), alerts(sync.alerts(), names),
                  sync.area_names())


def device_names(store: Any) -> dict[str, str]:
    """Enrolled devices by id: their name, else the village code (the id prefix is added)."""
    return {d.device_id: d.device_name or d.code for d in store.sync.devices()}


def conflicts(store: Any, device_names: dict[str, str]) -> list[ConflictItem]:
    rows = store.sync.conflicts(open_only=True)
    uuids = sorted({c.record_uuid for c in rows})
    states = store.households.get_many(uuids) if uuids else {}
    history: dict[str, dict[str, Any]] = {}
    items = []
    for c in rows:
        if c.record_uuid not in history:
            history[c.record_uuid] = {e.revision_id: e for e in
                                      store.households.history(c.record_uuid)}
        revs = history[c.record_uuid]
        state = states.get(c.record_uuid) or {}
        member_uuid, name = split_path(c.field_path)
        member = next((m for m in state.get("members") or [] if m.get("uuid") == member_uuid),
                      None)

        items.append(ConflictItem(
            c.id, c.record_uuid, str((state.get("fields") or {}).get("household_no") or ""),
            head_of(state), c.field_path, name, member_uuid,
            str(((member or {}).get("fields") or {}).get("name") or ""), decode(c.base_value),
            _side(revs, c.local_value, c.local_revision, device_names),
            _side(revs, c.remote_value, c.remote_revision, device_names),
            c.created_at, str((state.get("fields") or {}).get("village_code") or ""),
            state or None))
    return items


def _side(revs: dict[str, Any], raw: str | None, revision_id: str,
          device_names: dict[str, str]) -> Side:
    e = revs.get(revision_id)
    if e is None:
        return Side(decode(raw), revision_id)
    return Side(decode(raw), revision_id, e.user, e.device_id, device_names.get(e.device_id, ""),
                e.created_at)


def quarantine(rows: list[Any]) -> list[QuarantineItem]:
    items = []
    for q in rows:
        try:
            rev = json.loads(q.state)
        except ValueError:
            rev = {}
        rev = rev if isinstance(rev, dict) else {}
        state = rev.get("state") if isinstance(rev.get("state"), dict) else {}
        fields = state.get("fields") if isinstance(state.get("fields"), dict) else {}
        try:
            head = head_of(state)
        except (AttributeError, TypeError):
            head = ""
        reasons = tuple(r.strip() for r in q.reason.split("；") if r.strip()) or (q.reason,)
        owner = CLAIM.match(q.reason)
        items.append(QuarantineItem(
            q.id, q.village_code, q.record_uuid, q.revision_id,
            str(fields.get("household_no") or ""), head, reasons, str(rev.get("user") or ""),
            str(rev.get("device_id") or ""), str(rev.get("created_at") or ""), q.received_at,
            owner.group(1) if owner and rev.get("kind") == "save" else ""))
    return items


CLAIM = re.compile(re.escape(FOREIGN) + r"村 (\d{12})")


def duplicates(store: Any, rows: list[Any]) -> list[DuplicateItem]:
    uuids = sorted({u for d in rows for u in (d.household_uuid, d.other_household_uuid)})
    states = store.households.get_many(uuids) if uuids else {}

    def ref(uuid: str, village: str, id_number: str) -> HouseholdRef:
        state = states.get(uuid) or {}
        holder = next((m.get("fields", {}) for m in state.get("members") or []
                       if m.get("fields", {}).get("id_number") == id_number), {})
        return HouseholdRef(uuid, village, str((state.get("fields") or {})
                                               .get("household_no") or ""),
                            head_of(state), str(holder.get("name") or ""),
                            holder.get("employment_status") == PUBLIC_POST)

    items = [DuplicateItem(d.id, d.id_number, ref(d.household_uuid, d.village_code, d.id_number),
                           ref(d.other_household_uuid, d.other_village_code, d.id_number),
                           d.created_at) for d in rows]
    return sorted(items, key=lambda d: not d.public_post_twice)  # stable: queue order otherwise


def alerts(entries: list[Any], device_names: dict[str, str]) -> list[AlertItem]:
    items = []
    for e in entries:
        try:
            detail = json.loads(e.detail)
        except ValueError:
            detail = {}
        device = str(detail.get("device_id") or "")
        seq = detail.get("seq")
        items.append(AlertItem(e.at, str(detail.get("reason") or ""), str(detail.get("file") or ""),
                               device, device_names.get(device, ""),
                               seq if isinstance(seq, int) else None))
    return items
