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
from .places import destination
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
    is_student: str = "is_student"
    employment_status: str = "employment_status"
    unemployed: str = "unemployed"
    farming: str = "farming"
    monthly_income: str = "monthly_income"
    work_place: str = "work_place"
    work_province: str = "work_province"
    work_city: str = "work_city"
    returned: str = "returned"
    policies: str = "policies"
    no_policy: str = "none"
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
    # 就业状态 as answered (None when not asked); for a member of unknown age, whose questions
    # cannot be decided, the answer as stored (docs/forms.md, 年龄不详)
    employment_status: str | None = None
    working: bool = False       # 就业状态 says in work (务农 only when it counts), whatever the age
    returned: bool = False      # 返乡人员
    policies: tuple[str, ...] = ()  # 享受政策 (without 无)
    monthly_income: int | None = None
    work_place: str | None = None
    work_province: str | None = None  # GB/T 2260 codes chosen (forms/places.py)
    work_city: str | None = None


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
    capacity = to_bool(v.get(n.has_capacity))
    status = v.get(n.employment_status)
    if v.get(n.age) is None and status is None and capacity and v.get(n.is_student) != n.yes:
        status = state.member_raw[i].get(n.employment_status)  # asked or not: nobody can say
    status = status if isinstance(status, str) and status else None
    working = status not in (None, n.unemployed) and (
        status != n.farming or bool(state.settings.farming_counts_as_employed))
    policies = v.get(n.policies)
    income = v.get(n.monthly_income)
    place = v.get(n.work_place)
    return PersonIndicators(
        i, state.member_uuids[i], v.get(n.age), v.get(n.sex), to_bool(v.get(n.labour_age)),
        capacity, to_bool(v.get(n.labour_force)),
        to_bool(v.get(n.employed)), transfer,
        (region or "unknown") if transfer else None,
        v.get(n.wants_job) == n.yes, v.get(n.wants_training) == n.yes,
        v.get(n.wants_business) == n.yes, poverty, status, working, v.get(n.returned) == n.yes,
        tuple(p for p in policies if p != n.no_policy) if isinstance(policies, list | tuple)
        else (), income if isinstance(income, int) and not isinstance(income, bool) else None,
        place if isinstance(place, str) else None,
        *(c if isinstance(c := v.get(name), str) and c else None
          for name in (n.work_province, n.work_city)))


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


# 就业状态 choices counted as their own figures (公益性岗位, 就业帮扶车间, 自主创业)
EMPLOYMENT_FORMS: dict[str, tuple[str, str]] = {
    "public_post": ("公益性岗位", "public-welfare post"),
    "workshop": ("就业帮扶车间", "employment-support workshop"),
    "self_employed": ("自主创业", "own business"),
}
HOUSEHOLD_KINDS = ("alleviated", "monitored")  # 脱贫户, 监测户: counted apart
# Counts of household_counts (and of the reports' drafts) that AggregateIndicators carries as
# they are; the rest are rates, or dicts read from prefixed keys ("policy:", "dest:" …)
COUNTED_KEYS = (
    "has_capacity", "wants_job_other",
    *(f"{kind}_{what}" for kind in HOUSEHOLD_KINDS
      for what in ("households", "persons", "labour_force", "employed")),
    *EMPLOYMENT_FORMS, "returned", "returned_employed", "policy_any",
    "income_persons", "income_total",
    "unknown_age", "unknown_age_employed", "unknown_age_transfer", "unknown_age_poverty",
    "draft_households", "draft_persons", "draft_unknown_age",
)


def household_counts(h: HouseholdIndicators, names: IndicatorNames = NAMES) -> dict[str, int]:
    """What one household adds to the indicators of issue 16, as flat integer counts (only
    those not zero): 有劳动能力, 脱贫户 and 监测户 apart, 就业形式, 返乡, 享受政策, 转移就业 income
    and destinations, 年龄不详 (docs/forms.md defines each). Both the reports' kept facts and
    `aggregate_indicators` sum these, so the two paths cannot differ."""
    c: Counter[str] = Counter()
    kind = "alleviated" if h.poverty_alleviated else "monitored" if h.monitored else None
    if kind:
        c[f"{kind}_households"] = 1
    for p in h.persons:
        c["has_capacity"] += p.has_capacity
        c["wants_job_other"] += p.wants_job and not p.labour_force
        if kind:
            c[f"{kind}_persons"] += 1
            c[f"{kind}_labour_force"] += p.labour_force
            c[f"{kind}_employed"] += p.labour_force and p.employed
        if p.age is None:  # 年龄不详: out of 劳动力 and what follows from it, counted here
            c["unknown_age"] += 1
            c["unknown_age_employed"] += p.working
            c["unknown_age_transfer"] += p.working and p.employment_status != names.farming
            c["unknown_age_poverty"] += h.poverty
            continue
        if p.employment_status in EMPLOYMENT_FORMS:
            c[p.employment_status] += 1
        c["returned"] += p.returned
        c["returned_employed"] += p.returned and p.employed
        for policy in p.policies:
            c[f"policy:{policy}"] += 1
        c["policy_any"] += bool(p.policies)
        if p.transfer_employed:
            if p.monthly_income is not None:
                c["income_persons"] += 1
                c["income_total"] += p.monthly_income
            province, city = destination(p.work_place, abroad=p.transfer_region == "abroad",
                                         province_code=p.work_province, city_code=p.work_city)
            c[f"dest:{province}|{city}"] += 1
            if kind:
                c[f"dest_{kind}:{province}|{city}"] += 1
    return {k: int(v) for k, v in c.items() if v}


