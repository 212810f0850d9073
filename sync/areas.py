"""The county's list of townships and villages, imported from an Excel sheet.

No public list of village codes newer than 2023 exists, so each county keeps its own
(domain.md). The county office usually has it as a spreadsheet: one row per township or
village with its 统计用区划代码 and name. The sheet is read whole and checked before anything
is written; every problem is reported with its row, and the old list stays as it was. The list
then travels to villages in setup files and return bundles.

The same office sets how many households each village should survey (survey progress,
issue 16): a number per village, typed or from a sheet of (村代码 or 行政村, 应调查户数), or
counted from its 户籍 list (one row per household, with the village). They live in their own
table (`expected`, schema 12), so an areas import that renames a village keeps its number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from .errors import InputError, checked_size
from .models import Expected, ExpectedHousehold
from .record import utc_now
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


# -- expected households per village (survey progress) ---------------------------------------
EXPECTED_MAX = 100_000              # households one village may be expected to have
EXPECTED_FILE_BYTES = 64 * 2**20    # a county's 户籍 list (600,000 people) is a few tens of MiB
EXPECTED_ROWS = 1_000_000           # rows read from one sheet, at most
PROBLEMS_SHOWN = 200                # a hostile sheet of bad rows gets this many, then "more"
VILLAGE_CODE_HEADERS = ("村代码", "村级代码", "村区划代码", "统计用区划代码", "区划代码", "代码",
                        "village_code")
VILLAGE_NAME_HEADERS = ("行政村", "村", "村名", "村名称", "所属村", "村委会", "village")
TOWNSHIP_HEADERS = ("乡镇", "乡镇名称", "所属乡镇", "乡（镇）", "乡(镇)", "township")
EXPECTED_HEADERS = ("应调查户数", "应调查", "应摸排户数", "应入户数", "expected_households")
HOUSEHOLD_HEADERS = ("户号", "户编号", "户籍号", "household_no")
REGISTER_HEADERS = HOUSEHOLD_HEADERS + ("户主", "户主姓名", "姓名", "身份证号", "身份证号码",
                                        "公民身份号码", "head")


def expected_households(store: Any) -> dict[str, int]:
    """Village code -> the households it should survey; villages without a number are absent.
    A village with a list of households (sync/expected.py) is expected to survey those: the
    list's length, whatever number was set for it (docs/decisions.md 35)."""
    with store.engine.connect() as conn:
        numbers = dict(conn.execute(select(Expected.village_code, Expected.households)).all())
    return {**numbers, **listed_counts(store)}


def listed_counts(store: Any) -> dict[str, int]:
    """Village code -> households on its list (villages with a list only; sync/expected.py)."""
    table = ExpectedHousehold.__table__
    with store.engine.connect() as conn:
        return dict(conn.execute(select(table.c.village_code, func.count())
                                 .group_by(table.c.village_code)).all())


