"""Matching people to job postings (issue 21: 600,000 people against 5,000 postings ≤ 10 s).

The people are read from generated households (`reports.matching.people_of`, the reading of
each member's answers timed apart); to reach a county's 600,000 people without holding
150,000 households' records in the runner, the people read are repeated with their ages
shifted by up to ±3 years (a county's people differ in age, sex, education and wishes: what
the ranking's cache keys on). The postings are generated: trades, places (home county, city,
province and further), pay, ages, sex and education drawn like a human-resources market's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid

from . import data
from .runner import Context, Figure, benchmark, timed

PROVINCES = ("湖南", "湖南", "湖南", "广东", "广东", "浙江", "江苏", "福建", "上海", "北京")
CITIES = {"湖南": ("怀化市", "长沙市", "株洲市"), "广东": ("东莞市", "深圳市", "佛山市"),
          "浙江": ("宁波市", "杭州市"), "江苏": ("苏州市",), "福建": ("厦门市",),
          "上海": ("上海市",), "北京": ("北京市",)}


def postings(n: int, seed: int, area: str) -> list:  # noqa: ANN401 - Posting
    from mopai.forms import trades
    from mopai.sync.jobs import EDUCATION, Posting

    rng = random.Random(seed)
    out = []
    for i in range(n):
        province = rng.choice(PROVINCES)
        low = rng.randrange(2500, 9000, 100)
        age_min = rng.choice((None, 16, 18, 20))
        out.append(Posting(
            job_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), area=area,
            employer=f"用工单位{i}", title=f"岗位{i}", trade=rng.choice(trades.CODES),
            province=province, city=rng.choice(CITIES[province]),
            district=rng.choice(("", "", "中方县")) if province == "湖南" else "",
            pay_min=low, pay_max=low + rng.randrange(0, 4000, 500), openings=rng.randrange(1, 50),
            age_min=age_min, age_max=rng.choice((None, 45, 50, 55, 60)),
            sex=rng.choice(("", "", "", "male", "female")),
            education=rng.choice(("", "", "", *EDUCATION[1:4]))))
    return out


@benchmark("jobs_match", "match a county's people to its job postings (issue 21)")
def jobs_match(ctx: Context) -> list[Figure]:
    from mopai.reports.matching import Home, Matcher, people_of

    today = dt.date.today()
    made = data.households(ctx, ctx.size(20_000, 1_000))
    states = [g.state for g in made]
    read_s, people = timed(lambda: list(people_of(states, today)))
    members = sum(len(s["members"]) for s in states)
    target_people = ctx.size(600_000, 20_000)
    n_postings = ctx.size(5_000, 500)
    rng = random.Random(ctx.seed)
    everyone = []
    while people and len(everyone) < target_people:
        for p in people:
            everyone.append(dataclasses.replace(p, age=max(16, min(64, p.age + rng.randint(-3, 3)))))
            if len(everyone) >= target_people:
                break
    jobs = postings(n_postings, ctx.seed, "431221")
    home = Home("43", "怀化市", "中方县")

    def run() -> tuple[int, int]:
        matcher = Matcher(jobs, home, today=today)
        found = sum(1 for person in everyone if matcher.for_person(person))
        return found, len(matcher._cache)

    seconds, (matched, profiles) = timed(run)
    return [
        Figure("jobs_match", f"{len(everyone):,} people × {len(jobs):,} postings, top 5 each",
               seconds, "s", 10, "<=", "issue 21",
               detail=f"{matched:,} people with a posting scoring ≥ 40; {profiles:,} distinct "
                      "profiles ranked"),
        Figure("jobs_match", "reading the people to match from records, per member",
               read_s / max(1, members) * 1e6, "µs",
               detail=f"{len(people):,} of {members:,} members are looked for a job for"),
    ]
