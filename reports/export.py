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
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai import forms
from mopai.forms.indicators import FIVE_CLEAR, REGION_BUCKETS
from mopai.sync.atomic import replacing
from mopai.sync.errors import InputError
from mopai.sync.records import neutral  # one rule for every csv we write
from mopai.sync.spill import SealedRecords

from .errors import ReportNotWritten
from .export_repeats import instance_rows, repeat_files, repeat_vars
from .export_vars import (
    CODEBOOK,
    COUNT_LABELS,
    FILES,
    FLAG_LABELS,
    FORMATS,
    REGION_CODES,
    YES_NO,
    Row,
    Var,
    _answer_vars,
    _key_vars,
    _named,
    valid_names,
)
from .facts import Progress, ReportFacts
from .household_facts import COUNT_KEYS, PERSON_FLAGS, answer_names
from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .source import checked_area, checked_day, place_name, read_under, records
from .spss import STR_MAX as SAV_STR_MAX
from .spss import write_sav
from .stata import DataColumn, write_dta


def count_keys() -> list[str]:
    """What a household adds to the summary's figures (reports/household_facts.py `counts`)."""
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
    # rows written per repeat besides the members (its file: reports/export_repeats.py)
    instances: dict[str, int] = field(default_factory=dict)


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
    stems = repeat_files(rf.form)
    files: list[tuple[str, str, list[Var]]] = [      # (file name, what a row is, variables)
        (f"households.{fmt}", "户", household_vars(rf.form)),
        (f"persons.{fmt}", "人", person_vars(rf.form)),
        *((f"{stems[name]}.{fmt}", repeat.label.get("zh_CN") or name,
           repeat_vars(rf.form, repeat)) for name, repeat in rf.form.repeats.items())]
    paths = [out / name for name, _, _ in files]
    slot = {name: i for i, name in enumerate(rf.form.repeats, start=2)}
    result = Exported(out, [*paths, out / CODEBOOK])
    try:
        with ExitStack() as stack:
            tmps = [stack.enter_context(replacing(p)) for p in paths]
            writers = [_Csv(t, v) if fmt == "csv" else _Binary(t, v, fmt)
                       for t, (_, _, v) in zip(tmps, files, strict=True)]
            try:
                (_, _, hv), (_, _, pv) = files[:2]
                hw, pw = writers[:2]
                for row in _rows(store, rf, area, day, as_of, progress):
                    hw.add([v.get(row, None) for v in hv])
                    for i in range(len(row.record["members"])):
                        pw.add([v.get(row, i) for v in pv])
                    for name, instance in instance_rows(rf.form, row, rf.settings, day):
                        n = slot[name]
                        writers[n].add([v.get(instance, instance.member) for v in files[n][2]])
                title = f"{place} {day.isoformat()}"
                result.cut = sum(w.finish(f"{title} {what}")
                                 for w, (_, what, _) in zip(writers, files, strict=True))
            finally:
                for w in writers:
                    if isinstance(w, _Csv):
                        w.file.close()
                    else:
                        w.sealed.close()
            result.households, result.persons = hw.count, pw.count
            result.instances = {name: writers[slot[name]].count for name in rf.form.repeats}
            write_codebook(out / CODEBOOK, fmt, [(name, v) for name, _, v in files],
                           place=place, when=day.isoformat(), cut=result.cut)
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
        "households 每户一行，persons 每人一行，以 household_uuid 连接；问卷中其他重复组（如成员的"
        "工作、户的帮扶措施）每组一个文件、每条一行，以 PARENT_KEY 连接其所属的户（household_uuid）、"
        "成员（member_uuid）或外层条目（KEY）；select_one 题存代码（见值标签），"
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


def write_codebook(path: Path, fmt: str, files: list[tuple[str, list[Var]]], *, place: str,
                   when: str, cut: int = 0) -> None:
    """Every variable of every file (``files``: each file's name and its variables)."""
    spec = SheetSpec("变量说明", f"{place}农村劳动力调查数据变量说明（codebook）",
                     [Col("文件", 11), Col("序号", 6, INTEGER), Col("变量名", 30),
                      Col("标签", 30), Col("类型", 12), Col("来源", 10),
                      Col("值标签", 60), Col("问卷题目", 24)], 3, measure="—")
    rows = ([name, n, v.column.name, v.column.label, v.type_zh, v.source,
             _value_labels(v), v.origin]
            for name, variables in files
            for n, v in enumerate(variables, start=1))
    with open_workbook(path) as wb:
        write_sheet(wb, spec, rows, unit=place, as_of=when, notes=codebook_notes(fmt, cut))


__all__ = ["CODEBOOK", "FILES", "FORMATS", "Exported", "export_data", "household_vars",
           "neutral", "person_vars", "valid_names"]
