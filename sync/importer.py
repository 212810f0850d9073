"""Importing bundles: verify, decrypt, validate, merge — one bundle, one transaction.

Checks run cheapest-first and all before anything is written: format and version, who sent
it (an enrolled, unrevoked device of that village, or this village's county for a return
bundle), the signature, that it is addressed to this workspace, the payload's size and hash,
and whether it was already imported (same bundle: nothing to do) or its device and sequence
number were already used by a different bundle (refused: possibly a cloned device). Only
then is it decrypted and merged, inside one transaction with its log row, so a crash or a
refusal leaves the store as it was.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from . import (
    audit,
    bundle,
    checking,
    county_settings,
    expected,
    formbook,
    jobs,
    meta,
    ownership,
    review,
    senders,
    services,
    spotchecks,
    township,
)
from . import village_scope as scope
from .atomic import write_atomic
from .bundle import BundleRejected, RawBundle
from .enrol import store_areas, store_relay, store_server_certs
from .merge import Merger
from .models import Audit, BundleIn, Device, PeerAck, Revision
from .record import utc_now

if TYPE_CHECKING:
    from .service import SyncService

Progress = Callable[[int, int, str], None]
IMPORT_REJECTED = "import_rejected"
# A bigger page cache while importing: bundles touch index pages all over a large county
# store (random UUIDs). 128 MiB keeps a whole-county import under the 500 MB memory target.
IMPORT_CACHE_KIB = 128 * 1024
LOOKAHEAD = 64  # bundles decrypted ahead of the merge (their checks run meanwhile)…
AHEAD_BYTES = 8 * 1024**2  # …while their lines (bytes, not parsed) stay under this (with the
# merge checking too, a larger window held more verdicts: 16 MiB peaked at 494 MiB, 32 at 520)
REV_PREFIX = b'{"t":"rev",'  # how the exporter starts a revision line


@dataclass
class ImportResult:
    path: str
    status: str  # accepted | already | rejected
    reason: str = ""
    message_zh: str = ""
    message_en: str = ""
    bundle_id: str = ""
    kind: str = ""
    code: str = ""
    device_id: str = ""
    seq: int = 0
    revisions: int = 0
    new_revisions: int = 0
    households: int = 0
    deleted: int = 0
    conflicts: int = 0
    quarantined: int = 0
    duplicates: int = 0
    gaps: list[int] = field(default_factory=list)
    forwarded: str = ""
    stale: bool = False  # an older return bundle: its settings and lists were not applied
    foreign: int = 0     # revisions of another village's households, refused into quarantine
    forms: list[str] = field(default_factory=list)  # form versions this bundle brought (new here)
    reviews: int = 0     # review decisions (审核) new here (sync/review.py)
    services: int = 0    # 311 service revisions new here and counted (sync/services.py)
    services_refused: int = 0  # service revisions not counted (another village's person…)
    sender_role: str = ""  # village | township | county: who signed it
    carried: str = ""    # a township: the village whose county bundle it keeps to carry

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def one_line(self) -> str:
        name = Path(self.path).name
        if self.status == "rejected":
            return f"拒收 REJECTED {name}: {self.message_zh} / {self.message_en}"
        if self.carried:
            done = "已收下" if self.status == "accepted" else "已收下过"
            return (f"{done} CARRY {name}: 县给村 {self.carried} 的回传包 序号 {self.seq}，"
                    f"回传时带给该村 / the county's return bundle for village {self.carried}, "
                    "kept to carry to it")
        if self.status == "already":
            return (f"已导入过 ALREADY {name}: 村 {self.code} 序号 {self.seq}，无变化 "
                    f"/ already imported, nothing changed")
        gaps = (f"；缺少序号 missing seq {','.join(map(str, self.gaps))}" if self.gaps else "")
        if self.foreign:
            gaps += (f"；其中 {self.foreign} 条修改的是别村的户，已隔离待县里处理 / {self.foreign} "
                     "changed another village's households and were quarantined")
        if self.stale:
            gaps += ("；较旧的回传包，其中口径和名单未采用 / an older return bundle: its "
                     "settings and lists were not applied")
        if self.reviews:
            gaps += f"；审核意见 {self.reviews} 条 / {self.reviews} review decisions"
        if self.services:
            gaps += f"；服务记录 {self.services} 条 / {self.services} service records"
        if self.services_refused:
            gaps += (f"；{self.services_refused} 条服务记录不予计入（别村的人等，见 mopai services "
                     f"list --refused）/ {self.services_refused} service records not counted")
        if self.forms:
            gaps += (f"；收到问卷 {'、'.join(self.forms)} / received form "
                     f"{', '.join(self.forms)}")
        sender = {"county": "县 county", "township": "乡镇 township"}.get(
            self.sender_role, "县 county" if self.kind == "return" else "村 village")
        return (f"已接收 ACCEPTED {name}: {sender} {self.code} 序号 seq {self.seq}，"
                f"新修订 new revisions {self.new_revisions}，户 households {self.households}，"
                f"删除 deleted {self.deleted}，冲突 conflicts {self.conflicts}，"
                f"隔离 quarantined {self.quarantined}，重复证件 duplicate IDs {self.duplicates}{gaps}")


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and the bundles in named folders (temporary files and
    hidden files left on a stick by an interrupted export are skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() == bundle.SUFFIX
                          and not f.name.startswith("."))
        else:
            out.append(p)
    return out


def import_paths(svc: SyncService, paths: Iterable[Path], *, progress: Progress | None = None,
                 cancel: Event | None = None, batch_revisions: int = 30_000,
                 forward_to: Path | None = None,
                 pool: checking.SharedPool | None = None,
                 more: Callable[[], list[Path]] | None = None, hold: float | None = None,
                 yield_to: Callable[[], bool] | None = None,
                 committed: Callable[[list[ImportResult]], None] | None = None
                 ) -> list[ImportResult]:
    """Import bundles in order. Each bundle is merged inside its own SAVEPOINT, whole or not
    at all; several bundles share one commit (up to `batch_revisions` revisions), because on
    an encrypted store the commit (writing every touched page) is most of the cost. Nothing
    is reported accepted before its commit; a crash loses only the uncommitted group, whole.

    The pure work of a bundle (decrypting, parsing, the schema check, the form's checks) is
    done ahead, a few bundles in front of the merge, the form's checks in other processes
    when the run is large (sync/checking.py): a county import uses every core. A process
    that imports run after run (the sync server) passes the `pool` of workers it keeps.

    A process that imports bundles as they arrive (the sync server's queue) passes `more`:
    asked for the bundles that arrived meanwhile whenever every file the run knows is
    prepared, and before committing the last one (none, after a commit: the run ends). It is
    asked with the run's transaction open, so it must not touch the store: on SQLite this
    thread's connection is the run's (the server's queue is in its own tables,
    sync/netdb.py). So bundles that queue while others are merged join the open group and
    are checked ahead as a folder's are; a group open `hold` seconds is committed (the
    store's other writers wait for it, and the group's bundles are reported only then), and
    one whose `yield_to()` says another writer waits (engine.writers_waiting), after the
    bundle being merged; `committed` is given each group's results as soon as they are
    committed."""
    files = bundle_files(paths)
    ctx = _Context(svc)
    ctx.checker = checking.Checker.for_run(ctx.checks(), files, pool)
    results: list[ImportResult] = []
    pending: list[ImportResult] = []
    ahead: deque[_Prepared] = deque()
    conn = None
    load, opened = 0, 0.0
    i = 0
    try:
        while True:
            if cancel is not None and cancel.is_set():
                break
            if more is not None and i + len(ahead) == len(files):
                files += more()  # every file known is prepared: what arrived meanwhile
            if i == len(files):
                break
            while i + len(ahead) < len(files) and (not ahead or (
                    len(ahead) <= LOOKAHEAD and sum(p.held for p in ahead) < AHEAD_BYTES)):
                ahead.append(_prepare(ctx, files[i + len(ahead)]))
            prepared = ahead.popleft()
            if conn is None:
                conn = svc.store.engine.connect().execution_options(immediate=True)
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
                    conn.commit()
                conn.begin()
                opened = time.monotonic()
            pending.append(_import_one(ctx, conn, prepared))
            load += pending[-1].revisions + 1
            if more is not None and i == len(files) - 1:
                files += more()  # before committing the last one known: any that arrived?
            if load >= batch_revisions or i == len(files) - 1 \
                    or (hold is not None and time.monotonic() - opened >= hold) \
                    or (yield_to is not None and yield_to()):
                conn.commit()
                conn.close()
                conn, load = None, 0
                results += pending
                if committed is not None:
                    committed(pending)
                pending = []
            if progress:
                progress(i + 1, len(files), prepared.path.name)
            i += 1
        if conn is not None:
            conn.commit()
            results += pending
            if committed is not None:
                committed(pending)
    finally:
        ctx.checker.close()
        if conn is not None:
            conn.close()  # uncommitted (an exception): rolled back, nothing reported
        if svc.store.engine.dialect.name == "sqlite":  # back to the everyday cache (engine.py)
            with svc.store.engine.connect() as c:
                c.exec_driver_sql("PRAGMA cache_size = -65536")
                c.commit()
    store = svc.store
    if store.workspace.role == "township" and store.meta.get(meta.SERVER_CERT):
        # over the network too: its next `mopai sync` uploads them (docs/sync.md, "Townships
        # over the network"); the county imports a file once whichever way it came
        (store.workspace.home / OUTBOX).mkdir(exist_ok=True)
        forward(results, store.workspace.home / OUTBOX, note=False)
    if forward_to is not None:
        forward(results, Path(forward_to))
    return results


OUTBOX = "outbox"  # the workspace's bundles waiting for network sync (sync/net/client.py)


def forward(results: list[ImportResult], folder: Path, *, note: bool = True) -> None:
    """A township relays the original files, byte for byte, to the county's stick (or its
    outbox, `note` False: not what the slip reports as forwarded)."""
    for r in results:
        if r.ok and r.kind == "data":  # the county's own return bundles stay here
            data = Path(r.path).read_bytes()
            target = folder / Path(r.path).name
            if not (target.exists() and target.read_bytes() == data):
                write_atomic(target, data, mode=None)
            if note:
                r.forwarded = str(target)


def import_file(svc: SyncService, path: Path) -> ImportResult:
    [result] = import_paths(svc, [path])
    return result


@dataclass
class _Context:
    """What every bundle of one run needs, read before the write transaction opens."""

    svc: SyncService

    def __post_init__(self) -> None:
        self.store = self.svc.store
        self.identity = self.svc.identity()
        self.enrolment = self.svc.enrolment()
        self.validator = self.svc.validator
        self.checker: checking.Checker = checking.Checker(checking.Checks())
        with self.store.engine.connect() as conn:  # who may sign what, for the work ahead
            self.sign_pubs = dict(conn.execute(select(Device.device_id, Device.sign_pub)
                                               .where(Device.revoked_at.is_(None))).all())
            self.seen: set[Any] = set(conn.execute(select(BundleIn.bundle_id)).scalars())
            self.seen |= {(d, s) for d, s in conn.execute(select(BundleIn.device_id,
                                                                 BundleIn.seq))}
        if self.enrolment:
            self.sign_pubs[self.enrolment["county_device_id"]] = self.enrolment["county_sign_pub"]
            if self.enrolment.get(meta.TOWNSHIP_DEVICE_ID) and self.store.workspace.role == "village":
                # the township's own 回传 (sync/township.py), checked again at its turn
                self.sign_pubs[self.enrolment[meta.TOWNSHIP_DEVICE_ID]] = self.enrolment.get(
                    meta.TOWNSHIP_SIGN_PUB, "")

    def checks(self) -> checking.Checks:
        """The field types of the forms the store holds, and the form's checks when the store
        checks with its forms (a `FormChecks` validator), else the validator it was given."""
        catalog = self.store.forms.catalog()
        if isinstance(self.validator, formbook.FormChecks):
            return checking.Checks(catalog, form=True)
        return checking.Checks(catalog, validator=self.validator)


@dataclass
class _Prepared:
    """A bundle's pure work, done ahead of its merge. Its checks still run in order at its
    turn (`_import_one`); an error found here is raised there, where its reason belongs."""

    path: Path
    raw: RawBundle | None = None
    verified: bool = False          # signature and payload hash checked against `sign_pubs`
    lines: list[bytes] | None = None        # decrypted, within the limits, not yet parsed
    checks: checking.Pending | None = None  # per revision: the schema's and the form's verdict
    error: Exception | None = None
    held: int = 0                           # bytes of `lines`: what waiting costs in memory


def _prepare(ctx: _Context, path: Path) -> _Prepared:
    p = _Prepared(path)
    try:
        p.raw = bundle.read(path)
        h = p.raw.header
        pub = ctx.sign_pubs.get(h["sender"]["device_id"])
        if pub is None or h["bundle_id"] in ctx.seen \
                or (h["sender"]["device_id"], h["seq"]) in ctx.seen:
            # Not one we trust, or already imported: decided at its turn, nothing decrypted.
            return p
        p.raw.check_signature(pub)
        p.raw.check_payload()
        p.verified = True
        p.lines = bundle.decrypt_lines(p.raw, ctx.identity)
        p.held = sum(map(len, p.lines))
        # Revisions as the exporter writes them; any other line is parsed (and a revision
        # written otherwise checked) here at its turn.
        at = [i for i, line in enumerate(p.lines) if line.startswith(REV_PREFIX)]
        p.checks = ctx.checker.submit(at, [p.lines[i] for i in at])
    except Exception as exc:  # noqa: BLE001 - raised again at the bundle's turn
        p.error, p.lines = exc, None
    return p


def _import_one(ctx: _Context, conn: Connection, prepared: _Prepared) -> ImportResult:
    """One bundle, isolated: whatever it holds and however it fails, it is refused on its own
    (with a reason naming the file, audited) and the other bundles of the run go in."""
    path = prepared.path
    result = ImportResult(path=str(path), status="rejected")
    try:
        if prepared.raw is None:
            raise prepared.error or BundleRejected("not_a_bundle")
        raw = prepared.raw
        h = raw.header
        result.bundle_id, result.kind, result.seq = h["bundle_id"], h["kind"], h["seq"]
        result.device_id, result.code = h["sender"]["device_id"], h["sender"]["code"]
        result.sender_role = str(h["sender"].get("role", ""))[:16]
        if township.carries(ctx.store, raw):  # the county's bundle for one of its villages
            with conn.begin_nested():
                new = township.carry(conn, raw, ctx.enrolment, ctx.store.workspace.code, path)
            result.status, result.carried = ("accepted" if new else "already"), h["target"]
            if new:
                _audit(ctx, conn, audit.IMPORT, file=Path(path).name, bundle_id=result.bundle_id,
                       device_id=result.device_id, seq=result.seq, carried=result.carried)
            return result
        with conn.begin_nested():  # a failure anywhere leaves the run's transaction usable
            senders.check(conn, raw, ctx.store, ctx.enrolment, ctx.identity.age_recipient)
            if not prepared.verified:
                raw.check_payload()
            if senders.already(conn, raw):
                result.status = "already"
                return result
            senders.check_sequence(conn, raw)
            if prepared.error is not None:
                raise prepared.error
            if prepared.lines is None:
                prepared = _prepare(ctx, path)  # trusted only now (enrolled during the run)
                if prepared.error is not None:
                    raise prepared.error
            assert prepared.lines is not None and prepared.checks is not None
            lines = bundle.parse_lines(prepared.lines)
            if township.from_township(raw):  # decisions only, before anything is kept
                township.check_lines(lines, raw, ctx.store.workspace.code)
            brought = _forms(ctx, conn, raw, lines)
            checks = ctx.checker.checks
            for ref in brought:
                checks = checks.with_form(ref)
            _merge(ctx, conn, raw, lines, result, prepared.checks.verdicts(lines, checks))
        result.status = "accepted"
        for ref in brought:  # kept with the bundle: the next bundles are checked with it too
            ctx.checker.learn(ref)
        result.forms = [ref.version for ref in brought]
    except BundleRejected as exc:
        _rejected(ctx, conn, result, exc)
        return result
    except Exception as exc:  # noqa: BLE001 - MemoryError, RecursionError…: this bundle only
        # Never the exception's text: it may quote the bundle's content (names, ID numbers).
        _rejected(ctx, conn, result, BundleRejected("failed", type(exc).__name__))
        return result
    _audit(ctx, conn, audit.IMPORT, file=Path(path).name, bundle_id=result.bundle_id,
           device_id=result.device_id, code=result.code, seq=result.seq,
           new_revisions=result.new_revisions,
           conflicts=result.conflicts, quarantined=result.quarantined,
           **({"stale_return": True} if result.stale else {}),
           **({"reason": FOREIGN_ALERT, "foreign": result.foreign} if result.foreign else {}))
    return result


def _rejected(ctx: _Context, conn: Connection, result: ImportResult, exc: BundleRejected) -> None:
    result.status = "rejected"
    result.reason, result.message_zh, result.message_en = exc.reason, exc.zh, exc.en
    _audit(ctx, conn, IMPORT_REJECTED, file=Path(result.path).name, reason=exc.reason,
           bundle_id=str(result.bundle_id)[:64], device_id=str(result.device_id)[:64],
           seq=result.seq)


def _audit(ctx: _Context, conn: Connection, event: str, **detail: Any) -> None:
    conn.execute(insert(Audit.__table__), [{
        "at": utc_now(), "event": event, "user": ctx.store.user, "device_id": ctx.store.device_id,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}])


# -- checks before anything is written ------------------------------------------------------
# -- the merge, inside the bundle's savepoint --------------------------------------------------
def _merge(ctx: _Context, conn: Connection, raw: RawBundle, lines: list[dict[str, Any]],
           result: ImportResult, verdicts: list[checking.Verdict]) -> None:
    store, h = ctx.store, raw.header
    manifest = lines[-1]
    revs = [ln for ln in lines if ln.get("t") == "rev"]
    if manifest.get("counts", {}).get("revisions") != len(revs):
        raise BundleRejected("damaged_payload", "manifest count")
    now = utc_now()
    data = h["kind"] == "data"
    owners = scope.owners(conn, revs) if data else {}
    valid, bad = scope.split(raw, revs, owners, verdicts)
    if data:
        scope.check_size(conn, raw.sender["code"], valid, owners)
    quarantined = scope.quarantine(conn, raw, bad, now)
    merger = Merger(conn, device_id=store.device_id, user=store.user,
                    village_code=h["sender"]["code"] if data else store.workspace.code,
                    types=lambda state: ctx.checker.checks.types({"state": state}))
    stats = merger.apply(valid)
    if data:
        scope.claim(conn, raw.sender["code"], valid, owners, now, store.user)
    elif store.workspace.role == "village":
        stats.households -= ownership.moved_away(conn, store.workspace.code, stats.households,
                                                 store.user)
    # Review decisions after the revisions they judge: only the county's return bundles and
    # a township's data bundle (its own villages) bring them; kept once, latest counts.
    try:
        result.reviews = review.receive(conn, store, lines, sender=h["sender"], kind=h["kind"],
                                        bundle_id=h["bundle_id"])
    except ValueError as exc:
        raise BundleRejected("damaged_payload", f"reviews: {str(exc)[:40]}") from None
    # 311 service records after the households they name (sync/services.py).
    try:
        result.services, result.services_refused = services.receive(
            conn, store, lines, sender=h["sender"], kind=h["kind"], bundle_id=h["bundle_id"])
    except ValueError as exc:
        raise BundleRejected("damaged_payload", f"services: {str(exc)[:40]}") from None
    try:
        spotchecks.receive(conn, store, lines, sender=h["sender"], kind=h["kind"],
                           bundle_id=h["bundle_id"])
    except ValueError as exc:
        raise BundleRejected("damaged_payload", str(exc)[:40]) from None
    # An older return bundle than one already applied brings older settings and lists: its
    # revisions and acknowledgements still count (they merge by history), the rest not. Its
    # forms were kept already (`_forms`): kept by version, they never roll the current back.
    # A township's 回传 carries decisions only (checked before): no settings, no sequence of
    # the county's to follow.
    from_county = not data and not township.from_township(raw)
    stale = from_county and h["seq"] < _last_return_seq(conn)
    for line in lines:
        kind = line.get("t")
        if kind == "have" and data:
            _peer_acks(conn, h["sender"]["device_id"], _ids(line))
        elif kind == "jobs" and data and store.workspace.role == "county" \
                and h["sender"].get("role") == "township":
            try:   # the postings a township entered for itself (sync/jobs.py)
                jobs.receive_township(conn, store, line, h["sender"], h["bundle_id"])
            except ValueError as exc:
                raise BundleRejected("damaged_payload", str(exc)[:40]) from None
        elif kind == "ack" and not data:
            _acks(conn, _ids(line))
        elif data or stale:
            continue
        elif kind == "areas":
            store_areas(conn, line["areas"])
        elif kind == "relay":
            store_relay(conn, line)
        elif kind == "server":
            store_server_certs(conn, line)
        elif kind == "expected":
            try:
                expected.receive(conn, store, line)
            except ValueError as exc:
                raise BundleRejected("damaged_payload", str(exc)[:40]) from None
        elif kind == "jobs":
            try:
                jobs.receive(conn, store, line, h["bundle_id"])
            except ValueError as exc:
                raise BundleRejected("damaged_payload", str(exc)[:40]) from None
        elif kind == "settings":
            try:
                county_settings.receive(conn, store, line.get("settings"),
                                        bundle_id=h["bundle_id"])
            except county_settings.BadSettings as exc:
                raise BundleRejected("bad_settings", exc.problem) from None
    if from_county and not stale:
        meta.put(conn, {meta.LAST_RETURN_SEQ: str(h["seq"])})
    conn.execute(insert(BundleIn.__table__), [{
        "bundle_id": h["bundle_id"], "kind": h["kind"], "device_id": h["sender"]["device_id"],
        "code": h["sender"]["code"], "seq": h["seq"], "file_sha256": raw.file_sha256,
        "payload_sha256": h["payload"]["sha256"], "created_at": h["created_at"],
        "received_at": now, "revisions": len(revs), "new_revisions": stats.new_revisions,
        "conflicts": stats.conflicts, "quarantined": quarantined}])
    meta.put(conn, {meta.LAST_IMPORT: now})
    seqs = sorted(conn.execute(select(BundleIn.seq).where(
        BundleIn.device_id == h["sender"]["device_id"])).scalars())
    result.revisions, result.new_revisions = len(revs), stats.new_revisions
    result.households, result.deleted = len(stats.households), len(stats.deleted)
    result.conflicts, result.quarantined, result.duplicates = (stats.conflicts, quarantined,
                                                               stats.duplicates)
    result.foreign = sum(reason.startswith(scope.FOREIGN) for _, reason in bad)
    result.stale = stale
    result.gaps = senders.gaps(seqs)


FOREIGN_ALERT = "foreign_households"  # an accepted bundle that changed another village's


def _forms(ctx: _Context, conn: Connection, raw: RawBundle, lines: list[dict[str, Any]]
           ) -> list[formbook.FormRef]:
    """The forms a return bundle brings (its `form` lines), checked and kept before its
    revisions are, which may be saved under them. Kept whatever the bundle's age: a form is
    kept by version and the newest version is current, so an older one never rolls the
    current form back. A form that cannot be used refuses the whole bundle (`bad_form`)."""
    if raw.header["kind"] != "return":
        return []
    brought = []
    for line in lines:
        if line.get("t") != "form":
            continue
        try:
            ref = formbook.received(line)
        except formbook.FormRefused as exc:
            raise BundleRejected("bad_form", exc.en[:200]) from None
        if formbook.keep(conn, ref, ctx.store, bundle_id=raw.header["bundle_id"]):
            brought.append(ref)
    return brought


def _last_return_seq(conn: Connection) -> int:
    value = meta.get(conn, meta.LAST_RETURN_SEQ)
    return int(value) if value else 0


def _ids(line: dict[str, Any]) -> list[str]:
    ids = line.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) and len(i) <= 64 for i in ids):
        raise BundleRejected("damaged_payload", f"{line.get('t')} ids")
    return ids


def _peer_acks(conn: Connection, device_id: str, ids: list[str]) -> None:
    have = set(conn.execute(select(PeerAck.revision_id).where(PeerAck.device_id == device_id))
               .scalars())
    rows = [{"device_id": device_id, "revision_id": i} for i in set(ids) - have]
    for start in range(0, len(rows), 500):
        conn.execute(insert(PeerAck.__table__), rows[start:start + 500])


def _acks(conn: Connection, ids: list[str]) -> None:
    services.acknowledge(conn, ids)
    for start in range(0, len(ids), 500):
        conn.execute(update(Revision.__table__).where(
            Revision.revision_id.in_(ids[start:start + 500]), Revision.origin == "local")
            .values(acked=True))
