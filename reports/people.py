"""Rows about people: the 一库五册 rosters, the 零就业家庭 list and the village ledger (台账).

Columns are read from the form by question name and shown with the form's Chinese choice
labels, so the workbook says 外出务工, not ``migrant``. Each roster is a filter over the
per-person indicators; the definitions are here in one table so they can be reviewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mopai.forms import timevalues
from mopai.forms.indicators import PersonIndicators
from mopai.forms.model import Form, QType, Question, Repeat
from mopai.forms.output import fill_text
from mopai.forms.settings import CountySettings
from mopai.forms.state import HouseholdState, evaluate_household

from .layout import INTEGER, Col, display_width
from .source import Facts

PERSON_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("name", Col("姓名", 10)),
    ("sex", Col("性别", 6)),
    ("age", Col("年龄", 6, INTEGER)),
    ("id_number", Col("证件号码", 21)),
    ("relation", Col("与户主关系", 10)),
    ("education", Col("文化程度", 10)),
    ("labor_capacity", Col("劳动技能", 12)),
    ("employment_status", Col("就业状态", 12)),
    ("work_region", Col("务工地域", 12)),
    ("work_place", Col("务工所在地", 18)),
    ("employer", Col("务工单位名称", 20)),
    ("monthly_income", Col("月收入（元）", 10, INTEGER)),
    ("phone", Col("联系电话", 13)),
)
HOUSEHOLD_EXTRA: tuple[tuple[str, Col], ...] = (
    ("group", Col("村民小组", 8, None, "户信息")),
    ("address", Col("家庭住址", 22, None, "户信息")),
    ("monitoring_category", Col("监测对象类别", 12, None, "户信息")),
    ("help_measures", Col("帮扶措施", 18, None, "户信息")),
    ("helper_name", Col("帮扶责任人", 10, None, "户信息")),
    ("survey_date", Col("调查日期", 11, None, "户信息")),
)
MEMBER_EXTRA: tuple[tuple[str, Col], ...] = (
    ("health", Col("健康状况", 12)), ("student_status", Col("在校生状况", 10)),
    ("wants_job", Col("就业意愿", 8)), ("wants_training", Col("培训意愿", 8)),
    ("wants_business", Col("创业意愿", 8)), ("policies", Col("享受政策", 16)),
)
HOUSEHOLD_PREFIX: tuple[Col, ...] = (
    Col("序号", 6, INTEGER), Col("乡镇", 12), Col("行政村", 12), Col("户编号", 10),
    Col("户主姓名", 10), Col("户类型", 9),
)


@dataclass(frozen=True)
class Roster:
    sheet: str
    title: str
    keep: Callable[[PersonIndicators, Facts], bool]
    extra: tuple[tuple[str, Col], ...] = ()


def _status(p: PersonIndicators, f: Facts) -> Any:
    return f.state.value("employment_status", p.member_index)


ROSTERS: tuple[Roster, ...] = (
    Roster("贫困劳动力名册", "脱贫（监测）劳动力名册", lambda p, f: p.poverty and p.labour_force),
    Roster("就业培训人员名册", "就业培训人员名册", lambda p, f: p.wants_training,
           (("desired_training", Col("意向培训工种", 14)),)),
    Roster("转移就业人员名册", "转移就业人员名册", lambda p, f: p.transfer_employed,
           (("months_worked", Col("本年务工时间（月）", 10, INTEGER)),
            ("channel", Col("就业渠道", 12)))),
    Roster("自主创业人员名册", "自主创业人员名册", lambda p, f: _status(p, f) == "self_employed"),
    Roster("公益性岗位安置人员名册", "公益性岗位安置人员名册",
           lambda p, f: _status(p, f) == "public_post",
           (("post_type", Col("公益性岗位类型", 14)),)),
)


def label(f: Facts, name: str, member: int | None) -> Any:
    """A value as shown in a report: choice labels in Chinese, lists joined with 、."""
    form = f.state.form
    questions = form.member_fields if member is not None else form.fields
    return label_value(questions.get(name), f.state.value(name, member),
                       fill=filler(f.state, member))


Fill = Callable[[str], str]


def filler(state: HouseholdState, member: int | None, language: str = "zh_CN") -> Fill:
    """Fills ``${}`` in a choice's label chosen by this household (“${head}的配偶”) with its
    answers, as the editor shows it (forms/output.py; decision 67)."""
    return lambda text: fill_text(text, state, member, language)


class LazyFill:
    """``filler`` for a household a report holds only as a record and kept values (the
    ledger's rows): the record is evaluated the first time a label holds ``${}``, never for
    a form whose labels hold none."""

    def __init__(self, form: Form, record: Mapping[str, Any], settings: CountySettings,
                 day: dt.date, language: str = "zh_CN") -> None:
        self.form, self.record, self.settings, self.day = form, record, settings, day
        self.language = language
        self.state: HouseholdState | None = None

    def at(self, member: int | None) -> Fill:
        def fill(text: str) -> str:
            if self.state is None:
                self.state = evaluate_household(self.form, self.record, settings=self.settings,
                                                today=self.day)
            return fill_text(text, self.state, member, self.language)
        return fill


MAX_WIDTH = 24  # a longer label wraps rather than widening the printed table further


def fitted(cols: Sequence[tuple[str, Col]], questions: Mapping[str, Question],
           language: str = "zh_CN") -> list[Col]:
    """The columns, each at least as wide as the longest label of its question's choices
    (a select_one prints its label: 弱劳动力或半劳动力 needs 19), up to MAX_WIDTH."""
    out = []
    for name, col in cols:
        q = questions.get(name)
        width = col.width
        if q is not None and q.choices is not None and q.type == QType.SELECT_ONE:
            longest = max((display_width(c.label.get(language) or c.name)
                           for c in q.choices.choices), default=0)
            width = max(width, min(MAX_WIDTH, longest + 1))
        out.append(Col(col.title, width, col.fmt, col.group))
    return out


def label_value(q: Question | None, value: Any, language: str = "zh_CN",
                fill: Fill | None = None) -> Any:
    """A value as a report prints it: a choice's label in ``language`` (the form's Chinese by
    default, with Text.get's fallback), its ``${}`` filled by ``fill`` (the household's
    answers: ``filler``), a list joined with 、."""
    if value is None or value == "" or q is None:
        return None if value == "" else value
    if q.choices is not None:
        choices = q.choices

        def one(name: Any) -> str:
            text = choices.label(str(name), language)
            return fill(text) if fill is not None and "${" in text else text
        if isinstance(value, list | tuple):
            return "、".join(one(v) for v in value)
        return one(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if q.type in _CLOCK and isinstance(value, str):
        return _clock_text(q.type, value)
    return value


# A time or date-time (and the start / end metadata) is printed as the county reads a clock:
# ODK's text (2026-06-15T09:00:05.120+08:00) shown in the county's zone, to the second.
_CLOCK = frozenset({QType.TIME, QType.DATETIME, QType.START, QType.END})


def _clock_text(t: QType, value: str) -> str:
    if t is QType.TIME:
        clock = timevalues.parse_time(value)
        return clock.strftime("%H:%M:%S") if clock is not None else value
    when = timevalues.parse_datetime(value)
    if when is None:
        return value
    return when.astimezone(timevalues.zone()).strftime("%Y-%m-%d %H:%M:%S")


# -- the ledger's columns: every question of the form ---------------------------------------
# Widths the ledger has printed these questions at; any other question gets its type's width.
LEDGER_WIDTHS: dict[str, float] = {
    "name": 10, "id_number": 21, "address": 22, "phone": 13, "helper_phone": 13,
    "work_place": 18, "employer": 20, "help_measures": 18, "policies": 16, "health": 12,
    "monthly_income": 10, "months_worked": 10, "group": 8, "relation": 10,
}
TYPE_WIDTHS: dict[QType, float] = {
    QType.TEXT: 12, QType.INTEGER: 8, QType.DECIMAL: 10, QType.DATE: 11,
    QType.SELECT_ONE: 8, QType.SELECT_MULTIPLE: 16, QType.ID_NUMBER: 21,
    QType.TIME: 9, QType.DATETIME: 19, QType.START: 19, QType.END: 19, QType.TODAY: 11,
    QType.DEVICEID: 14, QType.USERNAME: 10,
}
# Shown among the ledger's key columns (乡镇/行政村, 户编号; 姓名), not again in its groups.
LEDGER_KEYS = ("village_code", "household_no")
LEDGER_MEMBER_KEYS = ("name",)


def ledger_questions(questions: Mapping[str, Question]) -> list[Question]:
    """The questions the ledger shows, in form order: every one that holds an answer
    (typed, picked or derived from another, as 性别 and 年龄 from the ID number); notes and
    hidden calculations (劳动力, 转移就业…) are the summary's figures, not answers."""
    return [q for q in questions.values() if q.type.holds_answer]


