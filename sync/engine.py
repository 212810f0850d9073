"""Engines: SQLCipher 4 with a raw 256-bit key (the default), or a PostgreSQL server.

The raw key (``x'<64 hex>'``) skips SQLCipher's per-open PBKDF2 (~0.19 s), so connections are
cheap; the passphrase work is done once, by Argon2id, when the key slot is unwrapped.
Pragmas cannot ride in the URL, so a `connect` listener sets them. SQLCipher's own log goes
to stderr; `cipher_log_level = NONE` keeps it from ever reaching the user.

pysqlite's implicit transactions are switched off and BEGIN is issued by a `begin` listener
(SQLAlchemy's documented recipe), so a `with conn.begin()` block is exactly one SQLite
transaction; writers ask for ``BEGIN IMMEDIATE`` with the ``immediate`` execution option, so
two processes on one store wait for each other instead of failing mid-transaction.

On PostgreSQL (a county office with several staff, docs/postgres.md) the same ``immediate``
option takes one transaction-scoped advisory lock right after BEGIN: writers queue behind
each other exactly as with ``BEGIN IMMEDIATE``, readers never wait, and the lock goes with the
commit or the rollback. Every engine hides bound parameters from its error messages
(``hide_parameters``), and the server's engine drops PostgreSQL's DETAIL line (the values of
the key or row that failed): a failed statement is named, the household values it carried
never reach a traceback, a log or the error dialog's details. The password is never part of the URL we keep: libpq finds it
(``PGPASSWORD``, ``~/.pgpass``, a service file), or ``MOPAI_DB_PASSWORD`` supplies it.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from .errors import InputError, StoreError

PASSWORD_ENV = "MOPAI_DB_PASSWORD"
# The one writer lock of a Mopai store on a server ("MOPA" in ASCII); any constant would do,
# it only has to be the same for every Mopai process on that database.
WRITER_LOCK = 0x4D4F5041
# How long a writer waits for another before saying so (SQLite busy_timeout, PostgreSQL
# lock_timeout on the writer lock); read when a connection opens or a write begins.
WRITER_WAIT_MS = 15000
# PostgreSQL's DETAIL line repeats the values of the key or row a statement failed on
# ("Key (id_number)=(…) already exists", "Failing row contains (…)").
_PG_DETAIL = re.compile(r"^\s*DETAIL:.*$\n?", re.MULTILINE)

SQLCIPHER_PRAGMAS = (
    "cipher_log_level = NONE",
    "temp_store = MEMORY",
    "cache_size = -65536",  # 64 MiB: halves SQLCipher's point-lookup penalty
    "foreign_keys = ON",
)


def sqlcipher_engine(path: Path, key: bytes) -> Engine:
    if len(key) != 32:
        raise ValueError("SQLCipher raw key must be 32 bytes")
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    # SingletonThreadPool: one long-lived connection per thread. hide_parameters: an error
    # names the statement, never the household values bound to it (they end up in logs).
    engine = create_engine(url, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            for pragma in (*SQLCIPHER_PRAGMAS, f"busy_timeout = {int(WRITER_WAIT_MS)}"):
                cur.execute(f"PRAGMA {pragma}")
            cur.execute("SELECT count(*) FROM sqlite_master").fetchall()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
        except dbapi_conn.DatabaseError as exc:  # wrong key, or not a store at all
            raise StoreError(
                "数据库无法打开：密钥与数据库不匹配，或数据库文件已损坏（请从备份恢复）",
                f"the store cannot be opened: key does not match or the file is damaged ({exc})",
                where=str(path),
            ) from None
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        if not conn.get_execution_options().get("immediate", False):
            conn.exec_driver_sql("BEGIN")
            return
        try:
            _begin_immediate(conn, path)
        except OperationalError as exc:
            if _busy(exc):
                raise _writer_busy() from exc
            raise

    return engine


# A SQLCipher writer that finds the write lock taken leaves a file beside the store while it
# waits (`<store>-waiting-<pid>-<thread>`): the sync server's import, which holds the lock
# for a group of bundles, commits early when it sees one (`writers_waiting`). One that is
# older than any writer waits (a process killed while waiting) is not counted.
WAITING = "-waiting-"


def _busy(exc: OperationalError) -> bool:
    return "locked" in str(exc.orig) or "busy" in str(exc.orig)


def _begin_immediate(conn: Connection, path: Path) -> None:
    """BEGIN IMMEDIATE: at once if the write lock is free; otherwise waiting for it (busy
    timeout) with this writer's mark beside the store."""
    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except OperationalError as exc:
        if not _busy(exc):
            raise
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(WRITER_WAIT_MS)}")
    mark: Path | None = path.with_name(f"{path.name}{WAITING}{os.getpid()}-{threading.get_ident()}")
    try:
        mark.write_bytes(b"")
    except OSError:  # a folder it cannot write in: it waits unmarked
        mark = None
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        if mark is not None:
            mark.unlink(missing_ok=True)


