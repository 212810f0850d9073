"""The open store: one service object per unlocked workspace (Anki's `Collection`).

The GUI and the command line reach everything through it — `store.households`,
`store.users`, `store.audit`, `store.status()` — and never hold a database session.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from . import audit, keyfile
from .audit import AuditLog
from .derived import DerivedCache
from .drafts import DraftService
from .engine import sqlcipher_engine
from .households import HouseholdService, Validator
from .migrations import LATEST, migrate
from .models import Conflict, Household, Member, Quarantine, Revision

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class Status:
    role: str
    code: str
    name: str
    users: list[str]
    device_id: str
    schema_version: int
    households: int
    members: int
    revisions: int
    open_conflicts: int
    quarantined: int
    unacknowledged: int
    last_export: str | None
    last_import: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class UserService:
    """Users are key slots; adding one or changing a passphrase rewrites the key file only."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> list[str]:
        return self._store.workspace.keys.users()

    def add(self, name: str, new_passphrase: str, *, by_passphrase: str) -> None:
        """Add a user; the signed-in user's passphrase proves they may."""
        ws = self._store.workspace
        data_key = ws.keys.unwrap(self._store.user, by_passphrase)
        name = keyfile.normalise_user(name)
        ws.keys.add_user(name, new_passphrase, data_key)
        ws.keys.save()
        self._store.audit.log(audit.USER_ADDED, self._store.user, added=name)

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        ws = self._store.workspace
        data_key = ws.keys.unwrap(self._store.user, old_passphrase)
        ws.keys.set_passphrase(self._store.user, new_passphrase, data_key)
        ws.keys.save()
        self._store.audit.log(audit.PASSPHRASE_CHANGED, self._store.user)


class Store:
    def __init__(self, workspace: Workspace, data_key: bytes, user: str, *,
                 validator: Validator | None = None) -> None:
        from .workspace import STORE_FILE

        self.workspace = workspace
        self.user = user
        self.validator = validator
        self._sync = None
        self.engine = sqlcipher_engine(workspace.home / STORE_FILE, data_key)
        with self.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            migrate(conn)
            meta = dict(conn.execute(text("SELECT key, value FROM meta")).all())
        self.meta = meta
        self.device_id = meta["device_id"]
        self.audit = AuditLog(self.engine, workspace.home, self.device_id)
        self.households = HouseholdService(self.engine, device_id=self.device_id, user=user,
                                           village_code=workspace.code, validator=validator)
        self.users = UserService(self)
        self.drafts = DraftService(self.engine, user)
        self.derived = DerivedCache(self.engine)

    @property
    def sync(self):  # noqa: ANN201 - sync.service.SyncService (imported lazily)
        """Enrolment, bundles, conflicts and keys (issue 6)."""
        if self._sync is None:
            from .service import SyncService

            self._sync = SyncService(self)
        return self._sync

    def close(self) -> None:
        """Drop every connection (and with them the key held by SQLCipher)."""
        if self._sync is not None:
            self._sync.forget_identity()  # the device's private keys, too
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_check(self) -> list[str]:
        """SQLCipher's HMAC check of every page plus SQLite's own; empty when sound."""
        with self.engine.connect() as conn:
            problems = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            problems += [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")
                         if r[0] != "ok"]
        return problems

    def status(self) -> Status:
        def count(query) -> int:  # noqa: ANN001
            return conn.execute(query).scalar_one()

        with self.engine.connect() as conn:
            meta = dict(conn.execute(text("SELECT key, value FROM meta")).all())
            return Status(
                role=self.workspace.role, code=self.workspace.code, name=meta.get("name", ""),
                users=self.workspace.keys.users(), device_id=self.device_id,
                schema_version=int(meta.get("schema_version", LATEST)),
                households=count(select(func.count()).select_from(Household)),
                members=count(select(func.count()).select_from(Member)),
                revisions=count(select(func.count()).select_from(Revision)),
                open_conflicts=count(select(func.count()).select_from(Conflict)
                                     .where(Conflict.resolved_at.is_(None))),
                quarantined=count(select(func.count()).select_from(Quarantine)
                                  .where(Quarantine.released_at.is_(None))),
                unacknowledged=count(select(func.count()).select_from(Revision).where(
                    Revision.origin == "local", Revision.acked.is_(False))),
                last_export=meta.get("last_export"), last_import=meta.get("last_import"),
            )
