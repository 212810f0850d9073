"""Where report figures come from: household records (now or as of a past date) and facts.

A report as of a past date is computed from the revision history, not from the current
projection: for each record, the last revision saved on or before the end of that day; a
record whose last such revision is a deletion is left out (`store.households.as_of`). Every
household is evaluated through the questionnaire once, and that one evaluation feeds
indicators and findings. Everything is read through the store's facade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mopai import forms
from mopai.forms.findings import Finding, with_reasons
from mopai.forms.indicators import AggregateIndicators, HouseholdIndicators, rates
from mopai.forms.model import language_key
from mopai.forms.state import HouseholdState
from mopai.sync import meta
from mopai.sync.errors import InputError


@dataclass(frozen=True)
class Facts:
    """One household as the reports see it."""

    record: dict[str, Any]
    state: HouseholdState
    indicators: HouseholdIndicators
    findings: list[Finding]

    @property
    def village(self) -> str:
        return str(self.record["fields"].get("village_code") or "")

    @property
    def township(self) -> str:
        return self.village[:9]


def records(store, *, as_of: dt.date | None = None, area: str | None = None,  # noqa: ANN001
            settings: forms.CountySettings | None = None) -> Iterator[dict[str, Any]]:
    """Household records, current or as of the end of `as_of` (the county's day, in
    `settings.time_zone`), of villages whose code starts with `area` (a township or county
    code; all when None)."""
    if as_of is None:
        yield from store.households.states(area=area or "")
        return
    for record in store.households.as_of(as_of, settings):
        if area and not str(record["fields"].get("village_code") or "").startswith(area):
            continue
        yield record


def read_under(form: forms.Form, record: dict[str, Any]) -> dict[str, Any]:
    """The record as `form` (the store's current form) reads it: a record saved under an
    older version has its renamed answers under the new names (forms/upgrade.py)."""
    if record.get("form_version") == form.version:
        return record
    return forms.upgrade_household(form, record).household


def facts(record: dict[str, Any], *, form: forms.Form,
          settings: forms.CountySettings | None = None, today: dt.date | None = None) -> Facts:
    """One evaluation of a household under `form` (the store's current form: every figure of
    a report is read under one questionnaire), feeding its indicators and findings."""
    record = read_under(form, record)
    state = forms.evaluate_household(form, record, settings=settings, today=today)
    return Facts(record, state,
                 forms.household_indicators(form, record, settings, today=today, state=state),
                 with_reasons(forms.validate_household(form, record, settings=settings,
                                                       today=today, state=state), record))


def area_names(store) -> dict[str, str]:  # noqa: ANN001
    """Code -> name of townships and villages from the county's reference list."""
    return store.sync.area_names()


def place_name(store, area: str, names: dict[str, str] | None = None) -> str:  # noqa: ANN001
    """The name an area is printed under: a township or village by the area list, prefixed
    with the county's name where it is known (中方县铜湾镇); the county by its own name; a code
    without a name stays a code."""
    names = area_names(store) if names is None else names
    own = store.workspace.code or ""
    county_code = (area or own)[:6]
    county = names.get(county_code) or (
        (store.meta.get(meta.NAME) if len(own) == 6 else store.meta.get(meta.COUNTY_NAME))
        if own[:6] == county_code else None) or ""
    if not area or area == county_code:
        return county or county_code
    if len(area) == 12:
        return f"{county}{names.get(area[:9], '')}{names.get(area, area)}"
    return f"{county}{names.get(area, area)}"


def unnamed_note(codes: Iterable[str], names: dict[str, str]) -> list[str]:
    """A note for the sheets when townships or villages have no name in the area list (they
    are shown by code), saying how to load the list; none when every one has a name."""
    missing = sorted({c for code in codes for c in (code[:9], code) if c and c not in names})
    if not missing:
        return []
    return [f"{len(missing)} 个乡镇或村在区划名单中没有名称，表中以代码显示（如 {missing[0]}）；"
            "请在“村和设备”页导入乡镇和村名单（mopai areas import）"]


def ranked(values: dict[str, float | None]) -> list[tuple[int, str, float | None]]:
    """(rank, code, value), best first; codes without a value come last. Equal values share a
    rank (1, 2, 2, 4), the same on the dashboard and on every printed ranking."""
    order = sorted(values, key=lambda c: (values[c] is None, -(values[c] or 0), c))
    out: list[tuple[int, str, float | None]] = []
    for i, code in enumerate(order, start=1):
        rank = out[-1][0] if out and out[-1][2] == values[code] else i
        out.append((rank, code, values[code]))
    return out


AREA_DIGITS = {6: ("县", "county"), 9: ("乡镇", "township"), 12: ("村", "village")}


def checked_language(form: forms.Form, language: str | None) -> str:
    """The language a report prints the form's texts in: Chinese (``zh_CN``, the county's
    official language; a text missing in it falls back to the form's default language) when
    `language` is None or empty, else one of the form's own languages, by its code or its
    name as the workbook heads it (``en``, ``English (en)``); InputError naming them else."""
    if not language or not language.strip():
        return "zh_CN"
    names = form.language_names()                 # code -> as written, the default first
    key = language_key(language)
    found = next((code for code, name in names.items()
                  if key in (code, language_key(name))), None)
    if found is None:
        listed = "、".join(f"{code}（{name}）" if name != code else code
                          for code, name in names.items())
        raise InputError(f"问卷没有语言“{language.strip()}”：可用 {listed}",
                         f"the questionnaire has no language {language.strip()!r}; it has: "
                         + ", ".join(f"{code} ({name})" if name != code else code
                                     for code, name in names.items()))
    return found


def checked_area(store, area: str, lengths: tuple[int, ...] = (6, 9, 12)) -> str:  # noqa: ANN001
    """`area` if it is a code of one of `lengths` digits that is this workspace's own, or that
    the area list names, or that some household belongs to; else InputError naming it (a
    report of an unknown area would be an empty workbook that looks like a real one)."""
    area = (area or "").strip()
    kinds = "、".join(f"{n}位{AREA_DIGITS[n][0]}代码" for n in lengths)
    if not (area.isdigit() and len(area) in lengths):
        raise InputError(f"区划代码“{area}”不对：应为{kinds}",
                         f"bad area code {area!r}: expected "
                         + " or ".join(f"a {n}-digit {AREA_DIGITS[n][1]} code" for n in lengths))
    own = store.workspace.code or ""
    known = area == own or area in area_names(store) or next(
        iter(store.households.revisions(area)), None) is not None
    if not known:
        raise InputError(f"找不到区划代码 {area}：区划名单中没有，也没有属于它的户"
                         f"（本工作区 {own}；可先用“mopai areas import”导入乡镇和村名单）",
                         f"unknown area {area}: not in the area list and no household belongs "
                         f"to it (this workspace: {own}; `mopai areas import` loads the list)")
    return area


def checked_day(settings: forms.CountySettings, day: dt.date | None) -> dt.date | None:
    """`day` unless it is after the county's today (a report as of the future would show
    today's figures under a date that has not come)."""
    today = settings.today()
    if day is not None and day > today:
        raise InputError(f"统计日期 {day} 晚于今天（{today}，{settings.time_zone}）",
                         f"the date {day} is after today ({today}, {settings.time_zone})")
    return day


def add(a: AggregateIndicators, b: AggregateIndicators) -> AggregateIndicators:
    """Sum two aggregates (counts add, rates are recomputed from the sums)."""
    counts: dict[str, Any] = {}
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, dict):
            counts[name] = {k: value.get(k, 0) + other.get(k, 0) for k in value.keys() | other}
        elif isinstance(value, int):
            counts[name] = value + other
    rate = lambda part, whole: part / whole if whole else None  # noqa: E731
    return AggregateIndicators(
        **counts, **rates(counts), employment_rate=rate(counts["employed"], counts["labour_force"]),
        poverty_employment_rate=rate(counts["poverty_employed"], counts["poverty_labour_force"]),
        five_clear_share=rate(counts["five_clear_households"], counts["households"]))
