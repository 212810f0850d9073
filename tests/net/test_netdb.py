"""The server's own tables (sync/netdb.py, decision 69): no request waits for the store's
write lock, which an import holds for seconds; beside a SQLCipher store they are in their own
encrypted database, which takes over the rows the store's tables held."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, insert, select

from mopai.sync import netdb
from mopai.sync.models import NetDevice, NetLease, NetMark, NetNonce, NetReturn, NetUpload
from mopai.sync.net import client
from mopai.sync.net.import_queue import queued_file
from tests.helpers import household
from tests.net.conftest import server_tables, serving
from tests.sync.conftest import VILLAGE_A, Net


def bundle_of(a1, folder):  # noqa: ANN001, ANN201 - a village store; its data bundle
    a1.households.save(household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A))
    folder.mkdir()
    return a1.sync.export(folder)


class Writer:
    """The store's one write lock held from another thread, as an import's transaction
    holds it while it merges a group of bundles."""

    def __init__(self, store) -> None:  # noqa: ANN001
        self.store = store
        self.taken, self.free = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        with self.store.engine.connect().execution_options(immediate=True) as conn, \
                conn.begin():
            self.taken.set()
            self.free.wait(60)

    def __enter__(self) -> Writer:
        self.thread.start()
        assert self.taken.wait(20)
        return self

    def __exit__(self, *exc: object) -> None:
        self.free.set()
        self.thread.join(30)


def test_requests_are_answered_while_an_import_holds_the_store(
        net: Net, county, tmp_path) -> None:  # noqa: ANN001
    """Before: each request's nonce, and a finished upload queued, waited for the import's
    transaction (up to 15 s, then refused busy); the villages in flight stood still."""
    with net.open("a1") as a1:
        made = bundle_of(a1, tmp_path / "out")
        with serving(county) as running:
            conn = client.connect(a1, running.url)
            conn.timeout = 10  # less than the store's wait for its writer (engine.py: 15 s)
            try:
                with Writer(county) as writer:
                    sent = client.upload(conn, made.path)   # GET, then PATCH: complete
                    assert sent.state == "received"
                    status, doc = conn.json("GET", f"/v1/uploads/{sent.sha256}")
                    assert (status, doc["state"]) == (200, "received")
                    assert writer.thread.is_alive()  # answered while the lock was held
                client.wait(conn, [sent], 60)
                assert sent.state == "imported", sent.reason
            finally:
                conn.close()


@pytest.mark.sqlite_only("the side database is SQLCipher's; on PostgreSQL the store's own")
def test_the_server_tables_are_encrypted_beside_the_store(net: Net, county) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        with serving(county) as running:
            report = client.run(a1, server=running.url)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
        device = a1.device_id
    where = netdb.path(county.workspace.home)
    raw = b"".join(p.read_bytes() for p in where.parent.glob(where.name + "*"))
    assert raw and not raw.startswith(b"SQLite format 3")
    for secret in (device, report.sent[0].sha256, "imported", "netupload", "received"):
        assert secret.encode() not in raw, secret
    with server_tables(county) as tables, tables.connect() as conn:
        assert conn.execute(select(NetUpload.state)).scalars().all() == ["imported"]
        assert conn.execute(select(func.count()).select_from(NetNonce)).scalar_one() > 0
    with county.engine.connect() as conn:  # none of it in the store
        for table in (NetUpload, NetNonce, NetDevice, NetReturn, NetMark, NetLease):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


@pytest.mark.sqlite_only("moving rows out of the store is SQLCipher's")
def test_an_upload_queued_before_the_move_is_imported(net: Net, county, tmp_path) -> None:  # noqa: ANN001
    """A county that served before this change: its queue (and the rest) is in the store's
    tables; the first start moves it beside the store, and the queued bundle is imported."""
    with net.open("a1") as a1:
        made = bundle_of(a1, tmp_path / "out")
        device = a1.device_id
    spool = county.workspace.home / "net" / "spool"
    (spool / "in").mkdir(parents=True, exist_ok=True)
    made.path.replace(queued_file(spool, device, made.sha256))
    with county.engine.begin() as conn:
        conn.execute(insert(NetUpload.__table__), [{
            "device_id": device, "sha256": made.sha256, "size": 1, "state": "received",
            "received_at": "2026-11-01T00:00:00Z", "bundle_id": made.bundle_id, "seq": made.seq}])
        conn.execute(insert(NetDevice.__table__), [{"device_id": device,
                                                    "last_contact": "2026-11-01T00:00:00Z"}])
        conn.execute(insert(NetNonce.__table__), [{"device_id": device, "nonce": "n" * 16,
                                                   "at": int(time.time())}])
    (netdb.path(county.workspace.home).with_name(netdb.FILE + ".new")).write_bytes(b"torn")
    with serving(county) as running:
        running.idle()
        assert running.server.last_error == ""
        with running.server.net.connect() as conn:
            assert conn.execute(select(NetUpload.state)).scalars().all() == ["imported"]
            assert conn.execute(select(NetDevice.last_contact)).scalars().all() \
                == ["2026-11-01T00:00:00Z"]
            assert conn.execute(select(NetNonce.nonce)).scalars().all() == ["n" * 16]
    with county.engine.connect() as conn:
        for table in (NetUpload, NetNonce, NetDevice):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
    assert not netdb.path(county.workspace.home).with_name(netdb.FILE + ".new").exists()
    assert county.status().households == 1


def test_the_transport_view_reads_the_server_tables(net: Net, county) -> None:  # noqa: ANN001
    assert {r.last_contact for r in county.sync.transport()} == {""}  # no server yet
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        with serving(county) as running:
            client.run(a1, server=running.url)
        device = a1.device_id
    [row] = [r for r in county.sync.transport() if r.device_id == device]
    assert row.last_contact and row.last_bundle_via == "network" and row.returns_taken == 1
