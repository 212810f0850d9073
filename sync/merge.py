"""Field-by-field three-way merge of household records, and its application to the store.

Revisions form a graph: `parent_id`, plus a second parent (`mergeparent`) for merges. When a
revision arrives whose record has moved on here as well, the common ancestor is found in
that graph, both sides are flattened (`sync.record.flatten`: members matched by UUID) and
compared path by path against it: a path changed on one side takes that side; a path changed
on both to different values is a conflict. The merged state keeps the value of the later
revision (by time, then revision id) so that any import order gives the same result, and the
conflict row keeps the ancestor value and both values until a person resolves it. Every
incoming revision is kept in the history, so nothing is lost even before resolution.

Deletions travel as `delete` revisions and tombstones. A deletion on one side and an edit on
the other keeps the record and raises a conflict on the pseudo-path ``_deleted``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, delete, distinct, func, insert, select

from mopai.forms import timevalues

from .households import household_row, member_rows
from .models import (
    Conflict,
    Duplicate,
    Household,
    Member,
    MergeParent,
    Revision,
    Tombstone,
)
from .paradata import KEY as PARADATA
from .record import (
    CONFIRMATIONS,
    MEMBERS,
    REPEATS,
    dumps,
    flatten,
    new_uuid,
    order_repeats,
    place,
    utc_now,
)
from .schema import FieldTypes

DELETED = "_deleted"
CHUNK = 500


@dataclass(frozen=True)
class FieldConflict:
    path: str
    base: Any
    local: Any
    remote: Any


def _later(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when revision `b` is later than `a` (ties broken by id: the same on every machine)."""
    return (b["created_at"], b["revision_id"]) > (a["created_at"], a["revision_id"])


