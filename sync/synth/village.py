"""Households of one village as docs/architecture.md records, deterministic from a seed.

The output depends only on (seed, village code, number of households, first 户编号, as_of,
mistake rate) — the random generator is seeded with all of them as one string, which Python
hashes the same way in every process — so benchmarks can cache it and tests can compare two
runs. Record and member UUIDs come from the same generator for the same reason.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mopai.forms import trades

from . import answers, mistakes, names, places
from .family import IdFactory, Person, compose
from .vocab import FALLBACK, Vocab, default_vocab

FORM_ID = "labor_survey"
FORM_VERSION = "2026.1.1"   # the shipped form (tests/bench/test_synth.py checks the records)
TRADE_FIELDS = ("job_type", "desired_job", "desired_training")  # from the 工种 list (issue 21)
HOUSEHOLD_TYPES = (("一般农户", 78), ("脱贫户", 18), ("监测户", 4))
MISTAKE_RATE = 0.05
HOUSEHOLDS_PER_GROUP = 45  # 村民小组 of 30-60 households
_CHOICE_FIELDS = tuple(FALLBACK)
_LETTERS = {name: label for name, label in FALLBACK["industry"]}


@dataclass(frozen=True)
class VillageSpec:
    """What to generate. `code` is the 12-digit village code; its first 6 digits the county."""

    code: str
    households: int
    seed: int = 1
    start_no: int = 1
    as_of: dt.date | None = None
    mistake_rate: float = MISTAKE_RATE
    form_version: str = FORM_VERSION

    @property
    def county_code(self) -> str:
        return self.code[:6]

    def rng_seed(self) -> str:
        as_of = (self.as_of or dt.date.today()).isoformat()
        return f"mopai-synth-v1:{self.seed}:{self.code}:{self.households}:{self.start_no}:{as_of}"


@dataclass
class GeneratedHousehold:
    """One record and the mistakes put in it on purpose (empty for a clean record)."""

    state: dict[str, Any]
    mistakes: tuple[str, ...] = ()
    household_type: str = "一般农户"


@dataclass
class VillageContext:
    """What every household of the village shares: clans, township, cadres, ID numbers."""

    spec: VillageSpec
    rng: random.Random
    vocab: Vocab
    county: places.County
    township: str
    clans: tuple[list[str], list[float]]
    surveyors: list[str]
    ids: IdFactory
    as_of: dt.date = field(default_factory=dt.date.today)


def _uuid(rng: random.Random) -> str:
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def _context(spec: VillageSpec, vocab: Vocab | None, used_ids: set[str] | None) -> VillageContext:
    rng = random.Random(spec.rng_seed())
    county = places.county(spec.county_code)
    township = places.TOWNSHIP_NAMES[int(spec.code[6:9]) % len(places.TOWNSHIP_NAMES)]
    clans = names.village_surnames(rng)
    surveyors = [names.pick_surname(rng, clans) + names.given_name(rng, rng.choice(("male", "female")),
                                                                     rng.randint(1965, 1995))
                 for _ in range(3)]
    return VillageContext(spec, rng, vocab or default_vocab(), county, township, clans, surveyors,
                          IdFactory(rng, spec.county_code, used_ids), spec.as_of or dt.date.today())


def _name_family(ctx: VillageContext, people: list[Person], on: dt.date) -> None:
    """Surnames follow the family line: children take the father's, in-laws their own."""
    rng = ctx.rng
    head = people[0]
    head_surname = names.pick_surname(rng, ctx.clans)
    spouse = next((p for p in people if p.relation == "配偶"), None)
    spouse_surname = names.pick_surname(rng, ctx.clans)
    kids_surname = spouse_surname if head.sex == "female" and spouse else head_surname
    surname_of = {"户主": head_surname, "之父": head_surname, "之兄弟姐妹": head_surname,
                  "之侄儿": head_surname, "之侄女": head_surname, "配偶": spouse_surname,
                  "之公公": spouse_surname, "之岳父": spouse_surname, "之子": kids_surname,
                  "之女": kids_surname, "之孙子": kids_surname, "之孙女": kids_surname,
                  "之外孙子": kids_surname, "之外孙女": kids_surname}
    kids_gen = names.generation_char(rng, on.year - max(0, head.age - 25))
    for p in people:
        born_year = on.year - p.age
        married_in = p.relation in ("配偶", "之儿媳", "之女婿", "之岳父", "之岳母", "之公公", "之婆婆")
        surname = surname_of.get(p.relation) or names.pick_surname(rng, ctx.clans)
        generation = kids_gen if p.relation in ("之子", "之女") else ""
        p.name = surname + names.given_name(rng, p.sex, born_year, generation)
        p.id_number = ctx.ids.make(p, on, married_in=married_in)


