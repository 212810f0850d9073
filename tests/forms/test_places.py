"""务工所在地: the GB/T 2260 lists (forms/places.csv), free text read as a province and a
prefecture-level city (the summary's 去向 sheet, the upgrade of records typed as text)."""

from __future__ import annotations

import pytest

from mopai.forms import places
from mopai.forms.places import city, destination, parse_place, place_city, place_province, province


@pytest.mark.parametrize(("place", "province", "city"), [
    ("湖南省长沙市岳麓区", "湖南省", "长沙市"),
    ("湖南湘西土家族苗族自治州吉首市", "湖南省", "湘西土家族苗族自治州"),
    ("贵州省黔东南州凯里市", "贵州省", "黔东南苗族侗族自治州"),  # the usual short form
    ("广东省广州市白云区", "广东省", "广州市"),      # 州 inside a name ending in 市
    ("河南郑州", "河南省", "郑州市"),
    ("江苏省苏州市昆山市", "江苏省", "苏州市"),      # the prefecture, not the county-level city
    ("上海市闵行区", "上海市", "上海市"),             # a municipality is its own city
    ("重庆万州区", "重庆市", "重庆市"),
    ("新疆维吾尔自治区乌鲁木齐市", "新疆维吾尔自治区", "乌鲁木齐市"),
    ("广西壮族自治区柳州市", "广西壮族自治区", "柳州市"),
    ("内蒙古锡林郭勒盟", "内蒙古自治区", "锡林郭勒盟"),
    ("黑龙江省大兴安岭地区", "黑龙江省", "大兴安岭地区"),
    ("香港", "香港特别行政区", "香港特别行政区"),
    ("台湾省台北市", "台湾省", "台湾省"),              # 台湾 is one entry of the list
    (" 湖南省怀化市 ", "湖南省", "怀化市"),
    ("广东东莞", "广东省", "东莞市"),                # a city's short name
    ("湖南省中方县", "湖南省", "未能识别"),          # a county, no city
    ("长沙市", "湖南省", "长沙市"),                  # one city of that name: its province
    ("东莞", "广东省", "东莞市"),
    ("海南藏族自治州共和县", "青海省", "海南藏族自治州"),  # not 海南省
    ("朝阳区", "未能识别", "未能识别"),              # a district (北京, 长春), not 朝阳市
    ("义乌", "未能识别", "未能识别"),                # a county-level city alone
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


def test_the_chosen_codes_come_before_the_text() -> None:
    assert destination("长安镇", province_code="44", city_code="4419") == ("广东省", "东莞市")
    assert destination("广东省东莞市", province_code="44") == ("广东省", "东莞市")
    assert destination("长安镇", province_code="44") == ("广东省", "未能识别")
    assert destination("湖南省长沙市", province_code="44") == ("广东省", "未能识别")
    assert destination(None, province_code="99") == ("未填写", "未填写")


def test_the_lists() -> None:
    """34 provinces; every city under one of them, codes unique, names unique within a
    province; the municipalities are one city each; the source's 市辖区 and 县 are gone."""
    provs, cities = places.provinces(), places.cities()
    assert len(provs) == 34 and {p.code for p in provs} >= set(places.PROVINCES)
    assert len({c.code for c in cities}) == len(cities) > 360
    assert all(province(c.province) is not None and c.code.startswith(c.province)
               for c in cities)
    assert [c.name for c in places.cities("50")] == ["重庆市"]
    assert not {"市辖区", "县", "省直辖县级行政区划"} & {c.name for c in cities}
    assert [c.name for c in places.cities("42")][-4:] == ["仙桃市", "潜江市", "天门市", "神农架林区"]
    for p in provs:
        names = [c.name for c in places.cities(p.code)]
        assert names and len(names) == len(set(names)), p


def test_province_and_city_by_code_or_name() -> None:
    assert province("43") == province("湖南省") == province("湖南") == province(" 湖南 ")
    assert province("43").name_en == "Hunan" and province("湘") is None and province(43) is None
    assert city("4419").name == "东莞市" and city("东莞") == city("东莞市") == city("4419")
    assert city("黔东南州").code == "5226" and city("湘西").code == "4331"
    assert city("4419", "43") is None and city("东莞", "44").code == "4419"
    assert city("伊犁").name == "伊犁哈萨克自治州" and city("石河子").code == "659001"


def test_parse_place_gives_places_or_none() -> None:
    prov, town = parse_place("浙江省宁波市")
    assert (prov.code, town.code) == ("33", "3302")
    prov, town = parse_place("湖南省中方县")
    assert (prov.code, town) == ("43", None)
    assert parse_place("新加坡") is None and parse_place("") is None and parse_place(None) is None
    assert parse_place("吉林市")[1].code == "2202" and parse_place("吉林省")[1] is None
