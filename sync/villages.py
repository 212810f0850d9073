"""The county's view of its villages: who sends what, and the list of townships and villages.

`village_overview` answers "which village is behind": per village its households, its
enrolled devices, the last bundle received, the sequence numbers missing per device (a
bundle that never arrived, or one still on a stick in a drawer) and how many days old its
data is. Missing numbers are counted over 1..max of what each device sent, as the importer
does. Only SQLAlchemy Core selects: the store may be SQLCipher or PostgreSQL.

The editing helpers (`add_area`, `rename_area`, `remove_area`) check a change against the
rules of the area sheet (9-digit townships and 12-digit villages inside the county, every
village under a listed township) and refuse to remove an area that households or active
devices still use; the whole list is then written with `store.sync.set_areas`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from .errors import InputError
from .models import Area, BundleIn, Device, Household


@dataclass(frozen=True)
class BundleSeen:
    bundle_id: str
    device_id: str
    seq: int
    created_at: str
    received_at: str


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    code: str
    device_name: str
    user_name: str
    enrolled_at: str
    revoked_at: str | None
    revoke_reason: str | None
    bundles: int                       # bundles received from it
    last: BundleSeen | None            # the highest sequence number received
    missing: tuple[int, ...]           # 1..max not received

    @property
    def active(self) -> bool:
        return not self.revoked_at


@dataclass(frozen=True)
class VillageStatus:
    code: str
    name: str                          # "" when the village is not in the county's list
    township: str                      # 9-digit code
    township_name: str
    households: int
    devices: tuple[DeviceStatus, ...]
    last_bundle: BundleSeen | None     # the one received last, over all its devices
    days_since: int | None             # days from the last bundle's creation to `today`
    listed: bool                       # in the county's area list

    @property
    def missing(self) -> dict[str, tuple[int, ...]]:
        """Missing sequence numbers by device id (devices without gaps left out)."""
        return {d.device_id: d.missing for d in self.devices if d.missing}


def _date(stamp: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(stamp[:10])
    except (TypeError, ValueError):
        return None


def village_overview(store: Any, today: dt.date | None = None) -> list[VillageStatus]:
    """Every village of the area list, plus any village that sent data or has a device but is
    not listed (shown so that nothing is hidden), in code order."""
    today = today or dt.date.today()
    with store.engine.connect() as conn:
        areas = list(conn.execute(select(Area.code, Area.name, Area.level)))
        counts = dict(conn.execute(select(Household.village_code, func.count())
                                   .group_by(Household.village_code)).all())
        devices = list(conn.execute(select(Device).order_by(Device.code, Device.enrolled_at)))
        bundles = list(conn.execute(
            select(BundleIn.bundle_id, BundleIn.device_id, BundleIn.code, BundleIn.seq,
                   BundleIn.created_at, BundleIn.received_at)
            .order_by(BundleIn.device_id, BundleIn.seq)))
    names = {a.code: a.name for a in areas}
    listed = {a.code for a in areas if a.level == "village" or len(a.code) == 12}
    by_device: dict[str, list[Any]] = defaultdict(list)
    for b in bundles:
        by_device[b.device_id].append(b)
    seen = lambda b: BundleSeen(b.bundle_id, b.device_id, b.seq, b.created_at,  # noqa: E731
                                b.received_at)
    village_devices: dict[str, list[DeviceStatus]] = defaultdict(list)
    for d in devices:
        mine = by_device.get(d.device_id, [])
        seqs = {b.seq for b in mine}
        top = max(seqs) if seqs else 0
        village_devices[d.code].append(DeviceStatus(
            d.device_id, d.code, d.device_name, d.user_name, d.enrolled_at, d.revoked_at,
            d.revoke_reason, len(mine), seen(max(mine, key=lambda b: b.seq)) if mine else None,
            tuple(sorted(set(range(1, top + 1)) - seqs))))
    village_bundles: dict[str, list[Any]] = defaultdict(list)
    for b in bundles:
        if len(b.code) == 12:
            village_bundles[b.code].append(b)
    codes = sorted(listed | {c for c in counts if len(c) == 12}
                   | {c for c in village_devices if len(c) == 12} | set(village_bundles))
    out = []
    for code in codes:
        mine = village_bundles.get(code, [])
        last = max(mine, key=lambda b: (b.received_at, b.created_at)) if mine else None
        created = _date(last.created_at) if last is not None else None
        out.append(VillageStatus(
            code, names.get(code, ""), code[:9], names.get(code[:9], ""), counts.get(code, 0),
            tuple(village_devices.get(code, [])), seen(last) if last is not None else None,
            (today - created).days if created is not None else None, code in listed))
    return out


def household_status(store: Any, area: str = "", *, villages: Iterable[str] | None = None
                     ) -> dict[str, dict[str, int]]:
    """Village code -> households in the store by status (``complete``, ``draft``), of the
    villages under `area` (a code prefix; "" for all), or of the given `villages`: survey
    progress, counted from the households' own status, whatever the kept facts hold."""
    query = (select(Household.village_code, Household.status, func.count())
             .group_by(Household.village_code, Household.status))
    if area:
        query = query.where(Household.village_code.like(f"{area}%"))
    if villages is not None:
        query = query.where(Household.village_code.in_(sorted(villages)))
    out: dict[str, dict[str, int]] = {}
    with store.engine.connect() as conn:
        for code, status, n in conn.execute(query):
            counts = out.setdefault(code, {})
            counts[status] = counts.get(status, 0) + n
    return out