def _household(ctx: VillageContext, number: int) -> GeneratedHousehold:
    rng, spec = ctx.rng, ctx.spec
    survey_date = ctx.as_of - dt.timedelta(days=rng.randint(0, 60))
    kind = rng.choices([k for k, _ in HOUSEHOLD_TYPES], weights=[w for _, w in HOUSEHOLD_TYPES])[0]
    poor = kind != "一般农户"
    people = compose(rng)
    _name_family(ctx, people, survey_date)
    work = answers.Work(rng, ctx.county, ctx.township, survey_date)
    for p in people:
        answers.schooling(rng, p)
        answers.health_and_capacity(rng, p, poor)
        phone = answers.member_phone(rng, p)
        if phone:
            p.fields["phone"] = phone
        work.fill(p, poor)
    idle = [p for p in people if p.fields.get("employment_status") == "未就业"
            and 16 <= p.age < answers.LABOUR_MAX_AGE]
    if idle and len(idle) == sum(1 for p in people if "employment_status" in p.fields
                                 and 16 <= p.age < answers.LABOUR_MAX_AGE):
        if rng.random() < answers.ZERO_EMPLOYMENT_FIX:
            work.employ(rng.choice(idle), poor)
    group = places.GROUP_NAMES[(number - 1) // HOUSEHOLDS_PER_GROUP % len(places.GROUP_NAMES)]
    hh: dict[str, Any] = {
        "village_code": spec.code, "group": group, "household_no": f"{number:04d}",
        "address": f"{ctx.township}{group}{rng.randint(1, 120)}号",
        "household_type": kind, "survey_date": survey_date.isoformat(),
        "survey_method": rng.choices(("入户", "电话", "其他"), weights=(70, 27, 3))[0],
        "surveyor": rng.choice(ctx.surveyors),
    }
    phones = [p.fields["phone"] for p in people if p.fields.get("phone")]
    if phones and rng.random() < 0.95:
        hh["phone"] = phones[0]
    answers.household_extras(rng, kind, hh, ctx.surveyors)
    broken: tuple[str, ...] = ()
    if rng.random() < spec.mistake_rate:
        broken = mistakes.break_household(rng, people, hh)
    state = {
        "uuid": _uuid(rng), "form_id": FORM_ID, "form_version": spec.form_version,
        "status": "draft" if broken else "complete",
        "fields": _named(ctx.vocab, hh),
        "members": [{"uuid": _uuid(rng), "fields": _named(ctx.vocab, {
            "name": p.name, "id_number": p.id_number, "relation": p.relation, **p.fields})}
            for p in people],
    }
    return GeneratedHousehold(state, broken, kind)


def _named(vocab: Vocab, fields: dict[str, Any]) -> dict[str, Any]:
    """Chinese labels -> the workbook's choice names (lists for select_multiple)."""
    out = {}
    for key, value in fields.items():
        if key in _CHOICE_FIELDS:
            table = vocab.choices[key]
            if key == "industry":
                value = _LETTERS[value]
            value = [table[v] for v in value] if isinstance(value, list) else table[value]
        out[key] = value
    for key in TRADE_FIELDS:   # the words a cadre writes down, and the trade they name
        if isinstance(out.get(key), str):
            out[f"{key}_text"] = text = out.pop(key)
            code = trades.code_trade(text)
            if code is not None:
                out[key] = code
    return out


def iter_village(spec: VillageSpec, *, vocab: Vocab | None = None,
                 used_ids: set[str] | None = None) -> Iterator[GeneratedHousehold]:
    """Generate lazily, so a county never holds more than one village in memory."""
    ctx = _context(spec, vocab, used_ids)
    for number in range(spec.start_no, spec.start_no + spec.households):
        yield _household(ctx, number)


def generate_village(spec: VillageSpec, *, vocab: Vocab | None = None,
                     used_ids: set[str] | None = None) -> list[GeneratedHousehold]:
    return list(iter_village(spec, vocab=vocab, used_ids=used_ids))
