"""311 service records (issue 21): 岗位推送, 职业指导, 培训引导, 创业服务 for a person.

A service record is its own entity with its own revision chain (table `service`, schema 19),
not part of the household record (docs/decisions.md 49): adding one never makes a household
revision, so two laptops adding services for the same person on the same day merge without a
conflict (each record has its own `service_id`), and neither touches the household's review
state, findings or kept facts. A record's later changes (an outcome, a withdrawal) are new
revisions of the same `service_id` with `parent_id` the one they change; the record's state is
its latest revision by (saved_at, revision_id), so every store ends the same whatever order
bundles arrive in, and every revision stays in the history. A withdrawal is a revision with
`deleted` (the tombstone).

Revisions travel like a household's: a device's data bundle carries its own revisions the
county has not acknowledged (line `services`), the county acknowledges them in the return
bundle (with the household revisions' acknowledgements) and sends each village the
revisions of its households that some device of the village lacks (`have` lines report what
a device holds). At the county a record counts only when the sending village owns the
person's household (`owner`): one for another village's person is kept with the reason in
`refused` (acknowledged, never counted, listed by `mopai services list --refused`).

This module is the record (its state, its checks as hostile input, its rows) and its bundle
lines; `store.services`, what the app and the command line do with records, is
sync/service_records.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from .models import Audit, Owner, PeerAck, Service
from .record import utc_now

if TYPE_CHECKING:
    from .store import Store

# The kinds of service, and which count toward 311 (3 pushes, 1 guidance, 1 training).
JOB_PUSH, GUIDANCE, TRAINING, STARTUP = "job_push", "guidance", "training", "startup"
KINDS = {JOB_PUSH: "岗位推送", GUIDANCE: "职业指导", TRAINING: "培训引导", STARTUP: "创业服务"}
KINDS_EN = {JOB_PUSH: "job push", GUIDANCE: "career guidance", TRAINING: "training referral",
            STARTUP: "start-up support"}
PENDING, PLACED, FAILED = "pending", "placed", "failed"
OUTCOMES = {PENDING: "待反馈", PLACED: "已上岗", FAILED: "未成功"}
MAX_NOTE = 500
MAX_TEXT = 100          # employer, a reason, a posting id, a name
PER_LINE = 200          # service revisions in one bundle line
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATE_KEYS = ("service_id", "household_uuid", "member_uuid", "id_number", "name",
              "village_code", "kind", "date", "served_by", "job_id", "note", "outcome",
              "employer", "placed_on", "reason", "deleted", "confirmed")
LINE_KEYS = ("revision_id", "parent_id", "saved_at", "saved_by", "device_id", "state")
REFUSED_FOREIGN = "户属于别村"   # the start of `refused` for another village's person
RECEIVED, REFUSED = "services_received", "services_refused"


@dataclass(frozen=True)
class ServiceRecord:
    """One service record as it stands at one revision (the current one, or one in history)."""

    service_id: str
    household_uuid: str
    member_uuid: str
    id_number: str
    name: str
    village_code: str
    kind: str
    date: str
    served_by: str
    job_id: str = ""
    note: str = ""
    outcome: str = PENDING
    employer: str = ""
    placed_on: str = ""
    reason: str = ""
    deleted: bool = False
    confirmed: str = ""      # the household revision that took the placement into the answers
    revision_id: str = ""
    parent_id: str | None = None
    saved_at: str = ""
    saved_by: str = ""
    device_id: str = ""
    refused: str = ""

    @property
    def kind_zh(self) -> str:
        return KINDS[self.kind]

    @property
    def outcome_zh(self) -> str:
        return OUTCOMES[self.outcome]

    @property
    def outcome_text(self) -> str:
        """The outcome as the lists show it: 已上岗（单位，日期）, 未成功（原因）, 待反馈."""
        if self.outcome == PLACED:
            return f"已上岗（{self.employer}，{self.placed_on}）"
        if self.outcome == FAILED:
            return f"未成功（{self.reason}）"
        return OUTCOMES[self.outcome]

    def state(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in STATE_KEYS}

    def line(self) -> dict[str, Any]:
        return {"revision_id": self.revision_id, "parent_id": self.parent_id,
                "saved_at": self.saved_at, "saved_by": self.saved_by,
                "device_id": self.device_id, "state": self.state()}

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "kind_zh": self.kind_zh, "outcome_zh": self.outcome_zh}


# -- checking ---------------------------------------------------------------------------------
def _text(item: dict[str, Any], key: str, limit: int = MAX_TEXT) -> str:
    value = item[key]
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(key)
    return value


def check_state(state: Any) -> ServiceRecord:
    """A record's state from a bundle, checked key by key (hostile input): ValueError naming
    the key otherwise."""
    if not isinstance(state, dict) or set(state) != set(STATE_KEYS):
        raise ValueError("state keys")
    for key in STATE_KEYS:
        if key == "deleted":
            if not isinstance(state[key], bool):
                raise ValueError(key)
        else:
            _text(state, key, MAX_NOTE if key == "note" else MAX_TEXT)
    for key in ("service_id", "household_uuid", "member_uuid"):
        if not UUID_RE.match(state[key]):
            raise ValueError(key)
    if not re.fullmatch(r"\d{12}", state["village_code"]):
        raise ValueError("village_code")
    if state["kind"] not in KINDS or state["outcome"] not in OUTCOMES:
        raise ValueError("kind" if state["kind"] not in KINDS else "outcome")
    for key in ("date", "placed_on"):
        if state[key] or key == "date":
            _day(state[key], key)
    if state["outcome"] == PLACED and not (state["employer"].strip() and state["placed_on"]):
        raise ValueError("employer")
    if state["outcome"] == FAILED and not state["reason"].strip():
        raise ValueError("reason")
    if state["job_id"] and state["kind"] != JOB_PUSH:
        raise ValueError("job_id")
    return ServiceRecord(**state)


def check_line(item: Any) -> ServiceRecord:
    """One service revision of a `services` line (hostile input)."""
    if not isinstance(item, dict) or set(item) != set(LINE_KEYS):
        raise ValueError("keys")
    for key in ("revision_id", "saved_at", "saved_by", "device_id"):
        _text(item, key)
    if not UUID_RE.match(item["revision_id"]):
        raise ValueError("revision_id")
    parent = item["parent_id"]
    if parent is not None and not (isinstance(parent, str) and UUID_RE.match(parent)):
        raise ValueError("parent_id")
    record = check_state(item["state"])
    return replace(record, revision_id=item["revision_id"], parent_id=parent,
                   saved_at=item["saved_at"], saved_by=item["saved_by"],
                   device_id=item["device_id"])


def _day(value: Any, key: str) -> dt.date:
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError(key)
    return dt.date.fromisoformat(value)


# -- rows of the `service` table -------------------------------------------------------------
def to_row(record: ServiceRecord, origin: str, refused: str = "") -> dict[str, Any]:
    return {"revision_id": record.revision_id, "service_id": record.service_id,
            "parent_id": record.parent_id, "household_uuid": record.household_uuid,
            "village_code": record.village_code, "id_number": record.id_number,
            "served_on": record.date, "saved_at": record.saved_at, "saved_by": record.saved_by,
            "device_id": record.device_id, "origin": origin, "acked": False,
            "refused": refused, "state": json.dumps(record.state(), ensure_ascii=False,
                                                    sort_keys=True)}


def from_row(r: Any) -> ServiceRecord:  # noqa: ANN401 - a Service row
    m = r._mapping if hasattr(r, "_mapping") else r
    row = m["Service"] if "Service" in m else m
    get = (lambda k: getattr(row, k)) if not isinstance(row, dict) and hasattr(
        row, "revision_id") else (lambda k: row[k])
    return ServiceRecord(**json.loads(get("state")), revision_id=get("revision_id"),
                         parent_id=get("parent_id"), saved_at=get("saved_at"),
                         saved_by=get("saved_by"), device_id=get("device_id"),
                         refused=get("refused"))


def latest(rows: Iterable[Any]) -> dict[str, ServiceRecord]:
    """service_id → its latest revision by (saved_at, revision_id): the same in every store
    whatever order the revisions arrived in."""
    out: dict[str, ServiceRecord] = {}
    for r in rows:
        rec = from_row(r)
        cur = out.get(rec.service_id)
        if cur is None or (rec.saved_at, rec.revision_id) > (cur.saved_at, cur.revision_id):
            out[rec.service_id] = rec
    return out


# -- bundles ----------------------------------------------------------------------------------
def _lines(records: list[ServiceRecord]) -> list[dict[str, Any]]:
    items = [r.line() for r in records]
    return [{"t": "services", "services": items[i:i + PER_LINE]}
            for i in range(0, len(items), PER_LINE)]


def outgoing_data(conn: Connection, device_id: str, *, everything: bool = False
                  ) -> list[dict[str, Any]]:
    """A device's data bundle: its own service revisions the county has not acknowledged."""
    query = select(Service).where(Service.origin == "local", Service.device_id == device_id)
    if not everything:
        query = query.where(Service.acked.is_(False))
    return _lines([from_row(r) for r in conn.execute(query.order_by(Service.seq))])


