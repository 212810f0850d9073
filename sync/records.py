"""Records as data: the household records out as JSON lines or CSV, and JSON lines back in.

`export_records` streams (a county's 150,000 households never sit in memory): one line per
household, the documented record of docs/architecture.md plus its revision, after a header
line naming the format and its version (docs/records.md; the JSON Schema is
`resources/records.schema.json`). CSV is one row per person with the household's columns,
for spreadsheets: UTF-8 with a BOM, and text a spreadsheet would run as a formula made
inert (`neutral`, as `mopai export-data` does).

`import_records` reads such a file as hostile input — bounded sizes, every line checked
against the strict schema and the form its record names — and saves through the editor's
path (`store.households.save_many`: validation, a new revision, drafts saved with every
answer), in one transaction. A record already in the store gets a new revision only when
something differs, so importing a file twice changes nothing; each revision written is
marked with its file and line (`revision_source`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event
from typing import IO, Any

from sqlalchemy import select, tuple_

from . import schema
from .atomic import replacing
from .errors import InputError, checked_size
from .households import CompleteRefused, with_state
from .models import Household, Member, Revision, Tombstone
from .record import MEMBERS, utc_now

FORMAT = "mopai-records"
VERSION = 1
FORMATS = ("jsonl", "csv")
REVISION_KEY = "revision"          # a line's revision: informative on export, a guard on import

MAX_FILE_BYTES = 1 << 30           # 1 GiB
MAX_LINE_BYTES = 1 << 20           # 1 MiB: a household of 60 people is ~60 KiB
MAX_RECORDS = 50_000               # per file: a village (≤ 5,000) fits; a county goes by village
PROBLEMS_KEPT = 200                # problems named; the rest counted

# a text cell a spreadsheet would read as a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int, str], None]


def neutral(text: str) -> str:
    """`text` as a spreadsheet shows it, never runs it: a leading ' before = + - @ tab CR."""
    return "'" + text if text.startswith(FORMULA_START) else text


# -- export ----------------------------------------------------------------------------------
def _rows(store: Any, village: str, batch: int = 500) -> Iterator[tuple[Any, ...]]:
    """(record JSON, revision id, rev no, saved at, saved by) of every current household (of
    `village`, or under the workspace), in village and 户编号 order, `batch` at a time."""
    key = tuple_(Household.village_code, Household.household_no, Household.uuid)
    last: tuple[str, str, str] | None = None
    while True:
        query = with_state(select(Household.village_code, Household.household_no, Household.uuid,
                                  Revision.state, Household.revision_id, Household.rev_no,
                                  Household.updated_at, Household.updated_by)
                           ).order_by(*key.clauses).limit(batch)
        if village:
            query = query.where(Household.village_code == village)
        if last is not None:
            query = query.where(key > tuple_(*last))
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield row[3:]
        last = (rows[-1][0], rows[-1][1], rows[-1][2])


def _village_option(store: Any, village: str | None) -> str:
    """The --village given, checked against the workspace; "" for all of it."""
    village = (village or "").strip()
    ws = store.workspace
    if not village:
        return ws.code if ws.role == "village" else ""
    if len(village) != 12 or not village.isdigit():
        raise InputError(f"村代码“{village[:20]}”应为 12 位数字",
                         f"the village code {village[:20]!r} must have 12 digits", where=village)
    if not village.startswith(ws.code):
        raise InputError(f"村 {village} 不属于本工作区（{ws.code}）",
                         f"village {village} is not part of this workspace ({ws.code})",
                         where=village)
    return village


