"""The analysts' files of the repeats besides the members (decision 59): a list of jobs inside
each member, 帮扶措施 beside the members, a list inside an instance of either.

One file per repeat (``<repeat>.<fmt>``, beside households and persons), a row per instance,
as ODK Central's export writes a repeat (``<form>-<repeat>.csv``, lib/data/briefcase.js):
the household's keys, the person's ``member_no`` and ``member_uuid`` for a list inside the
members, the number of each instance around it (``<repeat>_no``), its own number, its answers
(as in persons: blank when not asked), then ``PARENT_KEY`` (the owner's UUID: the household,
the member or the instance it is in) and ``KEY`` (the instance's own UUID), in Central's
order. The household is evaluated under the form for these rows (answers that are not
relevant are blank, as in the ledger's sheet per repeat).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mopai import forms
from mopai.forms.model import Repeat

from .export_vars import FILES, Row, Var, _answer_vars, _key_vars, _named, _text
from .household_facts import answer_names
from .stata import DataColumn


@dataclass
class InstanceRow:
    """One instance as the export's variables read it (``Row``'s interface: ``record``,
    ``status``, ``value``)."""

    record: dict[str, Any]
    status: str | None
    values: dict[str, Any]
    member: int | None                   # the person's index for a list inside the members
    around: list[int]                    # the numbers of the instances around it
    position: int
    key: str | None
    parent_key: str | None

    def value(self, name: str, _member: int | None = None) -> Any:
        value = self.values.get(name)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple):
            return list(value)
        return value


def repeat_files(form: forms.Form) -> dict[str, str]:
    """Each repeat besides the members by name, and its file's name without the extension
    (the repeat's own name; one that is the name of another file gets ``repeat_``)."""
    return {name: f"repeat_{name}" if name in FILES or name == "codebook" else name
            for name in form.repeats}


def repeat_vars(form: forms.Form, repeat: Repeat) -> list[Var]:
    """The variables of a repeat's file: the keys, the numbers around, its own, its answers,
    PARENT_KEY and KEY."""
    members = form.repeat
    in_members = bool(members is not None and repeat.chain[0] is members)
    # the person's member_no and member_uuid are read at the row's member (``get(r, r.member)``)
    out = _key_vars(person=in_members)
    depth = 0
    for outer in repeat.chain[:-1]:
        if outer is members:
            continue
        label = outer.label.get("zh_CN") or outer.name
        out.append(Var(DataColumn(f"{outer.name}_no", f"{label}序号", "long"), "整数", "键",
                       lambda r, _i, d=depth: r.around[d], outer.name))
        depth += 1
    label = repeat.label.get("zh_CN") or repeat.name
    out.append(Var(DataColumn(f"{repeat.name}_no", f"{label}序号", "long"), "整数", "键",
                   lambda r, _i: r.position, repeat.name))
    questions = list(repeat.fields().values())
    for q in questions:
        if q.name in answer_names([q]):
            out += _answer_vars(q, member=False)
    out += [Var(DataColumn("PARENT_KEY", "所属记录UUID（户、成员或外层条目）", "str"), "文本", "键",
                lambda r, _i: _text(r.parent_key)),
            Var(DataColumn("KEY", "本条目UUID", "str"), "文本", "键",
                lambda r, _i: _text(r.key))]
    return _named(out)


def instance_rows(form: forms.Form, row: Row, settings: forms.CountySettings,
                  day: dt.date) -> Iterator[tuple[str, InstanceRow]]:
    """(repeat name, row) for every instance of a repeat besides the members in ``row``'s
    household, owners before what they hold, in the record's order."""
    if not form.repeats:
        return
    state = forms.evaluate_household(form, row.record, settings=settings, today=day)
    if state.root is None:
        return
    members = form.repeat.name if form.repeat is not None else None

    def walk(owner: Any, member: int | None, around: list[int], parent: Any
             ) -> Iterator[tuple[str, InstanceRow]]:
        for name, instances in owner.repeats.items():
            for instance in instances:
                if name == members:
                    yield from walk(instance, instance.position - 1, [], instance.uuid)
                    continue
                if name not in form.repeats:
                    continue
                yield name, InstanceRow(row.record, row.status, instance.values, member,
                                        around, instance.position, instance.uuid, parent)
                yield from walk(instance, member, [*around, instance.position], instance.uuid)
    yield from walk(state.root, None, [], row.record.get("uuid"))
