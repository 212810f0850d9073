"""Evaluate a household against a form: typed values, relevance and calculations, in one pass.

The loader orders every question and group once (``build_plan``) so that anything an
expression refers to is computed before it: household questions that members refer to (the
survey date for ``age``), member questions in the workbook's order, household sums over members
after the members. Evaluating a household is then a single walk over that plan; validation,
indicators and the GUI (showing and hiding questions) all read the resulting ``HouseholdState``.

As in ODK, a question that is not relevant has no value: expressions see it as empty, whatever
the stored record says. ``clean_household`` removes such answers from the record itself.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import idnumber, timevalues
from .expr_eval import (
    Ctx,
    Expression,
    is_empty,
    reads_current,
    to_bool,
    to_date,
    to_number,
    to_str,
)
from .model import Form, Group, QType, Question, Repeat, repeat_chain
from .settings import DEFAULT_SETTINGS, CountySettings

# -- stored JSON value -> typed value ----------------------------------------------------
_TIMED: dict[QType, tuple[Callable[[str], Any], str]] = {
    QType.TIME: (timevalues.parse_time, "invalid_time"),
    QType.DATETIME: (timevalues.parse_datetime, "invalid_datetime"),
    QType.START: (timevalues.parse_datetime, "invalid_datetime"),
    QType.END: (timevalues.parse_datetime, "invalid_datetime"),
}


def coerce(q: Question, raw: Any) -> tuple[Any, str | None]:
    """The typed value of a stored answer, or ``(None, code)`` when it has the wrong type."""
    if is_empty(raw):
        return None, None
    t = q.type
    if t in (QType.TEXT, QType.SELECT_ONE, QType.ID_NUMBER):
        wrong = "invalid_choice" if t is QType.SELECT_ONE else "invalid_text"
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            return None, wrong
        try:
            text = str(raw)
        except ValueError:  # an int too long to write out (over 4,300 digits)
            return None, wrong
        return (idnumber.normalize(text) if t is QType.ID_NUMBER else text), None
    if t is QType.INTEGER:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, None
        if isinstance(raw, float) and raw.is_integer():
            return int(raw), None
        return None, "invalid_integer"
    if t is QType.DECIMAL:
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            return raw, None
        return None, "invalid_decimal"
    if t is QType.DATE:
        if isinstance(raw, dt.datetime):
            return raw.date(), None
        day = to_date(raw)
        return (day, None) if day else (None, "invalid_date")
    if t is QType.SELECT_MULTIPLE:
        if isinstance(raw, list | tuple) and all(isinstance(v, str) for v in raw):
            return tuple(raw), None
        return None, "invalid_choice"
    if t in _TIMED:
        # kept as ODK's text (forms/timevalues.py): expressions compare it by the clock
        parse, wrong = _TIMED[t]
        if isinstance(raw, str) and parse(raw) is not None:
            return raw.strip(), None
        return None, wrong
    if t is QType.TODAY:
        day = to_date(raw)
        return (day, None) if day else (None, "invalid_date")
    if t in (QType.DEVICEID, QType.USERNAME):
        return (raw, None) if isinstance(raw, str) else (None, "invalid_text")
    return None, None  # notes and calculations hold no stored answer


def _from_calculation(t: QType, value: Any) -> Any:
    """Bring a calculated value to the question's type (NaN and '' become no value)."""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if t is QType.INTEGER:
        n = to_number(value)
        return int(n) if math.isfinite(n) else None
    if t is QType.DECIMAL:
        n = to_number(value)
        return n if math.isfinite(n) else None
    if t is QType.DATE:
        return to_date(value)
    if t is QType.SELECT_MULTIPLE:
        return tuple(value) if isinstance(value, list | tuple) else tuple(to_str(value).split())
    if t in (QType.TEXT, QType.SELECT_ONE, QType.ID_NUMBER, QType.DEVICEID, QType.USERNAME):
        return to_str(value) or None
    if t in _TIMED:
        text = to_str(value)
        return text if _TIMED[t][0](text) is not None else None
    if t is QType.TODAY:
        return to_date(value)
    return value


