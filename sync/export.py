"""Writing bundles to a folder (a USB stick): data bundles from a device, return bundles from
the county.

The sequence number is reserved (committed) before the file is written, so a crash can only
leave a gap, which the county reports, and never two different bundles with one number, which
the county would refuse as a cloned device. The file is written to a hidden temporary name,
fsynced, renamed, the folder fsynced, then read back (past the page cache where the system
allows) and verified before the caller is told the stick may be removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from . import (
    audit,
    bundle,
    county_settings,
    expected,
    formbook,
    jobs,
    meta,
    review,
    services,
    spotchecks,
)
from .atomic import write_atomic
from .enrol import relay_info
from .errors import InputError, MopaiError
from .models import (
    Area,
    Audit,
    BundleOut,
    Correction,
    Device,
    MergeParent,
    Owner,
    PeerAck,
    Quarantine,
    Review,
    Revision,
    Service,
    SpotCall,
    SpotDraw,
)
from .record import new_uuid, utc_now

if TYPE_CHECKING:
    from .service import SyncService

Progress = Callable[[int, int, str], None]
# Well inside bundle.LIMITS (20,000 lines, 24 MiB, 1,000,000 values): what one bundle of a
# device carries (a household is ~2.5 KB and ~100 values).
MAX_REVISIONS_PER_BUNDLE = 5_000
MAX_BYTES_PER_BUNDLE = 12 * 1024**2
IDS_PER_LINE = 10_000


class ExportError(MopaiError):
    """An export that could not be written or verified."""

    exit_code = 7
    code = "export"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    kind: str
    code: str
    seq: int
    created_at: str
    revisions: int
    records: int
    deletes: int
    sha256: str  # of the whole file: what the handover slip shows
    parts: tuple[Path, ...] = ()  # every file, when the revisions needed several bundles
    decisions: int = 0            # review decisions carried (a township's 回传)
    # The county's return bundles a township copied along, byte for byte: (file, SHA-256).
    carried: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}
        out["parts"] = [str(p) for p in self.parts]
        out["carried"] = [list(c) for c in self.carried]
        return out

    def slip_text(self) -> str:
        """The handover slip's content; the GUI prints it with a QR code of `sha256`."""
        return (f"村/Village {self.code}  序号/Seq {self.seq}  时间/Time {self.created_at}\n"
                f"修订/Revisions {self.revisions}  户/Households {self.records}  "
                f"删除/Deletions {self.deletes}\nSHA-256 {self.sha256}")


def _revision_line(row: Any) -> dict[str, Any]:
    m = row._mapping
    return {"t": "rev", "revision_id": m["revision_id"], "record_uuid": m["record_uuid"],
            "rev_no": m["rev_no"], "parent_id": m["parent_id"], "merge_parent": m["merge_parent"],
            "kind": m["kind"], "state": json.loads(m["state"]), "device_id": m["device_id"],
            "user": m["user"], "created_at": m["created_at"]}


def _revisions_query():  # noqa: ANN202
    return (select(Revision, MergeParent.parent_id.label("merge_parent"))
            .outerjoin(MergeParent, MergeParent.revision_id == Revision.revision_id)
            .order_by(Revision.seq))


def _reserve(svc: SyncService, kind: str, target: str) -> tuple[int, str, str]:
    with svc.store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        seq = (conn.execute(select(func.max(BundleOut.seq))).scalar_one() or 0) + 1
        bundle_id, now = new_uuid(), utc_now()
        conn.execute(insert(BundleOut.__table__), [{
            "seq": seq, "bundle_id": bundle_id, "kind": kind, "target": target,
            "created_at": now, "status": "reserved"}])
    return seq, bundle_id, now


