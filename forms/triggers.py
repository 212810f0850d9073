"""Values a record keeps once computed: ``trigger`` (ODK's setvalue on a question's change)
and ``once()``.

``trigger`` (one or more ``${name}``, comma-separated, as pyxform reads it): the question's
``calculation`` is not recomputed on every change like a calculate; it is evaluated when one of
the named questions changes and the result is stored as the question's answer (pyxform's
``odk:setvalue`` on ``xforms-value-changed``); without a calculation the answer is cleared.
Until then the answer is what was stored, and a question that is not a calculate can still be
edited. ``once(expr)``: the first non-empty value is stored with the record and kept.

Inside the instances of repeats besides the members both work per instance
(forms/instance_values.py). The editor asks ``triggered_values`` after each change and
``kept_values`` after each evaluation, and writes what they give into the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .defaults import answer
from .expr_values import is_empty
from .instance_values import At, in_reach, kept, record_at, steps_of, triggered
from .model import Form
from .settings import CountySettings
from .state import HouseholdState, evaluate_household

# (where: None the household, a member's index, or an instance's steps from the household
# (forms/instance_values.py); the question; the answer or None)
Update = tuple[At, str, Any]


def triggered_values(form: Form, household: Mapping[str, Any], name: str,
                     member: At = None, *, settings: CountySettings | None = None,
                     today: dt.date | None = None) -> list[Update]:
    """The answers set because question ``name`` changed (of the household; of member
    ``member``; or of the instance at steps ``member`` of a repeat besides the members):
    each question triggered by it gets its calculation's value (None: cleared), evaluated
    where it is. A question in a repeat is set in the instances the change reaches: the
    changed one for a trigger in the same instance, every instance inside the changed one's
    owner for a trigger outside (a member's question triggered by a household question is
    set for every member)."""
    listeners = [q for q in form.questions() if name in q.trigger]
    listeners += [q for q in form.repeat_fields.values() if name in q.trigger]
    if not listeners:
        return []
    members = form.repeat.name if form.repeat is not None else ""
    changed = steps_of(member, members)
    state = evaluate_household(form, household, settings=settings, today=today)
    updates: list[Update] = []
    for q in listeners:
        if q.name in form.repeat_fields:
            continue
        if q.in_repeat:
            targets: list[int | None] = [
                i for i in range(len(state.members)) if in_reach(((members, i),), changed)]
        else:
            targets = [None]
        for at in targets:
            if not state.is_relevant(q.name, at):
                continue
            value = q.trigger_calc(state.context(at)) if q.trigger_calc is not None else None
            updates.append((at, q.name, answer(q, value)))
    inside = [q for q in listeners if q.name in form.repeat_fields]
    if inside:
        updates += triggered(form, state, inside, changed)
    return updates


def kept_values(form: Form, state: HouseholdState) -> list[Update]:
    """Values of ``once()`` calculations the record does not hold yet (to be stored), of the
    household, the members and the instances of other repeats."""
    found: list[Update] = []
    for q in form.questions():
        if not (q.keeps_value and q.calculation is not None):
            continue
        for at in ([None] if not q.in_repeat else list(range(len(state.members)))):
            value = state.value(q.name, at)
            if not is_empty(state.raw_value(q.name, at)) or is_empty(value):
                continue
            found.append((at, q.name, answer(q, value)))
    return found + kept(form, state)


def apply(household: dict[str, Any], updates: list[Update]) -> None:
    """Write ``updates`` into the record (an answer of None removes it)."""
    for at, name, value in updates:
        if at is None:
            fields = household["fields"]
        elif isinstance(at, int):
            fields = household["members"][at]["fields"]
        else:
            fields = record_at(household, at).setdefault("fields", {})
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