def held(conn: Connection) -> list[str]:
    """Service revisions this device received (reported in `have` lines, so the county stops
    sending them back)."""
    return list(conn.execute(select(Service.revision_id).where(Service.origin == "import"))
                .scalars())


def acks(conn: Connection, device_ids: list[str]) -> list[str]:
    """The county's acknowledgements of the village devices' service revisions."""
    return list(conn.execute(select(Service.revision_id).where(
        Service.device_id.in_(device_ids))).scalars())


def acknowledge(conn: Connection, ids: list[str]) -> None:
    """A village marks its service revisions the county acknowledged (`ack` lines)."""
    for start in range(0, len(ids), 500):
        conn.execute(update(Service.__table__).where(
            Service.revision_id.in_(ids[start:start + 500]), Service.origin == "local")
            .values(acked=True))


def township_return(conn: Connection, village: str, device_id: str) -> list[dict[str, Any]]:
    """A township's own 回传 to one of its villages (sync/township.py): the township device's
    own revisions of the village's people's records (the county sends them too, once it has
    them; kept once by revision id)."""
    rows = conn.execute(select(Service).where(Service.village_code == village,
                                              Service.device_id == device_id,
                                              Service.origin == "local")
                        .order_by(Service.saved_at, Service.revision_id)).all()
    return _lines([from_row(r) for r in rows])


