"""The 工种 code list: the broad trades people name when they say what they do or want to do,
and the keyword table that reads a free-text answer (建筑小工, 电子厂普工, 开货车) as one of them.

One source for the form's `trade` choices (tools/build_labor_survey.py writes them), the
upgrade of free text saved before the list existed, the job postings' 工种 column and the
matching (reports/matching.py). A text no keyword matches is not guessed: `code_trade`
returns None, the text is kept and the caller counts it (docs/forms.md, "工种").
"""

from __future__ import annotations

from typing import Any

# (code, 中文, English, keywords). Keywords are matched as substrings of the text with its
# spaces removed, in the order of this list: the first trade with a matching keyword wins, so
# the narrower trades (电子厂, 驾驶, 技工) come before the broad 普工/制造 and 建筑.
TRADES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("electronics", "电子厂", "Electronics factory",
     ("电子", "手机", "芯片", "富士康", "线路板", "贴片", "smt")),
    ("driving", "驾驶", "Driving",
     ("司机", "驾驶", "开车", "货车", "卡车", "出租", "网约车", "客车", "挖机", "挖掘机", "叉车", "铲车")),
    ("skilled", "电工/焊工等技工", "Skilled trades (electrician, welder …)",
     ("电工", "焊工", "电焊", "钳工", "车工", "铣工", "机修", "维修", "木工", "水电", "钢筋",
      "技工", "模具", "数控", "汽修", "油漆", "漆工", "瓦工", "泥瓦", "架子工", "管道")),
    ("construction", "建筑", "Construction",
     ("建筑", "工地", "小工", "装修", "装饰", "砌", "搬砖", "路桥", "修路", "包工")),
    ("logistics", "物流/快递", "Logistics and delivery",
     ("快递", "物流", "外卖", "配送", "仓库", "仓储", "分拣", "装卸", "搬运")),
    ("domestic_care", "家政/护理", "Housekeeping and care",
     ("家政", "保姆", "月嫂", "育婴", "护工", "护理", "保洁", "清洁", "养老", "陪护")),
    ("catering", "餐饮", "Catering",
     ("餐", "厨", "烹", "饭店", "酒店", "服务员", "帮厨", "面点", "烧烤", "奶茶")),
    ("security", "保安", "Security guard", ("保安", "门卫", "安保", "巡逻")),
    ("manufacturing", "普工/制造", "Factory work and manufacturing",
     ("普工", "工厂", "厂", "车间", "流水线", "制造", "服装", "缝纫", "纺织", "鞋", "包装",
      "操作工", "质检", "注塑", "装配", "编织")),
    ("farming", "种养殖", "Farming and animal husbandry",
     ("种植", "养殖", "种地", "务农", "农业", "养猪", "养鸡", "果园", "茶", "蔬菜", "大棚",
      "渔", "林", "放牧")),
    ("commerce", "商业/销售", "Sales and shops",
     ("销售", "营业员", "收银", "超市", "导购", "电商", "直播", "门店", "推销", "摆摊")),
    ("other", "其他", "Other", ()),
)

CODES: tuple[str, ...] = tuple(code for code, *_ in TRADES)
NAMES: dict[str, str] = {code: zh for code, zh, _en, _kw in TRADES}
OTHER = "other"


def choices() -> list[tuple[str, str, str]]:
    """The form's `trade` list: (name, 中文 label, English label)."""
    return [(code, zh, en) for code, zh, en, _ in TRADES]


def code_trade(text: Any) -> str | None:
    """The trade a free-text answer names (a code or a 中文 name given as it is, else the first
    keyword found), or None when none matches: never a guess."""
    if not isinstance(text, str):
        return None
    compact = "".join(text.split()).lower()
    if not compact:
        return None
    if compact in NAMES:
        return compact
    for code, zh, _en, keywords in TRADES:
        if compact == zh or compact in zh.split("/") or any(k in compact for k in keywords):
            return code
    return None


def name(code: Any) -> str:
    """The 中文 name of a trade code (the code itself when unknown; "" for none)."""
    return NAMES.get(code, str(code)) if code else ""