def export_data(svc: SyncService, folder: Path, *, everything: bool = False,
                progress: Progress | None = None) -> ExportResult:
    """The revisions the county has not acknowledged (or all of this device's) as a bundle."""
    store = svc.store
    trusted = svc.enrolment()
    if trusted is None:
        raise InputError("本设备尚未登记，不能导出：请先完成县里的登记",
                         "this device is not enrolled; complete enrolment with the county first")
    folder = _check_folder(folder)
    query = _revisions_query().where(Revision.origin == "local")
    if not everything:
        query = query.where(Revision.acked.is_(False))
    with store.engine.connect() as conn:
        parts = _parts(conn.execute(query))
        have = list(conn.execute(select(Revision.revision_id)
                                 .where(Revision.origin == "import")).scalars())
        # A township's own review decisions go to the county with its data (sync/review.py).
        township = store.workspace.role == "township"
        reviews = (review.outgoing(conn, store.workspace.code, device_id=store.device_id)
                   if township else [])
        # … and the job postings it entered for its township (sync/jobs.py)
        if township:
            reviews += jobs.township_data(conn, store.workspace.code)
        # and its own phone spot-check draws with their calls (sync/spotchecks.py)
        if township:
            reviews += spotchecks.township_lines(conn, store.device_id)
        carried = _carried_marks(conn, store)
        # The device's own 311 service records the county has not acknowledged, and the ids
        # of those it received (sync/services.py).
        reviews += services.outgoing_data(conn, store.device_id, everything=everything)
        have += services.held(conn)
        # What became of the county's correction requests here (sync/spotchecks.py).
        if store.workspace.role == "village":
            reviews += spotchecks.data_lines(conn, store.workspace.code)
    if progress:
        progress(1, 4, "revisions read")
    written: list[ExportResult] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        written.append(_export_part(svc, trusted, folder, [_revision_line(r) for r in part],
                                    have if last else [], progress if last else None,
                                    reviews if last else []))
    result = written[-1]
    if len(written) > 1:  # the slip and the caller see the last; every file is listed
        result = replace(result, parts=tuple(r.path for r in written))
    top = max((int(r._mapping["seq"]) for part in parts for r in part), default=0)
    if top > int(store.meta.fresh().get(meta.EXPORTED_SEQ) or 0):
        store.meta.set({meta.EXPORTED_SEQ: str(top)})
    values = store.meta.fresh()
    newer = {k: str(v) for k, v in carried.items() if v > int(values.get(k) or 0)}
    if newer:
        store.meta.set(newer)
    _keep_for_network(store, folder, result, everything)
    return result


OUTBOX = "outbox"  # the workspace's bundles waiting for network sync (sync/net/client.py)


def _keep_for_network(store: Any, folder: Path, result: ExportResult, everything: bool) -> None:
    """A device that syncs over the network keeps a copy of a bundle written elsewhere (a USB
    stick) in its outbox: the next network sync asks the county about that same file (same
    SHA-256) — imported from the stick already: nothing is sent; not arrived: it goes over the
    network, and the stick's copy is later imported as ``already``. Its revisions are not
    exported a second time (meta ``exported_seq``)."""
    outbox = store.workspace.home / OUTBOX
    if everything or not store.meta.get(meta.SERVER_CERT) \
            or folder.resolve() == outbox.resolve():
        return
    outbox.mkdir(exist_ok=True)
    for path in result.parts or (result.path,):
        path = Path(path)
        tmp = outbox / f".{path.name}.tmp"
        shutil.copyfile(path, tmp)
        os.replace(tmp, outbox / path.name)


def not_in_a_bundle(svc: SyncService) -> int:
    """What a data bundle would carry that none carried yet (by stick or network): local
    revisions the county has not acknowledged beyond the newest one a bundle carried, and
    what a data bundle carries beside revisions when it is new since the last one — a
    township's own review decisions, the device's 311 service records, the correction
    requests it dismissed (each often made without saving a revision). What a network sync
    exports for; the rest waits for its return bundle."""
    store = svc.store
    values = store.meta.fresh()
    mark = int(values.get(meta.EXPORTED_SEQ) or 0)
    with store.engine.connect() as conn:
        waiting = conn.execute(select(func.count()).select_from(Revision).where(
            Revision.origin == "local", Revision.acked.is_(False), Revision.seq > mark)
        ).scalar_one()
        waiting += conn.execute(select(func.count()).select_from(Service).where(
            Service.origin == "local", Service.device_id == store.device_id,
            Service.acked.is_(False),
            Service.seq > int(values.get(meta.EXPORTED_SERVICES) or 0))).scalar_one()
        for key, now in _carried_marks(conn, store).items():
            if key != meta.EXPORTED_SERVICES:
                waiting += max(0, now - int(values.get(key) or 0))
    return waiting


