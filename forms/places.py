"""Where a 务工所在地 is: its province and its prefecture-level city, read from the free text.

The place of work is typed as the cadre hears it (湖南省长沙市, 广东东莞, 上海市闵行区,
新疆伊犁哈萨克自治州伊宁市). The province is the mainland province the text starts with (its
short name, with or without 省/市/自治区); the city is the prefecture-level name that follows it,
ending in 市, 州, 自治州, 地区 or 盟 (长沙市, 湘西土家族苗族自治州, 黔东南州, 大兴安岭地区, 锡林郭勒盟).
A municipality (北京, 天津, 上海, 重庆) is its own city. What cannot be read that way is
"未能识别", never a guess: 广东东莞 names its province but not, in a way a rule can trust, its city.
"""

from __future__ import annotations

import re
from typing import Any

# GB/T 2260 province codes (the first two digits of a village code) and the names a place of
# work starts with. 香港, 澳门 and 台湾 count as both 省外 and 国外 (境外) for the checks.
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆"}
OUTSIDE_MAINLAND = ("香港", "澳门", "台湾")
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
# the full names a report prints (湖南 → 湖南省)
FULL_NAMES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区", "澳门": "澳门特别行政区", "台湾": "台湾省"}
# what may follow a province's short name before the city begins (longest first)
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
# a prefecture-level name: the shortest text ending in one of the endings, with a 市 right after
# a 州 taken too (广州市, 郑州, 黔东南州凯里市 → 黔东南州)
_CITY = re.compile(r"^(.+?(?:自治州|地区|盟|市|州))(市)?")

UNKNOWN = "未能识别"
NOT_GIVEN = "未填写"
ABROAD = "国外"


def place_province(place: Any) -> str | None:
    """The mainland province a 务工所在地 starts with ("湖南省长沙市" → "湖南"), "" for
    香港/澳门/台湾, None when it names none (a city alone: nothing can be said)."""
    if not isinstance(place, str):
        return None
    text = place.strip()
    if text.startswith(OUTSIDE_MAINLAND):
        return ""
    return next((name for name in PROVINCES.values() if text.startswith(name)), None)


def _after_province(text: str, short: str) -> str:
    rest = text[len(short):]
    for suffix in _PROVINCE_SUFFIXES:
        if rest.startswith(suffix):
            return rest[len(suffix):]
    return rest


def place_city(place: Any) -> str | None:
    """The prefecture-level city of a 务工所在地 (the name after its province: "湖南省长沙市岳麓区"
    → "长沙市", "湖南湘西土家族苗族自治州吉首市" → "湘西土家族苗族自治州", "上海市闵行区" → "上海市");
    None when there is no province or no such name after it ("广东东莞", "长沙市")."""
    if not isinstance(place, str):
        return None
    text = place.strip()
    short = next((name for name in (*PROVINCES.values(), *OUTSIDE_MAINLAND)
                  if text.startswith(name)), None)
    if short is None:
        return None
    if short in MUNICIPALITIES:
        return f"{short}市"
    if short in ("香港", "澳门"):
        return FULL_NAMES[short]
    found = _CITY.match(_after_province(text, short))
    return "".join(g for g in found.groups() if g) if found else None


def destination(place: Any, *, abroad: bool = False) -> tuple[str, str]:
    """(province, city) a 转移就业 person is counted under on the 去向 sheet: full names
    (湖南省, 长沙市); "未填写" for both when no place was given; "未能识别" for what the text
    does not say; a place abroad (务工地域 国外) that names no province is ("国外", "未能识别")."""
    if not isinstance(place, str) or not place.strip():
        return (ABROAD, UNKNOWN) if abroad else (NOT_GIVEN, NOT_GIVEN)
    text = place.strip()
    short = next((name for name in (*PROVINCES.values(), *OUTSIDE_MAINLAND)
                  if text.startswith(name)), None)
    if short is None:
        return (ABROAD if abroad else UNKNOWN), UNKNOWN
    return FULL_NAMES.get(short, f"{short}省"), place_city(text) or UNKNOWN
