"""Which village may change a household, and the county's two ways to change that.

The county decides ownership from its own records (the `owner` table, schema 9): a household
belongs to the village whose device first sent it, until the county moves it. A revision
from any other village is refused into quarantine by the importer (sync/importer.py). The
county moves a household either directly (`move`: a county revision naming the new village)
or by approving a claim waiting in quarantine (`approve_claim`: a village sent a change of a
household that the county's record gives to another village — a family that moved, say — and
the county agrees: ownership passes to the claiming village and its revision is merged).
Both are one transaction with the audit row; the old village learns of the move from its
next return bundle, which drops the household from its list (it keeps the history).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from . import schema
from .errors import InputError, StoreError
from .households import Changes
from .merge import Merger
from .models import Area, Device, Household, Member, Owner, Quarantine, Tombstone
from .record import utc_now

if TYPE_CHECKING:
    from .store import Store

MOVED = "moved"


def owner_of(store: Store, record_uuid: str) -> str | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(Owner.village_code).where(
            Owner.record_uuid == record_uuid)).first()
    return row[0] if row else None


def _known_village(conn: Connection, store: Store, code: str) -> None:
    if not (isinstance(code, str) and len(code) == 12 and code.isdigit()
            and code.startswith(store.workspace.code)):
        raise InputError(f"村代码 {code} 不是本县的 12 位村代码",
                         f"{code} is not a 12-digit village code of this county")
    known = conn.execute(select(Area.code).where(Area.code == code)).first() or conn.execute(
        select(Device.device_id).where(Device.code == code)).first()
    if known is None:
        raise InputError(f"村 {code} 不在本县的村名单中，也没有登记的设备",
                         f"village {code} is neither in the county's list nor enrolled")


def _set_owner(conn: Connection, record_uuid: str, code: str, previous: str | None,
               user: str, now: str) -> None:
    values = {"village_code": code, "since": now, "by_user": user, "reason": MOVED,
              "previous_code": previous}
    if previous is None and conn.execute(select(Owner.record_uuid).where(
            Owner.record_uuid == record_uuid)).first() is None:
        conn.execute(insert(Owner.__table__), [{"record_uuid": record_uuid, **values}])
    else:
        conn.execute(update(Owner.__table__).where(Owner.record_uuid == record_uuid)
                     .values(**values))


def move(store: Store, record_uuid: str, village: str, reason: str) -> Changes:
    """The county moves a household to `village`: a county revision names the new village,
    and from then on only that village's devices may change it."""
    _require_county(store)
    if not reason.strip():
        raise InputError("请写明迁户的原因", "say why the household moves")
    state = store.households.get(record_uuid)
    previous = owner_of(store, record_uuid) or state["fields"].get("village_code")
    if previous == village:
        raise InputError(f"该户已属于村 {village}", f"the household already belongs to {village}")
    with store.engine.connect() as conn:
        _known_village(conn, store, village)
    state["fields"]["village_code"] = village
    now = utc_now()

    def within(conn: Connection) -> None:
        _set_owner(conn, record_uuid, village, previous, store.user, now)
        store.audit.log_in(conn, "household_moved", store.user, record=record_uuid,
                           previous=previous, village=village, reason=reason.strip())

    return store.households.save_many([state], within=within)


def approve_claim(store: Store, quarantine_id: int, reason: str) -> Changes:
    """Agree with a village that a household it changed is now its own: ownership passes to
    the claiming village and its quarantined revision is merged like any other."""
    _require_county(store)
    if not reason.strip():
        raise InputError("请写明批准迁户的原因", "say why the household moves")
    now = utc_now()
    catalog = store.forms.catalog()
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        q = conn.execute(select(Quarantine).where(Quarantine.id == quarantine_id)).first()
        if q is None or q.released_at:
            raise StoreError("隔离记录不存在或已处理", f"quarantine entry {quarantine_id} is not open")
        rev = json.loads(q.state)
        types = catalog.types(rev.get("state") if isinstance(rev, dict) else None)
        if schema.revision_problem(rev, types) or rev["kind"] != "save":
            raise InputError("只有结构完整的修改可以批准迁户（删除不能）",
                             "only a well-formed change (not a deletion) can be approved as a move")
        claimant = q.village_code
        if rev["state"]["fields"].get("village_code") not in (None, "", claimant):
            raise InputError("这条修改填写的村与发送的村不同，不能批准",
                             "the change names another village than the one that sent it")
        previous = conn.execute(select(Owner.village_code).where(
            Owner.record_uuid == rev["record_uuid"])).scalar()
        if previous is None or previous == claimant:
            raise InputError("这条隔离记录不是别村的户", "this entry is not another village's household")
        _known_village(conn, store, claimant)
        _set_owner(conn, rev["record_uuid"], claimant, previous, store.user, now)
        stats = Merger(conn, device_id=store.device_id, user=store.user,
                       village_code=claimant).apply([rev])
        conn.execute(update(Quarantine.__table__).where(Quarantine.id == quarantine_id)
                     .values(released_at=now))
        store.audit.log_in(conn, "household_moved", store.user, record=rev["record_uuid"],
                           previous=previous, village=claimant, reason=reason.strip(),
                           quarantine=quarantine_id)
    return Changes(households=frozenset(stats.households), revisions=stats.new_revisions)


def moved_away(conn: Connection, code: str, uuids: set[str], user: str) -> set[str]:
    """At a village, after a return bundle: households the county moved to another village
    leave the list (a tombstone saying where they went; the history stays)."""
    gone: list[dict[str, Any]] = []
    ids = sorted(uuids)
    for start in range(0, len(ids), 500):
        for uuid, village, rid, at in conn.execute(
                select(Household.uuid, Household.village_code, Household.revision_id,
                       Household.updated_at).where(Household.uuid.in_(ids[start:start + 500]),
                                                   Household.village_code != code)):
            gone.append({"record_uuid": uuid, "revision_id": rid, "device_id": "",
                         "user": user, "deleted_at": at, "reason": f"{MOVED}:{village}"})
    for row in gone:
        conn.execute(Member.__table__.delete().where(Member.household_uuid == row["record_uuid"]))
        conn.execute(Household.__table__.delete().where(Household.uuid == row["record_uuid"]))
    if gone:
        conn.execute(insert(Tombstone.__table__), gone)
    return {g["record_uuid"] for g in gone}


def _require_county(store: Store) -> None:
    if store.workspace.role != "county":
        raise InputError("只有县级工作区能办理迁户", "only the county moves households")
