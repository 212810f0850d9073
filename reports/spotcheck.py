"""Phone spot checks (issue 22; seed 000's 贫困劳动力就业信息电话抽查准确率): drawing a sample,
the call sheet, reading a filled one back, and the figures (docs/forms.md "Phone spot checks").

**Who may be drawn**: a member of a complete household whose 就业状态 is recorded and who has
a phone (their own, else the household's). **The draw** is stratified by village: per village
`per_village` persons (all when fewer) or ``ceil(share × eligible)``; within a village it is a
weighted draw without replacement (Efraimidis–Spirakis: each person's key is u^(1/w), the
largest keys drawn) with w = `weight_poverty` for members of 脱贫户 and 监测户 and 1 for the
others, from a generator seeded with the seed and the village's code — so the same seed over
the same records draws the same persons, and one village's draw does not depend on another's.

**The sheet** lists each person with the answers recorded when drawn and, per checked
question, 核对 (一致 / 不一致, a list) and 核实值 (the value heard); the outcome is a list
(接通 / 无人接听 / 空号 / 拒访). Excel's and WPS's data validation is the inline list
(``"a,b"``), which both honour. The draw's id is on the sheet; each row carries the person's
reference (a hidden column), so a filled sheet is matched against the kept draw.

**Figures**: reach rate = 接通 ÷ calls made; accuracy = answers agreeing ÷ answers checked, over
reached calls — by village and township.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mopai import forms
from mopai.sync.atomic import write_atomic
from mopai.sync.county_settings import load as load_settings
from mopai.sync.errors import InputError
from mopai.sync.spotchecks import OUTCOME_ZH, QUESTION_ZH, QUESTIONS, REACHED

from .errors import ReportError, ReportNotWritten

POVERTY = ("poverty_alleviated", "monitored")
# 月收入 bands (docs/forms.md): (lowest, label), each up to the next's lowest.
INCOME_BANDS = ((0, "1000元以下"), (1000, "1000—2999元"), (3000, "3000—4999元"),
                (5000, "5000—7999元"), (8000, "8000元及以上"))
AGREE, DISAGREE = "一致", "不一致"
SHEET = "电话抽查"
HEADER_ROW, FIRST_ROW = 4, 5
BASE_COLUMNS = ("序号", "乡镇", "村", "户编号", "户类型", "姓名", "联系电话", "通话结果", "通话日期")
# a sheet printed before the 通话日期 column (its calls count on the day they are recorded)
UNDATED_BASE = BASE_COLUMNS[:-1]
KEY_COLUMN = "核对码"
OUTCOME_BY_ZH = {v: k for k, v in OUTCOME_ZH.items()}
CHOICE_QUESTIONS = {"employment_status", "work_region", "wants_job"}


def income_band(income: Any) -> str | None:  # noqa: ANN401
    if isinstance(income, bool) or not isinstance(income, int | float):
        return None
    label = None
    for low, name in INCOME_BANDS:
        if income >= low:
            label = name
    return label


def choices(form: forms.Form, question: str) -> list[str]:
    """The values a checker may write as heard for `question`."""
    if question == "income_band":
        return [name for _, name in INCOME_BANDS]
    q = form.member_fields.get(question)
    return [q.choices.label(c) for c in q.choices.names()] if q and q.choices else []


def recorded_answers(form: forms.Form, fields: dict[str, Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for q in QUESTIONS:
        if q == "income_band":
            out[q] = income_band(fields.get("monthly_income"))
        else:
            value = fields.get(q)
            out[q] = form.choice_label(q, value, member=True) if value else None
    return out


@dataclass(frozen=True)
class DrawParams:
    seed: int
    per_village: int | None = None
    share: float | None = None
    weight_poverty: float = 1.0
    area: str = ""

    def check(self) -> None:
        if (self.per_village is None) == (self.share is None):
            raise InputError("请给出每村抽查人数或比例（二者选一）",
                             "give either a number per village or a share (one of them)")
        if self.per_village is not None and self.per_village < 1:
            raise InputError("每村抽查人数至少为 1", "the number per village must be at least 1")
        if self.share is not None and not 0 < self.share <= 1:
            raise InputError("抽查比例须大于 0 且不超过 1（如 0.05）",
                             "the share must be above 0 and at most 1 (e.g. 0.05)")
        if not 1 <= self.weight_poverty <= 100:
            raise InputError("脱贫户、监测户的权重须在 1 到 100 之间",
                             "the weight of 脱贫户 and 监测户 must be from 1 to 100")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seed": self.seed, "weight_poverty": self.weight_poverty}
        if self.per_village is not None:
            out["per_village"] = self.per_village
        else:
            out["share"] = self.share
        return out


def eligible(form: forms.Form, records: Iterable[dict[str, Any]]
             ) -> dict[str, list[dict[str, Any]]]:
    """The persons who may be drawn, per village, in 户编号 and member order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("status") != "complete":
            continue
        f = record["fields"]
        village = str(f.get("village_code") or "")
        for member in record.get("members", []):
            m = member["fields"]
            phone = m.get("phone") or f.get("phone")
            if not m.get("employment_status") or not phone:
                continue
            out.setdefault(village, []).append({
                "village_code": village, "household_no": str(f.get("household_no") or ""),
                "household_type": str(f.get("household_type") or ""),
                "record_uuid": record["uuid"], "member_uuid": member["uuid"],
                "name": str(m.get("name") or ""), "phone": str(phone),
                "recorded": recorded_answers(form, m)})
    return out


