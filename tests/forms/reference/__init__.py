"""The household evaluation and validation as they were before the speed work, for comparison.

The modules here are copies of ``forms/{expr_values,expr_eval,idnumber,state,validate,rules}.py``
at commit a0e685d (before ``forms`` was made faster); only their imports of modules the speed
work did not touch (``expr_parser``, ``model``, ``findings``, ``settings``) were pointed at
``forms``. Do not "fix" or speed them up: they are the specification the fast path is tested
against (``tests/forms/test_equivalence.py``). A deliberate change of behaviour in ``forms``
must be made here too, in its own commit that says so.

``reference_form(form)`` is a copy of a loaded form whose every expression is recompiled by
the reference compiler and whose evaluation plan is rebuilt by the reference ``build_plan``,
so nothing of the fast path is used when the reference evaluates or validates.

One deliberate change since a0e685d (issue 15, "unknown is not false"): an answer whose
question's relevance cannot be decided yet is not reported as ``not_relevant``, and a
constraint, warning or ``required`` condition that reads an unknown value reports nothing.
Which those are is ``forms/undecided.py``'s three-valued analysis, tested on its own in
``tests/forms/test_undecided.py``; the reference takes it from there and drops those findings,
so everything else it says is still the a0e685d specification.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from mopai.forms.findings import Finding
from mopai.forms.model import Form, Group, Question, Repeat
from mopai.forms.settings import SETTING_NAMES, CountySettings
from mopai.forms.state import evaluate_household as evaluate
from mopai.forms.undecided import undecidable, undecided_in

from . import expr_eval, state, validate

__all__ = ["evaluate_household", "reference_form", "validate_household"]

_EXPRESSIONS = ("relevant", "calculation", "constraint", "warning", "required_if",
                "choice_filter")
_FORMS: dict[int, tuple[Form, Form]] = {}


def _in_repeat(item: Question | Group) -> bool:
    node = item.parent
    while node is not None:
        if isinstance(node, Repeat):
            return True
        node = node.parent
    return False


def _scopes(items: list[Question | Group]) -> tuple[dict[str, expr_eval.Scope],
                                                     dict[str, expr_eval.Scope]]:
    """The loader's scopes (``forms/loader.py``, ``_Loader.expressions``)."""
    outside: dict[str, expr_eval.Scope] = {}
    for item in items:
        if isinstance(item, Repeat):
            outside[item.name] = expr_eval.Scope.REPEAT
        elif isinstance(item, Group):
            outside[item.name] = expr_eval.Scope.GROUP
        elif _in_repeat(item):
            outside.setdefault(item.name, expr_eval.Scope.MEMBER)
        else:
            outside[item.name] = expr_eval.Scope.HOUSEHOLD
    inside = dict(outside)
    inside.update({i.name: expr_eval.Scope.MEMBER for i in items
                   if isinstance(i, Question) and _in_repeat(i)})
    return outside, inside


def reference_form(form: Form) -> Form:
    """``form`` with the reference's compiled expressions and plan (cached per form)."""
    cached = _FORMS.get(id(form))
    if cached is not None and cached[0] is form:
        return cached[1]
    clone = copy.deepcopy(form)
    items = list(clone.walk())
    outside, inside = _scopes(items)
    for item in items:
        in_repeat = _in_repeat(item)
        for attr in _EXPRESSIONS:
            old = getattr(item, attr, None)
            if old is None:
                continue
            new = expr_eval.compile_expression(
                old.source, inside if in_repeat else outside, in_repeat=in_repeat,
                allow_bare=attr == "choice_filter", setting_names=SETTING_NAMES)
            object.__setattr__(item, attr, new)
    clone.plan, cycles = state.build_plan(clone)
    assert not cycles
    _FORMS[id(form)] = (form, clone)
    return clone


def evaluate_household(form: Form, household: Mapping[str, Any], *,
                       settings: CountySettings | None = None,
                       today: dt.date | None = None) -> state.HouseholdState:
    return state.evaluate_household(reference_form(form), household, settings=settings,
                                    today=today)


def validate_household(form: Form, household: Mapping[str, Any], *,
                       settings: CountySettings | None = None,
                       today: dt.date | None = None) -> list[Finding]:
    found = validate.validate_household(reference_form(form), household, settings=settings,
                                        today=today)
    state = evaluate(form, household, settings=settings, today=today)
    kept = undecided_in(state)
    return [f for f in found
            if not (f.code == "not_relevant" and kept.is_undecided(f.field, f.member_index))
            and not _undecided_check(form, state, f)]


def _undecided_check(form: Form, state: Any, finding: Finding) -> bool:
    """Whether ``finding`` is a constraint, warning or ``required`` condition of its question
    that cannot be decided yet (issue 15)."""
    member = finding.member_index
    table = form.fields if member is None else form.member_fields
    q = table.get(finding.field) if finding.field else None
    if q is None:
        return False
    value = state.value(q.name, member)
    checks = [(q.constraint_code, q.constraint, value), (q.warning_code, q.warning, value),
              (q.required_code, q.required_if, None)]
    return any(code == finding.code and expr is not None
               and undecidable(state, expr, member, current)
               for code, expr, current in checks)
