"""Phone spot checks (issue 22): the draws, the calls' results and the correction requests
they make — `store.spotchecks`, the tables' only door (schema 22).

A **draw** is kept whole (its parameters, seed and the persons drawn, with the answers
recorded when it was drawn), so its call sheet prints again identically and a filled sheet is
matched against it row by row; a sheet of a draw this store does not hold is refused.

A **call** is kept once per drawn person. Recording a sheet is one transaction: a row already
recorded the same way changes nothing (the same sheet twice changes nothing); a row recorded
before with another result is refused, naming it (a result is not rewritten silently: the
weekly ranking has read it).

A **correction request** is made for each answer the call heard otherwise (不一致). Its id is
derived from the draw, the person and the question, so recording again never makes a second.
It travels to the village in every county return bundle (line ``corrections``, as the county
knows it); the village is the authority on what became of it: it is *resolved* when the
household is saved there after the request became known there (a revision newer than
``seen_seq``, by another device than the county's), or *dismissed* with a reason, and the
village's data bundles say so back (line ``corrections``, ``closed``). docs/sync.md.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from .county_settings import load
from .errors import InputError
from .models import Audit, Correction, Revision, SpotCall, SpotDraw
from .record import new_uuid, utc_now

if TYPE_CHECKING:
    from .store import Store

# The outcomes of a call, as the sheet writes them.
REACHED, NO_ANSWER, VACANT, REFUSED = "reached", "no_answer", "vacant", "refused"
OUTCOME_ZH = {REACHED: "接通", NO_ANSWER: "无人接听", VACANT: "空号", REFUSED: "拒访"}
# The questions a call checks (docs/forms.md "Phone spot checks"): the member question it reads.
QUESTIONS = ("employment_status", "work_region", "income_band", "wants_job")
QUESTION_ZH = {"employment_status": "就业状态", "work_region": "务工地域",
               "income_band": "月收入", "wants_job": "就业意愿"}
OPEN, RESOLVED, DISMISSED = "open", "resolved", "dismissed"
STATE_ZH = {OPEN: "待核实", RESOLVED: "已修改", DISMISSED: "已说明"}
MAX_REASON = 300
PER_LINE = 200            # correction requests in one bundle line
DRAWN, RECORDED, DISMISSED_EVENT = "spotcheck_drawn", "spotcheck_recorded", "correction_dismissed"
RECEIVED = "corrections_received"
_NS = uuidlib.UUID("6f1d7c2e-5a43-4e8e-9a57-2f0f5b1f0c22")


def correction_id(draw_id: str, member_uuid: str, question: str) -> str:
    """The same disagreement always makes the same request."""
    return str(uuidlib.uuid5(_NS, f"{draw_id}:{member_uuid}:{question}"))


@dataclass(frozen=True)
class CorrectionItem:
    correction_id: str
    draw_id: str
    record_uuid: str
    member_uuid: str
    village_code: str
    question: str
    recorded: str
    heard: str
    person: str
    created_at: str
    state: str
    reason: str = ""
    closed_at: str = ""
    revision_id: str = ""

    @property
    def question_zh(self) -> str:
        return QUESTION_ZH.get(self.question, self.question)

    @property
    def state_zh(self) -> str:
        return STATE_ZH.get(self.state, self.state)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Recorded:
    """What recording a sheet changed."""

    draw_id: str
    calls: int          # results new here
    same: int           # rows recorded before the same way (nothing changed)
    corrections: int    # correction requests new here


class SpotCheckService:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- draws -------------------------------------------------------------------------
    def keep_draw(self, area: str, params: dict[str, Any], people: list[dict[str, Any]]
                  ) -> str:
        """Keep a drawn sample; returns its id."""
        store = self._store
        draw_id = new_uuid()
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(SpotDraw.__table__), [{
                "draw_id": draw_id, "area": area,
                "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
                "people": json.dumps(people, ensure_ascii=False),
                "created_at": utc_now(), "created_by": store.user,
                "device_id": store.device_id}])
            store.audit.log_in(conn, DRAWN, store.user, draw_id=draw_id, area=area,
                               persons=len(people), **params)
        return draw_id

    def draw(self, draw_id: str) -> dict[str, Any] | None:
        with self._store.engine.connect() as conn:
            row = conn.execute(select(SpotDraw).where(SpotDraw.draw_id == draw_id)).first()
        return None if row is None else _draw(row)

    def draws(self) -> list[dict[str, Any]]:
        """Every draw, newest first (without their persons' rows: `draw` has them)."""
        with self._store.engine.connect() as conn:
            counts = dict(conn.execute(select(SpotCall.draw_id, func.count())
                                       .group_by(SpotCall.draw_id)).all())
            rows = conn.execute(select(SpotDraw.draw_id, SpotDraw.area, SpotDraw.params,
                                       SpotDraw.created_at, SpotDraw.created_by)
                                .order_by(SpotDraw.created_at.desc())).all()
        return [{"draw_id": r.draw_id, "area": r.area, "params": json.loads(r.params),
                 "created_at": r.created_at, "created_by": r.created_by,
                 "recorded": counts.get(r.draw_id, 0)} for r in rows]

    # -- calls -------------------------------------------------------------------------
    def calls(self, *, since: str = "", until: str = "") -> list[dict[str, Any]]:
        """Every call recorded (made on or after the day `since`, before the day `until`:
        the county's days, YYYY-MM-DD)."""
        query = select(SpotCall).order_by(SpotCall.draw_id, SpotCall.row)
        if since:
            query = query.where(SpotCall.called_on >= since)
        if until:
            query = query.where(SpotCall.called_on < until)
        with self._store.engine.connect() as conn:
            return [{**r._asdict(), "answers": json.loads(r.answers)}
                    for r in conn.execute(query)]

    def record(self, draw_id: str, calls: list[dict[str, Any]], *, source: str = ""
               ) -> Recorded:
        """Keep the calls of a filled sheet, and a correction request per disagreement, in
        one transaction. A call is {member_uuid, row, outcome, answers: {question: {agree,
        heard}}, called_on: YYYY-MM-DD or "" for the county's day today}; the person must be
        one of the draw's. InputError (nothing kept) when a row was recorded before with
        another result (or on another day it names)."""
        store = self._store
        draw = self.draw(draw_id)
        if draw is None:
            raise InputError(f"本工作区没有抽样 {draw_id}", f"this workspace holds no draw {draw_id}")
        people = {p["member_uuid"]: p for p in draw["people"]}
        now, today = utc_now(), load(store).today().isoformat()
        new, same, made, clashes = [], 0, [], []
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            before = {r.member_uuid: r for r in conn.execute(
                select(SpotCall).where(SpotCall.draw_id == draw_id))}
            seq = conn.execute(select(func.max(Revision.seq))).scalar_one() or 0
            known = set(conn.execute(select(Correction.correction_id).where(
                Correction.draw_id == draw_id)).scalars())
            for call in calls:
                person = people.get(call["member_uuid"])
                if person is None:
                    raise InputError(f"第 {call['row']} 行的人不在抽样 {draw_id[:8]} 中",
                                     f"row {call['row']}: the person is not in draw {draw_id[:8]}")
                answers = json.dumps(call["answers"], ensure_ascii=False, sort_keys=True)
                old = before.get(call["member_uuid"])
                day = call.get("called_on") or ""
                if old is not None:
                    if (old.outcome, old.answers) == (call["outcome"], answers) \
                            and day in ("", old.called_on):
                        same += 1
                    else:
                        clashes.append(call["row"])
                    continue
                new.append({"draw_id": draw_id, "member_uuid": call["member_uuid"],
                            "record_uuid": person["record_uuid"],
                            "village_code": person["village_code"], "row": call["row"],
                            "outcome": call["outcome"], "answers": answers,
                            "recorded_at": now, "recorded_by": store.user,
                            "called_on": day or today})
                made += _requests(draw_id, person, call, known, created_at=now,
                                  created_by=store.user, device_id=store.device_id, seq=seq)
            if clashes:
                rows = "、".join(map(str, clashes[:20]))
                raise InputError(
                    f"第 {rows} 行（序号）以前已按另一结果录入，本次没有录入任何结果；"
                    "已录入的结果不能改写，如确需更正请联系县里技术人员",
                    f"rows (序号) {rows} were recorded before with another result; nothing was "
                    "recorded; a recorded result is not rewritten", where=source or None)
            if new:
                conn.execute(insert(SpotCall.__table__), new)
            if made:
                conn.execute(insert(Correction.__table__), made)
            if new:
                # the villages named: their return bundles now carry the requests
                store.audit.log_in(conn, RECORDED, store.user, draw_id=draw_id,
                                   calls=len(new), corrections=len(made), source=source,
                                   villages=sorted({c["village_code"] for c in made}))
        return Recorded(draw_id, len(new), same, len(made))

    # -- correction requests -----------------------------------------------------------
    def corrections(self, *, village: str = "", states: Iterable[str] = (),
                    uuids: Iterable[str] | None = None) -> list[CorrectionItem]:
        """Correction requests (of villages starting with `village`), with their state now,
        in village, record and question order."""
        query = select(Correction).order_by(Correction.village_code, Correction.record_uuid,
                                            Correction.member_uuid, Correction.question)
        if village:
            query = query.where(Correction.village_code.startswith(village, autoescape=True))
        if uuids is not None:
            query = query.where(Correction.record_uuid.in_(list(uuids)))
        wanted = set(states)
        with self._store.engine.connect() as conn:
            items = [_item(conn, c, self._store.workspace.role) for c in conn.execute(query)]
        return [i for i in items if not wanted or i.state in wanted]

    def dismiss(self, cid: str, reason: str) -> CorrectionItem:
        """The village says why the recorded answer stands (a reason is required); it
        travels back to the county with the next data bundle."""
        store = self._store
        if store.workspace.role != "village":  # the county or township that asked cannot answer
            raise InputError("只有村里可以说明答案无误", "only the village answers a correction "
                             "request")
        reason = " ".join((reason or "").split())
        if not reason:
            raise InputError("请填写不修改的理由", "give the reason the answer stands")
        if len(reason) > MAX_REASON:
            raise InputError(f"理由不能超过 {MAX_REASON} 个字", f"the reason exceeds {MAX_REASON} "
                             "characters")
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            c = conn.execute(select(Correction).where(Correction.correction_id == cid)).first()
            if c is None:
                raise InputError("找不到该核实要求", f"no correction request {cid}")
            if _item(conn, c, store.workspace.role).state != OPEN:
                raise InputError("该核实要求已处理", "the correction request is no longer open")
            conn.execute(update(Correction).where(Correction.correction_id == cid).values(
                state=DISMISSED, reason=reason, closed_at=utc_now(), closed_by=store.user))
            store.audit.log_in(conn, DISMISSED_EVENT, store.user, correction_id=cid,
                               record_uuid=c.record_uuid, reason=reason)
            c = conn.execute(select(Correction).where(Correction.correction_id == cid)).one()
            return _item(conn, c, store.workspace.role)


def _requests(draw_id: str, person: dict[str, Any], call: dict[str, Any], known: set[str], *,
              created_at: str, created_by: str, device_id: str, seq: int
              ) -> list[dict[str, Any]]:
    """A correction request per answer of `call` heard otherwise, unless `known` (which
    gains it): made where the call is recorded, and again at the county from a township's
    call (the same id, so never twice)."""
    out = []
    for question, result in sorted(call["answers"].items()):
        cid = correction_id(draw_id, call["member_uuid"], question)
        if result.get("agree") is False and cid not in known:
            known.add(cid)
            out.append({
                "correction_id": cid, "draw_id": draw_id, "record_uuid": person["record_uuid"],
                "member_uuid": call["member_uuid"], "village_code": person["village_code"],
                "question": question, "recorded": str(person["recorded"].get(question) or ""),
                "heard": str(result.get("heard") or ""), "person": person.get("name", ""),
                "created_at": created_at, "created_by": created_by, "device_id": device_id,
                "state": OPEN, "seen_seq": seq})
    return out


def _draw(row: Any) -> dict[str, Any]:  # noqa: ANN401
    d = row
    return {"draw_id": d.draw_id, "area": d.area, "params": json.loads(d.params),
            "people": json.loads(d.people), "created_at": d.created_at,
            "created_by": d.created_by}


def _resolving(conn: Connection, c: Any) -> Any:  # noqa: ANN401 - a correction row
    """The first save of the household here after the request became known here, by another
    device than the county's that made it (None when there is none)."""
    return conn.execute(select(Revision.revision_id, Revision.created_at).where(
        Revision.record_uuid == c.record_uuid, Revision.seq > c.seen_seq,
        Revision.device_id != c.device_id, Revision.kind == "save").order_by(Revision.seq)
    ).first()


def _item(conn: Connection, c: Any, role: str) -> CorrectionItem:  # noqa: ANN401
    state, closed_at, revision_id = c.state, c.closed_at, c.revision_id
    if role == "village" and state == OPEN:
        found = _resolving(conn, c)
        if found is not None:
            state, closed_at, revision_id = RESOLVED, found.created_at, found.revision_id
    return CorrectionItem(c.correction_id, c.draw_id, c.record_uuid, c.member_uuid,
                          c.village_code, c.question, c.recorded, c.heard, c.person,
                          c.created_at, state, c.reason, closed_at, revision_id)


# -- in bundles ------------------------------------------------------------------------------
_TRAVEL = ("correction_id", "draw_id", "record_uuid", "member_uuid", "village_code", "question",
           "recorded", "heard", "person", "created_at", "created_by", "device_id")


def return_lines(conn: Connection, village: str, *, device_id: str | None = None
                 ) -> list[dict[str, Any]]:
    """County → village: every correction request on the village's households (the county's
    and its township's); township → village: those `device_id` (the township's) made."""
    query = select(Correction).where(Correction.village_code == village)
    if device_id is not None:
        query = query.where(Correction.device_id == device_id)
    rows = conn.execute(query.order_by(Correction.correction_id)).all()
    items = [{k: getattr(c, k) for k in _TRAVEL} for c in rows]
    return [{"t": "corrections", "corrections": items[i:i + PER_LINE]}
            for i in range(0, len(items), PER_LINE)]


def data_lines(conn: Connection, village: str) -> list[dict[str, Any]]:
    """Village → county: what became of each request closed here."""
    closed = []
    for c in conn.execute(select(Correction).where(Correction.village_code == village)
                          .order_by(Correction.correction_id)):
        item = _item(conn, c, "village")
        if item.state != OPEN:
            closed.append({"correction_id": item.correction_id, "state": item.state,
                           "reason": item.reason, "closed_at": item.closed_at,
                           "closed_by": c.closed_by, "revision_id": item.revision_id})
    return [{"t": "corrections", "closed": closed[i:i + PER_LINE]}
            for i in range(0, len(closed), PER_LINE)]


def _text(item: dict[str, Any], key: str, limit: int = 400) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"corrections: {key}")
    return value


