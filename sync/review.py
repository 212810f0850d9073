"""The supervisor's review of a household (issue 17): 审核通过 or 退回修改 with a comment.

A decision is its own row (`review`, schema 13), never a revision: it changes no answer, so
it cannot conflict with the village's edits, and a village cannot make one by writing a
revision. Decisions travel only from the county (in its signed return bundles, line
`reviews`) and from a township device to the county (its data bundle, for its own villages);
a village's data bundle carrying one is ignored. A decision has a random id and is kept once
(the same bundle twice, or two bundles carrying it, change nothing); the household's
decision is its latest by (decided_at, review_id), so bundles may arrive in any order.

What the decision means now is read against the history (`state_of`): a revision saved
after the decision was known here, by another device than the reviewer's and not a merge,
is the village's answer — after 退回修改 the household is 已修改待复审 (once complete
again), after 审核通过 it is 待审核 again. docs/decisions.md 34.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, exists, func, insert, select

from .errors import InputError, StoreError
from .models import Audit, Household, MergeParent, Owner, Review, Revision
from .record import flat_instance_path, new_uuid, utc_now

if TYPE_CHECKING:
    from .store import Store

APPROVE, REJECT = "approve", "reject"
# The states, in the words the app and the command line show.
PENDING, APPROVED, REJECTED, CORRECTED, DRAFT = (
    "pending", "approved", "rejected", "corrected", "draft")
STATE_ZH = {PENDING: "待审核", APPROVED: "审核通过", REJECTED: "退回修改", CORRECTED: "已修改待复审",
            DRAFT: "未完成"}
MAX_COMMENT = 500      # characters: a comment is a note to the cadre, not a letter
MAX_QUESTIONS = 50     # question paths one decision names
MAX_PATH = 400         # a question inside a nested instance: members.<uuid>.repeats.jobs.<id>…
REVIEWS_PER_LINE = 200  # a bundle line of decisions stays far under one line's 8 MiB
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# a household's question, a member's, or one inside an instance of another repeat (by the
# record's flattened path, instances by their own id: sync/record.py, decision 60)
PATH_RE = re.compile(r"^(fields\.[A-Za-z_][\w.-]*|members\.[0-9a-f-]{36}\.fields\.[A-Za-z_][\w.-]*"
                     r"|(members\.[0-9a-f-]{36}\.)?(repeats\.[A-Za-z_]\w{0,63}\.[\w-]{1,64}\.){1,3}"
                     r"fields\.[A-Za-z_][\w.-]*)$")
EVENTS = {APPROVE: "review_approved", REJECT: "review_rejected"}
RECEIVED = "reviews_received"


@dataclass(frozen=True)
class Decision:
    """One decision as it travels and as it is kept (less the local `seen_seq`)."""

    review_id: str
    record_uuid: str
    revision_id: str
    village_code: str
    decision: str
    comment: str
    questions: tuple[str, ...]
    decided_at: str
    decided_by: str
    device_id: str
    role: str

    def line(self) -> dict[str, Any]:
        out = asdict(self)
        out["questions"] = list(self.questions)
        return out


@dataclass
class ReviewItem:
    """A household with its review state, for lists (`mopai review list`, the queues)."""

    uuid: str
    village_code: str
    household_no: str
    head_name: str
    status: str
    state: str
    decision: str = ""
    comment: str = ""
    questions: list[str] = field(default_factory=list)
    decided_at: str = ""
    decided_by: str = ""
    updated_at: str = ""

    @property
    def state_zh(self) -> str:
        return STATE_ZH[self.state]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "state_zh": self.state_zh}


# -- checking what arrives or is typed ----------------------------------------------------------
def check_line(item: Any) -> Decision:
    """A decision from a bundle, checked field by field (hostile input): ValueError naming the
    field otherwise."""
    if not isinstance(item, dict):
        raise ValueError("not an object")
    want = {f: str for f in ("review_id", "record_uuid", "revision_id", "village_code",
                             "decision", "comment", "decided_at", "decided_by", "device_id",
                             "role")}
    if set(item) != {*want, "questions"}:
        raise ValueError("keys")
    for key in want:
        if not isinstance(item[key], str) or len(item[key]) > (MAX_COMMENT if key == "comment"
                                                               else 64):
            raise ValueError(key)
    if item["decision"] not in (APPROVE, REJECT):
        raise ValueError("decision")
    if item["role"] not in ("county", "township"):
        raise ValueError("role")
    for key in ("review_id", "record_uuid", "revision_id"):
        if not UUID_RE.match(item[key]):
            raise ValueError(key)
    questions = item["questions"]
    if not isinstance(questions, list) or len(questions) > MAX_QUESTIONS or not all(
            isinstance(p, str) and len(p) <= MAX_PATH and PATH_RE.match(p) for p in questions):
        raise ValueError("questions")
    if item["decision"] == REJECT and not item["comment"].strip():
        raise ValueError("comment")
    return Decision(**{**item, "questions": tuple(questions)})


def _check_comment(decision: str, comment: str) -> str:
    comment = (comment or "").strip()
    if decision not in (APPROVE, REJECT):
        raise InputError("审核结果应为 approve（审核通过）或 reject（退回修改）",
                         "the decision is approve or reject")
    if decision == REJECT and not comment:
        raise InputError("退回修改必须写明原因（意见），让村里知道改什么",
                         "sending a household back needs a comment saying what to correct")
    if len(comment) > MAX_COMMENT:
        raise InputError(f"审核意见最多 {MAX_COMMENT} 字（现在 {len(comment)} 字）",
                         f"a review comment has at most {MAX_COMMENT} characters "
                         f"({len(comment)} given)")
    return comment


def question_path(store: Store, state: dict[str, Any], name: str) -> str:
    """`NAME` or `NAME@MEMBER` (MEMBER: the 人编号, the member's name or uuid), or a question
    inside an instance by its path as findings name it (`members[2]/jobs[1]/job_wage`,
    `measures[1]/measure_amount`) → the record's flattened path, checked against the current
    form and the household's members and instances."""
    form = store.forms.current().form
    if "/" in name:
        return _instance_question(form, state, name.strip())
    q, _, who = name.partition("@")
    q = q.strip()
    if not who:
        if not form.has(q):
            hint = "（成员的问题请写成 名称@人编号）" if form.has(q, member=True) else ""
            raise InputError(f"问卷中没有户的问题“{q}”{hint}",
                             f"the form has no household question {q!r}"
                             + (" (a member's question is NAME@N)" if hint else ""))
        return f"fields.{q}"
    if not form.has(q, member=True):
        raise InputError(f"问卷中没有成员的问题“{q}”", f"the form has no member question {q!r}")
    members = state.get("members") or []
    who = who.strip()
    found = None
    if who.isdigit() and 1 <= int(who) <= len(members):
        found = members[int(who) - 1]
    else:
        found = next((m for m in members if m.get("uuid") == who
                      or m.get("fields", {}).get("name") == who), None)
    if found is None:
        raise InputError(f"该户没有成员“{who}”（可写人编号 1–{len(members)} 或姓名）",
                         f"the household has no member {who!r} (give 1–{len(members)} or a name)")
    return f"members.{found['uuid']}.fields.{q}"


def _instance_question(form: Any, state: dict[str, Any], path: str) -> str:
    """`members[2]/jobs[1]/job_wage` → `members.<uuid>.repeats.jobs.<id>.fields.job_wage`."""
    *_steps, q = path.split("/")
    owner = form.repeat_fields.get(q)
    members = form.repeat.name if form.repeat is not None else "members"
    chain = [s.partition("[")[0] for s in _steps]
    if owner is None or owner.repeat is None or chain != [r.name for r in owner.repeat.chain]:
        raise InputError(f"问卷的重复组中没有“{path}”这道题（写成 重复组[序号]/题目名，如 "
                         f"{members}[1]/jobs[2]/job_wage）",
                         f"the form has no question {path!r} inside a repeat (write "
                         f"repeat[n]/name, e.g. {members}[1]/jobs[2]/job_wage)", where=path)
    found = flat_instance_path(state, path, members)
    if found is None:
        raise InputError(f"该户没有“{path}”所指的条目", f"the household has no entry {path!r}",
                         where=path)
    return found


# -- deciding ---------------------------------------------------------------------------------
def decide(store: Store, record_uuid: str, decision: str, comment: str = "",
           questions: Iterable[str] = ()) -> Decision:
    """Record the reviewer's decision on the household as it is now (its current revision),
    audited. County: any household; township: its own villages'. Drafts cannot be approved."""
    role = store.workspace.role
    if role not in ("county", "township"):
        raise InputError("只有县或乡镇可以审核农户", "only the county or a township reviews households")
    comment = _check_comment(decision, comment)
    uuid = (record_uuid or "").strip().lower()
    if not UUID_RE.match(uuid):
        raise InputError(f"“{record_uuid}”不是农户编号（UUID）", f"{record_uuid!r} is not a "
                         "household uuid", where=str(record_uuid))
    paths = list(dict.fromkeys(questions))
    if len(paths) > MAX_QUESTIONS:
        raise InputError(f"一次最多指出 {MAX_QUESTIONS} 个问题", f"at most {MAX_QUESTIONS} questions")
    with store.engine.connect() as conn:
        row = conn.execute(select(Household.village_code, Household.revision_id,
                                  Household.status).where(Household.uuid == uuid)).first()
        owner = conn.execute(select(Owner.village_code).where(Owner.record_uuid == uuid)
                             ).scalar_one_or_none()
    if row is None:
        raise StoreError(f"找不到农户 {uuid}（已删除，或不在本工作区）",
                         f"household {uuid} not found (deleted, or not in this workspace)",
                         where=uuid)
    village = owner or row.village_code
    if role == "township" and not village.startswith(store.workspace.code):
        raise InputError(f"该户属于村 {village}，不在本乡镇 {store.workspace.code}，不能审核",
                         f"the household belongs to village {village}, outside township "
                         f"{store.workspace.code}", where=uuid)
    if decision == APPROVE and row.status != "complete":
        raise InputError("草稿（未完成）的户不能审核通过", "a draft household cannot be approved",
                         where=uuid)
    state = None
    resolved = []
    for p in paths:
        if PATH_RE.match(p):
            resolved.append(p)
            continue
        state = state or store.households.get(uuid)
        resolved.append(question_path(store, state, p))
    d = Decision(new_uuid(), uuid, row.revision_id, village, decision, comment,
                 tuple(dict.fromkeys(resolved)), utc_now(), store.user, store.device_id, role)
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        keep(conn, [d], now=d.decided_at)
        store.audit.log_in(conn, EVENTS[decision], store.user, record=uuid, village=village,
                           review_id=d.review_id, revision=d.revision_id,
                           questions=list(d.questions), comment=comment)
    return d


def keep(conn: Connection, decisions: list[Decision], *, now: str) -> int:
    """Keep the decisions not kept yet (by id); return how many were new. `seen_seq` marks the
    history as it is now: revisions after it came after the decision was known here."""
    if not decisions:
        return 0
    ids = [d.review_id for d in decisions]
    have = set()
    for start in range(0, len(ids), 500):
        have |= set(conn.execute(select(Review.review_id).where(
            Review.review_id.in_(ids[start:start + 500]))).scalars())
    seen = conn.execute(select(func.max(Revision.seq))).scalar_one() or 0
    rows = [{**d.line(), "questions": json.dumps(list(d.questions), ensure_ascii=False),
             "seen_seq": seen, "received_at": now}
            for d in {d.review_id: d for d in decisions}.values() if d.review_id not in have]
    for start in range(0, len(rows), 500):
        conn.execute(insert(Review.__table__), rows[start:start + 500])
    return len(rows)


def receive(conn: Connection, store: Store, lines: list[dict[str, Any]], *, sender: dict[str, Any],
            kind: str, bundle_id: str) -> int:
    """The `reviews` lines of a bundle, inside its transaction. A return bundle's (already
    checked as signed by this county) are kept; at the county, a township device's data bundle
    brings its decisions on its own villages' households; any other bundle's are ignored.
    A malformed decision refuses the bundle (ValueError)."""
    role = store.workspace.role
    found = [check_line(item) for line in lines if line.get("t") == "reviews"
             for item in (line.get("reviews") if isinstance(line.get("reviews"), list)
                          else _bad())]
    if not found:
        return 0
    if kind == "return" and role in ("village", "township"):
        chosen = found
    elif kind == "data" and role == "county" and sender.get("role") == "township":
        owners = dict(conn.execute(select(Owner.record_uuid, Owner.village_code).where(
            Owner.record_uuid.in_(sorted({d.record_uuid for d in found})))).all())
        chosen = [d for d in found if d.role == "township"
                  and d.device_id == sender["device_id"]
                  and owners.get(d.record_uuid, "").startswith(sender["code"])
                  and d.village_code == owners[d.record_uuid]]
    else:
        chosen = []
    new = keep(conn, chosen, now=utc_now())
    if new or len(chosen) < len(found):
        audit_row = {"at": utc_now(), "event": RECEIVED, "user": store.user,
                     "device_id": store.device_id, "detail": json.dumps(
                         {"bundle_id": bundle_id, "new": new, "ignored": len(found) - len(chosen),
                          "villages": sorted({d.village_code for d in chosen})},
                         sort_keys=True)}
        conn.execute(insert(Audit.__table__), [audit_row])
    return new


def _bad() -> list[Any]:
    raise ValueError("reviews")


def outgoing(conn: Connection, village_or_area: str, *, device_id: str | None = None
             ) -> list[dict[str, Any]]:
    """The `reviews` lines a bundle carries: the latest decision on each household of the
    village (or township area), by `device_id` when given (a township sends its own)."""
    items = latest_decisions(conn, village_or_area, device_id=device_id)
    return [{"t": "reviews", "reviews": items[i:i + REVIEWS_PER_LINE]}
            for i in range(0, len(items), REVIEWS_PER_LINE)]


def latest_decisions(conn: Connection, village_or_area: str, *, device_id: str | None = None
                     ) -> list[dict[str, Any]]:
    """The latest decision on each household of the village (or township area), as it
    travels, in household order; only those made by `device_id` when given."""
    query = select(Review).where(Review.village_code.startswith(village_or_area, autoescape=True))
    if device_id:
        query = query.where(Review.device_id == device_id)
    latest: dict[str, Any] = {}
    for r in conn.execute(query):
        cur = latest.get(r.record_uuid)
        if cur is None or (r.decided_at, r.review_id) > (cur.decided_at, cur.review_id):
            latest[r.record_uuid] = r
    return [_decision(r).line() for r in sorted(latest.values(), key=lambda r: r.record_uuid)]


def _decision(r: Any) -> Decision:
    m = r._mapping if hasattr(r, "_mapping") else r
    return Decision(m["review_id"], m["record_uuid"], m["revision_id"], m["village_code"],
                    m["decision"], m["comment"], tuple(json.loads(m["questions"])),
                    m["decided_at"], m["decided_by"], m["device_id"], m["role"])


# -- what it means now ------------------------------------------------------------------------
def latest(conn: Connection, uuids: Iterable[str] | None = None) -> dict[str, Any]:
    """Household uuid → its latest decision row (decided_at, then review_id)."""
    query = select(Review)
    if uuids is not None:
        uuids = sorted(set(uuids))
        out: dict[str, Any] = {}
        for start in range(0, len(uuids), 500):
            out.update(latest_rows(conn.execute(query.where(
                Review.record_uuid.in_(uuids[start:start + 500])))))
        return out
    return latest_rows(conn.execute(query))


def latest_rows(rows: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in rows:
        cur = out.get(r.record_uuid)
        if cur is None or (r.decided_at, r.review_id) > (cur.decided_at, cur.review_id):
            out[r.record_uuid] = r
    return out


def _answered(conn: Connection, review: Any) -> bool:
    """A revision of the household saved after the decision was known here, by another device
    than the reviewer's, and not a merge, that the reviewer did not have: the village's answer
    to it. What the reviewer had is the decided revision and its ancestors — they may arrive
    here after the decision (a return bundle's parts imported out of order, the decisions
    riding in its last part) and answer nothing."""
    found = conn.execute(select(Revision.revision_id, Revision.created_at).where(
        Revision.record_uuid == review.record_uuid, Revision.seq > review.seen_seq,
        Revision.device_id != review.device_id,
        ~exists().where(MergeParent.revision_id == Revision.revision_id))).all()
    if not found:
        return False
    had = _ancestry(conn, review.record_uuid, review.revision_id)
    if had is None:  # the decided revision has not arrived yet: judge by the reviewer's clock
        return any(created_at > review.decided_at for _, created_at in found)
    return any(revision_id not in had for revision_id, _ in found)


def _ancestry(conn: Connection, record_uuid: str, revision_id: str) -> set[str] | None:
    """The revision and every revision it descends from (through both parents of a merge),
    of those held here; None when the revision itself is not held."""
    parents: dict[str, list[str]] = {}
    for rid, parent in conn.execute(select(Revision.revision_id, Revision.parent_id).where(
            Revision.record_uuid == record_uuid)):
        parents[rid] = [parent] if parent else []
    if revision_id not in parents:
        return None
    for rid, parent in conn.execute(select(MergeParent.revision_id, MergeParent.parent_id).where(
            MergeParent.revision_id.in_(list(parents)))):
        parents[rid].append(parent)
    seen, todo = set(), [revision_id]
    while todo:
        rid = todo.pop()
        if rid not in seen:
            seen.add(rid)
            todo += parents.get(rid, ())
    return seen


def state_of(conn: Connection, status: str, review: Any | None) -> str:
    if review is None:
        return PENDING if status == "complete" else DRAFT
    answered = _answered(conn, review)
    if review.decision == APPROVE:
        if not answered:
            return APPROVED
        return PENDING if status == "complete" else DRAFT
    return CORRECTED if answered and status == "complete" else REJECTED


def items(store: Store, *, village: str = "", states: Iterable[str] = (),
          uuids: Iterable[str] | None = None) -> list[ReviewItem]:
    """Households (of villages whose code starts with `village`) with their review state, in
    village and 户编号 order; only those in `states` when given. A township sees its own."""
    wanted = set(states)
    unknown = wanted - set(STATE_ZH)
    if unknown:
        raise InputError(f"没有这种审核状态：{'、'.join(sorted(unknown))}（可用 "
                         f"{', '.join(STATE_ZH)}）", f"unknown review state {sorted(unknown)}; "
                         f"use {', '.join(STATE_ZH)}")
    area = village
    if store.workspace.role == "township":
        mine = store.workspace.code
        if area and not area.startswith(mine):
            raise InputError(f"村 {area} 不在本乡镇 {mine}", f"village {area} is outside "
                             f"township {mine}")
        area = area or mine
    query = select(Household.uuid, Household.village_code, Household.household_no,
                   Household.head_name, Household.status, Household.updated_at).order_by(
        Household.village_code, Household.household_no, Household.uuid)
    if area:
        query = query.where(Household.village_code.startswith(area, autoescape=True))
    if uuids is not None:
        query = query.where(Household.uuid.in_(list(uuids)))
    out = []
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        decided = latest(conn, [r.uuid for r in rows]) if rows else {}
        for r in rows:
            rv = decided.get(r.uuid)
            if wanted and rv is None and not wanted & {PENDING, DRAFT}:
                continue  # no decision: cannot be approved, rejected or corrected
            st = state_of(conn, r.status, rv)
            if wanted and st not in wanted:
                continue
            out.append(ReviewItem(
                r.uuid, r.village_code, r.household_no, r.head_name, r.status, st,
                rv.decision if rv else "", rv.comment if rv else "",
                json.loads(rv.questions) if rv else [], rv.decided_at if rv else "",
                rv.decided_by if rv else "", r.updated_at))
    return out


def of_household(store: Store, uuid: str) -> ReviewItem | None:
    found = items(store, uuids=[uuid])
    return found[0] if found else None


def history(store: Store, uuid: str) -> list[Decision]:
    """Every decision kept here on the household, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(Review).where(Review.record_uuid == uuid).order_by(
            Review.decided_at, Review.review_id)).all()
    return [_decision(r) for r in rows]

