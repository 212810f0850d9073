"""务工所在地 read as a province and a prefecture-level city (the summary's 去向 sheet)."""

from __future__ import annotations

import pytest

from mopai.forms.places import destination, place_city, place_province


@pytest.mark.parametrize(("place", "province", "city"), [
    ("湖南省长沙市岳麓区", "湖南省", "长沙市"),
    ("湖南湘西土家族苗族自治州吉首市", "湖南省", "湘西土家族苗族自治州"),
    ("贵州省黔东南州凯里市", "贵州省", "黔东南州"),
    ("广东省广州市白云区", "广东省", "广州市"),      # 州 inside a name ending in 市
    ("河南郑州", "河南省", "郑州"),
    ("江苏省苏州市昆山市", "江苏省", "苏州市"),      # the prefecture, not the county-level city
    ("上海市闵行区", "上海市", "上海市"),             # a municipality is its own city
    ("重庆万州区", "重庆市", "重庆市"),
    ("新疆维吾尔自治区乌鲁木齐市", "新疆维吾尔自治区", "乌鲁木齐市"),
    ("广西壮族自治区柳州市", "广西壮族自治区", "柳州市"),
    ("内蒙古锡林郭勒盟", "内蒙古自治区", "锡林郭勒盟"),
    ("黑龙江省大兴安岭地区", "黑龙江省", "大兴安岭地区"),
    ("香港", "香港特别行政区", "香港特别行政区"),
    ("台湾省台北市", "台湾省", "台北市"),
    (" 湖南省怀化市 ", "湖南省", "怀化市"),
    ("广东东莞", "广东省", "未能识别"),              # no ending: not guessed
    ("湖南省中方县", "湖南省", "未能识别"),          # a county, no city
    ("长沙市", "未能识别", "未能识别"),              # no province
    ("", "未填写", "未填写"),
    (None, "未填写", "未填写"),
])
def test_province_and_city(place: str | None, province: str, city: str) -> None:
    assert destination(place) == (province, city)


def test_abroad_without_a_province() -> None:
    assert destination("新加坡", abroad=True) == ("国外", "未能识别")
    assert destination("新加坡") == ("未能识别", "未能识别")
    assert destination("广东省深圳市", abroad=True) == ("广东省", "深圳市")


def test_the_short_forms_the_checks_use() -> None:
    assert place_province("湖南省长沙市") == "湖南" and place_province("澳门") == ""
    assert place_city("湖南省长沙市") == "长沙市" and place_city(42) is None
