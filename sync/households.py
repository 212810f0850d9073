"""Households: save, read, search, delete and history — every save is a new revision.

One save is one transaction that appends a revision and refreshes the household and member
projections, so a crash leaves either the old state or the new one. Single saves (the GUI)
and bulk saves (the generator, later the importer) share the same row-building code; bulk
goes through Core `insert()` with lists of dicts, which is ~9x faster than ORM objects.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, select, tuple_

from mopai import forms
from mopai.forms.findings import Finding, explain

from . import county_list, schema
from .errors import InputError, StoreError, Where
from .formbook import FormChecks
from .models import Household, Member, Revision, RevisionSource, Tombstone
from .record import MEMBERS, FieldChange, diff, dumps, new_uuid, utc_now
from .restore import RESTORE, restored
from .search import MIN_NUMBER_FRAGMENT, name_initials

if TYPE_CHECKING:
    from .audit import AuditLog
    from .formbook import FormCatalog

HEAD_RELATION = "head"
COUNTY_CORRECTION = "county_correction"  # the audit event of `correct`

# A validator returns findings; each has .severity ("error"/"warning") and .message_zh etc.
Validator = Callable[[dict[str, Any]], Sequence[Any]]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Changes:
    """What a call changed, so that views refresh only that (Anki's OpChanges)."""

    households: frozenset[str] = frozenset()
    deleted: frozenset[str] = frozenset()
    revisions: int = 0

    def __bool__(self) -> bool:
        return bool(self.households or self.deleted)


@dataclass(frozen=True)
class HouseholdRow:
    """What a list shows of a household: everything but the full record."""

    uuid: str
    village_code: str
    household_no: str
    head_name: str
    phone: str | None
    household_type: str | None
    status: str
    revision_id: str
    rev_no: int
    updated_at: str
    updated_by: str


ROW_COLUMNS = tuple(getattr(Household, f.name) for f in fields(HouseholdRow))


@dataclass(frozen=True)
class HistoryEntry:
    revision_id: str
    rev_no: int
    parent_id: str | None
    kind: str
    user: str
    device_id: str
    created_at: str
    origin: str
    changes: list[FieldChange] = field(default_factory=list)


class CompleteRefused(InputError):
    """Saving as complete is refused while errors remain; the message names each (who, which
    question, what to do: ``forms.findings.explain``) and ``findings`` holds them. It does not
    offer a draft: the command line and an import cannot save one (the editor says so)."""

    code = "complete_refused"
    SHOWN = 5  # errors named in the message; the rest are counted

    def __init__(self, household_no: str, errors: Sequence[Any], *, form: Any = None,
                 state: Mapping[str, Any] | None = None) -> None:
        errors = list(errors)
        def said(f: Any, lang: str) -> str:
            if isinstance(f, Finding):
                return explain(f, form, state or {}, lang)
            return str(getattr(f, "message_zh" if lang.startswith("zh") else "message_en", "")
                       or getattr(f, "message_zh", "") or f)
        zh = [said(f, "zh_CN") for f in errors[:self.SHOWN]]
        en = [said(f, "en") for f in errors[:self.SHOWN]]
        more = len(errors) - self.SHOWN
        if more > 0:
            zh.append(f"……另有 {more} 个错误")
            en.append(f"… and {more} more")
        super().__init__(
            f"户编号 {household_no} 有 {len(errors)} 个错误，改正后才能保存为“完成”：\n"
            + "\n".join(zh),
            f"household {household_no} has {len(errors)} error(s) to correct before it can be "
            "saved as complete:\n" + "\n".join(en), where=Where(household=str(household_no)),
        )
        self.findings = errors


class HouseholdService:
    def __init__(self, engine: Engine, *, device_id: str, user: str, village_code: str,
                 validator: Validator | None = None,
                 catalog: Callable[[], FormCatalog] | None = None,
                 audit: AuditLog | None = None) -> None:
        self._engine = engine
        self._audit = audit
        self._device_id = device_id
        self._user = user
        self._village_code = village_code
        self._validator = validator
        self._catalog = catalog  # the store's forms (field types; the form's checks)

    # -- writing ---------------------------------------------------------------------------
    # The store never removes an answer on its own: a record is saved as it is given, a draft
    # with every answer (answers to questions that are not asked included), whoever saves it
    # (the editor, the command line, an import, a merge). Only the editor's save as complete
    # removes answers that no longer apply, after listing them and asking (docs/forms.md).
    def save(self, state: dict[str, Any]) -> Changes:
        """Save one household as a new revision of its record."""
        return self.save_many([state])

    def restore(self, uuid: str, revision_id: str, *, member: str | None = None,
                path: str | None = None) -> Changes:
        """Restore a field (`path`), a member (`member`) or the whole household as it was at
        revision `revision_id` of the record: a new revision (a draft), audited, exported
        like any edit (sync/restore.py)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(Revision.state, Revision.rev_no).where(
                Revision.revision_id == revision_id, Revision.record_uuid == uuid)).first()
        if row is None:
            raise InputError("该户没有这个版本", f"household {uuid} has no revision {revision_id}",
                             where=Where(household=uuid))
        state = restored(self.get(uuid), json.loads(row[0]), member=member, path=path)
        detail = {"record": uuid, "revision": revision_id, "rev_no": row[1],
                  "scope": "field" if path else "member" if member else "household",
                  "member": member, "path": path}

        def audit(conn: Connection) -> None:
            if self._audit is not None:
                self._audit.log_in(conn, RESTORE, self._user, **detail)
        return self.save_many([state], within=audit)

    def save_many(self, states: Iterable[dict[str, Any]], *, progress: Progress | None = None,
                  batch: int = 2000, within: Callable[[Connection], None] | None = None,
                  sources: Mapping[str, str] | None = None, whole: bool = False) -> Changes:
        """Save many households, `batch` per transaction (one transaction when it fits);
        `within(conn)` runs in the (last) transaction, for a change that must go with it;
        `sources` (record uuid -> "file:line") marks where an import's revisions came from.
        `whole`: all of them in ONE transaction still, inserted `batch` at a time (the rows
        of one batch built at once, not of all: a 50,000-person ledger import)."""
        states = list(states)
        catalog = self._catalog() if self._catalog is not None else None
        validator = self._validator
        if isinstance(validator, FormChecks) and catalog is not None:
            validator = catalog.validate  # one look at the store's forms for the whole call
        for state in states:
            self._check(state, catalog, validator)
        saved: set[str] = set()
        if whole:
            with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
                for start in range(0, len(states), batch):
                    saved.update(self._insert(conn, states[start:start + batch], sources))
                    if progress:
                        progress(min(start + batch, len(states)), len(states), "")
                if within is not None:
                    within(conn)
            return Changes(households=frozenset(saved), revisions=len(states))
        for start in range(0, len(states), batch):
            chunk = states[start:start + batch]
            with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
                uuids = self._insert(conn, chunk, sources)
                if within is not None and start + batch >= len(states):
                    within(conn)
            saved.update(uuids)
            if progress:
                progress(min(start + batch, len(states)), len(states), "")
        return Changes(households=frozenset(saved), revisions=len(states))

    def _insert(self, conn: Connection, chunk: list[dict[str, Any]],
                sources: Mapping[str, str] | None = None) -> list[str]:
        heads = self._current_heads(conn, [s["uuid"] for s in chunk])
        revisions, households, members = [], [], []
        for state in chunk:
            parent = heads.get(state["uuid"])
            rev = self._revision_row(state, parent, kind="save")
            revisions.append(rev)
            households.append(household_row(state, rev, self._village_code))
            members.extend(member_rows(state))
        uuids = [s["uuid"] for s in chunk]
        conn.execute(delete(Member.__table__).where(Member.household_uuid.in_(uuids)))
        conn.execute(delete(Household.__table__).where(Household.uuid.in_(uuids)))
        conn.execute(insert(Revision.__table__), revisions)
        conn.execute(insert(Household.__table__), households)
        if members:
            conn.execute(insert(Member.__table__), members)
        if sources:
            marks = [{"revision_id": r["revision_id"], "source": sources[r["record_uuid"]]}
                     for r in revisions if r["record_uuid"] in sources]
            if marks:
                conn.execute(insert(RevisionSource.__table__), marks)
        return uuids

    def delete(self, uuid: str, reason: str = "") -> Changes:
        """Delete a household: a `delete` revision and a tombstone; its history stays."""
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            row = conn.execute(with_state(select(STATE)).where(Household.uuid == uuid)).first()
            if row is None:
                raise StoreError("要删除的户不存在", f"household {uuid} does not exist")
            state = json.loads(row[0])
            parent = self._current_heads(conn, [uuid]).get(uuid)
            rev = self._revision_row(state, parent, kind="delete")
            conn.execute(insert(Revision.__table__), [rev])
            conn.execute(insert(Tombstone.__table__), [{
                "record_uuid": uuid, "revision_id": rev["revision_id"], "device_id": self._device_id,
                "user": self._user, "deleted_at": rev["created_at"], "reason": reason}])
            conn.execute(delete(Member.__table__).where(Member.household_uuid == uuid))
            conn.execute(delete(Household.__table__).where(Household.uuid == uuid))
        return Changes(deleted=frozenset({uuid}), revisions=1)

    def _check(self, state: dict[str, Any], catalog: FormCatalog | None,
               validator: Validator | None) -> None:
        for key in ("uuid", "form_id", "form_version", "fields", "members"):
            if not isinstance(state, dict) or key not in state:
                raise InputError(f"记录缺少“{key}”", f"record is missing {key!r}")
        schema.require_state(state, catalog.types(state) if catalog is not None else None)
        if state.get("status") not in ("draft", "complete"):
            raise InputError("记录状态必须是草稿或完成", "status must be 'draft' or 'complete'")
        if not str(state["fields"].get("household_no") or "").strip():
            raise InputError("户编号不能为空", "household number (户编号) is required")
        if state["status"] == "complete" and validator is not None:
            errors = [f for f in validator(state) if f.severity == "error"]
            if errors:
                form = catalog.form(state.get("form_version")) if catalog is not None else None
                raise CompleteRefused(state["fields"]["household_no"], errors, form=form,
                                      state=state)

    def _current_heads(self, conn, uuids: list[str]) -> dict[str, tuple[str, int]]:  # noqa: ANN001
        rows = conn.execute(select(Household.uuid, Household.revision_id, Household.rev_no)
                            .where(Household.uuid.in_(uuids))).all()
        return {u: (rid, no) for u, rid, no in rows}

    def _revision_row(self, state: dict[str, Any], parent: tuple[str, int] | None, *, kind: str
                      ) -> dict[str, Any]:
        return {"revision_id": new_uuid(), "record_uuid": state["uuid"],
                "rev_no": parent[1] + 1 if parent else 1, "parent_id": parent[0] if parent else None,
                "kind": kind, "state": dumps(state), "device_id": self._device_id,
                "user": self._user, "created_at": utc_now(), "origin": "local", "acked": False}

    # -- reading ---------------------------------------------------------------------------
    def get(self, uuid: str) -> dict[str, Any]:
        with self._engine.connect() as conn:
            row = conn.execute(with_state(select(STATE)).where(Household.uuid == uuid)).first()
        if row is None:
            raise StoreError("找不到该户", f"household {uuid} not found")
        return json.loads(row[0])

    def states(self, *, area: str = "", batch: int = 1000) -> Iterable[dict[str, Any]]:
        """Every current household record (of villages whose code starts with `area`), in
        village and 户编号 order, read in batches so a county never sits in memory."""
        key = tuple_(Household.village_code, Household.household_no, Household.uuid)
        last: tuple[str, str, str] | None = None
        while True:
            query = with_state(select(Household.village_code, Household.household_no,
                                      Household.uuid, STATE)).order_by(*key.clauses).limit(batch)
            if area:
                query = query.where(Household.village_code.like(f"{area}%"))
            if last is not None:
                query = query.where(key > tuple_(*last))
            with self._engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield json.loads(row[3])
            last = (rows[-1][0], rows[-1][1], rows[-1][2])

    def village_codes(self) -> list[str]:
        """The villages that hold a current household, in code order (the index leads with
        the village code: one pass over it)."""
        with self._engine.connect() as conn:
            return list(conn.execute(select(Household.village_code).distinct()
                                     .order_by(Household.village_code)).scalars())

    def current(self, uuids: Iterable[str], *, parsed: bool = True) -> list[tuple[str, str, Any]]:
        """(uuid, current revision id, record) of the given households (absent ones are
        skipped), read 500 at a time; the record as its JSON text unless `parsed` (for a
        worker process to parse)."""
        with self._engine.connect() as conn:
            return current_states(conn, uuids, parsed=parsed)

    def as_of(self, day: dt.date, settings: forms.CountySettings | None = None
              ) -> Iterator[dict[str, Any]]:
        """Every household record as it stood at the end of `day` in the county's time zone
        (`settings.time_zone`, Asia/Shanghai by default): for each record, the last revision
        saved before the next midnight there, unless it is a deletion. Streamed in record
        order (a county's history never sits in memory)."""
        end = (settings or forms.DEFAULT_SETTINGS).day_end(day)
        cutoff = end.strftime("%Y-%m-%dT%H:%M:%S")  # revisions' times are UTC, ISO 8601
        query = (select(Revision.record_uuid, Revision.kind, Revision.state)
                 .where(Revision.created_at < cutoff)
                 .order_by(Revision.record_uuid, Revision.created_at, Revision.seq))
        last: tuple[str, str, str] | None = None
        with self._engine.connect() as conn:
            for uuid, kind, state in conn.execution_options(yield_per=2000).execute(query):
                if last is not None and last[0] != uuid and last[1] != "delete":
                    yield json.loads(last[2])
                last = (uuid, kind, state)
        if last is not None and last[1] != "delete":
            yield json.loads(last[2])

    def revisions(self, area: str = "") -> Iterator[tuple[str, str, str]]:
        """(village code, uuid, current revision id) of every household under `area`."""
        query = select(Household.village_code, Household.uuid, Household.revision_id)
        if area:
            query = query.where(Household.village_code.startswith(area))
        with self._engine.connect() as conn:
            for village, uuid, revision in conn.execute(query):
                yield village or "", uuid, revision

    def revision_mark(self) -> int | None:
        """The newest revision's sequence number (None in an empty store): what a kept
        computation over every record was up to date with (`changed_since`)."""
        with self._engine.connect() as conn:
            return conn.execute(select(func.max(Revision.seq))).scalar_one()

    def changed_since(self, mark: int) -> list[str]:
        """Records with a revision written after `revision_mark` was `mark`."""
        with self._engine.connect() as conn:
            return list(conn.execute(select(Revision.record_uuid).distinct()
                                     .where(Revision.seq > mark)).scalars())

    def count(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Household)).scalar_one()

    def search(self, text: str = "", *, limit: int | None = None) -> list[HouseholdRow]:
        """Households matching a name, pinyin initials, ID-number fragment, 户编号 or phone.

        Rows carry the list columns only, not the full record; `get` reads a full record.
        """
        query = self._matching(select(*ROW_COLUMNS), text)
        if limit:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [HouseholdRow(*row) for row in conn.execute(query)]

    def matching(self, text: str) -> list[str]:
        """Ids of the households `search` would return, in the same order: what a list that
        already holds every row needs per keystroke (a few ms for 5,000 households)."""
        with self._engine.connect() as conn:
            return list(conn.execute(self._matching(select(Household.uuid), text)).scalars())

    @staticmethod
    def _matching(query, text: str):  # noqa: ANN001, ANN205 - a Select
        query = query.order_by(Household.household_no, Household.uuid)
        text = text.strip()
        if text.isdigit() and len(text) < MIN_NUMBER_FRAGMENT:
            # One to three digits are a 户编号 being typed, not a useful ID or phone fragment
            # (every ID contains "4").
            return query.where(Household.household_no.like(f"%{text}%"))
        if text:
            return query.where(Household.search_text.like(f"%{text.lower()}%"))
        return query

    def county_page(self, query: county_list.ListQuery, offset: int = 0,
                    limit: int = county_list.PAGE, *, count: bool = True) -> county_list.Page:
        """The county's list: households of every village matching `query`, a page at a
        time, in township, village and 户编号 order, with the total (None when not `count`ed
        and the page does not tell; sync/county_list.py)."""
        return county_list.page(self._engine, query, offset, limit, count=count)

    def county_count(self, query: county_list.ListQuery) -> int:
        """How many households the county list holds for `query`."""
        return county_list.count(self._engine, query)

    def list_choices(self, area: str = "") -> county_list.Choices:
        """What the county list's filters offer: 村民小组 by village, users, devices."""
        return county_list.choices(self._engine, area)

    def correct(self, state: dict[str, Any], reason: str) -> Changes:
        """A correction made at the county (or township): saved as a new revision of the
        record like any save, with the reason in the audit log; the village gets it in its
        next return bundle (export_return sends every revision its devices lack)."""
        reason = reason.strip()
        if not reason:
            raise InputError("县级修改必须写明原因", "a county correction needs a reason",
                             where=Where(household=str(state.get("uuid", ""))))
        detail = {"record": state.get("uuid"), "reason": reason[:500]}

        def audit(conn: Connection) -> None:
            if self._audit is not None:
                self._audit.log_in(conn, COUNTY_CORRECTION, self._user, **detail)
        return self.save_many([state], within=audit)

    def rows(self, uuids: Iterable[str]) -> list[HouseholdRow]:
        """List rows of the given households (absent ones, e.g. deleted, are skipped)."""
        uuids = list(uuids)
        with self._engine.connect() as conn:
            return [HouseholdRow(*row) for row in conn.execute(
                select(*ROW_COLUMNS).where(Household.uuid.in_(uuids))
                .order_by(Household.household_no))]

    def mentioning(self, text: str) -> list[dict[str, Any]]:
        """Current records whose stored text contains `text`, in village and 户编号 order: a
        pre-filter that reads no record it does not return (the caller checks the records:
        a text can appear anywhere in one)."""
        query = (with_state(select(STATE)).where(STATE.contains(text, autoescape=True))
                 .order_by(Household.village_code, Household.household_no, Household.uuid))
        with self._engine.connect() as conn:
            return [json.loads(s) for (s,) in conn.execute(query)]

    def with_id_numbers(self, ids: Iterable[str]) -> list[str]:
        """The households with a member whose ID number is one of `ids`, as saved (the
        member index), in no particular order."""
        ids = sorted(set(ids))
        found: set[str] = set()
        with self._engine.connect() as conn:
            for start in range(0, len(ids), 500):
                found.update(conn.execute(select(Member.household_uuid).where(
                    Member.id_number.in_(ids[start:start + 500]))).scalars())
        return sorted(found)

    def id_number_pairs(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        """(ID number as saved, household uuid) of every member whose ID number is one of
        `ids` (the member index), in no particular order."""
        ids = sorted(set(ids))
        found: set[tuple[str, str]] = set()
        with self._engine.connect() as conn:
            for start in range(0, len(ids), 500):
                found.update((number, household) for number, household in conn.execute(
                    select(Member.id_number, Member.household_uuid).where(
                        Member.id_number.in_(ids[start:start + 500]))))
        return sorted(found)

    def get_many(self, uuids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Full records of the given households (absent ones are skipped)."""
        uuids = list(uuids)
        found: dict[str, dict[str, Any]] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(uuids), 500):
                found.update((u, json.loads(s)) for u, s in conn.execute(
                    with_state(select(Household.uuid, STATE))
                    .where(Household.uuid.in_(uuids[start:start + 500]))))
        return found

    def history(self, uuid: str) -> list[HistoryEntry]:
        """Every revision of a record, oldest first, with field-level changes to its parent."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Revision).where(Revision.record_uuid == uuid)
                                .order_by(Revision.rev_no, Revision.seq)).all()
        by_id: dict[str, dict[str, Any]] = {}
        entries = []
        for row in rows:
            r = row._mapping
            state = json.loads(r["state"])
            parent = by_id.get(r["parent_id"]) if r["parent_id"] else None
            changes = diff(parent, None if r["kind"] == "delete" else state)
            by_id[r["revision_id"]] = state
            entries.append(HistoryEntry(r["revision_id"], r["rev_no"], r["parent_id"], r["kind"],
                                        r["user"], r["device_id"], r["created_at"], r["origin"],
                                        changes))
        return entries


# -- projections (shared with the importer's merge) -----------------------------------------
# A household's record is its current revision's (schema 11): the row points at it, and
# readers join. Storing it twice doubled what an import encrypts and writes.
STATE = Revision.state


def with_state(query: Select) -> Select:
    """`query` over households, joined to each one's current revision (for `STATE`)."""
    return query.join_from(Household, Revision, Revision.revision_id == Household.revision_id)


def current_states(conn: Connection, uuids: Iterable[str], *, parsed: bool = True
                   ) -> list[tuple[str, str, Any]]:
    """`HouseholdService.current` on a connection of its caller's (a worker process reading
    its own batch: sync/kept.py)."""
    uuids = list(uuids)
    load = json.loads if parsed else str
    return [(u, r, load(s)) for start in range(0, len(uuids), 500)
            for u, r, s in conn.execute(
                with_state(select(Household.uuid, Household.revision_id, STATE))
                .where(Household.uuid.in_(uuids[start:start + 500])))]


def village_states(conn: Connection, code: str) -> list[tuple[str, str, str]]:
    """(uuid, current revision id, record JSON text) of the village's households in 户编号
    order (then uuid), in one statement (a worker reading a whole village: sync/kept.py)."""
    return [(u, r, s) for u, r, s in conn.execute(
        with_state(select(Household.uuid, Household.revision_id, STATE))
        .where(Household.village_code == code)
        .order_by(Household.household_no, Household.uuid))]


def village_revisions(conn: Connection, code: str) -> list[tuple[str, str]]:
    """(uuid, current revision id) of the village's households in 户编号 order (then uuid):
    the order a village's entries are summed in."""
    return [(u, r) for u, r in conn.execute(
        select(Household.uuid, Household.revision_id).where(Household.village_code == code)
        .order_by(Household.household_no, Household.uuid))]


def household_row(state: dict[str, Any], rev: dict[str, Any], village_code: str) -> dict[str, Any]:
    """The `household` projection row of a record at revision `rev`."""
    fields = state["fields"]
    members = state[MEMBERS]
    head = next((m for m in members if m["fields"].get("relation") == HEAD_RELATION),
                members[0] if members else None)
    return {"uuid": state["uuid"], "village_code": str(fields.get("village_code") or village_code),
            "household_no": str(fields.get("household_no") or "").strip(),
            "head_name": (head["fields"].get("name") or "") if head else "",
            "phone": fields.get("phone"), "household_type": fields.get("household_type"),
            "status": state["status"], "form_id": state["form_id"],
            "form_version": state["form_version"], "revision_id": rev["revision_id"],
            "rev_no": rev["rev_no"], "updated_at": rev["created_at"], "updated_by": rev["user"],
            "search_text": search_text(state),
            "group_name": str(fields.get("group") or "").strip(), "members": len(members),
            "head_id": str((head["fields"].get("id_number") or "") if head else ""),
            "entered_by": entered_by(state, rev["user"]), "device_id": rev["device_id"]}


def entered_by(state: dict[str, Any], saver: str) -> str:
    """Who entered a household: the user who started its interview in the editor (its
    paradata), else whoever saved the revision (an import, the command line)."""
    paradata = state.get("paradata")
    by = paradata.get("by") if isinstance(paradata, dict) else None
    return str(by or saver or "")


def search_text(state: dict[str, Any]) -> str:
    """What search-as-you-type looks in, one lower-case line per household: 户编号, phones,
    and each member's name, pinyin initials and ID number (one LIKE over households is ~5x
    faster than four over members)."""
    fields = state.get("fields") or {}
    parts = [str(fields.get("household_no") or ""), str(fields.get("phone") or "")]
    for member in state.get(MEMBERS) or []:
        f = member.get("fields") or {}
        name = str(f.get("name") or "")
        parts += [name, name_initials(name), str(f.get("id_number") or ""),
                  str(f.get("phone") or "")]
    return "|".join(p for p in parts if p).lower()


def member_rows(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The `member` projection rows of a record (人编号 = position + 1)."""
    rows = []
    for position, member in enumerate(state[MEMBERS]):
        name = str(member["fields"].get("name") or "")
        rows.append({"uuid": member["uuid"], "household_uuid": state["uuid"], "position": position,
                     "name": name, "name_initials": name_initials(name),
                     "id_number": member["fields"].get("id_number"),
                     "phone": member["fields"].get("phone")})
    return rows
