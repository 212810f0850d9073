"""The open store: one service object per unlocked workspace (Anki's `Collection`).

The GUI and the command line reach everything through it — `store.households`,
`store.forms`, `store.users`, `store.audit`, `store.status()` — and never hold a database
session. `open_store` is the one way the command line, the app and the bench open one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, inspect, select
from sqlmodel import SQLModel

from . import audit, keyfile, meta
from .audit import AuditLog
from .derived import DerivedCache
from .device import check_secrets
from .drafts import DraftService
from .engine import connect, is_sqlcipher, sqlcipher_engine, url_engine
from .errors import KeyFileError, StoreError
from .formbook import FORM_CHECKS, FormBook, FormChecks, keep_builtin
from .households import HouseholdService, Validator
from .jobs import JobService
from .keyfile import ROLE_ZH
from .migrations import LATEST, current_version, migrate
from .models import Conflict, Household, Member, Quarantine, Revision
from .service_records import ServiceRecords
from .spotchecks import SpotCheckService

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
    form_id: str = ""        # the current form (store.forms)
    form_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class UserService:
    """Users are key slots; adding one or changing a passphrase rewrites the key file only."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> list[str]:
        return self._store.workspace.keys.users()

    def add(self, name: str, new_passphrase: str, *, by_passphrase: str) -> None:
        """Add a user; the signed-in user's passphrase proves they may. The key file is
        changed as it is on disk now, under its lock (`KeyFile.changing`)."""
        name = keyfile.normalise_user(name)
        with self._store.workspace.keys.changing() as keys:
            data_key = keys.unwrap(self._store.user, by_passphrase)
            keys.add_user(name, new_passphrase, data_key)
        self._store.audit.log(audit.USER_ADDED, self._store.user, added=name)

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        with self._store.workspace.keys.changing() as keys:
            data_key = keys.unwrap(self._store.user, old_passphrase)
            keys.set_passphrase(self._store.user, new_passphrase, data_key)
        self._store.audit.log(audit.PASSPHRASE_CHANGED, self._store.user)


def _check_binding(workspace: Workspace, values: dict[str, str]) -> None:
    """The key file must be the store's own, and say what the store says it is.

    Role, code and workspace id are in clear in the key file (the unlock screen needs them)
    and its checksum only catches accidents: anyone can edit them and recompute it. What the
    workspace is, is what its encrypted store recorded at creation, which needs the key.
    """
    keys = workspace.keys
    if values.get(meta.WORKSPACE_ID, keys.workspace_id) != keys.workspace_id:
        raise StoreError(
            "该数据库属于另一个工作区（密钥文件与数据库不配套），请检查 --db 地址",
            "the database belongs to another workspace (key file and store do not match); "
            "check the --db URL", where=workspace.backend)
    role, code = values.get(meta.ROLE), values.get(meta.CODE)
    if (role, code) != (keys.role, keys.code):
        raise KeyFileError(
            f"密钥文件写的是{ROLE_ZH.get(keys.role, keys.role)}级 {keys.code}，但数据库是"
            f"{ROLE_ZH.get(role, role)}级 {code}：密钥文件被改动过，已拒绝打开（数据库未被改动）。"
            "请从备份恢复密钥文件",
            f"the key file says {keys.role} {keys.code} but the store is {role} {code}: the "
            "key file was altered, so the store was not opened (nothing was changed). Restore "
            "the key file from a backup", where=str(keys.path))


def open_store(workspace: Workspace, user: str | None, passphrase: str) -> Store:
    """The one way the command line, the app and the benchmarks open a store: checking every
    save and every import with the store's own forms (`store.forms`: each record against the
    form it is saved under), so it is checked the same way wherever it runs
    (tests/test_open_store.py holds each of them to it)."""
    return workspace.unlock(user, passphrase, validator=FORM_CHECKS)