def sample(persons: dict[str, list[dict[str, Any]]], params: DrawParams
           ) -> list[dict[str, Any]]:
    """The drawn persons, village by village in code order, each village's in sheet order."""
    out = []
    for village in sorted(persons):
        people = persons[village]
        n = (min(params.per_village, len(people)) if params.per_village is not None
             else min(len(people), math.ceil(params.share * len(people) - 1e-9)))
        rng = random.Random(f"{params.seed}:{village}")
        keys = []
        for i, p in enumerate(people):
            w = params.weight_poverty if p["household_type"] in POVERTY else 1.0
            keys.append((rng.random() ** (1.0 / w), -i))
        chosen = sorted(sorted(range(len(people)), key=lambda i: keys[i], reverse=True)[:n])
        out += [people[i] for i in chosen]
    for row, p in enumerate(out, start=1):
        p["row"] = row
    return out


def draw_areas(store, names: dict[str, str] | None = None) -> list[str]:  # noqa: ANN001
    """The townships a draw may be limited to: at the county, each township in the area list
    or holding households; at a township, only its own."""
    if store.workspace.role == "township":
        return [store.workspace.code]
    names = store.sync.area_names() if names is None else names
    return sorted({c for c in names if len(c) == 9}
                  | {v[:9] for v in store.households.village_codes() if len(v) == 12})


def draw(store, params: DrawParams) -> dict[str, Any]:  # noqa: ANN001
    """Draw a sample of the store's households (of `params.area`) and keep it."""
    params.check()
    mine, role = store.workspace.code, store.workspace.role
    if role == "township":
        params = replace(params, area=params.area or mine)
    if role == "township" and not params.area.startswith(mine):
        raise InputError(f"乡镇只能抽查本乡镇（{mine}）的村，不能抽查 {params.area}",
                         f"a township draws its own villages ({mine}) only, not {params.area}",
                         where=params.area)
    if params.area and not (params.area.isdigit() and len(params.area) in (9, 12)):
        raise InputError(f"抽查范围应为 9 位乡镇代码或 12 位村代码：{params.area}",
                         f"the area must be a 9-digit township or 12-digit village code: "
                         f"{params.area}", where=params.area)
    form = store.forms.current().form
    persons = eligible(form, store.households.states(area=params.area))
    people = sample(persons, params)
    if not people:
        raise InputError("没有可抽查的人：需要已完成的户中填了就业状态且有联系电话的成员",
                         "nobody to draw: members of complete households with 就业状态 "
                         "recorded and a phone")
    area = params.area or store.workspace.code
    draw_id = store.spotchecks.keep_draw(area, params.to_dict(), people)
    return store.spotchecks.draw(draw_id)


# -- the call sheet --------------------------------------------------------------------------
def columns(*, dated: bool = True) -> list[str]:
    out = list(BASE_COLUMNS if dated else UNDATED_BASE)
    for q in QUESTIONS:
        title = QUESTION_ZH[q] + ("档次" if q == "income_band" else "")
        out += [f"{title}（记录）", f"{title}核对", f"{title}（核实值）"]
    return [*out, "抽查人", "备注", KEY_COLUMN]


