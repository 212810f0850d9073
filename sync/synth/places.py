"""Real county codes and the places, employers and jobs that rural workers go to.

The counties are the ones the seeds report on (中方县, 洋县, 湘西州's counties, 上栗县, 永寿县)
and their neighbours, with their GB/T 2260 codes as checked against python-stdnum's code
table. Note 中方县 is 431221 (431222 is 沅陵县). People born before a county got its
current code carry the old one in their ID number (洋县 612323 before 1996), and wives
often marry in from a neighbouring county, so ID address codes are not all the village's.
Work destinations follow the seeds: 长株潭, 广东 (广州 深圳 东莞 佛山), 长三角 for Hunan;
江苏 (苏陕协作), 浙江, 广东 for Shaanxi.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class County:
    code: str
    province: str
    city: str
    name: str
    neighbours: tuple[str, ...]
    historic: tuple[str, int] | None = None  # (old code, last birth year that got it)


COUNTIES: dict[str, County] = {c.code: c for c in (
    County("431221", "湖南省", "怀化市", "中方县", ("431202", "431222", "431223", "431226"),
           ("433001", 1996)),
    County("431202", "湖南省", "怀化市", "鹤城区", ("431221", "431222"), ("433001", 1996)),
    County("431222", "湖南省", "怀化市", "沅陵县", ("431221", "431223"), ("433022", 1996)),
    County("431223", "湖南省", "怀化市", "辰溪县", ("431221", "431222"), ("433023", 1996)),
    County("431226", "湖南省", "怀化市", "麻阳苗族自治县", ("431221", "433123"), ("433025", 1996)),
    County("433122", "湖南省", "湘西土家族苗族自治州", "泸溪县", ("433123", "433124", "431222")),
    County("433123", "湖南省", "湘西土家族苗族自治州", "凤凰县", ("433122", "433124", "431226")),
    County("433124", "湖南省", "湘西土家族苗族自治州", "花垣县", ("433123", "433125")),
    County("433125", "湖南省", "湘西土家族苗族自治州", "保靖县", ("433124", "433126", "433130")),
    County("433126", "湖南省", "湘西土家族苗族自治州", "古丈县", ("433125", "433127")),
    County("433127", "湖南省", "湘西土家族苗族自治州", "永顺县", ("433126", "433130")),
    County("433130", "湖南省", "湘西土家族苗族自治州", "龙山县", ("433125", "433127")),
    County("610723", "陕西省", "汉中市", "洋县", ("610722", "610724"), ("612323", 1995)),
    County("610722", "陕西省", "汉中市", "城固县", ("610723", "610725"), ("612322", 1995)),
    County("610724", "陕西省", "汉中市", "西乡县", ("610723",), ("612324", 1995)),
    County("610725", "陕西省", "汉中市", "勉县", ("610722",), ("612325", 1995)),
    County("610426", "陕西省", "咸阳市", "永寿县", ("610425",), ("612229", 1982)),
    County("610425", "陕西省", "咸阳市", "礼泉县", ("610426",)),
    County("360322", "江西省", "萍乡市", "上栗县", ("360321",), ("360311", 1996)),
    County("360321", "江西省", "萍乡市", "莲花县", ("360322",)),
)}
DEFAULT_COUNTY = "431221"

TOWNSHIP_NAMES = ("中方镇 铜湾镇 桐木镇 泸阳镇 花桥镇 袁家镇 新建镇 牌楼镇 接龙镇 铁坡镇 "
                  "马田坪乡 蒿吉坪乡 龙场乡 石宝镇 谢家镇").split()
VILLAGE_NAMES = ("荆坪 红岩 长坡 塘冲 高坪 枫木 杨家湾 李家坪 大垅 新田 白竹 龙潭 "
                 "樟木 竹山 岩门 桃花 水田 黄土坡 石板 茶园 青山 团结 胜利 和平").split()
GROUP_NAMES = "一组 二组 三组 四组 五组 六组 七组 八组 九组 十组 十一组 十二组".split()

# Destinations by 务工地域; the in-province ones are chosen by the home province.
OTHER_PROVINCES = (
    ("广东省深圳市宝安区", 14), ("广东省东莞市", 14), ("广东省广州市白云区", 10),
    ("广东省佛山市南海区", 8), ("浙江省宁波市", 8), ("浙江省金华市义乌市", 6), ("浙江省杭州市萧山区", 5),
    ("江苏省苏州市昆山市", 9), ("江苏省无锡市", 5), ("上海市闵行区", 6), ("福建省厦门市", 4),
    ("北京市大兴区", 3), ("山东省济南市", 3), ("天津市滨海新区", 2), ("新疆维吾尔自治区乌鲁木齐市", 1),
)
IN_PROVINCE = {
    "湖南省": ("湖南省长沙市", "湖南省长沙市长沙县", "湖南省株洲市", "湖南省湘潭市", "湖南省怀化市鹤城区"),
    "陕西省": ("陕西省西安市", "陕西省西安市高新区", "陕西省咸阳市", "陕西省汉中市汉台区", "陕西省宝鸡市"),
    "江西省": ("江西省南昌市", "江西省萍乡市安源区", "江西省宜春市", "江西省新余市"),
}
ABROAD = ("新加坡", "日本大阪", "阿联酋迪拜", "马来西亚吉隆坡", "沙特阿拉伯")

# (job type, GB/T 4754 section, employer pattern) by kind of work.
MIGRANT_JOBS = (
    ("电子装配工", "C", "{city}{brand}电子有限公司"), ("普工", "C", "{city}{brand}科技有限公司"),
    ("缝纫工", "C", "{city}{brand}服饰有限公司"), ("注塑工", "C", "{city}{brand}塑胶制品厂"),
    ("建筑工", "E", "{brand}建设集团有限公司"), ("钢筋工", "E", "{brand}建筑工程有限公司"),
    ("电焊工", "C", "{city}{brand}机械有限公司"), ("快递员", "G", "{brand}速递有限公司"),
    ("外卖骑手", "G", "{city}{brand}配送服务部"), ("货车司机", "G", "{brand}物流有限公司"),
    ("服务员", "H", "{city}{brand}酒店有限公司"), ("厨师", "H", "{city}{brand}餐饮管理有限公司"),
    ("保安", "L", "{city}{brand}保安服务有限公司"), ("保洁员", "O", "{city}{brand}物业管理有限公司"),
    ("家政服务员", "O", "{city}{brand}家政服务有限公司"), ("营业员", "F", "{city}{brand}商贸有限公司"),
)
LOCAL_JOBS = (
    ("普工", "C", "{county}{brand}食品有限公司"), ("装卸工", "G", "{county}{brand}物流园"),
    ("建筑工", "E", "{county}{brand}建筑公司"), ("服务员", "H", "{county}{brand}农家乐"),
    ("营业员", "F", "{county}{brand}超市"), ("司机", "G", "{county}{brand}运输公司"),
    ("采茶工", "A", "{county}{brand}茶业专业合作社"), ("养殖工", "A", "{county}{brand}养殖场"),
)
WORKSHOP_JOBS = (("手工编织", "C", "{township}{brand}就业帮扶车间"),
                 ("服装加工", "C", "{township}{brand}服饰就业帮扶车间"),
                 ("电子元件加工", "C", "{township}{brand}电子就业帮扶车间"))
PUBLIC_POSTS = ("乡村保洁员", "护林员", "公路养护员", "水管员", "农家书屋管理员", "防疫协管员")
BUSINESSES = (("经营农家乐", "H"), ("开小卖部", "F"), ("养殖", "A"), ("种植经济作物", "A"),
              ("开货车运输", "G"), ("开理发店", "O"), ("经营电商网店", "F"), ("农机维修", "O"))
FLEXIBLE_JOBS = (("零工", "E"), ("装修工", "E"), ("网约车司机", "G"), ("摆摊", "F"),
                 ("月嫂", "O"), ("护工", "Q"))
FARM_JOBS = ("种植水稻", "种植柑橘", "种植蔬菜", "养猪", "种茶", "种植玉米")
BRANDS = ("华兴 宏达 鑫源 金泰 恒通 富康 永盛 天成 瑞丰 立信 新隆 众邦 嘉和 德丰 百盛 "
          "顺意 联创 长城 海利 博远").split()
DESIRED_JOBS = ("普工", "电子装配工", "建筑工", "保安", "厨师", "司机", "家政服务员", "电工", "保洁员")
TRAININGS = ("电工", "焊工", "挖掘机操作", "家政服务", "育婴员", "中式烹调", "电商直播", "养殖技术",
             "茶叶加工", "汽车维修")


def county(code: str) -> County:
    return COUNTIES.get(code) or County(code, "湖南省", "怀化市", "本县", ())


def other_province_place(rng: random.Random) -> str:
    return rng.choices([p for p, _ in OTHER_PROVINCES], weights=[w for _, w in OTHER_PROVINCES])[0]


def in_province_place(rng: random.Random, home: County) -> str:
    return rng.choice(IN_PROVINCE.get(home.province, ("省内其他市",)))


def employer(rng: random.Random, pattern: str, *, city: str = "", county_name: str = "",
             township: str = "") -> str:
    short_city = city.split("省")[-1].split("市")[0] if city else ""
    return pattern.format(city=short_city, brand=rng.choice(BRANDS), county=county_name[:-1] if
                          county_name.endswith("县") else county_name, township=township[:-1])