# -- editing the list -------------------------------------------------------------------------
def _as_dicts(areas: list[Any]) -> list[dict[str, Any]]:
    return [{"code": a.code, "name": a.name, "level": a.level, "parent_code": a.parent_code}
            for a in areas]


def check_new_area(store: Any, code: str, name: str) -> dict[str, Any]:
    """The area row for `code`/`name`, or InputError saying what is wrong with it."""
    county = store.workspace.code
    code, name = re.sub(r"\s", "", code or ""), (name or "").strip()
    if not re.fullmatch(r"\d{9}|\d{12}", code):
        raise InputError(f"代码“{code}”应为9位（乡镇）或12位（村）数字",
                         f"code {code!r} must have 9 (township) or 12 (village) digits")
    if not code.startswith(county):
        raise InputError(f"代码 {code} 不属于本县 {county}", f"code {code} is not in this county "
                         f"{county}")
    if not name:
        raise InputError(f"代码 {code} 缺少名称", f"code {code} has no name")
    existing = {a.code: a for a in store.sync.areas()}
    if code in existing:
        raise InputError(f"代码 {code} 已在名单中（{existing[code].name}）",
                         f"code {code} is already listed ({existing[code].name})")
    if len(code) == 12 and code[:9] not in existing:
        raise InputError(f"村 {code} 所属乡镇 {code[:9]} 不在名单中，请先添加乡镇",
                         f"village {code}: township {code[:9]} is not listed; add it first")
    level = "township" if len(code) == 9 else "village"
    return {"code": code, "name": name, "level": level,
            "parent_code": code[:9] if level == "village" else county}


def add_area(store: Any, code: str, name: str) -> dict[str, Any]:
    """Add a township (9 digits) or a village (12 digits, its township listed)."""
    row = check_new_area(store, code, name)
    store.sync.set_areas(sorted(_as_dicts(store.sync.areas()) + [row], key=lambda a: a["code"]))
    return row


def rename_area(store: Any, code: str, name: str) -> None:
    name = (name or "").strip()
    if not name:
        raise InputError("名称不能为空", "the name cannot be empty")
    areas = _as_dicts(store.sync.areas())
    match = [a for a in areas if a["code"] == code]
    if not match:
        raise InputError(f"代码 {code} 不在名单中", f"code {code} is not listed")
    match[0]["name"] = name
    store.sync.set_areas(areas)


def area_users(store: Any, code: str) -> tuple[int, int, list[str]]:
    """What still refers to `code`: (households, active devices, villages under a township)."""
    like = code + "%"
    with store.engine.connect() as conn:
        households = conn.execute(select(func.count()).select_from(Household)
                                  .where(Household.village_code.like(like))).scalar_one()
        devices = conn.execute(select(func.count()).select_from(Device).where(
            Device.code.like(like), Device.revoked_at.is_(None))).scalar_one()
    villages = [a.code for a in store.sync.areas() if a.code != code and a.code.startswith(code)]
    return households, devices, villages


def remove_area(store: Any, code: str) -> None:
    """Remove a township or village that nothing refers to; otherwise say what holds it."""
    areas = _as_dicts(store.sync.areas())
    if not any(a["code"] == code for a in areas):
        raise InputError(f"代码 {code} 不在名单中", f"code {code} is not listed")
    households, devices, villages = area_users(store, code)
    if villages:
        raise InputError(f"乡镇 {code} 下还有 {len(villages)} 个村，请先删除这些村",
                         f"township {code} still has {len(villages)} village(s); remove them "
                         "first")
    if households:
        raise InputError(f"{code} 还有 {households} 户记录，不能删除",
                         f"{code} still has {households} household(s); it cannot be removed")
    if devices:
        raise InputError(f"{code} 还有 {devices} 台已登记的设备，请先吊销",
                         f"{code} still has {devices} enrolled device(s); revoke them first")
    rest = [a for a in areas if a["code"] != code]
    if not rest:
        raise InputError("名单中至少要保留一个乡镇或村", "the list must keep at least one area")
    store.sync.set_areas(rest)