def _prefixed(total: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: v for k, v in total.items() if k.startswith(prefix)}


def counted(total: Mapping[str, int]) -> dict[str, Any]:
    """The AggregateIndicators fields of `household_counts`, summed into `total`."""
    out: dict[str, Any] = {k: total.get(k, 0) for k in COUNTED_KEYS}
    out["policies"] = _prefixed(total, "policy:")
    out["destinations"] = _prefixed(total, "dest:")
    for kind in HOUSEHOLD_KINDS:
        out[f"destinations_{kind}"] = _prefixed(total, f"dest_{kind}:")
    return {**out, **rates(out)}


def rates(c: Mapping[str, Any]) -> dict[str, float | None]:
    """The rates of issue 16's indicators from their counts (a mapping of AggregateIndicators
    field names); None where there is nothing to divide by."""
    out: dict[str, float | None] = {
        f"{kind}_employment_rate": _rate(c.get(f"{kind}_employed", 0),
                                         c.get(f"{kind}_labour_force", 0))
        for kind in HOUSEHOLD_KINDS}
    out["income_average"] = _rate(c.get("income_total", 0), c.get("income_persons", 0))
    return out


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
    # issue 16 (household_counts): 有劳动能力; wants a job though not 劳动力 (60 and over …)
    has_capacity: int = 0
    wants_job_other: int = 0
    alleviated_households: int = 0      # 脱贫户
    alleviated_persons: int = 0
    alleviated_labour_force: int = 0
    alleviated_employed: int = 0
    alleviated_employment_rate: float | None = None
    monitored_households: int = 0       # 监测户
    monitored_persons: int = 0
    monitored_labour_force: int = 0
    monitored_employed: int = 0
    monitored_employment_rate: float | None = None
    public_post: int = 0                # 就业状态 公益性岗位 / 就业帮扶车间 / 自主创业
    workshop: int = 0
    self_employed: int = 0
    returned: int = 0                   # 返乡人员, and of them employed
    returned_employed: int = 0
    policies: dict[str, int] = field(default_factory=dict)  # 享受政策: persons per choice
    policy_any: int = 0
    income_persons: int = 0             # 转移就业 persons who gave a monthly income
    income_total: int = 0               # their monthly incomes summed, 元
    income_average: float | None = None  # income_total / income_persons
    destinations: dict[str, int] = field(default_factory=dict)  # "省|市" -> 转移就业 persons
    destinations_alleviated: dict[str, int] = field(default_factory=dict)
    destinations_monitored: dict[str, int] = field(default_factory=dict)
    unknown_age: int = 0                # 年龄不详 (no age: invalid ID number, no birth date)
    unknown_age_employed: int = 0       # of them in work by 就业状态
    unknown_age_transfer: int = 0       # of them in work other than 务农
    unknown_age_poverty: int = 0        # of them in 脱贫户 or 监测户
    draft_households: int = 0           # drafts, counted apart by the reports (not above)
    draft_persons: int = 0
    draft_unknown_age: int = 0


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def aggregate_indicators(households: Iterable[HouseholdIndicators]) -> AggregateIndicators:
    """就业率, counts, willingness and 五清 over any set of households (village, township…):
    all of those given (the reports give the complete ones and count drafts apart)."""
    hh = list(households)
    more: Counter[str] = Counter()
    for h in hh:
        more.update(household_counts(h))
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
        wants_job=sum(p.wants_job for p in labour),
        wants_training=sum(p.wants_training for p in labour),
        wants_business=sum(p.wants_business for p in labour),
        five_clear_by_item={item.key: sum(h.five_clear[item.key] for h in hh)
                            for item in FIVE_CLEAR},
        five_clear_households=clear_all, five_clear_share=_rate(clear_all, len(hh)),
        **counted(more))


def missing_indicator_fields(form: Form, names: IndicatorNames = NAMES) -> list[str]:
    """Names the indicators read that the form lacks (for ``mopai form check`` to warn)."""
    member = [names.age, names.sex, names.labour_age, names.has_capacity, names.labour_force,
              names.employed, names.transfer_employed, names.transfer_region, names.wants_job,
              names.wants_training, names.wants_business]
    missing = [n for n in member if n not in form.member_fields]
    if names.household_type not in form.fields:
        missing.append(names.household_type)
    return missing
