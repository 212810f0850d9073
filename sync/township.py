"""A township's 回传 (issue 17): its own review decisions back to its villages, signed by its
device, without waiting for the county's return bundle (and the 311 service records it
entered for the village's people, issue 21).

The cadres come to the township office every week; the county's return bundle may take weeks.
So a township writes, per village of its township, a *return* bundle whose sender is its own
device (`role` township) and which carries only `reviews` lines: the latest decision the
township made on each of the village's households. A village accepts it from its township's
device only — the one the county named in its setup file or the `relay` line of a return
bundle, with its signing key — and only decisions made by that device on its own households;
a revision, any other line, or another device's or village's decision refuses the bundle
whole (`township_content`). Decisions are kept once by id and the latest by (decided_at,
review_id) counts (sync/review.py), so the same decision arriving again through the county
changes nothing, and a county decision and a township decision on one household end the
same whichever arrives first. docs/decisions.md 41, docs/bundle-format.md "From a township".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from . import bundle, export, meta, review, services, spotchecks
from .bundle import BundleRejected, RawBundle
from .errors import InputError
from .models import BundleOut, Carried, Correction, Device, Review, Service
from .record import utc_now
from .returns import ReturnWaiting

if TYPE_CHECKING:
    from .service import SyncService
    from .store import Store

# what a village takes from its township: its decisions, its spot checks' requests, and the
# 311 service records it entered for the village's people (issue 21)
ALLOWED = frozenset({"reviews", "corrections", "services", "manifest"})
CARRIED_OUT = "return_carried"  # audit: a county bundle copied onto a village's stick


def _village_devices(conn: Connection, village: str) -> list[Any]:
    return conn.execute(select(Device).where(Device.role == "village", Device.code == village,
                                             Device.revoked_at.is_(None))).all()


def export_to_village(svc: SyncService, village: str, folder: Path, *,
                      progress: export.Progress | None = None,
                      carry: bool = True) -> export.ExportResult:
    """The township's own decisions on `village`'s households, as a return bundle encrypted
    to the village's active devices (written, read back and verified as every bundle is);
    with `carry`, the county's bundles for the village held here copied along (a stick; not
    over the network, where the county serves them)."""
    store = svc.store
    svc.require_role("township")
    mine = store.workspace.code
    if len(village) != 12 or not village.startswith(mine):
        raise InputError(f"村 {village} 不在本乡镇 {mine}", f"village {village} is outside "
                         f"township {mine}", where=village)
    trusted = svc.enrolment()
    if trusted is None:
        raise InputError("本乡镇设备尚未登记，不能回传：请先完成县里的登记",
                         "this township device is not enrolled; complete enrolment first")
    folder = export._check_folder(folder)
    with store.engine.connect() as conn:
        devices = _village_devices(conn, village)
        decisions = review.latest_decisions(conn, village, device_id=store.device_id)
        # the 311 service records the township entered for the village's people
        served = services.township_return(conn, village, store.device_id)
        # the correction requests its own phone spot checks made (sync/spotchecks.py)
        requests = spotchecks.return_lines(conn, village, device_id=store.device_id)
    if not devices:
        raise InputError(f"村 {village} 没有已登记的设备（请先导入县里给本乡镇的回传包）",
                         f"village {village} has no enrolled device known here (import the "
                         "county's return bundle for the township first)", where=village)
    written: list[export.ExportResult] = []
    packed = export._pack_return([], decisions, requests + served, [], base=0)
    for i, (_, lines) in enumerate(packed):
        last = i == len(packed) - 1
        lines = [*lines, *(requests + served if last else [])]
        seq, bundle_id, now = export._reserve(svc, "return", village)
        header = {"kind": "return", "bundle_id": bundle_id, "created_at": now, "seq": seq,
                  "sender": {"device_id": store.device_id, "role": "township", "code": mine,
                             "county": trusted[meta.COUNTY_CODE]},
                  "target": village,
                  "recipients": [{"role": d.role, "code": d.code, "device_id": d.device_id,
                                  "age": d.age_recipient} for d in devices]}
        manifest = export._manifest(bundle_id, "return", [], now)
        manifest["counts"]["reviews"] = sum(len(ln["reviews"]) for ln in lines
                                            if ln.get("t") == "reviews")
        written.append(export._finish(svc, folder, header, lines, manifest, [],
                                      progress if last else None))
    result = replace(written[-1], decisions=len(decisions),
                     carried=tuple(_copy_carried(svc, village, folder, trusted)
                                   if carry else ()))
    if len(written) > 1:
        result = replace(result, parts=tuple(r.path for r in written))
    return result


def _copy_carried(svc: SyncService, village: str, folder: Path, trusted: dict[str, str]
                  ) -> list[tuple[str, str]]:
    """The county's return bundles for `village` this township holds and has not copied out
    yet, each written to the stick as it came (atomic, read back and verified against the
    county's key), then marked written and audited."""
    store = svc.store
    with store.engine.connect() as conn:
        rows = conn.execute(select(Carried).where(Carried.village_code == village,
                                                  Carried.written_at.is_(None))
                            .order_by(Carried.seq)).all()
    out = []
    for row in rows:
        path = folder / row.file_name
        if not (path.exists() and path.read_bytes() == row.content):
            n = 1
            while path.exists():
                n += 1
                path = folder / row.file_name.replace(bundle.SUFFIX, f"-{n}{bundle.SUFFIX}")
            export.write_bundle(path, row.content)
        sha = export.verify_written(path, row.content, trusted[meta.COUNTY_SIGN_PUB])
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(update(Carried.__table__).where(Carried.bundle_id == row.bundle_id)
                         .values(written_at=utc_now()))
            store.audit.log_in(conn, CARRIED_OUT, store.user, village=village,
                               bundle_id=row.bundle_id, seq=row.seq, file=path.name, sha256=sha)
        out.append((str(path), sha))
    return out


# -- at the township: the county's bundles for its villages, kept to carry --------------------
def carries(store: Store, raw: RawBundle) -> bool:
    """A return bundle a township imports that is addressed to someone else: one of its
    villages' (kept to carry), or refused by `carry`."""
    return (store.workspace.role == "township" and raw.header.get("kind") == "return"
            and raw.header.get("target") != store.workspace.code)


def carry(conn: Connection, raw: RawBundle, trusted: dict[str, str] | None, mine: str,
          path: Path) -> bool:
    """Keep the county's return bundle for a village of this township, byte for byte (it is
    encrypted to the village's laptops: the township cannot and need not read it). Checked
    first: signed by this county, whole, for a village of the township. False when it is
    already held."""
    if trusted is None:
        raise BundleRejected("not_enrolled")
    sender, target = raw.sender, str(raw.header.get("target"))
    if sender.get("device_id") != trusted.get(meta.COUNTY_DEVICE_ID) \
            or sender.get("code") != trusted.get(meta.COUNTY_CODE) \
            or sender.get("role") != "county":
        raise BundleRejected("wrong_sender")
    raw.check_signature(trusted[meta.COUNTY_SIGN_PUB])
    raw.check_payload()
    if len(target) != 12 or not target.isdigit() or not target.startswith(mine):
        raise BundleRejected("wrong_village", f"{target[:12]} ∉ {mine}")
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != raw.file_sha256:
        raise BundleRejected("tampered", "changed while read")
    if conn.execute(select(Carried.bundle_id).where(
            Carried.bundle_id == raw.header["bundle_id"])).first() is not None:
        return False
    conn.execute(insert(Carried.__table__), [{
        "bundle_id": raw.header["bundle_id"], "village_code": target, "seq": raw.header["seq"],
        "file_name": bundle.file_name(target, sender["device_id"], raw.header["seq"],
                                      raw.header["created_at"], "return"),
        "sha256": raw.file_sha256, "content": data, "received_at": utc_now(),
        "written_at": None}])
    return True


def waiting(conn: Connection, device_id: str) -> list[ReturnWaiting]:
    """Per village with a device known here, what the township's 回传 would carry: its own
    decisions on the village's households and its own 311 service revisions for the
    village's people made since its last bundle for the village, and the county's bundles
    for it held and not copied out yet."""
    devices: dict[str, int] = {}
    for code, revoked in conn.execute(select(Device.code, Device.revoked_at)
                                      .where(Device.role == "village")):
        devices[code] = devices.get(code, 0) + (revoked is None)
    last = dict(conn.execute(
        select(BundleOut.target, func.max(BundleOut.created_at))
        .where(BundleOut.kind == "return", BundleOut.status == "written")
        .group_by(BundleOut.target)).all())
    decisions: dict[str, int] = {}
    for code, decided_at in [*conn.execute(select(Review.village_code, Review.decided_at)
                                           .where(Review.device_id == device_id)),
                             *conn.execute(select(Correction.village_code, Correction.created_at)
                                           .where(Correction.device_id == device_id))]:
        if last.get(code) is None or decided_at > last[code]:
            decisions[code] = decisions.get(code, 0) + 1
    carried = dict(conn.execute(select(Carried.village_code, func.count())
                                .where(Carried.written_at.is_(None))
                                .group_by(Carried.village_code)).all())
    served: dict[str, int] = {}   # its own 311 service revisions saved since
    for code, saved_at in conn.execute(select(Service.village_code, Service.saved_at)
                                       .where(Service.device_id == device_id,
                                              Service.origin == "local")):
        if last.get(code) is None or saved_at > last[code]:
            served[code] = served.get(code, 0) + 1
    return [ReturnWaiting(code, n, 0, 0, last.get(code), decisions.get(code, 0),
                          carried.get(code, 0), services=served.get(code, 0))
            for code, n in sorted(devices.items())]


# -- at the village ---------------------------------------------------------------------------
def check_sender(raw: RawBundle, trusted: dict[str, str] | None, code: str, me: str) -> None:
    """A return bundle signed by a township device: this village's township's, as the county
    named it, or refused."""
    if trusted is None:
        raise BundleRejected("not_enrolled")
    sender = raw.sender
    device, pub = trusted.get(meta.TOWNSHIP_DEVICE_ID), trusted.get(meta.TOWNSHIP_SIGN_PUB)
    if not device or not pub:
        raise BundleRejected("unknown_township")
    if sender["device_id"] != device or sender.get("code") != trusted.get(meta.TOWNSHIP_CODE) \
            or not code.startswith(str(sender.get("code"))) \
            or sender.get("county") != trusted.get(meta.COUNTY_CODE):
        raise BundleRejected("wrong_township", str(sender.get("code"))[:12])
    raw.check_signature(pub)
    if raw.header.get("target") != code:
        raise BundleRejected("wrong_village", f"{raw.header.get('target')} ≠ {code}")
    if me not in [r.get("age") for r in raw.header["recipients"]]:
        raise BundleRejected("not_addressed")


def check_lines(lines: list[dict[str, Any]], raw: RawBundle, code: str) -> None:
    """Only the township's own decisions on this village's households; anything else (a
    revision, settings, forms, another device's or village's decision) refuses the bundle."""
    for line in lines:
        kind = line.get("t")
        if kind not in ALLOWED:
            raise BundleRejected("township_content", str(kind)[:20])
        if kind == "services":
            _own(line, "services", services.check_line, raw, code)
            continue
        if kind == "corrections":
            items = line.get("corrections")
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise BundleRejected("damaged_payload", "corrections")
            for item in items:
                if item.get("device_id") != raw.sender["device_id"]:
                    raise BundleRejected("township_content", "corrections: not this township's")
                if item.get("village_code") != code:
                    raise BundleRejected("township_content",
                                         f"corrections: village {str(item.get('village_code'))[:12]}")
            continue
        if kind == "reviews":
            _own(line, "reviews", review.check_line, raw, code,
                 mine=lambda d: d.role == "township")


def _own(line: dict[str, Any], key: str, check: Callable[[Any], Any], raw: RawBundle,
         code: str, *, mine: Callable[[Any], bool] = lambda _r: True) -> None:
    """The items under `key`, each read strictly by `check`: made by the sending township
    device, for this village only (a decision, a service record)."""
    items = line.get(key)
    if not isinstance(items, list):
        raise BundleRejected("damaged_payload", key)
    for item in items:
        try:
            r = check(item)
        except ValueError as exc:
            raise BundleRejected("damaged_payload", f"{key}: {str(exc)[:40]}") from None
        if not mine(r) or r.device_id != raw.sender["device_id"]:
            raise BundleRejected("township_content", f"{key}: not this township's")
        if r.village_code != code:
            raise BundleRejected("township_content", f"{key}: village {r.village_code}")


def from_township(raw: RawBundle) -> bool:
    return raw.header.get("kind") == "return" and raw.sender.get("role") == "township"
