"""The indicators of domain.md: per person, per household, and summed over many households.

Per-person definitions (labour age, 劳动力, employed, 转移就业 and its region bucket) are
calculations in the workbook, fed by ``CountySettings`` through ``county-setting()``, because
relevance needs them too (who is asked about training depends on labour age). This module only
reads those calculated values and the answers, by the names in ``IndicatorNames``, and adds
what spans a household (零就业家庭, 五清) or many (就业率, counts). A county that edits the
workbook's definitions changes the indicators with no code change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .expr_eval import is_empty, to_bool
from .model import Form
from .settings import CountySettings
from .state import HouseholdState, evaluate_household


@dataclass(frozen=True)
class IndicatorNames:
    """Question and choice names the indicators read; defaults match labor_survey.xlsx."""

    age: str = "age"
    sex: str = "sex"
    labour_age: str = "labour_age"
    has_capacity: str = "has_capacity"
    labour_force: str = "labour_force"
    employed: str = "employed"
    transfer_employed: str = "transfer_employed"
    transfer_region: str = "transfer_region"
    wants_job: str = "wants_job"
    wants_training: str = "wants_training"
    wants_business: str = "wants_business"
    yes: str = "yes"
    household_type: str = "household_type"
    poverty_alleviated: str = "poverty_alleviated"
    monitored: str = "monitored"


NAMES = IndicatorNames()


@dataclass(frozen=True)
class FiveClearItem:
    """One of the 五清: every listed question that is relevant must be answered for ``scope``
    ("member": every member, "labour": every 劳动力, "transfer": every transfer-employed
    member, "household": the household)."""

    key: str
    zh: str
    en: str
    scope: str
    fields: tuple[str, ...]


FIVE_CLEAR: tuple[FiveClearItem, ...] = (
    FiveClearItem("basic", "劳动力基本情况清", "basic facts of every member", "member",
                  ("name", "id_number", "sex", "age", "relation", "is_student", "education",
                   "student_status", "health", "labor_capacity")),
    FiveClearItem("training_job_wishes", "培训就业意愿清", "training and job wishes of every "
                  "labour-force member", "labour",
                  ("wants_training", "desired_training", "wants_job", "wants_business")),
    FiveClearItem("transfer_wishes", "转移就业意愿清", "transfer-employment wishes of every "
                  "labour-force member not in transfer employment", "labour",
                  ("wants_job", "desired_job", "desired_region")),
    FiveClearItem("transfer_income", "转移就业收入清", "income of every transfer-employed member",
                  "transfer", ("monthly_income", "months_worked")),
    FiveClearItem("help_measures", "具体帮扶措施清", "help measures of 脱贫户 and 监测户",
                  "household", ("help_measures",)),
)

# Buckets of the workbook's ``transfer_region`` calculation, with their report labels.
REGION_BUCKETS: dict[str, tuple[str, str]] = {
    "county": ("县内", "within the county"),
    "in_province": ("县外省内", "outside the county, within the province"),
    "out_of_province": ("省外", "outside the province"),
    "abroad": ("国外", "abroad"),
    "unknown": ("地域未填", "region not given"),
}


@dataclass(frozen=True)
class PersonIndicators:
    member_index: int
    member_uuid: str | None
    age: int | None
    sex: str | None
    labour_age: bool
    has_capacity: bool
    labour_force: bool          # 劳动力
    employed: bool
    transfer_employed: bool     # 转移就业
    transfer_region: str | None  # a REGION_BUCKETS key when transfer employed
    wants_job: bool
    wants_training: bool
    wants_business: bool
    poverty: bool               # member of a 脱贫户 or 监测户


@dataclass(frozen=True)
class HouseholdIndicators:
    uuid: str | None
    household_type: str | None
    poverty_alleviated: bool    # 脱贫户
    monitored: bool             # 监测户
    persons: tuple[PersonIndicators, ...]
    labour_force: int
    employed: int
    zero_employment: bool       # 零就业家庭: some 劳动力, none employed
    five_clear: dict[str, bool]
    five_clear_all: bool

    @property
    def poverty(self) -> bool:
        return self.poverty_alleviated or self.monitored


def _person(state: HouseholdState, i: int, poverty: bool, n: IndicatorNames) -> PersonIndicators:
    v = state.members[i]
    transfer = to_bool(v.get(n.transfer_employed))
    region = v.get(n.transfer_region) if transfer else None
    return PersonIndicators(
        i, state.member_uuids[i], v.get(n.age), v.get(n.sex), to_bool(v.get(n.labour_age)),
        to_bool(v.get(n.has_capacity)), to_bool(v.get(n.labour_force)),
        to_bool(v.get(n.employed)), transfer,
        (region or "unknown") if transfer else None,
        v.get(n.wants_job) == n.yes, v.get(n.wants_training) == n.yes,
        v.get(n.wants_business) == n.yes, poverty)


def _answered(state: HouseholdState, names: Iterable[str], member: int | None) -> bool:
    """Every relevant question among ``names`` has a usable value (answered or derived)."""
    questions = state.form.fields if member is None else state.form.member_fields
    return all(not is_empty(state.value(name, member)) for name in names
               if name in questions and state.is_relevant(name, member))


def _five_clear(state: HouseholdState, persons: tuple[PersonIndicators, ...]) -> dict[str, bool]:
    result = {}
    for item in FIVE_CLEAR:
        if item.scope == "household":
            result[item.key] = _answered(state, item.fields, None)
            continue
        who = [p for p in persons
               if item.scope == "member" or (item.scope == "labour" and p.labour_force)
               or (item.scope == "transfer" and p.transfer_employed)]
        result[item.key] = all(_answered(state, item.fields, p.member_index) for p in who)
    return result


def person_indicators(form: Form, household: Mapping[str, Any],
                      settings: CountySettings | None = None, *, today: dt.date | None = None,
                      state: HouseholdState | None = None,
                      names: IndicatorNames = NAMES) -> list[PersonIndicators]:
    """Indicators of each member, in member order."""
    return list(household_indicators(form, household, settings, today=today, state=state,
                                     names=names).persons)


def household_indicators(form: Form, household: Mapping[str, Any],
                         settings: CountySettings | None = None, *,
                         today: dt.date | None = None, state: HouseholdState | None = None,
                         names: IndicatorNames = NAMES) -> HouseholdIndicators:
    """Indicators of one household and its members (pass ``state`` to avoid re-evaluating)."""
    state = state or evaluate_household(form, household, settings=settings, today=today)
    kind = state.values.get(names.household_type)
    alleviated, monitored = kind == names.poverty_alleviated, kind == names.monitored
    persons = tuple(_person(state, i, alleviated or monitored, names)
                    for i in range(len(state.members)))
    labour = sum(p.labour_force for p in persons)
    employed = sum(p.employed for p in persons)
    clear = _five_clear(state, persons)
    return HouseholdIndicators(household.get("uuid"), kind, alleviated, monitored, persons,
                               labour, employed, labour > 0 and employed == 0, clear,
                               all(clear.values()))


@dataclass(frozen=True)
class AggregateIndicators:
    """Sums over households; rates are None when there is no 劳动力 to divide by."""

    households: int = 0
    persons: int = 0
    labour_age: int = 0
    labour_force: int = 0               # 劳动力 (seed 001's 有劳动能力)
    employed: int = 0
    employment_rate: float | None = None
    poverty_labour_force: int = 0       # 劳动力 of 脱贫户 + 监测户
    poverty_employed: int = 0
    poverty_employment_rate: float | None = None
    transfer_employed: int = 0
    transfer_by_region: dict[str, int] = field(default_factory=dict)
    zero_employment_households: int = 0
    wants_job: int = 0
    wants_training: int = 0
    wants_business: int = 0
    five_clear_by_item: dict[str, int] = field(default_factory=dict)
    five_clear_households: int = 0
    five_clear_share: float | None = None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def aggregate_indicators(households: Iterable[HouseholdIndicators]) -> AggregateIndicators:
    """就业率, counts, willingness and 五清 over any set of households (village, township…)."""
    hh = list(households)
    people = [p for h in hh for p in h.persons]
    labour = [p for p in people if p.labour_force]
    poverty = [p for p in labour if p.poverty]
    regions = Counter(p.transfer_region or "unknown" for p in people if p.transfer_employed)
    employed = sum(p.employed for p in labour)
    poverty_employed = sum(p.employed for p in poverty)
    clear_all = sum(h.five_clear_all for h in hh)
    return AggregateIndicators(
        households=len(hh), persons=len(people), labour_age=sum(p.labour_age for p in people),
        labour_force=len(labour), employed=employed, employment_rate=_rate(employed, len(labour)),
        poverty_labour_force=len(poverty), poverty_employed=poverty_employed,
        poverty_employment_rate=_rate(poverty_employed, len(poverty)),
        transfer_employed=sum(regions.values()),
        transfer_by_region={**{k: 0 for k in REGION_BUCKETS if k != "unknown"}, **regions},
        zero_employment_households=sum(h.zero_employment for h in hh),
        wants_job=sum(p.wants_job for p in people),
        wants_training=sum(p.wants_training for p in people),
        wants_business=sum(p.wants_business for p in people),
        five_clear_by_item={item.key: sum(h.five_clear[item.key] for h in hh)
                            for item in FIVE_CLEAR},
        five_clear_households=clear_all, five_clear_share=_rate(clear_all, len(hh)))


def missing_indicator_fields(form: Form, names: IndicatorNames = NAMES) -> list[str]:
    """Names the indicators read that the form lacks (for ``mopai form check`` to warn)."""
    member = [names.age, names.sex, names.labour_age, names.has_capacity, names.labour_force,
              names.employed, names.transfer_employed, names.transfer_region, names.wants_job,
              names.wants_training, names.wants_business]
    missing = [n for n in member if n not in form.member_fields]
    if names.household_type not in form.fields:
        missing.append(names.household_type)
    return missing
