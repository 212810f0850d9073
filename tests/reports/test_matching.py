"""The matching rule (reports/matching.py, docs/forms.md "Job matching"): who is matched,
the hard filters, the score's parts and reasons, the order, and the 工种 keyword table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from mopai.forms import trades
from mopai.forms.samples import member
from mopai.reports.matching import Home, Matcher, Person, people_of, person_of, tier
from mopai.sync.jobs import Posting

TODAY = dt.date(2026, 6, 1)
HOME = Home("43", "怀化市", "中方县")


def posting(n: int, **kw: object) -> Posting:
    base = dict(job_id=f"00000000-0000-4000-8000-{n:012d}", area="431221", employer=f"单位{n}",
                title=f"岗位{n}", trade="construction", province="湖南", city="怀化市",
                district="中方县", pay_min=5000, pay_max=7000)
    return Posting(**{**base, **kw})  # type: ignore[arg-type]


def person(**kw: object) -> Person:
    base = dict(uuid="p", household_uuid="h", village_code="431221100201", household_no="0001",
                name="张三", id_number="", age=40, sex="male", education="junior",
                wished="construction", known=frozenset(), region="in_county", status="unemployed")
    return Person(**{**base, **kw})  # type: ignore[arg-type]


def test_the_wished_trade_in_the_wished_area_ranks_first_with_its_reasons() -> None:
    jobs = [posting(1, trade="catering", pay_min=9000, pay_max=9000),
            posting(2), posting(3, province="广东", city="东莞市", district="")]
    [first, *rest] = Matcher(jobs, HOME, today=TODAY).for_person(person())
    assert first.posting.job_id.endswith("2")
    assert first.score == 93  # 40 + 25 + 20 × 5000 / 8000 + 15
    assert first.reasons == ("意向工种相符（建筑）", "工作地本县，在意向地域（县内）内",
                             "月薪5000–7000元")
    # another trade at home and well paid (0 + 25 + 20 + 15) before the wished trade in
    # 广东, outside the wished area (40 + 0 + 12.5 + 3)
    assert [(m.posting.job_id[-1], m.score) for m in rest] == [("1", 60), ("3", 56)]


@pytest.mark.parametrize("change, kept", [
    ({"age_min": 45}, False), ({"age_max": 39}, False), ({"age_min": 40, "age_max": 40}, True),
    ({"sex": "female"}, False), ({"sex": "male"}, True),
    ({"education": "senior"}, False), ({"education": "junior"}, True),
    ({"status": "closed"}, False), ({"deadline": "2026-05-31"}, False),
    ({"deadline": "2026-06-01"}, True)])
def test_hard_filters(change: dict, kept: bool) -> None:
    found = Matcher([posting(1, **change)], HOME, today=TODAY).for_person(person())
    assert bool(found) is kept
    if kept and any(k in change for k in ("age_min", "sex", "education")):
        assert found[0].reasons[-1] == "年龄、性别、学历符合要求"


def test_an_unknown_education_fails_a_posting_that_asks_for_one() -> None:
    matcher = Matcher([posting(1, education="primary"), posting(2)], HOME, today=TODAY)
    assert [m.posting.job_id[-1] for m in matcher.for_person(person(education=""))] == ["2"]


def test_area_fit_and_distance() -> None:
    assert tier(posting(1), HOME) == 0
    assert tier(posting(1, district="芷江县"), HOME) == 1
    assert tier(posting(1, district="", city="长沙市"), HOME) == 2
    assert tier(posting(1, province="广东"), HOME) == 3
    assert tier(posting(1, district="中方"), HOME) == 0  # without its 县
    far = posting(1, province="广东", city="东莞市", district="")
    wants_away = person(region="out_of_province")
    [m] = Matcher([far], HOME, today=TODAY).for_person(wants_away)
    assert m.score == 81  # 40 + 25 + 12.5 + 3, rounded half up
    assert "在意向地域（省外）内" in m.reasons[1]


def test_other_trades_score_less_and_a_known_trade_in_between() -> None:
    jobs = [posting(1, trade="security"), posting(2, trade="skilled"), posting(3, trade="other")]
    found = Matcher(jobs, HOME, today=TODAY).for_person(person(known=frozenset({"skilled"})))
    scores = {m.posting.job_id[-1]: m.score for m in found}
    assert scores["2"] - scores["3"] == 15 and scores["3"] - scores["1"] == 10
    assert found[0].reasons[0] == "做过或想学电工/焊工等技工"


def test_below_the_minimum_score_nothing_is_listed() -> None:
    # another trade, far away, outside the wished area, no pay: 0 + 0 + 5 + 3
    job = posting(1, trade="security", province="广东", district="", pay_min=None, pay_max=None)
    assert Matcher([job], HOME, today=TODAY).for_person(person()) == []


def test_ties_rank_by_pay_then_id_and_the_top_is_bounded() -> None:
    jobs = [posting(n, pay_min=8000, pay_max=8000 + (n % 3) * 100) for n in range(12)]
    found = Matcher(jobs, HOME, today=TODAY, top=5).for_person(person())
    assert len(found) == 5
    assert [m.posting.pay_max for m in found] == [8200, 8200, 8200, 8200, 8100]
    assert [m.posting.job_id for m in found[:4]] == sorted(m.posting.job_id for m in found[:4])


def test_shared_rankings_equal_ranking_each_person_alone() -> None:
    rng = random.Random(5)
    jobs = [posting(n, trade=rng.choice(trades.CODES), province=rng.choice(("湖南", "广东")),
                    district=rng.choice(("", "中方县")), pay_min=rng.randrange(2000, 9000, 500),
                    age_min=rng.choice((None, 18, 30)), age_max=rng.choice((None, 45, 55)),
                    sex=rng.choice(("", "male", "female")),
                    education=rng.choice(("", "primary", "senior"))) for n in range(300)]
    people = [person(uuid=str(i), age=rng.randrange(16, 65), sex=rng.choice(("male", "female")),
                     wished=rng.choice((None, *trades.CODES)),
                     education=rng.choice(("", "primary", "junior", "college")),
                     region=rng.choice(("", "in_county", "in_province", "out_of_province")))
              for i in range(200)]
    shared = Matcher(jobs, HOME, today=TODAY)
    for p in people:
        alone = Matcher(jobs, HOME, today=TODAY)
        assert [(m.posting.job_id, m.score) for m in shared.for_person(p)] \
            == [(m.posting.job_id, m.score) for m in alone.for_person(p)]
        # and the ranking is the brute-force one: every posting scored and sorted
        brute = sorted(((shared._score(p, j), j) for j in shared.postings
                        if __import__("mopai.reports.matching", fromlist=["fits"]).fits(p, j)
                        and shared._score(p, j) >= 40),
                       key=lambda sj: (-sj[0], -(sj[1].pay_max or 0), sj[1].job_id))[:5]
        assert [m.posting.job_id for m in shared.for_person(p)] == [j.job_id for _, j in brute]


def test_for_a_posting_the_people_who_fit() -> None:
    job = posting(1, sex="female", age_max=50)
    people = [person(uuid="a", sex="female", age=30), person(uuid="b", sex="male"),
              person(uuid="c", sex="female", age=51),
              person(uuid="d", sex="female", age=45, wished="catering")]
    found = Matcher([job], HOME, today=TODAY).for_posting(job, people)
    assert [p.uuid for p, _ in found] == ["a", "d"]
    assert found[0][1].score > found[1][1].score


def test_who_is_matched_and_how_free_text_reads() -> None:
    rng = random.Random(1)
    adult = {"is_student": "no", "education": "junior"}
    household = {"uuid": "h", "fields": {"village_code": "431221100201", "household_no": "0007"},
                 "members": [
                     member("head", dt.date(1980, 5, 1), "male", rng, **adult,
                            employment_status="unemployed", wants_job="yes",
                            desired_job="建筑小工", desired_region="in_county",
                            job_type="电焊工"),
                     member("spouse", dt.date(1982, 5, 1), "female", rng, **adult,
                            employment_status="farming", wants_job="yes",
                            desired_job="去城里打零工"),
                     member("son", dt.date(2005, 5, 1), "male", rng, is_student="yes",
                            employment_status="unemployed", wants_job="yes"),
                     member("father", dt.date(1955, 5, 1), "male", rng, **adult,
                            employment_status="unemployed", wants_job="yes"),
                     member("daughter", dt.date(2000, 5, 1), "female", rng, **adult,
                            employment_status="migrant"),
                 ]}
    unread = [0]
    found = list(people_of([household], TODAY, unread))
    assert [p.name for p in found] == [household["members"][0]["fields"]["name"],
                                       household["members"][1]["fields"]["name"]]
    head, spouse = found
    assert (head.wished, head.known, head.age, head.sex) == ("construction",
                                                            frozenset({"skilled"}), 46, "male")
    assert spouse.wished is None and spouse.wished_text == "去城里打零工" and unread == [1]
    # a code as the form saves it, its free text beside it
    coded = dataclasses.replace(head)
    m = {"uuid": "x", "fields": {**household["members"][0]["fields"],
                                 "desired_job": "driving", "desired_job_text": "开大车"}}
    p, not_read = person_of(household, m, TODAY)
    assert p is not None and p.wished == "driving" and p.wished_text == "开大车" and not not_read
    assert coded == head


@pytest.mark.parametrize("text, code", [
    ("建筑小工", "construction"), ("电子厂普工", "electronics"), ("钢筋工", "skilled"),
    ("普工", "manufacturing"), ("开货车", "driving"), ("家政服务员", "domestic_care"),
    ("保洁员", "domestic_care"), ("保安", "security"), ("厨师", "catering"),
    ("快递员", "logistics"), ("种植柑橘", "farming"), ("电商直播", "commerce"),
    ("家政/护理", "domestic_care"), ("driving", "driving"), (" 电 工 ", "skilled"),
    ("其他", "other"), ("打零工", None), ("", None), (None, None)])
def test_the_keyword_table(text: str | None, code: str | None) -> None:
    assert trades.code_trade(text) == code
