"""`store.forms`: the versions of the questionnaire a workspace holds, the current one, and
the one validator.

Every workbook a workspace knows is kept in the `formfile` table by version: the form built
into this copy of Mopai (stored when the store opens), every form the county published (at
the county) and every form a return bundle or the enrolment setup file brought (at a village
or township). The *current* form is the newest version of the built-in form's `form_id`:
the built-in one until the county publishes another. New households are captured with it,
the editor opens every record under it, and the list's and the reports' figures are read
under it (`forms.upgrade_household`).

Validity is another question: a record is checked against the form it is *saved under*
(its `form_version`). A village that has not received the county's newest form yet goes on
capturing with the one it has, and the county accepts those households; a complete record
stays complete when a later form adds a required question, until someone edits it (the
editor upgrades it to the current form, so the save checks it under that one). The one
validator is `FormCatalog.validate`; the store's save check, an import's checking workers,
the editor and `mopai validate` all call it (docs/decisions.md, "One form in use").

A `FormCatalog` is the picklable snapshot of what a workspace holds: an import hands it to its
`spawn`ed checking workers, and each process parses a workbook once (`parse`, cached by the
workbook's SHA-256), however many tasks it runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from mopai import forms

from .errors import InputError
from .models import FormFile
from .record import utc_now
from .schema import FieldTypes

if TYPE_CHECKING:
    from .store import Store

FORM_CHECKS = "form"          # Workspace.unlock(validator=FORM_CHECKS): the form's checks
PUBLISHED = "form_published"  # audit events
RECEIVED = "form_received"


# -- one workbook, parsed once per process ---------------------------------------------------
@dataclass(frozen=True)
class FormRef:
    """One version of the form as the store keeps it: the workbook and what names it."""

    form_id: str
    version: str
    sha256: str
    content: bytes = field(repr=False)


_PARSED: dict[str, forms.Form] = {}
_TYPES: dict[str, FieldTypes] = {}
_LOCK = threading.Lock()


def _shipped_ref(path: Path) -> FormRef:
    """A shipped workbook as the store keeps it, named as it names itself
    (forms/resources.py `SHIPPED_NAMES`): not loaded, which every store opened would pay."""
    content = path.read_bytes()
    form_id, version = forms.SHIPPED_NAMES[path.name]
    return FormRef(form_id, version, hashlib.sha256(content).hexdigest(), content)


@cache
def builtin() -> FormRef:
    """The form shipped with this copy of Mopai (forms/labor_survey.xlsx)."""
    return _shipped_ref(forms.default_form_path())


@cache
def shipped() -> tuple[FormRef, ...]:
    """Every version of the form shipped with this copy of Mopai, oldest first: the earlier
    ones (forms/resources.py `EARLIER_FORMS`) and the built-in one, last."""
    return (*map(_shipped_ref, forms.earlier_form_paths()), builtin())


def parse(ref: FormRef) -> forms.Form:
    """The form of `ref`, loaded once per process (workers included) and shared."""
    form = _PARSED.get(ref.sha256)
    if form is None:
        with _LOCK:
            form = _PARSED.get(ref.sha256)
            if form is None:
                form = (forms.load_default_form() if ref.sha256 == builtin().sha256
                        else forms.load_form(io.BytesIO(ref.content)))
                _PARSED[ref.sha256] = form
    return form


def types_of(ref: FormRef) -> FieldTypes:
    """The strict schema's field types of a form (sync/schema.py), once per workbook."""
    found = _TYPES.get(ref.sha256)
    if found is None:
        found = _TYPES[ref.sha256] = FieldTypes.of(parse(ref))
    return found