def receive(conn: Connection, store: Store, lines: list[dict[str, Any]], *,
            sender: dict[str, Any], kind: str, bundle_id: str) -> int:
    """The `corrections` lines of a bundle, inside its transaction: at a village, the county's
    requests (from its signed return bundle) are kept once; at the county, a village's data
    bundle says which of its own requests it resolved or dismissed. Anything else is ignored;
    a malformed line refuses the bundle (ValueError). Returns how many changed here."""
    role, mine = store.workspace.role, store.workspace.code
    found = [line for line in lines if line.get("t") == "corrections"]
    drawn = [line for line in lines if line.get("t") == DRAWS_LINE]
    if not found and not drawn:
        return 0
    changed, villages = 0, set()
    if kind == "return" and role == "village" and sender.get("role") in ("county", "township"):
        # a township's 回传 (checked as its device's: sync/township.py) brings its own only
        own = sender.get("device_id") if sender.get("role") == "township" else None
        seq = conn.execute(select(func.max(Revision.seq))).scalar_one() or 0
        items = [i for line in found for i in _list(line, "corrections")]
        have = set(conn.execute(select(Correction.correction_id).where(
            Correction.correction_id.in_([_text(i, "correction_id") for i in items]))).scalars())
        new = []
        for i in items:
            row = {k: _text(i, k) for k in _TRAVEL}
            if row["village_code"] != mine:
                raise ValueError("corrections: village")
            if own is not None and row["device_id"] != own:
                raise ValueError("corrections: not the township's")
            if row["correction_id"] not in have:
                have.add(row["correction_id"])
                new.append({**row, "state": OPEN, "seen_seq": seq})
        if new:
            conn.execute(insert(Correction.__table__), new)
        changed = len(new)
    elif kind == "data" and role in ("county", "township") and sender.get("role") == "village" \
            and str(sender.get("code", "")).startswith(mine if role == "township" else ""):
        # what became of a request at its village: told the county and the township
        for i in (i for line in found for i in _list(line, "closed")):
            state = _text(i, "state")
            if state not in (RESOLVED, DISMISSED):
                raise ValueError("corrections: state")
            n = conn.execute(update(Correction).where(
                Correction.correction_id == _text(i, "correction_id"),
                Correction.village_code == sender.get("code"), Correction.state == OPEN
            ).values(state=state, reason=_text(i, "reason"), closed_at=_text(i, "closed_at"),
                     closed_by=_text(i, "closed_by"), revision_id=_text(i, "revision_id"))
            ).rowcount
            changed += n
    elif kind == "data" and role == "county" and sender.get("role") == "township":
        changed, villages = _receive_draws(conn, drawn, sender)
    if changed:
        # `villages`: those whose return bundles now carry new requests (sync/returns.py)
        conn.execute(insert(Audit.__table__), [{
            "at": utc_now(), "event": RECEIVED, "user": store.user,
            "device_id": store.device_id,
            "detail": json.dumps({"bundle_id": bundle_id, "changed": changed,
                                  "villages": sorted(villages)}, sort_keys=True)}])
    return changed


