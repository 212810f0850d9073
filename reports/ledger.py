"""The village ledger (台账): one row per person, with the household's fields beside it.

The layout is the summary workbook's (title, 填报单位, 统计时点, grouped header, frozen panes,
print titles); rows stream straight from the store, so a 5,000-household village or a whole
county is written without holding it in memory. Answers are read from the records as saved;
what the questionnaire derives (性别, 年龄 …) and answers that are no longer relevant come from
the kept report facts (reports/facts.py), so writing a ledger evaluates nothing that is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mopai.forms.findings import CONFIRMATIONS
from mopai.forms.ledger_terms import HOUSEHOLD_REASON
from mopai.forms.output import fill_text
from mopai.sync import paradata

from .facts import Progress, ReportFacts
from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .people import LEDGER_MEMBER_KEYS, LazyFill, label_value, ledger_columns
from .source import (
    area_names,
    checked_area,
    checked_day,
    checked_language,
    place_name,
    read_under,
    records,
    unnamed_note,
)

# The household's interview (sync/paradata.py), at the end of each of its people's rows.
INTERVIEW_COLUMNS = [Col("开始", 16, None, "访谈"), Col("结束", 16, None, "访谈"),
                     Col("用时（分钟）", 10, "0.0", "访谈"), Col("录入人", 10, None, "访谈"),
                     Col("过快", 6, None, "访谈")]


def interview_cells(record: dict[str, Any]) -> list[Any]:
    """开始, 结束, 用时（分钟）, 录入人, 过快 (是 for a complete household entered in less than
    `paradata.SECONDS_PER_MEMBER` a person); blanks for a record without paradata."""
    iv = paradata.of(record)
    if iv is None:
        return [None] * len(INTERVIEW_COLUMNS)
    fast = iv.suspicious and record.get("status") == "complete"
    return [paradata.local_time(iv.started_at), paradata.local_time(iv.ended_at), iv.minutes,
            iv.by, "是" if fast else None]


def reasons(questions: Mapping[str, Any], confirmations: Any, who: str = "",
            language: str = "zh_CN") -> str:
    """The reasons the cadre gave for warnings, "月收入（元）：包工头，收入属实", one cell."""
    if not isinstance(confirmations, Mapping):
        return ""
    parts = []
    for name, reason in sorted(confirmations.items()):
        q = questions.get(name)
        label = q.label.get(language) if q is not None and q.label is not None else name
        parts.append(f"{who}{label or name}：{reason}")
    return "；".join(parts)


def ledger_workbook(store, area: str, out: Path, *, as_of: dt.date | None = None,  # noqa: ANN001
                    progress: Progress | None = None, language: str | None = None) -> int:
    """Write the ledger of a village (12 digits), a township (9) or the county (6): one row
    per person, villages in code order. Returns the number of person rows.

    The form's texts (question headers, their groups, choice labels) are printed in Chinese,
    the county's official language, or in another of the form's languages (`language`,
    `source.checked_language`); the ledger's own words stay Chinese (docs/decisions.md)."""
    area = checked_area(store, area)
    form = store.forms.current().form
    language = checked_language(form, language)
    names = area_names(store)
    member_cols, household_cols = ledger_columns(form, language)
    person_group = next((c.group for _, c in member_cols), "成员信息")
    # The household's keys, then the person (人编号, 姓名: frozen with the keys, and repeated
    # on every printed page of the column groups), then every other question of the form in
    # form order: the member's, the reasons given for warnings, the household's.
    spec = SheetSpec(
        "台账", f"{place_name(store, area, names)}农村劳动力台账",
        [Col("序号", 6, INTEGER, "户"), Col("乡镇", 12, None, "户"),
         Col("行政村", 12, None, "户"), Col("户编号", 10, None, "户"),
         Col("户主姓名", 10, None, "户"), Col("人编号", 6, INTEGER, person_group),
         Col("姓名", 10, None, person_group), *(c for _, c in member_cols),
         Col("核实说明", 30, None, "核实"), *(c for _, c in household_cols),
         *INTERVIEW_COLUMNS], 7, measure="人")

    rf = ReportFacts.of(store)
    day = checked_day(rf.settings, as_of) or rf.settings.today()
    if as_of is None:
        rf.refresh(day, area=area, progress=progress)
        items = rf.with_records("l", area, day)
    else:
        items = ((r, rf.compute(r, day)["l"]) for r in records(store, as_of=as_of, area=area,
                                                                 settings=rf.settings))
    household_names = ("household_no", *(n for n, _ in household_cols))
    member_names = [*LEDGER_MEMBER_KEYS, *(n for n, _ in member_cols)]
    hq, mq = form.fields, form.member_fields

    seen: set[str] = set()  # the villages listed, for the note on names missing
    # Each repeat besides the members: a sheet of its own, filled while the people are
    # written (decision 59)
    lists = RepeatSheets(form, rf.settings, day) if form.repeats else None

    def rows() -> Iterator[list[Any]]:
        n = 0
        for stored, kept in items:
            record = read_under(form, stored)
            fields, changed = record["fields"], kept["h"]
            value = {k: changed[k] if k in changed else fields.get(k) for k in household_names}
            v = str(fields.get("village_code") or "")
            seen.add(v)
            head = next((m["fields"].get("name") for m in record["members"]
                         if m["fields"].get("relation") == "head"), None)
            keys = [names.get(v[:9], v[:9]), names.get(v, v), value["household_no"], head]
            # ${} in a chosen label: this household's answers (evaluated only if one asks)
            fill = LazyFill(form, record, rf.settings, day, language)
            rest = [*(label_value(hq.get(k), value[k], language, fill.at(None))
                      for k in household_names[1:]),
                    *interview_cells(stored)]
            household_reasons = reasons(hq, record.get(CONFIRMATIONS), HOUSEHOLD_REASON,
                                        language)
            for i, member in enumerate(record["members"]):
                n += 1
                raw, diff = member["fields"], kept["m"][i]
                said = reasons(mq, member.get(CONFIRMATIONS), language=language)
                if i == 0:
                    said = "；".join(s for s in (household_reasons, said) if s)
                person = [label_value(mq.get(k), diff[k] if k in diff else raw.get(k), language,
                                      fill.at(i)) for k in member_names]
                yield [n, *keys, i + 1, *person, said or None, *rest]
            if lists is not None:
                lists.add(record, keys)
            if progress and n % 1000 == 0:
                progress(n, 0, "")

    with open_workbook(out) as wb:
        count = write_sheet(wb, spec, rows(), unit=place_name(store, area, names),
                            as_of=day.isoformat(), notes=lambda: unnamed_note(seen, names))
        if lists is not None:
            lists.write(wb, place_name(store, area, names), day.isoformat())
    return count


