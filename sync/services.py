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
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from mopai.forms.idnumber import normalize

from .errors import InputError, StoreError
from .models import Audit, Household, Member, Owner, PeerAck, Service
from .record import new_uuid, utc_now

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


@dataclass(frozen=True)
class Person:
    """Whom a service is for, found by ID number in this store."""

    household_uuid: str
    member_uuid: str
    id_number: str
    name: str
    village_code: str
    household_no: str


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


def parse_day(text: str | dt.date | None, what: str, *, today: dt.date) -> dt.date:
    """A date a person typed (YYYY-MM-DD), not in the future: InputError naming it otherwise."""
    if text is None or text == "":
        return today
    if isinstance(text, dt.date):
        day = text
    else:
        try:
            day = dt.date.fromisoformat(str(text).strip())
        except ValueError:
            raise InputError(f"{what}“{text}”不是日期，请写成 年-月-日，如 2026-03-15",
                             f"{what} {text!r} is not a date; write YYYY-MM-DD, e.g. 2026-03-15",
                             where=str(text)) from None
    if day > today:
        raise InputError(f"{what} {day.isoformat()} 在今天（{today.isoformat()}）之后",
                         f"{what} {day.isoformat()} is after today ({today.isoformat()})",
                         where=day.isoformat())
    if day.year < 2000:
        raise InputError(f"{what} {day.isoformat()} 太早了", f"{what} {day.isoformat()} is too "
                         "early", where=day.isoformat())
    return day


def _check_outcome(outcome: str, employer: str, placed_on: str, reason: str) -> None:
    if outcome not in OUTCOMES:
        raise InputError(f"服务结果“{outcome}”不对，可用 pending（待反馈）、placed（已上岗）、"
                         "failed（未成功）", f"unknown outcome {outcome!r}: use pending, placed "
                         "or failed", where=outcome)
    if outcome == PLACED and not employer.strip():
        raise InputError("已上岗须写明用工单位", "a placement (placed) needs the employer")
    if outcome == FAILED and not reason.strip():
        raise InputError("未成功须写明原因", "an unsuccessful service (failed) needs a reason")
    for what, value in (("用工单位", employer), ("原因", reason)):
        if len(value) > MAX_TEXT:
            raise InputError(f"{what}最多 {MAX_TEXT} 字", f"{what} has at most {MAX_TEXT} "
                             "characters")


