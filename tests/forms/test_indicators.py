"""Indicators of a hand-built village of 10 households, against numbers worked out by hand.

    hh  type      members (age at survey)                         劳动力 employed transfer
    H1  一般农户  worker 40 省外, farmer 38, child 10                2      2      1 省外
    H2  脱贫户    worker 50 乡镇内, jobless 48 (wants a job)          2      1      1 县内
    H3  监测户    jobless 45, jobless 44                             2      0      -   零就业
    H4  一般农户  elder 70, elder 68 (health missing: 基本情况不清)  0      0      -
    H5  一般农户  worker 30 乡镇外县内 (wants training), worker 28 县外省内
                                                                     2      2      2 县内+县外省内
    H6  脱贫户    worker 35 国外, farmer 33, child 6                 2      2      1 国外
    H7  一般农户  jobless 25 (wants job + business; no 意向地域)     1      0      -   零就业
    H8  脱贫户    farmer 55 (帮扶措施 missing)                      1      1      -
    H9  一般农户  worker 45 省外 (income missing), farmer 43         2      2      1 省外
    H10 监测户    farmer 62, worker 30 省外, jobless 29 (wants training, no 意向培训工种)
                                                                     2      1      1 省外
    total                                                           16     11      7

就业率 11/16; 脱贫户+监测户 (H2 H3 H6 H8 H10): 劳动力 9, employed 5; 零就业家庭 2 (H3, H7);
transfer by region: 县内 2, 县外省内 1, 省外 3, 国外 1; wants job 2 (H2, H7), training 2 (H5,
H10), business 1 (H7); 五清: each item fails in one household (H4 basic, H10 training wishes,
H7 transfer wishes, H9 transfer income, H8 help measures), so 5 of 10 are clear on all five.
"""

from __future__ import annotations

import pytest

from mopai import forms
from mopai.forms.indicators import HouseholdIndicators
from mopai.forms.model import Form
from mopai.forms.settings import CountySettings
from tests.forms.builders import TODAY, child, elder, farmer, household, jobless, worker

HELP = {"help_measures": ["employment"]}


def village() -> list[dict]:
    h4_spouse = elder("spouse", 68, "female")
    del h4_spouse["fields"]["health"]
    return [
        household(worker("head", 40), farmer("spouse", 38), child("son", 10)),
        household(worker("head", 50, region="in_township"),
                  jobless("spouse", 48, "female", wants_job="yes", desired_job="保洁",
                          desired_region="in_county"),
                  household_type="poverty_alleviated", **HELP),
        household(jobless("head", 45), jobless("spouse", 44, "female"),
                  household_type="monitored", monitoring_category="marginal", **HELP),
        household(elder("head", 70), h4_spouse),
        household(worker("head", 30, region="in_county", wants_training="yes",
                         desired_training="电工"),
                  worker("spouse", 28, "female", region="in_province")),
        household(worker("head", 35, region="abroad"), farmer("spouse", 33),
                  child("daughter", 6, "female"), household_type="poverty_alleviated", **HELP),
        household(jobless("head", 25, wants_job="yes", desired_job="厨师", wants_business="yes")),
        household(farmer("head", 55, "male"), household_type="poverty_alleviated"),
        household(worker("head", 45, monthly_income=None), farmer("spouse", 43)),
        household(farmer("head", 62, "male"), worker("son", 30),
                  jobless("daughter_in_law", 29, "female", wants_training="yes"),
                  household_type="monitored", monitoring_category="unstable", **HELP),
    ]


def indicators(form: Form, settings: CountySettings | None = None) -> list[HouseholdIndicators]:
    return [forms.household_indicators(form, hh, settings, today=TODAY) for hh in village()]


def test_village_aggregate(form: Form) -> None:
    agg = forms.aggregate_indicators(indicators(form))
    assert (agg.households, agg.persons, agg.labour_age) == (10, 21, 16)
    assert (agg.labour_force, agg.employed) == (16, 11)
    assert agg.employment_rate == pytest.approx(11 / 16)
    assert (agg.poverty_labour_force, agg.poverty_employed) == (9, 5)
    assert agg.poverty_employment_rate == pytest.approx(5 / 9)
    assert agg.zero_employment_households == 2
    assert agg.transfer_employed == 7
    assert agg.transfer_by_region == {"county": 2, "in_province": 1, "out_of_province": 3,
                                      "abroad": 1}
    assert (agg.wants_job, agg.wants_training, agg.wants_business) == (2, 2, 1)
    assert agg.five_clear_by_item == {"basic": 9, "training_job_wishes": 9,
                                      "transfer_wishes": 9, "transfer_income": 9,
                                      "help_measures": 9}
    assert agg.five_clear_households == 5 and agg.five_clear_share == 0.5


