"""Unknown is not false: relevance that cannot be decided yet, and the answers it keeps.

``evaluate_household`` follows ODK: a missing value is ``''`` and every condition is true or
false. That is right for the figures, but wrong for what a cadre typed: with one wrong check
digit in an ID number the member's age is unknown, ``${age} >= 16`` is false, and every
question that depends on age (employment, wishes, return, policies) would read as "not asked"
and its answer as one to remove. Here such a condition is *undecided* instead, and the
questions under it keep their answers until it can be decided (docs/forms.md, "Unknown is
not false"; docs/decisions.md 25).

A value is *unknown* when the question that gives it is asked and

- holds an answer that is not valid: of the wrong type, an invalid ID number, a choice that
  is not in its list; or
- is required and has no answer;

and a calculation reading an unknown value is unknown, as is the answer of an undecided
question. Relevance is evaluated again in three values (Kleene's logic: ``false and unknown``
is false, ``true or unknown`` is true, anything else that reads an unknown value is unknown);
a question or group whose relevance comes out unknown is undecided, and so is everything
inside an undecided group unless its own condition is false.

Every source of an unknown value is also an error finding, so a record that may be saved as
complete has nothing undecided: its evaluation, its findings and every figure computed from it
are what they were. Only drafts and records with errors see the difference: validation does not
call the kept answers "not asked" and ``clean_household`` keeps them.

The analysis reads a finished ``HouseholdState`` and is done only when asked (validation asks
when it meets an answer to a question that is not asked; cleaning and the editor always), so
the figures' hot path (``evaluate_household``) does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import idnumber
from .expr_eval import _FUNCTION_BUILDERS, Ctx, Expression, is_empty, to_bool
from .expr_parser import (
    NODESET_FUNCTIONS,
    BinOp,
    Call,
    Current,
    Neg,
    Node,
    Num,
    Parent,
    Ref,
    Str,
    references,
)
from .expr_values import BINARY, to_number
from .model import Form, QType, Question
from .state import HouseholdState, Instance

__all__ = ["UNKNOWN", "Undecided", "instance_path", "undecidable", "undecided_in"]


class _Unknown:
    """The third truth value (and any value that cannot be known yet)."""

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # pragma: no cover - a bug if ever asked
        raise TypeError("UNKNOWN has no truth value")


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Undecided:
    """What cannot be decided yet in one household.

    ``household`` and ``members[i]`` name the questions and groups whose relevance is
    undecided (their answers are kept); ``unknown``/``members_unknown`` the values that are
    unknown (the sources above, and what reads them). ``instances`` and
    ``instances_unknown`` are the same for each instance of a repeat besides the members
    (decision 59), by the instance's path as findings name it (``members[2]/jobs[1]``).
    """

    household: frozenset[str] = frozenset()
    members: tuple[frozenset[str], ...] = ()
    unknown: frozenset[str] = frozenset()
    members_unknown: tuple[frozenset[str], ...] = ()
    instances: Mapping[str, frozenset[str]] = field(default_factory=dict)
    instances_unknown: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def of(self, member: int | None = None) -> frozenset[str]:
        """The undecided names of the household (``None``) or of member ``member``."""
        if member is None:
            return self.household
        return self.members[member] if member < len(self.members) else frozenset()

    def is_undecided(self, name: str, member: int | None = None) -> bool:
        return name in self.of(member)

    def in_instance(self, path: str) -> frozenset[str]:
        """The undecided names of the instance at ``path`` (``members[2]/jobs[1]``)."""
        return self.instances.get(path, frozenset())

    def __bool__(self) -> bool:
        return bool(self.household) or any(self.members) or any(self.instances.values())


NOTHING = Undecided()


def undecided_in(state: HouseholdState) -> Undecided:
    """The undecided relevance of ``state`` (computed once per state, then kept on it)."""
    found = state.__dict__.get("_undecided")
    if found is None:
        found = _analyse(state)
        state.__dict__["_undecided"] = found
    return found


def instance_path(instance: Instance) -> str:
    """An instance's path as findings name it: ``members[2]/jobs[1]`` (1-based)."""
    return "/".join(f"{i.level[-1]}[{i.position}]" for i in instance.ctx.path[1:])


