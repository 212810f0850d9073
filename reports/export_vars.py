"""The variables of the analysts' files (reports/export.py, reports/export_repeats.py): what a
row is, each variable's column, label, kind and getter, valid SPSS and Stata names, and the
variables of a question and of the keys, shared by the households', persons' and repeats'
files."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mopai.forms.indicators import FIVE_CLEAR, REGION_BUCKETS
from mopai.forms.model import QType, Question

from .stata import DataColumn

FORMATS = ("csv", "sav", "dta")
FILES = ("households", "persons")
CODEBOOK = "codebook.xlsx"
YES_NO = ("yesno01", {0: "否", 1: "是"})
STATUS = ("status", {1: "完成", 2: "草稿"})
STATUS_CODE = {"complete": 1, "draft": 2}
REGION_CODES = {k: i for i, k in enumerate(REGION_BUCKETS, start=1)}

# What each of the household's counts is, as the summary names it.
COUNT_LABELS: dict[str, str] = {
    "households": "户数（每户为1）", "persons": "人数", "labour_age": "劳动年龄人口数",
    "labour_force": "劳动力人数", "employed": "已就业人数（劳动力中）",
    "poverty_labour_force": "脱贫户和监测户劳动力人数",
    "poverty_employed": "脱贫户和监测户已就业人数", "transfer_employed": "转移就业人数",
    "zero_employment_households": "零就业家庭（是为1）", "wants_job": "有就业意愿人数",
    "wants_training": "有培训意愿人数", "wants_business": "有创业意愿人数",
    "five_clear_households": "五清齐全户（是为1）",
    **{f"region:{k}": f"转移就业人数：{zh}" for k, (zh, _) in REGION_BUCKETS.items()},
    **{f"clear:{item.key}": f"{item.zh}（是为1）" for item in FIVE_CLEAR},
}
FLAG_LABELS: dict[str, str] = {
    "labour_age": "劳动年龄人口", "has_capacity": "有劳动能力", "labour_force": "劳动力",
    "employed": "已就业（劳动力中）", "transfer_employed": "转移就业",
    "wants_job": "有就业意愿", "wants_training": "有培训意愿", "wants_business": "有创业意愿",
    "poverty": "脱贫户或监测户成员",
}

# Words SPSS or Stata keep for themselves; a variable is never named so.
RESERVED = {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",
            "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int",
            "long", "_n", "_pi", "_pred", "_rc", "_skip", "strl", "using"}
NAME_MAX = 32


# -- variables ----------------------------------------------------------------------------------
@dataclass
class Row:
    """One household as the export reads it: the record under the current form, the kept
    values that differ from its answers, and its kept export facts."""

    record: dict[str, Any]
    status: str | None
    household: dict[str, Any]         # name -> value, where the answers are not what counts
    members: list[dict[str, Any]]
    x: dict[str, Any]

    def value(self, name: str, member: int | None = None) -> Any:
        if member is None:
            diff, raw = self.household, self.record["fields"]
        else:
            diff, raw = self.members[member], self.record["members"][member]["fields"]
        return diff[name] if name in diff else raw.get(name)


Getter = Callable[[Row, int | None], Any]


@dataclass
class Var:
    column: DataColumn
    type_zh: str
    source: str
    get: Getter
    origin: str = ""  # the question (and choice) it comes from, for the codebook
    choices: list[tuple[int, str, str]] = field(default_factory=list)  # code, name, label


def valid_names(names: Sequence[str]) -> list[str]:
    """Each name made a valid SPSS and Stata variable name: ASCII letters, digits and _,
    starting with a letter, at most 32 characters, no reserved word, unique (a clash gets
    _2, _3 …)."""
    out: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_]", "_", name.encode("ascii", "replace").decode()) or "v"
        if not base[0].isalpha() or base.lower() in RESERVED:
            base = "v_" + base
        base = base[:NAME_MAX]
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base[:NAME_MAX - len(str(n)) - 1]}_{n}"
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _number(value: Any) -> float | int | None:
    if value is None or value == "" or isinstance(value, list | dict):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


# How the codebook describes a text variable of these types (ODK's text, as the record holds).
_TEXT_KINDS = {
    QType.DATE: "日期文本（年-月-日）", QType.TODAY: "日期文本（年-月-日）",
    QType.TIME: "时间文本（时:分:秒.毫秒+时区，如 08:30:00.000+08:00）",
    QType.DATETIME: "日期时间文本（如 2026-06-15T08:30:00.000+08:00）",
    QType.START: "日期时间文本（如 2026-06-15T08:30:00.000+08:00）",
    QType.END: "日期时间文本（如 2026-06-15T08:30:00.000+08:00）",
}


def _answer_vars(q: Question, member: bool) -> list[Var]:
    """The variables of one question: one, or one 0/1 per choice of a select_multiple."""
    label = q.label.get("zh_CN") or q.name
    source = "问卷派生" if q.is_derived else "问卷答案"

    def at(name: str) -> Callable[[Row, int | None], Any]:
        return (lambda r, i: r.value(name, i)) if member else (lambda r, _i: r.value(name))

    raw = at(q.name)
    if q.type == QType.SELECT_MULTIPLE and q.choices is not None:
        out = []
        for c in q.choices.choices:
            def pick(r: Row, i: int | None, c: str = c.name) -> int | None:
                value = raw(r, i)
                return None if not isinstance(value, list) else int(c in value)
            out.append(Var(DataColumn(f"{q.name}_{c.name}",
                                      f"{label}：{c.label.get('zh_CN') or c.name}", "byte",
                                      labels=YES_NO), "0/1", source, pick, f"{q.name} = {c.name}"))
        return out
    if q.type == QType.SELECT_ONE and q.choices is not None:
        names = [c.name for c in q.choices.choices]
        # choices named by numbers (GB/T 2260 codes: 务工省份 44, 务工城市 4419) keep them as the
        # value; others are numbered 1, 2, … in the list's order
        numbered = all(n.isascii() and n.isdigit() and int(n) < 2**31 for n in names)
        codes = {n: int(n) if numbered else i for i, n in enumerate(names, start=1)}
        choices = [(codes[c.name], c.name, c.label.get("zh_CN") or c.name)
                   for c in q.choices.choices]
        kind = "byte" if max(codes.values(), default=0) <= 100 else "long"
        return [Var(DataColumn(q.name, label, kind, labels=(q.choices.name,
                                                            {n: lab for n, _, lab in choices})),
                    "代码", source, lambda r, i: codes.get(str(raw(r, i))), q.name, choices)]
    if q.type in (QType.INTEGER, QType.DECIMAL):
        return [Var(DataColumn(q.name, label, "double", measure="scale"), "数值", source,
                    lambda r, i: _number(raw(r, i)), q.name)]
    type_zh = _TEXT_KINDS.get(q.type, "文本")
    return [Var(DataColumn(q.name, label, "str"), type_zh, source,
                lambda r, i: _text(raw(r, i)), q.name)]


def _key_vars(person: bool) -> list[Var]:
    def field_of(name: str) -> Getter:
        return lambda r, _i: _text(r.record["fields"].get(name))

    out = [Var(DataColumn("village_code", "村代码", "str"), "文本", "键", field_of("village_code"),
               "village_code"),
           Var(DataColumn("township_code", "乡镇代码", "str"), "文本", "键",
               lambda r, _i: _text(str(r.record["fields"].get("village_code") or "")[:9])),
           Var(DataColumn("household_no", "户编号", "str"), "文本", "键",
               field_of("household_no"), "household_no"),
           Var(DataColumn("household_uuid", "户记录UUID", "str"), "文本", "键",
               lambda r, _i: r.record["uuid"])]
    if person:
        out += [Var(DataColumn("member_no", "人编号", "long"), "整数", "键",
                    lambda _r, i: None if i is None else i + 1),
                Var(DataColumn("member_uuid", "成员记录UUID", "str"), "文本", "键",
                    lambda r, i: r.record["members"][i].get("uuid"))]
    out += [Var(DataColumn("status", "记录状态", "byte", labels=STATUS), "代码", "记录",
                lambda r, _i: STATUS_CODE.get(r.status or ""), "status",
                [(1, "complete", "完成"), (2, "draft", "草稿")]),
            Var(DataColumn("form_version", "问卷版本", "str"), "文本", "记录",
                lambda r, _i: _text(r.record.get("form_version")), "form_version")]
    return out


def _named(out: list[Var]) -> list[Var]:
    for var, name in zip(out, valid_names([v.column.name for v in out]), strict=True):
        var.column.name = name
    return out