def _carried_marks(conn: Any, store: Any) -> dict[str, int]:
    """Where a data bundle written now leaves each of the marks `not_in_a_bundle` reads:
    the newest of the device's own service revisions; at a township, how many decisions it
    made (never changed or removed: a larger count is a new one) and how many changes it
    made to its own job postings; at a village, how many correction requests it dismissed (a
    resolution is a saved revision, counted already); at a township, how many spot-check
    draws and calls it recorded (neither is removed)."""
    marks = {meta.EXPORTED_SERVICES: conn.execute(select(func.max(Service.seq)).where(
        Service.origin == "local", Service.device_id == store.device_id)).scalar_one() or 0}
    if store.workspace.role == "township":
        marks[meta.EXPORTED_REVIEWS] = conn.execute(select(func.count()).select_from(
            Review).where(Review.device_id == store.device_id)).scalar_one()
        # its own postings' changes (each audited; sync/jobs.py)
        marks[meta.EXPORTED_JOBS] = conn.execute(select(func.count()).select_from(
            Audit).where(Audit.event.in_(jobs.TOWNSHIP_EVENTS))).scalar_one()
        draws = select(SpotDraw.draw_id).where(SpotDraw.device_id == store.device_id)
        marks[meta.EXPORTED_SPOTCHECKS] = conn.execute(select(func.count()).select_from(
            SpotDraw).where(SpotDraw.device_id == store.device_id)).scalar_one() \
            + conn.execute(select(func.count()).select_from(SpotCall).where(
                SpotCall.draw_id.in_(draws))).scalar_one()
    if store.workspace.role == "village":
        marks[meta.EXPORTED_DISMISSED] = conn.execute(select(func.count()).select_from(
            Correction).where(Correction.village_code == store.workspace.code,
                              Correction.state == "dismissed")).scalar_one()
    return marks


def _parts(rows: Iterable[Any]) -> list[list[Any]]:
    """Revisions in bundles that each stay well inside the importer's limits
    (`bundle.LIMITS`): at most MAX_REVISIONS_PER_BUNDLE and about MAX_BYTES_PER_BUNDLE of
    JSON each, in revision order, so a parent always travels in the same or an earlier bundle."""
    parts: list[list[Any]] = [[]]
    size = 0
    for row in rows:
        n = len(row._mapping["state"]) + 512
        if parts[-1] and (len(parts[-1]) >= MAX_REVISIONS_PER_BUNDLE
                          or size + n > MAX_BYTES_PER_BUNDLE):
            parts.append([])
            size = 0
        parts[-1].append(row)
        size += n
    return parts


def _id_lines(kind: str, ids: list[str]) -> list[dict[str, Any]]:
    return [{"t": kind, "ids": ids[i:i + IDS_PER_LINE]} for i in range(0, len(ids), IDS_PER_LINE)]


def _export_part(svc: SyncService, trusted: dict[str, str], folder: Path,
                 revs: list[dict[str, Any]], have: list[str], progress: Progress | None,
                 reviews: list[dict[str, Any]]) -> ExportResult:
    store = svc.store
    seq, bundle_id, now = _reserve(svc, "data", trusted[meta.COUNTY_CODE])
    lines: list[dict[str, Any]] = [*revs, *_id_lines("have", have), *reviews]
    manifest = _manifest(bundle_id, "data", revs, now)
    recipients = [{"role": "county", "code": trusted[meta.COUNTY_CODE],
                   "age": trusted[meta.COUNTY_AGE]}]
    if trusted.get(meta.TOWNSHIP_AGE) and store.workspace.role == "village":
        recipients.append({"role": "township", "code": trusted.get(meta.TOWNSHIP_CODE, ""),
                           "age": trusted[meta.TOWNSHIP_AGE]})
    header = {"kind": "data", "bundle_id": bundle_id, "created_at": now, "seq": seq,
              "sender": {"device_id": store.device_id, "role": store.workspace.role,
                         "code": store.workspace.code, "county": trusted[meta.COUNTY_CODE]},
              "target": trusted[meta.COUNTY_CODE], "recipients": recipients}
    return _finish(svc, folder, header, lines, manifest, revs, progress)


