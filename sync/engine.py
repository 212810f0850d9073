"""Engines: SQLCipher 4 with a raw 256-bit key (the default), or any SQLAlchemy URL.

The raw key (``x'<64 hex>'``) skips SQLCipher's per-open PBKDF2 (~0.19 s), so connections are
cheap; the passphrase work is done once, by Argon2id, when the key slot is unwrapped.
Pragmas cannot ride in the URL, so a `connect` listener sets them. SQLCipher's own log goes
to stderr; `cipher_log_level = NONE` keeps it from ever reaching the user.

pysqlite's implicit transactions are switched off and BEGIN is issued by a `begin` listener
(SQLAlchemy's documented recipe), so a `with conn.begin()` block is exactly one SQLite
transaction; writers ask for ``BEGIN IMMEDIATE`` with the ``immediate`` execution option, so
two processes on one store wait for each other instead of failing mid-transaction.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from .errors import StoreError

SQLCIPHER_PRAGMAS = (
    "cipher_log_level = NONE",
    "temp_store = MEMORY",
    "cache_size = -65536",  # 64 MiB: halves SQLCipher's point-lookup penalty
    "busy_timeout = 15000",
    "foreign_keys = ON",
)


def sqlcipher_engine(path: Path, key: bytes) -> Engine:
    if len(key) != 32:
        raise ValueError("SQLCipher raw key must be 32 bytes")
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    engine = create_engine(url)  # SingletonThreadPool: one long-lived connection per thread

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            for pragma in SQLCIPHER_PRAGMAS:
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
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def url_engine(url: str) -> Engine:
    """A server database (PostgreSQL) for county offices with several staff."""
    return create_engine(url, pool_pre_ping=True)
