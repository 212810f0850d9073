"""Importing a ledger the county already has (`mopai ledger import`, the app's 导入台账 wizard).

Three steps, each a function, so the command line and the wizard share them:

1. `read` opens the file, finds the sheet and header (sync/ledger_read.py) and proposes a
   mapping (sync/ledger_map.py): a saved one of the same shape, else by the headers.
2. `preview` reads every row under the mapping and builds the households — new ones, and
   updates of households the store holds (same 户编号 in the village, or a member's ID number)
   with what each update would overwrite — and every problem by sheet, row and column. Nothing
   is written.
3. `apply` saves them through the same path as the editor (`store.households.save_many`: the
   schema, the form's checks, a revision each, drafts keeping every answer) in ONE
   transaction. A problem anywhere refuses the whole file unless the caller accepts importing
   only the sound households; the rejected rows can be written to a workbook with the reason
   beside each (`write_rejected`).

Rows become households in one of two layouts, one row per person or one per household
(sync/ledger_rows.py, which also finds each row's village and converts its cells).

A blank cell never removes an answer the store holds: a ledger cannot say "no answer" apart
from "not written down". Derived questions (性别, 出生日期, 年龄 from the ID number) are not
imported: the form computes them. Each saved revision is marked with the file, sheet and rows
it came from in `revision_source` ("旧台账.xlsx:摸底:5-8"), as `mopai records import` marks
its lines: beside the record, not in it, so the record has no key an older Mopai would refuse
and the mark stays on the machine that imported (docs/decisions.md 40). The audit log says
who imported what file.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from mopai.forms import ledger_terms
from mopai.forms.findings import CONFIRMATIONS
from mopai.forms.model import Form

from .errors import InputError, Where
from .households import Changes
from .ledger_map import Mapping, propose
from .ledger_read import Header, LedgerFile, column_letter, opened
from .ledger_rows import Builder, Overwrite, Planned, Problem
from .models import Household, Member

LEDGER_IMPORT = "ledger_import"  # the audit event
MAPPINGS = "ledger-mappings"     # the workspace folder of saved mappings
MATCH_BATCH = 1000               # stored households read at a time to compare with the file
Progress = Callable[[int, int, str], None]


@dataclass
class Ledger:
    """An open ledger file, its header, and the proposed (or given) mapping."""

    path: Path
    file: LedgerFile
    header: Header
    mapping: Mapping
    form: Form

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def unmatched(self) -> list[int]:
        """Columns with a header and no target: the ones to look at first."""
        return [i for i, (h, t) in enumerate(zip(self.header.titles, self.mapping.columns,
                                                   strict=True)) if h and t is None]


@dataclass
class Preview:
    ledger: Ledger
    households: list[Planned]
    stray: list[Problem]                       # rows that belong to no household
    unknown: dict[str, dict[str, int]]         # target -> spelling -> rows, to ask once
    people: int = 0

    @property
    def problems(self) -> list[Problem]:
        found = [p for h in self.households for p in h.problems] + self.stray
        return sorted(found, key=lambda p: (p.row, p.column))

    @property
    def sound(self) -> list[Planned]:
        return [h for h in self.households if h.sound]

    @property
    def new(self) -> list[Planned]:
        return [h for h in self.sound if h.existing is None]

    @property
    def updated(self) -> list[Planned]:
        return [h for h in self.sound if h.existing is not None and h.changed]

    @property
    def unchanged(self) -> list[Planned]:
        return [h for h in self.sound if h.existing is not None and not h.changed]

    @property
    def overwrites(self) -> list[Overwrite]:
        return [o for h in self.updated for o in h.overwrites]

    def rejected_rows(self) -> dict[int, str]:
        """Row -> the reasons it is not imported (every row of a household with a problem)."""
        out: dict[int, list[str]] = {}
        for h in self.households:
            if h.problems:
                said = "；".join(dict.fromkeys(p.line() for p in h.problems))
                for r in h.rows:
                    out.setdefault(r, []).append(said)
        for p in self.stray:
            out.setdefault(p.row, []).append(p.line())
        return {r: "；".join(dict.fromkeys(v)) for r, v in sorted(out.items())}


# -- 1. reading -------------------------------------------------------------------------------
def saved_mappings(home: Path, form: Form) -> list[Mapping]:
    folder = Path(home) / MAPPINGS
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            out.append(Mapping.load(path, form))
        except InputError:
            continue  # a mapping the form no longer fits: proposed from the headers instead
    return out


def remember_mapping(home: Path, mapping: Mapping) -> Path:
    """Keep `mapping` in the workspace for the next file of the same shape."""
    digest = hashlib.sha256(json.dumps(ledger_terms.signature(mapping.headers),
                                       ensure_ascii=False).encode()).hexdigest()[:16]
    folder = Path(home) / MAPPINGS
    folder.mkdir(exist_ok=True)
    path = folder / f"{digest}.json"
    mapping.save(path)
    return path


def read(path: Path, form: Form, *, mapping: Mapping | None = None, sheet: str | None = None,
         saved: list[Mapping] = ()) -> Ledger:  # type: ignore[assignment]
    """Open `path`, find its header, and propose a mapping (or check the one given fits)."""
    path = Path(path)
    file = LedgerFile(path)
    try:
        header = file.find_header(ledger_terms.header_index(form), sheet)
        headers = list(header.titles)
        if mapping is not None:
            if not mapping.same_shape(headers):
                raise InputError(
                    "对应关系文件的列与台账的列不一致：" + _shape_difference(mapping.headers, headers),
                    "the mapping's columns are not the ledger's: "
                    + _shape_difference(mapping.headers, headers), where=Where(file=str(path)))
            chosen = mapping
        else:
            chosen = propose(form, headers, list(saved))
        return Ledger(path, file, header, chosen, form)
    except BaseException:
        file.close()
        raise


def _shape_difference(a: list[str], b: list[str]) -> str:
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "（无）"
        y = b[i] if i < len(b) else "（无）"
        if ledger_terms.loose(x) != ledger_terms.loose(y):
            return f"第 {i + 1} 列是“{y}”，对应关系中是“{x}”"
    return ""


# -- 2. the preview ----------------------------------------------------------------------------
def preview(store: Any, ledger: Ledger, *, village: str | None = None, county: bool = False,
            progress: Progress | None = None) -> Preview:
    """Read every row of the ledger under its mapping; write nothing."""
    if (village is None) == (not county):
        raise InputError("请指定 --village 村代码 或 --county（二选一）",
                         "give either --village CODE or --county")
    if village is not None and not (len(village) == 12 and village.isdigit()):
        raise InputError(f"村代码应为12位数字：{village}", f"a village code has 12 digits: {village}")
    role = store.workspace.role
    if role == "village" and (county or village != store.workspace.code):
        raise InputError(f"本机是 {store.workspace.code} 村的，只能导入本村的台账",
                         "a village laptop imports its own village's ledger only")
    if county and ledger_terms.VILLAGE not in ledger.mapping.columns:
        raise InputError("全县导入需要“行政村”列（名称或12位代码）：请在对应关系中指定",
                         "a county import needs a village column: map one")
    if not {"member.name", ledger_terms.HEAD_NAME} & set(ledger.mapping.columns):
        raise InputError("台账中没有“姓名”或“户主姓名”列：请在对应关系中指定哪一列是姓名",
                         "the ledger has no name column (姓名 or 户主姓名): map one")
    b = Builder(store, ledger, village)
    current: Planned | None = None
    header = ledger.header
    for number, row in ledger.file.rows(header.sheet, header.first_data_row):
        filled = [v for v in row[:header.width] if v is not None and str(v).strip()]
        if (len(filled) < 2 or str(filled[0]).strip() in ("合计", "总计", "小计")
                or all(isinstance(v, str) and v.strip()[-1:] in "：:" for v in filled)):
            current = None  # a blank line, a note or a signature line ends the household above
            continue
        current = b.add_row(number, tuple(row[:header.width]), current)
        if progress is not None and number % 1000 == 0:
            progress(number, 0, "")
    result = Preview(ledger, b.order, b.stray, b.unknown, b.people)
    _number_and_match(store, result)
    return result


def _number_and_match(store: Any, result: Preview) -> None:
    """Give households without a 户编号 the next free ones, find the households the store
    already holds, flag ID numbers used twice, and settle each household's state."""
    villages = {h.village for h in result.households}
    by_no: dict[tuple[str, str], str] = {}
    by_id: dict[str, str] = {}
    top: dict[str, int] = {}
    with store.engine.connect() as conn:
        for v, no, uuid in conn.execute(select(Household.village_code, Household.household_no,
                                               Household.uuid)):
            if v in villages:
                by_no[(v, no)] = uuid
                if no.isdigit():
                    top[v] = max(top.get(v, 0), int(no))
        for number, uuid in conn.execute(select(Member.id_number, Member.household_uuid)
                                         .where(Member.id_number.is_not(None))):
            by_id[number] = uuid
    for h in result.households:
        no = h.state["fields"].get("household_no")
        if no and str(no).isdigit():
            top[h.village] = max(top.get(h.village, 0), int(no))
    seen_ids: dict[str, int] = {}
    matched: dict[str, Planned] = {}
    for h in result.households:
        fields = h.state["fields"]
        if not fields.get("household_no"):
            top[h.village] = top.get(h.village, 0) + 1
            fields["household_no"] = f"{top[h.village]:04d}"
        for m, r in zip(h.state["members"], h.member_rows, strict=True):
            number = m["fields"].get("id_number")
            if not number:
                continue
            if number in seen_ids:
                h.problems.append(Problem(result.ledger.header.sheet, r, _id_column(result),
                                          "duplicate_id", f"证件号码 {number} 在第 {seen_ids[number]} 行已出现",
                                          f"ID number {number} was already on row {seen_ids[number]}",
                                          number))
            else:
                seen_ids[number] = r
        candidates = {by_no[(h.village, fields["household_no"])]} if (
            h.village, fields["household_no"]) in by_no else set()
        candidates |= {by_id[m["fields"]["id_number"]] for m in h.state["members"]
                       if m["fields"].get("id_number") in by_id}
        if len(candidates) > 1:
            h.problems.append(Problem(result.ledger.header.sheet, h.rows[0], "", "ambiguous",
                                      "这一户的户编号和证件号码对应库中不同的户，请核对",
                                      "the household's number and ID numbers match different "
                                      "households in the store"))
        elif candidates:
            uuid = candidates.pop()
            if uuid in matched:
                h.problems.append(Problem(result.ledger.header.sheet, h.rows[0], "", "ambiguous",
                                          f"这一户与第 {matched[uuid].rows[0]} 行的户对应库中同一户",
                                          "two households of the file match one in the store"))
            else:
                matched[uuid] = h
    found = list(matched.items())
    for start in range(0, len(found), MATCH_BATCH):  # the stored records read in parts (memory)
        part = found[start:start + MATCH_BATCH]
        existing = store.households.get_many([uuid for uuid, _ in part])
        for uuid, h in part:
            old = existing.get(uuid)
            if old is None:
                continue
            if old["fields"].get("village_code") != h.village:
                h.problems.append(Problem(
                    result.ledger.header.sheet, h.rows[0], "", "other_village",
                    f"这一户的成员已登记在 {old['fields'].get('village_code')} 村"
                    f"（户编号 {old['fields'].get('household_no')}）",
                    "the household is already recorded in another village"))
                continue
            _update(result.ledger.form, h, old)
    catalog = store.forms.catalog()  # once: `store.forms.validate` asks the store each time
    for h in result.households:
        if h.existing is None:
            h.state["status"] = _status(catalog, h.state)