def unflatten(flat: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = {"uuid": template["uuid"], "form_id": template["form_id"],
                             "form_version": flat.get("form_version") or template["form_version"],
                             "status": flat.get("status") or "draft", "fields": {}, MEMBERS: []}
    members: dict[str, dict[str, Any]] = {}
    positions: dict[str, int] = {}
    instances: dict[str, Any] = {}       # repeat instances' positions (record.place)
    for path, value in flat.items():
        parts = path.split(".")
        if parts[0] in ("fields", CONFIRMATIONS, REPEATS):
            place(state, parts, value, instances)
        elif parts[0] == MEMBERS and len(parts) >= 3:
            member = members.setdefault(parts[1], {"uuid": parts[1], "fields": {}})
            if parts[2] == "position":
                positions[parts[1]] = value
            elif parts[2] in ("fields", CONFIRMATIONS, REPEATS):
                place(member, parts[2:], value, instances)
    order_repeats(state, instances)
    for uuid in sorted(members, key=lambda u: (positions.get(u, 1 << 30), u)):
        order_repeats(members[uuid], instances)
        if positions.get(uuid) is None and set(members[uuid]) - {"uuid", "fields"} and \
                not members[uuid]["fields"]:
            continue  # only a reason left of a member removed on one side: the member is gone
        state[MEMBERS].append(members[uuid])
    return state


# The form's metadata (forms.model.QType.is_metadata) are stamped by the app, not answered:
# two devices that both saved a household set `end` differently, which is not a conflict
# anyone could decide. Each is settled by a rule that gives the same result in any order.
_METADATA_RULES: dict[str, Callable[[list[Any]], Any]] = {
    "start": lambda vs: min(vs, key=_moment), "today": min,
    "end": lambda vs: max(vs, key=_moment), "deviceid": min, "username": min,
}


def _moment(value: Any) -> tuple[float, str]:
    when = timevalues.parse_datetime(value) if isinstance(value, str) else None
    return (when.timestamp() if when is not None else float("-inf"), str(value))


def metadata_paths(types: FieldTypes | None) -> dict[str, Callable[[list[Any]], Any]]:
    """The flattened paths of the household's metadata fields, with the rule settling each."""
    if types is None:
        return {}
    return {f"fields.{name}": _METADATA_RULES[t] for name, t in types.household.items()
            if t in _METADATA_RULES}


def three_way(base: dict[str, Any] | None, local: dict[str, Any], remote: dict[str, Any],
              local_rev: dict[str, Any], remote_rev: dict[str, Any],
              metadata: Mapping[str, Callable[[list[Any]], Any]] | None = None
              ) -> tuple[dict[str, Any], list[FieldConflict]]:
    """Merge `remote` into `local` against `base`; return the merged state and the conflicts.
    `metadata` (``metadata_paths``): paths settled by their rule instead of a conflict."""
    b = flatten(base) if base else {}
    lo, re = flatten(local), flatten(remote)
    remote_wins = _later(local_rev, remote_rev)
    merged: dict[str, Any] = {}
    conflicts = []
    for path in sorted(b.keys() | lo.keys() | re.keys()):
        bv, lv, rv = b.get(path), lo.get(path), re.get(path)
        if lv == rv or rv == bv:
            value = lv
        elif lv == bv:
            value = rv
        elif metadata and path in metadata and lv is not None and rv is not None:
            value = metadata[path]([lv, rv])
        else:
            value = rv if remote_wins else lv
            if not path.endswith(".position") and path != "form_version":
                conflicts.append(FieldConflict(path, bv, lv, rv))
        if value is not None:
            merged[path] = value
    state = unflatten(merged, local)
    # the interview's paradata is not a field to merge: the later revision's stands
    later, other = (remote, local) if remote_wins else (local, remote)
    interview = later.get(PARADATA) or other.get(PARADATA)
    if interview is not None:
        state[PARADATA] = interview
    return state, conflicts


# -- applying revisions to the store ----------------------------------------------------------
@dataclass
class MergeStats:
    new_revisions: int = 0
    households: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    merged: int = 0
    conflicts: int = 0
    duplicates: int = 0


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


class Merger:
    """Applies incoming revisions inside the caller's transaction (one bundle, one commit)."""

    def __init__(self, conn: Connection, *, device_id: str, user: str, village_code: str,
                 types: Callable[[Any], FieldTypes] | None = None) -> None:
        self.conn = conn
        self.types = types            # a record's field types (its form's), for its metadata
        self.device_id = device_id
        self.user = user
        self.village_code = village_code
        self.stats = MergeStats()

    # -- entry point -----------------------------------------------------------------------
    def apply(self, revisions: list[dict[str, Any]]) -> MergeStats:
        ids = [r["revision_id"] for r in revisions]
        known: set[str] = set()
        for part in _chunks(ids):
            known.update(self.conn.execute(select(Revision.revision_id)
                                           .where(Revision.revision_id.in_(part))).scalars())
        fresh = [r for r in revisions if r["revision_id"] not in known]
        if not fresh:
            return self.stats
        self._insert_revisions(fresh, origin="import")
        self.stats.new_revisions = len(fresh)

        by_id = {r["revision_id"]: r for r in revisions}
        referenced = {p for r in revisions for p in (r.get("parent_id"), r.get("merge_parent")) if p}
        tips: dict[str, list[dict[str, Any]]] = {}
        for r in fresh:
            if r["revision_id"] not in referenced:
                tips.setdefault(r["record_uuid"], []).append(r)
        heads = self._heads(list(tips))
        self._had_head = set(heads)  # only these can have projection rows to replace
        self._projections: dict[str, dict[str, Any] | None] = {}
        self._conflicts: list[dict[str, Any]] = []
        for record_uuid, record_tips in tips.items():
            for tip in sorted(record_tips, key=lambda r: (r["rev_no"], r["created_at"])):
                heads[record_uuid] = self._merge_one(tip, heads.get(record_uuid), by_id)
        self._write_projections()
        self._write_conflicts()
        self._flag_duplicates()
        return self.stats

    # -- one record ------------------------------------------------------------------------
    def _merge_one(self, tip: dict[str, Any], head: dict[str, Any] | None,
                   by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
        if head is None:
            self._project(tip)
            return tip
        if head["revision_id"] in _ancestors(tip["revision_id"], by_id):
            self._project(tip)  # fast-forward, no store lookup needed
            return tip
        graph = dict(self._graph(tip["record_uuid"]))
        graph.update(by_id)
        tip_anc = _ancestors(tip["revision_id"], graph)
        if head["revision_id"] in tip_anc:
            self._project(tip)
            return tip
        head_anc = _ancestors(head["revision_id"], graph)
        if tip["revision_id"] in head_anc:
            return head  # already part of what we hold
        common = [graph[i] for i in tip_anc & head_anc if i in graph and "state" in graph[i]]
        base = max(common, key=lambda r: (r["rev_no"], r["created_at"], r["revision_id"]),
                   default=None)
        return self._merge_diverged(base, head, tip)

    def _merge_diverged(self, base: dict[str, Any] | None, head: dict[str, Any],
                        tip: dict[str, Any]) -> dict[str, Any]:
        self.stats.merged += 1
        base_state = _state(base) if base and base["kind"] != "delete" else None
        local, remote = _state(head), _state(tip)
        conflicts: list[FieldConflict] = []
        if head["kind"] == "delete" or tip["kind"] == "delete":
            deleter, other = (head, tip) if head["kind"] == "delete" else (tip, head)
            other_changed = other["kind"] != "delete" and (
                base_state is None or flatten(_state(other)) != flatten(base_state))
            if not other_changed:  # the deletion wins: nobody edited since the common ancestor
                kind, merged = "delete", _state(deleter)
            else:  # keep the edited record; a person decides whether it goes
                kind, merged = "save", _state(other)
                conflicts.append(FieldConflict(DELETED, False, head["kind"] == "delete",
                                               tip["kind"] == "delete"))
        else:
            kind = "save"
            metadata = metadata_paths(self.types(local)) if self.types is not None else None
            merged, conflicts = three_way(base_state, local, remote, head, tip, metadata)
        rev = {"revision_id": new_uuid(), "record_uuid": tip["record_uuid"],
               "rev_no": max(head["rev_no"], tip["rev_no"]) + 1, "parent_id": head["revision_id"],
               "merge_parent": tip["revision_id"], "kind": kind, "state": merged,
               "device_id": self.device_id, "user": self.user, "created_at": utc_now()}
        self._insert_revisions([rev], origin="local")
        for c in conflicts:
            self._conflicts.append({
                "record_uuid": tip["record_uuid"], "field_path": c.path,
                "base_value": _json(c.base), "local_value": _json(c.local),
                "remote_value": _json(c.remote), "local_revision": head["revision_id"],
                "remote_revision": tip["revision_id"], "created_at": rev["created_at"]})
        self._project(rev)
        return rev

    # -- the store -------------------------------------------------------------------------
    def _insert_revisions(self, revs: list[dict[str, Any]], *, origin: str) -> None:
        rows, parents = [], []
        for r in revs:
            state = r.get("state_json") or (r["state"] if isinstance(r["state"], str)
                                            else dumps(r["state"]))
            r["state_json"] = state  # reused by the household projection
            rows.append({"revision_id": r["revision_id"], "record_uuid": r["record_uuid"],
                         "rev_no": r["rev_no"], "parent_id": r.get("parent_id"), "kind": r["kind"],
                         "state": state, "device_id": r["device_id"], "user": r["user"],
                         "created_at": r["created_at"], "origin": origin, "acked": False})
            if r.get("merge_parent"):
                parents.append({"revision_id": r["revision_id"], "parent_id": r["merge_parent"]})
        bulk_insert(self.conn, Revision.__tablename__, rows)
        if parents:
            self.conn.execute(insert(MergeParent.__table__), parents)

    def _heads(self, uuids: list[str]) -> dict[str, dict[str, Any]]:
        head_ids: dict[str, str] = {}
        for part in _chunks(uuids):
            head_ids.update(self.conn.execute(select(Household.uuid, Household.revision_id)
                                              .where(Household.uuid.in_(part))).all())
            for uuid, rid in self.conn.execute(select(Tombstone.record_uuid, Tombstone.revision_id)
                                               .where(Tombstone.record_uuid.in_(part))):
                head_ids.setdefault(uuid, rid)
        heads = {}
        for part in _chunks(list(head_ids.values())):
            for row in self.conn.execute(select(Revision).where(Revision.revision_id.in_(part))):
                r = dict(row._mapping)
                heads[r["record_uuid"]] = r
        return heads

    def _graph(self, record_uuid: str) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            select(Revision, MergeParent.parent_id.label("merge_parent"))
            .outerjoin(MergeParent, MergeParent.revision_id == Revision.revision_id)
            .where(Revision.record_uuid == record_uuid)).all()
        return {r.revision_id: dict(r._mapping) for r in rows}

    def _project(self, rev: dict[str, Any]) -> None:
        self._projections[rev["record_uuid"]] = rev

    def _write_projections(self) -> None:
        uuids = [u for u in self._projections if u in self._had_head]
        for part in _chunks(uuids):
            self.conn.execute(delete(Member.__table__).where(Member.household_uuid.in_(part)))
            self.conn.execute(delete(Household.__table__).where(Household.uuid.in_(part)))
            self.conn.execute(delete(Tombstone.__table__).where(Tombstone.record_uuid.in_(part)))
        households, members, tombstones = [], [], []
        for uuid, rev in self._projections.items():
            state = _state(rev)
            if rev["kind"] == "delete":
                tombstones.append({"record_uuid": uuid, "revision_id": rev["revision_id"],
                                   "device_id": rev["device_id"], "user": rev["user"],
                                   "deleted_at": rev["created_at"], "reason": ""})
                self.stats.deleted.add(uuid)
                continue
            households.append(household_row(state, rev, self.village_code))
            members.extend(member_rows(state))
            self.stats.households.add(uuid)
        self._members = members  # the duplicate-ID check needs them, no need to read them back
        for table, rows in ((Household, households), (Member, members), (Tombstone, tombstones)):
            for part in _chunks(rows):
                bulk_insert(self.conn, table.__tablename__, part)

    def _write_conflicts(self) -> None:
        if not self._conflicts:
            return
        records = list({c["record_uuid"] for c in self._conflicts})
        open_ = set()
        for part in _chunks(records):
            for r in self.conn.execute(select(Conflict).where(Conflict.record_uuid.in_(part),
                                                              Conflict.resolved_at.is_(None))):
                open_.add((r.record_uuid, r.field_path,
                           frozenset((r.local_value, r.remote_value))))
        rows = []
        for c in self._conflicts:
            key = (c["record_uuid"], c["field_path"], frozenset((c["local_value"], c["remote_value"])))
            if key not in open_:
                open_.add(key)
                rows.append(c)
        if rows:
            self.conn.execute(insert(Conflict.__table__), rows)
        self.stats.conflicts += len(rows)

    def _flag_duplicates(self) -> None:
        """The same ID number in another household (here: any village) goes to review.

        Each touched household is paired with one other holder of the number (the lowest
        uuid), so a number shared by n households gives n-1 rows, not n²/2.
        """
        mine: dict[str, set[str]] = {}
        for m in getattr(self, "_members", ()):
            if m["id_number"]:
                mine.setdefault(m["id_number"], set()).add(m["household_uuid"])
        rows = []
        for part in _chunks(sorted(mine)):
            # Only numbers held by two households come back (rare), not every member just
            # written: at a county import that is 600,000 rows read back for nothing.
            many = select(Member.id_number).where(Member.id_number.in_(part)).group_by(
                Member.id_number).having(func.count(distinct(Member.household_uuid)) > 1)
            holders: dict[str, set[str]] = {}
            for hh, id_number in self.conn.execute(
                    select(Member.household_uuid, Member.id_number)
                    .where(Member.id_number.in_(many))):
                holders.setdefault(id_number, set()).add(hh)
            shared = sorted(i for i, hhs in holders.items() if len(hhs) > 1)
            if not shared:
                continue
            flagged: dict[str, set[str]] = {}
            for id_number, a, b in self.conn.execute(
                    select(Duplicate.id_number, Duplicate.household_uuid,
                           Duplicate.other_household_uuid).where(Duplicate.id_number.in_(shared))):
                flagged.setdefault(id_number, set()).update((a, b))
            for id_number in shared:
                hhs = holders[id_number]
                done = flagged.get(id_number, set())
                for hh in sorted(mine[id_number] - done):
                    anchor = min(hhs - {hh})
                    rows.append({"id_number": id_number, "household_uuid": anchor,
                                 "other_household_uuid": hh, "created_at": utc_now()})
                    done |= {hh, anchor}
        if rows:
            codes: dict[str, str] = {}
            uuids = sorted({r["household_uuid"] for r in rows}
                           | {r["other_household_uuid"] for r in rows})
            for part in _chunks(uuids):
                codes.update(self.conn.execute(select(Household.uuid, Household.village_code)
                                               .where(Household.uuid.in_(part))).all())
            for r in rows:
                r["village_code"] = codes.get(r["household_uuid"], "")
                r["other_village_code"] = codes.get(r["other_household_uuid"], "")
            for part in _chunks(rows):
                self.conn.execute(insert(Duplicate.__table__), part)
        self.stats.duplicates += len(rows)


def bulk_insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Many rows of one shape through the driver's executemany: at a county import, building
    SQLAlchemy's parameters for each row costs more than SQLCipher's own work on it. Column
    names come from our own row dicts, never from input."""
    if not rows:
        return
    columns = list(rows[0])
    quote = conn.dialect.identifier_preparer.quote  # "user" is a word PostgreSQL keeps
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    conn.exec_driver_sql(sql, list(map(itemgetter(*columns), rows)) if len(columns) > 1
                         else [(r[columns[0]],) for r in rows])


def _ancestors(start: str, graph: dict[str, dict[str, Any]]) -> set[str]:
    """`start` and every revision reachable through parents (unknown ids end a path)."""
    seen = {start}
    stack = [start]
    while stack:
        node = graph.get(stack.pop())
        if node is None:
            continue
        for parent in (node.get("parent_id"), node.get("merge_parent")):
            if parent and parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def _state(rev: dict[str, Any]) -> dict[str, Any]:
    state = rev["state"]
    return json.loads(state) if isinstance(state, str) else state


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
