"""The county's list of townships and villages, imported from an Excel sheet.

No public list of village codes newer than 2023 exists, so each county keeps its own
(domain.md). The county office usually has it as a spreadsheet: one row per township or
village with its 统计用区划代码 and name. The sheet is read whole and checked before anything
is written; every problem is reported with its row, and the old list stays as it was. The list
then travels to villages in setup files and return bundles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .villages import area_users

CODE_HEADERS = ("统计用区划代码", "区划代码", "代码", "code")
NAME_HEADERS = ("名称", "村名称", "乡镇名称", "name")


@dataclass(frozen=True)
class AreaProblem:
    row: int
    column: str
    zh: str
    en: str

    def one_line(self) -> str:
        return f"[row {self.row}, column {self.column}] {self.zh} / {self.en}"


class AreaSheetError(InputError):
    """The sheet cannot be used; `problems` lists every reason with its row."""

    code = "area_sheet"

    def __init__(self, path: Path, problems: list[AreaProblem]) -> None:
        super().__init__(f"区划表有 {len(problems)} 处错误，未导入（原列表未改动）",
                         f"the area sheet has {len(problems)} problem(s); nothing was imported "
                         "(the old list is unchanged)", where=str(path))
        self.problems = problems


def _header(values: tuple[Any, ...], names: tuple[str, ...]) -> int | None:
    for i, v in enumerate(values):
        if str(v or "").strip().lower() in names:
            return i
    return None


def read_area_sheet(path: Path, county: str, listed: frozenset[str] = frozenset()
                    ) -> list[dict[str, Any]]:
    """Townships (9 digits) and villages (12 digits) of `county` from the first sheet whose
    header row names a code and a name column; raises AreaSheetError with every problem. A
    village's township must be in the sheet or among the codes already `listed`."""
    import openpyxl  # start-up: only when a sheet is read

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise InputError(f"无法读取 Excel 文件：{exc}", f"cannot read the Excel file: {exc}",
                         where=str(path)) from None
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    problems: list[AreaProblem] = []
    start = code_col = name_col = None
    for i, values in enumerate(rows[:10]):
        code_col, name_col = _header(values, CODE_HEADERS), _header(values, NAME_HEADERS)
        if code_col is not None and name_col is not None:
            start = i + 1
            break
    if start is None or code_col is None or name_col is None:
        raise AreaSheetError(path, [AreaProblem(1, "", "找不到表头：需要“区划代码”和“名称”两列",
                                                "no header row with a code and a name column")])
    letter = lambda i: chr(ord("A") + i)  # noqa: E731
    areas: dict[str, dict[str, Any]] = {}
    for offset, values in enumerate(rows[start:], start=start + 1):
        raw_code = values[code_col] if code_col < len(values) else None
        raw_name = values[name_col] if name_col < len(values) else None
        if raw_code in (None, "") and raw_name in (None, ""):
            continue
        code = re.sub(r"\s", "", str(int(raw_code) if isinstance(raw_code, float) else raw_code or ""))
        name = str(raw_name or "").strip()
        if not re.fullmatch(r"\d{9}|\d{12}", code):
            problems.append(AreaProblem(offset, letter(code_col), f"代码“{code}”应为9位（乡镇）或12位（村）数字",
                                        f"code {code!r} must have 9 (township) or 12 (village) digits"))
            continue
        if not code.startswith(county):
            problems.append(AreaProblem(offset, letter(code_col), f"代码 {code} 不属于本县 {county}",
                                        f"code {code} is not in this county {county}"))
        if not name:
            problems.append(AreaProblem(offset, letter(name_col), f"代码 {code} 缺少名称",
                                        f"code {code} has no name"))
        if code in areas:
            problems.append(AreaProblem(offset, letter(code_col), f"代码 {code} 重复（第 {areas[code]['row']} 行已有）",
                                        f"code {code} repeats row {areas[code]['row']}"))
            continue
        level = "township" if len(code) == 9 else "village"
        areas[code] = {"code": code, "name": name, "level": level,
                       "parent_code": code[:9] if level == "village" else county, "row": offset}
    for a in areas.values():
        if a["level"] == "village" and a["parent_code"] not in areas \
                and a["parent_code"] not in listed:
            problems.append(AreaProblem(a["row"], letter(code_col),
                                        f"村 {a['code']} 所属乡镇 {a['parent_code']} 不在表中",
                                        f"village {a['code']}: township {a['parent_code']} is "
                                        "not in the sheet"))
    if not areas and not problems:
        problems.append(AreaProblem(start + 1, "", "表中没有任何乡镇或村", "the sheet lists no areas"))
    if problems:
        raise AreaSheetError(path, sorted(problems, key=lambda p: p.row))
    return [{k: v for k, v in a.items() if k != "row"} for a in sorted(areas.values(),
                                                                         key=lambda a: a["code"])]


def import_areas(store, path: Path, *, remove_missing: bool = False  # noqa: ANN001 - Store
                 ) -> dict[str, Any]:
    """Add the sheet's townships and villages to the county's list and rename those whose
    name changed, in one transaction. A sheet of townships only leaves the villages as they
    are. With `remove_missing`, areas the sheet does not list are removed too — refused,
    changing nothing, while one still has households, enrolled devices or listed villages.
    Returns the sheet's counts and what changed: `added` and `removed` areas, `renamed`
    (code, old name, new name)."""
    store.sync.require_role("county")
    current = {a.code: {"code": a.code, "name": a.name, "level": a.level,
                        "parent_code": a.parent_code} for a in store.sync.areas()}
    sheet = read_area_sheet(Path(path), store.workspace.code, frozenset(current))
    listed = {a["code"]: a for a in sheet}
    added = [a for a in sheet if a["code"] not in current]
    renamed = [(c, current[c]["name"], a["name"]) for c, a in listed.items()
               if c in current and current[c]["name"] != a["name"]]
    removed = [a for c, a in current.items() if c not in listed] if remove_missing else []
    held = []
    for a in removed:
        households, devices, villages = area_users(store, a["code"])
        villages = [v for v in villages if v not in {r["code"] for r in removed}]
        if households or devices or villages:
            held.append(AreaProblem(0, "", f"{a['code']} {a['name']}：还有 {households} 户、"
                                    f"{devices} 台设备、{len(villages)} 个村，不能删除",
                                    f"{a['code']} {a['name']}: still has {households} "
                                    f"household(s), {devices} device(s), {len(villages)} "
                                    "village(s); it cannot be removed"))
    if held:
        raise AreaSheetError(Path(path), held)
    if added or renamed or removed:
        keep = {c: a for c, a in current.items() if c not in {r["code"] for r in removed}}
        keep.update(listed)
        store.sync.set_areas(sorted(keep.values(), key=lambda a: a["code"]))
    return {"townships": sum(a["level"] == "township" for a in sheet),
            "villages": sum(a["level"] == "village" for a in sheet),
            "added": added, "renamed": renamed, "removed": removed}
