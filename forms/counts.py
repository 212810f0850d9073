"""``repeat_count``: how many instances each owner must have, as the evaluated household says.

ODK Collect adds the instances ``jr:count`` asks for by itself; validation reports a count
that differs (``validate.py``, the ``repeat_count`` finding) and the editor adds the missing
instances itself, never removes any (docs/decisions.md 67). Both read the count here, so they
agree on when it is known: a count that is unanswered, not a number, or reads a value that is
unknown (``undecided.py``) is not known, and asks for nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .expr_values import to_number
from .model import Form, Repeat
from .state import HouseholdState, Instance
from .undecided import undecidable

Steps = tuple[tuple[str, int], ...]


def count_text(form: Form, repeat: Repeat, lang: str) -> str:
    """A repeat's ``repeat_count`` as a person reads it (a finding, the editor's line): each
    ``${name}`` in it as its question's label in ``lang`` (「应登记人数」), not the field
    names of the expression; a number as it is."""
    if repeat.count is None:
        return ""
    labels = {q.name: q.label.get(lang) or q.name for q in form.questions()}
    left, right = ("「", "」") if lang.startswith("zh") else ("“", "”")
    return re.sub(r"\$\{\s*([^}]+?)\s*\}",
                  lambda m: left + labels.get(m.group(1), m.group(1)) + right,
                  repeat.count.source)


def wanted(state: HouseholdState, repeat: Repeat, owner: Instance | None = None) -> int | None:
    """How many instances of ``repeat`` its owner must have (``owner``: the household or an
    instance holding it; None: the household, for the members), 0 when the repeat or its
    owner is not asked; None while the count is not known."""
    if repeat.count is None:
        return None
    ctx = state.context(None) if owner is None else owner.ctx
    number = to_number(repeat.count.fn(ctx))
    if not (number == number and math.isfinite(number)) or undecidable(
            state, repeat.count, None,
            instance=owner if owner is not None and owner.level else None):
        return None
    want = int(number) if repeat.relevant is None or repeat.relevant.test(ctx) else 0
    if owner is not None and owner.level and not owner.relevant.get(owner.level[-1], True):
        want = 0      # the owner instance itself is not asked
    return want


@dataclass(frozen=True)
class Count:
    """A repeat with a known count, under the owner at ``owner`` (steps from the household,
    ``()`` the household itself): ``want`` instances asked for, ``have`` held."""

    owner: Steps
    repeat: Repeat
    want: int
    have: int

    @property
    def prefix(self) -> str:
        """The path of its instances, as findings write it: ``members[2]/jobs``."""
        return "/".join([*(f"{name}[{i + 1}]" for name, i in self.owner), self.repeat.name])


def counts(form: Form, state: HouseholdState) -> list[Count]:
    """Every repeat with a ``repeat_count`` and a known count, under every owner, owners
    first (the members, then each owner's repeats in workbook order, depth first)."""
    found: list[Count] = []
    if form.repeat is not None and form.repeat.count is not None:
        want = wanted(state, form.repeat)
        if want is not None:
            found.append(Count((), form.repeat, want, len(state.members)))
    for steps, owner in _owners(form, state):
        for name, instances in owner.repeats.items():
            repeat = form.repeats.get(name)
            if repeat is None or repeat.count is None:
                continue
            want = wanted(state, repeat, owner)
            if want is not None:
                found.append(Count(steps, repeat, want, len(instances)))
    return found


def _owners(form: Form, state: HouseholdState) -> Iterator[tuple[Steps, Instance]]:
    """The household and every instance (members included), with its steps."""
    if state.root is None:
        return

    def walk(owner: Instance, steps: Steps) -> Iterator[tuple[Steps, Instance]]:
        yield steps, owner
        for name, found in owner.repeats.items():
            for i, instance in enumerate(found):
                yield from walk(instance, (*steps, (name, i)))
    yield from walk(state.root, ())
