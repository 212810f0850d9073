"""Values a record keeps once computed: ``trigger`` (ODK's setvalue on a question's change)
and ``once()``.

``trigger`` (one or more ``${name}``, comma-separated, as pyxform reads it): the question's
``calculation`` is not recomputed on every change like a calculate; it is evaluated when one of
the named questions changes and the result is stored as the question's answer (pyxform's
``odk:setvalue`` on ``xforms-value-changed``); without a calculation the answer is cleared.
Until then the answer is what was stored, and a question that is not a calculate can still be
edited. ``once(expr)``: the first non-empty value is stored with the record and kept.

The editor asks ``triggered_values`` after each change and ``kept_values`` after each
evaluation, and writes what they give into the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .defaults import answer
from .expr_values import is_empty
from .model import Form
from .settings import CountySettings
from .state import HouseholdState, evaluate_household

Update = tuple[int | None, str, Any]     # (member index or None, question, answer or None)


def triggered_values(form: Form, household: Mapping[str, Any], name: str,
                     member: int | None = None, *, settings: CountySettings | None = None,
                     today: dt.date | None = None) -> list[Update]:
    """The answers set because question ``name`` (of member ``member``, or of the household)
    changed: each question triggered by it gets its calculation's value (None: cleared). A
    member's question triggered by a household question is set for every member."""
    changed_member = member is not None and name in form.member_fields
    listeners = [q for q in form.questions() if name in q.trigger]
    if not listeners:
        return []
    state = evaluate_household(form, household, settings=settings, today=today)
    updates: list[Update] = []
    for q in listeners:
        if q.in_repeat:
            targets = [member] if changed_member else list(range(len(state.members)))
        else:
            targets = [None]
        for at in targets:
            if not state.is_relevant(q.name, at):
                continue
            value = q.trigger_calc(state.context(at)) if q.trigger_calc is not None else None
            updates.append((at, q.name, answer(q, value)))
    return updates


def kept_values(form: Form, state: HouseholdState) -> list[Update]:
    """Values of ``once()`` calculations the record does not hold yet (to be stored)."""
    found: list[Update] = []
    for q in form.questions():
        if not (q.keeps_value and q.calculation is not None):
            continue
        for at in ([None] if not q.in_repeat else list(range(len(state.members)))):
            value = state.value(q.name, at)
            if not is_empty(state.raw_value(q.name, at)) or is_empty(value):
                continue
            found.append((at, q.name, answer(q, value)))
    return found


def apply(household: dict[str, Any], updates: list[Update]) -> None:
    """Write ``updates`` into the record (an answer of None removes it)."""
    for at, name, value in updates:
        fields = household["fields"] if at is None else household["members"][at]["fields"]
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