def export_return(svc: SyncService, village: str, folder: Path, *,
                  progress: Progress | None = None,
                  shared: dict[str, Any] | None = None) -> ExportResult:
    """County → village (or township): acknowledgements, county-made revisions, reference list,
    relay information, the county settings, forms (sync/formbook.py).

    `shared`: what every village's bundle carries alike (the area list), read by the first
    of several return bundles written together and reused by the others (the sync server's
    after an import group; its callers mark the villages with the store as it was before the
    first, so a change meanwhile is found again, sync/net/import_queue.py)."""
    store = svc.store
    svc.require_role("county")
    folder = _check_folder(folder)
    with store.engine.connect() as conn:
        devices = conn.execute(select(Device).where(Device.code == village,
                                                    Device.revoked_at.is_(None))).all()
        relay = relay_info(conn, "township" if len(village) == 9 else "village", village)
        if not devices:
            raise InputError(f"村 {village} 没有已登记的设备", f"village {village} has no enrolled device")
        device_ids = [d.device_id for d in devices]
        acks = list(conn.execute(select(Revision.revision_id)
                                 .where(Revision.device_id.in_(device_ids))).scalars())
        acks += list(conn.execute(select(Quarantine.revision_id)
                                  .where(Quarantine.village_code == village)).scalars())
        acks += services.acks(conn, device_ids)  # 311 service records (sync/services.py)
        # The village's households by the county's own record, and those its devices ever
        # changed (so a village learns that the county moved one of them away).
        records = select(Owner.record_uuid).where(Owner.village_code == village).union(
            select(Revision.record_uuid).where(Revision.device_id.in_(
                select(Device.device_id).where(Device.code == village))))
        # Every revision of the village's records that some device of the village lacks: the
        # county's corrections and merges, and what the village's other devices sent. Found
        # by id first: after the village's own bundle (the sync server writes a return bundle
        # after each) there is usually none, and its ~500 states need not be read at all.
        lacking = _lacking(conn, records, set(device_ids))
        rows = conn.execute(_revisions_query().where(Revision.record_uuid.in_(records))).all() \
            if lacking else []
        wanted = [r for r in rows if r.revision_id in lacking]
        areas = shared.get("areas") if shared is not None else None
        if areas is None:
            areas = [dict(r._mapping) for r in conn.execute(select(Area).order_by(Area.code))]
            if shared is not None:
                shared["areas"] = areas
        # The latest review decision on each of the village's households (sync/review.py).
        decisions = review.latest_decisions(conn, village) if len(village) != 9 else []
        # The county's lists of households to visit, of the village or the township's.
        lists = expected.outgoing(conn, village)
        # The village's 311 service records some device of it lacks (sync/services.py).
        lists += services.outgoing_return(conn, village, device_ids) if len(village) == 12 else []
        # The open job postings of the county and of the village's township (sync/jobs.py).
        lists += jobs.outgoing(conn, village, dt.date.today().isoformat())
        # The phone spot checks' correction requests on its households (sync/spotchecks.py).
        lists += spotchecks.return_lines(conn, village) if len(village) != 9 else []
        current = formbook.current_ref(conn)
        versions = {current.version, *(json.loads(r._mapping["state"]).get("form_version")
                                       for r in wanted)}
        forms = {ref.version: {"t": "form", **formbook.line(ref)}
                 for ref in formbook.refs(conn, versions)}
    tail: list[dict[str, Any]] = [{"t": "relay", **relay}, _settings_line(store)]
    values = store.meta.fresh()
    if values.get(meta.SERVER_CERT):  # the county's certificates, signed with the bundle
        tail.append({"t": "server", "cert_sha256": values[meta.SERVER_CERT],
                     "cert_next": values.get(meta.SERVER_CERT_NEXT) or ""})
    if areas:
        tail.append({"t": "areas", "areas": areas})
    tail += lists
    # Like a device's export, what one bundle may not hold goes in several (bundle.LIMITS),
    # everything counted: the acknowledgements in the first part, the revisions, then the
    # review decisions after the revisions they judge, the settings and lists in the last
    # (the newest). Each part carries the county's current form and every form its revisions
    # are saved under, so that whichever part arrives first, its revisions are checked under
    # their own form and the village captures with the current one.
    packed = _pack_return(wanted, decisions, tail, acks, base=sum(map(_size, forms.values())))
    written: list[ExportResult] = []
    for i, (part, review_lines) in enumerate(packed):
        last = i == len(packed) - 1
        revs = [_revision_line(r) for r in part]
        form_lines = [forms[v] for v in sorted(
            {current.version, *(r["state"].get("form_version") for r in revs)}) if v in forms]
        seq, bundle_id, now = _reserve(svc, "return", village)
        lines = [*(_id_lines("ack", acks) if i == 0 else []), *form_lines, *revs,
                 *review_lines, *(tail if last else [])]
        manifest = _manifest(bundle_id, "return", revs, now)
        manifest["counts"]["acks"] = len(acks) if i == 0 else 0
        header = {"kind": "return", "bundle_id": bundle_id, "created_at": now, "seq": seq,
                  "sender": {"device_id": store.device_id, "role": "county",
                             "code": store.workspace.code, "county": store.workspace.code},
                  "target": village,
                  "recipients": [{"role": d.role, "code": d.code, "device_id": d.device_id,
                                  "age": d.age_recipient} for d in devices]}
        written.append(_finish(svc, folder, header, lines, manifest, revs,
                               progress if last else None))
    result = written[-1]
    if len(written) > 1:
        result = replace(result, parts=tuple(r.path for r in written))
    return result


