"""What one household's report facts are: computed from its record evaluated through the
questionnaire, as `reports/facts.py` keeps them (`compute`: the ``main`` part, the roster rows
``r<i>`` and the ledger's and the analysts' export's values ``l``), and the sums read back
(`counts`, `add_into`, `aggregate`).

Facts depend on the day only through ``today()`` in the form. labor_survey uses it in the
survey date's checks (not in the future; not over a year old) and as the fallback date for a
member's age when the survey date is missing, so a fact computed on day d holds for every day
from the survey date up to one year after it (or, before the survey date, until it). A form
that uses ``today()`` anywhere else makes every fact hold for its own day only. A report for a
day outside a fact's window, or a record edited since, recomputes that household.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from mopai import forms
from mopai.forms.indicators import (
    FIVE_CLEAR,
    REGION_BUCKETS,
    AggregateIndicators,
    counted,
    household_counts,
)

from . import posts
from .people import (
    LEDGER_KEYS,
    PERSON_COLUMNS,
    ROSTERS,
    household_cells,
    label,
    ledger_questions,
    person_cells,
)
from .services import household_311
from .source import Facts, facts

TODAY_SAFE = {("survey_date", "constraint"), ("survey_date", "warning"), ("age", "calculation")}
SURVEY_DATE = "survey_date"
STALE_AFTER = dt.timedelta(days=366)  # survey_old: today() - survey_date <= 365
FAR = "9999-12-31"


def today_uses(form: forms.Form) -> set[tuple[str, str]]:
    """(question, column) pairs whose expression calls ``today()``."""
    found = set()
    for q in [*form.fields.values(), *form.member_fields.values()]:
        for column in ("relevant", "required_if", "constraint", "warning", "calculation",
                       "choice_filter"):
            expr = getattr(q, column)
            if expr is not None and "today(" in expr.source.replace(" ", ""):
                found.add((q.name, column))
    return found


def window(form_safe: bool, f: Facts, day: dt.date) -> tuple[str, str]:
    """The days [start, end) over which facts computed on `day` stay the same."""
    one_day = (day.isoformat(), (day + dt.timedelta(days=1)).isoformat())
    if not form_safe:
        return one_day
    try:
        survey = dt.date.fromisoformat(str(f.record["fields"].get(SURVEY_DATE)))
    except ValueError:
        return one_day  # age falls back to today(): holds for this day only
    if any(f.state.value("birth_date", i) is None and m["fields"].get("id_number")
           for i, m in enumerate(f.record["members"])):
        return one_day  # an ID whose birth date is unreadable or in the future on this day
    if day < survey:
        return day.isoformat(), survey.isoformat()
    if day < survey + STALE_AFTER:
        return survey.isoformat(), (survey + STALE_AFTER).isoformat()
    return (survey + STALE_AFTER).isoformat(), FAR


COUNT_KEYS = ("households", "persons", "labour_age", "labour_force", "employed",
              "poverty_labour_force", "poverty_employed", "transfer_employed",
              "zero_employment_households", "wants_job", "wants_training", "wants_business",
              "five_clear_households")


def counts(f: Facts) -> dict[str, int]:
    """The household's contribution to every summed indicator, as flat integer counts: a
    draft's only to the draft counts (figures are of complete records)."""
    return figure_counts(f) if complete(f) else draft_counts(f)


def figure_counts(f: Facts) -> dict[str, int]:
    """What the household would add to every figure, whatever its status (the analysts'
    export gives it for every record, beside the status to filter by)."""
    ind = f.indicators
    c = dict.fromkeys(COUNT_KEYS, 0)
    c["households"] = 1
    c["zero_employment_households"] = int(ind.zero_employment)
    c["five_clear_households"] = int(ind.five_clear_all)
    for key in ind.five_clear:
        c[f"clear:{key}"] = int(ind.five_clear[key])
    for p in ind.persons:
        c["persons"] += 1
        c["labour_age"] += p.labour_age
        if p.transfer_employed:
            c["transfer_employed"] += 1
            region = f"region:{p.transfer_region or 'unknown'}"
            c[region] = c.get(region, 0) + 1
        if p.labour_force:
            c["labour_force"] += 1
            c["employed"] += p.employed
            c["wants_job"] += p.wants_job  # the wishes are of 劳动力 (docs/decisions.md 33)
            c["wants_training"] += p.wants_training
            c["wants_business"] += p.wants_business
            if p.poverty:
                c["poverty_labour_force"] += 1
                c["poverty_employed"] += p.employed
    c.update(household_counts(ind))
    return c


