"""``${name}`` in labels, hints and messages: ODK's ``<output>``, filled with current answers.

pyxform turns ``${name}`` inside a label, hint, constraint or required message into
``<output value="/data/name"/>``: the text shows the question's current value, empty while it
is unanswered or not relevant. The loader checks every such reference like one in an
expression (the question must exist and be in reach: a member's answer from a household text
is refused); ``fill_text`` fills a text for the household or one member.

One difference, on purpose: ODK shows a select's value as it is stored, its choice *name*
(``migrant``); Mopai shows the choice's label in the display language (外出务工), since the
names of Mopai's lists are internal ASCII codes a cadre never sees (docs/decisions.md). A form
written for ODK that wants the label uses ``jr:choice-name()``, which gives the same text in
both. Several choices are joined with "、" (Chinese) or ", ".

A choice's label may hold ``${name}`` too (pyxform writes an output in the choice's itext,
javarosa shows it): it is checked at form check for each select using the list, filled in the
editor's lists with the select's own answers, in a text showing that select's value, and in
``jr:choice-name()``'s result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .expr_values import to_str
from .model import Question
from .state import HouseholdState, Instance

OUTPUT = re.compile(r"\$\{([^}]*)\}")


def references(text: str) -> list[tuple[str, int]]:
    """``(name, 1-based position)`` of each ``${name}`` in a text."""
    return [(m.group(1), m.start() + 1) for m in OUTPUT.finditer(text or "")]


def unfilled(text: str) -> str:
    """A text with each ``${name}`` shown as "…": a choice's label where no household is at
    hand (a filter's list of choices for every household: “${head}的配偶” → “…的配偶”),
    rather than the designer's reference (decision 67)."""
    return OUTPUT.sub("…", text) if "${" in text else text


def display(q: Question | None, value: Any, lang: str = "zh_CN",
            fill: Callable[[str], str] | None = None) -> str:
    """A value as a label shows it: '' when empty, a choice's label (its own ``${}`` filled
    by ``fill``, when given), a date as YYYY-MM-DD."""
    if value is None or value == "":
        return ""
    if q is not None and q.choices is not None:
        names = list(value) if isinstance(value, list | tuple) else to_str(value).split()
        labels = [q.choices.label(n, lang) for n in names]
        if fill is not None:
            labels = [fill(t) if "${" in t else t for t in labels]
        return ("、" if lang.startswith("zh") else ", ").join(labels)
    if isinstance(value, float) and value != value:
        return ""
    return to_str(value)


def fill_text(text: str, state: HouseholdState, member: int | None = None,
              lang: str = "zh_CN", *, instance: Instance | None = None) -> str:
    """``text`` with each ``${name}`` replaced by the current value (a member's question for a
    member's text, else the household's; for an ``instance`` of another repeat, the nearest
    of it and the instances that hold it)."""
    if not text or "${" not in text:
        return text
    form = state.form

    def value(match: re.Match[str], inner: Callable[[str], str] | None) -> str:
        # a select's value shows its choice's label, whose own ${} is filled once more
        # (``inner``; not again inside that: a label cannot loop through another)
        name = match.group(1)
        if instance is not None:       # an instance's text: its own answers, then its owners'
            for owner in reversed(instance.ctx.path):
                if name in owner.values:
                    q = (form.repeat_fields.get(name) or form.member_fields.get(name)
                         ) if owner.level else form.fields.get(name)
                    return display(q, owner.values[name], lang, inner)
            return ""
        if member is not None and name in form.member_fields:
            return display(form.member_fields[name], state.value(name, member), lang, inner)
        if name in form.fields:
            return display(form.fields[name], state.value(name), lang, inner)
        return ""

    def plain(text: str) -> str:
        return OUTPUT.sub(lambda m: value(m, None), text)
    return OUTPUT.sub(lambda m: value(m, plain), text)