class Store:
    """`validator`: what checks a household saved (or imported) as complete — None (nothing:
    generators, some tests), `FORM_CHECKS` (the store's forms, `open_store`), or a callable."""

    def __init__(self, workspace: Workspace, data_key: bytes, user: str, *,
                 validator: Validator | str | None = None) -> None:
        self.workspace = workspace
        self.user = user
        self._sync = None
        if workspace.db_url:
            self.engine = url_engine(workspace.db_url)
        else:
            self.engine = sqlcipher_engine(workspace.store_file, data_key)
        # On a server the database is not encrypted by us; the few secrets it keeps (the
        # county's private keys) are sealed under the data key instead (sync/device.py).
        self.secret_key: bytes | None = None if is_sqlcipher(self.engine) else data_key
        try:
            with connect(self.engine, workspace.backend).execution_options(immediate=True
                                                                            ) as conn, conn.begin():
                if workspace.db_url and current_version(conn) == 0:
                    raise StoreError(
                        "该数据库中没有 Mopai 数据：请检查 --db 地址；新建县级工作区请用"
                        "“mopai init --role county --db 地址”",
                        "the database holds no Mopai store: check the --db URL; to start one, "
                        "use `mopai init --role county --db URL`", where=workspace.backend)
                if inspect(conn).has_table("meta"):  # before a migration may write anything
                    _check_binding(workspace, meta.read_all(conn))
                migrate(conn)
                keep_builtin(conn)
                values = meta.read_all(conn)
        except BaseException:
            self.engine.dispose()
            raise
        self.meta = meta.Meta(self.engine, values)
        self.device_id = values[meta.DEVICE_ID]
        self.audit = AuditLog(self.engine, workspace.home, self.device_id)
        self.forms = FormBook(self)
        if validator == FORM_CHECKS:
            validator = FormChecks(self.forms)
        elif isinstance(validator, str):
            raise ValueError(f"unknown validator {validator!r}")
        self.validator: Validator | None = validator
        self.households = HouseholdService(self.engine, device_id=self.device_id, user=user,
                                           village_code=workspace.code, validator=validator,
                                           catalog=self.forms.catalog, audit=self.audit)
        self.users = UserService(self)
        self.drafts = DraftService(self.engine, user)
        self.derived = DerivedCache(self.engine)
        self.services = ServiceRecords(self)  # 311 service records (issue 21)
        self.jobs = JobService(self)
        self.spotchecks = SpotCheckService(self)  # phone spot checks (issue 22)

    @property
    def sync(self):  # noqa: ANN201 - sync.service.SyncService
        """Enrolment, bundles, conflicts and keys (issue 6)."""
        if self._sync is None:
            # start-up: opening a store needs none of the bundle machinery it brings in
            from .service import SyncService

            self._sync = SyncService(self)
        return self._sync

    def close(self) -> None:
        """Drop every connection (and with them the key held by SQLCipher)."""
        if self._sync is not None:
            self._sync.forget_identity()  # the device's private keys, too
        self.secret_key = None
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """``sqlcipher`` or ``postgresql``."""
        return "sqlcipher" if is_sqlcipher(self.engine) else self.engine.dialect.name

    def integrity_check(self) -> list[str]:
        """Problems found; empty when sound.

        SQLCipher: its HMAC check of every page plus SQLite's own. On a server, pages are the
        server's business (data checksums, pg_amcheck); here every table and column of the
        schema must be present and every sealed secret must open under this workspace's key.
        """
        if is_sqlcipher(self.engine):
            with self.engine.connect() as conn:
                problems = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
                problems += [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")
                             if r[0] != "ok"]
            return problems
        problems = []
        with self.engine.connect() as conn:
            found = inspect(conn)
            tables = set(found.get_table_names())
            for table in SQLModel.metadata.sorted_tables:
                if table.name not in tables:
                    problems.append(f"missing table {table.name}")
                    continue
                columns = {c["name"] for c in found.get_columns(table.name)}
                problems += [f"missing column {table.name}.{c.name}" for c in table.columns
                             if c.name not in columns]
        return problems + check_secrets(self.engine, self.secret_key)

    def status(self) -> Status:
        def count(query) -> int:  # noqa: ANN001
            return conn.execute(query).scalar_one()

        form = self.forms.catalog().current
        with self.engine.connect() as conn:
            values = meta.read_all(conn)
            return Status(
                role=self.workspace.role, code=self.workspace.code,
                name=values.get(meta.NAME, ""),
                users=self.workspace.keys.users(), device_id=self.device_id,
                schema_version=int(values.get(meta.SCHEMA_VERSION, LATEST)),
                households=count(select(func.count()).select_from(Household)),
                members=count(select(func.count()).select_from(Member)),
                revisions=count(select(func.count()).select_from(Revision)),
                open_conflicts=count(select(func.count()).select_from(Conflict)
                                     .where(Conflict.resolved_at.is_(None))),
                quarantined=count(select(func.count()).select_from(Quarantine)
                                  .where(Quarantine.released_at.is_(None))),
                unacknowledged=count(select(func.count()).select_from(Revision).where(
                    Revision.origin == "local", Revision.acked.is_(False))),
                last_export=values.get(meta.LAST_EXPORT),
                last_import=values.get(meta.LAST_IMPORT),
                form_id=form.form_id, form_version=form.version,
            )
