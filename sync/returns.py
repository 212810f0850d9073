"""What waits to go back to each village (or township) in a return bundle, counted without
writing one: the county's 回传 screen asks this for every village at once.

The counts follow what `export.export_return` puts in a bundle:

- `revisions`: revisions of the village's households (the county's ownership record, and
  those its devices ever changed) that at least one of its active devices does not have yet
  (neither made nor reported having it, `PeerAck`): the county's corrections and merges,
  conflict and duplicate resolutions, and what the village's other devices sent;
- `acks`: revisions the village's devices sent in bundles received since the last return
  bundle written for it (the village keeps sending them again until acknowledged);
- `decisions`: review decisions (审核通过 / 退回修改, sync/review.py) on its households made
  or received here since the last return bundle written for it, and the phone spot checks'
  correction requests made since then (sync/spotchecks.py);
- `services`: revisions of the village's 311 service records counted here (not another
  village's, sync/services.py) that at least one of its active devices does not have yet;
- `postings`: job postings of its area (the county's and its township's, sync/jobs.py)
  added, changed, closed or reopened since the last return bundle written for it (every one
  of its area, open or not, when none was written yet: the bundle carries the open ones).

A village without an active device cannot be sent anything (`sendable` is False).
Only SQLAlchemy Core selects, one query per count over all villages: the store may be
SQLCipher or PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, literal_column, or_, select, union

from .models import (
    Audit,
    BundleIn,
    BundleOut,
    Correction,
    Device,
    Job,
    Owner,
    PeerAck,
    Review,
    Revision,
    Service,
)


@dataclass(frozen=True)
class ReturnWaiting:
    code: str                 # village (12 digits) or township (9 digits)
    devices: int              # active (not revoked) enrolled devices
    revisions: int            # revisions some device of it lacks
    acks: int                 # revisions received since the last return bundle
    last_return: str | None   # created_at of the last return bundle written for it
    decisions: int = 0        # review decisions since the last return bundle
    carried: int = 0          # a township: the county's bundles for it, held to carry
    services: int = 0         # 311 service revisions some device of it lacks
    postings: int = 0         # job postings of its area changed since the last return bundle

    @property
    def sendable(self) -> bool:
        return self.devices > 0

    @property
    def something(self) -> bool:
        """Worth a bundle: a device to send to, and something it lacks."""
        return self.sendable and bool(self.revisions or self.acks or self.decisions
                                           or self.carried or self.services or self.postings)


def waiting(conn) -> list[ReturnWaiting]:  # noqa: ANN001 - a Connection
    """One entry per code with an enrolled device (revoked ones included, with `devices` 0),
    in code order."""
    devices: dict[str, int] = {}
    for code, revoked in conn.execute(select(Device.code, Device.revoked_at)):
        devices[code] = devices.get(code, 0) + (revoked is None)
    if not devices:
        return []
    last = dict(conn.execute(
        select(BundleOut.target, func.max(BundleOut.created_at))
        .where(BundleOut.kind == "return", BundleOut.status == "written")
        .group_by(BundleOut.target)).all())
    revisions = _revisions_lacking(conn)
    acks = _acks_waiting(conn, last)
    decisions = _decisions_waiting(conn, last)
    services = _services_lacking(conn)
    postings = _postings_waiting(conn, sorted(devices), last)
    return [ReturnWaiting(code, n, revisions.get(code, 0), acks.get(code, 0), last.get(code),
                          decisions.get(code, 0), services=services.get(code, 0),
                          postings=postings.get(code, 0))
            for code, n in sorted(devices.items())]


def _services_lacking(conn) -> dict[str, int]:  # noqa: ANN001
    """Per village, its counted service revisions that some active device of it neither made
    nor reported holding (what `services.outgoing_return` puts in its return bundle)."""
    target = Device.__table__.alias("target")
    lacking = (
        select(target.c.code, func.count(func.distinct(Service.revision_id)))
        .select_from(target)
        .join(Service, Service.village_code == target.c.code)
        .where(target.c.revoked_at.is_(None), Service.refused == "",
               Service.device_id != target.c.device_id,
               ~exists(select(literal_column("1")).where(and_(
                   PeerAck.device_id == target.c.device_id,
                   PeerAck.revision_id == Service.revision_id))))
        .group_by(target.c.code))
    return dict(conn.execute(lacking).all())


def _postings_waiting(conn, codes: list[str], last: dict[str, str]  # noqa: ANN001
                      ) -> dict[str, int]:
    """Per code, the postings of its area (the county's, its township's) changed since its
    last return bundle: one read of the postings' areas and times (a county holds thousands
    at most)."""
    rows = conn.execute(select(Job.area, Job.updated_at, Job.status)).all()
    out: dict[str, int] = {}
    for code in codes:
        since = last.get(code)
        n = sum(1 for area, updated_at, status in rows
                if (area == code[:9] or (len(area) == 6 and code.startswith(area)))
                and ((updated_at or "") > since if since else status == "open"))
        if n:
            out[code] = n
    return out


def _decisions_waiting(conn, last: dict[str, str]) -> dict[str, int]:  # noqa: ANN001
    out: dict[str, int] = {}
    for code, decided_at, received_at in conn.execute(
            select(Review.village_code, Review.decided_at, Review.received_at)):
        since = last.get(code)
        if since is None or max(decided_at or "", received_at or "") > since:
            out[code] = out.get(code, 0) + 1
    # the phone spot checks' correction requests made since (sync/spotchecks.py)
    for code, created_at in conn.execute(select(Correction.village_code, Correction.created_at)):
        since = last.get(code)
        if since is None or created_at > since:
            out[code] = out.get(code, 0) + 1
    return out


def _revisions_lacking(conn, code: str | None = None) -> dict[str, int]:  # noqa: ANN001
    # (code, record) pairs: owned by the village, or changed by one of its devices.
    by_device = Device.__table__.alias("by_device")
    owned = select(Owner.village_code.label("code"), Owner.record_uuid.label("record_uuid"))
    changed = (select(by_device.c.code.label("code"), Revision.record_uuid.label("record_uuid"))
               .join(by_device, by_device.c.device_id == Revision.device_id))
    if code is not None:
        owned = owned.where(Owner.village_code == code)
        changed = changed.where(by_device.c.code == code)
    records = union(owned, changed).subquery("village_record")
    target = Device.__table__.alias("target")
    lacking = (
        select(target.c.code, func.count(func.distinct(Revision.revision_id)))
        .select_from(target)
        .join(records, records.c.code == target.c.code)
        .join(Revision, Revision.record_uuid == records.c.record_uuid)
        .where(target.c.revoked_at.is_(None), Revision.device_id != target.c.device_id,
               *([target.c.code == code] if code is not None else []),
               ~exists(select(literal_column("1")).where(and_(
                   PeerAck.device_id == target.c.device_id,
                   PeerAck.revision_id == Revision.revision_id))))
        .group_by(target.c.code))
    return dict(conn.execute(lacking).all())


def _acks_waiting(conn, last: dict[str, str]) -> dict[str, int]:  # noqa: ANN001
    out: dict[str, int] = {}
    rows = conn.execute(select(Device.code, BundleIn.received_at, BundleIn.revisions)
                        .join(Device, Device.device_id == BundleIn.device_id)
                        .where(BundleIn.kind == "data"))
    for code, received_at, n in rows:
        since = last.get(code)
        if since is None or received_at > since:
            out[code] = out.get(code, 0) + (n or 0)
    return out


@dataclass(frozen=True)
class ReturnOutcome:
    """One village's part of a run: its bundle, or the error that stopped it."""

    code: str
    result: object = None          # sync.export.ExportResult
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def export_many(svc, codes: list[str], folder, *, progress=None,  # noqa: ANN001
                cancel=None, write=None) -> list[ReturnOutcome]:  # noqa: ANN001
    """A return bundle for each code, in order. A village that fails (no active device, a
    stick that refuses the file) is reported with its error and the others go on; each
    bundle is written, read back and verified by `write` (`export.export_return`, or a
    township's `township.export_to_village`) on its own. A set `cancel` stops before the
    next village."""
    from . import export  # the bundle machinery, only when bundles are written
    from .errors import MopaiError

    write = write or export.export_return

    out: list[ReturnOutcome] = []
    for i, code in enumerate(codes):
        if cancel is not None and cancel.is_set():
            break
        if progress:
            progress(i, len(codes), code)
        try:
            out.append(ReturnOutcome(code, write(svc, code, folder)))
        except MopaiError as exc:
            out.append(ReturnOutcome(code, error=exc))
    if progress:
        progress(len(codes), len(codes), "")
    return out


