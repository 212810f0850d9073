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
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from . import audit, bundle, county_settings
from .atomic import write_atomic
from .bundle import BundleRejected, RawBundle
from .enrol import set_meta, store_areas, store_form, store_relay
from .merge import Merger
from .models import Audit, BundleIn, Device, PeerAck, Quarantine, Revision
from .record import utc_now

if TYPE_CHECKING:
    from .service import SyncService

Progress = Callable[[int, int, str], None]
IMPORT_REJECTED = "import_rejected"
# A bigger page cache while importing: bundles touch index pages all over a large county
# store (random UUIDs). 128 MiB keeps a whole-county import under the 500 MB memory target.
IMPORT_CACHE_KIB = 128 * 1024


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

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def one_line(self) -> str:
        name = Path(self.path).name
        if self.status == "rejected":
            return f"拒收 REJECTED {name}: {self.message_zh} / {self.message_en}"
        if self.status == "already":
            return (f"已导入过 ALREADY {name}: 村 {self.code} 序号 {self.seq}，无变化 "
                    f"/ already imported, nothing changed")
        gaps = (f"；缺少序号 missing seq {','.join(map(str, self.gaps))}" if self.gaps else "")
        return (f"已接收 ACCEPTED {name}: 村 village {self.code} 序号 seq {self.seq}，"
                f"新修订 new revisions {self.new_revisions}，户 households {self.households}，"
                f"删除 deleted {self.deleted}，冲突 conflicts {self.conflicts}，"
                f"隔离 quarantined {self.quarantined}，重复证件 duplicate IDs {self.duplicates}{gaps}")


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, and the bundles in named folders (temporary files and
    hidden files left on a stick by an interrupted export are skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix == bundle.SUFFIX
                          and not f.name.startswith("."))
        else:
            out.append(p)
    return out


def import_paths(svc: SyncService, paths: Iterable[Path], *, progress: Progress | None = None,
                 cancel: Event | None = None, batch_revisions: int = 10_000,
                 forward_to: Path | None = None) -> list[ImportResult]:
    """Import bundles in order. Each bundle is merged inside its own SAVEPOINT, whole or not
    at all; several bundles share one commit (up to `batch_revisions` revisions), because on
    an encrypted store the commit (writing every touched page) is most of the cost. Nothing
    is reported accepted before its commit; a crash loses only the uncommitted group, whole."""
    files = bundle_files(paths)
    ctx = _Context(svc)
    results: list[ImportResult] = []
    pending: list[ImportResult] = []
    conn = None
    load = 0
    try:
        for i, path in enumerate(files):
            if cancel is not None and cancel.is_set():
                break
            if conn is None:
                conn = svc.store.engine.connect().execution_options(immediate=True)
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
                    conn.commit()
                conn.begin()
            pending.append(_import_one(ctx, conn, path))
            load += pending[-1].revisions + 1
            if load >= batch_revisions or i == len(files) - 1:
                conn.commit()
                conn.close()
                conn, load = None, 0
                results += pending
                pending = []
            if progress:
                progress(i + 1, len(files), path.name)
        if conn is not None:
            conn.commit()
            results += pending
    finally:
        if conn is not None:
            conn.close()  # uncommitted (an exception): rolled back, nothing reported
        if svc.store.engine.dialect.name == "sqlite":  # back to the everyday cache (engine.py)
            with svc.store.engine.connect() as c:
                c.exec_driver_sql("PRAGMA cache_size = -65536")
                c.commit()
    if forward_to is not None:
        forward(results, Path(forward_to))
    return results


def forward(results: list[ImportResult], folder: Path) -> None:
    """A township relays the original files, byte for byte, to the county's stick."""
    for r in results:
        if r.ok:
            data = Path(r.path).read_bytes()
            target = folder / Path(r.path).name
            if not (target.exists() and target.read_bytes() == data):
                write_atomic(target, data, mode=None)
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


def _import_one(ctx: _Context, conn: Connection, path: Path) -> ImportResult:
    result = ImportResult(path=str(path), status="rejected")
    try:
        raw = bundle.read(path)
        h = raw.header
        result.bundle_id, result.kind, result.seq = h["bundle_id"], h["kind"], h["seq"]
        result.device_id, result.code = h["sender"]["device_id"], h["sender"]["code"]
        _check_sender(ctx, conn, raw)
        raw.check_payload()
        if _already(conn, raw):
            result.status = "already"
            return result
        lines = bundle.decrypt(raw, ctx.identity)
        with conn.begin_nested():
            _merge(ctx, conn, raw, lines, result)
        result.status = "accepted"
    except BundleRejected as exc:
        result.reason, result.message_zh, result.message_en = exc.reason, exc.zh, exc.en
        _audit(ctx, conn, IMPORT_REJECTED, file=Path(path).name, reason=exc.reason,
               bundle_id=result.bundle_id, device_id=result.device_id, seq=result.seq)
        return result
    _audit(ctx, conn, audit.IMPORT, file=Path(path).name, bundle_id=result.bundle_id,
           device_id=result.device_id, seq=result.seq, new_revisions=result.new_revisions,
           conflicts=result.conflicts, quarantined=result.quarantined)
    return result


