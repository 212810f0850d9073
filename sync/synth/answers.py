"""The questionnaire's answers for one member, in the proportions the seeds report.

Targets (tests/bench/test_synth.py checks them with a stated tolerance):
- 就业率 of rural labour about 62 % (中方县: 61.63 %), of 脱贫户 + 监测户 labour about 80 %
  (中方县 82.1 %, seed 001: 79.3 %); 务农 counts as employed (domain.md's default).
- Most transfer employment is outside the county (外出务工 to 广东 / 长三角 / the provincial
  capital); 公益性岗位 and 就业帮扶车间 are mostly for 脱贫 labour, inside the township.
- Wishes as in seed 001: of 12,336 with labour capacity, 6,176 want a job, 3,291 training,
  2,008 to start a business (the job wish is only asked of 未就业 and 务农 here).
Answers are only given where domain.md asks the question, so a clean record has no
irrelevant answers; labels are domain.md's Chinese ones (vocab.py turns them into names).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from mopai.forms.places import parse_place

from . import names, places
from .family import Person

LABOUR_MAX_AGE = 60
EMPLOYED_P = {"general": 0.52, "poor": 0.79}   # P(employed) for a healthy labourer
ZERO_EMPLOYMENT_FIX = 0.6  # share of 零就业家庭 where one member is found work (一户一人就业)
STATUS_WEIGHTS = {  # among the employed: 外出 县内 车间 公益 创业 灵活 务农
    "general": (52, 13, 2, 1, 5, 9, 18),
    "poor": (44, 12, 8, 13, 3, 6, 14),
}
STATUSES = ("外出务工", "县内务工", "就业帮扶车间", "公益性岗位", "自主创业", "灵活就业", "务农")
REGIONS = ("乡（镇）内", "乡（镇）外县内", "县外省内", "省外", "国外")
REGION_WEIGHTS = {
    "外出务工": (0, 0, 29, 68, 3), "县内务工": (45, 55, 0, 0, 0), "就业帮扶车间": (85, 15, 0, 0, 0),
    "公益性岗位": (95, 5, 0, 0, 0), "自主创业": (60, 25, 10, 5, 0), "灵活就业": (30, 35, 20, 15, 0),
}
INCOME = {  # (median, spread) of monthly income in yuan
    "外出务工": (5200, 0.3), "县内务工": (3000, 0.25), "就业帮扶车间": (2300, 0.2),
    "公益性岗位": (900, 0.3), "自主创业": (5000, 0.5), "灵活就业": (3200, 0.35), "务农": (1300, 0.4),
}
EDUCATION = ("文盲或半文盲", "小学", "初中", "高中", "中专", "大专", "本科及以上")
EDUCATION_BY_BIRTH = ((1960, (25, 45, 22, 6, 2, 0, 0)), (1980, (5, 30, 48, 11, 4, 2, 0)),
                      (1995, (1, 12, 52, 15, 10, 7, 3)), (9999, (0, 3, 35, 20, 17, 15, 10)))


def _pick(rng: random.Random, labels: tuple[str, ...], weights: tuple[float, ...]) -> str:
    return rng.choices(labels, weights=weights)[0]


def schooling(rng: random.Random, p: Person) -> None:
    """Exactly one of 文化程度 and 在校生状况, by age."""
    age, f = p.age, p.fields
    student = None
    if age <= 2:
        student = "学龄前儿童"
    elif age <= 5:
        student = "学前教育" if rng.random() < 0.9 else "学龄前儿童"
    elif age <= 11:
        student = "小学"
    elif age <= 14:
        student = "初中"
    elif age <= 17:
        student = _pick(rng, ("高中", "中职", ""), (60, 25, 15)) or None
    elif age <= 22:
        student = _pick(rng, ("高职高专", "本科", ""), (18, 18, 64)) or None
    elif age <= 25 and rng.random() < 0.03:
        student = "硕士研究生及以上"
    if student:
        f["is_student"], f["student_status"] = "是", student
        return
    f["is_student"] = "否"
    year = p.born.year if p.born else 2000
    weights = next(w for limit, w in EDUCATION_BY_BIRTH if year < limit)
    level = _pick(rng, EDUCATION, weights)
    if age <= 17:
        level = "初中"
    f["education"] = level


def health_and_capacity(rng: random.Random, p: Person, poor: bool) -> None:
    age, f = p.age, p.fields
    risk = 1.8 if poor else 1.0
    ill = []
    if rng.random() < (0.01 + 0.006 * max(0, age - 40)) * risk:
        ill.append("长期慢性病")
    if rng.random() < (0.004 + 0.0015 * max(0, age - 40)) * risk:
        ill.append("患有大病")
    if rng.random() < 0.015 * risk:
        ill.append("残疾")
    f["health"] = ill or ["健康"]
    if age < 16 or "student_status" in f:
        capacity = "无劳动力"
    elif age < LABOUR_MAX_AGE:
        if not ill:
            capacity = "技能劳动力" if rng.random() < 0.18 else "普通劳动力"
        elif "残疾" in ill or "患有大病" in ill:
            capacity = _pick(rng, ("丧失劳动力", "弱劳动力或半劳动力"), (40, 60))
        else:
            capacity = _pick(rng, ("弱劳动力或半劳动力", "普通劳动力"), (60, 40))
    elif age < 70:
        capacity = (_pick(rng, ("普通劳动力", "弱劳动力或半劳动力", "无劳动力"), (45, 45, 10)) if not ill
                    else _pick(rng, ("弱劳动力或半劳动力", "丧失劳动力", "无劳动力"), (40, 40, 20)))
    else:
        capacity = (_pick(rng, ("弱劳动力或半劳动力", "无劳动力", "普通劳动力"), (40, 50, 10)) if not ill
                    else _pick(rng, ("丧失劳动力", "无劳动力"), (60, 40)))
    f["labor_capacity"] = capacity


def _month(day: dt.date) -> str:
    """A year-month answer is a date on the first of the month (the form's month-year date)."""
    return f"{day:%Y-%m}-01"


class Work:
    """Employment, wishes and returns of members asked about work (domain.md's relevance)."""

    def __init__(self, rng: random.Random, county: places.County, township: str,
                 survey_date: dt.date) -> None:
        self.rng, self.county, self.township, self.on = rng, county, township, survey_date

    def fill(self, p: Person, poor: bool) -> None:
        f, rng = p.fields, self.rng
        able = f["labor_capacity"] in ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力")
        labour_age = 16 <= p.age < LABOUR_MAX_AGE
        if labour_age and able:
            f["wants_training"] = "是" if rng.random() < 0.32 else "否"
            if f["wants_training"] == "是":
                f["desired_training"] = rng.choice(places.TRAININGS)
            f["wants_business"] = "是" if rng.random() < 0.19 else "否"
        if labour_age:
            self._returned(p)
        if not able or "student_status" in f or p.age < 16:
            if labour_age and able:
                f["policies"] = ["培训补贴"] if rng.random() < 0.05 else ["无"]
            return
        weak = f["labor_capacity"] == "弱劳动力或半劳动力"
        if labour_age:
            chance = EMPLOYED_P["poor" if poor else "general"] * (0.7 if weak else 1.0)
        else:
            chance = 0.6  # older people with capacity mostly farm
        if rng.random() >= chance:
            self._unemployed(p)
        else:
            self.employ(p, poor)

    def employ(self, p: Person, poor: bool) -> None:
        """Give a job; also used to find one member of a 零就业家庭 work (一户一人就业)."""
        f, rng = p.fields, self.rng
        for key in ("unemployed_reason", "wants_job", "desired_job", "desired_region", "policies"):
            f.pop(key, None)
        if not 16 <= p.age < LABOUR_MAX_AGE:
            status = "务农" if rng.random() < 0.85 else "公益性岗位"
        else:
            weights = list(STATUS_WEIGHTS["poor" if poor else "general"])
            if f["labor_capacity"] == "弱劳动力或半劳动力":
                weights[0] = 0  # 外出务工 while weak is a warning [2_01_015]
            if p.age >= 50:
                weights[-1] *= 2.5
            status = _pick(rng, STATUSES, tuple(weights))
        self._employed(p, status, poor)

    def _employed(self, p: Person, status: str, poor: bool) -> None:
        f, rng = p.fields, self.rng
        f["employment_status"] = status
        median, spread = INCOME[status]
        f["monthly_income"] = int(max(300, min(30000, round(rng.lognormvariate(0, spread) * median, -1))))
        earliest = max(16, p.age - 20)
        years_ago = rng.randint(0, max(0, p.age - earliest)) if rng.random() < 0.5 else 0
        start = self.on - dt.timedelta(days=365 * years_ago + rng.randrange(300))
        f["start_month"] = _month(start)
        if status == "务农":
            f["job_type"] = rng.choice(places.FARM_JOBS)
            self._job_wish(p, 0.3)
        else:
            self._placement(p, status)
        subsidies = []
        if poor:
            if status == "外出务工" and rng.random() < 0.6:
                subsidies.append("交通补贴")
            if status in ("公益性岗位", "就业帮扶车间") and rng.random() < 0.7:
                subsidies.append("岗位补贴")
            if status == "外出务工" and rng.random() < 0.3:
                subsidies.append("一次性求职补贴")
            if status == "自主创业" and rng.random() < 0.5:
                subsidies.append("创业补贴")
        elif status == "自主创业" and rng.random() < 0.15:
            subsidies.append("创业补贴")
        f["policies"] = subsidies or ["无"]

    def _placement(self, p: Person, status: str) -> None:
        f, rng = p.fields, self.rng
        region = _pick(rng, REGIONS, REGION_WEIGHTS[status])
        if region == "省外":
            place = places.other_province_place(rng)
        elif region == "县外省内":
            place = places.in_province_place(rng, self.county)
        elif region == "国外":
            place = rng.choice(places.ABROAD)
        else:
            town = self.township if region == "乡（镇）内" else rng.choice(places.TOWNSHIP_NAMES)
            place = f"{self.county.province}{self.county.city}{self.county.name}{town}"
        f["work_region"], f["work_place"] = region, place
        found = parse_place(place)  # what the cadre picks from the lists (forms/places.py)
        if found is not None:
            f["work_province"] = found[0].code
            if found[1] is not None:
                f["work_city"] = found[1].code
        if status == "公益性岗位":
            post = rng.choice(places.PUBLIC_POSTS)
            job, industry, employer = post, "N", f"{self.township}人民政府"
            f["post_type"] = post
        elif status == "自主创业":
            job, industry = rng.choice(places.BUSINESSES)
            employer = f"{p.name}个体经营"
        elif status == "灵活就业":
            job, industry = rng.choice(places.FLEXIBLE_JOBS)
            employer = "个人灵活就业"
        else:
            table = {"外出务工": places.MIGRANT_JOBS, "就业帮扶车间": places.WORKSHOP_JOBS}.get(
                status, places.LOCAL_JOBS)
            job, industry, pattern = rng.choice(table)
            employer = places.employer(rng, pattern, city=place, county_name=self.county.name,
                                       township=self.township)
        f["job_type"], f["industry"], f["employer"] = job, industry, employer
        channel_weights = (10, 70, 12, 0, 8) if status != "就业帮扶车间" else (20, 10, 0, 70, 0)
        if status == "公益性岗位":
            channel_weights = (90, 5, 0, 0, 5)
        f["channel"] = _pick(rng, ("政府组织", "自发", "企业组织", "就业帮扶车间", "其他"),
                             channel_weights)
        f["months_worked"] = rng.choices(range(1, 13), weights=(1,) * 5 + (2,) * 5 + (4, 30))[0]

    def _unemployed(self, p: Person) -> None:
        f, rng = p.fields, self.rng
        f["employment_status"] = "未就业"
        if 16 <= p.age < LABOUR_MAX_AGE:
            f["policies"] = ["培训补贴"] if rng.random() < 0.08 else ["无"]
        f["unemployed_reason"] = _pick(rng, ("照料家庭", "缺乏技能", "身体原因", "无合适岗位", "其他"),
                                       (35, 20, 15 if "健康" in f["health"] else 60, 25, 5))
        self._job_wish(p, 0.7)

    def _job_wish(self, p: Person, chance: float) -> None:
        f, rng = p.fields, self.rng
        f["wants_job"] = "是" if rng.random() < chance else "否"
        if f["wants_job"] == "是":
            f["desired_job"] = rng.choice(places.DESIRED_JOBS)
            f["desired_region"] = _pick(rng, REGIONS, (20, 25, 25, 30, 0))

    def _returned(self, p: Person) -> None:
        f, rng = p.fields, self.rng
        if "student_status" in f or rng.random() >= 0.08:
            f["returned"] = "否"
            return
        f["returned"] = "是"
        f["return_date"] = (self.on - dt.timedelta(days=rng.randint(5, 180))).isoformat()
        if rng.random() < 0.6:
            f["planned_departure"] = (self.on + dt.timedelta(days=rng.randint(3, 90))).isoformat()
        f["transport"] = _pick(rng, ("自行", "包车", "火车", "飞机", "其他"), (30, 20, 35, 10, 5))


def member_phone(rng: random.Random, p: Person) -> str | None:
    return names.mobile(rng) if 18 <= p.age <= 70 and rng.random() < 0.65 else None


def household_extras(rng: random.Random, kind: str, f: dict[str, Any], helpers: list[str]) -> None:
    """监测对象类别 and 帮扶措施 for 脱贫户 and 监测户."""
    if kind == "监测户":
        f["monitoring_category"] = _pick(rng, ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
                                         (45, 45, 10))
    if kind in ("脱贫户", "监测户"):
        measures = ("产业帮扶", "就业帮扶", "金融帮扶", "公益岗位帮扶", "技能培训", "其他")
        chosen = {m for m, w in zip(measures, (0.6, 0.7, 0.25, 0.2, 0.3, 0.05), strict=True)
                  if rng.random() < w}
        f["help_measures"] = [m for m in measures if m in chosen] or ["就业帮扶"]
        f["helper_name"] = rng.choice(helpers)
        f["helper_phone"] = names.mobile(rng)
