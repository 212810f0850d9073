"""The households each village must visit, as a list (issue 18), and which are visited.

The county usually has the police station's 户籍 list, one row per household (or per
person, with a 与户主关系 column): the village, the 户编号 when it has one, the head's name
and ID number, the 村民小组. `import_expected_list` reads it (.xlsx, or .csv in UTF-8 or
GBK), header names found like the area import finds them (sync/areas.py), checks every row
before anything is written (problems named by row and column; nothing changes if any), and
replaces the list of each village it names (other villages keep theirs). Each row keeps
its file and row.

`visits` matches the list to the captured households of a village, each household used
once: by the head's ID number (any member of the household holding it: a head who died is
replaced, the number stays in the family), else by 户编号, else by the head's name when
exactly one household of the village has a head of that name. What remains unmatched is
the not-yet-visited list (docs/decisions.md 35).

When a village has a list, its expected number (`sync.areas.expected_households`) is the
list's length; a number typed or imported for it is kept but not used until the list goes
(decision 35).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from mopai.forms import idnumber

from .areas import (
    EXPECTED_FILE_BYTES,
    EXPECTED_ROWS,
    PROBLEMS_SHOWN,
    TOWNSHIP_HEADERS,
    VILLAGE_CODE_HEADERS,
    VILLAGE_NAME_HEADERS,
    AreaProblem,
    AreaSheetError,
)
from .errors import InputError, checked_size
from .models import ExpectedHousehold, Household, Member
from .record import utc_now

NO_HEADERS = ("户编号", "户号", "户籍号", "household_no")
HEAD_HEADERS = ("户主姓名", "户主", "姓名", "head_name", "name")
ID_HEADERS = ("户主身份证号", "户主身份证号码", "身份证号", "身份证号码", "公民身份号码",
              "证件号码", "id_number")
GROUP_HEADERS = ("村民小组", "组", "小组", "村组", "group")
RELATION_HEADERS = ("与户主关系", "关系", "relation")
HEAD_RELATIONS = ("户主", "本人", "head")
HEADER_ROWS = 10
TEXT_MAX = 64


@dataclass(frozen=True)
class ListedHousehold:
    village_code: str
    household_no: str
    head_name: str
    id_number: str
    group_name: str
    source_row: int


class ExpectedListError(AreaSheetError):
    """A 户籍 list that cannot be used; `problems` lists every reason with its row."""

    def __init__(self, path: Path, problems: list[AreaProblem]) -> None:
        InputError.__init__(self, f"户籍名单有 {len(problems)} 处错误，未导入（原名单未改动）",
                            f"the household list has {len(problems)} problem(s); nothing was "
                            "imported (the lists kept are unchanged)", where=str(path))
        self.problems = problems


def _norm(value: Any) -> str:
    return re.sub(r"\s", "", str(value or "")).lower()


def _find(values: Iterable[Any], names: Iterable[str]) -> int | None:
    found = {_norm(v): i for i, v in reversed(list(enumerate(values)))}
    return next((found[n] for n in names if n in found), None)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _rows_of(path: Path) -> Iterable[tuple[Any, ...]]:
    """The first sheet's rows (.xlsx) or the file's (.csv: UTF-8, with or without BOM, else
    GBK — what Excel on Chinese Windows saves)."""
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError("CSV 文件既不是 UTF-8 也不是 GBK 编码",
                                 "the CSV file is neither UTF-8 nor GBK", where=str(path)) from None
        return [tuple(r) for r in csv.reader(io.StringIO(text, newline=""))]
    import openpyxl  # start-up: only when a sheet is read

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise InputError(f"无法读取 Excel 文件（支持 .xlsx 和 .csv）：{exc}",
                         f"cannot read the Excel file (.xlsx and .csv are read): {exc}",
                         where=str(path)) from None
    try:
        return list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def read_expected_list(path: Path, villages: Mapping[str, str], *, village: str = ""
                       ) -> list[ListedHousehold]:
    """The households a 户籍 list names, of `villages` (code -> name; with `village`, every
    row is of that village unless the list says otherwise). Raises ExpectedListError
    naming every bad row; nothing is returned in part."""
    from openpyxl.utils import get_column_letter as letter

    path = Path(path)
    checked_size(path, EXPECTED_FILE_BYTES)
    rows = _rows_of(path)
    header = None
    for start, values in enumerate(rows[:HEADER_ROWS]):
        cols = {k: _find(values, names) for k, names in (
            ("code", VILLAGE_CODE_HEADERS), ("vname", VILLAGE_NAME_HEADERS),
            ("township", TOWNSHIP_HEADERS), ("no", NO_HEADERS), ("head", HEAD_HEADERS),
            ("id", ID_HEADERS), ("group", GROUP_HEADERS), ("relation", RELATION_HEADERS))}
        if (cols["no"], cols["head"], cols["id"]) != (None, None, None) and (
                village or cols["code"] is not None or cols["vname"] is not None):
            header = start, cols
            break
    if header is None:
        raise ExpectedListError(path, [AreaProblem(1, "", (
            "找不到表头：需要“户主”“身份证号”或“户编号”列，以及“村代码”或“行政村”列（或用 --village 指定村）"),
            "no header row: a 户主, 身份证号 or 户编号 column, and a 村代码 or 行政村 column "
            "(or name the village with --village)")])
    start, cols = header
    by_name: dict[str, list[str]] = {}
    for code, name in villages.items():
        by_name.setdefault(name, []).append(code)
    problems: list[AreaProblem] = []
    found: list[ListedHousehold] = []
    first: dict[tuple[str, str], int] = {}

    def cell(values: tuple[Any, ...], key: str) -> str:
        col = cols[key]
        return _text(values[col]) if col is not None and col < len(values) else ""

    def problem(row: int, key: str | None, zh: str, en: str) -> None:
        col = cols.get(key) if key else None
        problems.append(AreaProblem(row, letter(col + 1) if col is not None else "", zh, en))

    def village_of(values: tuple[Any, ...], row: int) -> str | None:
        code, name = cell(values, "code"), cell(values, "vname")
        if not code and not name:
            if village:
                return village
            problem(row, "code" if cols["code"] is not None else "vname", "缺少村代码或村名",
                    "no village code or name")
            return None
        if code:
            if code in villages:
                return code
            problem(row, "code", f"村代码“{code[:20]}”不在本工作区的村名单中",
                    f"village code {code[:20]!r} is not a village of this workspace")
            return None
        candidates = by_name.get(name, [])
        town = cell(values, "township")
        if town and len(candidates) > 1:
            candidates = [c for c in candidates if town in (c[:9],)]
        if len(candidates) == 1:
            return candidates[0]
        problem(row, "vname", f"村名“{name[:30]}”" + ("不在村名单中" if not candidates else
                                                    "在名单中不止一个，请改用村代码"),
                f"village {name[:30]!r} is " + ("not in the list of villages" if not candidates
                                               else "ambiguous; use the code"))
        return None

    for row, values in enumerate(rows[start + 1:], start=start + 2):
        if len(problems) >= PROBLEMS_SHOWN:
            problems.append(AreaProblem(row, "", "错误太多，后面的行未检查",
                                        "too many problems; the rows after this were not checked"))
            break
        if all(_text(v) == "" for v in values):
            continue
        if len(found) >= EXPECTED_ROWS:
            problem(row, None, f"超过 {EXPECTED_ROWS} 行", f"more than {EXPECTED_ROWS} rows")
            break
        relation = cell(values, "relation")
        if cols["relation"] is not None and relation not in HEAD_RELATIONS:
            continue  # a person's row of a per-person list: the household is its head's row
        code = village_of(values, row)
        no, head, group = cell(values, "no"), cell(values, "head"), cell(values, "group")
        raw_id = cell(values, "id")
        id_number = idnumber.normalize(raw_id) if raw_id else ""
        if id_number and not idnumber.inspect(id_number).ok:
            problem(row, "id", f"身份证号“{raw_id[:20]}”不正确（位数或校验码不对）",
                    f"the ID number {raw_id[:20]!r} is invalid (length or check character)")
            continue
        if not (no or head or id_number):
            problem(row, "head", "该行没有户编号、户主姓名或身份证号", "the row has no 户编号, "
                    "head's name or ID number")
            continue
        if any(len(t) > TEXT_MAX for t in (no, head, group)):
            problem(row, None, f"有文字超过 {TEXT_MAX} 个字符", f"a cell is longer than {TEXT_MAX} "
                    "characters")
            continue
        if code is None:
            continue
        key = (code, f"id:{id_number}" if id_number else f"no:{no}" if no else f"name:{head}")
        if key in first:
            problem(row, "id" if id_number else "no" if no else "head",
                    f"与第 {first[key]} 行是同一户", f"the same household as row {first[key]}")
            continue
        first[key] = row
        found.append(ListedHousehold(code, no, head, id_number, group, row))
    if not found and not problems:
        problems.append(AreaProblem(start + 2, "", "名单中没有任何户", "the list names no household"))
    if problems:
        raise ExpectedListError(path, problems)
    return found


def _villages(store: Any) -> dict[str, str]:
    """The villages this workspace may set a list for: a county's or township's listed
    villages (of its own township), a village its own."""
    ws = store.workspace
    if ws.role == "village":
        return {ws.code: ""}
    return {a.code: a.name for a in store.sync.areas()
            if a.level == "village" and a.code.startswith(ws.code)}


def import_expected_list(store: Any, path: Path, *, village: str = "") -> dict[str, int]:
    """Replace the lists of the villages a 户籍 list names (all or nothing, audited);
    returns village code -> households listed."""
    villages = _villages(store)
    if village and village not in villages:
        raise InputError(f"村 {village} 不在本工作区的村名单中",
                         f"village {village} is not a village of this workspace", where=village)
    if store.workspace.role == "village":
        village = store.workspace.code
    path = Path(path)
    listed = read_expected_list(path, villages, village=village)
    counts: dict[str, int] = {}
    for h in listed:
        counts[h.village_code] = counts.get(h.village_code, 0) + 1
    at, user = utc_now(), store.user or ""
    table = ExpectedHousehold.__table__
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        conn.execute(delete(table).where(table.c.village_code.in_(sorted(counts))))
        for i in range(0, len(listed), 5000):
            conn.execute(insert(table), [{
                "village_code": h.village_code, "household_no": h.household_no,
                "head_name": h.head_name, "id_number": h.id_number, "group_name": h.group_name,
                "source": path.name[:200], "source_row": h.source_row, "imported_by": user,
                "imported_at": at} for h in listed[i:i + 5000]])
        store.audit.log_in(conn, "expected_list", user, source=path.name[:200],
                           villages=len(counts), households=len(listed))
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Visit:
    """One listed household and what was captured of it (uuid None: not yet visited)."""

    village_code: str
    household_no: str
    head_name: str
    id_number: str
    group_name: str
    source: str
    source_row: int
    uuid: str | None = None
    status: str | None = None       # the captured household's: draft | complete
    matched_by: str = ""            # id_number | household_no | head_name


def visits(store: Any, area: str = "") -> list[Visit]:
    """Every listed household of the villages under `area`, matched to the captured
    households (module docstring), in village, 村民小组 and row order."""
    table = ExpectedHousehold.__table__
    with store.engine.connect() as conn:
        listed = conn.execute(select(
            table.c.village_code, table.c.household_no, table.c.head_name, table.c.id_number,
            table.c.group_name, table.c.source, table.c.source_row)
            .where(table.c.village_code.like(f"{area}%"))
            .order_by(table.c.village_code, table.c.source_row)).all()
        codes = sorted({r[0] for r in listed})
        households: dict[str, list[tuple[str, str, str, str]]] = {}
        ids: dict[str, dict[str, str]] = {}
        for i in range(0, len(codes), 200):
            part = codes[i:i + 200]
            for code, uuid, no, head, status in conn.execute(select(
                    Household.village_code, Household.uuid, Household.household_no,
                    Household.head_name, Household.status)
                    .where(Household.village_code.in_(part))):
                households.setdefault(code, []).append((uuid, no, head, status))
            for code, uuid, number in conn.execute(
                    select(Household.village_code, Household.uuid, Member.id_number)
                    .join(Member, Member.household_uuid == Household.uuid)
                    .where(Household.village_code.in_(part), Member.id_number.is_not(None))):
                ids.setdefault(code, {}).setdefault(idnumber.normalize(number), uuid)
    by_village: dict[str, list[Any]] = {}
    for r in listed:
        by_village.setdefault(r[0], []).append(r)
    out: list[Visit] = []
    for code in codes:
        rows = by_village[code]
        captured = households.get(code, [])
        status = {u: s for u, _n, _h, s in captured}
        by_no: dict[str, str] = {}
        by_head: dict[str, list[str]] = {}
        for uuid, no, head, _s in captured:
            by_no.setdefault(no, uuid)
            by_head.setdefault(head, []).append(uuid)
        used: set[str] = set()
        matched: dict[int, tuple[str, str]] = {}
        # in three passes, so that an ID match is never taken by a name match before it
        for how, key in (("id_number", 3), ("household_no", 1), ("head_name", 2)):
            for i, r in enumerate(rows):
                if i in matched or not r[key]:
                    continue
                if how == "id_number":
                    uuid = ids.get(code, {}).get(r[key])
                elif how == "household_no":
                    uuid = by_no.get(r[key])
                else:
                    same = [u for u in by_head.get(r[key], []) if u not in used]
                    uuid = same[0] if len(by_head.get(r[key], [])) == 1 and same else None
                if uuid is not None and uuid not in used:
                    used.add(uuid)
                    matched[i] = (uuid, how)
        for i, r in enumerate(rows):
            uuid, how = matched.get(i, (None, ""))
            out.append(Visit(*r, uuid=uuid, status=status.get(uuid) if uuid else None,
                             matched_by=how))
    return out


def missing(store: Any, area: str = "") -> list[Visit]:
    """The listed households of the villages under `area` not yet visited."""
    return [v for v in visits(store, area) if v.uuid is None]


# -- the list travels to the village in the county's return bundle -----------------------------
LINE_HOUSEHOLDS = 20_000   # households of one village's list in one bundle line, at most


def outgoing(conn: Any, target: str) -> list[dict[str, Any]]:
    """The lists of the villages a return bundle goes to (`target`: a village, or a township
    and its villages), one `expected` line each (docs/bundle-format.md): what the county
    imported, with when, so that the receiver keeps the newest."""
    table = ExpectedHousehold.__table__
    rows = conn.execute(select(
        table.c.village_code, table.c.household_no, table.c.head_name, table.c.id_number,
        table.c.group_name, table.c.source, table.c.source_row, table.c.imported_at)
        .where(table.c.village_code == target if len(target) != 9
               else table.c.village_code.like(f"{target}%"))
        .order_by(table.c.village_code, table.c.source_row)).all()
    lines: dict[str, dict[str, Any]] = {}
    for code, no, head, id_number, group, source, row, at in rows:
        line = lines.setdefault(code, {"t": "expected", "village": code, "at": at,
                                       "source": source, "households": []})
        line["at"] = max(line["at"], at)
        line["households"].append([no, head, id_number, group, row])
    return [line for line in lines.values() if len(line["households"]) <= LINE_HOUSEHOLDS]


def receive(conn: Any, store: Any, line: Mapping[str, Any]) -> bool:
    """Keep a village's list from a return bundle's `expected` line when it is newer than the
    one held; True when kept. A list of a village outside this workspace, or a malformed
    one, raises ValueError (the bundle is refused)."""
    ws = store.workspace
    code, at, source, rows = (line.get("village"), line.get("at"), line.get("source", ""),
                              line.get("households"))
    if not isinstance(code, str) or not (code == ws.code if ws.role == "village"
                                         else code.startswith(ws.code) and len(code) == 12):
        raise ValueError("expected: another area's list")
    if not isinstance(at, str) or len(at) > 40 or not isinstance(source, str) \
            or not isinstance(rows, list) or not 0 < len(rows) <= LINE_HOUSEHOLDS:
        raise ValueError("expected: malformed list")
    listed = []
    for r in rows:
        if not (isinstance(r, list) and len(r) == 5 and all(isinstance(t, str) and len(t)
                <= TEXT_MAX for t in r[:4]) and isinstance(r[4], int)):
            raise ValueError("expected: malformed household")
        if r[2] and (idnumber.normalize(r[2]) != r[2] or not idnumber.inspect(r[2]).ok):
            raise ValueError("expected: invalid ID number")
        listed.append(r)
    table = ExpectedHousehold.__table__
    held = conn.execute(select(table.c.imported_at).where(table.c.village_code == code)
                        .order_by(table.c.imported_at.desc()).limit(1)).scalar()
    if held is not None and held >= at:
        return False
    conn.execute(delete(table).where(table.c.village_code == code))
    conn.execute(insert(table), [{
        "village_code": code, "household_no": no, "head_name": head, "id_number": id_number,
        "group_name": group, "source": source[:200], "source_row": row,
        "imported_by": "county", "imported_at": at} for no, head, id_number, group, row in listed])
    store.audit.log_in(conn, "expected_list_received", store.user or "", village=code,
                       households=len(listed), source=source[:200])
    return True