def complete(f: Facts) -> bool:
    """Whether the household counts in the figures: a complete record (a draft may lack any
    answer, and is counted apart)."""
    return f.record.get("status") == "complete"


def draft_counts(f: Facts) -> dict[str, int]:
    """A draft's contribution: households, persons, and of them of unknown age."""
    return {"draft_households": 1, "draft_persons": len(f.indicators.persons),
            "draft_unknown_age": sum(p.age is None for p in f.indicators.persons)}


def aggregate(total: dict[str, int]) -> AggregateIndicators:
    """Summed counts as forms' AggregateIndicators (rates recomputed from the sums)."""
    rate = lambda part, whole: part / whole if whole else None  # noqa: E731
    g = total.get
    return AggregateIndicators(
        **{k: g(k, 0) for k in COUNT_KEYS if k != "five_clear_households"},
        five_clear_households=g("five_clear_households", 0),
        employment_rate=rate(g("employed", 0), g("labour_force", 0)),
        poverty_employment_rate=rate(g("poverty_employed", 0), g("poverty_labour_force", 0)),
        transfer_by_region={**{k: 0 for k in REGION_BUCKETS if k != "unknown"},
                            **{k[7:]: v for k, v in total.items() if k.startswith("region:")}},
        five_clear_by_item={item.key: g(f"clear:{item.key}", 0) for item in FIVE_CLEAR},
        five_clear_share=rate(g("five_clear_households", 0), g("households", 0)),
        **counted(total))


