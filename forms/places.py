"""Where a 务工所在地 is: provinces and prefecture-level cities (GB/T 2260), and free text read as
one of them.

The list is data, `forms/places.csv` (``code,name,province,name_en``): the 34 provinces
(31 mainland, 台湾, 香港, 澳门; two-digit codes) and the prefecture-level cities, 州 and 盟
below them (four-digit codes, the first four digits of their GB/T 2260 code). Taken from
modood/Administrative-divisions-of-China (`dist/cities.csv`, the National Bureau of
Statistics' 统计用区划代码 of 2021, MIT licence; github.com/modood/Administrative-divisions-of-China),
with three changes: a municipality is one city under its own name (北京市 1101; 重庆's 县 5002
folded into 重庆市 5001), the county-level units a province governs directly (省直辖县级行政区划:
济源, 仙桃, 潜江, 天门, 神农架, Hainan's 15, the 兵团 cities of Xinjiang) are listed by their
six-digit codes in the city's place, and 台湾, 香港, 澳门 have one entry each (7100, 8100, 8200),
the region itself. docs/forms.md ("The place of work") says how the shipped form uses it.

The API (for the checks, the reports and job matching):

- ``province(code | name)`` and ``city(code | name, province=None)``: a ``Place`` (code, full
  name, short name, province code, English name) or None; a name may be full (湖南省, 长沙市),
  short (湖南, 长沙) or the usual short form of an autonomous prefecture (黔东南州); a city name
  that two provinces share is None unless ``province`` says which;
- ``parse_place(text)``: ``(province, city)`` read from free text as cadres typed it before the
  list existed (湖南省长沙市岳麓区, 广东东莞, 东莞市, 浙江省宁波市), ``city`` None when only
  the province can be read, None when not even that is unambiguous. Never a guess: a county
  alone (义乌), a district (朝阳区) or a name two cities share gives None.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PLACES_FILE = Path(__file__).with_name("places.csv")
# the shipped form's questions: the text, the province chosen, the city chosen
PLACE_FIELDS = ("work_place", "work_province", "work_city")

# GB/T 2260 province codes (the first two digits of a village code) and the names a place of
# work starts with. 香港, 澳门 and 台湾 count as both 省外 and 国外 (境外) for the checks.
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆"}
OUTSIDE = {"71": "台湾", "81": "香港", "82": "澳门"}
OUTSIDE_MAINLAND = tuple(OUTSIDE.values())
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
# what may follow a province's short name before the city begins (longest first)
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
# an autonomous prefecture's short name: what precedes its peoples (黔东南苗族侗族自治州 → 黔东南)
_PEOPLES = "朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|哈萨克|柯尔克孜|黎"
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_PEOPLES})族?)+自治(州|县)$")
_SUFFIX = re.compile(r"^(.{2,}?)(市|地区|盟|林区|县)$")

UNKNOWN = "未能识别"
NOT_GIVEN = "未填写"
ABROAD = "国外"


@dataclass(frozen=True)
class Place:
    """A province (``province`` "") or a prefecture-level city of the list."""

    code: str
    name: str          # 湖南省, 长沙市, 黔东南苗族侗族自治州
    short: str         # 湖南, 长沙, 黔东南
    province: str = ""  # the province's code, for a city
    name_en: str = ""  # a province's English name ("" for a city: the Chinese name is shown)

    @property
    def is_province(self) -> bool:
        return not self.province


@dataclass(frozen=True)
class _Table:
    provinces: dict[str, Place]
    cities: dict[str, Place]
    # every way a name is written -> the places so named (more than one: ambiguous)
    province_names: dict[str, Place]
    city_names: dict[str, tuple[Place, ...]]


def _city_short(name: str) -> tuple[str, ...]:
    """The short ways a city is written: 长沙市 → 长沙; 黔东南苗族侗族自治州 → 黔东南, 黔东南州."""
    found = _AUTONOMOUS.match(name)
    if found:
        return (found.group(1), found.group(1) + found.group(2))
    found = _SUFFIX.match(name)
    return (found.group(1),) if found else ()


@lru_cache(maxsize=1)
def _table() -> _Table:
    provinces: dict[str, Place] = {}
    cities: dict[str, Place] = {}
    with PLACES_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code, name, parent = row["code"], row["name"], row["province"]
            if not parent:
                short = PROVINCES.get(code) or OUTSIDE[code]
                provinces[code] = Place(code, name, short, "", row["name_en"])
            else:
                short = provinces[parent].short if (
                    parent in OUTSIDE or provinces[parent].short in MUNICIPALITIES) \
                    else (_city_short(name) or (name,))[0]
                cities[code] = Place(code, name, short, parent, row["name_en"])
    province_names = {n: p for p in provinces.values() for n in (p.name, p.short)}
    city_names: dict[str, list[Place]] = {}
    for c in cities.values():
        for n in dict.fromkeys((c.name, c.short, *_city_short(c.name))):
            city_names.setdefault(n, []).append(c)
    return _Table(provinces, cities, province_names,
                  {n: tuple(dict.fromkeys(cs)) for n, cs in city_names.items()})


def provinces() -> tuple[Place, ...]:
    """Every province of the list, in code order."""
    return tuple(_table().provinces.values())


def cities(province_code: str | None = None) -> tuple[Place, ...]:
    """The cities of the list (of one province when its code is given), in code order."""
    return tuple(c for c in _table().cities.values()
                 if province_code is None or c.province == province_code)


def province(key: Any) -> Place | None:
    """The province of a code ("43") or a name (湖南省, 湖南); None when none is."""
    if not isinstance(key, str):
        return None
    t = _table()
    key = key.strip()
    return t.provinces.get(key) or t.province_names.get(key)


def city(key: Any, province_code: str | None = None) -> Place | None:
    """The city of a code ("4301") or a name (长沙市, 长沙, 黔东南州); a name two provinces
    share is None unless ``province_code`` says which."""
    if not isinstance(key, str):
        return None
    t = _table()
    key = key.strip()
    if key in t.cities:
        found = t.cities[key]
        return found if province_code in (None, found.province) else None
    named = [c for c in t.city_names.get(key, ()) if province_code in (None, c.province)]
    return named[0] if len(named) == 1 else None


def _city_at(text: str, province_code: str | None) -> Place | None:
    """The city a text starts with (the longest name that fits), None when none or two do.
    A short name followed by 区 is a district (朝阳区), not the city."""
    t = _table()
    for size in range(min(len(text), 16), 1, -1):
        head = text[:size]
        named = [c for c in t.city_names.get(head, ())
                 if province_code in (None, c.province)
                 and not (head == c.short and text[size:size + 1] == "区")]
        if named:
            return named[0] if len(named) == 1 else None
    return None


def parse_place(text: Any) -> tuple[Place, Place | None] | None:
    """``(province, city)`` a free-text place of work names unambiguously (see the module's
    docstring); ``city`` None when only the province can be read."""
    if not isinstance(text, str):
        return None
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    t = _table()
    start = next((n for n in sorted(t.province_names, key=len, reverse=True)
                  if text.startswith(n)), None)
    if start is None:
        found = _city_at(text, None)
        return (t.provinces[found.province], found) if found else None
    whole = next((c for c in t.cities.values() if text.startswith(c.name)
                  and len(c.name) > len(start)), None)
    if whole is not None:                  # 海南藏族自治州 is in 青海, not in 海南
        return t.provinces[whole.province], whole
    prov = t.province_names[start]
    own = cities(prov.code)
    if len(own) == 1:                      # a municipality, 香港, 澳门, 台湾: the region itself
        return prov, own[0]
    rest = text[len(start):]
    if start == prov.short:
        if rest.startswith("市"):          # 吉林市: the city named like its province
            named = city(prov.short + "市", prov.code)
            if named is not None:
                return prov, named
        rest = next((rest[len(s):] for s in _PROVINCE_SUFFIXES if rest.startswith(s)), rest)
    return prov, _city_at(rest, prov.code) if rest else None


def place_province(place: Any) -> str | None:
    """The mainland province a 务工所在地 names, by its short name ("湖南省长沙市" → "湖南"),
    "" for 香港/澳门/台湾, None when it names none unambiguously."""
    found = parse_place(place)
    if found is None:
        return None
    return "" if found[0].code in OUTSIDE else found[0].short


def place_city(place: Any) -> str | None:
    """The prefecture-level city a 务工所在地 names (its full name: "湖南省长沙市岳麓区" →
    "长沙市", "上海市闵行区" → "上海市"); None when none can be read."""
    found = parse_place(place)
    return found[1].name if found and found[1] else None


def destination(place: Any, *, abroad: bool = False, province_code: Any = None,
                city_code: Any = None) -> tuple[str, str]:
    """(province, city) a 转移就业 person is counted under on the 去向 sheet, as full names
    (湖南省, 长沙市): from the chosen codes (工作省份, 工作城市) when given, else read from the
    free text; "未填写" for both when nothing was given; "未能识别" for what cannot be read;
    a place abroad (务工地域 国外) that names no province is ("国外", "未能识别")."""
    prov = province(province_code) if province_code else None
    if prov is not None:
        chosen = city(city_code, prov.code) if city_code else None
        if chosen is None:
            found = parse_place(place)
            chosen = found[1] if found and found[0] == prov else None
        return prov.name, chosen.name if chosen else UNKNOWN
    if not isinstance(place, str) or not place.strip():
        return (ABROAD, UNKNOWN) if abroad else (NOT_GIVEN, NOT_GIVEN)
    found = parse_place(place)
    if found is None:
        return (ABROAD if abroad else UNKNOWN), UNKNOWN
    return found[0].name, found[1].name if found[1] else UNKNOWN
