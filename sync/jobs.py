"""Job postings (岗位信息, issue 21): `store.jobs`.

The county's human-resources market collects employers' postings; the county enters them in
the app or imports a sheet (`mopai jobs import FILE.xlsx`), for the whole county or for one
township; a township office enters its own township's (they go up in its data bundle, and
each side keeps the newer copy of a posting: docs/decisions.md 58). They travel to the
villages of their area in the county's return bundles (a `jobs` line: every open posting of
the receiver's area; the receiver replaces what it held), so a village matches its people
against them offline (reports/matching.py).

An import is all or nothing: every problem is named by row and column, and one problem keeps
the whole sheet out. A posting's id is derived from what names it (area, employer, title,
place), so the same sheet imported twice changes nothing and a sheet with a new pay range
updates the postings it names (docs/decisions.md 51).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update

from mopai.forms import places, trades

from .areas import AreaProblem, AreaSheetError
from .errors import InputError, checked_size
from .models import Job
from .record import utc_now

if TYPE_CHECKING:
    from .store import Store

JOB_FILE_BYTES = 20 * 1024**2   # a postings sheet larger than this is not a postings sheet
ROWS_MAX = 5_000                # postings in one sheet, and in one return bundle's line
TEXT_MAX = 100                  # characters of a text field
PAY_MAX = 100_000               # yuan a month (as the form's income check)
NAMESPACE = uuid.UUID("6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a21")

# The sheet's headers (the list), in order, and the posting's field each fills.
HEADERS: tuple[tuple[str, str], ...] = (
    ("用工单位", "employer"), ("岗位名称", "title"), ("工种", "trade"),
    ("工作省份", "province"), ("工作城市", "city"), ("工作区县", "district"),
    ("月薪下限", "pay_min"), ("月薪上限", "pay_max"), ("招聘人数", "openings"),
    ("最低年龄", "age_min"), ("最高年龄", "age_max"), ("性别要求", "sex"),
    ("学历要求", "education"), ("联系人", "contact"), ("联系电话", "phone"),
    ("截止日期", "deadline"))
REQUIRED = ("employer", "title", "trade", "province")
# what a change to a posting entered here is audited as (a township's count as something its
# next data bundle carries: sync/export.py)
TOWNSHIP_EVENTS = ("job_added", "job_edited", "job_closed", "job_reopened", "jobs_imported")
LABELS = {name: header for header, name in HEADERS}
SEXES = {"": "", "不限": "", "男": "male", "女": "female", "male": "male", "female": "female"}
SEX_NAMES = {"": "不限", "male": "男", "female": "女"}
# The form's `education` list, lowest first: a posting names the least it accepts.
EDUCATION = ("illiterate", "primary", "junior", "senior", "secondary_vocational", "college",
             "bachelor_plus")
EDUCATION_NAMES = {"illiterate": "文盲或半文盲", "primary": "小学", "junior": "初中",
                   "senior": "高中", "secondary_vocational": "中专", "college": "大专",
                   "bachelor_plus": "本科及以上"}
_EDUCATION_IN = {**{v: k for k, v in EDUCATION_NAMES.items()}, **{k: k for k in EDUCATION},
                 "": "", "不限": "", "本科": "bachelor_plus", "中职": "secondary_vocational",
                 "职高": "secondary_vocational", "技校": "secondary_vocational"}
_PHONE = re.compile(r"^[0-9+()（）\- ]{5,20}$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass(frozen=True)
class Posting:
    """One posting as every layer above the store sees it."""

    job_id: str
    area: str
    employer: str
    title: str
    trade: str
    province: str = ""
    city: str = ""
    district: str = ""
    pay_min: int | None = None
    pay_max: int | None = None
    openings: int = 1
    age_min: int | None = None
    age_max: int | None = None
    sex: str = ""
    education: str = ""
    contact: str = ""
    phone: str = ""
    deadline: str = ""
    status: str = "open"
    source: str = ""
    entered_by: str = ""
    updated_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def is_open(self, today: dt.date | str | None = None) -> bool:
        """Open, and its closing date (if any) not passed on `today`."""
        day = (today or dt.date.today()).isoformat() if not isinstance(today, str) else today
        return self.status == "open" and (not self.deadline or self.deadline >= day)

    @property
    def place(self) -> str:
        province = places.province(self.province)
        return "".join(p for p in (province.name if province else self.province,
                                   self.city, self.district) if p)


FIELDS = tuple(f.name for f in fields(Posting))
CONTENT = tuple(n for n in FIELDS if n not in ("job_id", "source", "entered_by", "updated_at",
                                                "status"))


class PostingSheetError(AreaSheetError):
    """A postings sheet that cannot be used; `problems` names every reason by row and column."""

    code = "job_sheet"

    def __init__(self, path: Path | str, problems: list[AreaProblem]) -> None:
        InputError.__init__(self, f"岗位表有 {len(problems)} 处错误，未导入任何岗位（原有岗位未改动）",
                            f"the postings sheet has {len(problems)} problem(s); no posting was "
                            "imported (the postings held are unchanged)", where=str(path))
        self.problems = problems


# -- one posting's values, checked ------------------------------------------------------------
def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value if value is not None else "").strip()


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    if isinstance(value, int):
        return value
    return int(str(value).strip().replace(",", ""))


def _date(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    found = _DATE.match(str(value).strip())
    if not found:
        raise ValueError
    return dt.date(*map(int, found.groups())).isoformat()


def _province(value: str) -> str:
    """The short name of a province (湖南省 → 湖南), "" for none; ValueError when unknown."""
    if not value:
        return ""
    short = places.place_province(value)
    if short is None or (short == "" and not value.startswith(places.OUTSIDE_MAINLAND)):
        raise ValueError
    return short or value[:2]


def check(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """`values` (a sheet row's or a dialog's, by field name) as a posting's content, and the
    problems found: (field, 中文, English). The content is usable only when there are none."""
    out: dict[str, Any] = {}
    problems: list[tuple[str, str, str]] = []

    def bad(name: str, zh: str, en: str) -> None:
        problems.append((name, f"{LABELS.get(name, name)}：{zh}", f"{name}: {en}"))

    for name in ("employer", "title", "contact", "city", "district"):
        out[name] = _text(values.get(name))
        if len(out[name]) > TEXT_MAX:
            bad(name, f"超过 {TEXT_MAX} 个字", f"longer than {TEXT_MAX} characters")
    for name in REQUIRED:
        if not _text(values.get(name)):
            bad(name, "必填", "required")
    trade_text = _text(values.get("trade"))
    out["trade"] = trades.code_trade(trade_text) or ""
    if trade_text and not out["trade"]:
        bad("trade", f"“{trade_text[:20]}”不是工种表中的工种（可填：{'、'.join(trades.NAMES.values())}）",
            f"{trade_text[:20]!r} is not a trade of the list")
    try:
        out["province"] = _province(_text(values.get("province")))
    except ValueError:
        bad("province", f"“{_text(values.get('province'))[:20]}”不是省份名称",
            "not a province's name")
    for name, low, high in (("pay_min", 0, PAY_MAX), ("pay_max", 0, PAY_MAX),
                            ("openings", 1, 100_000), ("age_min", 16, 70),
                            ("age_max", 16, 70)):
        try:
            number = _int(values.get(name))
        except (TypeError, ValueError):
            bad(name, "应为整数", "not a whole number")
            continue
        if number is not None and not low <= number <= high:
            bad(name, f"应在 {low} 至 {high} 之间", f"must be {low} to {high}")
            continue
        out[name] = number
    out["openings"] = out.get("openings") or 1
    for low, high, zh in (("pay_min", "pay_max", "月薪下限大于上限"),
                          ("age_min", "age_max", "最低年龄大于最高年龄")):
        if out.get(low) is not None and out.get(high) is not None and out[low] > out[high]:
            bad(low, zh, f"{low} is above {high}")
    sex = _text(values.get("sex"))
    out["sex"] = SEXES.get(sex, "?")
    if out["sex"] == "?":
        bad("sex", "应为 男、女 或 不限", "must be 男, 女 or 不限")
    education = _text(values.get("education"))
    out["education"] = _EDUCATION_IN.get(education, "?")
    if out["education"] == "?":
        bad("education", f"应为 不限 或 {'、'.join(EDUCATION_NAMES.values())}",
            "not a level of education of the form")
    out["phone"] = _text(values.get("phone"))
    if out["phone"] and not _PHONE.match(out["phone"]):
        bad("phone", "不是电话号码", "not a phone number")
    try:
        out["deadline"] = _date(values.get("deadline"))
    except ValueError:
        bad("deadline", "应为日期（如 2026-12-31）", "not a date (2026-12-31)")
    return out, problems


def job_id(area: str, content: Mapping[str, Any]) -> str:
    """The id of a posting: the same area, employer, title and place give the same id."""
    key = "|".join((area, content["employer"], content["title"], content["province"],
                    content.get("city", ""), content.get("district", "")))
    return str(uuid.uuid5(NAMESPACE, key))


# -- reading a sheet ----------------------------------------------------------------------------
def read_sheet(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values by field name) of every non-empty row under the header row."""
    from openpyxl.utils import get_column_letter as letter

    from .xlsx_read import XlsxBook, XlsxError

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("岗位表应为 .xlsx 文件", "the postings sheet must be an .xlsx file",
                         where=str(path))
    checked_size(path, JOB_FILE_BYTES)
    with path.open("rb") as f:
        try:
            book = XlsxBook(f)
        except XlsxError as exc:
            raise InputError(f"无法读取 Excel 文件：{exc}", f"cannot read the workbook: {exc}",
                             where=str(path)) from None
        try:
            sheet = book.sheets()[0]
            rows = list(book.rows(sheet))
        except XlsxError as exc:
            raise InputError(f"无法读取 Excel 文件：{exc}", f"cannot read the workbook: {exc}",
                             where=str(path)) from None
        finally:
            book.close()
    if not rows:
        raise PostingSheetError(path, [AreaProblem(1, "", "工作表是空的", "the sheet is empty")])
    number, header = rows[0]
    found = {"".join(_text(v).split()): i for i, v in enumerate(header)}
    missing = [h for h, _ in HEADERS if h not in found]
    if missing:
        raise PostingSheetError(path, [AreaProblem(
            number, "", f"缺少表头：{'、'.join(missing)}（第一行应为：{'、'.join(h for h, _ in HEADERS)}）",
            f"missing header(s): {', '.join(missing)}")])
    columns = {name: found[h] for h, name in HEADERS}
    out = []
    for number, values in rows[1:]:
        if not any(_text(v) for v in values):
            continue
        out.append((number, {name: values[i] if i < len(values) else None
                             for name, i in columns.items()}))
    if len(out) > ROWS_MAX:
        raise PostingSheetError(path, [AreaProblem(
            out[ROWS_MAX][0], "", f"岗位超过 {ROWS_MAX} 条，请分成几个文件导入",
            f"more than {ROWS_MAX} postings; split the sheet")])
    for row in out:
        row[1]["_columns"] = {name: letter(i + 1) for name, i in columns.items()}
    return out