def _id_column(result: Preview) -> str:
    cols = result.ledger.mapping.columns
    for target in ("member.id_number", ledger_terms.HEAD_ID):
        if target in cols:
            i = cols.index(target)
            return f"{column_letter(i)} {result.ledger.header.titles[i]}"
    return ""


def _status(catalog: Any, state: dict[str, Any]) -> str:
    """complete when the form finds no error, else a draft that keeps every answer."""
    errors = [f for f in catalog.validate(state) if f.severity == "error"]
    return "draft" if errors else "complete"


def _update(form: Form, h: Planned, old: dict[str, Any]) -> None:
    """`h` as an update of `old`: the file's answers over the stored ones (a blank cell keeps
    what is stored), members matched by ID number, else by name; new members appended."""
    new = copy.deepcopy(old)
    no = str(old["fields"].get("household_no") or "")
    changes: list[Overwrite] = []

    def put(target: dict[str, Any], values: dict[str, Any], who: str, questions: Any) -> None:
        for name, value in values.items():
            before = target.get(name)
            if before == value:
                continue
            if name == "household_no" and before:
                continue  # matched by ID number: the store's number stays
            if before not in (None, "", []):
                q = questions.get(name)
                changes.append(Overwrite(no, who, q.label.get() if q else name,
                                         _shown(q, before), _shown(q, value)))
            target[name] = value

    def put_reasons(target: dict[str, Any], reasons: dict[str, str] | None, who: str,
                    questions: Any) -> None:
        """The file's reasons for warnings over the stored ones (none given keeps them)."""
        if not reasons:
            return
        kept = target.setdefault(CONFIRMATIONS, {})
        for name, reason in reasons.items():
            before = kept.get(name)
            if before == reason:
                continue
            if before:
                q = questions.get(name)
                changes.append(Overwrite(no, who, "核实说明·" + (q.label.get() if q else name),
                                         before, reason))
            kept[name] = reason

    put(new["fields"], {k: v for k, v in h.state["fields"].items() if k != "village_code"},
        "户", form.fields)
    put_reasons(new, h.state.get(CONFIRMATIONS), "户", form.fields)
    for m in h.state["members"]:
        f = m["fields"]
        twin = None
        if f.get("id_number"):
            twin = next((o for o in new["members"]
                         if o["fields"].get("id_number") == f["id_number"]), None)
        if twin is None and f.get("name"):
            same = [o for o in new["members"] if o["fields"].get("name") == f["name"]
                    and not (o["fields"].get("id_number") and f.get("id_number"))]
            twin = same[0] if len(same) == 1 else None
        if twin is None:
            new["members"].append(m)
        else:
            who = str(f.get("name") or twin["fields"].get("name") or "")
            put(twin["fields"], f, who, form.member_fields)
            put_reasons(twin, m.get(CONFIRMATIONS), who, form.member_fields)
    h.existing = old
    h.overwrites = changes
    h.changed = (new["fields"] != old["fields"] or new["members"] != old["members"]
                 or new.get(CONFIRMATIONS) != old.get(CONFIRMATIONS))
    h.state = new if h.changed else old  # unchanged: no second copy kept (memory)


