"""What other people's ledgers call our questions and our answers, in one table.

A county's 摸底 ledger, the 防返贫监测 person export and a 户籍 list head their columns in their
own words (身份证号, 公民身份号码, 户主, 手机号 …) and spell answers their own way (√, 有, 1,
乡镇内 for 乡（镇）内). Importing one (sync/ledger_in.py) proposes a question for each column
from the form's own labels plus `SYNONYMS` below, and a choice for each value from the choice
labels plus `YES`/`NO` and the loose comparison of `loose`. Whatever is left the user answers
once; the answers are saved with the mapping (docs/ledger-import.md).

A target is ``household.<question>``, ``member.<question>`` or one of the ledger's own keys
(`KEYS`): the village and township a row belongs to, the head's name and ID number on a
one-row-per-household list, and columns that are known and carry nothing to import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Form, Question

HOUSEHOLD = "household."
MEMBER = "member."
VILLAGE = "village"        # 行政村: a 12-digit code or the village's name
TOWNSHIP = "township"      # 乡镇: its name (tells apart two villages of the same name)
HEAD_NAME = "head_name"    # 户主姓名: a key of the household; on a household list, the head
HEAD_ID = "head_id"        # 户主身份证号: on a household list, the head's ID number
KNOWN = "known"            # a column we know and do not import (序号, 人编号, 访谈 …)
# 核实说明: the reasons given for warnings, as `mopai ledger` writes them (reports/ledger.py
# `reasons`): "月收入（元）：包工头，收入属实；户·户类型：…", read back into `confirmations`
REASONS = "reasons"
KEYS = (VILLAGE, TOWNSHIP, HEAD_NAME, HEAD_ID, REASONS, KNOWN)
HOUSEHOLD_REASON = "户·"   # the household's reasons are on its first person's row, so marked

# Header spellings seen in county ledgers, beyond the form's own labels (which always count).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "member.id_number": ("证件号码", "身份证号", "身份证号码", "公民身份号码", "身份证",
                         "证件号", "成员身份证号", "身份证件号码"),
    "member.name": ("姓名", "成员姓名", "家庭成员姓名", "人员姓名"),
    "member.relation": ("与户主关系", "与户主的关系", "家庭关系", "关系"),
    "member.phone": ("联系电话", "手机号", "手机号码", "电话", "个人联系电话", "本人电话"),
    "member.education": ("文化程度", "学历"),
    "member.health": ("健康状况", "身体状况"),
    "member.labor_capacity": ("劳动技能", "劳动能力"),
    "member.is_student": ("是否在校生", "在校生"),
    "member.employment_status": ("就业状态",),
    "member.monthly_income": ("月收入", "月工资", "月均收入", "务工月收入"),
    "member.work_place": ("务工所在地", "务工地点", "务工地址"),
    "member.employer": ("务工单位名称", "务工单位", "工作单位", "就业单位"),
    "member.months_worked": ("本年务工时间", "务工时间", "务工月数"),
    "member.policies": ("享受政策", "享受政策情况"),
    "household.household_no": ("户编号", "户号", "户编码", "家庭编号"),
    "household.phone": ("户联系电话", "家庭联系电话", "户主联系电话", "户主电话"),
    "household.address": ("家庭住址", "住址", "家庭地址", "地址"),
    "household.group": ("村民小组", "组", "小组", "村民组", "组别"),
    "household.household_type": ("户类型", "户属性", "农户类型", "户别"),
    "household.survey_date": ("调查日期", "摸底日期", "填报日期"),
    "household.helper_name": ("帮扶责任人", "帮扶人", "帮扶干部"),
    "household.helper_phone": ("帮扶责任人联系电话", "帮扶人电话", "帮扶干部电话"),
    VILLAGE: ("行政村", "村", "村名", "所在村", "行政村名称", "村委会", "村别"),
    TOWNSHIP: ("乡镇", "乡(镇)", "乡镇(街道)", "镇", "乡", "所在乡镇"),
    HEAD_NAME: ("户主姓名", "户主"),
    HEAD_ID: ("户主身份证号", "户主证件号码", "户主身份证号码", "户主公民身份号码"),
    # what `mopai ledger` writes beside the answers (reports/ledger.py), and row numbers
    REASONS: ("核实说明", "核实情况说明"),
    KNOWN: ("序号", "人编号", "编号", "开始", "结束", "用时(分钟)", "录入人", "过快"),
}

# Spellings of the two answers of a yes/no list (a choice list whose names are yes and no).
YES = ("是", "√", "✓", "✔", "☑", "有", "y", "yes", "1", "对", "true")
NO = ("否", "×", "✗", "✘", "无", "没有", "n", "no", "0", "2", "不是", "false")
# 性别 codes of GB/T 2261.1 (1 男, 2 女), for a list whose names are male and female.
SEX = {"1": "male", "2": "female", "男性": "male", "女性": "female"}

_BRACKETED = re.compile(r"\([^)]*\)")
_DROP = re.compile(r"[\s*△▲★※:]+")


def loose(text: object) -> str:
    """A header or a label as compared: full-width folded to half-width (（）to ()), spaces,
    marks and colons removed, lower case. 乡（镇） 内 and 乡(镇)内 compare equal."""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def unbracketed(text: str) -> str:
    """`loose` text without what is in brackets: 月收入(元) -> 月收入, 乡(镇)内 -> 乡内."""
    return _BRACKETED.sub("", text)


def target_label(form: Form, target: str | None) -> str:
    """What a target is called in the preview and the wizard."""
    names = {VILLAGE: "行政村", TOWNSHIP: "乡镇", HEAD_NAME: "户主姓名",
             HEAD_ID: "户主身份证号", REASONS: "核实说明", KNOWN: "（已知，不导入）"}
    if not target:
        return "（不导入）"
    if target in names:
        return names[target]
    q = question(form, target)
    if q is None:
        return target
    who = "户·" if target.startswith(HOUSEHOLD) else "人·"
    return who + (q.label.get("zh_CN") or q.name)


def question(form: Form, target: str | None) -> Question | None:
    if not target:
        return None
    if target.startswith(HOUSEHOLD):
        return form.fields.get(target[len(HOUSEHOLD):])
    if target.startswith(MEMBER):
        return form.member_fields.get(target[len(MEMBER):])
    return None


def targets(form: Form) -> list[str]:
    """Every target a column may have, in form order: the keys, then the questions that
    hold an answer (the household's, then the member's)."""
    out = list(KEYS)
    out += [HOUSEHOLD + q.name for q in form.fields.values()
            if q.type.holds_answer and q.name != "village_code"]  # that is VILLAGE
    out += [MEMBER + q.name for q in form.member_fields.values() if q.type.holds_answer]
    return out


def header_index(form: Form) -> dict[str, str]:
    """loose header -> target: the form's labels (the household's first where a label is
    used twice), then the synonyms, then each of them without what is in brackets."""
    exact: dict[str, str] = {}
    for target in targets(form):
        q = question(form, target)
        if q is not None and q.label:
            exact.setdefault(loose(q.label.get("zh_CN")), target)
    for target, words in SYNONYMS.items():
        if target in KEYS or question(form, target) is not None:
            for word in words:
                exact.setdefault(loose(word), target)
    for key, target in list(exact.items()):
        exact.setdefault(unbracketed(key), target)
    return exact


def match_header(index: dict[str, str], header: str) -> str | None:
    key = loose(header)
    return index.get(key) or index.get(unbracketed(key)) if key else None


def choice_index(q: Question) -> dict[str, str]:
    """loose spelling -> choice name, for one question's list: labels, names, their
    unbracketed forms, and the yes/no and sex spellings when the list is one of those."""
    out: dict[str, str] = {}
    if q.choices is None:
        return out
    for c in q.choices.choices:
        for text in (c.label.get("zh_CN"), c.label.get("en"), c.name):
            if text:
                out.setdefault(loose(text), c.name)
                out.setdefault(unbracketed(loose(text)), c.name)
    names = set(q.choices.names())
    if names == {"yes", "no"}:
        out.update({loose(w): "yes" for w in YES if loose(w) not in out})
        out.update({loose(w): "no" for w in NO if loose(w) not in out})
    if {"male", "female"} <= names:
        for w, n in SEX.items():
            out.setdefault(loose(w), n)
    return out


SEPARATORS = re.compile(r"[、,，;；/|\s]+")


def split_multiple(text: str) -> list[str]:
    """The picks of a select_multiple cell: 健康、残疾 / 产业帮扶,就业帮扶."""
    return [p for p in SEPARATORS.split(text) if p]


def signature(headers: Iterable[str]) -> list[str]:
    """The shape of a file, as a saved mapping remembers it: its headers, compared loosely."""
    return [loose(h) for h in headers]