# -- the store's postings -----------------------------------------------------------------------
def _posting(row: Any) -> Posting:
    return Posting(**{n: getattr(row, n) for n in FIELDS})


class JobService:
    """`store.jobs`: the postings this workspace holds."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self, *, area: str = "", open_only: bool = False,
             today: dt.date | str | None = None) -> list[Posting]:
        """The postings held (of `area` and of the areas above it, when given), newest first."""
        table = Job.__table__
        with self._store.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.updated_at.desc(),
                                                       table.c.job_id)).all()
        found = [_posting(r) for r in rows]
        if area:
            found = [p for p in found if area.startswith(p.area) or p.area.startswith(area)]
        return [p for p in found if p.is_open(today)] if open_only else found

    def get(self, job_id: str) -> Posting | None:
        with self._store.engine.connect() as conn:
            row = conn.execute(select(Job.__table__).where(Job.__table__.c.job_id == job_id)
                               ).first()
        return None if row is None else _posting(row)

    def _area(self, area: str, job: Posting | None = None) -> str:
        """The area a posting entered here is for: the county's, or a township's; a township
        office enters its own township's only (and changes only those)."""
        store = self._store
        ws = store.workspace
        if ws.role == "township":
            area = area or ws.code
            if area != ws.code or (job is not None and job.area != ws.code):
                raise InputError(f"乡镇只能录入、修改本乡镇（{ws.code}）的岗位",
                                 f"a township enters and changes its own township's postings "
                                 f"({ws.code}) only", where=job.area if job else area)
            return area
        if ws.role != "county":
            raise InputError("岗位信息由县里或乡镇录入或导入",
                             "postings are entered at the county or a township")
        county = ws.code
        area = area or county
        if area != county and not (len(area) == 9 and area.startswith(county)):
            raise InputError(f"发布范围 {area} 不是本县或本县的乡镇",
                             f"area {area} is neither the county nor one of its townships")
        return area

    def add(self, values: Mapping[str, Any], *, area: str = "") -> Posting:
        """A new posting entered by hand (county); InputError naming every problem."""
        area = self._area(area)
        content = self._checked(values)
        posting = Posting(job_id=str(uuid.uuid4()), area=area, **content, source="hand",
                          entered_by=self._store.user or "", updated_at=utc_now())
        with self._store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            conn.execute(insert(Job.__table__), [posting.to_dict()])
            self._store.audit.log_in(conn, "job_added", self._store.user or "",
                                     job=posting.job_id)
        return posting

    def edit(self, job_id: str, values: Mapping[str, Any]) -> Posting:
        """The posting with new content (its id and area kept)."""
        held = self._held(job_id)
        self._area(held.area, held)
        content = self._checked(values)
        return self._write(held, content, "job_edited")

    def close(self, job_id: str, *, reopen: bool = False) -> Posting:
        """Closed (no longer offered; gone from the villages at the next return bundle)."""
        held = self._held(job_id)
        self._area(held.area, held)
        return self._write(held, {"status": "open" if reopen else "closed"},
                           "job_reopened" if reopen else "job_closed")

    def _held(self, job_id: str) -> Posting:
        held = self.get(job_id)
        if held is None:
            raise InputError(f"没有编号为 {job_id} 的岗位", f"no posting {job_id}")
        return held

    def _write(self, held: Posting, changes: Mapping[str, Any], event: str) -> Posting:
        posting = Posting(**{**held.to_dict(), **changes, "updated_at": utc_now()})
        table = Job.__table__
        with self._store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            conn.execute(update(table).where(table.c.job_id == held.job_id)
                         .values(**{k: v for k, v in posting.to_dict().items() if k != "job_id"}))
            self._store.audit.log_in(conn, event, self._store.user or "", job=held.job_id)
        return posting

    @staticmethod
    def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
        content, problems = check(values)
        if problems:
            raise InputError("；".join(zh for _, zh, _ in problems),
                             "; ".join(en for _, _, en in problems), where="岗位 posting")
        return {k: content[k] for k in CONTENT if k != "area"}

    def import_file(self, path: Path, *, area: str = "") -> dict[str, int]:
        """Import a postings sheet (the headers of `HEADERS`); all or nothing. Returns the
        counts added, updated (changed content: reopened too) and unchanged."""
        area = self._area(area)
        path = Path(path)
        rows = read_sheet(path)
        problems: list[AreaProblem] = []
        wanted: dict[str, dict[str, Any]] = {}
        first: dict[str, int] = {}
        for number, values in rows:
            columns = values.pop("_columns")
            content, found = check(values)
            for name, zh, en in found:
                problems.append(AreaProblem(number, columns.get(name, ""), zh, en))
            if found:
                continue
            content = {k: content[k] for k in CONTENT if k != "area"}
            jid = job_id(area, content)
            if jid in first:
                problems.append(AreaProblem(
                    number, "", f"与第 {first[jid]} 行是同一岗位（用工单位、岗位名称、工作地点相同）",
                    f"the same posting as row {first[jid]} (employer, title and place)"))
                continue
            first[jid] = number
            wanted[jid] = {**content, "source": f"{path.name[:80]}:{number}"}
        if problems:
            raise PostingSheetError(path, problems)
        table = Job.__table__
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        now, user = utc_now(), self._store.user or ""
        with self._store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            held = {r.job_id: _posting(r) for r in conn.execute(
                select(table).where(table.c.job_id.in_(list(wanted))))}
            new = []
            for jid, content in wanted.items():
                old = held.get(jid)
                if old is None:
                    new.append(Posting(job_id=jid, area=area, **content, entered_by=user,
                                       updated_at=now).to_dict())
                    counts["added"] += 1
                elif all(getattr(old, k) == v for k, v in content.items() if k != "source") \
                        and old.status == "open":
                    counts["unchanged"] += 1
                else:
                    conn.execute(update(table).where(table.c.job_id == jid).values(
                        **content, status="open", updated_at=now))
                    counts["updated"] += 1
            if new:
                conn.execute(insert(table), new)
            if new or counts["updated"]:
                self._store.audit.log_in(conn, "jobs_imported", user, source=path.name[:200],
                                         area=area, **counts)
        return counts