def _lacking(conn: Connection, records: Any, targets: set[str]) -> set[str]:
    """The ids of the revisions of `records` (a select of record ids) that a device of
    `targets` lacks: made by another device, or by another of `targets`, and not reported
    held by it (`PeerAck`). A village with one device, whose revisions of them are all its
    own, lacks none: counted through two indexes first, which is the usual case after its
    own bundle (reading every one of its ~500 revisions cost ~8 ms a village)."""
    if len(targets) == 1:
        [only] = targets
        count = select(func.count()).select_from(Revision.__table__)
        every = conn.execute(count.where(Revision.record_uuid.in_(records))).scalar_one()
        own = conn.execute(count.where(Revision.device_id == only,
                                       Revision.record_uuid.in_(records))).scalar_one()
        if every == own:
            return set()
    acked_by: dict[str, set[str]] = {}
    for dev, rid in conn.execute(select(PeerAck.device_id, PeerAck.revision_id)
                                 .where(PeerAck.device_id.in_(targets))):
        acked_by.setdefault(rid, set()).add(dev)
    return {rid for rid, dev in conn.execute(select(Revision.revision_id, Revision.device_id)
                                             .where(Revision.record_uuid.in_(records)))
            if not targets <= acked_by.get(rid, set()) | {dev}}


def _size(line: dict[str, Any]) -> int:
    """Bytes of a line as `bundle.encode_lines` writes it (an upper bound: ASCII escapes)."""
    return len(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()) + 1


def _pack_return(rows: list[Any], decisions: list[dict[str, Any]], tail: list[dict[str, Any]],
                 acks: list[str], *, base: int) -> list[tuple[list[Any], list[dict[str, Any]]]]:
    """A return bundle's content in parts that each stay under MAX_BYTES_PER_BUNDLE (and
    MAX_REVISIONS_PER_BUNDLE revisions): revisions in order, then the review decisions
    (`reviews` lines of at most REVIEWS_PER_LINE, a line closed early when its part is
    full), then the tail in the last part. `base` is what every part carries anyway (forms);
    the acknowledgements count in the first. Returns (revision rows, review lines) per part."""
    parts: list[tuple[list[Any], list[dict[str, Any]]]] = [([], [])]
    size = base + sum(map(_size, _id_lines("ack", acks)))
    count = 0

    def room(n: int, revision: bool = False) -> None:
        nonlocal size, count
        revs, lines = parts[-1]
        full = size + n > MAX_BYTES_PER_BUNDLE or (revision and count >= MAX_REVISIONS_PER_BUNDLE)
        if full and (revs or lines):
            parts.append(([], []))
            size, count = base, 0
        size += n

    for row in rows:
        room(len(row._mapping["state"]) + 512, revision=True)
        parts[-1][0].append(row)
        count += 1
    line: list[dict[str, Any]] | None = None
    for d in decisions:
        n = _size(d) + 1
        before = len(parts)
        room(n + (32 if line is None else 0))
        if line is None or len(parts) != before or len(line) >= review.REVIEWS_PER_LINE:
            line = []
            parts[-1][1].append({"t": "reviews", "reviews": line})
        line.append(d)
    room(sum(map(_size, tail)) + 1024)  # the manifest too
    return parts


def _settings_line(store) -> dict[str, Any]:  # noqa: ANN001
    """The county's current settings, in every return bundle: a village that missed one
    bundle still converges with the next."""
    return {"t": "settings", "settings": county_settings.load(store).as_mapping()}


