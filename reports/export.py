"""Data for analysts: one row per household and one per person, as csv, SPSS or Stata files.

`mopai export-data --format csv|sav|dta --out DIR` writes ``households.<ext>``,
``persons.<ext>`` and ``codebook.xlsx`` (every variable: name, Chinese label, type, value
labels, where it comes from) into DIR. The rows come from where the summary's figures come
from: the store's records and the kept report facts (reports/facts.py, the ledger's part
``l`` with the export's ``x``), or, as of a past day, the records as they stood then. Each
household row carries what the household adds to every summed figure of the summary
(``ind_*``), each person row its indicator flags, so the summary is the sum of a column.
Rows come in village and 户编号 order; as of a past day, in the order of the history.

Variables: the household's keys (村代码, 户编号, record uuid), the record's status and form
version, every question that holds an answer (select_one as its code, 1 = the first choice of
the form's list; select_multiple as one 0/1 variable per choice), the values the form derives
(性别, 出生日期, 年龄), then the indicators. A question that is not relevant is blank (as in
the ledger). Names are ASCII, at most 32 characters, unique, and valid in SPSS and Stata.

csv: UTF-8 with a byte-order mark (Excel and WPS open it as Chinese), codes in the cells; a
text cell that starts with = + - @ or a tab/carriage return gets a leading ' so that a
spreadsheet does not run it as a formula (CSV injection; the codebook says so). sav/dta: our
own streaming writers (reports/spss.py, reports/stata.py; docs/decisions.md "Analysts' data
export"), variable and value labels inside the file, UTF-8.

Streaming: csv rows go straight to the files. sav and dta need every text variable's width
before the first row, so the rows are kept in sealed records first (sync/spill.py: in memory
up to 8 MiB, beyond that encrypted in an anonymous temp file under a key only this process
holds), then written; memory holds only the records' offsets (8 bytes a row). Every file is
written beside its target and renamed only when all of them are complete: a failure leaves
the folder as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai import forms
from mopai.forms.indicators import FIVE_CLEAR, REGION_BUCKETS
from mopai.forms.model import QType, Question
from mopai.sync.atomic import replacing
from mopai.sync.errors import InputError
from mopai.sync.records import neutral  # one rule for every csv we write
from mopai.sync.spill import SealedRecords

from .errors import ReportNotWritten
from .facts import COUNT_KEYS, PERSON_FLAGS, Progress, ReportFacts, answer_names
from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .source import checked_area, checked_day, place_name, read_under, records
from .spss import STR_MAX as SAV_STR_MAX
from .spss import write_sav
from .stata import DataColumn, write_dta

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


def count_keys() -> list[str]:
    """What a household adds to the summary's figures (reports/facts.py `counts`)."""
    return [k for k in COUNT_KEYS if k != "households"] + [
        f"region:{k}" for k in REGION_BUCKETS] + [f"clear:{item.key}" for item in FIVE_CLEAR]


def household_vars(form: forms.Form) -> list[Var]:
    keys = {"village_code", "household_no"}
    out = _key_vars(person=False)
    for q in form.fields.values():
        if q.name in answer_names([q]) and q.name not in keys:
            out += _answer_vars(q, member=False)
    for key in count_keys():
        out.append(Var(DataColumn("ind_" + key.replace(":", "_"), COUNT_LABELS.get(key, key),
                                  "long", measure="scale"), "整数", "汇总指标",
                       lambda r, _i, key=key: int(r.x["a"].get(key, 0)), key))
    return _named(out)


# 已就业 and the wishes are of 劳动力 (docs/decisions.md 33)
LABOUR_ONLY = ("employed", "wants_job", "wants_training", "wants_business")


def person_vars(form: forms.Form) -> list[Var]:
    out = _key_vars(person=True)
    for q in form.member_fields.values():
        if q.name in answer_names([q]):
            out += _answer_vars(q, member=True)
    for n, flag in enumerate(PERSON_FLAGS):
        def get(r: Row, i: int | None, n: int = n, flag: str = flag) -> int:
            p = r.x["p"][i]
            if flag in LABOUR_ONLY:  # the summary counts these among 劳动力 only
                return int(p[n] and p[PERSON_FLAGS.index("labour_force")])
            return int(p[n])
        out.append(Var(DataColumn(f"ind_{flag}", FLAG_LABELS.get(flag, flag), "byte",
                                  labels=YES_NO), "0/1", "汇总指标", get, flag))
    regions = [(code, k, zh) for k, code in REGION_CODES.items() for zh in [REGION_BUCKETS[k][0]]]
    out.append(Var(DataColumn("ind_transfer_region", "转移就业地域", "byte",
                              labels=("region", {c: zh for c, _, zh in regions})), "代码",
                   "汇总指标", lambda r, i: REGION_CODES.get(r.x["p"][i][len(PERSON_FLAGS)]),
                   "transfer_region", regions))
    return _named(out)