# -- postings travel to the villages in the county's return bundles ------------------------------
def outgoing(conn: Any, target: str, today: str) -> list[dict[str, Any]]:
    """The `jobs` line of a return bundle for `target` (a village, or a township): every open
    posting of the county and of the target's township (docs/bundle-format.md)."""
    table = Job.__table__
    township = target[:9]
    rows = conn.execute(select(table).where(table.c.status == "open")
                        .order_by(table.c.updated_at.desc(), table.c.job_id)).all()
    sent = [_posting(r) for r in rows if (len(r.area) == 6 and target.startswith(r.area))
            or r.area == township]
    sent = [p for p in sent if p.is_open(today)][:ROWS_MAX]
    return [{"t": "jobs", "postings": [{k: v for k, v in p.to_dict().items()
                                        if k not in ("source", "entered_by")} for p in sent]}]


_LINE_KEYS = frozenset(FIELDS) - {"source", "entered_by"}
_INTS = ("pay_min", "pay_max", "openings", "age_min", "age_max")


def township_data(conn: Any, township: str) -> list[dict[str, Any]]:
    """The `jobs` line of a township's data bundle: every posting it entered for its own
    township, closed ones too (a closure must reach the county), as the county keeps them."""
    table = Job.__table__
    rows = conn.execute(select(table).where(table.c.area == township)
                        .order_by(table.c.updated_at.desc(), table.c.job_id)).all()
    if not rows:
        return []
    return [{"t": "jobs", "postings": [{k: v for k, v in _posting(r).to_dict().items()
                                        if k not in ("source", "entered_by")}
                                       for r in rows[:ROWS_MAX]]}]


