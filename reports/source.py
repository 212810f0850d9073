"""Where report figures come from: household records (now or as of a past date) and facts.

A report as of a past date is computed from the revision history, not from the current
projection: for each record, the last revision saved on or before the end of that day; a
record whose last such revision is a deletion is left out (`store.households.as_of`). Every
household is evaluated through the questionnaire once, and that one evaluation feeds
indicators and findings. Everything is read through the store's facade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mopai import forms
from mopai.forms.findings import Finding, with_reasons
from mopai.forms.indicators import AggregateIndicators, HouseholdIndicators
from mopai.forms.state import HouseholdState


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


def records(store, *, as_of: dt.date | None = None, area: str | None = None  # noqa: ANN001
            ) -> Iterator[dict[str, Any]]:
    """Household records, current or as of the end of `as_of`, of villages whose code starts
    with `area` (a township or county code; all when None)."""
    if as_of is None:
        yield from store.households.states(area=area or "")
        return
    for record in store.households.as_of(as_of):
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
        **counts, employment_rate=rate(counts["employed"], counts["labour_force"]),
        poverty_employment_rate=rate(counts["poverty_employed"], counts["poverty_labour_force"]),
        five_clear_share=rate(counts["five_clear_households"], counts["households"]))
