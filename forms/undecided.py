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

from collections.abc import Iterable
from dataclasses import dataclass
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
from .state import HouseholdState

__all__ = ["UNKNOWN", "Undecided", "undecidable", "undecided_in"]


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
    unknown (the sources above, and what reads them).
    """

    household: frozenset[str] = frozenset()
    members: tuple[frozenset[str], ...] = ()
    unknown: frozenset[str] = frozenset()
    members_unknown: tuple[frozenset[str], ...] = ()

    def of(self, member: int | None = None) -> frozenset[str]:
        """The undecided names of the household (``None``) or of member ``member``."""
        if member is None:
            return self.household
        return self.members[member] if member < len(self.members) else frozenset()

    def is_undecided(self, name: str, member: int | None = None) -> bool:
        return name in self.of(member)

    def __bool__(self) -> bool:
        return bool(self.household) or any(self.members)


NOTHING = Undecided()


def undecided_in(state: HouseholdState) -> Undecided:
    """The undecided relevance of ``state`` (computed once per state, then kept on it)."""
    found = state.__dict__.get("_undecided")
    if found is None:
        found = _analyse(state)
        state.__dict__["_undecided"] = found
    return found


def undecidable(state: HouseholdState, expr: Expression, member: int | None = None,
                current: Any = None) -> bool:
    """Whether ``expr`` (a constraint, a warning, a ``required`` condition) cannot be decided
    for the household or member ``member`` because it reads an unknown value: such a check
    neither passes nor fails until it can be decided (``validate.py`` reports nothing)."""
    kept = undecided_in(state)
    if not kept.unknown and not any(kept.members_unknown):
        return False
    members = [set(u) for u in kept.members_unknown]
    ev = _Eval(state.form, set(kept.unknown), members)
    ev.any_member_unknown = set().union(*members)
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

    def at(self, member: int | None) -> _Eval:
        self.in_member = member is not None
        self.local_unknown = self.members_unknown[member] if member is not None else set()
        return self

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
            if name in self.member_names:
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

    def call(self, n: Call, ctx: Ctx) -> Any:  # noqa: PLR0911 - one per special function
        name, args = n.name, n.args
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
def _analyse(state: HouseholdState) -> Undecided:
    form = state.form
    if form.plan is None:
        return NOTHING
    hh_src = _sources(form, _answered(form, False), state.ctx, state.raw, state.values,
                      state.relevant, state)
    member_questions = _answered(form, True)
    members_src = [_sources(form, member_questions, state.member_ctx[i], state.member_raw[i],
                            state.members[i], state.members_relevant[i], state)
                   for i in range(len(state.members))]
    if not hh_src and not any(members_src):
        return NOTHING
    hh_unknown: set[str] = set()
    members_unknown: list[set[str]] = [set() for _ in state.members]
    hh_undecided: set[str] = set()
    members_undecided: list[set[str]] = [set() for _ in state.members]
    ev = _Eval(form, hh_unknown, members_unknown)
    for step in form.plan.steps:
        if step.in_repeat:
            targets = [(i, state.member_ctx[i], state.members_relevant[i], members_src[i],
                        members_unknown[i], members_undecided[i])
                       for i in range(len(state.members))]
        else:
            targets = [(None, state.ctx, state.relevant, hh_src, hh_unknown, hh_undecided)]
        for member, ctx, relevant, sources, unknown, undecided_names in targets:
            ev.at(member)
            ctx.current = None
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
    return Undecided(frozenset(hh_undecided), tuple(frozenset(u) for u in members_undecided),
                     frozenset(hh_unknown), tuple(frozenset(u) for u in members_unknown))