def outgoing_return(conn: Connection, village: str, device_ids: list[str]
                    ) -> list[dict[str, Any]]:
    """A village's return bundle: the counted revisions of its households' service records
    that some active device of the village neither made nor reported holding."""
    rows = conn.execute(select(Service).where(Service.village_code == village,
                                              Service.refused == "")
                        .order_by(Service.saved_at, Service.revision_id)).all()
    held_by: dict[str, set[str]] = {}
    ids = [r.revision_id for r in rows]
    for start in range(0, len(ids), 500):
        for dev, rid in conn.execute(select(PeerAck.device_id, PeerAck.revision_id).where(
                PeerAck.revision_id.in_(ids[start:start + 500]),
                PeerAck.device_id.in_(device_ids))):
            held_by.setdefault(rid, set()).add(dev)
    targets = set(device_ids)
    return _lines([from_row(r) for r in rows
                   if not targets <= held_by.get(r.revision_id, set()) | {r.device_id}])


def receive(conn: Connection, store: Store, lines: list[dict[str, Any]], *,
            sender: dict[str, Any], kind: str, bundle_id: str) -> tuple[int, int]:
    """The `services` lines of a bundle, inside its transaction; (new, refused). A malformed
    revision refuses the bundle (ValueError). At the county a village device's revisions
    count when they are its own and the person's household is its village's by the county's
    record (`owner`); others are kept with the reason and not counted. A village keeps its
    county's. Kept once by revision id."""
    found = [check_line(item) for line in lines if line.get("t") == "services"
             for item in (line.get("services") if isinstance(line.get("services"), list)
                          else _bad())]
    if not found:
        return 0, 0
    have = set()
    ids = [r.revision_id for r in found]
    for start in range(0, len(ids), 500):
        have |= set(conn.execute(select(Service.revision_id).where(
            Service.revision_id.in_(ids[start:start + 500]))).scalars())
    fresh = list({r.revision_id: r for r in found if r.revision_id not in have}.values())
    role = store.workspace.role
    rows, refused = [], 0
    speaker = sender.get("role")
    if kind == "data" and (role == "county" and speaker in ("village", "township")
                           or role == "township" and speaker == "village"):
        # A village speaks for its own people, a township for its villages' (the county
        # keeps both; a township office keeps its villages' from their bundles)
        owners = dict(conn.execute(select(Owner.record_uuid, Owner.village_code).where(
            Owner.record_uuid.in_(sorted({r.household_uuid for r in fresh})))).all())
        for r in fresh:
            why = ""
            owner = owners.get(r.household_uuid) or (
                r.village_code if role == "township" else None)
            if r.device_id != sender["device_id"]:
                why = f"不是发送设备的记录 / not the sender's ({r.device_id[:8]})"
            elif owner is None:
                why = f"户 {r.household_uuid[:8]} 县里没有 / household unknown at the county"
            elif not (owner == sender["code"] if speaker == "village"
                      else owner.startswith(sender["code"])) or r.village_code != owner:
                why = f"{REFUSED_FOREIGN} {owner} / the person's household is village {owner}'s"
            refused += bool(why)
            rows.append(to_row(r, "import", why))
    elif kind == "return" and role == "village":
        rows = [to_row(r, "import") for r in fresh]
    else:
        refused = len(fresh)  # nobody else speaks for a village's services: not kept
    for start in range(0, len(rows), 500):
        conn.execute(insert(Service.__table__), rows[start:start + 500])
    if fresh:
        conn.execute(insert(Audit.__table__), [{
            "at": utc_now(), "event": REFUSED if refused else RECEIVED, "user": store.user,
            "device_id": store.device_id, "detail": json.dumps(
                {"bundle_id": bundle_id, "new": len(rows) - refused, "refused": refused,
                 # whose return bundles now carry them (sync/returns.py VILLAGE_EVENTS)
                 "villages": sorted({r["village_code"] for r in rows if not r["refused"]})},
                sort_keys=True)}])
    return len(rows) - (refused if rows else 0), refused


def _bad() -> list[Any]:
    raise ValueError("services")