def _audit(ctx: _Context, conn: Connection, event: str, **detail: Any) -> None:
    conn.execute(insert(Audit.__table__), [{
        "at": utc_now(), "event": event, "user": ctx.store.user, "device_id": ctx.store.device_id,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}])


# -- checks before anything is written ------------------------------------------------------
def _check_sender(ctx: _Context, conn: Connection, raw: RawBundle) -> None:
    store, h, sender = ctx.store, raw.header, raw.sender
    role = store.workspace.role
    me = ctx.identity.age_recipient
    if role == "county" or (role == "township" and h["kind"] == "data"):
        if h["kind"] != "data":
            raise BundleRejected("wrong_kind", h["kind"])
        device = conn.execute(select(Device).where(Device.device_id == sender["device_id"])).first()
        if device is None:
            raise BundleRejected("unknown_device", sender["device_id"])
        raw.check_signature(device.sign_pub)
        if device.revoked_at:
            raise BundleRejected("revoked_device", f"{device.device_name} {device.revoked_at[:10]}")
        if sender["code"] != device.code:
            raise BundleRejected("wrong_village", f"{sender['code']} ≠ {device.code}")
        if role == "township" and not device.code.startswith(store.workspace.code):
            raise BundleRejected("wrong_village", f"{device.code} ∉ {store.workspace.code}")
        county = store.workspace.code if role == "county" else (ctx.enrolment or {}).get(
            "county_code")
        if h.get("target") != county or me not in [r["age"] for r in h["recipients"]]:
            raise BundleRejected("not_addressed")
        return
    if h["kind"] != "return":
        raise BundleRejected("wrong_kind", h["kind"])
    meta = ctx.enrolment
    if meta is None:
        raise BundleRejected("not_enrolled")
    if sender["device_id"] != meta["county_device_id"] or sender["code"] != meta["county_code"]:
        raise BundleRejected("wrong_sender")
    raw.check_signature(meta["county_sign_pub"])
    if h.get("target") != store.workspace.code:
        raise BundleRejected("wrong_village", f"{h.get('target')} ≠ {store.workspace.code}")
    if me not in [r["age"] for r in h["recipients"]]:
        raise BundleRejected("not_addressed")


def _already(conn: Connection, raw: RawBundle) -> bool:
    """True when this very bundle was imported; a different one with its number is a clone."""
    h = raw.header
    same = conn.execute(select(BundleIn).where(BundleIn.bundle_id == h["bundle_id"])).first()
    clash = conn.execute(select(BundleIn).where(BundleIn.device_id == h["sender"]["device_id"],
                                                BundleIn.seq == h["seq"])).first()
    if same is not None and same.payload_sha256 == h["payload"]["sha256"] \
            and same.device_id == h["sender"]["device_id"] and same.seq == h["seq"]:
        return True
    if same is not None or clash is not None:
        raise BundleRejected("cloned_device", f"{h['sender']['device_id'][:8]} #{h['seq']}")
    return False


# -- the merge, inside the bundle's savepoint --------------------------------------------------
def _merge(ctx: _Context, conn: Connection, raw: RawBundle, lines: list[dict[str, Any]],
           result: ImportResult) -> None:
    store, h = ctx.store, raw.header
    manifest = lines[-1]
    revs = [ln for ln in lines if ln.get("t") == "rev"]
    if manifest.get("counts", {}).get("revisions") != len(revs):
        raise BundleRejected("damaged_payload", "manifest count")
    now = utc_now()
    valid, bad = _validate(ctx, raw, revs)
    quarantined = _quarantine(conn, raw, bad, now)
    merger = Merger(conn, device_id=store.device_id, user=store.user,
                    village_code=h["sender"]["code"] if h["kind"] == "data" else store.workspace.code)
    stats = merger.apply(valid)
    for line in lines:
        kind = line.get("t")
        if kind == "have" and h["kind"] == "data":
            _peer_acks(conn, h["sender"]["device_id"], line["ids"])
        elif kind == "ack" and h["kind"] == "return":
            _acks(conn, line["ids"])
        elif kind == "areas" and h["kind"] == "return":
            store_areas(conn, line["areas"])
        elif kind == "form" and h["kind"] == "return":
            store_form(conn, line, now)
        elif kind == "relay" and h["kind"] == "return":
            store_relay(conn, line)
        elif kind == "settings" and h["kind"] == "return":
            try:
                county_settings.receive(conn, store, line.get("settings"),
                                        bundle_id=h["bundle_id"])
            except county_settings.BadSettings as exc:
                raise BundleRejected("bad_settings", exc.problem) from None
    conn.execute(insert(BundleIn.__table__), [{
        "bundle_id": h["bundle_id"], "kind": h["kind"], "device_id": h["sender"]["device_id"],
        "code": h["sender"]["code"], "seq": h["seq"], "file_sha256": raw.file_sha256,
        "payload_sha256": h["payload"]["sha256"], "created_at": h["created_at"],
        "received_at": now, "revisions": len(revs), "new_revisions": stats.new_revisions,
        "conflicts": stats.conflicts, "quarantined": quarantined}])
    set_meta(conn, {"last_import": now})
    seqs = sorted(conn.execute(select(BundleIn.seq).where(
        BundleIn.device_id == h["sender"]["device_id"])).scalars())
    result.revisions, result.new_revisions = len(revs), stats.new_revisions
    result.households, result.deleted = len(stats.households), len(stats.deleted)
    result.conflicts, result.quarantined, result.duplicates = (stats.conflicts, quarantined,
                                                               stats.duplicates)
    result.gaps = sorted(set(range(1, seqs[-1] + 1)) - set(seqs)) if seqs else []


