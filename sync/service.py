"""`store.sync`: enrolment, export, import, return bundles, conflicts, keys — one service.

The GUI and the command line call these; each long call takes `progress(done, total, msg)`.
"""

from __future__ import annotations

import json
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from . import enrol, export, importer, meta, ownership, returns, review, township
from .device import Identity, fingerprint, load_or_create
from .errors import InputError, StoreError
from .households import Changes
from .models import Area, Conflict, Device, Duplicate, Household, Quarantine
from .record import utc_now

if TYPE_CHECKING:
    from .households import Validator
    from .store import Store


class SyncService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._identity: Identity | None = None

    # -- identity and state --------------------------------------------------------------
    @property
    def validator(self) -> Validator | None:
        return getattr(self.store, "validator", None)

    def identity(self) -> Identity:
        if self._identity is None:
            self._identity = load_or_create(self.store.engine, self.store.secret_key)
        return self._identity

    def forget_identity(self) -> None:
        """Drop the private keys held in memory (on close, or after a restore)."""
        self._identity = None

    def fingerprint(self) -> str:
        ident = self.identity()
        return fingerprint(ident.sign_pub, ident.age_recipient)

    def require_role(self, role: str) -> None:
        if self.store.workspace.role != role:
            raise InputError(f"只有{ {'county': '县级'}.get(role, role)}工作区能做这件事",
                             f"only a {role} workspace can do this")

    def enrolment(self) -> dict[str, str] | None:
        """The meta values, with the county's public keys as accepted at enrolment
        (`sync.meta.COUNTY_*`), or None before it."""
        values = self.store.meta.fresh()
        return values if values.get(meta.COUNTY_SIGN_PUB) else None

    def backup_due(self) -> bool:
        """A county whose keys have no backup, or changed since the last one (the app's
        reminder; `backup_warning` is the command line's)."""
        if self.store.workspace.role != "county":
            return False
        values = self.store.meta.fresh()
        backed_up = values.get(meta.KEYS_BACKUP_AT)
        if not backed_up:
            return True
        return backed_up < values.get(meta.KEYS_CHANGED_AT, "")

    def backup_warning(self) -> str | None:
        """A county without a key backup can lose every village's trust with one disk."""
        if not self.backup_due():
            return None
        return ("警告：县级密钥还没有备份，请运行 mopai keys backup --out 文件 并妥善保管 / "
                "Warning: the county keys have no backup yet; run `mopai keys backup --out FILE`")

    # -- enrolment -----------------------------------------------------------------------
    def enrol_request(self, out: Path, *, device_name: str | None = None,
                      user_name: str | None = None) -> dict[str, Any]:
        return enrol.write_request(self, out, device_name=device_name, user_name=user_name)

    def suggested_device_name(self) -> str:
        return enrol.suggested_device_name(self.store)

    def enrol_read_request(self, request: Path) -> enrol.EnrolRequest:
        """County: a request file as the approval shows it, checked, nothing stored."""
        self.require_role("county")
        return enrol.read_request(request)

    def enrol_approve(self, request: Path, out: Path, **kw: Any) -> dict[str, Any]:
        return enrol.approve(self, request, out, **kw)

    def enrol_preview(self, setup: Path) -> enrol.SetupPreview:
        return enrol.preview(setup)

    def enrol_accept(self, setup: Path, confirmed_fingerprint: str, passphrase: str
                     ) -> enrol.SetupPreview:
        return enrol.accept(self, setup, confirmed_fingerprint, passphrase)

    def revoke(self, device: str, reason: str = "") -> dict[str, Any]:
        return enrol.revoke(self, device, reason)

    def devices(self) -> list[Device]:
        with self.store.engine.connect() as conn:
            return [Device.model_validate(r._mapping)
                    for r in conn.execute(select(Device).order_by(Device.code))]

    def recover(self, keys_path: Path, user: str, new_passphrase: str) -> str:
        return enrol.recover(self, keys_path, user, new_passphrase)

    def backup_keys(self, out: Path, passphrase: str) -> None:
        enrol.backup_keys(self, out, passphrase)

    def restore_keys(self, path: Path, passphrase: str) -> None:
        enrol.restore_keys(self, path, passphrase)

    # -- what return bundles carry to the villages ---------------------------------------
    def set_areas(self, areas: list[dict[str, Any]]) -> int:
        """Replace the township/village reference list (code, name, level, parent_code)."""
        self.require_role("county")
        with self.store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            enrol.store_areas(conn, areas)
        self.store.audit.log("areas_set", self.store.user, count=len(areas))
        return len(areas)

    def areas(self) -> list[Area]:
        with self.store.engine.connect() as conn:
            return [Area.model_validate(r._mapping)
                    for r in conn.execute(select(Area).order_by(Area.code))]

    def area_names(self) -> dict[str, str]:
        """Code -> name of the townships and villages in the county's reference list."""
        with self.store.engine.connect() as conn:
            return dict(conn.execute(select(Area.code, Area.name)).all())

    # -- bundles -------------------------------------------------------------------------
    def export(self, folder: Path, *, everything: bool = False, progress=None  # noqa: ANN001
               ) -> export.ExportResult:
        return export.export_data(self, folder, everything=everything, progress=progress)

    def transport(self) -> list[Any]:
        """County: per device, its last contact, last bundle and how it came, pending
        uploads, return bundles waiting and downloaded, last error (sync/transport.py)."""
        from . import (
            netdb,
            transport,  # the server's tables: read only when asked
        )

        self.require_role("county")
        net = netdb.open_net(self.store, create=False)
        try:
            return transport.rows(self.store.engine, transport.spool(self.store.workspace.home),
                                  net)
        finally:
            netdb.close(self.store, net)

    def not_in_a_bundle(self) -> int:
        """Unacknowledged local revisions no data bundle carried yet (sync/export.py)."""
        return export.not_in_a_bundle(self)

    def export_return(self, village: str, folder: Path, *, progress=None,  # noqa: ANN001
                      shared: dict[str, Any] | None = None) -> export.ExportResult:
        return export.export_return(self, village, folder, progress=progress, shared=shared)

    def returns_waiting(self) -> list[returns.ReturnWaiting]:
        """County: per village (and township) with an enrolled device, what a return bundle
        would carry now, counted without writing one (sync/returns.py)."""
        if self.store.workspace.role == "township":  # its own decisions (sync/township.py)
            with self.store.engine.connect() as conn:
                return township.waiting(conn, self.store.device_id)
        self.require_role("county")
        with self.store.engine.connect() as conn:
            return returns.waiting(conn)

    def export_returns(self, codes: list[str], folder: Path, *, progress=None,  # noqa: ANN001
                       cancel: Event | None = None) -> list[returns.ReturnOutcome]:
        """County: a return bundle for each code; a township: its own decisions to each of
        its villages (sync/township.py). One failing is reported, not fatal."""
        if self.store.workspace.role == "township":
            return returns.export_many(self, codes, folder, progress=progress, cancel=cancel,
                                       write=township.export_to_village)
        self.require_role("county")
        return returns.export_many(self, codes, folder, progress=progress, cancel=cancel)

    def export_to_village(self, village: str, folder: Path, *, progress=None  # noqa: ANN001
                          ) -> export.ExportResult:
        """Township: its own review decisions on `village`'s households (sync/township.py)."""
        return township.export_to_village(self, village, folder, progress=progress)

    def import_paths(self, paths: list[Path], *, progress=None,  # noqa: ANN001
                     cancel: Event | None = None, **kw: Any) -> list[importer.ImportResult]:
        return importer.import_paths(self, paths, progress=progress, cancel=cancel, **kw)

    # -- which village a household belongs to (sync/ownership.py) ------------------------
    def owner(self, record_uuid: str) -> str | None:
        return ownership.owner_of(self.store, record_uuid)

    def move_household(self, record_uuid: str, village: str, reason: str) -> Changes:
        return ownership.move(self.store, record_uuid, village, reason)

    def approve_claim(self, quarantine_id: int, reason: str) -> Changes:
        return ownership.approve_claim(self.store, quarantine_id, reason)

    # -- the supervisor's review of households (sync/review.py) -------------------------
    def review(self, record_uuid: str, decision: str, comment: str = "",
               questions: list[str] | tuple[str, ...] = ()) -> review.Decision:
        """审核通过 (`approve`) or 退回修改 (`reject`, a comment required) the household as it
        is now, naming questions (``NAME``, ``NAME@人编号``, or flattened paths); audited."""
        return review.decide(self.store, record_uuid, decision, comment, questions)

    def reviews(self, *, village: str = "", states: list[str] | tuple[str, ...] = (),
                uuids: list[str] | None = None) -> list[review.ReviewItem]:
        """Households with their review state (待审核, 审核通过, 退回修改, 已修改待复审)."""
        return review.items(self.store, village=village, states=states, uuids=uuids)

    def review_of(self, record_uuid: str) -> review.ReviewItem | None:
        return review.of_household(self.store, record_uuid)

    def review_history(self, record_uuid: str) -> list[review.Decision]:
        return review.history(self.store, record_uuid)

    # -- review queues -------------------------------------------------------------------
    def conflicts(self, *, open_only: bool = True) -> list[Conflict]:
        query = select(Conflict).order_by(Conflict.id)
        if open_only:
            query = query.where(Conflict.resolved_at.is_(None))
        with self.store.engine.connect() as conn:
            return [Conflict.model_validate(r._mapping) for r in conn.execute(query)]

    def quarantined(self) -> list[Quarantine]:
        with self.store.engine.connect() as conn:
            return [Quarantine.model_validate(r._mapping) for r in conn.execute(
                select(Quarantine).where(Quarantine.released_at.is_(None)).order_by(Quarantine.id))]

    def duplicates(self, *, open_only: bool = True) -> list[Duplicate]:
        query = select(Duplicate).order_by(Duplicate.id)
        if open_only:
            query = query.where(Duplicate.resolved_at.is_(None))
        with self.store.engine.connect() as conn:
            return [Duplicate.model_validate(r._mapping) for r in conn.execute(query)]

    def resolve_duplicate(self, duplicate_id: int, action: str, *, household: str | None = None,
                          note: str = "") -> Changes:
        """Decide a duplicate ID number (nothing is deleted blindly; every decision is kept):

        - ``remove``: the person is not a member of `household` (one of the two); that member
          is removed from it as a new revision, which travels back to its village;
        - ``current``: both records stand and `household` is the person's current registration
          (户籍地/居住地);
        - ``both``: both records stand, for the reason given in `note` (required).
        """
        with self.store.engine.connect() as conn:
            d = conn.execute(select(Duplicate).where(Duplicate.id == duplicate_id)).first()
        if d is None or d.resolved_at:
            raise StoreError("重复记录不存在或已处理", f"duplicate {duplicate_id} is not open")
        pair = (d.household_uuid, d.other_household_uuid)
        if action in ("remove", "current") and household not in pair:
            raise InputError("请指明是两户中的哪一户", "name one of the two households")
        if action == "both" and not note.strip():
            raise InputError("请写明两条记录都保留的原因", "say why both records stand")
        if action not in ("remove", "current", "both"):
            raise InputError("处理方式应为 remove、current 或 both",
                             "the action is remove, current or both")
        changes = Changes()
        if action == "remove":
            state = self.store.households.get(household)
            keep = [m for m in state["members"]
                    if str(m["fields"].get("id_number") or "").upper() != d.id_number.upper()]
            if len(keep) == len(state["members"]):
                raise StoreError("该户中没有这个证件号码", "that household has no such member")
            state["members"] = keep
            changes = self.store.households.save(state)
        resolution = {"action": action, "household": household, "note": note.strip()}
        with self.store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(update(Duplicate.__table__).where(Duplicate.id == duplicate_id).values(
                resolved_at=utc_now(), resolved_by=self.store.user,
                resolution=json.dumps(resolution, ensure_ascii=False)))
        self.store.audit.log("duplicate_resolved", self.store.user, duplicate=duplicate_id,
                             id_number=d.id_number, **resolution)
        return changes

    def alerts(self, limit: int = 100) -> list[Any]:
        """Refused bundles that need a person: possible cloned devices, revoked devices."""
        wanted = ('"reason": "cloned_device"', '"reason": "revoked_device"')
        refused = [e for e in self.store.audit.entries("import_rejected", limit=limit * 10)
                   if any(w in e.detail for w in wanted)]
        # A bundle that changed another village's households: its device overstepped.
        foreign = [e for e in self.store.audit.entries("import", limit=limit * 10)
                   if f'"reason": "{importer.FOREIGN_ALERT}"' in e.detail]
        return sorted(refused + foreign, key=lambda e: e.at, reverse=True)[:limit]

    def resolve_conflict(self, conflict_id: int, choice: str, value: Any = None) -> Changes:
        """Keep the `local` or `remote` value, or (`choice="value"`) the `value` a person
        typed; the result is a new revision that travels like any other."""
        if choice not in ("local", "remote", "value"):
            raise InputError("请选择保留哪一个值，或填写新值", "choose 'local', 'remote' or 'value'")
        with self.store.engine.connect() as conn:
            c = conn.execute(select(Conflict).where(Conflict.id == conflict_id)).first()
            exists = c is not None and conn.execute(select(Household.uuid).where(
                Household.uuid == c.record_uuid)).first() is not None
        if c is None or c.resolved_at:
            raise StoreError("冲突不存在或已处理", f"conflict {conflict_id} is not open")
        if choice != "value":
            raw = c.local_value if choice == "local" else c.remote_value
            value = None if raw is None else json.loads(raw)
        elif c.field_path == "_deleted":
            raise InputError("删除冲突只能选择删除或保留", "a deletion conflict takes local or remote")
        changes = None
        if c.field_path == "_deleted":
            if value and exists:
                changes = self.store.households.delete(c.record_uuid, reason="conflict resolution")
        elif exists:
            state = self.store.households.get(c.record_uuid)
            if _set_path(state, c.field_path, value):
                changes = self.store.households.save(state)
        with self.store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(update(Conflict.__table__).where(Conflict.id == conflict_id).values(
                resolved_at=utc_now(), resolved_by=self.store.user,
                resolution=json.dumps({"choice": choice, "value": value}, ensure_ascii=False)))
        self.store.audit.log("conflict_resolved", self.store.user, conflict=conflict_id,
                             record=c.record_uuid, path=c.field_path, choice=choice)
        return changes or Changes()