class RepeatSheets:
    """One sheet per repeat besides the members, as ODK Central exports a repeat: a row per
    instance with its owners' keys (the household's; the person's 人编号 and 姓名 for a
    repeat inside the members; the number of each instance around it), its own number, its
    answers and calculated values (the household evaluated under the form), then ``KEY``
    (the instance's UUID) and ``PARENT_KEY`` (its owner's: the household, the member or the
    instance it is in)."""

    KEYS = [Col("乡镇", 12, None, "户"), Col("行政村", 12, None, "户"),
            Col("户编号", 10, None, "户"), Col("户主姓名", 10, None, "户")]

    def __init__(self, form: Any, settings: Any, day: dt.date) -> None:
        self.form, self.settings, self.day = form, settings, day
        self.rows: dict[str, list[list[Any]]] = {name: [] for name in form.repeats}

    def questions(self, name: str) -> list[Any]:
        return [q for q in self.form.repeats[name].fields().values()
                if q.type.value != "note" and not q.type.is_metadata]

    def add(self, record: dict[str, Any], keys: list[Any]) -> None:
        from mopai import forms  # noqa: PLC0415 - only a form with such repeats evaluates here

        state = forms.evaluate_household(self.form, record, settings=self.settings,
                                         today=self.day)
        if state.root is not None:
            self._walk(state.root, keys, [], record.get("uuid"), state)

    def _walk(self, owner: Any, keys: list[Any], around: list[Any], parent: Any,
              state: Any) -> None:
        members = self.form.repeat.name if self.form.repeat is not None else None
        for name, instances in owner.repeats.items():
            for instance in instances:
                if name == members:
                    person = [instance.position, instance.values.get("name")]
                    self._walk(instance, keys, person, instance.uuid, state)
                    continue
                if name not in self.rows:
                    continue
                values = [label_value(q, instance.values.get(q.name), fill=lambda t, i=instance:
                                      fill_text(t, state, None, "zh_CN", instance=i))
                          for q in self.questions(name)]     # ${} of a chosen label: in it
                self.rows[name].append([len(self.rows[name]) + 1, *keys, *around,
                                        instance.position, *values, instance.uuid, parent])
                self._walk(instance, keys, [*around, instance.position], instance.uuid, state)

    def write(self, wb: Any, unit: str, as_of: str) -> None:
        members = self.form.repeat
        for name, repeat in self.form.repeats.items():
            label = repeat.label.get("zh_CN") or name
            around: list[Col] = []
            for outer in repeat.chain[:-1]:
                if outer is members:
                    group = outer.label.get("zh_CN") or "成员"
                    around += [Col("人编号", 6, INTEGER, group), Col("姓名", 10, None, group)]
                else:
                    text = outer.label.get("zh_CN") or outer.name
                    around.append(Col(f"{text}序号", 8, INTEGER, text))
            own = [Col(q.label.get("zh_CN") or q.name, 14, None, label)
                   for q in self.questions(name)]
            spec = SheetSpec(
                label[:31], f"{unit}{label}",
                [Col("序号", 6, INTEGER, "户"), *self.KEYS, *around,
                 Col(f"{label}序号", 8, INTEGER, label), *own,
                 Col("KEY", 38, None, "编号"), Col("PARENT_KEY", 38, None, "编号")],
                5 + len(around), measure="条")
            write_sheet(wb, spec, self.rows[name], unit=unit, as_of=as_of)