# -- since a mark: has anything a return bundle carries changed for a code? -------------------
# Audit events after which every village's next return bundle differs: the form, the county
# settings, the area list, expected households (lists and numbers), a household moved, the
# server's certificates (the `server` line).
# Something new that return bundles carry (e.g. job postings) adds the event it is audited
# with here, or to VILLAGE_EVENTS when its detail names the village, and nothing else
# (tests/net/test_return_triggers.py has a case per thing a return bundle carries).
CARRIED_EVENTS = ("form_published", "county_settings_changed", "areas_set", "expected_set",
                  "expected_list", "household_moved",
                  # job postings (sync/jobs.py): a township's concern only its villages, but
                  # its code is not in the detail; sending its other villages the same list
                  # again is harmless
                  "job_added", "job_edited", "job_closed", "job_reopened", "jobs_imported",
                  "jobs_from_township",
                  # the county's certificates (sync/net/tls.py): the next one announced, the
                  # switch to it
                  "server_certificate_next", "server_certificate_switched")
# Events whose detail names the code they concern (`"village": "<code>"`, `"code": "<code>"`
# or a list of codes): review decisions made here, a township's decisions received here, a
# data bundle imported from one of its devices (acknowledgements: of revisions, quarantined
# ones and 311 records, whichever way it came), 311 service records made here or received
# (from another laptop of the village, or from its township), the phone spot checks'
# correction requests made here or from a township's calls, a device enrolled for the village
# (a new laptop lacks everything) or revoked.
VILLAGE_EVENTS = ("review_approved", "review_rejected", "reviews_received", "enrol_approve",
                  "device_revoked", "import", "services_received", "services_refused",
                  "service_added", "service_outcome", "service_removed", "service_confirmed",
                  "spotcheck_recorded", "corrections_received")
