"""Who lives in a household: relations, sexes, ages and ID numbers that fit together.

A household is composed from a shape — a nuclear family (户主, 配偶, children, sometimes the
head's parents) or a stem family (an older couple, a married son and 儿媳, grandchildren) —
so relations agree with ages and sexes by construction: 之子 is at least 18 years younger
than the 户主 and their spouse, the spouse is of the other sex and of similar age,
grandchildren are young. Household sizes follow rural registered households (mean ≈ 4, so a
county of 150,000 households holds ≈ 600,000 people, as DESIGN.md's scale says).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from . import places

# Registered rural household sizes 1..9 (mean 4.0).
SIZE_WEIGHTS = (6, 14, 20, 24, 18, 10, 5, 2, 1)
SIZE_MEAN = sum((i + 1) * w for i, w in enumerate(SIZE_WEIGHTS)) / sum(SIZE_WEIGHTS)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17: str) -> str:
    """GB 11643 check character: weighted sum mod 11 into "10X98765432"."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class Person:
    """One member before the questionnaire answers are filled in."""

    relation: str            # domain.md label, e.g. 之子
    sex: str                 # male | female
    age: int                 # whole years at the survey date
    born: dt.date | None = None
    name: str = ""
    id_number: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


def _spouse_age(rng: random.Random, age: int, head_male: bool) -> int:
    gap = round(rng.triangular(-2, 7, 2))
    return max(20, min(98, age - gap if head_male else age + gap))


def _child_ages(rng: random.Random, count: int, mother_age: int) -> list[int]:
    """Siblings at least two years apart (twins aside), the oldest born after the mother's 20th."""
    if count == 0:
        return []
    oldest = max(0, min(mother_age - 20, 35))
    gaps = [rng.choice((2, 2, 3, 3, 4, 5, 6)) for _ in range(count - 1)]
    while sum(gaps) > oldest and any(gaps):
        gaps = [max(0, g - 1) for g in gaps]
    youngest = rng.randint(0, oldest - sum(gaps))
    ages, age = [youngest], youngest
    for gap in gaps:
        age += gap
        ages.append(age)
    return sorted(ages, reverse=True)


def _kid(rng: random.Random, male_rel: str, female_rel: str, age: int) -> Person:
    male = rng.random() < 0.52
    return Person(male_rel if male else female_rel, "male" if male else "female", age)


def _parents(rng: random.Random, count: int, head_age: int, head_male: bool) -> list[Person]:
    father_age = min(98, head_age + rng.randint(22, 34))
    in_law = rng.random() < 0.1
    if head_male:
        rels = ("之岳父", "之岳母") if in_law else ("之父", "之母")
    else:
        rels = ("之公公", "之婆婆") if in_law else ("之父", "之母")
    people = [Person(rels[0], "male", father_age), Person(rels[1], "female",
                                                          max(head_age + 18, father_age - rng.randint(0, 4)))]
    return people[2 - count:] if count == 1 and rng.random() < 0.7 else people[:count]


def _extra(rng: random.Random, head_age: int) -> Person:
    kind = rng.random()
    if kind < 0.5:
        male = rng.random() < 0.5
        return Person("之兄弟姐妹", "male" if male else "female",
                      max(16, head_age + rng.randint(-10, 10)))
    if kind < 0.85:
        return _kid(rng, "之侄儿", "之侄女", rng.randint(0, max(0, head_age - 20)))
    return Person("其他", rng.choice(("male", "female")), rng.randint(10, 70))