def export_records(store: Any, out: Path, *, fmt: str = "jsonl", village: str | None = None,
                   progress: Progress | None = None, cancel: Event | None = None) -> int:
    """Write the current records (of `village`, else all the workspace holds) to `out`,
    atomically; returns how many households were written."""
    if fmt not in FORMATS:
        raise InputError(f"格式应为 {' 或 '.join(FORMATS)}", f"the format must be one of {FORMATS}",
                         where=fmt)
    village = _village_option(store, village)
    total = store.households.count()
    written = 0
    with replacing(Path(out)) as tmp, open(tmp, "w", encoding="utf-8-sig" if fmt == "csv"
                                           else "utf-8", newline="") as f:
        write = _csv_writer(store, f) if fmt == "csv" else _jsonl_writer(store, f, village)
        for state, revision_id, rev_no, saved_at, saved_by in _rows(store, village):
            if cancel is not None and cancel.is_set():
                raise InputError("已取消，未写出文件", "cancelled; no file was written")
            record = json.loads(state)
            record[REVISION_KEY] = {"revision_id": revision_id, "rev_no": rev_no,
                                    "saved_at": saved_at, "saved_by": saved_by}
            write(record)
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written, total, "")
    if progress is not None:
        progress(written, written, "")
    return written


def _jsonl_writer(store: Any, f: IO[str], village: str) -> Callable[[dict[str, Any]], None]:
    header = {"format": FORMAT, "version": VERSION, "exported_at": utc_now(),
              "workspace": {"role": store.workspace.role, "code": store.workspace.code},
              "village": village or None,
              "form": {"form_id": store.forms.catalog().current.form_id,
                       "current_version": store.forms.catalog().current.version}}
    f.write(json.dumps(header, ensure_ascii=False) + "\n")

    def write(record: dict[str, Any]) -> None:
        f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return write


CSV_KEYS = ("household_uuid", "form_id", "form_version", "status", "rev_no")
CSV_PERSON_KEYS = ("person_no", "person_uuid")


def csv_columns(catalog: Any) -> tuple[list[str], list[str]]:
    """The answer questions of every form the workspace holds, households' then members', in
    the current form's order (then older forms' own): the CSV's `household.` and `person.`
    columns."""
    refs = [catalog.current] + [r for v, r in sorted(catalog.refs.items())
                                if v != catalog.current.version]
    household: list[str] = []
    member: list[str] = []
    for ref in refs:
        form = catalog.form(ref.version)
        household += [q.name for q in form.household_questions()
                      if q.type.holds_answer and q.name not in household]
        member += [q.name for q in form.member_questions()
                   if q.type.holds_answer and q.name not in member]
    return household, member


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # select_multiple: the choice names, as XLSForm writes them
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutral(str(value))


def _csv_writer(store: Any, f: IO[str]) -> Callable[[dict[str, Any]], None]:
    household, member = csv_columns(store.forms.catalog())
    out = csv.writer(f)
    out.writerow([*CSV_KEYS, *(f"household.{n}" for n in household), *CSV_PERSON_KEYS,
                  *(f"person.{n}" for n in member)])

    def write(record: dict[str, Any]) -> None:
        fields = record.get("fields") or {}
        head = [record["uuid"], record["form_id"], record["form_version"], record["status"],
                str(record[REVISION_KEY]["rev_no"]), *(_cell(fields.get(n)) for n in household)]
        people = record.get(MEMBERS) or []
        if not people:
            out.writerow([*head, "", "", *([""] * len(member))])
        for i, person in enumerate(people, start=1):
            answers = person.get("fields") or {}
            out.writerow([*head, str(i), person["uuid"], *(_cell(answers.get(n)) for n in member)])
    return write


# -- import ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineProblem:
    line: int
    zh: str
    en: str

    def one_line(self) -> str:
        return f"[line {self.line}] {self.zh} / {self.en}"


class RecordsFileError(InputError):
    """The file cannot be imported as it is; `problems` names every bad line. Nothing was
    saved."""

    def __init__(self, path: Path, problems: list[LineProblem], more: int = 0) -> None:
        first = problems[0]
        super().__init__(
            f"记录文件有 {len(problems) + more} 行有错，未导入任何记录（第 {first.line} 行：{first.zh}）",
            f"{len(problems) + more} line(s) of the records file are wrong; nothing was imported "
            f"(line {first.line}: {first.en})", where=str(path))
        self.problems = problems


@dataclass
class RecordsImport:
    lines: int = 0                      # record lines read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[LineProblem] = field(default_factory=list)   # with sound_only
    households: frozenset[str] = frozenset()