def _named(out: list[Var]) -> list[Var]:
    for var, name in zip(out, valid_names([v.column.name for v in out]), strict=True):
        var.column.name = name
    return out


# -- rows ---------------------------------------------------------------------------------------
def _rows(store, rf: ReportFacts, area: str, day: dt.date,  # noqa: ANN001
          as_of: dt.date | None, progress: Progress | None) -> Iterator[Row]:
    if as_of is None:
        rf.refresh(day, area=area, progress=progress)
        items: Iterable[tuple[dict[str, Any], Any]] = rf.with_records("l", area, day)
    else:
        items = ((r, rf.compute(r, day)["l"]) for r in records(
            store, as_of=as_of, area=area or None, settings=rf.settings))
    for done, (stored, kept) in enumerate(items, start=1):
        record = read_under(rf.form, stored)
        x = kept["x"]
        members = [{**a, **b} for a, b in zip(kept["m"], x["m"], strict=True)]
        yield Row(record, stored.get("status"), {**kept["h"], **x["h"]}, members, x)
        if progress and done % 1000 == 0:
            progress(done, 0, "")


def _csv_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "str":
        return neutral(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class Exported:
    folder: Path
    files: list[Path]
    households: int = 0
    persons: int = 0
    cut: int = 0  # text values cut to 255 bytes in a .sav


class _Csv:
    def __init__(self, tmp: Path, variables: list[Var]) -> None:
        self.file = open(tmp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.writer = csv.writer(self.file)
        self.kinds = [v.column.kind for v in variables]
        self.writer.writerow([v.column.name for v in variables])
        self.count = 0

    def add(self, row: list[Any]) -> None:
        self.writer.writerow([_csv_cell(v, k) for v, k in zip(row, self.kinds, strict=True)])
        self.count += 1

    def finish(self, _label: str) -> int:
        self.file.close()
        return 0


class _Binary:
    """Rows kept sealed while the text widths are measured, then written as sav or dta."""

    def __init__(self, tmp: Path, variables: list[Var], fmt: str) -> None:
        self.tmp, self.fmt = tmp, fmt
        self.columns = [v.column for v in variables]
        for c in self.columns:
            c.width = 1
        self.text = [i for i, c in enumerate(self.columns) if c.kind == "str"]
        self.sealed = SealedRecords()
        self.count = 0
        self.cut = 0

    def add(self, row: list[Any]) -> None:
        for i in self.text:
            if row[i] is not None:
                size = len(row[i].encode("utf-8"))
                if size > self.columns[i].width:
                    self.columns[i].width = size
                self.cut += self.fmt == "sav" and size > SAV_STR_MAX
        self.sealed.append(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        self.count += 1

    def finish(self, label: str) -> int:
        try:
            sealed = self.sealed
            rows = (json.loads(sealed[n]) for n in range(len(sealed)))
            write = write_sav if self.fmt == "sav" else write_dta
            with open(self.tmp, "w+b") as f:
                write(f, self.columns, self.count, rows, label=label)
        finally:
            self.sealed.close()
        return self.cut


def export_data(store, out: Path, fmt: str = "csv", *,  # noqa: ANN001
                as_of: dt.date | None = None, township: str | None = None,
                settings: forms.CountySettings | None = None,
                progress: Progress | None = None) -> Exported:
    """Write households.<fmt>, persons.<fmt> and codebook.xlsx into the folder `out`."""
    if fmt not in FORMATS:
        raise InputError(f"导出格式应为 {'、'.join(FORMATS)}：{fmt}",
                         f"the format must be one of {', '.join(FORMATS)}: {fmt!r}")
    out = Path(out)
    if not out.is_dir():
        raise InputError(f"输出文件夹不存在：{out}", f"no such folder: {out}")
    rf = ReportFacts.of(store, settings)
    as_of = checked_day(rf.settings, as_of)
    if township is not None:
        township = checked_area(store, township, (9,))
    area = township or ""
    day = as_of or rf.settings.today()
    place = place_name(store, area)
    hv, pv = household_vars(rf.form), person_vars(rf.form)
    paths = [out / f"{name}.{fmt}" for name in FILES]
    result = Exported(out, [*paths, out / CODEBOOK])
    try:
        with ExitStack() as stack:
            tmps = [stack.enter_context(replacing(p)) for p in paths]
            writers = ([_Csv(t, v) for t, v in zip(tmps, (hv, pv), strict=True)] if fmt == "csv"
                       else [_Binary(t, v, fmt) for t, v in zip(tmps, (hv, pv), strict=True)])
            try:
                hw, pw = writers
                for row in _rows(store, rf, area, day, as_of, progress):
                    hw.add([v.get(row, None) for v in hv])
                    for i in range(len(row.record["members"])):
                        pw.add([v.get(row, i) for v in pv])
                title = f"{place} {day.isoformat()}"
                result.cut = sum(w.finish(f"{title} {what}")
                                 for w, what in zip(writers, ("户", "人"), strict=True))
            finally:
                for w in writers:
                    if isinstance(w, _Csv):
                        w.file.close()
                    else:
                        w.sealed.close()
            result.households, result.persons = hw.count, pw.count
            write_codebook(out / CODEBOOK, fmt, hv, pv, place=place, when=day.isoformat(),
                           cut=result.cut)
    except OSError as exc:
        raise ReportNotWritten(out, exc) from exc
    return result


# -- the codebook -------------------------------------------------------------------------------
def _value_labels(var: Var) -> str:
    if var.choices:
        return "；".join(f"{code}={label}（{name}）" for code, name, label in var.choices)
    if var.column.labels:
        return "；".join(f"{code}={label}" for code, label in sorted(var.column.labels[1].items()))
    return ""


def codebook_notes(fmt: str, cut: int) -> list[str]:
    notes = [
        "households 每户一行，persons 每人一行，以 household_uuid 连接；select_one 题存代码（见值标签），"
        "多选题每个选项一个 0/1 变量；题目不适用（跳过）时为空。",
        "汇总表的数字即各列之和：户数 = households 行数；劳动力 = ind_labour_force 之和；已就业 = "
        "ind_employed 之和；就业率 = 已就业 ÷ 劳动力；零就业家庭 = ind_zero_employment_households 之和；"
        "五清率 = ind_five_clear_households 之和 ÷ 户数。persons 的 ind_* 标志按人相加得到同样的人数。",
        "status：1=完成，2=草稿；按 status 筛选即得只含完成记录的数字。",
    ]
    if fmt == "csv":
        notes.append("csv 为带 BOM 的 UTF-8。以 = + - @ 或制表符开头的文本前加了一个英文单引号 '，"
                     "防止 Excel/WPS 把它当作公式执行（CSV 注入）；分析前可去掉这个 '。")
    if fmt == "sav" and cut:
        notes.append(f"SPSS 文件中每个文本值最长 255 字节（约 85 个汉字），有 {cut} 个更长的值被截断；"
                     "csv 或 dta 格式保留全文。")
    return notes


def write_codebook(path: Path, fmt: str, hv: list[Var], pv: list[Var], *, place: str,
                   when: str, cut: int = 0) -> None:
    spec = SheetSpec("变量说明", f"{place}农村劳动力调查数据变量说明（codebook）",
                     [Col("文件", 11), Col("序号", 6, INTEGER), Col("变量名", 30),
                      Col("标签", 30), Col("类型", 12), Col("来源", 10),
                      Col("值标签", 60), Col("问卷题目", 24)], 3, measure="—")
    rows = ([f"{name}.{fmt}", n, v.column.name, v.column.label, v.type_zh, v.source,
             _value_labels(v), v.origin]
            for name, variables in zip(FILES, (hv, pv), strict=True)
            for n, v in enumerate(variables, start=1))
    with open_workbook(path) as wb:
        write_sheet(wb, spec, rows, unit=place, as_of=when, notes=codebook_notes(fmt, cut))


__all__ = ["CODEBOOK", "FILES", "FORMATS", "Exported", "export_data", "household_vars",
           "neutral", "person_vars", "valid_names"]