# -- what a workspace holds: picklable -------------------------------------------------------
class FormCatalog:
    """The forms a workspace holds, by version, and which is current.

    Picklable (the workbooks' bytes, not the parsed forms): an import's checking worker gets
    it with each task and keeps the parsed forms of its process (`parse`).
    """

    def __init__(self, refs: Iterable[FormRef]) -> None:
        form_id = builtin().form_id
        self.refs: dict[str, FormRef] = {r.version: r for r in refs if r.form_id == form_id}
        if not self.refs:
            self.refs = {r.version: r for r in shipped()}
        self.current: FormRef = max(self.refs.values(),
                                    key=lambda r: forms.version_key(r.version))

    def __contains__(self, version: object) -> bool:
        return isinstance(version, str) and version in self.refs

    @property
    def versions(self) -> frozenset[str]:
        return frozenset(self.refs)

    def with_form(self, ref: FormRef) -> FormCatalog:
        """A copy that also holds `ref` (a form a bundle brought, before it is stored)."""
        return FormCatalog([*self.refs.values(), ref])

    def current_form(self) -> forms.Form:
        return parse(self.current)

    def form(self, version: Any) -> forms.Form | None:
        """The form of `version`, or None when this workspace does not hold it."""
        ref = self.refs.get(version) if isinstance(version, str) else None
        return None if ref is None else parse(ref)

    def types(self, state: Any) -> FieldTypes:
        """Field types for the strict schema: those of the record's form when held, else the
        current form's (an unknown question then only has to be a bounded value)."""
        version = state.get("form_version") if isinstance(state, Mapping) else None
        ref = self.refs.get(version) if isinstance(version, str) else None
        return types_of(ref or self.current)

    def validate(self, state: Mapping[str, Any]) -> list[forms.Finding]:
        """The one validator: every error and warning of a record under the form it is saved
        under; an error when this workspace does not hold that version."""
        version = state.get("form_version")
        form = self.form(version)
        if form is None:
            return [unknown_version(version, self.current.version)]
        return forms.validate_household(form, state)

    def upgrade(self, state: Mapping[str, Any]) -> forms.Upgrade:
        """The record as the current form reads it (renamed answers moved, removed ones
        kept but not shown; forms/upgrade.py)."""
        return forms.upgrade_household(self.current_form(), state)


def unknown_version(version: Any, current: str) -> forms.Finding:
    from mopai.forms.findings import shown

    text = shown(version)[:40] if version else "（无）"
    return forms.Finding(
        "form_version_unknown", "error", None, None, None,
        f"该户按问卷版本“{text}”填写，本机没有这个版本的问卷（当前为 {current}）；问卷由县里发布，"
        "随回传包送达",
        f"the household was saved under form version {text!r}, which this workspace does not "
        f"hold (current: {current}); forms are published by the county and arrive with its "
        "return bundles")


# -- the store's facade ----------------------------------------------------------------------
@dataclass(frozen=True)
class CurrentForm:
    """The form new households are captured with."""

    form_id: str
    version: str
    sha256: str
    form: forms.Form = field(repr=False, compare=False)


class FormRefused(InputError):
    """A workbook that cannot be published or received; `problems` are its reasons, each
    naming the sheet, row and column (Chinese and English)."""

    def __init__(self, zh: str, en: str, problems: Sequence[tuple[str, str]] = (), *,
                 where: str | None = None) -> None:
        super().__init__(zh, en, where=where)
        self.problems = list(problems)

    def message(self, lang: str = "zh_CN") -> str:
        lines = [super().message(lang)]
        lines += [zh if lang.startswith("zh") else en for zh, en in self.problems]
        return "\n".join(lines)