def _shown(q: Any, value: Any) -> Any:
    if q is None or q.choices is None or value is None:
        return value
    if isinstance(value, list):
        return "、".join(q.choices.label(v) for v in value)
    return q.choices.label(str(value))


# -- 3. writing ---------------------------------------------------------------------------------
class LedgerRefused(InputError):
    code = "ledger_problems"
    exit_code = 1

    def __init__(self, count: int, rows: int) -> None:
        super().__init__(
            f"台账有 {count} 个问题（涉及 {rows} 行），什么都没有导入：改正后再导入，"
            "或选择只导入没有问题的户",
            f"the ledger has {count} problem(s) on {rows} row(s); nothing was imported: correct "
            "them, or accept importing only the sound households")


@dataclass(frozen=True)
class Imported:
    new: int
    updated: int
    unchanged: int
    rejected: int
    drafts: int
    changes: Changes


def apply(store: Any, result: Preview, *, accept_sound_rows: bool = False,
          progress: Progress | None = None) -> Imported:
    """Save the sound households in one transaction. With problems and without
    `accept_sound_rows`, nothing is saved (`LedgerRefused`)."""
    problems = result.problems
    if problems and not accept_sound_rows:
        raise LedgerRefused(len(problems), len(result.rejected_rows()))
    ledger = result.ledger
    states = []
    sources: dict[str, str] = {}  # where each revision came from: `revision_source`, local
    catalog = store.forms.catalog()
    for h in result.new + result.updated:
        state = h.state
        if h.existing is not None:
            state["status"] = ("complete" if h.existing.get("status") == "complete"
                               and _status(catalog, state) == "complete" else "draft")
        sources[state["uuid"]] = f"{ledger.path.name}:{ledger.header.sheet}:{min(h.rows)}-" \
            f"{max(h.rows)}"
        states.append(state)
    rejected = sum(1 for h in result.households if not h.sound)

    def audit(conn: Any) -> None:
        store.audit.log_in(conn, LEDGER_IMPORT, store.user, file=ledger.path.name,
                           sheet=ledger.header.sheet, new=len(result.new),
                           updated=len(result.updated), rejected=rejected)
    if states:
        changes = store.households.save_many(states, progress=progress, batch=1000,
                                             within=audit, sources=sources,
                                             whole=True)  # one transaction
    else:
        changes = Changes()
    return Imported(len(result.new), len(result.updated), len(result.unchanged), rejected,
                    sum(1 for s in states if s["status"] == "draft"), changes)


def write_rejected(result: Preview, out: Path) -> int:
    """The rejected rows, as they are in the file, under its header, with 未导入原因 beside
    each; written atomically. Returns the rows written."""
    from .atomic import replacing

    rows = result.rejected_rows()
    ledger = result.ledger
    import openpyxl  # start-up: only when asked

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("未导入")
    ws.append(["原行号", *ledger.header.titles, "未导入原因"])
    written = 0
    for number, row in _rows_of(ledger, set(rows)):
        ws.append([number, *row, rows[number]])
        written += 1
    with replacing(Path(out)) as tmp:
        wb.save(tmp)
    return written


def _rows_of(ledger: Ledger, wanted: set[int]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    with opened(ledger.path) as again:  # the file read a second time, only for these rows
        last = max(wanted, default=0)
        width = ledger.header.width
        for number, row in again.rows(ledger.header.sheet, ledger.header.first_data_row):
            if number in wanted:
                row = tuple(row[:width]) + (None,) * (width - len(row[:width]))
                yield number, tuple(v if not isinstance(v, dt.datetime) else v.date()
                                    for v in row)
            if number >= last:
                break