def _list(line: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = line.get(key)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"corrections: {key}")
    return items


# -- a township's own draws, up to the county --------------------------------------------------
DRAWS_LINE = "spotdraws"
MAX_PEOPLE = 5_000      # persons in one draw (a township's villages at a generous share)
_PERSON = {"village_code": 12, "household_no": 32, "household_type": 64, "record_uuid": 64,
           "member_uuid": 64, "name": 64, "phone": 32}
_DAY_TEXT = 10


def township_lines(conn: Connection, device_id: str) -> list[dict[str, Any]]:
    """Township → county, in its data bundles: each draw it made, whole, with the calls
    recorded on it (kept once there by id, so sending them again counts nothing twice)."""
    out = []
    for d in conn.execute(select(SpotDraw).where(SpotDraw.device_id == device_id)
                          .order_by(SpotDraw.created_at, SpotDraw.draw_id)):
        calls = [{"member_uuid": c.member_uuid, "row": c.row, "outcome": c.outcome,
                  "answers": json.loads(c.answers), "recorded_at": c.recorded_at,
                  "recorded_by": c.recorded_by, "called_on": c.called_on}
                 for c in conn.execute(select(SpotCall).where(SpotCall.draw_id == d.draw_id)
                                       .order_by(SpotCall.row))]
        out.append({"t": DRAWS_LINE, "draw": {**_draw(d), "device_id": d.device_id},
                    "calls": calls})
    return out


