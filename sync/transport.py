"""The county's transport view (issue 20): per village and device, how its bundles travel.

Read from what the store records: the devices enrolled (`device`), every bundle imported
(`bundlein`, by stick or network); from the server's own tables (sync/netdb.py), what
the sync server saw (`netupload`: uploads and their states; `netdevice`: the last
authenticated request, the last refusal, the return bundles downloaded; `netreturn`: the
return bundles offered); and the upload parts in the spool. A bundle counts as come by network when the server's importer accepted it; one the county had
taken from a stick first is U盘, whatever came after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from .models import Area, BundleIn, Device, NetDevice, NetReturn, NetUpload


def spool(home: Path) -> Path:
    """The server's spool in a county workspace (server.py: ``net/spool``)."""
    return home / "net" / "spool"


@dataclass(frozen=True)
class TransportRow:
    code: str                 # the village (or township) code
    name: str                 # its name from the area list ("" when not listed)
    device_id: str
    device_name: str
    user_name: str
    revoked: bool
    last_contact: str         # UTC ISO, "" never over the network
    last_bundle_at: str       # when the county imported its newest data bundle, "" none
    last_bundle_via: str      # network | usb | ""
    pending_uploads: int      # uploading (a part in the spool) or received and queued
    returns_waiting: int      # return bundles offered to its village not yet downloaded
    returns_taken: int        # of those offered, downloaded by this device
    last_error: str           # the last refusal or rejection (its code), "" none
    last_error_at: str

    @property
    def last_heard(self) -> str:
        """The newest of its last request and its last bundle: what "not heard from" reads."""
        return max(self.last_contact, self.last_bundle_at)


def rows(engine: Engine, spool: Path | None = None, net: Engine | None = None
         ) -> list[TransportRow]:
    """`engine`: the store; `net`: the server's tables (sync/netdb.py: the store's own
    engine on PostgreSQL, the side database's beside a SQLCipher store; None: no server has
    run, nothing came by network)."""
    seen, by_net, queued, rejected, offered = _server_saw(net) if net is not None \
        else ({}, {}, {}, {}, {})
    with engine.connect() as conn:
        names = dict(conn.execute(select(Area.code, Area.name)).all())
        devices = list(conn.execute(select(Device).order_by(Device.code, Device.device_id)))
        newest = dict(conn.execute(select(BundleIn.device_id, func.max(BundleIn.received_at))
                                   .where(BundleIn.kind == "data")
                                   .group_by(BundleIn.device_id)).all())
        last_ids = {r.device_id: r.bundle_id for r in conn.execute(
            select(BundleIn.device_id, BundleIn.bundle_id, BundleIn.received_at)
            .where(BundleIn.kind == "data")) if newest.get(r.device_id) == r.received_at}
    out = []
    for d in devices:
        s = seen.get(d.device_id)
        bundle_id = last_ids.get(d.device_id, "")
        via = ""
        if bundle_id:
            result = by_net.get((d.device_id, bundle_id))
            via = "network" if result is not None and _accepted(result) else "usb"
        parts = 0
        if spool is not None and (spool / "parts" / d.device_id).is_dir():
            parts = sum(1 for _ in (spool / "parts" / d.device_id).glob("*.part"))
        taken = s.returns_taken if s else 0
        numbers = offered.get(d.code, [])
        error, error_at = (s.last_error, s.last_error_at) if s else ("", "")
        if d.device_id in rejected and rejected[d.device_id][1] > error_at:
            error, error_at = rejected[d.device_id]
        out.append(TransportRow(
            d.code, names.get(d.code, ""), d.device_id, d.device_name, d.user_name,
            bool(d.revoked_at), s.last_contact if s else "", newest.get(d.device_id, ""), via,
            queued.get(d.device_id, 0) + parts, sum(1 for n in numbers if n > taken),
            sum(1 for n in numbers if n <= taken), error, error_at))
    return out


def _server_saw(net: Engine) -> tuple[dict, dict, dict, dict, dict]:
    """From the server's tables: per device what the server saw of it, its uploads imported
    (by bundle), queued and the last refused; per code the return bundles offered."""
    with net.connect() as conn:
        seen = {r.device_id: r for r in conn.execute(select(NetDevice))}
        by_net = {(r.device_id, r.bundle_id): r.result for r in conn.execute(
            select(NetUpload.device_id, NetUpload.bundle_id, NetUpload.result)
            .where(NetUpload.state == "imported", NetUpload.bundle_id != ""))}
        queued = dict(conn.execute(select(NetUpload.device_id, func.count())
                                   .where(NetUpload.state == "received")
                                   .group_by(NetUpload.device_id)).all())
        rejected = {}
        for r in conn.execute(select(NetUpload.device_id, NetUpload.reason, NetUpload.done_at)
                              .where(NetUpload.state == "rejected").order_by(NetUpload.n)):
            rejected[r.device_id] = (r.reason, r.done_at)
        offered: dict[str, list[int]] = {}
        for r in conn.execute(select(NetReturn.code, NetReturn.n).order_by(NetReturn.n)):
            offered.setdefault(r.code, []).append(r.n)
    return seen, by_net, queued, rejected, offered


def _accepted(result: str) -> bool:
    try:
        return json.loads(result or "{}").get("status") == "accepted"
    except ValueError:
        return False
