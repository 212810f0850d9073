"""The county's household list: every village's households, searched and filtered, a page
at a time (issue 17).

One query over the `household` projection, in (township, village, 户编号) order — a village's
code starts with its township's, so that is the order of `ix_household_list` — with the
same search line as the village list (`household.search_text`: names, pinyin initials, ID
numbers, phones, 户编号) and filters on columns the projection keeps (status, 村民小组, who
entered it, on which device; schema 15). That index covers every column the search and the
filters read, so a page of `limit` households is found by walking it (a search that matches
often stops after a page) and the total is one count over it, never the table (a rare
search, shorter than a page, needs none); only the page's rows are read from the table. On 150,000 households both are a few
tens of milliseconds (docs/bench.md, "county household list").

What depends on the questionnaire (has findings, 零就业家庭) is not a column: it is in the
county's kept report facts, which `sync` does not read. The caller passes the households
concerned as `ListQuery.among`, (village code, 户编号) pairs; the list is then filtered here on
the keys read in order. The 审核 state filter belongs with the review states (issue 17,
review branch) and is not offered yet.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Engine, func, select

from . import meta
from .errors import InputError
from .models import Household
from .search import MIN_NUMBER_FRAGMENT

STATUSES = ("draft", "complete")
PAGE = 50
COUNTY_EDITS_SET = "county_edits"  # the audit event of `allow_edits`


@dataclass(frozen=True)
class ListQuery:
    """What the county list shows: every field empty means every household."""

    text: str = ""          # name, pinyin initials, ID number or phone fragment, 户编号
    area: str = ""          # a township's or a village's code (a prefix of the village code)
    status: str = ""        # "", "draft" or "complete"
    group: str = ""         # 村民小组, as written in the record
    entered_by: str = ""    # the user who entered it
    device_id: str = ""     # the device that saved its current revision
    among: frozenset[tuple[str, str]] | None = None  # only these (village code, 户编号)


@dataclass(frozen=True)
class ListRow:
    uuid: str
    village_code: str
    household_no: str
    head_name: str
    head_id: str
    members: int
    status: str
    group_name: str
    entered_by: str
    device_id: str
    updated_at: str


@dataclass(frozen=True)
class Page:
    rows: list[ListRow]
    total: int | None   # None: not counted (`page(count=False)`); ask `count`
    offset: int


@dataclass(frozen=True)
class Choices:
    """The values the filters offer: 村民小组 per village, users, devices."""

    groups: dict[str, list[str]]
    users: list[str]
    devices: list[str]


_COLUMNS = tuple(getattr(Household, f.name) for f in fields(ListRow))
_ORDER = (Household.village_code, Household.household_no, Household.uuid)


def _in_area(area: str) -> list[Any]:
    """Village codes starting with `area`, as a range the index answers (a LIKE prefix is
    not, on SQLite); codes are digits."""
    return [Household.village_code >= area, Household.village_code < area + "\uffff"]


def _where(query: ListQuery) -> list[Any]:
    if query.status and query.status not in STATUSES:
        raise InputError(f"状态只能是草稿或完成，而不是“{query.status}”",
                         f"status must be draft or complete, not {query.status!r}")
    clauses: list[Any] = []
    if query.area:
        clauses += _in_area(query.area)
    if query.status:
        clauses.append(Household.status == query.status)
    if query.group:
        clauses.append(Household.group_name == query.group)
    if query.entered_by:
        clauses.append(Household.entered_by == query.entered_by)
    if query.device_id:
        clauses.append(Household.device_id == query.device_id)
    text = query.text.strip().lower()
    if text.isdigit() and len(text) < MIN_NUMBER_FRAGMENT:
        # one to three digits: a 户编号 being typed (every ID number contains a "4")
        clauses.append(Household.household_no.contains(text, autoescape=True))
    elif text:
        clauses.append(Household.search_text.contains(text, autoescape=True))
    return clauses


def page(engine: Engine, query: ListQuery, offset: int = 0, limit: int = PAGE, *,
         count: bool = True) -> Page:
    """Rows `offset`…`offset + limit` of the households matching `query`, in township,
    village and 户编号 order, with how many match in all — unless `count` is False and the
    page does not tell (a first page shorter than `limit` does): the total is then None, for
    `count` to answer next. Searching as one types, the page shows first and its total a
    scan later (docs/bench.md, "county household list")."""
    offset, limit = max(0, offset), max(1, limit)
    where = _where(query)
    with engine.connect() as conn:
        if query.among is not None:
            keys = [u for v, n, u in conn.execute(select(*_ORDER).where(*where)
                                                  .order_by(*_ORDER))
                    if (v, n) in query.among]
            chosen = keys[offset:offset + limit]
            rows = {r[0]: ListRow(*r) for r in conn.execute(
                select(*_COLUMNS).where(Household.uuid.in_(chosen)))} if chosen else {}
            return Page([rows[u] for u in chosen if u in rows], len(keys), offset)
        chosen = list(conn.execute(select(Household.uuid).where(*where).order_by(*_ORDER)
                                   .offset(offset).limit(limit)).scalars())
        found = {r[0]: ListRow(*r) for r in conn.execute(
            select(*_COLUMNS).where(Household.uuid.in_(chosen)))} if chosen else {}
        rows = [found[u] for u in chosen if u in found]
        if offset == 0 and len(rows) < limit:
            total: int | None = len(rows)  # all of them: no count needed
        elif count:
            total = conn.execute(select(func.count()).select_from(Household)
                                 .where(*where)).scalar_one()
        else:
            total = None
    return Page(rows, total, offset)


def count(engine: Engine, query: ListQuery) -> int:
    """How many households match `query` (one scan of the list's covering index)."""
    if query.among is not None:
        return page(engine, query, 0, 1).total or 0
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Household)
                            .where(*_where(query))).scalar_one()