def _checked_draw(line: dict[str, Any], sender: dict[str, Any]
                  ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A township's draw and calls, checked strictly (ValueError names what is wrong): made
    by the sending device, on villages of its township only."""
    town = str(sender.get("code") or "")
    d, calls = line.get("draw"), line.get("calls")
    if not isinstance(d, dict) or not isinstance(calls, list) or len(town) != 9:
        raise ValueError("spotdraws: shape")
    for key in ("draw_id", "area", "created_at", "created_by", "device_id"):
        _text(d, key, 64)
    if d["device_id"] != sender.get("device_id") or not d["area"].startswith(town):
        raise ValueError("spotdraws: not the township's")
    params, people = d.get("params"), d.get("people")
    if not isinstance(params, dict) or len(json.dumps(params)) > 500:
        raise ValueError("spotdraws: params")
    if not isinstance(people, list) or len(people) > MAX_PEOPLE or len(calls) > len(people):
        raise ValueError("spotdraws: people")
    for p in people:
        if not isinstance(p, dict):
            raise ValueError("spotdraws: person")
        for key, limit in _PERSON.items():
            _text(p, key, limit)
        v = p["village_code"]
        rec = p.get("recorded")
        if len(v) != 12 or not v.isdigit() or not v.startswith(town) \
                or not isinstance(p.get("row"), int) or not isinstance(rec, dict) \
                or set(rec) - set(QUESTIONS) \
                or any(x is not None and not (isinstance(x, str) and len(x) <= 100)
                       for x in rec.values()):
            raise ValueError("spotdraws: person")
    members = {p["member_uuid"] for p in people}
    for c in calls:
        if not isinstance(c, dict) or c.get("member_uuid") not in members \
                or c.get("outcome") not in OUTCOME_ZH or not isinstance(c.get("row"), int):
            raise ValueError("spotdraws: call")
        _text(c, "recorded_at", 40)
        _text(c, "recorded_by", 64)
        day = _text(c, "called_on", _DAY_TEXT)
        answers = c.get("answers")
        if len(day) != _DAY_TEXT or not isinstance(answers, dict) \
                or set(answers) - set(QUESTIONS):
            raise ValueError("spotdraws: call")
        for a in answers.values():
            if not isinstance(a, dict) or set(a) != {"agree", "heard"} \
                    or not isinstance(a["agree"], bool) \
                    or not (isinstance(a["heard"], str) and len(a["heard"]) <= 100):
                raise ValueError("spotdraws: answer")
    return d, calls


def _receive_draws(conn: Connection, lines: list[dict[str, Any]], sender: dict[str, Any]
                   ) -> tuple[int, set[str]]:
    """At the county: a township's draws and calls kept once (a draw by id, a call by draw
    and person), with the correction requests its calls made (the same ids as the
    township's), so the county's figures count each call once however often it arrives.
    Returns what changed, and the villages of the requests made."""
    seq = conn.execute(select(func.max(Revision.seq))).scalar_one() or 0
    changed, villages = 0, set()
    for line in lines:
        d, calls = _checked_draw(line, sender)
        draw_id = d["draw_id"]
        if conn.execute(select(SpotDraw.draw_id).where(SpotDraw.draw_id == draw_id)).first() \
                is None:
            conn.execute(insert(SpotDraw.__table__), [{
                "draw_id": draw_id, "area": d["area"],
                "params": json.dumps(d["params"], ensure_ascii=False, sort_keys=True),
                "people": json.dumps(d["people"], ensure_ascii=False),
                "created_at": d["created_at"], "created_by": d["created_by"],
                "device_id": d["device_id"]}])
            changed += 1
        people = {p["member_uuid"]: p for p in d["people"]}
        have = set(conn.execute(select(SpotCall.member_uuid).where(
            SpotCall.draw_id == draw_id)).scalars())
        known = set(conn.execute(select(Correction.correction_id).where(
            Correction.draw_id == draw_id)).scalars())
        new, made = [], []
        for c in calls:
            if c["member_uuid"] in have:
                continue
            have.add(c["member_uuid"])
            person = people[c["member_uuid"]]
            new.append({"draw_id": draw_id, "member_uuid": c["member_uuid"],
                        "record_uuid": person["record_uuid"],
                        "village_code": person["village_code"], "row": c["row"],
                        "outcome": c["outcome"],
                        "answers": json.dumps(c["answers"], ensure_ascii=False, sort_keys=True),
                        "recorded_at": c["recorded_at"], "recorded_by": c["recorded_by"],
                        "called_on": c["called_on"]})
            made += _requests(draw_id, person, c, known, created_at=c["recorded_at"],
                              created_by=c["recorded_by"], device_id=d["device_id"], seq=seq)
        if new:
            conn.execute(insert(SpotCall.__table__), new)
        if made:
            conn.execute(insert(Correction.__table__), made)
            villages |= {c["village_code"] for c in made}
        changed += len(new) + len(made)
    return changed, villages