def _nuclear(rng: random.Random, size: int) -> list[Person]:
    head_male = rng.random() < 0.85
    spouse = size >= 2 and rng.random() < 0.85
    rest = size - 1 - spouse
    n_parents = 0
    if rest >= 1 and rng.random() < (0.25 if rest <= 2 else 0.4):
        n_parents = min(rest, rng.choice((1, 1, 2)))
    n_kids = rest - n_parents
    n_extra = max(0, n_kids - 4)
    n_kids -= n_extra
    if n_parents:
        head_age = rng.randint(28, 55)
    elif n_kids == 0:
        head_age = round(rng.triangular(23, 92, 70))
    else:
        head_age = rng.randint(max(24, 20 + 3 * n_kids), 64)
    head = Person("户主", "male" if head_male else "female", head_age)
    people = [head]
    mother_age = head_age
    if spouse:
        s_age = _spouse_age(rng, head_age, head_male)
        people.append(Person("配偶", "female" if head_male else "male", s_age))
        mother_age = s_age if head_male else head_age
    people += [_kid(rng, "之子", "之女", a) for a in _child_ages(rng, n_kids, min(mother_age, head_age))]
    people += _parents(rng, n_parents, head_age, head_male)
    people += [_extra(rng, head_age) for _ in range(n_extra)]
    return people


def _stem(rng: random.Random, size: int) -> list[Person]:
    head_male = rng.random() < 0.9
    head_age = rng.randint(50, 76)
    people = [Person("户主", "male" if head_male else "female", head_age)]
    spouse = rng.random() < 0.88
    if spouse:
        people.append(Person("配偶", "female" if head_male else "male",
                             _spouse_age(rng, head_age, head_male)))
    uxorilocal = rng.random() < 0.1  # the daughter stays, her husband marries in (入赘)
    young = min(a.age for a in people)
    child_age = max(22, young - rng.randint(22, 30))
    if uxorilocal:
        people += [Person("之女", "female", child_age),
                   Person("之女婿", "male", min(young - 18, child_age + rng.randint(-1, 4)))]
        grand = ("之外孙子", "之外孙女")
    else:
        people += [Person("之子", "male", child_age),
                   Person("之儿媳", "female", max(20, child_age - rng.randint(-1, 4)))]
        grand = ("之孙子", "之孙女")
    rest = size - len(people)
    n_grand = min(rest, 4)
    mother = min(p.age for p in people[-2:])
    people += [_kid(rng, *grand, a) for a in _child_ages(rng, n_grand, mother)]
    for _ in range(rest - n_grand):  # younger unmarried children of the head
        people.append(_kid(rng, "之子", "之女", rng.randint(16, max(16, child_age - 1))))
    return people


def compose(rng: random.Random, size: int | None = None) -> list[Person]:
    """Members of one household, 户主 first."""
    if size is None:
        size = rng.choices(range(1, 10), weights=SIZE_WEIGHTS)[0]
    if size >= 4 and rng.random() < min(0.6, 0.3 + 0.1 * (size - 4)):
        return _stem(rng, size)
    return _nuclear(rng, size)


class IdFactory:
    """Unique, valid ID numbers; `used` may be shared by all villages of a county."""

    def __init__(self, rng: random.Random, county_code: str, used: set[str] | None = None) -> None:
        self.rng = rng
        self.county = places.county(county_code)
        self.used = used if used is not None else set()

    def birth(self, age: int, on: dt.date) -> dt.date:
        latest = on.replace(year=on.year - age) if not (on.month == 2 and on.day == 29) \
            else dt.date(on.year - age, 2, 28)
        return latest - dt.timedelta(days=self.rng.randrange(365))

    def address(self, born: dt.date, married_in: bool) -> str:
        county = self.county
        if married_in and county.neighbours and self.rng.random() < 0.3:
            county = places.county(self.rng.choice(county.neighbours))
        if county.historic and born.year <= county.historic[1] and self.rng.random() < 0.6:
            return county.historic[0]
        return county.code

    def make(self, person: Person, on: dt.date, married_in: bool = False) -> str:
        person.born = person.born or self.birth(person.age, on)
        parity = 1 if person.sex == "male" else 0
        address = self.address(person.born, married_in)
        while True:
            seq = self.rng.randrange(100) * 10 + self.rng.randrange(5) * 2 + parity
            first17 = f"{address}{person.born:%Y%m%d}{seq:03d}"
            number = first17 + check_char(first17)
            if number not in self.used:
                self.used.add(number)
                return number
