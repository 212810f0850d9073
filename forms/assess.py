"""Validate and derive in one evaluation: what the editor, the import and the benchmark call.

Validation and the indicators both start from ``evaluate_household``; doing it once and
handing the same state to both halves the work when a household is saved or imported. This is
also the "small pure function" ``bench/`` times (target: median ≤ 5 ms for 8 members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .findings import Finding, has_errors
from .indicators import HouseholdIndicators, household_indicators
from .model import Form
from .settings import CountySettings
from .state import HouseholdState, evaluate_household
from .validate import cross_household_findings, validate_household


@dataclass(frozen=True)
class Assessment:
    state: HouseholdState
    findings: list[Finding]
    indicators: HouseholdIndicators

    @property
    def can_complete(self) -> bool:
        """No errors: the household may be marked complete."""
        return not has_errors(self.findings)


def assess_household(form: Form, household: Mapping[str, Any],
                     settings: CountySettings | None = None, *, today: dt.date | None = None,
                     other_ids: Mapping[str, Sequence[str]] | None = None) -> Assessment:
    """Findings and indicators of one household; ``other_ids`` as in
    ``cross_household_findings`` adds the duplicate-in-another-household warnings."""
    state = evaluate_household(form, household, settings=settings, today=today)
    findings = validate_household(form, household, state=state)
    if other_ids:
        findings += cross_household_findings(form, household, other_ids)
    return Assessment(state, findings, household_indicators(form, household, state=state))