def stored_value(q: Question) -> Callable[[Any], Any]:
    """``coerce(q, raw)[0]`` for one question, with its usual answer type taken directly."""
    t = q.type
    if t is QType.TEXT or t is QType.SELECT_ONE:
        def text(raw: Any) -> Any:
            if type(raw) is str:
                return raw or None
            return coerce(q, raw)[0]
        return text
    if t is QType.ID_NUMBER:
        def id_number(raw: Any) -> Any:
            if type(raw) is str and raw:
                return idnumber.normalize(raw)
            return coerce(q, raw)[0]
        return id_number
    if t is QType.INTEGER:
        def integer(raw: Any) -> Any:
            if type(raw) is int or raw is None:
                return raw
            return coerce(q, raw)[0]
        return integer
    if t is QType.DATE:
        def date(raw: Any) -> Any:
            if type(raw) is str and raw:
                return to_date(raw)
            return coerce(q, raw)[0]
        return date
    if t is QType.SELECT_MULTIPLE:
        def choices(raw: Any) -> Any:
            if type(raw) is list and raw and all(type(v) is str for v in raw):
                return tuple(raw)
            return coerce(q, raw)[0]
        return choices
    if t is QType.CALCULATE:   # triggered: its value as stored (forms/triggers.py)
        return lambda raw: None if is_empty(raw) else raw
    return lambda raw: coerce(q, raw)[0]


# A calculated value of exactly one of these types is already the question's value (as is).
_AS_IS: dict[QType, frozenset[type]] = {QType.CALCULATE: frozenset({bool, int}),
                                        QType.INTEGER: frozenset({int}),
                                        QType.DATE: frozenset({dt.date})}


def calculated_value(t: QType) -> Callable[[Any], Any]:
    """``_from_calculation(t, value)``, with the usual result type of ``t`` taken directly."""
    if t is QType.TEXT or t is QType.SELECT_ONE:
        def text(value: Any) -> Any:
            if type(value) is str:
                return value or None
            return _from_calculation(t, value)
        return text
    return lambda value: _from_calculation(t, value)


# -- the plan ----------------------------------------------------------------------------
Targets = list[tuple[Ctx, Mapping[str, Any], dict[str, Any], dict[str, bool]]]
Run = Callable[[Targets], None]


