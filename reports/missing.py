"""The not-yet-visited list (未走访户名单, issue 18): the households on a village's 户籍 list
(sync/expected.py) that match no captured household, printable in the government layout —
`mopai expected missing --out F.xlsx`, and the 未走访 sheet of the summary workbook beside
调查进度 (written when some village under the report's area has a list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mopai.sync.expected import Visit, missing

from .layout import INTEGER, Col, SheetSpec, open_workbook, write_sheet
from .source import area_names, checked_area, place_name

NOTE = ("名单来自县里导入的户籍名单；按户主身份证号（户内任一成员）、其次户编号、其次户主姓名"
        "（村内唯一时）与已录入的户对应，对应不上的即为未走访户")


def missing_spec(place: str) -> SheetSpec:
    return SheetSpec("未走访", f"{place}未走访户名单",
                     [Col("序号", 6, INTEGER), Col("乡镇", 12), Col("行政村", 12),
                      Col("村民小组", 10), Col("户编号", 10), Col("户主", 10),
                      Col("户主身份证号", 20), Col("名单来源", 22)], 4, measure="户")


def missing_rows(visits: Sequence[Visit], names: dict[str, str]) -> Iterator[list[Any]]:
    for i, v in enumerate(visits, start=1):
        yield [i, names.get(v.village_code[:9], v.village_code[:9]),
               names.get(v.village_code, v.village_code), v.group_name, v.household_no,
               v.head_name, v.id_number, f"{v.source} 第 {v.source_row} 行"]


def missing_workbook(store: Any, out: Path, *, area: str = "") -> int:
    """Write the not-yet-visited households under `area` (a village, a township, "" for the
    workspace) to `out`, atomically; returns how many."""
    if area:
        area = checked_area(store, area)
    names = area_names(store)
    place = place_name(store, area, names)
    found = missing(store, area)
    with open_workbook(out) as wb:
        write_sheet(wb, missing_spec(place), missing_rows(found, names), unit=place,
                    as_of=dt.date.today().isoformat(), notes=[NOTE])
    return len(found)


__all__ = ["NOTE", "missing_rows", "missing_spec", "missing_workbook"]