class FormBook:
    """`store.forms`: the current form, the form of a version, publishing (county)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._refs: dict[str, FormRef] = {}  # by SHA-256: contents read once per store
        self._catalog: FormCatalog | None = None
        self._key: frozenset[str] = frozenset()  # the workbooks the catalog was made of

    def catalog(self) -> FormCatalog:
        """What the store holds now (one small query; workbooks read once)."""
        with self._store.engine.connect() as conn:
            rows = conn.execute(select(FormFile.form_version, FormFile.form_id,
                                       FormFile.sha256)).all()
            missing = [v for v, _i, sha in rows if sha not in self._refs]
            if missing:
                for v, i, sha, content in conn.execute(
                        select(FormFile.form_version, FormFile.form_id, FormFile.sha256,
                               FormFile.content).where(FormFile.form_version.in_(missing))):
                    self._refs[sha] = FormRef(i, v, sha, bytes(content))
        key = frozenset(sha for _v, _i, sha in rows)
        if self._catalog is None or key != self._key:
            self._catalog = FormCatalog(self._refs[sha] for _v, _i, sha in rows)
            self._key = key
        return self._catalog

    def current(self) -> CurrentForm:
        catalog = self.catalog()
        ref = catalog.current
        return CurrentForm(ref.form_id, ref.version, ref.sha256, catalog.current_form())

    def form(self, version: str) -> forms.Form:
        """The form of `version` (for a record saved under it)."""
        form = self.catalog().form(version)
        if form is None:
            raise InputError(f"本机没有问卷版本“{version}”", f"this workspace holds no form "
                             f"version {version!r}")
        return form

    def validate(self, state: Mapping[str, Any]) -> list[forms.Finding]:
        """The one validator (`FormCatalog.validate`) on what the store holds now."""
        return self.catalog().validate(state)

    def upgrade(self, state: Mapping[str, Any]) -> forms.Upgrade:
        return self.catalog().upgrade(state)

    def findings(self, records: Iterable[Mapping[str, Any]]
                 ) -> list[tuple[Mapping[str, Any], forms.Finding]]:
        """Every finding of every household (`mopai validate`): the one validator's, each
        record under the form it is saved under, and the checks across households (an ID
        number in two households, a 户编号 used twice in a village)."""
        catalog = self.catalog()
        records = list(records)
        id_owners: dict[str, set[str]] = defaultdict(set)
        number_owners: dict[tuple[str, str], set[str]] = defaultdict(set)
        for h in records:
            fields = h.get("fields") or {}
            number_owners[str(fields.get("village_code")), str(fields.get("household_no"))
                          ].add(h["uuid"])
            for m in h.get("members") or []:
                raw = (m.get("fields") or {}).get("id_number")
                if raw:
                    id_owners[forms.idnumber.normalize(str(raw))].add(h["uuid"])
        labels = {h["uuid"]: label(h) for h in records}
        found: list[tuple[Mapping[str, Any], forms.Finding]] = []
        for h in records:
            fields = h.get("fields") or {}
            others = {n: sorted(labels[u] for u in owners if u != h["uuid"])
                      for n, owners in id_owners.items() if len(owners) > 1 and h["uuid"] in owners}
            taken = number_owners[str(fields.get("village_code")), str(fields.get("household_no"))]
            nos = {str(fields.get("household_no")): sorted(labels[u] for u in taken
                                                           if u != h["uuid"])} \
                if len(taken) > 1 else {}
            form = catalog.form(h.get("form_version")) or catalog.current_form()
            for f in [*catalog.validate(h),
                      *forms.cross_household_findings(form, h, others, household_nos=nos)]:
                found.append((h, f))
        return found

    def versions(self) -> list[dict[str, str]]:
        """Every version held, newest first: form id, version, SHA-256, when it came."""
        with self._store.engine.connect() as conn:
            rows = conn.execute(select(FormFile.form_id, FormFile.form_version, FormFile.sha256,
                                       FormFile.received_at)).all()
        return sorted(({"form_id": i, "version": v, "sha256": s, "received_at": at}
                       for i, v, s, at in rows),
                      key=lambda r: forms.version_key(r["version"]), reverse=True)

    def publish(self, path: Path, reason: str = "") -> CurrentForm:
        """County: make the workbook at `path` the current form, after the form checker
        passed it, its form_id is the one in use and its version is newer; audited. Every
        return bundle from now on carries it, and so does every setup file."""
        store = self._store
        if store.workspace.role != "county":
            raise InputError("只有县级工作区可以发布问卷", "only a county workspace can publish a form")
        content, form = read_workbook(Path(path))
        now = utc_now()
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            held = [FormRef(i, v, s, b"") for v, i, s in conn.execute(
                select(FormFile.form_version, FormFile.form_id, FormFile.sha256))]
            current = FormCatalog(held).current if held else builtin()
            _refuse_unless_newer(form, current.form_id, current.version, str(path))
            ref = FormRef(form.form_id, form.version, hashlib.sha256(content).hexdigest(),
                          content)
            conn.execute(insert(FormFile.__table__), [_row(ref, now)])
            store.audit.log_in(conn, PUBLISHED, store.user, form_id=ref.form_id,
                               version=ref.version, previous=current.version,
                               sha256=ref.sha256, file=Path(path).name, reason=reason.strip())
        return self.current()


def label(household: Mapping[str, Any]) -> str:
    """How a household is named in findings: village code and 户编号."""
    fields = household.get("fields") or {}
    return f"{fields.get('village_code', '')}-{fields.get('household_no', '')}"


def _row(ref: FormRef, now: str) -> dict[str, Any]:
    return {"form_version": ref.version, "form_id": ref.form_id, "sha256": ref.sha256,
            "content": ref.content, "received_at": now}


def _refuse_unless_newer(form: forms.Form, form_id: str, version: str, where: str) -> None:
    missing = [k for k in ("form_id", "version") if k not in form.declared]
    if missing:
        # Taken from the file's name or date, they would not travel with the workbook's
        # bytes: a village reading the same form would call it something else (decision 44).
        raise FormRefused(
            "发布的问卷必须在 settings 表中写明 " + "、".join(missing),
            "a published form must state " + " and ".join(missing) + " in its settings sheet",
            [(f"[settings, {k}] 请填写（" + (f"应为 {form_id}" if k == "form_id" else
                                          f"大于 {version}，如 {_next(version)}") + "）",
              f"[settings, {k}] fill it in (" + (f"it must be {form_id}" if k == "form_id" else
                                                f"above {version}, such as {_next(version)}")
              + ")") for k in missing], where=where)
    if form.form_id != form_id:
        raise FormRefused(
            f"问卷编号是“{form.form_id}”，不是正在使用的“{form_id}”：不能发布",
            f"the form id is {form.form_id!r}, not {form_id!r}, the form in use: not published",
            [(f"[settings, form_id] 应为 {form_id}", f"[settings, form_id] must be {form_id}")],
            where=where)
    if not forms.version_key(form.version) > forms.version_key(version):
        raise FormRefused(
            f"版本号 {form.version} 不比当前问卷的 {version} 新：不能发布",
            f"the version {form.version} is not newer than the current form's {version}: not "
            "published",
            [(f"[settings, version] 请改为大于 {version} 的版本号（如 {_next(version)}）",
              f"[settings, version] use a version above {version} (such as {_next(version)})")],
            where=where)


def _next(version: str) -> str:
    parts = version.split(".")
    if parts and parts[-1].isdigit():
        parts[-1] = str(int(parts[-1]) + 1)
        return ".".join(parts)
    return version + ".1"


def read_workbook(path: Path) -> tuple[bytes, forms.Form]:
    """The workbook's bytes and its form, or FormRefused with every problem the form checker
    (`forms.load_form`, the same as `mopai form check`) found, each naming sheet, row and
    column. The size limits of forms/sheets.py apply before anything is unpacked."""
    from mopai.forms.sheets import MAX_WORKBOOK_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            content = b""
        else:
            content = path.read_bytes()
    except OSError as exc:
        raise FormRefused("无法读取问卷工作簿", f"cannot read the form workbook ({exc.strerror})",
                          where=str(path)) from None
    form = check_workbook(content or path, where=str(path), folder=path.parent)
    return _with_list_files(content, form, path)


def _with_list_files(content: bytes, form: forms.Form, path: Path) -> tuple[bytes, forms.Form]:
    """The workbook with the list files of its ``select_*_from_file`` questions that lie
    beside it copied in as sheets (forms/listfiles.py): the form that is kept and sent is
    one workbook, within the workbook's size limit, checked again as it will be read."""
    from mopai.forms.listfiles import FILE_NAME, embed, read_list_file
    from mopai.forms.sheets import MAX_WORKBOOK_BYTES

    names = sorted({q.choices.name for q in form.questions()
                    if q.choices is not None and FILE_NAME.fullmatch(q.choices.name)})
    files = {}
    for name in names:
        if (path.parent / name).is_file():
            rows, _problems = read_list_file(path.parent / name)   # checked by the load
            if rows is not None:
                files[name] = rows
    if not files:
        return content, form
    content = embed(content, files)
    if len(content) > MAX_WORKBOOK_BYTES:
        raise FormRefused("问卷工作簿加上列表文件超过 1 MB，不能发布",
                          "the workbook with its list files is over 1 MB: not published",
                          where=str(path))
    return content, check_workbook(content, where=str(path))