def _validate(ctx: _Context, raw: RawBundle, revs: list[dict[str, Any]]
              ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """Split revisions into those to merge and those to quarantine (with the reason)."""
    sender = raw.sender
    validator = ctx.validator
    valid, bad = [], []
    for r in revs:
        reason = _shape_problem(r)
        if not reason and raw.header["kind"] == "data" and r["device_id"] != sender["device_id"]:
            reason = "修订不是由发送设备产生的 / revision not made by the sending device"
        if not reason and raw.header["kind"] == "data":
            code = r["state"]["fields"].get("village_code")
            if code and code != sender["code"]:
                reason = f"记录属于另一个村 {code} / record belongs to another village"
        if not reason and validator is not None and r["kind"] == "save" \
                and r["state"].get("status") == "complete":
            try:
                errors = [f for f in validator(r["state"]) if f.severity == "error"]
            except Exception as exc:  # noqa: BLE001 - a form that cannot check it: keep it aside
                errors = [exc]
            if errors:
                reason = "；".join(str(getattr(e, "message_zh", None) or e) for e in errors[:5])
        if reason:
            bad.append((r, reason))
        else:
            valid.append(r)
    return valid, bad


def _shape_problem(r: dict[str, Any]) -> str:
    try:
        s = r["state"]
        ok = (isinstance(r["revision_id"], str) and isinstance(r["record_uuid"], str)
              and isinstance(r["rev_no"], int) and r["kind"] in ("save", "delete")
              and isinstance(s, dict) and s["uuid"] == r["record_uuid"]
              and isinstance(s["fields"], dict) and isinstance(s["members"], list)
              and s.get("status") in ("draft", "complete") and isinstance(s["form_id"], str)
              and isinstance(s["form_version"], str) and isinstance(r["created_at"], str)
              and all(isinstance(m, dict) and isinstance(m["uuid"], str)
                      and isinstance(m["fields"], dict) for m in s["members"]))
    except (KeyError, TypeError):
        ok = False
    return "" if ok else "记录结构不完整 / malformed record"


def _quarantine(conn: Connection, raw: RawBundle, bad: list[tuple[dict[str, Any], str]], now: str
                ) -> int:
    if not bad:
        return 0
    ids = [str(r.get("revision_id", "")) for r, _ in bad]
    have = set(conn.execute(select(Quarantine.revision_id)
                            .where(Quarantine.revision_id.in_(ids))).scalars())
    rows = [{"bundle_id": raw.header["bundle_id"], "village_code": raw.sender["code"],
             "record_uuid": str(r.get("record_uuid", "")), "revision_id": str(r.get("revision_id", "")),
             "reason": reason, "state": json.dumps(r, ensure_ascii=False), "received_at": now}
            for r, reason in bad if str(r.get("revision_id", "")) not in have]
    if rows:
        conn.execute(insert(Quarantine.__table__), rows)
    return len(rows)


def _peer_acks(conn: Connection, device_id: str, ids: list[str]) -> None:
    have = set(conn.execute(select(PeerAck.revision_id).where(PeerAck.device_id == device_id))
               .scalars())
    rows = [{"device_id": device_id, "revision_id": i} for i in set(ids) - have]
    for start in range(0, len(rows), 500):
        conn.execute(insert(PeerAck.__table__), rows[start:start + 500])


def _acks(conn: Connection, ids: list[str]) -> None:
    for start in range(0, len(ids), 500):
        conn.execute(update(Revision.__table__).where(
            Revision.revision_id.in_(ids[start:start + 500]), Revision.origin == "local")
            .values(acked=True))
