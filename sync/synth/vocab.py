"""Choice names for the generator, taken from the questionnaire workbook by their Chinese label.

The generator thinks in domain.md's Chinese labels (脱贫户, 外出务工, 省外…) because those are
what the seeds' proportions are written in; records must carry the workbook's stable ASCII
choice names. This module is the one place that maps one to the other: it reads the `survey`
and `choices` sheets of forms/labor_survey.xlsx (field -> list -> label -> name). While the
workbook does not exist yet, or lacks a label, the fallback names below are used and the gap
is recorded in `Vocab.problems`, which a test turns into a failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# field -> [(fallback name, label::zh_CN)], in domain.md's order.
FALLBACK: dict[str, list[tuple[str, str]]] = {
    "household_type": [("general", "一般农户"), ("poverty_alleviated", "脱贫户"),
                       ("monitored", "监测户")],
    "monitoring_category": [("unstable", "脱贫不稳定户"), ("marginal", "边缘易致贫户"),
                            ("sudden_hardship", "突发严重困难户")],
    "help_measures": [("industry", "产业帮扶"), ("employment", "就业帮扶"), ("finance", "金融帮扶"),
                      ("public_post", "公益岗位帮扶"), ("training", "技能培训"), ("other", "其他")],
    "survey_method": [("visit", "入户"), ("phone", "电话"), ("other", "其他")],
    "relation": [(n, z) for n, z in (
        ("head", "户主"), ("spouse", "配偶"), ("son", "之子"), ("daughter", "之女"),
        ("daughter_in_law", "之儿媳"), ("son_in_law", "之女婿"), ("grandson", "之孙子"),
        ("granddaughter", "之孙女"), ("daughters_son", "之外孙子"),
        ("daughters_daughter", "之外孙女"), ("father", "之父"), ("mother", "之母"),
        ("wifes_father", "之岳父"), ("wifes_mother", "之岳母"), ("husbands_father", "之公公"),
        ("husbands_mother", "之婆婆"), ("grandfather", "之祖父"), ("grandmother", "之祖母"),
        ("maternal_grandfather", "之外祖父"), ("maternal_grandmother", "之外祖母"),
        ("sibling", "之兄弟姐妹"), ("great_grandson", "之曾孙子"),
        ("great_granddaughter", "之曾孙女"), ("nephew", "之侄儿"), ("niece", "之侄女"),
        ("sister_in_law", "之兄弟媳妇"), ("uncle", "之叔伯"), ("other", "其他"))],
    "education": [("illiterate", "文盲或半文盲"), ("primary", "小学"), ("junior", "初中"),
                  ("senior", "高中"), ("secondary_vocational", "中专"), ("college", "大专"),
                  ("bachelor_plus", "本科及以上")],
    "student_status": [("preschool_child", "学龄前儿童"), ("preschool", "学前教育"),
                       ("primary", "小学"), ("junior", "初中"), ("senior", "高中"),
                       ("secondary_vocational", "中职"), ("higher_vocational", "高职高专"),
                       ("bachelor", "本科"), ("postgraduate", "硕士研究生及以上")],
    "health": [("healthy", "健康"), ("chronic", "长期慢性病"), ("serious_illness", "患有大病"),
               ("disabled", "残疾")],
    "labor_capacity": [("ordinary", "普通劳动力"), ("skilled", "技能劳动力"),
                       ("weak", "弱劳动力或半劳动力"), ("lost", "丧失劳动力"), ("none", "无劳动力")],
    "employment_status": [("migrant", "外出务工"), ("in_county", "县内务工"),
                          ("workshop", "就业帮扶车间"), ("public_post", "公益性岗位"),
                          ("self_employed", "自主创业"), ("flexible", "灵活就业"),
                          ("farming", "务农"), ("unemployed", "未就业")],
    "work_region": [("township", "乡（镇）内"), ("county", "乡（镇）外县内"),
                    ("province", "县外省内"), ("other_province", "省外"), ("abroad", "国外")],
    "channel": [("government", "政府组织"), ("self", "自发"), ("enterprise", "企业组织"),
                ("workshop", "就业帮扶车间"), ("other", "其他")],
    "unemployed_reason": [("family_care", "照料家庭"), ("no_skills", "缺乏技能"),
                          ("health", "身体原因"), ("no_suitable_job", "无合适岗位"),
                          ("other", "其他")],
    "transport": [("self", "自行"), ("chartered_bus", "包车"), ("train", "火车"),
                  ("plane", "飞机"), ("other", "其他")],
    "policies": [("transport_subsidy", "交通补贴"), ("job_search_subsidy", "一次性求职补贴"),
                 ("post_subsidy", "岗位补贴"), ("training_subsidy", "培训补贴"),
                 ("business_subsidy", "创业补贴"), ("social_insurance_subsidy", "社保补贴"),
                 ("none", "无")],
    "industry": [(c, z) for c, z in zip("ABCDEFGHIJKLMNOPQRST", (
        "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业",
        "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业",
        "金融业", "房地产业", "租赁和商务服务业", "科学研究和技术服务业",
        "水利、环境和公共设施管理业", "居民服务、修理和其他服务业", "教育", "卫生和社会工作",
        "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织"), strict=True)],
}
YES_NO = [("yes", "是"), ("no", "否")]
for _f in ("is_student", "wants_job", "wants_training", "wants_business", "returned"):
    FALLBACK[_f] = YES_NO
FALLBACK["desired_region"] = FALLBACK["work_region"]

_PUNCT = str.maketrans({"(": "（", ")": "）", " ": None, "\u3000": None})


def _norm(label: str) -> str:
    return str(label or "").translate(_PUNCT).strip()


@dataclass
class Vocab:
    """field -> {Chinese label -> choice name}; `fields` are the workbook's question names."""

    choices: dict[str, dict[str, str]]
    fields: set[str] = field(default_factory=set)
    source: str = "fallback"
    problems: list[str] = field(default_factory=list)

    def name(self, field_name: str, label: str) -> str:
        return self.choices[field_name][label]

    def table(self, field_name: str) -> dict[str, str]:
        return self.choices[field_name]