def writers_waiting(engine: Engine) -> bool:
    """Whether another writer waits for the store's write lock now: a mark beside a SQLCipher
    store (`_begin_immediate`), a session waiting for the writer lock on PostgreSQL. The sync
    server's import asks between two bundles and commits its group for it."""
    if is_sqlcipher(engine):
        path = Path(engine.url.database or "")
        prefix, now = f"{path.name}{WAITING}", time.time()
        fresh = WRITER_WAIT_MS / 1000 + 5
        try:
            with os.scandir(path.parent) as entries:
                for entry in entries:
                    if entry.name.startswith(prefix):
                        try:
                            if now - entry.stat().st_mtime < fresh:
                                return True
                        except OSError:  # gone meanwhile: that writer is in
                            continue
        except OSError:
            return False
        return False
    with engine.connect() as conn:  # pg_advisory_xact_lock(bigint): classid 0, objsubid 1
        return bool(conn.execute(text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = 0 AND objid = CAST(:lock AS oid) AND objsubid = 1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))"),
            {"lock": WRITER_LOCK}).scalar_one())


def reopen_args(engine: Engine) -> tuple[Any, ...]:
    """What another process needs to open the same store as a reader: the file and its raw
    key, or the server's URL (with the password libpq was not left to find, if any). It holds
    the key: hand it to a worker through its start-up pipe only, never write it down."""
    url = engine.url
    if is_sqlcipher(engine):
        password = url.password or ""
        return ("sqlcipher", url.database, bytes.fromhex(password[2:-1]))  # x'<64 hex>'
    return ("server", url)


READER_CACHE = "cache_size = -2048"  # 2 MiB: a worker reads each record once


def reader_engine(args: tuple[Any, ...]) -> Engine:
    """An engine on the store `reopen_args` describes, for reading only (a worker process:
    sync/kept.py); on SQLCipher with a small page cache, and refusing any write."""
    if args[0] == "server":
        return url_engine(args[1])
    engine = sqlcipher_engine(Path(args[1]), args[2])

    @event.listens_for(engine, "connect")
    def _reader(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA {READER_CACHE}")
            cur.execute("PRAGMA query_only = 1")
        finally:
            cur.close()

    return engine


def server_url(url: str | URL) -> URL:
    """Parse and check a `--db` URL; ``postgresql://`` means the psycopg (3) driver."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        parsed = None
    backend = parsed.get_backend_name() if parsed is not None else ""
    if backend == "postgres":  # libpq's spelling, which SQLAlchemy does not take
        parsed = parsed.set(drivername="postgresql")
        backend = "postgresql"
    if parsed is None or backend != "postgresql" or not parsed.database:
        shown = public_url(parsed) if parsed is not None else "?"
        raise InputError(
            f"数据库地址无效：应为 postgresql+psycopg://用户@主机:端口/数据库，收到“{shown}”",
            f"invalid database URL {shown!r}: expected postgresql+psycopg://user@host:port/dbname",
        )
    if parsed.drivername != "postgresql+psycopg":  # named, whatever SQLAlchemy's default is
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def public_url(url: str | URL) -> str:
    """The URL as it may be written down or shown: everything but the password."""
    parsed = make_url(url) if isinstance(url, str) else url
    parsed = parsed.difference_update_query(["password"])  # libpq takes one there, too
    return parsed._replace(password=None).render_as_string(hide_password=False)


def is_sqlcipher(engine: Engine) -> bool:
    """True for the embedded store (encrypted as a whole file), False for a server."""
    return engine.dialect.name == "sqlite"


def url_engine(url: str | URL) -> Engine:
    """A PostgreSQL store for a county office with several staff (docs/postgres.md)."""
    parsed = server_url(url)
    password = os.environ.get(PASSWORD_ENV)
    if parsed.password is None and password:
        parsed = parsed.set(password=password)
    engine = create_engine(parsed, pool_pre_ping=True, pool_size=2, max_overflow=8,
                           hide_parameters=True,
                           connect_args={"application_name": "mopai", "connect_timeout": 10})

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        if conn.get_execution_options().get("immediate", False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(WRITER_WAIT_MS)}")
            try:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            except OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                    raise _writer_busy() from exc
                raise

    event.listen(engine, "handle_error", _hide_detail)
    return engine


def _hide_detail(context) -> None:  # noqa: ANN001 - sqlalchemy.engine.ExceptionContext
    """Drop PostgreSQL's DETAIL line from the driver's error and from SQLAlchemy's (their
    text is args[0]); `sqlstate` and `diag` stay for the code that tests them."""
    for exc in (context.original_exception, context.sqlalchemy_exception):
        if exc is not None and exc.args and isinstance(exc.args[0], str) \
                and "DETAIL:" in exc.args[0]:
            exc.args = (_PG_DETAIL.sub("", exc.args[0]).rstrip("\n"), *exc.args[1:])


def _writer_busy() -> StoreError:
    seconds = f"{WRITER_WAIT_MS / 1000:g}"
    return StoreError(
        f"另一位工作人员（或另一个窗口）正在写入数据，等了 {seconds} 秒仍未完成：请稍后再试，"
        "已保存的数据没有改动",
        f"another writer (a colleague, or another window) held the store for {seconds} s; "
        "try again shortly — nothing saved was changed")


def connect(engine: Engine, where: str) -> Connection:
    """`engine.connect()`, with a server that cannot be reached said in words people read."""
    try:
        return engine.connect()
    except OperationalError as exc:
        if is_sqlcipher(engine):
            raise
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            "无法连接县级数据库服务器：请检查网络、服务器地址、用户名和密码"
            f"（PGPASSWORD、~/.pgpass 或 {PASSWORD_ENV}）",
            f"cannot connect to the county database server: check the network, the address, the "
            f"user and the password (PGPASSWORD, ~/.pgpass or {PASSWORD_ENV}) — {reason}",
            where=where,
        ) from None