def undecidable(state: HouseholdState, expr: Expression, member: int | None = None,
                current: Any = None, instance: Instance | None = None) -> bool:
    """Whether ``expr`` (a constraint, a warning, a ``required`` condition) cannot be decided
    for the household, member ``member`` or ``instance`` of a repeat besides the members,
    because it reads an unknown value: such a check neither passes nor fails until it can be
    decided (``validate.py`` reports nothing)."""
    kept = undecided_in(state)
    if not kept.unknown and not any(kept.members_unknown) and not any(
            kept.instances_unknown.values()):
        return False
    members = [set(u) for u in kept.members_unknown]
    ev = _Eval(state.form, set(kept.unknown), members)
    ev.any_member_unknown = set().union(*members)
    if state.root is not None:
        ev.tree(state)
        for path, names in kept.instances_unknown.items():
            found = ev.by_path.get(path)
            if found is not None:
                ev.unknown_of(found).update(names)
    if instance is not None:
        ev.at_instance(instance)
        instance.ctx.current = current
        return ev.truth(expr, instance.ctx) is UNKNOWN
    ev.at(member)
    return ev.truth(expr, _at(state.context(member), current)) is UNKNOWN


# -- the sources -------------------------------------------------------------------------------
def _sources(form: Form, questions: Iterable[Question], ctx: Ctx, raw: dict[str, Any],
             values: dict[str, Any], relevant: dict[str, bool], state: HouseholdState
             ) -> set[str]:
    """Asked questions whose answer is missing though required, or not valid."""
    found = set()
    for q in questions:
        name = q.name
        if not relevant.get(name, False):
            continue
        answer = raw.get(name)
        if is_empty(answer):
            if q.required or (q.required_if is not None
                              and q.required_if.test(_at(ctx, None))):
                found.add(name)
            continue
        value = values.get(name)
        if value is None:
            found.add(name)                                     # wrong type
        elif q.type is QType.ID_NUMBER:
            if not idnumber.inspect(value, state.today).ok:
                found.add(name)
        elif q.choices is not None and q.choice_filter is None:
            given = value if isinstance(value, tuple) else (value,)
            if any(v not in q.choices for v in given):
                found.add(name)
    return found


def _at(ctx: Ctx, current: Any) -> Ctx:
    ctx.current = current
    return ctx


def _answered(form: Form, member: bool) -> list[Question]:
    table = form.member_fields if member else form.fields
    return [q for q in table.values() if q.type.holds_answer and q.calculation is None]