def write_sheet(store, drawn: dict[str, Any], out: Path) -> int:  # noqa: ANN001
    """The call sheet of a kept draw; returns the number of persons."""
    from openpyxl import Workbook  # the report modules load openpyxl only when writing one
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    form = store.forms.current().form
    names = store.sync.area_names()
    type_label = form.fields["household_type"].choices if "household_type" in form.fields else None
    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.cell(1, 1, f"{names.get(drawn['area'], drawn['area'])}贫困劳动力就业信息电话抽查表")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    p = drawn["params"]
    how = (f"每村 {p['per_village']} 人" if "per_village" in p else f"每村 {p['share']:.1%}")
    ws.cell(2, 1, "抽样编号")
    ws.cell(2, 3, drawn["draw_id"])
    ws.cell(2, 8, f"抽样：{how}，种子 {p['seed']}，脱贫户/监测户权重 {p['weight_poverty']}；"
                  f"抽取时间 {drawn['created_at'][:16]}Z")
    ws.cell(3, 1, "填写说明：通话结果从下拉列表选择，通话日期填打电话的日期（如 2026-11-23，"
                  "不填则按录入当天计）；接通的，逐项选择“一致”或“不一致”，"
                  "不一致的在“核实值”中填写听到的情况；记录为空的项目不核对。")
    for c, title in enumerate(cols, start=1):
        cell = ws.cell(HEADER_ROW, c, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, person in enumerate(drawn["people"]):
        r = FIRST_ROW + i
        v = person["village_code"]
        kind = (type_label.label(person["household_type"]) if type_label
                and person["household_type"] else person["household_type"])
        values = [person["row"], names.get(v[:9], v[:9]), names.get(v, v),
                  person["household_no"], kind, person["name"], person["phone"], None, None]
        for q in QUESTIONS:
            values += [person["recorded"].get(q), None, None]
        values += [None, None, person["member_uuid"]]
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    last = FIRST_ROW + max(len(drawn["people"]), 1) - 1

    def listed(col: int, items: list[str], prompt: str) -> None:
        dv = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="请从列表中选择",
                            error=f"请从列表中选择：{'、'.join(items)}", promptTitle=prompt,
                            prompt="从列表中选择", showInputMessage=True)
        letter = get_column_letter(col)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(dv)

    listed(cols.index("通话结果") + 1, list(OUTCOME_ZH.values()), "通话结果")
    day_col = get_column_letter(cols.index("通话日期") + 1)
    drawn_on = _county_day(store, drawn["created_at"])
    dv = DataValidation(type="date", operator="greaterThanOrEqual",
                        formula1=f"DATE({drawn_on.year},{drawn_on.month},{drawn_on.day})",
                        allow_blank=True, showErrorMessage=True, errorTitle="通话日期",
                        error=f"请填写 {drawn_on.isoformat()} 以后的日期，如 2026-11-23",
                        promptTitle="通话日期", prompt="打电话的日期；不填则按录入当天计",
                        showInputMessage=True)
    dv.add(f"{day_col}{FIRST_ROW}:{day_col}{last}")
    ws.add_data_validation(dv)
    for r in range(FIRST_ROW, last + 1):
        ws[f"{day_col}{r}"].number_format = "yyyy-mm-dd"
    for q in QUESTIONS:
        base = len(BASE_COLUMNS) + 1 + 3 * QUESTIONS.index(q)
        listed(base + 1, [AGREE, DISAGREE], "核对")
        listed(base + 2, choices(form, q), "核实值")
    for c, title in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(18, len(title) * 2))
    ws.column_dimensions[get_column_letter(len(cols))].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, len(BASE_COLUMNS) + 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    try:
        write_atomic(Path(out), buf.getvalue())
    except OSError as exc:
        raise ReportNotWritten(Path(out), exc) from None
    return len(drawn["people"])


# -- reading a filled sheet ------------------------------------------------------------------
class SpotSheetError(ReportError):
    """A filled call sheet that cannot be recorded; `problems` names each by row and column.
    Nothing was recorded."""

    code = "spotcheck_sheet"

    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        zh = "；".join(p[0] for p in problems[:30])
        en = "; ".join(p[1] for p in problems[:30])
        more = len(problems) - 30
        if more > 0:
            zh, en = f"{zh}；另有 {more} 处", f"{en}; {more} more"
        super().__init__(f"抽查表有 {len(problems)} 处问题，没有录入任何结果：{zh}",
                         f"the call sheet has {len(problems)} problems; nothing was recorded: "
                         f"{en}", where=str(path))


def _cell_text(value: Any) -> str:  # noqa: ANN401
    return "" if value is None else str(value).strip()