def _manifest(bundle_id: str, kind: str, revs: list[dict[str, Any]], now: str) -> dict[str, Any]:
    return {"bundle_id": bundle_id, "kind": kind, "created_at": now,
            "counts": {"revisions": len(revs), "records": len({r["record_uuid"] for r in revs}),
                       "deletes": sum(r["kind"] == "delete" for r in revs)},
            "form_versions": sorted({r["state"].get("form_version", "") for r in revs}),
            "revisions_sha256": hashlib.sha256("\n".join(
                r["revision_id"] for r in revs).encode()).hexdigest()}


def _check_folder(folder: Path) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("目标文件夹不存在（U 盘是否已插好？）",
                         "the target folder does not exist (is the USB stick plugged in?)",
                         where=str(folder))
    return folder


def _finish(svc: SyncService, folder: Path, header: dict[str, Any], lines: list[dict[str, Any]],
            manifest: dict[str, Any], revs: list[dict[str, Any]], progress: Progress | None
            ) -> ExportResult:
    store = svc.store
    identity = svc.identity()
    data = bundle.seal(header, bundle.encode_lines(lines, manifest), identity)
    if progress:
        progress(2, 4, "encrypted")
    target = header["target"] if header["kind"] == "return" else store.workspace.code
    name = bundle.file_name(target, store.device_id, header["seq"], header["created_at"],
                            header["kind"])
    path = folder / name
    n = 1
    while path.exists():  # never overwrite a bundle already on the stick (a clone's, say)
        n += 1
        path = folder / name.replace(bundle.SUFFIX, f"-{n}{bundle.SUFFIX}")
    write_bundle(path, data)
    if progress:
        progress(3, 4, "written")
    sha = verify_written(path, data, identity.sign_pub)
    counts = manifest["counts"]
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        conn.execute(update(BundleOut.__table__).where(BundleOut.seq == header["seq"]).values(
            status="written", file_name=path.name, file_sha256=sha, revisions=counts["revisions"]))
        meta.put(conn, {meta.LAST_EXPORT: header["created_at"]})
        store.audit.log_in(conn, audit.EXPORT, store.user, bundle_id=header["bundle_id"],
                           seq=header["seq"], kind=header["kind"], file=path.name,
                           revisions=counts["revisions"], sha256=sha)
    if progress:
        progress(4, 4, "verified")
    return ExportResult(path, header["bundle_id"], header["kind"], target, header["seq"],
                        header["created_at"], counts["revisions"], counts["records"],
                        counts["deletes"], sha)


SPACE_MARGIN = 1 << 20  # beyond the bundle: its temporary name, the folder entry, FAT's clusters


def write_bundle(path: Path, data: bytes) -> None:
    """Temporary name → write → fsync → rename → fsync folder. Never chmod: FAT has no modes.
    A stick without room for it is refused before anything is written."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None  # cannot tell: writing will say
    need = len(data) + SPACE_MARGIN
    if free is not None and free < need:
        mib = 1024 * 1024
        raise ExportError(f"U 盘空间不足：需要 {-(-need // mib)} MB，只剩 {free // mib} MB。"
                          "请换一个 U 盘或删掉不用的文件后再导出",
                          f"not enough room on the stick: {-(-need // mib)} MB needed, "
                          f"{free // mib} MB free; use another stick or free some space",
                          where=str(path.parent))
    write_atomic(path, data, mode=None)


def verify_written(path: Path, expected: bytes, sign_pub: str) -> str:
    """Read the file back (dropping it from the page cache first) and check it whole."""
    try:
        with open(path, "rb") as f:
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            data = f.read()
        raw = bundle.parse(data)
        raw.check_signature(sign_pub)
        raw.check_payload()
    except (OSError, bundle.BundleRejected) as exc:
        raise ExportError("写入 U 盘的文件读回校验失败：U 盘可能有问题，请换一个再导出",
                          f"the bundle read back from the stick does not verify ({exc}); "
                          "try another stick", where=str(path)) from None
    if data != expected:
        raise ExportError("写入 U 盘的文件与原数据不一致：请换一个 U 盘再导出",
                          "the bundle read back differs from what was written; try another stick",
                          where=str(path))
    return hashlib.sha256(data).hexdigest()
