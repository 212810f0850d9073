"""Chinese names and phone numbers with realistic frequencies.

Surname weights are the population shares (per mille) of the 100 commonest surnames in the
Ministry of Public Security's household-register ranking (王 李 张 刘 陈 …, about 85 % of
the population); the long tail is left out on purpose — a village draws from it rarely and a
benchmark gains nothing from it. Villages are clan villages: a few surnames hold half the
households (张家湾, 李家坪), which is also what makes search-as-you-type hard, so
`village_surnames` picks those clans per village.

Given names follow generations: people born before 1970 often have one-character names and
older characters (秀英, 建国), those born after 2000 the newer ones (梓涵, 浩宇); siblings often
share a generation character (字辈).
"""

from __future__ import annotations

import random
from itertools import accumulate

# (surname, per-mille share), MPS ranking order.
SURNAMES: tuple[tuple[str, float], ...] = tuple(
    (s, float(w)) for s, w in (pair.split(":") for pair in (
        "王:71.5 李:70.9 张:66.8 刘:53.8 陈:45.3 杨:30.8 黄:22.3 赵:22.9 吴:20.5 周:20.5 "
        "徐:16.7 孙:15.4 马:14.4 朱:12.8 胡:13.1 郭:11.3 何:12.0 高:10.0 林:11.8 罗:9.5 "
        "郑:8.7 梁:8.6 谢:7.7 宋:7.3 唐:7.0 许:6.6 韩:6.3 冯:6.3 邓:6.2 曹:6.1 "
        "彭:5.9 曾:5.8 肖:5.5 田:5.4 董:5.3 袁:5.1 潘:5.0 于:5.0 蒋:4.8 蔡:4.8 "
        "余:4.7 杜:4.5 叶:4.4 程:4.3 苏:4.2 魏:4.1 吕:4.1 丁:4.0 任:3.9 沈:3.8 "
        "姚:3.7 卢:3.7 姜:3.6 崔:3.5 钟:3.4 谭:3.4 陆:3.3 汪:3.2 范:3.2 金:3.1 "
        "石:3.1 廖:3.0 贾:2.9 夏:2.9 韦:2.9 付:2.8 方:2.7 白:2.7 邹:2.6 孟:2.6 "
        "熊:2.5 秦:2.5 邱:2.4 江:2.4 尹:2.4 薛:2.3 闫:2.3 段:2.2 雷:2.2 侯:2.2 "
        "龙:2.1 史:2.1 陶:2.0 黎:2.0 贺:2.0 顾:1.9 毛:1.9 郝:1.9 龚:1.8 邵:1.8 "
        "万:1.8 钱:1.7 严:1.7 覃:1.7 武:1.6 戴:1.6 莫:1.5 孔:1.5 向:1.5 汤:1.4"
    ).split()))
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_CUM = list(accumulate(w for _, w in SURNAMES))

# Characters for given names by sex and by era of birth.
_OLD_M = "国建明华军平福忠德永金贵才文光志海林生春山荣富清成长宝发顺义仁兴玉"
_OLD_F = "秀英兰芳桂珍凤玉梅华琴菊莲翠花霞云美淑红芬娥香素萍巧"
_MID_M = "伟强磊军勇杰涛斌超刚辉鹏飞波华亮峰健俊龙平东锋军刚宏晓建云"
_MID_F = "丽娟敏静艳燕霞红玲娜芳琳丹萍婷慧莉雪洁晶倩英颖"
_NEW_M = "浩宇轩睿博子梓涵铭俊宇豪泽晨皓宸瑞杰一诺鑫鹏天明阳逸辰凯文"
_NEW_F = "梓涵欣怡雨诗萱可馨佳琪思雅彤语嘉子悦紫怡晨一诺涵欣妍若心依"


def _pool(sex: str, birth_year: int) -> str:
    if birth_year < 1970:
        return _OLD_M if sex == "male" else _OLD_F
    if birth_year < 1995:
        return _MID_M if sex == "male" else _MID_F
    return _NEW_M if sex == "male" else _NEW_F


def national_surname(rng: random.Random) -> str:
    return rng.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]


def village_surnames(rng: random.Random) -> tuple[list[str], list[float]]:
    """Two to four clan surnames holding about half the village, then the national mix."""
    clans: list[str] = []
    while len(clans) < rng.randint(2, 4):
        s = national_surname(rng)
        if s not in clans:
            clans.append(s)
    shares = [rng.uniform(0.5, 1.0) for _ in clans]
    scale = rng.uniform(0.4, 0.6) / sum(shares)
    return clans, [s * scale for s in shares]


def pick_surname(rng: random.Random, clans: tuple[list[str], list[float]]) -> str:
    roll = rng.random()
    for surname, share in zip(*clans, strict=True):
        if roll < share:
            return surname
        roll -= share
    return national_surname(rng)


def given_name(rng: random.Random, sex: str, birth_year: int, generation: str = "") -> str:
    """One or two characters; `generation` is a shared 字辈 character for siblings."""
    pool = _pool(sex, birth_year)
    if generation:
        return generation + rng.choice(pool)
    single = 0.35 if birth_year < 1970 else 0.2 if birth_year < 1995 else 0.1
    if rng.random() < single:
        return rng.choice(pool)
    first, second = rng.choice(pool), rng.choice(pool)
    while second == first:
        second = rng.choice(pool)
    return first + second


def generation_char(rng: random.Random, birth_year: int) -> str:
    """A 字辈 character shared by siblings (about half the families keep one)."""
    return rng.choice(_pool("male", birth_year)[:12]) if rng.random() < 0.5 else ""


_MOBILE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 "
                    "159 166 170 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 "
                    "191 198 199").split()


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number starting with 1."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