# -- the facade: store.services ---------------------------------------------------------------
class ServiceRecords:
    """`store.services`: add, change and read service records; what bundles carry of them."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _engine(self):  # noqa: ANN202
        return self._store.engine

    def _today(self) -> dt.date:
        from .county_settings import load

        return load(self._store).today()

    # -- whom -------------------------------------------------------------------------------
    def person(self, id_number: str) -> Person:
        """The person holding `id_number` in this store's households, one this workspace may
        serve (a village: its own; a township: its villages'; the county: any)."""
        raw = (id_number or "").strip()
        if not raw:
            raise InputError("请写证件号码", "give an ID number")
        number = normalize(raw)
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(Member.uuid, Member.name, Member.id_number, Household.uuid,
                       Household.village_code, Household.household_no, Owner.village_code)
                .join(Household, Household.uuid == Member.household_uuid)
                .outerjoin(Owner, Owner.record_uuid == Household.uuid)
                .where(Member.id_number.in_(sorted({number, raw, number.lower()})))).all()
        if not rows:
            raise InputError(f"找不到证件号码为 {number} 的人（本工作区的户中没有）",
                             f"no person with ID number {number} in this workspace's "
                             "households", where=number)
        ws = self._store.workspace
        mine = [r for r in rows if ws.role == "county" or (r[6] or r[4]).startswith(ws.code)]
        if not mine:
            other = rows[0][6] or rows[0][4]
            raise InputError(f"证件号码 {number} 的人属于村 {other}，不是本村（{ws.code}）的，"
                             "不能为其登记服务", f"the person with ID number {number} belongs to "
                             f"village {other}, not {ws.code}", where=number)
        if len(mine) > 1:
            where = "、".join(f"{r[4]}-{r[5]}" for r in mine)
            raise InputError(f"证件号码 {number} 同时在 {len(mine)} 户中（{where}），请先处理重复",
                             f"ID number {number} is in {len(mine)} households ({where}); "
                             "resolve the duplicate first", where=number)
        r = mine[0]
        return Person(r[3], r[0], number, r[1] or "", r[6] or r[4], r[5])

    # -- writing ----------------------------------------------------------------------------
    def add(self, id_number: str, kind: str, *, day: str | dt.date | None = None,
            job_id: str = "", note: str = "", outcome: str = PENDING, employer: str = "",
            placed_on: str | dt.date | None = None, reason: str = "") -> ServiceRecord:
        """A new service record for the person with `id_number`, served by the signed-in
        user; its first revision, audited."""
        if kind not in KINDS:
            raise InputError(f"服务类型“{kind}”不对，可用 " + "、".join(
                f"{k}（{v}）" for k, v in KINDS.items()), f"unknown kind {kind!r}: use "
                + ", ".join(KINDS), where=str(kind))
        job_id, note = (job_id or "").strip(), (note or "").strip()
        if job_id and kind != JOB_PUSH:
            raise InputError("只有岗位推送（job_push）才写岗位编号", "only a job push names a "
                             "posting (--job)", where=job_id)
        if len(job_id) > MAX_TEXT or len(note) > MAX_NOTE:
            raise InputError(f"岗位编号最多 {MAX_TEXT} 字，备注最多 {MAX_NOTE} 字",
                             f"a posting id has at most {MAX_TEXT} characters, a note "
                             f"{MAX_NOTE}")
        if job_id and self._store.jobs.get(job_id) is None:
            raise InputError(f"没有编号为 {job_id} 的岗位：推送的岗位应是县里发来的在招岗位"
                             "（mopai jobs list）", f"no posting {job_id!r} here: a push names "
                             "a posting the county sent (mopai jobs list)", where=job_id)
        today = self._today()
        served = parse_day(day, "服务日期", today=today)
        placed = (parse_day(placed_on, "上岗日期", today=today).isoformat()
                  if outcome == PLACED else "")
        employer, reason = (employer or "").strip(), (reason or "").strip()
        _check_outcome(outcome, employer, placed, reason)
        who = self.person(id_number)
        record = ServiceRecord(
            new_uuid(), who.household_uuid, who.member_uuid, who.id_number, who.name,
            who.village_code, kind, served.isoformat(), self._store.user, job_id, note, outcome,
            employer if outcome == PLACED else "", placed, reason if outcome == FAILED else "")
        return self._write(record, None, "service_added")

    def set_outcome(self, service_id: str, outcome: str, *, employer: str = "",
                    placed_on: str | dt.date | None = None, reason: str = "") -> ServiceRecord:
        """Record what came of a service (已上岗 with employer and date, 未成功 with a reason,
        or back to 待反馈): a new revision of the record."""
        current = self.get(service_id)
        employer, reason = (employer or "").strip(), (reason or "").strip()
        placed = (parse_day(placed_on, "上岗日期", today=self._today()).isoformat()
                  if outcome == PLACED else "")
        _check_outcome(outcome, employer, placed, reason)
        if outcome == PLACED and placed < current.date:
            raise InputError(f"上岗日期 {placed} 早于服务日期 {current.date}",
                             f"the placement date {placed} is before the service {current.date}")
        changed = replace(current, outcome=outcome, employer=employer if outcome == PLACED
                          else "", placed_on=placed, reason=reason if outcome == FAILED else "",
                          confirmed="")
        return self._write(changed, current.revision_id, "service_outcome")

    def remove(self, service_id: str) -> ServiceRecord:
        """Withdraw a record entered by mistake: a tombstone revision (kept in the history,
        no longer counted)."""
        current = self.get(service_id)
        return self._write(replace(current, deleted=True), current.revision_id,
                           "service_removed")

    def confirm_placement(self, service_id: str, employment_status: str) -> ServiceRecord:
        """The cadre confirms a placement (已上岗) is the person's work now: a normal household
        revision with 就业状态 `employment_status`, 务工单位名称 the employer, 就业起始年月 the
        placement's month and 就业渠道 政府组织, and the record marks it (`confirmed`). The
        household stays complete when it still passes its checks; otherwise it is saved as a
        draft for the cadre to finish the work questions (region, income…) in the editor."""
        from .households import CompleteRefused

        current = self.get(service_id)
        if current.outcome != PLACED:
            raise InputError("只有已上岗的服务才能确认就业", "only a placement (已上岗) can be "
                             "confirmed", where=service_id)
        form = self._store.forms.current().form
        if employment_status in ("", "unemployed") or not form.has(
                "employment_status", employment_status, member=True):
            raise InputError(f"就业状态“{employment_status}”不对", f"employment status "
                             f"{employment_status!r} is not a working status",
                             where=employment_status)
        state = self._store.households.get(current.household_uuid)
        member = next((m for m in state["members"] if m.get("uuid") == current.member_uuid),
                      None)
        if member is None:
            raise StoreError(f"该户已没有成员 {current.name}", f"the household no longer has "
                             f"member {current.name}", where=current.household_uuid)
        fields = member.setdefault("fields", {})
        fields.update({"employment_status": employment_status, "employer": current.employer,
                       "start_month": current.placed_on[:7] + "-01", "channel": "government"})
        try:
            changes = self._store.households.save(state)
        except CompleteRefused:
            state["status"] = "draft"
            changes = self._store.households.save(state)
        del changes
        revision = _saved_revision(current.household_uuid, self._store)
        return self._write(replace(current, confirmed=revision), current.revision_id,
                           "service_confirmed")

    def _write(self, record: ServiceRecord, parent: str | None, event: str) -> ServiceRecord:
        store = self._store
        record = replace(record, revision_id=new_uuid(), parent_id=parent, saved_at=utc_now(),
                         saved_by=store.user, device_id=store.device_id, refused="")
        check_state(record.state())  # what we write is what an importer accepts
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(Service.__table__), [_row(record, "local")])
            store.audit.log_in(conn, event, store.user, service=record.service_id,
                               record=record.household_uuid, village=record.village_code,
                               kind=record.kind, outcome=record.outcome)
        return record

    # -- reading ----------------------------------------------------------------------------
    def get(self, service_id: str) -> ServiceRecord:
        with self._engine.connect() as conn:
            rows = conn.execute(select(Service).where(Service.service_id == service_id)).all()
        found = latest(rows)
        if not found or found[service_id].deleted:
            raise InputError(f"找不到服务记录 {service_id}", f"no service record {service_id}",
                             where=service_id)
        return found[service_id]

    def records(self, village: str = "", *, household: str | None = None,
                member: str | None = None, as_of: dt.date | None = None,
                settings: Any = None, refused: bool = False) -> list[ServiceRecord]:  # noqa: ANN401
        """Current records (withdrawn ones left out) of villages whose code starts with
        `village`, or of one household or member; as of the end of the county's day `as_of`
        (records saved by then, in their state then, served on or before it). Counted ones
        only, unless `refused` (then only those the county did not count)."""
        query = select(Service)
        if village:
            query = query.where(Service.village_code.startswith(village, autoescape=True))
        if household:
            query = query.where(Service.household_uuid == household)
        if as_of is not None:
            from mopai.forms import DEFAULT_SETTINGS

            end = (settings or DEFAULT_SETTINGS).day_end(as_of).strftime("%Y-%m-%dT%H:%M:%S")
            query = query.where(Service.saved_at < end)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        out = [r for r in latest(rows).values() if not r.deleted
               and (bool(r.refused) == refused)
               and (member is None or r.member_uuid == member)
               and (as_of is None or r.date <= as_of.isoformat())]
        return sorted(out, key=lambda r: (r.village_code, r.household_uuid, r.date, r.saved_at))

    def mark(self) -> int:
        """What changes whenever a service revision is written or received (the newest row
        of the append-only table): one key lookup, for caches of figures over the records."""
        with self._engine.connect() as conn:
            return conn.execute(select(func.max(Service.seq))).scalar() or 0

    def history(self, household: str) -> list[ServiceRecord]:
        """Every revision of every service record of the household, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Service).where(Service.household_uuid == household)
                                .order_by(Service.saved_at, Service.revision_id)).all()
        return [_record(r) for r in rows]


def _saved_revision(uuid: str, store: Store) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(Household.revision_id).where(Household.uuid == uuid)
                            ).scalar_one()


def _row(record: ServiceRecord, origin: str, refused: str = "") -> dict[str, Any]:
    return {"revision_id": record.revision_id, "service_id": record.service_id,
            "parent_id": record.parent_id, "household_uuid": record.household_uuid,
            "village_code": record.village_code, "id_number": record.id_number,
            "served_on": record.date, "saved_at": record.saved_at, "saved_by": record.saved_by,
            "device_id": record.device_id, "origin": origin, "acked": False,
            "refused": refused, "state": json.dumps(record.state(), ensure_ascii=False,
                                                    sort_keys=True)}


def _record(r: Any) -> ServiceRecord:  # noqa: ANN401 - a Service row
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
        rec = _record(r)
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
    return _lines([_record(r) for r in conn.execute(query.order_by(Service.seq))])


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
    return _lines([_record(r) for r in rows])


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
    return _lines([_record(r) for r in rows
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
            rows.append(_row(r, "import", why))
    elif kind == "return" and role == "village":
        rows = [_row(r, "import") for r in fresh]
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