def read_sheet(store, path: Path) -> tuple[str, list[dict[str, Any]]]:  # noqa: ANN001
    """The draw id and the calls of a filled sheet (rows without an outcome are not called
    yet); SpotSheetError naming every problem by row and column, InputError when the sheet is
    not a call sheet of a draw this store holds."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same to the user
        raise InputError(f"无法读取抽查表：{type(exc).__name__}",
                         f"cannot read the call sheet: {type(exc).__name__}",
                         where=str(path)) from None
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(f"不是电话抽查表：没有“{SHEET}”工作表",
                             f"not a call sheet: no sheet named {SHEET}", where=str(path))
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    draw_id = _cell_text(rows[1][2]) if len(rows) > 1 and len(rows[1]) > 2 else ""
    drawn = store.spotchecks.draw(draw_id) if draw_id else None
    if drawn is None:
        raise InputError(
            f"这张抽查表的抽样编号（C2：{draw_id or '空'}）不是本工作区的抽样，不能录入；"
            "请用本工作区抽样时打印的表",
            f"the call sheet's draw id (C2: {draw_id or 'empty'}) is not a draw of this "
            "workspace; use the sheet printed for one of its draws", where=str(path))
    form = store.forms.current().form
    header = [_cell_text(v) for v in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [])]
    # a sheet printed before the 通话日期 column is read as it was printed
    n_old = len(UNDATED_BASE)
    dated = not (len(header) > n_old and header[n_old] == columns(dated=False)[n_old])
    cols = columns(dated=dated)
    nb = len(BASE_COLUMNS if dated else UNDATED_BASE)
    settings = load_settings(store)
    today, drawn_on = settings.today(), _county_day(store, drawn["created_at"], settings)
    problems: list[tuple[str, str]] = []
    for c, title in enumerate(cols):
        found = header[c] if c < len(header) else ""
        if found != title:
            letter = get_column_letter(c + 1)
            problems.append((f"第{HEADER_ROW}行 {letter}列 表头应为“{title}”，现为“{found}”",
                             f"row {HEADER_ROW}, column {letter}: the header must be {title!r}, "
                             f"not {found!r}"))
    if problems:
        raise SpotSheetError(path, problems)
    people = {p["member_uuid"]: p for p in drawn["people"]}
    at = {name: i for i, name in enumerate(cols)}
    calls, seen = [], set()

    def where(r: int, name: str) -> tuple[str, str]:
        letter = get_column_letter(at[name] + 1)
        return f"第{r}行 {letter}列（{name}）", f"row {r}, column {letter} ({name})"

    def bad(r: int, name: str, zh: str, en: str) -> None:
        wz, we = where(r, name)
        problems.append((f"{wz}{zh}", f"{we}: {en}"))

    for r, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        cells = [_cell_text(v) for v in row] + [""] * (len(cols) - len(row))
        if not any(cells):
            continue
        key = cells[at[KEY_COLUMN]]
        person = people.get(key)
        if person is None:
            bad(r, KEY_COLUMN, "不是本次抽样的人（核对码不符），请勿增删行或改动核对码",
                "not a person of this draw (the reference does not match); do not add rows "
                "or change the reference")
            continue
        if key in seen:
            bad(r, KEY_COLUMN, "这个人在表中出现了两次", "this person appears twice")
            continue
        seen.add(key)
        if cells[at["序号"]] != str(person["row"]):
            bad(r, "序号", f"应为 {person['row']}，与核对码不符",
                f"must be {person['row']} for this person")
        outcome_zh = cells[at["通话结果"]]
        filled = [q for q in QUESTIONS if any(
            cells[at[cols[nb + 3 * QUESTIONS.index(q) + k]]] for k in (1, 2))]
        raw_day = row[at["通话日期"]] if dated and len(row) > at["通话日期"] else None
        if not outcome_zh:
            if filled:
                bad(r, "通话结果", "未填写，但已填了核对结果", "empty while answers are checked")
            elif raw_day not in (None, ""):
                bad(r, "通话日期", "已填写，但通话结果未填写", "filled while the outcome is empty")
            continue
        called_on = ""
        if raw_day not in (None, ""):
            day = _day(raw_day)
            if day is None:
                bad(r, "通话日期", f"“{_cell_text(raw_day)}”不是日期，请按 2026-11-23 填写",
                    f"{_cell_text(raw_day)!r} is not a date; write it as 2026-11-23")
                continue
            if day > today:
                bad(r, "通话日期", f"{day} 晚于今天（{today}）", f"{day} is after today ({today})")
                continue
            if day < drawn_on:
                bad(r, "通话日期", f"{day} 早于抽样日期（{drawn_on}）",
                    f"{day} is before the draw was made ({drawn_on})")
                continue
            called_on = day.isoformat()
        outcome = OUTCOME_BY_ZH.get(outcome_zh)
        if outcome is None:
            bad(r, "通话结果", f"“{outcome_zh}”不是 {'、'.join(OUTCOME_ZH.values())} 之一",
                f"{outcome_zh!r} is not one of {', '.join(OUTCOME_ZH.values())}")
            continue
        answers: dict[str, dict[str, Any]] = {}
        for q in QUESTIONS:
            base = nb + 3 * QUESTIONS.index(q)
            check_col, heard_col = cols[base + 1], cols[base + 2]
            agree, heard = cells[base + 1], cells[base + 2]
            if not agree and not heard:
                continue
            if outcome != REACHED:
                bad(r, check_col, f"通话结果为“{outcome_zh}”，不应填写核对结果",
                    f"the call was {outcome_zh}: no answer can be checked")
                continue
            if person["recorded"].get(q) is None:
                bad(r, check_col, "记录为空，不核对此项", "nothing was recorded to check")
                continue
            if agree not in (AGREE, DISAGREE):
                bad(r, check_col, f"应为“{AGREE}”或“{DISAGREE}”，现为“{agree}”",
                    f"must be {AGREE} or {DISAGREE}, not {agree!r}")
                continue
            if agree == DISAGREE:
                if not heard:
                    bad(r, heard_col, "核对为“不一致”时须填写核实值",
                        "the value heard is required when it disagrees")
                    continue
                allowed = choices(form, q) if q in CHOICE_QUESTIONS or q == "income_band" else []
                if allowed and heard not in allowed:
                    bad(r, heard_col, f"“{heard}”不是 {'、'.join(allowed)} 之一",
                        f"{heard!r} is not one of {', '.join(allowed)}")
                    continue
                if heard == person["recorded"].get(q):
                    bad(r, heard_col, "核实值与记录相同，却选了“不一致”",
                        "the value heard is the one recorded, yet it says it disagrees")
                    continue
            answers[q] = {"agree": agree == AGREE,
                          "heard": heard if agree == DISAGREE else ""}
        if outcome == REACHED and not answers and not any(
                p[0].startswith(f"第{r}行") for p in problems):
            bad(r, "通话结果", "接通了，但没有核对任何一项", "reached, yet nothing was checked")
            continue
        calls.append({"member_uuid": key, "row": person["row"], "outcome": outcome,
                      "answers": answers, "called_on": called_on})
    if problems:
        raise SpotSheetError(path, problems)
    return draw_id, calls


def _day(value: Any) -> dt.date | None:  # noqa: ANN401 - a cell's value
    """A call's date as a checker writes it: a date cell, 2026-11-23, 2026/11/23, 2026.11.23
    or 2026年11月23日 (a time after it is ignored); None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 30000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel day number
    found = _DAY.match(_cell_text(value))
    if found is None:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\Z")


