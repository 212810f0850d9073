"""The county summary workbook: 汇总, 分村, 零就业家庭名单, 一库五册, 数据质量, 乡镇排名.

One pass over the households evaluates each once; area figures are summed as they go, and
the person rows of the lists spill to temporary files, because a write-only workbook must be
written sheet by sheet in order and a county's rosters do not fit comfortably in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import forms
from forms.indicators import FIVE_CLEAR, AggregateIndicators, aggregate_indicators
from sync.atomic import replacing

from .layout import INTEGER, PERCENT, Col, SheetSpec, new_workbook, write_sheet
from .people import (
    HOUSEHOLD_PREFIX,
    PERSON_COLUMNS,
    ROSTERS,
    household_cells,
    label,
    person_cells,
)
from .source import Facts, add, area_names, facts, records

Progress = Callable[[int, int, str], None]

FIGURE_COLUMNS: tuple[tuple[str, Col], ...] = (
    ("households", Col("户数", 8, INTEGER)),
    ("persons", Col("人数", 8, INTEGER)),
    ("labour_age", Col("劳动年龄人口", 9, INTEGER)),
    ("labour_force", Col("劳动力", 8, INTEGER, "全部劳动力")),
    ("employed", Col("已就业", 8, INTEGER, "全部劳动力")),
    ("employment_rate", Col("就业率", 9, PERCENT, "全部劳动力")),
    ("poverty_labour_force", Col("劳动力", 8, INTEGER, "脱贫户和监测户")),
    ("poverty_employed", Col("已就业", 8, INTEGER, "脱贫户和监测户")),
    ("poverty_employment_rate", Col("就业率", 9, PERCENT, "脱贫户和监测户")),
    ("transfer_employed", Col("合计", 8, INTEGER, "转移就业")),
    ("region:county", Col("县内", 8, INTEGER, "转移就业")),
    ("region:in_province", Col("县外省内", 8, INTEGER, "转移就业")),
    ("region:out_of_province", Col("省外", 8, INTEGER, "转移就业")),
    ("region:abroad", Col("国外", 8, INTEGER, "转移就业")),
    ("zero_employment_households", Col("零就业家庭", 9, INTEGER)),
    ("wants_job", Col("有就业意愿", 9, INTEGER, "意愿人数")),
    ("wants_training", Col("有培训意愿", 9, INTEGER, "意愿人数")),
    ("wants_business", Col("有创业意愿", 9, INTEGER, "意愿人数")),
    *((f"clear:{item.key}", Col(item.zh, 9, INTEGER, "五清户数")) for item in FIVE_CLEAR),
    ("five_clear_households", Col("五清齐全户", 9, INTEGER, "五清户数")),
    ("five_clear_share", Col("五清率", 9, PERCENT, "五清户数")),
)


def figure(agg: AggregateIndicators, key: str) -> Any:
    if key.startswith("region:"):
        return agg.transfer_by_region.get(key.split(":", 1)[1], 0)
    if key.startswith("clear:"):
        return agg.five_clear_by_item.get(key.split(":", 1)[1], 0)
    return getattr(agg, key)


class _Spill:
    """Rows written to a temporary file now, read back when their sheet is written."""

    def __init__(self) -> None:
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.count = 0

    def add(self, row: list[Any]) -> None:
        self.count += 1
        self.file.write(json.dumps([self.count, *row], ensure_ascii=False) + "\n")

    def rows(self) -> Iterator[list[Any]]:
        self.file.seek(0)
        for line in self.file:
            yield json.loads(line)

    def close(self) -> None:
        self.file.close()


class _Collector:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.villages: dict[str, AggregateIndicators] = {}
        self.zero = _Spill()
        self.rosters = {r.sheet: _Spill() for r in ROSTERS}
        self.quality: Counter[tuple[str, str, str]] = Counter()
        self.messages: dict[str, str] = {}

    def take(self, f: Facts) -> None:
        one = aggregate_indicators([f.indicators])
        v = f.village
        self.villages[v] = add(self.villages[v], one) if v in self.villages else one
        hh = household_cells(f, self.names)
        if f.indicators.zero_employment:
            self.zero.add(hh + [f.indicators.labour_force, label(f, "phone", None),
                                label(f, "address", None)])
        for p in f.indicators.persons:
            for roster in ROSTERS:
                if roster.keep(p, f):
                    self.rosters[roster.sheet].add(
                        hh + person_cells(f, p.member_index, PERSON_COLUMNS + roster.extra))
        for finding in f.findings:
            self.quality[(v, finding.code, finding.severity)] += 1
            self.messages.setdefault(finding.code, finding.message_zh)

    def close(self) -> None:
        self.zero.close()
        for spill in self.rosters.values():
            spill.close()


def _area_rows(groups: dict[str, AggregateIndicators], names: dict[str, str], *,
               with_township: bool) -> Iterator[list[Any]]:
    total: AggregateIndicators | None = None
    for code in sorted(groups):
        agg = groups[code]
        total = agg if total is None else add(total, agg)
        lead = [code, names.get(code, code)]
        if with_township:
            lead.append(names.get(code[:9], code[:9]))
        yield lead + [figure(agg, key) for key, _ in FIGURE_COLUMNS]
    if total is not None:
        yield ["合计", None] + ([None] if with_township else []) + [
            figure(total, key) for key, _ in FIGURE_COLUMNS]


def _ranking(townships: dict[str, AggregateIndicators], names: dict[str, str]
             ) -> Iterator[list[Any]]:
    def by(key: str) -> list[str]:
        return sorted(townships, key=lambda c: (-(getattr(townships[c], key) or 0), c))

    clear_rank = {code: i for i, code in enumerate(by("five_clear_share"), start=1)}
    for i, code in enumerate(by("employment_rate"), start=1):
        agg = townships[code]
        yield [i, code, names.get(code, code), agg.labour_force, agg.employed,
               agg.employment_rate, agg.zero_employment_households, agg.five_clear_share,
               clear_rank[code]]


def summary_workbook(store, out: Path, *, as_of: dt.date | None = None,  # noqa: ANN001
                     township: str | None = None, unit: str | None = None,
                     settings: forms.CountySettings | None = None,
                     progress: Progress | None = None) -> dict[str, int]:
    """Write the county summary workbook to `out` (atomically); return row counts by sheet."""
    form = forms.load_default_form()
    names = area_names(store)
    unit = unit or names.get(store.workspace.code) or store.meta.get("name") or store.workspace.code
    when = (as_of or dt.date.today()).isoformat()
    total = store.households.count()
    collect = _Collector(names)
    try:
        for done, record in enumerate(records(store, as_of=as_of, area=township), start=1):
            collect.take(facts(record, form=form, settings=settings, today=as_of))
            if progress and done % 500 == 0:
                progress(done, total, "")
        townships: dict[str, AggregateIndicators] = {}
        for code, agg in collect.villages.items():
            t = code[:9]
            townships[t] = add(townships[t], agg) if t in townships else agg
        return _write(out, collect, townships, names, unit=unit, when=when)
    finally:
        collect.close()


def _write(out: Path, c: _Collector, townships: dict[str, AggregateIndicators],
           names: dict[str, str], *, unit: str, when: str) -> dict[str, int]:
    figures = [col for _, col in FIGURE_COLUMNS]
    wb = new_workbook()
    counts = {}
    sheets: list[tuple[SheetSpec, Iterable[Any]]] = [
        (SheetSpec("汇总", "农村劳动力就业情况汇总表（按乡镇）",
                   [Col("乡镇代码", 12), Col("乡镇", 12), *figures], 2),
         _area_rows(townships, names, with_township=False)),
        (SheetSpec("分村", "农村劳动力就业情况分村统计表",
                   [Col("村代码", 15), Col("行政村", 12), Col("乡镇", 12), *figures], 2),
         _area_rows(c.villages, names, with_township=True)),
        (SheetSpec("零就业家庭名单", "零就业家庭名单",
                   [*HOUSEHOLD_PREFIX, Col("劳动力人数", 9, INTEGER), Col("户联系电话", 13),
                    Col("家庭住址", 24)], 3), c.zero.rows()),
        *((SheetSpec(r.sheet, r.title, [*HOUSEHOLD_PREFIX,
                                        *(col for _, col in PERSON_COLUMNS + r.extra)], 7),
           c.rosters[r.sheet].rows()) for r in ROSTERS),
        (SheetSpec("数据质量", "数据质量问题统计（按规则、按村）",
                   [Col("乡镇", 12), Col("行政村", 12), Col("村代码", 15), Col("规则代码", 22),
                    Col("严重程度", 8), Col("问题说明", 40), Col("条数", 8, INTEGER)], 2),
         ([names.get(v[:9], v[:9]), names.get(v, v), v, code, "错误" if sev == "error" else "警告",
           c.messages.get(code, ""), n] for (v, code, sev), n in sorted(c.quality.items()))),
        (SheetSpec("乡镇排名", "乡镇就业率和五清完成率排名",
                   [Col("就业率排名", 8, INTEGER), Col("乡镇代码", 12), Col("乡镇", 12),
                    Col("劳动力", 9, INTEGER), Col("已就业", 9, INTEGER), Col("就业率", 9, PERCENT),
                    Col("零就业家庭", 9, INTEGER), Col("五清率", 9, PERCENT),
                    Col("五清排名", 8, INTEGER)], 3), _ranking(townships, names)),
    ]
    for spec, rows in sheets:
        counts[spec.name] = write_sheet(wb, spec, rows, unit=unit, as_of=when)
    save_atomic(wb, out)
    return counts


def save_atomic(wb, out: Path) -> None:  # noqa: ANN001 - openpyxl Workbook
    """Save beside `out` and rename: a report is never seen half written."""
    with replacing(out) as tmp:
        wb.save(tmp)


__all__ = ["FIGURE_COLUMNS", "save_atomic", "summary_workbook"]