# Of those, the ones that change the relay line: a village's bundle names its township's
# device, a township's lists its villages' devices. They concern a village when they name its
# township's code, and a township when they name one of its villages.
RELAY_EVENTS = ("enrol_approve", "device_revoked")


@dataclass(frozen=True)
class Watermark:
    """The store's high-water marks: the newest revision and the newest audit row. Every
    change a return bundle carries is one or the other (revisions, or audited actions)."""

    revision_seq: int = 0
    audit_id: int = 0


def watermark(conn) -> Watermark:  # noqa: ANN001 - a Connection
    """Two primary-key lookups, whatever the size of the store."""
    return Watermark(
        conn.execute(select(func.coalesce(func.max(Revision.seq), 0))).scalar_one(),
        conn.execute(select(func.coalesce(func.max(Audit.id), 0))).scalar_one())


def _events(code: str, *, own_enrolments: bool = True):  # noqa: ANN202 - a clause
    """Audit rows that concern `code`; without `own_enrolments`, its own devices' enrolments
    are left to the count of revisions they lack (their audit row is written just after the
    device's `enrolled_at`, the time compared with)."""
    named = and_(Audit.event.in_(VILLAGE_EVENTS), Audit.detail.like(f'%"{code}"%'))
    if len(code) == 12:  # its township's device (`_` : any one character)
        relay = Audit.detail.like(f'%"{code[:9]}"%')
    else:  # one of its villages' devices
        relay = Audit.detail.like(f'%"{code}___"%')
    named = or_(named, and_(Audit.event.in_(RELAY_EVENTS), relay))
    if not own_enrolments:
        named = and_(named, ~and_(Audit.event == "enrol_approve",
                                  Audit.detail.like(f'%"code": "{code}"%')))
    return or_(Audit.event.in_(CARRIED_EVENTS), named)


def changed_since(conn, code: str, since: Watermark | None) -> bool:  # noqa: ANN001
    """True when something a return bundle for `code` carries appeared after `since`: a
    revision of one of its households (the county's correction, a merge, another laptop's
    bundle, its own bundle imported from a stick: acknowledgements), or an audited change
    that names it (VILLAGE_EVENTS: a review decision on its households, a bundle of its
    devices imported, a 311 record of its people, a correction request, a device enrolled
    or revoked) or that every village receives (CARRIED_EVENTS). Bounded by what changed since, never a scan of the store: revisions
    after `since` through the primary key or the village's households through `owner`'s
    index; audit rows after `since` through the primary key.

    `since` None (no mark yet): since its last return bundle, or the enrolment of its newest
    device (the setup file carried the form, settings and areas), by time; and revisions of
    its households some device of it lacks (returns_waiting's count, for this code only)."""
    if since is None:
        last = conn.execute(select(func.max(BundleOut.created_at)).where(
            BundleOut.kind == "return", BundleOut.status == "written",
            BundleOut.target == code)).scalar_one_or_none()
        enrolled = conn.execute(select(func.max(Device.enrolled_at))
                                .where(Device.code == code)).scalar_one_or_none()
        after = max(last or "", enrolled or "")
        if conn.execute(select(Audit.id).where(Audit.at > after,
                                               _events(code, own_enrolments=False))
                        .limit(1)).first() is not None:
            return True
        return bool(_revisions_lacking(conn, code).get(code))
    # Revisions of its households by the county's record. A household the county moved
    # away from it is not looked at: the move itself is an event every village hears
    # (household_moved), and the village drops the household then; what its new village
    # changes later is no reason to write the old one a bundle.
    owned = select(Owner.record_uuid).where(Owner.village_code == code)
    if conn.execute(select(Revision.seq).where(Revision.seq > since.revision_seq,
                                               Revision.record_uuid.in_(owned))
                    .limit(1)).first() is not None:
        return True
    return conn.execute(select(Audit.id).where(Audit.id > since.audit_id, _events(code))
                        .limit(1)).first() is not None