def fallback_vocab() -> Vocab:
    return Vocab({f: {z: n for n, z in pairs} for f, pairs in FALLBACK.items()})


def default_workbook() -> Path | None:
    """forms/labor_survey.xlsx when the forms package ships it."""
    try:
        from mopai import forms  # guarded: the generator does not need the forms package
    except ImportError:  # pragma: no cover - forms is part of the project
        return None
    path = Path(forms.__file__).resolve().parent / "labor_survey.xlsx"
    return path if path.exists() else None


def _sheet_rows(book, title: str) -> list[dict[str, object]]:  # noqa: ANN001 - openpyxl book
    if title not in book.sheetnames:
        return []
    rows = book[title].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    return [dict(zip(header, r, strict=False)) for r in rows if any(v is not None for v in r)]


def _label(row: dict[str, object]) -> str:
    for key in ("label::zh_CN", "label::zh", "label::中文", "label"):
        if row.get(key):
            return _norm(str(row[key]))
    return ""


def vocab_from_workbook(path: Path) -> Vocab:
    """Resolve every fallback label against the workbook; gaps keep the fallback name."""
    from openpyxl import load_workbook  # start-up: only when the workbook is read

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        survey, choices = _sheet_rows(book, "survey"), _sheet_rows(book, "choices")
    finally:
        book.close()
    list_of: dict[str, str] = {}
    fields: set[str] = set()
    for row in survey:
        kind, name = str(row.get("type") or "").split(), str(row.get("name") or "").strip()
        if name:
            fields.add(name)
        if len(kind) == 2 and kind[0] in ("select_one", "select_multiple"):
            list_of[name] = kind[1]
    by_list: dict[str, dict[str, str]] = {}
    for row in choices:
        list_name, name = str(row.get("list_name") or "").strip(), str(row.get("name") or "")
        if list_name and name:
            by_list.setdefault(list_name, {})[_label(row)] = name.strip()
    vocab = Vocab({}, fields, source=str(path))
    for field_name, pairs in FALLBACK.items():
        table = by_list.get(list_of.get(field_name, ""), {})
        if not table:
            vocab.problems.append(f"{field_name}: no select question/list in the workbook")
        resolved = {}
        for fallback, label in pairs:
            name = _resolve(table, label, fallback, field_name)
            if name is None:
                if table:
                    vocab.problems.append(f"{field_name}: no choice labelled {label!r}")
                name = fallback
            resolved[label] = name
        vocab.choices[field_name] = resolved
    return vocab


def _resolve(table: dict[str, str], label: str, fallback: str, field_name: str) -> str | None:
    if _norm(label) in table:
        return table[_norm(label)]
    if field_name == "industry":  # GB/T 4754 sections may be labelled "C 制造业" or named "C"
        for text, name in table.items():
            if name.upper() == fallback or re.match(rf"^{fallback}\W", text) or text.endswith(label):
                return name
    return None


@lru_cache(maxsize=1)
def default_vocab() -> Vocab:
    """The shipped workbook's names, or the fallback table before the workbook exists."""
    path = default_workbook()
    return vocab_from_workbook(path) if path else fallback_vocab()