def _scope(store: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The villages this workspace may set (a county: all listed; a township: its own), code ->
    name, and the listed townships' names."""
    if store.workspace.role not in ("county", "township"):
        raise InputError("只有县级或乡镇工作区能设置应调查户数",
                         "only a county or township workspace sets expected households")
    mine = store.workspace.code if store.workspace.role == "township" else ""
    areas = store.sync.areas()
    villages = {a.code: a.name for a in areas if a.level == "village" and a.code.startswith(mine)}
    townships = {a.code: a.name for a in areas if a.level == "township"}
    return villages, townships


def _count(value: Any) -> int | None:
    """A household count 0..EXPECTED_MAX from a cell (an integer, a whole float, digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer():
        n = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,7}\s*", value):
        n = int(value)
    else:
        return None
    return n if 0 <= n <= EXPECTED_MAX else None


def set_expected(store: Any, numbers: Mapping[str, int | None], *, source: str = "hand"
                 ) -> list[tuple[str, int | None, int | None]]:
    """Set (or, with None, clear) the expected households of listed villages, in one
    transaction, audited; refused whole, changing nothing, for a code that is not a listed
    village (of this township, in a township's workspace) or a number outside 0..100000.
    Returns what changed: (code, old, new), in code order."""
    villages, _ = _scope(store)
    for code, n in numbers.items():
        if code not in villages:
            raise InputError(f"村代码 {code} 不在本{'乡镇' if store.workspace.role == 'township' else '县'}"
                             "的村名单中，请先导入或添加该村",
                             f"village code {code} is not in the list of villages; import or add it "
                             "first", where=code)
        if n is not None and (isinstance(n, bool) or not isinstance(n, int)
                              or not 0 <= n <= EXPECTED_MAX):
            raise InputError(f"村 {code} 的应调查户数应为 0 到 {EXPECTED_MAX} 的整数，收到“{n}”",
                             f"expected households of {code} must be a whole number from 0 to "
                             f"{EXPECTED_MAX}, got {n!r}", where=code)
    table = Expected.__table__
    at = utc_now()
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        old = dict(conn.execute(select(table.c.village_code, table.c.households)).all())
        changes = [(c, old.get(c), n) for c, n in sorted(numbers.items()) if old.get(c) != n]
        if not changes:
            return []
        codes = [c for c, _o, _n in changes]
        for i in range(0, len(codes), 500):
            conn.execute(table.delete().where(table.c.village_code.in_(codes[i:i + 500])))
        rows = [{"village_code": c, "households": n, "source": source[:200], "set_by": store.user
                 or "", "set_at": at} for c, _o, n in changes if n is not None]
        if rows:
            conn.execute(insert(table), rows)
        store.audit.log_in(conn, "expected_set", store.user or "", source=source[:200],
                           villages=len(changes))
    return changes


class ExpectedSheetError(AreaSheetError):
    """A sheet of expected households that cannot be used; `problems` lists every reason."""

    code = "expected_sheet"

    def __init__(self, path: Path, problems: list[AreaProblem]) -> None:
        InputError.__init__(self, f"应调查户数表有 {len(problems)} 处错误，未导入（原有户数未改动）",
                            f"the sheet of expected households has {len(problems)} problem(s); "
                            "nothing was imported (the numbers kept are unchanged)",
                            where=str(path))
        self.problems = problems


@dataclass(frozen=True)
class ExpectedSheet:
    kind: str                       # "numbers" (应调查户数 per village) or "register" (户籍 list)
    numbers: dict[str, int]         # village code -> expected households
    rows: int                       # data rows read


def _find(values: tuple[Any, ...], names: Iterable[str]) -> int | None:
    wanted = set(names)
    for i, v in enumerate(values):
        if re.sub(r"\s", "", str(v or "")).lower() in wanted:
            return i
    return None


def read_expected_sheet(path: Path, villages: Mapping[str, str], townships: Mapping[str, str]
                        ) -> ExpectedSheet:
    """The expected households of the villages a sheet names. Which sheet it is comes from its
    header row (within the first 10 rows): a village column (村代码, or 行政村 with an optional
    乡镇 column to tell villages of the same name apart) and either 应调查户数 (one row per
    village) or a household column (户号, 户主, 姓名, 身份证号: a 户籍 list, one row per
    household, counted per village; with a 户号 column, rows repeating a village's 户号 count
    once). Only `villages` (code -> name) may be named. Raises an error listing every
    bad row with its column (ExpectedSheetError); nothing is returned in part."""
    import openpyxl  # start-up: only when a sheet is read
    from openpyxl.utils import get_column_letter

    path = Path(path)
    checked_size(path, EXPECTED_FILE_BYTES)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise InputError(f"无法读取 Excel 文件：{exc}", f"cannot read the Excel file: {exc}",
                         where=str(path)) from None
    try:
        return _read_expected(path, wb.worksheets[0].iter_rows(values_only=True), villages,
                              townships, get_column_letter)
    finally:
        wb.close()


def _read_expected(path: Path, rows: Iterable[tuple[Any, ...]], villages: Mapping[str, str],
                   townships: Mapping[str, str], letter: Any) -> ExpectedSheet:
    problems: list[AreaProblem] = []
    header = None
    it = iter(rows)
    seen = 0
    for values in it:
        seen += 1
        code_col = _find(values, VILLAGE_CODE_HEADERS)
        name_col = _find(values, VILLAGE_NAME_HEADERS)
        number_col = _find(values, EXPECTED_HEADERS)
        household_col = _find(values, HOUSEHOLD_HEADERS)
        if (code_col is not None or name_col is not None) and (
                number_col is not None or _find(values, REGISTER_HEADERS) is not None):
            header = (code_col, name_col, _find(values, TOWNSHIP_HEADERS), number_col,
                      household_col)
            break
        if seen >= 10:
            break
    if header is None:
        raise ExpectedSheetError(path, [AreaProblem(1, "", "找不到表头：需要“村代码”或“行政村”列，以及"
                                                "“应调查户数”列（户数表）或“户号”“户主”“姓名”等列（户籍名单）",
                                                "no header row: a 村代码 or 行政村 column, and "
                                                "应调查户数 (a sheet of numbers) or 户号/户主/姓名 "
                                                "(a 户籍 list)")])
    code_col, name_col, township_col, number_col, household_col = header
    kind = "numbers" if number_col is not None else "register"
    by_name: dict[str, list[str]] = {}
    for code, name in villages.items():
        by_name.setdefault(name, []).append(code)

    def cell(values: tuple[Any, ...], col: int | None) -> Any:
        return values[col] if col is not None and col < len(values) else None

    def text(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return re.sub(r"\s", "", str(value if value is not None else ""))

    def village_of(values: tuple[Any, ...], row: int) -> str | None:
        if code_col is not None and text(cell(values, code_col)):
            code = text(cell(values, code_col))
            if code in villages:
                return code
            zh = (f"村代码“{code[:20]}”应为12位数字" if not re.fullmatch(r"\d{12}", code)
                  else f"村代码 {code} 不在村名单中（请先导入乡镇和村名单）")
            en = (f"village code {code[:20]!r} must have 12 digits" if not re.fullmatch(
                r"\d{12}", code) else f"village code {code} is not in the list of villages")
            problems.append(AreaProblem(row, letter(code_col + 1), zh, en))
            return None
        name = text(cell(values, name_col))
        col = name_col if name_col is not None else code_col
        if not name:
            problems.append(AreaProblem(row, letter(col + 1), "缺少村代码或村名",
                                        "no village code or name"))
            return None
        candidates = by_name.get(name, [])
        town = text(cell(values, township_col))
        if town and len(candidates) > 1:
            candidates = [c for c in candidates if town in (c[:9], townships.get(c[:9], ""))]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            problems.append(AreaProblem(row, letter(col + 1), f"村名“{name[:30]}”不在村名单中",
                                        f"village {name[:30]!r} is not in the list of villages"))
        else:
            problems.append(AreaProblem(row, letter(col + 1),
                                        f"村名“{name}”在名单中有 {len(candidates)} 个（"
                                        f"{'、'.join(candidates)}），请改用村代码或填写乡镇",
                                        f"{len(candidates)} villages are named {name!r} "
                                        f"({', '.join(candidates)}): use the code or a 乡镇 column"))
        return None

    numbers: dict[str, int] = {}
    first_row: dict[str, int] = {}
    households: dict[str, set[str]] = {}
    counted: Counter[str] = Counter()
    data_rows = 0
    for row, values in enumerate(it, start=seen + 1):
        if len(problems) >= PROBLEMS_SHOWN:
            problems.append(AreaProblem(row, "", "错误太多，后面的行未检查",
                                        "too many problems; the rows after this were not checked"))
            break
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        data_rows += 1
        if data_rows > EXPECTED_ROWS:
            problems.append(AreaProblem(row, "", f"表中超过 {EXPECTED_ROWS} 行，未导入",
                                        f"the sheet has more than {EXPECTED_ROWS} rows"))
            break
        code = village_of(values, row)
        if kind == "numbers":
            n = _count(cell(values, number_col))
            if n is None:
                raw = str(cell(values, number_col) if cell(values, number_col) is not None else "")
                problems.append(AreaProblem(row, letter(number_col + 1),
                                            f"应调查户数“{raw[:20]}”应为 0 到 {EXPECTED_MAX} 的整数",
                                            f"expected households {raw[:20]!r} must be a whole "
                                            f"number from 0 to {EXPECTED_MAX}"))
            elif code is not None and code in numbers:
                problems.append(AreaProblem(row, letter((code_col if code_col is not None
                                                         else name_col) + 1),
                                            f"村 {code} 重复（第 {first_row[code]} 行已有）",
                                            f"village {code} repeats row {first_row[code]}"))
            elif code is not None:
                numbers[code], first_row[code] = n, row
        elif code is not None:
            if household_col is None:
                counted[code] += 1
                continue
            no = text(cell(values, household_col))
            if not no:
                problems.append(AreaProblem(row, letter(household_col + 1), "缺少户号",
                                            "no household number"))
                continue
            households.setdefault(code, set()).add(no[:64])
    if kind == "register":
        counted.update({c: len(nos) for c, nos in households.items()})
        for code, n in counted.items():
            if n > EXPECTED_MAX:
                problems.append(AreaProblem(0, "", f"村 {code} 有 {n} 户，超过 {EXPECTED_MAX}",
                                            f"village {code} has {n} households, more than "
                                            f"{EXPECTED_MAX}"))
        numbers = dict(counted)
    if not numbers and not problems:
        problems.append(AreaProblem(seen + 1, "", "表中没有任何村", "the sheet names no village"))
    if problems:
        raise ExpectedSheetError(path, problems)
    return ExpectedSheet(kind, dict(sorted(numbers.items())), data_rows)


def import_expected(store: Any, path: Path) -> dict[str, Any]:
    """Set the expected households of the villages a sheet names (read_expected_sheet), all
    or nothing; villages it does not name keep theirs. Returns the sheet's kind, its rows, the
    villages it names and what changed: (code, name, old, new)."""
    villages, townships = _scope(store)
    sheet = read_expected_sheet(Path(path), villages, townships)
    changes = set_expected(store, sheet.numbers, source=Path(path).name)
    return {"kind": sheet.kind, "rows": sheet.rows, "villages": len(sheet.numbers),
            "changed": [(c, villages.get(c, ""), old, new) for c, old, new in changes]}