def _county_day(store, at: str, settings: Any = None) -> dt.date:  # noqa: ANN001, ANN401
    """The county's day of a UTC time stamp of the store."""
    settings = settings or load_settings(store)
    when = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return settings.today(when)


def record_sheet(store, path: Path):  # noqa: ANN001, ANN201 - sync.spotchecks.Recorded
    """Read a filled sheet and record it (all or nothing)."""
    draw_id, calls = read_sheet(store, path)
    return store.spotchecks.record(draw_id, calls, source=Path(path).name)


# -- figures ---------------------------------------------------------------------------------
def tally(calls: Iterable[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Per village: calls made, reached, answers checked, answers agreeing."""
    out: dict[str, Counter[str]] = {}
    for call in calls:
        t = out.setdefault(call["village_code"], Counter())
        t["calls"] += 1
        if call["outcome"] != REACHED:
            continue
        t["reached"] += 1
        for result in call["answers"].values():
            t["checked"] += 1
            t["agreed"] += bool(result["agree"])
    return out


def by_township(villages: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for village, t in villages.items():
        out.setdefault(village[:9], Counter()).update(t)
    return out


def rates(t: Counter[str] | dict[str, int]) -> dict[str, float | None]:
    calls, reached, checked = t.get("calls", 0), t.get("reached", 0), t.get("checked", 0)
    return {"reach_rate": reached / calls if calls else None,
            "accuracy": t.get("agreed", 0) / checked if checked else None}


__all__ = ["DrawParams", "SpotSheetError", "by_township", "draw", "eligible", "income_band",
           "rates", "read_sheet", "record_sheet", "sample", "tally", "write_sheet"]
