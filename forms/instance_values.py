"""Values set inside the instances of repeats besides the members (decision 59), as javarosa
sets them: a dynamic ``default`` when an instance is added (pyxform's ``setvalue`` on
``odk-new-repeat``, evaluated in the new instance: ``position(..)`` is its number), a
``trigger`` (``setvalue`` on ``xforms-value-changed``) and ``once()`` kept per instance.

An instance is addressed by its steps from the household, ``(("members", 1), ("jobs", 0))``
(0-based indices; the members' step names the members repeat): the same steps as
``HouseholdState.instance``. forms/triggers.py and forms/defaults.py use these for the
questions inside such repeats; the editor calls those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from .defaults import answer
from .expr_values import is_empty
from .model import Form, Question
from .settings import CountySettings
from .state import HouseholdState, Instance, evaluate_household

Steps = tuple[tuple[str, int], ...]
# Where an answer is: None (the household), a member's index, or an instance's steps.
At = int | Steps | None


def steps_of(at: At, members: str) -> Steps:
    """``at`` as steps: a member's index is the members' one step."""
    if at is None:
        return ()
    if isinstance(at, int):
        return ((members, at),)
    return at


def instances(state: HouseholdState) -> Iterator[tuple[Steps, Instance]]:
    """Every instance of a repeat besides the members, with its steps, owners first."""
    if state.root is None:
        return
    members = state.form.repeat.name if state.form.repeat is not None else ""

    def walk(owner: Instance, steps: Steps) -> Iterator[tuple[Steps, Instance]]:
        for name, found in owner.repeats.items():
            for i, instance in enumerate(found):
                here = (*steps, (name, i))
                if name != members:
                    yield here, instance
                yield from walk(instance, here)
    yield from walk(state.root, ())


def record_at(household: Mapping[str, Any], steps: Steps) -> Any:
    """The record of the instance at ``steps`` (a member's, or an instance's under
    ``repeats``)."""
    node: Any = household
    for name, i in steps:
        listed = (node.get("repeats") or {}).get(name)
        node = listed[i] if listed is not None else node["members"][i]
    return node


def in_reach(target: Steps, changed: Steps) -> bool:
    """Whether the instance at ``target`` is reached from a change at ``changed``: the two
    agree on every repeat they are both in (a change in an owner reaches every instance
    inside it; a change in an instance, itself and what is inside it)."""
    shared = 0
    while shared < min(len(target), len(changed)) and target[shared][0] == changed[shared][0]:
        shared += 1
    return target[:shared] == changed[:shared]


def triggered(form: Form, state: HouseholdState, listeners: list[Question],
              changed: Steps) -> list[tuple[Steps, str, Any]]:
    """For each listener inside a repeat besides the members: its calculation's value in each
    instance the change reaches where it is asked (javarosa: the same instance for a
    trigger inside it; Mopai sets every instance reached for a trigger outside it, as for
    the members, where javarosa stops at more than one)."""
    updates: list[tuple[Steps, str, Any]] = []
    for steps, instance in instances(state):
        level = instance.level[-1]
        for q in listeners:
            if q.repeat is None or q.repeat.name != level or not in_reach(steps, changed):
                continue
            if not instance.relevant.get(q.name, False):
                continue
            value = q.trigger_calc(instance.ctx) if q.trigger_calc is not None else None
            updates.append((steps, q.name, answer(q, value)))
    return updates


def kept(form: Form, state: HouseholdState) -> list[tuple[Steps, str, Any]]:
    """``once()`` values of the instances' questions the record does not hold yet."""
    keeping = [q for q in form.repeat_fields.values()
               if q.keeps_value and q.calculation is not None and not q.trigger]
    if not keeping:
        return []
    found: list[tuple[Steps, str, Any]] = []
    for steps, instance in instances(state):
        for q in keeping:
            if q.repeat is None or q.repeat.name != instance.level[-1]:
                continue
            value = instance.values.get(q.name)
            if is_empty(instance.raw.get(q.name)) and not is_empty(value):
                found.append((steps, q.name, answer(q, value)))
    return found


def new_instance_fields(form: Form, household: Mapping[str, Any], owner: Steps, repeat: str,
                        fields: Mapping[str, Any] | None = None, *,
                        settings: CountySettings | None = None,
                        today: dt.date | None = None) -> dict[str, Any]:
    """The answers of a new instance of ``repeat`` appended under the instance at ``owner``
    (``()``: the household): ``fields``, its static defaults, then its dynamic defaults
    evaluated in the new instance (javarosa's ``odk-new-repeat``), in the order their
    references need. The household is not changed."""
    questions = [q for q in form.repeats[repeat].fields().values()
                 if q.type.holds_answer and not q.is_derived]
    values = dict(fields or {})
    for q in questions:
        if q.default_value is not None and is_empty(values.get(q.name)):
            values[q.name] = q.default_value
    dynamic = [q for q in form.default_order if q in questions and q.default_expr is not None]
    if not dynamic:
        return values
    record = _copy_path(household, owner)
    holder = record_at(record, owner)
    kept_repeats = holder.setdefault("repeats", {})
    listed = kept_repeats[repeat] = [*(kept_repeats.get(repeat) or []),
                                     {"uuid": None, "fields": values}]
    steps = (*owner, (repeat, len(listed) - 1))
    for q in dynamic:
        if not is_empty(values.get(q.name)):
            continue
        state = evaluate_household(form, record, settings=settings, today=today)
        instance = state.instance(*steps)
        value = answer(q, q.default_expr(instance.ctx))
        if value is not None:
            values[q.name] = value
    return dict(values)


def _copy_path(household: Mapping[str, Any], owner: Steps) -> dict[str, Any]:
    """A copy of the record deep enough along ``owner`` to append an instance there without
    touching the original."""
    record = {**household, "members": list(household.get("members") or []),
              "repeats": dict(household.get("repeats") or {})}
    node: dict[str, Any] = record
    for name, i in owner:
        if name in node.get("repeats", {}):
            listed = node["repeats"][name] = list(node["repeats"][name])
        else:
            listed = node["members"]
        copied = {**listed[i], "repeats": dict(listed[i].get("repeats") or {})}
        listed[i] = copied
        node = copied
    return record
