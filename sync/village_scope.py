"""What a village's bundle may do to the county's store (DESIGN.md, "Every input is hostile"):
a village speaks only for its own households. Each record belongs to a village by the
county's own record (table `owner`); a data bundle may change only its village's households,
with revisions made by the sending device, and may add at most MAX_HOUSEHOLDS_PER_VILLAGE;
the records it is the first to bring become its village's. What it may not do is
quarantined with the reason, never merged. Used by the import run (sync/importer.py) inside
its transaction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, insert, select

from . import checking
from .bundle import BundleRejected, RawBundle
from .merge import bulk_insert
from .models import Owner, Quarantine

MAX_HOUSEHOLDS_PER_VILLAGE = 20_000  # the largest villages have ~5,000 (DESIGN.md, "Scale")
FOREIGN = "户属于"  # the start of the quarantine reason for another village's household


def owners(conn: Connection, revs: list[dict[str, Any]]) -> dict[str, str]:
    """The village each record of the bundle belongs to, by the county's own record."""
    uuids = sorted({r["record_uuid"] for r in revs if isinstance(r.get("record_uuid"), str)})
    found: dict[str, str] = {}
    for start in range(0, len(uuids), 500):
        found.update(conn.execute(select(Owner.record_uuid, Owner.village_code).where(
            Owner.record_uuid.in_(uuids[start:start + 500]))).all())
    return found


def check_size(conn: Connection, code: str, valid: list[dict[str, Any]],
                owners: dict[str, str]) -> None:
    """A village has at most MAX_HOUSEHOLDS_PER_VILLAGE households: a device that invents
    hundreds of thousands of records is refused, not allowed to bury the county's figures."""
    new = {r["record_uuid"] for r in valid} - owners.keys()
    if not new:
        return
    have = conn.execute(select(func.count()).select_from(Owner).where(
        Owner.village_code == code)).scalar_one()
    if have + len(new) > MAX_HOUSEHOLDS_PER_VILLAGE:
        raise BundleRejected("too_large", f"一个村超过 {MAX_HOUSEHOLDS_PER_VILLAGE} 户 / more than "
                             f"{MAX_HOUSEHOLDS_PER_VILLAGE} households in one village")


def claim(conn: Connection, code: str, valid: list[dict[str, Any]], owners: dict[str, str],
          now: str, user: str) -> None:
    """Records first seen in this bundle belong to the sending village from now on."""
    new = sorted({r["record_uuid"] for r in valid} - owners.keys())
    rows = [{"record_uuid": u, "village_code": code, "since": now, "by_user": user,
             "reason": "created", "previous_code": None} for u in new]
    for start in range(0, len(rows), 500):
        bulk_insert(conn, Owner.__tablename__, rows[start:start + 500])


def split(raw: RawBundle, revs: list[dict[str, Any]], owners: dict[str, str],
          verdicts: list[checking.Verdict]
          ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """Split revisions into those to merge and those to quarantine (with the reason).

    Every revision passed the strict schema first (drafts and deletions too) and, when
    complete, the form's checks (`verdicts`, done ahead: sync/checking.py). In a data bundle a revision must
    be made by the sending device, name the sending village (or no village), and change only
    a household that village owns by the county's own record."""
    sender = raw.sender
    data = raw.header["kind"] == "data"
    valid, bad = [], []
    for r, (problem, checked, state_json) in zip(revs, verdicts, strict=True):
        reason = problem
        if state_json is not None:  # made by a worker: the merge need not
            r["state_json"] = state_json
        if not reason and data and r["device_id"] != sender["device_id"]:
            reason = "修订不是由发送设备产生的 / revision not made by the sending device"
        if not reason and data:
            owner = owners.get(r["record_uuid"])
            code = r["state"]["fields"].get("village_code")
            if owner is not None and owner != sender["code"]:
                reason = (f"{FOREIGN}村 {owner}，{sender['code']} 的设备不能修改或删除（如确需迁户，"
                          f"请在县里办理迁户）/ the household belongs to village {owner}; a device "
                          f"of {sender['code']} may not change or delete it (the county moves "
                          "households)")
            elif code and code != sender["code"]:
                reason = f"记录属于另一个村 {code} / record belongs to another village"
        reason = reason or checked
        if reason:
            bad.append((r, reason))
        else:
            valid.append(r)
    return valid, bad


def quarantine(conn: Connection, raw: RawBundle, bad: list[tuple[dict[str, Any], str]], now: str
               ) -> int:
    if not bad:
        return 0
    ids = [str(r.get("revision_id", ""))[:64] for r, _ in bad]
    have = set(conn.execute(select(Quarantine.revision_id)
                            .where(Quarantine.revision_id.in_(ids))).scalars())
    rows = [{"bundle_id": raw.header["bundle_id"], "village_code": raw.sender["code"],
             "record_uuid": str(r.get("record_uuid", ""))[:64],
             "revision_id": str(r.get("revision_id", ""))[:64],
             "reason": reason, "state": json.dumps(r, ensure_ascii=False), "received_at": now}
            for r, reason in bad if str(r.get("revision_id", ""))[:64] not in have]
    if rows:
        conn.execute(insert(Quarantine.__table__), rows)
    return len(rows)