def check_workbook(source: bytes | Path, *, where: str, folder: Path | None = None
                   ) -> forms.Form:
    try:
        form = forms.load_form(io.BytesIO(source) if isinstance(source, bytes) else source,
                               folder=folder)
    except forms.FormError as exc:
        raise FormRefused(f"{exc.zh}：不能发布", f"{exc.en}: not published",
                          [(p.one_line("zh"), p.one_line("en")) for p in exc.problems],
                          where=where) from None
    return form


# -- what travels: return bundles and setup files --------------------------------------------
def line(ref: FormRef) -> dict[str, Any]:
    """A form as a return bundle's `form` line, or a setup file's `form` (docs/bundle-format.md)."""
    return {"form_id": ref.form_id, "form_version": ref.version, "sha256": ref.sha256,
            "content": base64.b64encode(ref.content).decode()}


def refs(conn: Connection, versions: Iterable[str]) -> list[FormRef]:
    """The held forms of these versions (those not held are left out), oldest first."""
    wanted = sorted({v for v in versions if isinstance(v, str)})
    found: list[FormRef] = []
    for start in range(0, len(wanted), 500):
        found += [FormRef(i, v, s, bytes(c)) for v, i, s, c in conn.execute(
            select(FormFile.form_version, FormFile.form_id, FormFile.sha256, FormFile.content)
            .where(FormFile.form_version.in_(wanted[start:start + 500])))]
    return sorted(found, key=lambda r: forms.version_key(r.version))