class LineRefused(InputError):
    """Why one line of a records file is not imported (collected into `LineProblem`s)."""


def _lines(f: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of a file read in bounded lines; None for a line too long (the
    rest of it is skipped)."""
    number = 0
    while True:
        chunk = f.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while True:
                rest = f.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, chunk


def _read_header(number: int, raw: bytes | None, path: Path) -> None:
    def refuse(zh: str, en: str) -> None:
        raise InputError(f"第 {number} 行不是 Mopai 记录文件的表头：{zh}",
                         f"line {number} is not the header of a Mopai records file: {en}",
                         where=f"{path}:{number}")
    if raw is None:
        refuse("该行太长", "the line is too long")
    try:
        header = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        refuse("不是 JSON", "not JSON")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        refuse(f'应为 {{"format": "{FORMAT}", "version": {VERSION}}}',
               f'expected {{"format": "{FORMAT}", "version": {VERSION}}}')
    if header.get("version") != VERSION:
        refuse(f"格式版本“{str(header.get('version'))[:10]}”本软件不认识（应为 {VERSION}），请升级 Mopai",
               f"format version {str(header.get('version'))[:10]!r} is unknown (expected "
               f"{VERSION}); upgrade Mopai")


class _Checker:
    """One line's record, checked as the editor's save and a bundle's import would be."""

    def __init__(self, store: Any, village: str) -> None:
        self.store = store
        self.catalog = store.forms.catalog()
        self.village = village
        self.ws = store.workspace
        self.seen: dict[str, int] = {}
        self.members: dict[str, tuple[str, int]] = {}    # member uuid -> (household, line)

    def record(self, number: int, raw: bytes | None) -> tuple[dict[str, Any], str | None]:
        if raw is None:
            raise LineRefused(f"该行超过 {MAX_LINE_BYTES // 1024} KiB", f"the line is longer than "
                           f"{MAX_LINE_BYTES // 1024} KiB")
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise LineRefused("该行不是 UTF-8 文字", "the line is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise LineRefused(f"不是合法的 JSON（第 {exc.colno} 个字符：{exc.msg}）",
                           f"not valid JSON (character {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise LineRefused("JSON 嵌套太深", "the JSON is nested too deeply") from None
        if not isinstance(record, dict):
            raise LineRefused("该行应为一个户的记录（JSON 对象）", "the line must be one household's "
                           "record (a JSON object)")
        revision = record.pop(REVISION_KEY, None)
        expected_revision = None
        if revision is not None:
            if not isinstance(revision, dict) or not isinstance(revision.get("revision_id"),
                                                                (str, type(None))):
                raise LineRefused("“revision”应为对象", "'revision' must be an object")
            expected_revision = revision.get("revision_id")
        try:
            schema.check_state(record, self.catalog.types(record))
        except schema.Problem as exc:
            raise LineRefused(exc.zh, exc.en) from None
        uuid = record["uuid"]
        if uuid in self.seen:
            raise LineRefused(f"与第 {self.seen[uuid]} 行是同一户（uuid 相同）",
                           f"the same household (uuid) as line {self.seen[uuid]}")
        self.seen[uuid] = number
        for i, member in enumerate(record[MEMBERS], start=1):
            other = self.members.setdefault(member["uuid"], (uuid, number))
            if other[0] != uuid:
                raise LineRefused(f"第 {i} 位成员与第 {other[1]} 行的成员是同一人（成员 uuid 相同）",
                               f"member {i} has the uuid of a member on line {other[1]}")
        if record["form_id"] != self.catalog.current.form_id:
            raise LineRefused(f"问卷“{record['form_id']}”不是本工作区的问卷（{self.catalog.current.form_id}）",
                           f"form {record['form_id']!r} is not this workspace's form "
                           f"({self.catalog.current.form_id!r})")
        form = self.catalog.form(record["form_version"])
        if form is None:
            raise LineRefused(f"本机没有问卷版本“{record['form_version']}”（有：{'、'.join(sorted(self.catalog.versions))}）；"
                           "请先发布或接收该版本，或按现有版本导出",
                           f"this workspace does not hold form version {record['form_version']!r} "
                           f"(it holds {', '.join(sorted(self.catalog.versions))}); publish or "
                           "receive it first")
        self._known(record["fields"], form.fields, None)
        for i, member in enumerate(record[MEMBERS], start=1):
            self._known(member.get("fields") or {}, form.member_fields, i)
        if not str(record["fields"].get("household_no") or "").strip():
            raise LineRefused("户编号（household_no）不能为空", "the household number (household_no) "
                           "is required")
        code = str(record["fields"].get("village_code") or "")
        self._in_scope(code)
        if record["status"] == "complete":
            errors = [f for f in self.catalog.validate(record) if f.severity == "error"]
            if errors:
                refused = CompleteRefused(record["fields"]["household_no"], errors, form=form,
                                          state=record)
                raise LineRefused(refused.zh, refused.en)
        return record, expected_revision

    @staticmethod
    def _known(answers: Mapping[str, Any], questions: Mapping[str, Any], member: int | None
               ) -> None:
        unknown = sorted(set(answers) - set(questions))
        if unknown:
            who = f"第 {member} 位成员的" if member else ""
            whom = f"member {member}'s " if member else ""
            raise LineRefused(f"{who}“{unknown[0][:40]}”不是该问卷版本的题目",
                           f"{whom}{unknown[0][:40]!r} is not a question of the record's form "
                           "version")

    def _in_scope(self, code: str) -> None:
        ws = self.ws
        if not code:
            if ws.role == "village":
                return  # saved as the village's own, as the editor does
            raise LineRefused("记录没有行政村代码（village_code）", "the record names no village "
                           "(village_code)")
        if self.village and code != self.village:
            raise LineRefused(f"该户属于村 {code}，不是指定的村 {self.village}",
                           f"the household is of village {code}, not {self.village} as asked")
        if ws.role == "village" and code != ws.code:
            raise LineRefused(f"该户属于村 {code}，本工作区是村 {ws.code}",
                           f"the household is of village {code}; this workspace is village "
                           f"{ws.code}")
        if not (len(code) == 12 and code.startswith(ws.code)):
            raise LineRefused(f"村 {code} 不属于本工作区（{ws.code}）",
                           f"village {code} is not part of this workspace ({ws.code})")


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (an int 3 and a float 3.0 are not: the record would change type)."""
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(
        b, sort_keys=True, ensure_ascii=False)


def import_records(store: Any, path: Path, *, village: str | None = None,
                   sound_only: bool = False, progress: Progress | None = None,
                   cancel: Event | None = None) -> RecordsImport:
    """Save the records of a JSON-lines file, all or nothing (`sound_only`: the sound lines,
    the others returned with their reasons). Raises `RecordsFileError` naming each bad line
    when any is bad and not `sound_only`; nothing is saved then."""
    path = Path(path)
    checked_size(path, MAX_FILE_BYTES)
    village = _village_option(store, village) if village else ""
    checker = _Checker(store, village)
    result = RecordsImport()
    problems: list[LineProblem] = []
    more = 0
    found: list[tuple[int, dict[str, Any], str | None]] = []
    with open(path, "rb") as f:
        lines = _lines(f)
        first = next(lines, None)
        if first is None:
            raise InputError("文件是空的", "the file is empty", where=str(path))
        _read_header(*first, path)
        for number, raw in lines:
            if raw is not None and not raw.strip():
                continue
            if cancel is not None and cancel.is_set():
                raise InputError("已取消，未导入任何记录", "cancelled; nothing was imported")
            result.lines += 1
            if result.lines > MAX_RECORDS:
                raise InputError(f"文件超过 {MAX_RECORDS} 户，请按村分开导出和导入（--village）",
                                 f"the file holds more than {MAX_RECORDS} households; export "
                                 "and import one village at a time (--village)",
                                 where=f"{path}:{number}")
            try:
                record, revision = checker.record(number, raw)
            except LineRefused as exc:
                if len(problems) < PROBLEMS_KEPT:
                    problems.append(LineProblem(number, exc.zh, exc.en))
                else:
                    more += 1
                continue
            found.append((number, record, revision))
            if progress is not None and result.lines % 1000 == 0:
                progress(result.lines, 0, "")
    saving: list[dict[str, Any]] = []
    sources: dict[str, str] = {}
    current = _current(store, [r["uuid"] for _n, r, _v in found],
                       [m["uuid"] for _n, r, _v in found for m in r[MEMBERS]])
    for number, record, revision in found:
        uuid = record["uuid"]
        try:
            if uuid in current["deleted"]:
                raise LineRefused("该户已在本库中删除，不能再导入", "the household was deleted in this "
                               "store; it cannot be imported again")
            elsewhere = next((current["members"][m["uuid"]] for m in record[MEMBERS]
                              if current["members"].get(m["uuid"], uuid) != uuid), None)
            if elsewhere is not None:
                raise LineRefused("有成员的 uuid 已是本库中另一户的成员",
                               f"a member's uuid belongs to another household ({elsewhere}) in "
                               "this store")
            have = current["records"].get(uuid)
            if have is not None:
                code, revision_id, state = have
                mine = str(record["fields"].get("village_code") or store.workspace.code)
                if code != mine:
                    raise LineRefused(f"本库中该户属于村 {code}，文件中写的是村 {mine}",
                                   f"in this store the household is of village {code}, the file "
                                   f"says {mine}")
                if _same(state, record):
                    result.unchanged += 1
                    continue
                if revision is not None and revision != revision_id:
                    raise LineRefused("导出后该户在本库中又被修改过，导入会覆盖这些修改；请重新导出后再改",
                                   "the household changed in this store after the file was "
                                   "exported, and importing would overwrite that; export again")
                result.updated += 1
            else:
                result.created += 1
        except LineRefused as exc:
            problems.append(LineProblem(number, exc.zh, exc.en))
            continue
        saving.append(record)
        sources[uuid] = f"{path.name}:{number}"[:300]
    problems.sort(key=lambda p: p.line)
    if problems and not sound_only:
        raise RecordsFileError(path, problems, more)
    result.rejected = problems
    if saving:
        detail = {"file": path.name, "created": result.created, "updated": result.updated,
                  "unchanged": result.unchanged, "rejected": len(problems) + more}

        def audit(conn: Any) -> None:
            store.audit.log_in(conn, "records_import", store.user or "", **detail)
        changes = store.households.save_many(saving, batch=len(saving), within=audit,
                                             sources=sources, progress=progress)
        result.households = changes.households
    return result


def _current(store: Any, uuids: list[str], member_uuids: list[str]) -> dict[str, Any]:
    """Of `uuids`: those deleted here, and the others' (village, revision id, record); of
    `member_uuids`, the household each is a member of here."""
    records: dict[str, tuple[str, str, dict[str, Any]]] = {}
    deleted: set[str] = set()
    members: dict[str, str] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(member_uuids), 500):
            members.update(conn.execute(select(Member.uuid, Member.household_uuid).where(
                Member.uuid.in_(member_uuids[start:start + 500]))).all())
        for start in range(0, len(uuids), 500):
            part = uuids[start:start + 500]
            for uuid, code, revision_id, state in conn.execute(with_state(select(
                    Household.uuid, Household.village_code, Household.revision_id,
                    Revision.state)).where(Household.uuid.in_(part))):
                records[uuid] = (code, revision_id, json.loads(state))
            deleted.update(conn.execute(select(Tombstone.record_uuid)
                                        .where(Tombstone.record_uuid.in_(part))).scalars())
    return {"records": records, "deleted": deleted, "members": members}


def sources(store: Any, uuid: str) -> dict[str, str]:
    """Revision id -> where an import took it from, for the revisions of one record."""
    from .models import RevisionSource

    with store.engine.connect() as conn:
        return dict(conn.execute(
            select(RevisionSource.revision_id, RevisionSource.source)
            .join(Revision, Revision.revision_id == RevisionSource.revision_id)
            .where(Revision.record_uuid == uuid)).all())
