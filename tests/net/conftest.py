"""A county serving network sync on loopback, and devices enrolled with its address.

The template (built once per session, copied per test) is tests/sync/conftest.py's county and
devices, except that the county set its sync address first (`mopai net address`), so every
setup file carried the address and the certificate's hash. `served` runs the real server
(uvicorn, real TLS with the county's certificate) in a thread on a free loopback port.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from mopai.sync import netdb
from mopai.sync.net import server as srv
from mopai.sync.net import tls
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, copy_workspaces, on_postgres
from tests.sync.conftest import COUNTY, COUNTY_USER, DEVICES, Net, enrol

ADDRESS = "https://127.0.0.1:9"  # what setup files carry; tests pass the real port


def build(root: Path, db: str | None = None) -> Net:
    Workspace.create(root / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县", db=db)
    net = Net(root)
    with net.open("county") as county:
        tls.configure(county, ADDRESS)
        for name, code in DEVICES.items():
            Workspace.create(root / name, role="village", code=code, user=USER,
                             passphrase=PASSPHRASE, name=f"测试村{name}")
            with net.open(name) as village:
                enrol(county, village, root)
    for f in [*root.glob("*.req"), *root.glob("*.setup")]:
        f.unlink()
    return net


@pytest.fixture(scope="session")
def _served_template(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                     ) -> Path:
    root = tmp_path_factory.mktemp("netsync")
    db = None
    if on_postgres(request.config):
        pg = request.getfixturevalue("pg")
        db = pg.url(pg.create_db("tpl_netsync"))
    build(root, db)
    return root


@pytest.fixture
def net(tmp_path: Path, _served_template: Path) -> Net:
    return Net(copy_workspaces(_served_template, tmp_path / "net"))


@dataclass
class Running:
    url: str
    server: srv.SyncServer
    uvicorn: object

    def idle(self, timeout: float = 30) -> None:
        """Until the import queue is empty (the import thread has done its work)."""
        from mopai.sync.net import state

        deadline = time.monotonic() + timeout
        while state.queued(self.server.net) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not state.queued(self.server.net), self.server.last_error


@contextmanager
def serving(store, options: srv.Options | None = None) -> Iterator[Running]:  # noqa: ANN001
    cert = tls.ensure(store)
    sock = srv.bind("127.0.0.1:0")
    port = sock.getsockname()[1]
    sync_server = srv.SyncServer(store, options)
    server = __import__("uvicorn").Server(srv.uvicorn_config(sync_server.app(), cert))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield Running(f"https://127.0.0.1:{port}", sync_server, server)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextmanager
def server_tables(store) -> Iterator:  # noqa: ANN001 - Store; yields an Engine or None
    """The server's own tables (sync/netdb.py) as the servers of this county left them:
    None when no server ever ran on a SQLCipher county."""
    engine = netdb.open_net(store, create=False)
    try:
        yield engine
    finally:
        netdb.close(store, engine)


@pytest.fixture
def county(net: Net) -> Iterator:
    with net.open("county") as store:
        yield store


@pytest.fixture
def served(county) -> Iterator[Running]:  # noqa: ANN001
    with serving(county) as running:
        yield running
