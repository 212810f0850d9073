"""`store.services`: what a person does with 311 service records (add one, record its outcome,
withdraw it, confirm a placement as the person's work) and what the app reads of them.

Each change is a new revision of the record (sync/services.py: the record, its checks as
hostile input, its rows and bundle lines), checked as an importer would and audited. What a
person types is checked here with errors that say which date or field is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from mopai.forms.idnumber import normalize

from .errors import InputError, StoreError
from .models import Household, Member, Owner, Service
from .record import new_uuid, utc_now
from .services import (
    FAILED,
    JOB_PUSH,
    KINDS,
    MAX_NOTE,
    MAX_TEXT,
    OUTCOMES,
    PENDING,
    PLACED,
    ServiceRecord,
    check_state,
    from_row,
    latest,
    to_row,
)

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class Person:
    """Whom a service is for, found by ID number in this store."""

    household_uuid: str
    member_uuid: str
    id_number: str
    name: str
    village_code: str
    household_no: str


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


def check_outcome(outcome: str, employer: str, placed_on: str, reason: str) -> None:
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
        check_outcome(outcome, employer, placed, reason)
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
        check_outcome(outcome, employer, placed, reason)
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
            conn.execute(insert(Service.__table__), [to_row(record, "local")])
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
        return [from_row(r) for r in rows]


def _saved_revision(uuid: str, store: Store) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(Household.revision_id).where(Household.uuid == uuid)
                            ).scalar_one()