@dataclass(frozen=True)
class Step:
    """Evaluate one question or group for the household or for each member."""

    name: str
    in_repeat: bool
    parent: str | None                     # enclosing group (not the repeat), for relevance
    relevant: Callable[[Ctx], Any] | None
    question: Question | None              # None for a group
    calculation: Callable[[Ctx], Any] | None
    # The repeats it is evaluated in, outermost first: () for the household, (members,) for
    # each member (``in_repeat``), (members, jobs) for each job of each member (decision 59).
    level: tuple[str, ...] = ()
    repeat: bool = False                   # a repeat other than the members, at its owner's level

    def runner(self) -> Run:
        """``run(targets)``: this step for each ``(ctx, raw, values, relevant)`` of ``targets``
        (the household, or every member).

        Relevance is the parent group's and the step's own ``relevant``; a question that is
        not relevant has no value, else its calculation's or its stored answer's.
        """
        name, parent, q = self.name, self.parent, self.question
        rel = self.relevant.test if isinstance(self.relevant, Expression) else (
            (lambda c, fn=self.relevant: to_bool(fn(c))) if self.relevant is not None else None)
        if isinstance(self.relevant, Expression) and reads_current(self.relevant):
            # `.` / current() in a relevant: the question's own answer, as javarosa reads the
            # bind's node (a group's or repeat's: none)
            test = rel
            answer_of = (lambda raw: raw.get(name)) if q is not None else (lambda raw: None)

            def own(c: Ctx, raw: Mapping[str, Any]) -> bool:
                c.current = answer_of(raw)
                return test(c)
        else:
            own = None
        if self.repeat:
            def repeat(targets: Targets) -> None:
                # the owner's relevance of the repeat, handed to each of its instances
                for ctx, raw, _, relevant in targets:
                    relevant[name] = on = (parent is None or relevant[parent]) and (
                        rel is None or (rel(ctx) if own is None else own(ctx, raw)))
                    for instance in ctx.path[-1].repeats.get(name, ()):
                        instance.relevant[name] = on
            return repeat
        if q is None:
            def group(targets: Targets) -> None:
                for ctx, raw, _, relevant in targets:
                    relevant[name] = (parent is None or relevant[parent]) and (
                        rel is None or (rel(ctx) if own is None else own(ctx, raw)))
            return group
        if self.calculation is not None:
            calc = self.calculation
            compute = calc.fn if isinstance(calc, Expression) else calc
            typed, as_is = calculated_value(q.type), _AS_IS.get(q.type, frozenset())

            def calculated(targets: Targets) -> None:
                for ctx, raw, values, relevant in targets:
                    if (parent is None or relevant[parent]) and (
                            rel is None or (rel(ctx) if own is None else own(ctx, raw))):
                        relevant[name] = True
                        ctx.current = raw.get(name)   # `.` and once(): the value kept
                        result = compute(ctx)
                        values[name] = result if type(result) in as_is else typed(result)
                    else:
                        relevant[name] = False
                        values[name] = None
            return calculated
        value = stored_value(q)

        def stored(targets: Targets) -> None:
            for ctx, raw, values, relevant in targets:
                if (parent is None or relevant[parent]) and (
                        rel is None or (rel(ctx) if own is None else own(ctx, raw))):
                    relevant[name] = True
                    answer = raw.get(name)
                    values[name] = None if answer is None else value(answer)
                else:
                    relevant[name] = False
                    values[name] = None
        return stored


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    runs: tuple[tuple[Run, bool], ...] = ()   # (step.runner(), step.in_repeat), in order
    # (step.runner(), step.level), in order: for a form with repeats besides the members
    levels: tuple[tuple[Run, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        if not self.runs:
            object.__setattr__(self, "runs", tuple((s.runner(), s.in_repeat) for s in self.steps))
        if not self.levels and any(s.level and not s.in_repeat for s in self.steps):
            object.__setattr__(self, "levels", tuple(
                (run, s.level) for (run, _), s in zip(self.runs, self.steps, strict=True)))


def _nodes(form: Form) -> list[Question | Group]:
    return [item for item in form.walk() if not (isinstance(item, Repeat) and item.is_members)]


def _enclosing_group(item: Question | Group) -> str | None:
    """The group whose relevance it needs: its parent group, or a repeat other than the
    members it is directly in (that repeat's relevance, handed to each instance)."""
    parent = item.parent
    if parent is None or (isinstance(parent, Repeat) and parent.is_members):
        return None
    return parent.name


def _level(item: Question | Group) -> tuple[str, ...]:
    owner = item.parent if isinstance(item, Repeat) else item
    return tuple(r.name for r in repeat_chain(owner))


def _in_repeat(item: Question | Group) -> bool:
    """Evaluated for each member (in the members repeat, not in a repeat nested in it)."""
    chain = repeat_chain(item.parent if isinstance(item, Repeat) else item)
    return len(chain) == 1 and chain[0].is_members


def topological(deps: Sequence[set[int]]) -> list[int]:
    """Node indices after those they depend on (``deps[i]``), the lowest index first among
    those ready (workbook order otherwise); a node in a cycle, on itself too, or after one,
    is left out."""
    users: list[list[int]] = [[] for _ in deps]
    for i, needs in enumerate(deps):
        for j in needs:
            users[j].append(i)
    waiting = [len(d) for d in deps]
    ready = [i for i, w in enumerate(waiting) if w == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for u in users[i]:
            waiting[u] -= 1
            if waiting[u] == 0:
                heapq.heappush(ready, u)
    return order


def build_plan(form: Form) -> tuple[Plan, list[list[Question | Group]]]:
    """Order every question and group so references come first; also return any cycles."""
    nodes = _nodes(form)
    index = {id(n): i for i, n in enumerate(nodes)}
    household = {n.name: i for i, n in enumerate(nodes) if not _in_repeat(n)}
    member = {n.name: i for i, n in enumerate(nodes) if _in_repeat(n)}
    deps: list[set[int]] = []
    for i, node in enumerate(nodes):
        near, far = (member, household) if _in_repeat(node) else (household, member)
        needs: set[int] = set()
        if node.parent is not None and not (isinstance(node.parent, Repeat)
                                            and node.parent.is_members):
            needs.add(index[id(node.parent)])
        exprs = [node.relevant]
        if isinstance(node.parent, Repeat):
            exprs.append(node.parent.relevant)          # the repeat's, read for each member
        if isinstance(node, Question):
            exprs.append(node.calculation)
        for expr in exprs:
            for name in expr.refs if expr is not None else ():
                j = near.get(name, far.get(name))
                if j is not None and j != i:
                    needs.add(j)
        deps.append(needs)
    order = topological(deps)
    cycles: list[list[Question | Group]] = []
    if len(order) < len(nodes):
        stuck = sorted(set(range(len(nodes))) - set(order))
        cycles.append([nodes[i] for i in stuck])
    steps = []
    for i in order:
        node = nodes[i]
        q = node if isinstance(node, Question) else None
        steps.append(Step(node.name, _in_repeat(node), _enclosing_group(node),
                          _relevance(node), q, q.calculation if q is not None else None,
                          _level(node), isinstance(node, Repeat)))
    return Plan(tuple(steps)), cycles


def _relevance(node: Question | Group) -> Callable[[Ctx], Any] | None:
    """A node's own relevance, and for a node directly in a repeat that has a ``relevant``,
    the repeat's too (the household's answers decide whether members are asked at all)."""
    own, repeat = node.relevant, node.parent
    if not isinstance(repeat, Repeat) or not repeat.is_members or repeat.relevant is None:
        return own
    outer = repeat.relevant
    if own is None:
        return outer
    return lambda ctx: outer.test(ctx) and own.test(ctx)


# -- the state ---------------------------------------------------------------------------
class HouseholdState:
    """Values and relevance of every question, for the household and for each member."""

    def __init__(self, form: Form, household: Mapping[str, Any],
                 settings: CountySettings, today: dt.date, display_language: str = "") -> None:
        self.form = form
        self.household = household
        self.settings = settings
        self.today = today
        self.raw: dict[str, Any] = dict(household.get("fields") or {})
        members = household.get("members") or []
        self.member_uuids: list[str | None] = [m.get("uuid") for m in members]
        self.member_raw: list[dict[str, Any]] = [dict(m.get("fields") or {}) for m in members]
        self.values: dict[str, Any] = {}
        self.relevant: dict[str, bool] = {}
        self.members: list[dict[str, Any]] = [{} for _ in members]
        self.members_relevant: list[dict[str, bool]] = [{} for _ in members]
        setting_map = _setting_map(settings)
        self.ctx = Ctx(self.values, {}, self.members, 0, None, today, setting_map,
                       display=display_language)
        self.member_ctx = [Ctx(self.values, m, self.members, i + 1, None, today, setting_map,
                               display=display_language) for i, m in enumerate(self.members)]
        # Repeats besides the members (decision 59): every instance as a tree from the
        # household, and each level's instances in order, for the plan's steps.
        self.instances: dict[tuple[str, ...], list[Instance]] = {}
        self.root: Instance | None = None
        if form.repeats:
            self._instances(members, setting_map)

    def _instances(self, members: Sequence[Mapping[str, Any]],
                   setting_map: Mapping[str, Any]) -> None:
        root = self.root = Instance((), None, 0, self.raw, self.values, self.relevant, self.ctx)
        self.ctx.path = (root,)
        if self.form.repeat is not None:
            name = self.form.repeat.name
            root.repeats[name] = [
                Instance((name,), uuid, i + 1, raw, values, rel, ctx)
                for i, (uuid, raw, values, rel, ctx) in enumerate(zip(
                    self.member_uuids, self.member_raw, self.members, self.members_relevant,
                    self.member_ctx, strict=True))]
            for instance, record in zip(root.repeats[name], members, strict=True):
                instance.ctx.path = (root, instance)
                self._children(instance, record, setting_map)
        self._children(root, self.household, setting_map)

    def _children(self, owner: Instance, record: Mapping[str, Any],
                  setting_map: Mapping[str, Any]) -> None:
        """The instances of each repeat directly inside ``owner``, read from its record's
        ``repeats`` (a repeat the form does not have there is left as it is)."""
        if owner.level:
            here = self.form.repeats.get(owner.level[-1]) or self.form.repeat
            inside = here.repeats() if here is not None else []
        else:
            inside = [r for r in self.form.repeats.values() if r.chain == (r,)]
        stored = record.get("repeats") or {}
        member = owner.ctx.path[1].values if len(owner.ctx.path) > 1 and \
            self.form.repeat is not None and owner.level[:1] == (self.form.repeat.name,) else {}
        for repeat in inside:
            level = (*owner.level, repeat.name)
            kids = owner.repeats.setdefault(repeat.name, [])
            for i, item in enumerate(stored.get(repeat.name) or ()):
                values: dict[str, Any] = {}
                ctx = Ctx(self.values, member, self.members, i + 1, None, self.today,
                          setting_map, display=self.ctx.display)
                kid = Instance(level, item.get("uuid"), i + 1, dict(item.get("fields") or {}),
                               values, {}, ctx)
                ctx.path = (*owner.ctx.path, kid)
                kids.append(kid)
                self.instances.setdefault(level, []).append(kid)
                self._children(kid, item, setting_map)
            self.instances.setdefault(level, [])

    def instance(self, *steps: tuple[str, int]) -> Instance:
        """The instance at ``(repeat, index)`` steps from the household (0-based indices):
        ``state.instance(("members", 1), ("jobs", 0))`` is the second member's first job."""
        assert self.root is not None, "the form has no repeat besides the members"
        node = self.root
        for name, at in steps:
            node = node.repeats[name][at]
        return node

    def context(self, member: int | None = None, current: Any = None) -> Ctx:
        ctx = self.ctx if member is None else self.member_ctx[member]
        ctx.current = current
        return ctx

    def value(self, name: str, member: int | None = None) -> Any:
        return (self.values if member is None else self.members[member]).get(name)

    def is_relevant(self, name: str, member: int | None = None) -> bool:
        rel = self.relevant if member is None else self.members_relevant[member]
        return rel.get(name, False)

    def raw_value(self, name: str, member: int | None = None) -> Any:
        return (self.raw if member is None else self.member_raw[member]).get(name)


@lru_cache(maxsize=8)
def _setting_map(settings: CountySettings) -> dict[str, Any]:
    """``settings.as_mapping()``, once per settings (expressions only read it)."""
    return settings.as_mapping()


def evaluate_household(form: Form, household: Mapping[str, Any], *,
                       settings: CountySettings | None = None,
                       today: dt.date | None = None,
                       display_language: str = "") -> HouseholdState:
    """Compute every value and relevance of ``household`` (see docs/architecture.md).

    ``display_language``: the language the texts are shown in (the editor's questionnaire
    language), which jr:choice-name() follows as in ODK; '' (reports, checks) the form's
    default language."""
    settings = settings or DEFAULT_SETTINGS
    state = HouseholdState(form, household, settings, today or settings.today(),  # county's day
                           display_language)
    assert form.plan is not None, "forms are built by load_form"
    household = [(state.ctx, state.raw, state.values, state.relevant)]
    members = list(zip(state.member_ctx, state.member_raw, state.members,
                       state.members_relevant, strict=True))
    if form.plan.levels:
        targets: dict[tuple[str, ...], Targets] = {
            level: [(i.ctx, i.raw, i.values, i.relevant) for i in found]
            for level, found in state.instances.items()}
        targets[()] = household
        if form.repeat is not None:
            targets[(form.repeat.name,)] = members
        for run, level in form.plan.levels:
            run(targets.get(level, []))
        return state
    for run, in_repeat in form.plan.runs:
        run(members if in_repeat else household)
    return state


class Instance:
    """One instance of a repeat (or the household itself, at level ``()``) as evaluated:
    its stored answers, values and relevance, its own context, and the instances of the
    repeats inside it by name. Expressions reach it through ``Ctx.path``."""

    __slots__ = ("ctx", "level", "position", "raw", "relevant", "repeats", "uuid", "values")

    def __init__(self, level: tuple[str, ...], uuid: str | None, position: int,
                 raw: dict[str, Any], values: dict[str, Any], relevant: dict[str, bool],
                 ctx: Ctx) -> None:
        self.level = level
        self.uuid = uuid
        self.position = position
        self.raw = raw
        self.values = values
        self.relevant = relevant
        self.ctx = ctx
        self.repeats: dict[str, list[Instance]] = {}

    def value(self, name: str) -> Any:
        return self.values.get(name)

    def is_relevant(self, name: str) -> bool:
        return self.relevant.get(name, False)

    def __repr__(self) -> str:
        return f"<Instance {'/'.join(self.level) or 'household'}[{self.position}] {self.values}>"