# -- three-valued evaluation ------------------------------------------------------------------
class _Eval:
    """One household's expressions in three values, given what is unknown."""

    def __init__(self, form: Form, hh_unknown: set[str], members_unknown: list[set[str]]
                 ) -> None:
        self.member_names = frozenset(form.member_fields)
        self.repeat = form.repeat.name if form.repeat is not None else None
        self.hh_unknown = hh_unknown
        self.members_unknown = members_unknown
        self.local_unknown: set[str] = set()
        self.any_member_unknown: set[str] = set()   # the union of members_unknown
        self.in_member = False
        self._aggregated: dict[int, frozenset[str]] = {}
        self.calls: Any = {}
        # Repeats besides the members (decision 59): the chain of repeats each of their
        # questions is in, what is unknown in each instance (by id), in any instance of each
        # repeat (for nodesets), and the instance evaluated (None: household or member).
        self.chains: dict[str, tuple[str, ...]] = {
            name: tuple(r.name for r in q.repeat.chain)
            for name, q in form.repeat_fields.items() if q.repeat is not None}
        self.instance_unknown: dict[int, set[str]] = {}
        self.by_path: dict[str, Instance] = {}
        self.root: Instance | None = None
        self.path: tuple[Instance, ...] = ()     # from the household to the one evaluated

    def at(self, member: int | None) -> _Eval:
        self.in_member = member is not None
        self.local_unknown = self.members_unknown[member] if member is not None else set()
        if self.root is not None:
            self.path = (self.root,) if member is None else (
                self.root, self.root.repeats[self.repeat][member])   # type: ignore[index]
        return self

    def tree(self, state: HouseholdState) -> None:
        """Know the instances of ``state``: the household's and members' unknown sets are
        theirs; every other instance gets its own, found by path too."""
        assert state.root is not None
        self.root = state.root
        self.instance_unknown[id(state.root)] = self.hh_unknown
        members = state.form.repeat.name if state.form.repeat is not None else None
        for i, member in enumerate(state.root.repeats.get(members, []) if members else []):
            self.instance_unknown[id(member)] = self.members_unknown[i]
        for found in state.instances.values():
            for instance in found:
                self.instance_unknown[id(instance)] = set()
                self.by_path[instance_path(instance)] = instance

    def unknown_of(self, instance: Instance) -> set[str]:
        return self.instance_unknown.setdefault(id(instance), set())

    def at_instance(self, instance: Instance) -> _Eval:
        """Evaluate in ``instance`` of a repeat besides the members (under its member, if
        any: that member's answers are its own)."""
        path = instance.ctx.path
        member = path[1] if len(path) > 1 and self.repeat is not None and \
            path[1].level == (self.repeat,) else None
        self.in_member = member is not None
        self.local_unknown = self.unknown_of(member) if member is not None else set()
        self.path = tuple(path)
        return self

    def repeat_unknown(self, name: str) -> bool | None:
        """For a question of a repeat besides the members: whether a value ``${name}`` reads
        from here is unknown (the one instance around this one, else any of the instances
        it names under the instance both share: the nodeset pyxform's path gives); None for
        any other name."""
        chain = self.chains.get(name)
        if chain is None:
            return None
        path = self.path
        levels = [i.level[-1] for i in path[1:]]
        shared = 0
        while shared < min(len(chain), len(levels)) and chain[shared] == levels[shared]:
            shared += 1
        if not path:
            return False
        nodes = [path[shared]]
        for repeat in chain[shared:]:
            nodes = [kid for n in nodes for kid in n.repeats.get(repeat, ())]
        return any(name in self.unknown_of(n) for n in nodes)

    def aggregated(self, expr: Expression) -> frozenset[str]:
        """The names ``expr`` reads inside ``count()``/``sum()`` (over every member)."""
        found = self._aggregated.get(id(expr))
        if found is None:
            found = self._aggregated[id(expr)] = frozenset(
                name for name, inside, _pos in references(expr.tree) if inside)
        return found

    def touches_unknown(self, expr: Expression) -> bool:
        """Whether ``expr`` reads a value that is unknown (else its two-valued result is
        the answer)."""
        for name in expr.refs:
            other = self.repeat_unknown(name) if self.chains else None
            if other is not None:
                if other:
                    return True
            elif name in self.member_names:
                if self.in_member and name in self.local_unknown:
                    return True
            elif name in self.hh_unknown:
                return True
        return any(name in self.any_member_unknown for name in self.aggregated(expr))

    def value(self, expr: Expression, ctx: Ctx) -> Any:
        if not self.touches_unknown(expr):
            return expr.fn(ctx)
        self.calls = expr.calls
        return self.node(expr.tree, ctx)

    def truth(self, expr: Expression, ctx: Ctx) -> Any:
        if not self.touches_unknown(expr):
            return bool(expr.test(ctx))
        self.calls = expr.calls
        value = self.node(expr.tree, ctx)
        return value if value is UNKNOWN else to_bool(value)

    def node(self, n: Node, ctx: Ctx) -> Any:  # noqa: C901, PLR0911, PLR0912 - one per node kind
        if isinstance(n, Num | Str):
            return n.value
        if isinstance(n, Ref):
            other = self.repeat_unknown(n.name) if self.chains else None
            if other is not None:
                return UNKNOWN if other else self.calls_ref(n, ctx)
            if self.in_member and n.name in self.member_names:
                return UNKNOWN if n.name in self.local_unknown else ctx.local.get(n.name)
            return UNKNOWN if n.name in self.hh_unknown else ctx.hh.get(n.name)
        if isinstance(n, Current):
            return ctx.current
        if isinstance(n, Neg):
            v = self.node(n.operand, ctx)
            return v if v is UNKNOWN else -to_number(v)
        if isinstance(n, BinOp):
            if n.op in ("and", "or"):
                return self.connective(n, ctx)
            a, b = self.node(n.left, ctx), self.node(n.right, ctx)
            return UNKNOWN if a is UNKNOWN or b is UNKNOWN else BINARY[n.op](a, b)
        if isinstance(n, Call):
            return self.call(n, ctx)
        if isinstance(n, Parent):  # pragma: no cover - only inside position(..)
            return ctx.position
        return ctx.choice.get(getattr(n, "name", ""))      # a bare name (choice_filter)

    def connective(self, n: BinOp, ctx: Ctx) -> Any:
        """Kleene: ``and`` is false if one side is false, ``or`` true if one side is true."""
        decisive = n.op == "or"
        unknown = False
        for side in (n.left, n.right):
            v = self.node(side, ctx)
            if v is UNKNOWN:
                unknown = True
            elif to_bool(v) is decisive:
                return decisive
        return UNKNOWN if unknown else not decisive

    @staticmethod
    def calls_ref(n: Ref, ctx: Ctx) -> Any:
        """The value of ``${name}`` of a repeat besides the members, one instance on the
        path (a bare reference to it is compiled only where it has one value)."""
        chain_at = next((i for i in reversed(ctx.path) if n.name in i.values), None)
        return chain_at.values.get(n.name) if chain_at is not None else None

    def call(self, n: Call, ctx: Ctx) -> Any:  # noqa: PLR0911 - one per special function
        name, args = n.name, n.args
        if self.chains and name in NODESET_FUNCTIONS and any(
                ref in self.chains for ref, _inside, _pos in references(n)):
            # a nodeset over a repeat besides the members: unknown if any value it reads is
            # (any instance of that repeat), else as compiled
            for ref, _inside, _pos in references(n):
                if self.repeat_unknown(ref) or ref in self.any_member_unknown or (
                        ref not in self.member_names and ref not in self.chains
                        and ref in self.hh_unknown):
                    return UNKNOWN
            return self.calls[id(n)](ctx)
        if name in ("count", "sum"):
            return self.aggregate(n, ctx)
        if name == "position":
            return ctx.position
        if name == "if":
            cond = self.node(args[0], ctx)
            if cond is UNKNOWN:
                a, b = self.node(args[1], ctx), self.node(args[2], ctx)
                same = a is not UNKNOWN and b is not UNKNOWN and type(a) is type(b) and a == b
                return a if same else UNKNOWN
            return self.node(args[1] if to_bool(cond) else args[2], ctx)
        if name == "coalesce":
            for arg in args:
                v = self.node(arg, ctx)
                if v is UNKNOWN or not is_empty(v):
                    return v
            return None
        if name == "not":
            v = self.node(args[0], ctx)
            return v if v is UNKNOWN else not to_bool(v)
        if name in NODESET_FUNCTIONS:   # max(), join() … of every member's answers
            for ref, _inside, _pos in references(n):
                if ref in self.any_member_unknown or (
                        ref not in self.member_names and ref in self.hh_unknown):
                    return UNKNOWN
            return self.calls[id(n)](ctx)
        values = [self.node(a, ctx) for a in args]
        if any(v is UNKNOWN for v in values):
            return UNKNOWN
        if args and name in _FUNCTION_BUILDERS:
            return _FUNCTION_BUILDERS[name]([lambda c, v=v: v for v in values])(ctx)
        return self.calls[id(n)](ctx)      # once(), jr:choice-name() …: nothing unknown read

    def aggregate(self, n: Call, ctx: Ctx) -> Any:
        arg = n.args[0]
        if not isinstance(arg, Ref) or arg.name == self.repeat:
            return len(ctx.members)
        name = arg.name
        if name in self.member_names:
            if name in self.any_member_unknown:
                return UNKNOWN
            values = [m.get(name) for m in ctx.members]
        else:
            if name in self.hh_unknown:
                return UNKNOWN
            values = [ctx.hh.get(name)]
        present = [v for v in values if not is_empty(v)]
        if n.name == "count":
            return len(present)
        total: float | int = 0
        for v in present:
            total += to_number(v)
        return int(total) if isinstance(total, float) and total.is_integer() else total