def add_into(total: dict[str, int], part: dict[str, int]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _diffs(f: Facts, names: Iterable[str], member: int | None) -> dict[str, Any]:
    """The values (blank when not relevant) that differ from the raw answers; read from the
    state's dicts directly (`value`, `is_relevant`), as it runs ~40 times a member."""
    state = f.state
    if member is None:
        raw, values, relevant = f.record["fields"], state.values, state.relevant
    else:
        raw = f.record["members"][member]["fields"]
        values, relevant = state.members[member], state.members_relevant[member]
    out = {}
    plain = (str, int, float, bool, type(None))
    for name in names:
        if relevant.get(name, False):
            value = values.get(name)
            if not isinstance(value, plain):
                value = _plain(value)
        else:
            value = None
        if value != raw.get(name):
            out[name] = value
    return out


ZERO_PERSON = ("name", "employment_status", "unemployed_reason", "wants_job")


def _shown(f: Facts, name: str, member: int | None) -> Any:
    """The answer as a report shows it, blank where the question is not asked."""
    return _plain(label(f, name, member)) if f.state.is_relevant(name, member) else None


def zero_cells(f: Facts) -> list[Any] | None:
    """A 零就业家庭's row: 劳动力人数, 户联系电话, 家庭住址, 帮扶责任人 and their phone, then
    [姓名, 就业状态, 未就业原因, 就业意愿] of each of its 劳动力 (what a township officer
    following the household up asks about); None for any other household."""
    if not f.indicators.zero_employment or not complete(f):  # a draft is counted apart
        return None
    labour = [[_shown(f, name, p.member_index) for name in ZERO_PERSON]
              for p in f.indicators.persons if p.labour_force]
    return [f.indicators.labour_force, label(f, "phone", None), label(f, "address", None),
            _shown(f, "helper_name", None), _shown(f, "helper_phone", None), labour]


def finding_cells(f: Facts) -> list[list[Any]]:
    """Each finding: [rule, severity, message, confirmed (0/1), member's name (None for the
    household), question label, the reason given] — the first four summed per village, the
    whole row listed on 问题明细."""
    form, members = f.state.form, f.record["members"]
    out = []
    for x in f.findings:
        i = x.member_index
        who = members[i]["fields"].get("name") if i is not None and 0 <= i < len(members) \
            else None
        # a household's rule may be about its members' answers (head_count: 与户主关系)
        q = form.member_fields.get(x.field or "") if i is not None else \
            form.fields.get(x.field or "") or form.member_fields.get(x.field or "")
        asked = (q.label.get("zh_CN") if q is not None and q.label else None) or x.field
        out.append([x.code, x.severity, x.message_zh, int(bool(x.reason)), _plain(who), asked,
                    x.reason or None])
    return out


@lru_cache(maxsize=8)  # per form (compared by identity): asked twice for every household
def ledger_names(form: forms.Form) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(household, member) questions the ledger shows, whose derived or not-relevant values
    are kept in ``l``: every question of the form that holds an answer (the household's keys,
    乡镇/行政村 and 户编号, are shown as saved)."""
    return _names(form)[:2]  # type: ignore[return-value]


_NAMES: dict[int, tuple[forms.Form, tuple[tuple[str, ...], ...]]] = {}


def _names(form: forms.Form) -> tuple[tuple[str, ...], ...]:
    """Per form, computed once (they were ~3 % of a household's facts): the ledger's
    household and member questions, then the analysts' export's other answers."""
    held = _NAMES.get(id(form))
    if held is not None and held[0] is form:
        return held[1]
    household = tuple(q.name for q in ledger_questions(form.fields) if q.name not in LEDGER_KEYS)
    member = tuple(q.name for q in ledger_questions(form.member_fields))
    names = (household, member,
             tuple(n for n in answer_names(form.fields.values()) if n not in household),
             tuple(n for n in answer_names(form.member_fields.values()) if n not in member))
    if len(_NAMES) > 16:  # a long-lived app meets a few forms; never hold them all
        _NAMES.clear()
    _NAMES[id(form)] = (form, names)
    return names


def compute(record: dict[str, Any], form: forms.Form, settings: forms.CountySettings,
            day: dt.date, *, form_safe: bool) -> dict[str, Any]:
    """Every kept fact of one household: {"main": …, "r0".."r4": rows or None, "l": …}."""
    f = facts(record, form=form, settings=settings, today=day)
    hh = household_cells(f, {})[2:]
    figures = figure_counts(f)  # once: the sums and the analysts' export both want it
    out: dict[str, Any] = {"main": {
        "w": window(form_safe, f, day), "v": f.village, "h": hh,
        "a": figures if complete(f) else draft_counts(f),
        "z": zero_cells(f), "q": finding_cells(f), "s": household_311(f),
        "p": posts.kept_rows(record)}}
    for i, roster in enumerate(ROSTERS):
        rows = [person_cells(f, p.member_index, PERSON_COLUMNS + roster.extra)
                for p in f.indicators.persons if roster.keep(p, f)] if complete(f) else []
        out[f"r{i}"] = {"v": f.village, "h": hh,
                        "p": [[_plain(v) for v in row] for row in rows]} if rows else None
    household, member = ledger_names(form)
    out["l"] = {"h": _diffs(f, household, None),
                "m": [_diffs(f, member, i) for i in range(len(record["members"]))],
                "x": export_facts(f, figures)}
    return out


# What each member's indicator flags hold ("l"/"x"/"p"), in this order, then the region bucket.
PERSON_FLAGS = ("labour_age", "has_capacity", "labour_force", "employed", "transfer_employed",
                "wants_job", "wants_training", "wants_business", "poverty")


def answer_names(questions: Iterable[Any]) -> list[str]:
    """The questions that hold an answer or a value derived from one (性别, 出生日期, 年龄)."""
    return [q.name for q in questions if q.type.holds_answer]


def export_facts(f: Facts, figures: dict[str, int] | None = None) -> dict[str, Any]:
    """What the analysts' export (reports/export.py) needs beyond the ledger's values: the
    answers the ledger does not show as the form reads them (blank when not relevant,
    derived values computed), what the household adds to each summed figure (`counts`,
    zeros left out) and each member's indicator flags (PERSON_FLAGS, then the region)."""
    _, _, household, member = _names(f.state.form)
    figures = figure_counts(f) if figures is None else figures
    return {"a": {k: v for k, v in figures.items() if v},
            "h": _diffs(f, household, None),
            "m": [_diffs(f, member, i) for i in range(len(f.record["members"]))],
            "p": [[*(int(getattr(p, n)) for n in PERSON_FLAGS), p.transfer_region]
                  for p in f.indicators.persons]}