def choices(engine: Engine, area: str = "") -> Choices:
    """The 村民小组 of each village, the users who entered households and the devices that
    saved them (under `area`), for the filters."""
    scope = _in_area(area) if area else []
    with engine.connect() as conn:
        groups: dict[str, list[str]] = {}
        for village, group in conn.execute(
                select(Household.village_code, Household.group_name).distinct()
                .where(*scope, Household.group_name != "")
                .order_by(Household.village_code, Household.group_name)):
            groups.setdefault(village, []).append(group)
        users = list(conn.execute(select(Household.entered_by).distinct().where(
            *scope, Household.entered_by != "").order_by(Household.entered_by)).scalars())
        devices = list(conn.execute(select(Household.device_id).distinct().where(
            *scope, Household.device_id != "").order_by(Household.device_id)).scalars())
    return Choices(groups, users, devices)


def edits_allowed(store: Any) -> bool:
    """Whether this county (or township) workspace may correct households from its list:
    the county's choice, off until it is turned on (docs/decisions.md 38)."""
    return store.workspace.role in ("county", "township") \
        and store.meta.get(meta.COUNTY_EDITS) == "on"


def allow_edits(store: Any, on: bool) -> None:
    """Turn county corrections on or off (the county only), audited."""
    if store.workspace.role != "county":
        raise InputError("只有县级可以设置是否允许县级修改",
                         "only the county decides whether households may be corrected there")
    store.meta.set({meta.COUNTY_EDITS: "on" if on else "off"})
    store.audit.log(COUNTY_EDITS_SET, store.user, on=on)


def correct(store: Any, state: dict[str, Any], reason: str) -> Any:
    """A county correction (`store.households.correct`), refused unless the county allows
    them (`edits_allowed`): returns the `Changes`."""
    if not edits_allowed(store):
        raise InputError("本县未允许县级修改农户信息（可在农户查询页开启）",
                         "the county does not allow corrections of households here (turn "
                         "them on on the household search page)")
    return store.households.correct(state, reason)