def _and(parent: Any, own: Any) -> Any:
    if parent is False or own is False:
        return False
    if parent is UNKNOWN or own is UNKNOWN:
        return UNKNOWN
    return True


# -- the analysis -----------------------------------------------------------------------------
def _analyse(state: HouseholdState) -> Undecided:  # noqa: C901, PLR0912 - one walk of the plan
    form = state.form
    if form.plan is None:
        return NOTHING
    hh_src = _sources(form, _answered(form, False), state.ctx, state.raw, state.values,
                      state.relevant, state)
    member_questions = _answered(form, True)
    members_src = [_sources(form, member_questions, state.member_ctx[i], state.member_raw[i],
                            state.members[i], state.members_relevant[i], state)
                   for i in range(len(state.members))]
    # each instance of a repeat besides the members: its own sources (decision 59)
    instances_src: dict[int, set[str]] = {}
    for level, found in state.instances.items():
        asked = [q for q in form.repeats[level[-1]].fields().values()
                 if q.type.holds_answer and q.calculation is None]
        for instance in found:
            instances_src[id(instance)] = _sources(form, asked, instance.ctx, instance.raw,
                                                   instance.values, instance.relevant, state)
    if not hh_src and not any(members_src) and not any(instances_src.values()):
        return NOTHING
    hh_unknown: set[str] = set()
    members_unknown: list[set[str]] = [set() for _ in state.members]
    hh_undecided: set[str] = set()
    members_undecided: list[set[str]] = [set() for _ in state.members]
    ev = _Eval(form, hh_unknown, members_unknown)
    undecided_at: dict[int, set[str]] = {}
    if state.root is not None:
        ev.tree(state)
        undecided_at[id(state.root)] = hh_undecided
        for i, member in enumerate(state.root.repeats.get(ev.repeat, []) if ev.repeat else []):
            undecided_at[id(member)] = members_undecided[i]
    for step in form.plan.steps:
        if step.in_repeat:
            targets = [(i, state.member_ctx[i], state.members_relevant[i], members_src[i],
                        members_unknown[i], members_undecided[i], None)
                       for i in range(len(state.members))]
        elif step.level:
            targets = [(None, i.ctx, i.relevant, instances_src.get(id(i), set()),
                        ev.unknown_of(i), undecided_at.setdefault(id(i), set()), i)
                       for i in state.instances.get(step.level, [])]
        else:
            targets = [(None, state.ctx, state.relevant, hh_src, hh_unknown, hh_undecided,
                        None)]
        for member, ctx, relevant, sources, unknown, undecided_names, instance in targets:
            if instance is not None:
                ev.at_instance(instance)
            else:
                ev.at(member)
            ctx.current = None     # `.` / current() in a relevant: the question's own answer
            if step.question is not None:
                ctx.current = (instance.raw if instance is not None else state.raw
                               if member is None else state.member_raw[member]).get(step.name)
            parent = step.parent
            if parent is None:
                above: Any = True
            elif parent in undecided_names:
                above = UNKNOWN
            else:
                above = relevant.get(parent, False)
            own: Any = True
            if above is not False and isinstance(step.relevant, Expression):
                own = ev.truth(step.relevant, ctx)
            elif above is not False and step.relevant is not None:
                own = bool(relevant.get(step.name, False))
            rel = _and(above, own)
            if rel is UNKNOWN:
                undecided_names.add(step.name)
                is_unknown = step.question is not None
                if step.repeat and state.root is not None:
                    # an undecided repeat: each of its instances here is undecided too
                    owner = instance or (state.root if member is None else
                                         state.root.repeats[ev.repeat][member])
                    for kid in owner.repeats.get(step.name, ()):
                        undecided_at.setdefault(id(kid), set()).add(step.name)
            elif rel and step.question is not None:
                calc = step.calculation
                if isinstance(calc, Expression):
                    is_unknown = ev.value(calc, ctx) is UNKNOWN
                else:
                    is_unknown = step.name in sources
            else:
                is_unknown = False
            if is_unknown:
                unknown.add(step.name)
                if member is not None:
                    ev.any_member_unknown.add(step.name)
    paths = {id(i): p for p, i in ev.by_path.items()}
    return Undecided(frozenset(hh_undecided), tuple(frozenset(u) for u in members_undecided),
                     frozenset(hh_unknown), tuple(frozenset(u) for u in members_unknown),
                     {paths[k]: frozenset(v) for k, v in undecided_at.items()
                      if k in paths and v},
                     {paths[k]: frozenset(ev.instance_unknown[k]) for k in paths
                      if ev.instance_unknown.get(k)})
