"""Two writers on one county store (two windows, or two staff on the server): the second waits
for the first, and if the first holds on too long it is told so in words, with nothing
changed. Runs on both backends (SQLite's busy_timeout; PostgreSQL's lock_timeout)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from mopai.sync import engine
from mopai.sync.errors import StoreError
from mopai.sync.models import Meta
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE


def test_a_writer_kept_waiting_too_long_is_told_so(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    monkeypatch.setattr(engine, "WRITER_WAIT_MS", 300)
    with Workspace(home).unlock("张科长", PASSPHRASE) as first, \
            Workspace(home).unlock("张科长", PASSPHRASE) as second:
        with first.engine.connect().execution_options(immediate=True) as held, held.begin():
            held.execute(insert(Meta.__table__), [{"key": "first", "value": "1"}])
            start = time.monotonic()
            with pytest.raises(StoreError) as caught:
                with second.engine.connect().execution_options(immediate=True) as conn, \
                        conn.begin():
                    conn.execute(insert(Meta.__table__), [{"key": "second", "value": "2"}])
            waited = time.monotonic() - start
        assert "另一位工作人员" in caught.value.zh and "0.3 s" in caught.value.en
        assert 0.25 <= waited < 10
        with second.engine.connect() as conn:  # the first write stands, the second left none
            keys = set(conn.execute(select(Meta.key)).scalars())
        assert "first" in keys and "second" not in keys
        # once the first writer is done, the second can write
        with second.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(Meta.__table__), [{"key": "second", "value": "2"}])


def test_a_waiting_writer_is_seen_while_it_waits(tmp_path: Path) -> None:
    """The sync server's import holds the write lock for a group of bundles and commits early
    when another writer waits (sync/engine.py writers_waiting): a writer kept waiting is
    seen while it waits, and no longer once it is in; one that found the lock free never is.
    A mark left by a writer killed while it waited (older than any wait) is not counted."""
    import os
    import threading

    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock("张科长", PASSPHRASE) as first, \
            Workspace(home).unlock("张科长", PASSPHRASE) as second:
        assert not engine.writers_waiting(first.engine)
        with second.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(Meta.__table__), [{"key": "alone", "value": "1"}])
            assert not engine.writers_waiting(first.engine)  # in at once: never waited
        done = threading.Event()

        def write() -> None:
            with second.engine.connect().execution_options(immediate=True) as conn, \
                    conn.begin():
                conn.execute(insert(Meta.__table__), [{"key": "second", "value": "2"}])
            done.set()

        with first.engine.connect().execution_options(immediate=True) as held, held.begin():
            held.execute(insert(Meta.__table__), [{"key": "first", "value": "1"}])
            writer = threading.Thread(target=write)
            writer.start()
            deadline = time.monotonic() + 10
            while not engine.writers_waiting(first.engine) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert engine.writers_waiting(first.engine) and not done.is_set()
        writer.join(timeout=20)
        assert done.is_set() and not engine.writers_waiting(first.engine)
        if engine.is_sqlcipher(first.engine):
            stale = home / f"{Path(first.engine.url.database).name}{engine.WAITING}1-2"
            stale.write_bytes(b"")
            assert engine.writers_waiting(first.engine)
            old = time.time() - engine.WRITER_WAIT_MS / 1000 - 60
            os.utime(stale, (old, old))
            assert not engine.writers_waiting(first.engine)