def _set_path(state: dict[str, Any], path: str, value: Any) -> bool:
    """Set a flattened path (``fields.x``, ``members.<uuid>.fields.x``, ``status``, the
    reasons ``confirmations.x``, ``members.<uuid>.confirmations.x``, and the same inside a
    repeat instance: ``[members.<uuid>.]repeats.<name>.<uuid>.fields.x``, docs/decisions.md 48)."""
    if path == "status":
        state["status"] = value or "draft"
        return True
    parts = path.split(".")
    owner: dict[str, Any] | None = state
    while owner is not None and len(parts) >= 4 and parts[0] in ("members", "repeats"):
        if parts[0] == "members":
            owner = next((m for m in owner.get("members") or [] if m["uuid"] == parts[1]), None)
            parts = parts[2:]
        else:
            owner = next((i for i in (owner.get("repeats") or {}).get(parts[1]) or []
                          if i["uuid"] == parts[2]), None)
            parts = parts[3:]
    if owner is None or len(parts) < 2 or parts[0] not in ("fields", "confirmations"):
        return False
    target = owner.setdefault(parts[0], {})
    name = ".".join(parts[1:])
    if value is None:
        target.pop(name, None)
    else:
        target[name] = value
    if owner.get("confirmations") == {}:  # no empty table of reasons left behind
        del owner["confirmations"]
    return True