def _group(q: Question, fallback: str, language: str = "zh_CN") -> str:
    """The column group: the outermost group the question sits in below the member repeat
    (基本情况, 就业情况 …) or the household's group (户基本情况); `fallback` outside any."""
    node, outer = q.parent, None
    while node is not None and not isinstance(node, Repeat):
        outer, node = node, node.parent
    label = outer.label.get(language) if outer is not None and outer.label else ""
    return label or fallback


def ledger_columns(form: Form, language: str = "zh_CN"
                   ) -> tuple[list[tuple[str, Col]], list[tuple[str, Col]]]:
    """(member columns, household columns) of the ledger, each a (question name, Col) in form
    order, headed by the question's label under its group's label (in ``language``) and
    fitted to its choice labels; the key columns (LEDGER_KEYS, LEDGER_MEMBER_KEYS) are left
    out. A question the county adds to the form is a column of the next ledger."""
    def cols(questions: Mapping[str, Question], skip: tuple[str, ...], fallback: str
             ) -> list[tuple[str, Col]]:
        out = []
        for q in ledger_questions(questions):
            if q.name in skip:
                continue
            width = LEDGER_WIDTHS.get(q.name, TYPE_WIDTHS.get(q.type, 12))
            fmt = INTEGER if q.type == QType.INTEGER else None
            out.append((q.name, Col(q.label.get(language) or q.name, width, fmt,
                                    _group(q, fallback, language))))
        return out

    member = cols(form.member_fields, LEDGER_MEMBER_KEYS, "成员信息")
    household = cols(form.fields, LEDGER_KEYS, "户信息")
    return ([(n, c) for (n, _), c in zip(member, fitted(member, form.member_fields, language),
                                          strict=True)],
            [(n, c) for (n, _), c in zip(household, fitted(household, form.fields, language),
                                          strict=True)])


def household_cells(f: Facts, names: dict[str, str]) -> list[Any]:
    head = next((m["fields"].get("name") for m in f.record["members"]
                 if m["fields"].get("relation") == "head"), None)
    return [names.get(f.township, f.township), names.get(f.village, f.village),
            f.record["fields"].get("household_no"), head, label(f, "household_type", None)]


def person_cells(f: Facts, member: int, columns: Sequence[tuple[str, Col]]) -> list[Any]:
    return [label(f, name, member) for name, _ in columns]
