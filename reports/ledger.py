"""The village ledger (台账): one row per person, with the household's fields beside it.

The layout is the summary workbook's (title, 填报单位, 统计时点, grouped header, frozen panes,
print titles); rows stream straight from the store, so a 5,000-household village or a whole
county is written without holding it in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import forms
from sync.errors import InputError

from .layout import INTEGER, Col, SheetSpec, new_workbook, write_sheet
from .people import PERSON_COLUMNS, household_cells, label, person_cells
from .source import area_names, facts, records
from .summary import Progress, save_atomic

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


def _grouped(cols: tuple[tuple[str, Col], ...], group: str) -> list[Col]:
    return [Col(c.title, c.width, c.fmt, group) for _, c in cols]


def ledger_workbook(store, area: str, out: Path, *, as_of: dt.date | None = None,  # noqa: ANN001
                    progress: Progress | None = None) -> int:
    """Write the ledger of a village (12 digits), a township (9) or the county (6): one row
    per person, villages in code order. Returns the number of person rows."""
    if not (len(area) in (6, 9, 12) and area.isdigit()):
        raise InputError(f"区划代码应为6、9或12位数字，收到“{area}”",
                         f"an area code has 6, 9 or 12 digits, got {area!r}")
    form = forms.load_default_form()
    names = area_names(store)
    member_cols = PERSON_COLUMNS + MEMBER_EXTRA
    spec = SheetSpec(
        "台账", f"{names.get(area, area)}农村劳动力台账",
        [Col("序号", 6, INTEGER, "户信息"), Col("乡镇", 12, None, "户信息"),
         Col("行政村", 12, None, "户信息"), Col("户编号", 10, None, "户信息"),
         Col("户主姓名", 10, None, "户信息"), Col("户类型", 9, None, "户信息"),
         *_grouped(HOUSEHOLD_EXTRA, "户信息"), Col("人编号", 6, INTEGER, "成员信息"),
         *_grouped(member_cols, "成员信息")], 8)

    def rows() -> Iterator[list[Any]]:
        n = 0
        for record in records(store, as_of=as_of, area=area):
            f = facts(record, form=form, today=as_of)
            hh = household_cells(f, names) + [label(f, name, None) for name, _ in HOUSEHOLD_EXTRA]
            for i in range(len(record["members"])):
                n += 1
                yield [n, *hh, i + 1, *person_cells(f, i, member_cols)]
            if progress and n % 1000 == 0:
                progress(n, 0, "")

    wb = new_workbook()
    count = write_sheet(wb, spec, rows(), unit=names.get(area, area),
                        as_of=(as_of or dt.date.today()).isoformat())
    save_atomic(wb, out)
    return count