def _merge(conn: Any, rows: list[dict[str, Any]]) -> int:
    """Keep each posting of `rows` that is new here or newer (`updated_at`) than the one held;
    the number changed."""
    table = Job.__table__
    held = {}
    ids = [r["job_id"] for r in rows]
    for start in range(0, len(ids), 500):
        held.update(conn.execute(select(table.c.job_id, table.c.updated_at).where(
            table.c.job_id.in_(ids[start:start + 500]))).all())
    changed = 0
    for r in rows:
        if r["job_id"] not in held:
            conn.execute(insert(table), [r])
        elif r["updated_at"] > (held[r["job_id"]] or ""):
            conn.execute(update(table).where(table.c.job_id == r["job_id"])
                         .values(**{k: v for k, v in r.items() if k != "job_id"}))
        else:
            continue
        changed += 1
    return changed


def receive_township(conn: Any, store: Any, line: Mapping[str, Any], sender: Mapping[str, Any],
                     bundle_id: str) -> int:
    """At the county, a township's data bundle's `jobs` line: its own township's postings,
    each kept when new or newer than the county's copy (the county may enter the township's
    postings too; the newest change counts); the number changed. A posting of another area
    refuses the bundle (ValueError)."""
    township = str(sender.get("code") or "")
    rows = _checked_rows(line, township, bundle_id, exact=True)
    changed = _merge(conn, rows)
    if changed:
        store.audit.log_in(conn, "jobs_from_township", store.user or "", township=township,
                           postings=changed)
    return changed