def test_households(form: Form) -> None:
    hh = indicators(form)
    assert [h.zero_employment for h in hh] == [False, False, True, False, False, False, True,
                                               False, False, False]
    assert [h.poverty for h in hh] == [False, True, True, False, False, True, False, True,
                                       False, True]
    assert hh[1].poverty_alleviated and hh[2].monitored and not hh[2].poverty_alleviated
    assert [h.five_clear_all for h in hh] == [True, True, True, False, True, True, False, False,
                                              False, False]
    assert not hh[3].five_clear["basic"] and hh[3].five_clear["help_measures"]
    assert not hh[7].five_clear["help_measures"]


def test_persons(form: Form) -> None:
    h1 = indicators(form)[0].persons
    head, spouse, son = h1
    assert (head.labour_age, head.labour_force, head.employed, head.transfer_employed,
            head.transfer_region) == (True, True, True, True, "out_of_province")
    assert (spouse.employed, spouse.transfer_employed, spouse.transfer_region) == (True, False,
                                                                                  None)
    assert (son.age, son.labour_age, son.labour_force, son.employed) == (10, False, False, False)
    assert (head.sex, head.age, head.member_index) == ("male", 40, 0)
    assert head.member_uuid and head.member_uuid.startswith("m-")
    persons = forms.person_indicators(form, village()[6], today=TODAY)
    assert (persons[0].wants_job, persons[0].wants_business, persons[0].wants_training) == (
        True, True, False)


def test_farming_need_not_count_as_employed(form: Form) -> None:
    agg = forms.aggregate_indicators(indicators(form, CountySettings(
        farming_counts_as_employed=False)))
    assert (agg.labour_force, agg.employed) == (16, 7)  # the farmers of H1, H6, H8 and H9
    assert agg.zero_employment_households == 3          # H8 joins H3 and H7
    assert agg.transfer_employed == 7


def test_older_bound_for_poverty_labour(form: Form) -> None:
    agg = forms.aggregate_indicators(indicators(form, CountySettings(poverty_labour_age_max=65)))
    # the 62-year-old farmer of 监测户 H10 becomes 劳动力 and employed
    assert (agg.labour_force, agg.employed) == (17, 12)
    assert (agg.poverty_labour_force, agg.poverty_employed) == (10, 6)


def test_per_sex_bounds(form: Form) -> None:
    settings = CountySettings(labour_age_max_female=50)
    agg = forms.aggregate_indicators(indicators(form, settings))
    assert agg.labour_age == 16  # no woman in the village is between 50 and 60


def test_empty_aggregate_has_no_rates() -> None:
    agg = forms.aggregate_indicators([])
    assert agg.employment_rate is None and agg.five_clear_share is None


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        CountySettings(labour_age_max_male=10)
    assert CountySettings.from_mapping({"farming_counts_as_employed": False, "colour": 1}) == \
        CountySettings(farming_counts_as_employed=False)
    for bad, name in [({"farming_counts_as_employed": "no"}, "farming_counts_as_employed"),
                      ({"labour_age_min": True}, "labour_age_min"),
                      ({"poverty_labour_age_max": "65"}, "poverty_labour_age_max"),
                      ({"poverty_labour_age_max": 16}, "poverty_labour_age_max")]:
        with pytest.raises(ValueError, match=name):
            CountySettings.from_mapping(bad)


def test_indicator_names_exist_in_the_shipped_form(form: Form) -> None:
    from mopai.forms.indicators import missing_indicator_fields
    assert missing_indicator_fields(form) == []


def test_the_wishes_are_of_the_labour_force(form: Form) -> None:
    """有就业意愿 counts 劳动力 only (docs/decisions.md 33): a 62-year-old who wants a job is
    counted apart, so that 有就业意愿 ≤ 劳动力 ≤ 有劳动能力 as the field reports read them."""
    old = household(jobless("head", 62, wants_job="yes", desired_job="保洁",
                            desired_region="in_county"),
                    jobless("spouse", 58, "female", wants_job="yes", desired_job="保洁",
                            desired_region="in_county"))
    agg = forms.aggregate_indicators([forms.household_indicators(form, old, today=TODAY)])
    assert (agg.has_capacity, agg.labour_force, agg.wants_job, agg.wants_job_other) == (2, 1, 1, 1)