def current_ref(conn: Connection) -> FormRef:
    """The current form as stored (what a return bundle and a setup file carry)."""
    versions = [v for v, i in conn.execute(select(FormFile.form_version, FormFile.form_id))
                if i == builtin().form_id]
    if not versions:
        return builtin()
    [ref] = refs(conn, [max(versions, key=forms.version_key)])
    return ref


def received(value: Any) -> FormRef:
    """A form the county sent (a `form` line, a setup file's `form`), checked: its hash, then
    the form checker, its form id and that its version is the one it is labelled with.
    FormRefused naming the problem otherwise (the bundle or setup file is then refused)."""
    try:
        form_id, version, sha = (value["form_id"], value["form_version"], value["sha256"])
        text = value["content"]
        if not (isinstance(text, str) and isinstance(version, str) and isinstance(sha, str)):
            raise TypeError
        content = base64.b64decode(text, validate=True)
    except (KeyError, TypeError, binascii.Error, ValueError):
        raise FormRefused("县里发来的问卷内容不完整", "the form sent by the county is incomplete") \
            from None
    if hashlib.sha256(content).hexdigest() != sha:
        raise FormRefused("问卷工作簿校验值不符", "the form workbook's hash does not match")
    form = check_workbook(content, where=f"form {str(version)[:40]}")
    if (form.form_id, form.version) != (form_id, version) or form_id != builtin().form_id:
        raise FormRefused(
            f"县里发来的问卷（{str(form_id)[:40]} {str(version)[:40]}）与工作簿内容不符或不是本软件使用的问卷",
            f"the form sent ({str(form_id)[:40]} {str(version)[:40]}) does not match its "
            "workbook or is not the form this software uses")
    return FormRef(form_id, version, sha, content)


def keep(conn: Connection, ref: FormRef, store: Any, **detail: Any) -> bool:
    """Keep a received form (inside the caller's transaction). A version already held stays
    as it is (the current form is the newest version, so an older form, late or repeated,
    never rolls it back). True when it was new; audited then."""
    have = conn.execute(select(FormFile.form_version).where(
        FormFile.form_version == ref.version)).first()
    if have is not None:
        return False
    conn.execute(insert(FormFile.__table__), [_row(ref, utc_now())])
    store.audit.log_in(conn, RECEIVED, store.user, form_id=ref.form_id, version=ref.version,
                       sha256=ref.sha256, **detail)
    return True


def keep_builtin(conn: Connection) -> None:
    """At open: the forms shipped with this Mopai are held like any other (so records saved
    under them stay readable after an update of Mopai brings another one)."""
    held = set(conn.execute(select(FormFile.form_version)).scalars())
    for ref in shipped():
        if ref.version in held:
            continue
        try:
            with conn.begin_nested():
                conn.execute(insert(FormFile.__table__), [_row(ref, utc_now())])
        except IntegrityError:  # another process on the same server did it first
            pass


# -- the store's validator -------------------------------------------------------------------
class FormChecks:
    """The store's validator when opened with the form's checks (`sync.store.open_store`):
    `FormCatalog.validate` on what the store holds at the time of the call. A bulk save
    (`HouseholdService.save_many`) or an import (`sync/checking.py`) looks at the store's
    forms once for the whole run instead."""

    def __init__(self, book: FormBook) -> None:
        self.book = book

    def __call__(self, state: Mapping[str, Any]) -> list[forms.Finding]:
        return self.book.validate(state)
