"""The generator: determinism, valid ID numbers, sensible families, and the seeds' proportions.

One 3,000-household village is generated and assessed once per module (about 3 s); every
test below reads it. Tolerances are stated next to each target and leave about three
standard errors of room at this size, so a correct generator does not fail by chance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import stdnum
from stdnum.cn import ric

from mopai import forms
from mopai.forms import idnumber
from mopai.sync.synth import VillageSpec, generate_village, iter_county
from mopai.sync.synth import mistakes as M
from mopai.sync.synth.county import CountySpec
from mopai.sync.synth.family import SIZE_WEIGHTS, check_char
from mopai.sync.synth.places import COUNTIES
from mopai.sync.synth.vocab import default_vocab

AS_OF = dt.date(2026, 3, 1)
SPEC = VillageSpec("431221101201", 3000, seed=11, as_of=AS_OF)

# The error each deliberate mistake must raise (forms' finding codes).
EXPECTED = {
    M.ID_CHECKSUM: "id_checksum", M.ID_BIRTH_DATE: "id_birth_date",
    M.ID_DUPLICATE: "dup_id_in_household", M.TWO_HEADS: "head_count", M.NO_HEAD: "head_count",
    M.EDU_AND_STUDENT: "edu_xor_student", M.EDU_NOR_STUDENT: "edu_xor_student",
    M.CHILD_LABOUR: "2_01_011", M.WORK_PLACE_MONTHS: "workplace_months",
    M.PHONE_10_DIGITS: "phone_format",
}


@pytest.fixture(scope="module")
def village():
    made = generate_village(SPEC)
    form = forms.load_default_form()
    return [(g, forms.assess_household(form, g.state, today=AS_OF)) for g in made]


def test_same_seed_same_village_other_seed_other_village() -> None:
    small = VillageSpec("431221101201", 40, seed=3, as_of=AS_OF)
    first = [g.state for g in generate_village(small)]
    assert first == [g.state for g in generate_village(small)]
    other = [g.state for g in generate_village(VillageSpec("431221101201", 40, 4, as_of=AS_OF))]
    assert first != other


def test_clean_households_pass_validation_broken_ones_fail_for_their_reason(village) -> None:
    for generated, assessment in village:
        codes = {f.code for f in assessment.findings if f.is_error}
        if not generated.mistakes:
            assert assessment.findings == [], (generated.state["fields"]["household_no"],
                                               [f.describe("en") for f in assessment.findings])
            assert generated.state["status"] == "complete"
        else:
            assert generated.state["status"] == "draft"
            for mistake in generated.mistakes:
                assert EXPECTED[mistake] in codes, (mistake, codes)


def test_every_kind_of_mistake_occurs_and_about_five_percent_are_broken(village) -> None:
    kinds = Counter(m for g, _ in village for m in g.mistakes)
    assert set(kinds) == set(M.MISTAKES)
    broken = sum(1 for g, _ in village if g.mistakes) / len(village)
    assert broken == pytest.approx(0.05, abs=0.015)   # target 5 % ± 1.5 points


def test_id_numbers_valid_unique_and_agree_with_sex(village) -> None:
    seen = set()
    sex_of = {"户主": None, "配偶": None, "之子": "male", "之女": "female", "之儿媳": "female",
              "之女婿": "male", "之孙子": "male", "之孙女": "female"}
    names = {v: k for k, v in default_vocab().table("relation").items()}
    for generated, _ in village:
        if generated.mistakes:
            continue
        for m in generated.state["members"]:
            number = m["fields"]["id_number"]
            info = idnumber.inspect(number, AS_OF)
            assert info.status is idnumber.IdStatus.VALID, number
            assert number[17] == ric.calc_check_digit(number) == check_char(number[:17])
            expected = sex_of.get(names[m["fields"]["relation"]])
            assert expected in (None, info.sex), (m["fields"]["relation"], number)
            assert number not in seen
            seen.add(number)


def test_check_digit_matches_the_standard_examples() -> None:
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"


def test_shipped_county_codes_are_real() -> None:
    """Each code and its historic code are in python-stdnum's GB/T 2260 table under its name."""
    table = (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text(encoding="utf-8")
    counties: dict[str, str] = {}
    province = ""
    for line in table.splitlines():
        if m := re.match(r"^(\d\d) province=", line):
            province = m.group(1)
        elif m := re.match(r"^  (\d{4}) county=\"(.*)\"", line):
            counties[province + m.group(1)] = counties.get(province + m.group(1), "") + m.group(2)
    for code, county in COUNTIES.items():
        assert county.name in counties.get(code, ""), code
        if county.historic:
            assert county.historic[0] in counties, county.historic
    assert "中方县" in counties["431221"]


def test_families_make_sense(village) -> None:
    names = {v: k for k, v in default_vocab().table("relation").items()}
    for generated, assessment in village:
        if generated.mistakes:
            continue
        people = [(names[m["fields"]["relation"]], p.sex, p.age)
                  for m, p in zip(generated.state["members"], assessment.indicators.persons,
                                  strict=True)]
        heads = [p for p in people if p[0] == "户主"]
        assert len(heads) == 1
        _, head_sex, head_age = heads[0]
        for relation, sex, age in people:
            if relation == "配偶":
                assert sex != head_sex and abs(age - head_age) <= 12
            if relation in ("之子", "之女"):
                assert age <= head_age - 18, people
            if relation in ("之孙子", "之孙女", "之外孙子", "之外孙女"):
                assert age <= head_age - 36, people
            if relation in ("之父", "之母", "之岳父", "之岳母", "之公公", "之婆婆"):
                assert age >= head_age + 18, people


def test_household_sizes_follow_rural_proportions(village) -> None:
    sizes = Counter(len(g.state["members"]) for g, _ in village)
    total = sum(SIZE_WEIGHTS)
    for size, weight in enumerate(SIZE_WEIGHTS, start=1):
        assert sizes[size] / len(village) == pytest.approx(weight / total, abs=0.025)  # ± 2.5 pts
    mean = sum(k * v for k, v in sizes.items()) / len(village)
    assert mean == pytest.approx(4.0, abs=0.1)   # 150,000 households ≈ 600,000 people


def test_employment_proportions_match_the_seeds(village) -> None:
    agg = forms.aggregate_indicators(a.indicators for g, a in village if not g.mistakes)
    assert agg.employment_rate == pytest.approx(0.62, abs=0.03)           # 中方县 61.63 %
    assert agg.poverty_employment_rate == pytest.approx(0.80, abs=0.04)   # 82.1 %, 79.3 %
    regions = agg.transfer_by_region
    outside = 1 - regions.get("county", 0) / agg.transfer_employed
    assert outside == pytest.approx(0.63, abs=0.07)   # most transfer work is outside the county
    assert agg.zero_employment_households / agg.households < 0.12
    # Seed 001: of those with capacity, 27 % want training and 16 % to start a business.
    capable = sum(p.has_capacity for g, a in village if not g.mistakes for p in a.indicators.persons)
    assert agg.wants_training / capable == pytest.approx(0.27, abs=0.04)
    assert agg.wants_business / capable == pytest.approx(0.16, abs=0.03)


def test_household_types_and_help_measures(village) -> None:
    kinds = Counter(g.household_type for g, _ in village)
    assert kinds["脱贫户"] / len(village) == pytest.approx(0.18, abs=0.03)
    assert kinds["监测户"] / len(village) == pytest.approx(0.04, abs=0.015)
    for generated, _ in village:
        if generated.household_type != "一般农户":
            assert generated.state["fields"]["help_measures"]


def test_generated_fields_and_choices_are_the_workbooks() -> None:
    vocab = default_vocab()
    assert vocab.source.endswith("labor_survey.xlsx") and vocab.problems == []
    for g in generate_village(VillageSpec("431221101201", 60, seed=5, as_of=AS_OF)):
        assert set(g.state["fields"]) <= vocab.fields
        for m in g.state["members"]:
            assert set(m["fields"]) <= vocab.fields


def test_county_villages_have_unique_codes_sizes_and_id_numbers() -> None:
    spec = CountySpec(villages=30, households=3000, seed=2)
    codes, sizes = spec.village_codes(), spec.village_sizes()
    assert len(set(codes)) == 30 and all(re.fullmatch(r"431221\d{6}", c) for c in codes)
    assert sum(sizes) == 3000 and min(sizes) >= 1
    small = CountySpec(villages=3, households=90, seed=2)
    numbers = [m["fields"]["id_number"] for _, hhs in iter_county(small) for g in hhs
               if M.ID_DUPLICATE not in g.mistakes for m in g.state["members"]]
    assert len(numbers) == len(set(numbers))
