"""Who may send this store a bundle, and in what order (sync/importer.py, before the merge):
the sender's device, village and role as enrolled here, its signature, the bundle addressed
to this store; the same bundle twice (imported once) against a cloned device (another
bundle with the same number); sequence numbers that jump too far, and the gaps a device's
numbers leave."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from . import bundle, meta, township
from .bundle import BundleRejected, RawBundle
from .models import BundleIn, Device


def check(conn: Connection, raw: RawBundle, store: Any, enrolment: dict[str, Any] | None,
          me: str) -> None:
    """The bundle comes from a device allowed to send it here and is addressed to this
    store (`me`: its age recipient): a county or township takes data bundles from its
    enrolled, unrevoked devices of its own villages; a village, return bundles from its
    county (or its township's). Refused (`BundleRejected`) otherwise."""
    h, sender = raw.header, raw.sender
    role = store.workspace.role
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
        if sender.get("role") != device.role:
            raise BundleRejected("wrong_sender", f"{sender.get('role')} ≠ {device.role}")
        if role == "township" and not device.code.startswith(store.workspace.code):
            raise BundleRejected("wrong_village", f"{device.code} ∉ {store.workspace.code}")
        county = store.workspace.code if role == "county" else (enrolment or {}).get(
            meta.COUNTY_CODE)
        if h.get("target") != county or me not in [r["age"] for r in h["recipients"]]:
            raise BundleRejected("not_addressed")
        return
    if h["kind"] != "return":
        raise BundleRejected("wrong_kind", h["kind"])
    if role == "village" and sender.get("role") == "township":
        township.check_sender(raw, enrolment, store.workspace.code, me)
        return
    trusted = enrolment
    if trusted is None:
        raise BundleRejected("not_enrolled")
    if sender["device_id"] != trusted[meta.COUNTY_DEVICE_ID] \
            or sender["code"] != trusted[meta.COUNTY_CODE] \
            or sender.get("role") != "county":
        raise BundleRejected("wrong_sender")
    raw.check_signature(trusted[meta.COUNTY_SIGN_PUB])
    if h.get("target") != store.workspace.code:
        raise BundleRejected("wrong_village", f"{h.get('target')} ≠ {store.workspace.code}")
    if me not in [r["age"] for r in h["recipients"]]:
        raise BundleRejected("not_addressed")


def already(conn: Connection, raw: RawBundle) -> bool:
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


def check_sequence(conn: Connection, raw: RawBundle) -> None:
    """A sequence number far past the device's last one is refused: no device writes ten
    thousand bundles that never arrive, and the gap report must stay small."""
    last = conn.execute(select(func.max(BundleIn.seq)).where(
        BundleIn.device_id == raw.sender["device_id"])).scalar_one() or 0
    if raw.header["seq"] > last + bundle.LIMITS.seq_gap:
        raise BundleRejected("sequence_gap", f"#{raw.header['seq']} > #{last} + "
                             f"{bundle.LIMITS.seq_gap}")


def gaps(seqs: list[int], limit: int = 100) -> list[int]:
    """The first `limit` missing numbers in 1..max(seqs), in O(len(seqs) + limit)."""
    out: list[int] = []
    expected = 1
    for seq in seqs:
        while expected < seq and len(out) < limit:
            out.append(expected)
            expected += 1
        expected = max(expected, seq + 1)
    return out
