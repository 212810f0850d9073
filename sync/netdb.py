"""Where the sync server's own tables live (sync/net/state.py: uploads, nonces, the import
lease, return bundles offered, the mark per village, what it saw of each device).

On PostgreSQL they are in the store's database: several server processes (`--workers N`)
share them, and a write to them never takes the store's writer lock (state.py `_writing`).

On SQLCipher (one server process) they are in a small encrypted database of their own beside
the store, ``net/server.db``. Every request writes to them (its nonce; a finished upload is
queued), and SQLite has one writer per database: in the store, each of those writes waited
for the import's transaction, which holds the store's write lock for seconds while a group
of bundles is merged (decision 69). Here they wait only for each other, a few milliseconds.

Nothing in it is survey data: it can be lost without losing anything the county holds. A
lost upload queue is sent again by the villages (and found `already` where it was
imported); a return bundle not offered is written again on the next request. Its key is
derived from the store's (HKDF), so it opens exactly where the store opens. It is made on the
first start of `mopai serve` after this change, taking the rows the store's own tables held
(schemas 17, 18, 20, 23), which are then emptied.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, MetaData, event, insert, select, text

from . import migrations
from .engine import is_sqlcipher, reopen_args, sqlcipher_engine
from .locking import locked

FOLDER = "net"          # tls.FOLDER: the county's network folder
FILE = "server.db"
# The server's tables, made by the store's own schema steps (17, 18, 20, 23): the side
# database has exactly the store's columns and indexes. Its version is SQLite's user_version,
# the number of these steps run; a later change to these tables adds a step to both lists.
TABLES = ("netupload", "netnonce", "netlease", "netreturn", "netmark", "netdevice")
STEPS = (migrations._step17, migrations._step18, migrations._step20, migrations._step23)
# A request's write is durable once in the WAL; synchronous NORMAL skips the fsync per
# commit (a power cut may lose the last few nonces, never leave the file inconsistent).
PRAGMAS = ("cache_size = -2048", "synchronous = NORMAL")


def path(home: Path) -> Path:
    return home / FOLDER / FILE


def key(data_key: bytes) -> bytes:
    """The side database's raw SQLCipher key, derived from the store's."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"mopai net/server.db").derive(data_key)


def open_net(store, *, create: bool = True) -> Engine | None:  # noqa: ANN001 - sync.store.Store
    """The engine the server's tables are read and written through: the store's own on
    PostgreSQL; on SQLCipher the side database's (made, and the store's rows moved into it,
    when `create` and not there yet; None when not there and not `create`: no server has run
    since). Dispose it when done (`close`)."""
    if not is_sqlcipher(store.engine):
        return store.engine
    where = path(store.workspace.home)
    secret = key(reopen_args(store.engine)[2])
    if not where.exists():
        if not create:
            return None
        where.parent.mkdir(parents=True, exist_ok=True)
        with locked(where, timeout=30, what=("同步服务数据库", "server.db")):
            if not where.exists():
                _make(store, where, secret)
    engine = _engine(where, secret)
    _migrate(engine)
    return engine


def close(store, engine: Engine | None) -> None:  # noqa: ANN001
    """Dispose of a side database's engine (never the store's own)."""
    if engine is not None and engine is not store.engine:
        engine.dispose()


def _engine(where: Path, secret: bytes, *pragmas: str) -> Engine:
    engine = sqlcipher_engine(where, secret)

    @event.listens_for(engine, "connect")
    def _small(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
        cur = dbapi_conn.cursor()
        try:
            for pragma in (*PRAGMAS, *pragmas):
                cur.execute(f"PRAGMA {pragma}")
        finally:
            cur.close()

    return engine


def _version(conn: Connection) -> int:
    return conn.exec_driver_sql("PRAGMA user_version").scalar_one()


def _migrate(engine: Engine) -> None:
    with engine.connect() as conn:
        if _version(conn) >= len(STEPS):
            return
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        _steps(conn)


def _steps(conn: Connection) -> None:
    """The schema steps not run yet (in the caller's write transaction)."""
    for step in STEPS[_version(conn):]:
        step(conn)
    conn.exec_driver_sql(f"PRAGMA user_version = {len(STEPS)}")


def _make(store, where: Path, secret: bytes) -> None:  # noqa: ANN001
    """The side database, built under another name with the rows of the store's own tables,
    then put in place whole (a crash leaves none or all of it); the store's rows are then
    deleted (a crash before that leaves them, unread: the side database is in place)."""
    building = where.with_name(FILE + ".new")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    engine = _engine(building, secret, "journal_mode = DELETE")  # one file to move
    held = _tables(store.engine)
    try:
        with engine.connect().execution_options(immediate=True) as conn, conn.begin():
            _steps(conn)
            side = MetaData()
            side.reflect(conn, only=list(TABLES))
            with store.engine.connect() as source:
                for name in TABLES:
                    if name not in held:
                        continue
                    columns = [c.name for c in side.tables[name].columns
                               if c.name in held[name].columns]
                    rows = [dict(r._mapping) for r in source.execute(
                        select(*(held[name].c[c] for c in columns)))]
                    if rows:
                        conn.execute(insert(side.tables[name]), rows)
    finally:
        engine.dispose()
    with open(building, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(building, where)
    if held:
        with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            for name in held:
                conn.execute(held[name].delete())


def _tables(engine: Engine) -> dict:
    """The server's tables the store has (all of them since schema 23)."""
    md = MetaData()
    with engine.connect() as conn:
        names = set(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
        md.reflect(conn, only=[t for t in TABLES if t in names])
    return dict(md.tables)