def receive(conn: Any, store: Any, line: Mapping[str, Any], bundle_id: str) -> int:
    """Replace the postings held with a return bundle's `jobs` line; the number kept. Anything
    malformed, or a posting of another area, raises ValueError (the bundle is refused). A
    township keeps the postings it entered itself that are newer than the county's copy (or
    that the county has not received yet)."""
    code = store.workspace.code
    rows = _checked_rows(line, code, bundle_id)
    table = Job.__table__
    own: list[dict[str, Any]] = []
    if store.workspace.role == "township":
        sent = {r["job_id"]: r["updated_at"] for r in rows}
        own = [_posting(r).to_dict() for r in conn.execute(
            select(table).where(table.c.area == code)).all()]
        own = [p for p in own if p["updated_at"] > sent.get(p["job_id"], "")]
        mine = {p["job_id"] for p in own}
        rows = [r for r in rows if r["job_id"] not in mine]
    conn.execute(delete(table))
    if rows or own:
        conn.execute(insert(table), rows + own)
    store.audit.log_in(conn, "jobs_received", store.user or "", postings=len(rows) + len(own))
    return len(rows) + len(own)


def _checked_rows(line: Mapping[str, Any], code: str, bundle_id: str, *, exact: bool = False
                  ) -> list[dict[str, Any]]:
    """The postings of a `jobs` line, checked (hostile input): each of an area above `code`
    (or, `exact`, of `code` itself)."""
    items = line.get("postings")
    if not isinstance(items, list) or len(items) > ROWS_MAX:
        raise ValueError("jobs: malformed list")
    rows = []
    for item in items:
        if not isinstance(item, dict) or set(item) != _LINE_KEYS:
            raise ValueError("jobs: malformed posting")
        for key, value in item.items():
            if key in _INTS:
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                          or not 0 <= value <= 10_000_000):
                    raise ValueError(f"jobs: {key}")
            elif not isinstance(value, str) or len(value) > TEXT_MAX:
                raise ValueError(f"jobs: {key}")
        area = item["area"]
        if len(area) not in (6, 9) or not code.startswith(area) or (exact and area != code):
            raise ValueError("jobs: another area's posting")
        try:
            uuid.UUID(item["job_id"])
        except ValueError:
            raise ValueError("jobs: job_id") from None
        if item["trade"] not in trades.CODES or item["sex"] not in SEX_NAMES \
                or item["status"] not in ("open", "closed") \
                or (item["education"] and item["education"] not in EDUCATION):
            raise ValueError("jobs: malformed posting")
        rows.append({**item, "source": f"bundle:{bundle_id}", "entered_by": ""})
    return rows


def sheet_rows(postings: Iterable[Posting]) -> list[list[Any]]:
    """Postings as rows under `HEADERS` (the same sheet imports them back)."""
    return [[p.employer, p.title, trades.name(p.trade), p.province, p.city, p.district,
             p.pay_min, p.pay_max, p.openings, p.age_min, p.age_max, SEX_NAMES.get(p.sex, ""),
             EDUCATION_NAMES.get(p.education, "不限"), p.contact, p.phone, p.deadline]
            for p in postings]
