"""`mopai serve --workers N` over a PostgreSQL county store: several processes share the
spool, the queue and the nonces; every bundle is imported exactly once."""

from __future__ import annotations

import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from mopai.sync.models import BundleIn, NetUpload
from mopai.sync.net import client
from tests.helpers import household
from tests.net.conftest import server_tables
from tests.net.test_process import start_server
from tests.sync.conftest import DEVICES, Net
from tests.sync.helpers import households


def test_two_workers_import_every_bundle_once(net: Net, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("needs the county store on PostgreSQL (run with --backend=postgresql)")
    proc, address = start_server(net.home("county"), "--workers", "2")
    try:
        stores = {name: net.unlock(name) for name in DEVICES}  # unlocked one at a time
        for name, store in stores.items():
            for i in range(20):
                store.households.save(household(f"{name}{i:03d}", (f"李{i}", ""),
                                                village_code=DEVICES[name]))

        def one(name: str) -> list[str]:
            report = client.run(stores[name], server=f"https://{address}")
            assert stores[name].status().unacknowledged == 0, report.lines()
            return [s.state for s in report.sent]

        try:
            with ThreadPoolExecutor(3) as pool:  # the three devices at once
                states = list(pool.map(one, DEVICES))
        finally:
            for store in stores.values():
                store.close()
        assert states == [["imported"]] * 3
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    with net.open("county") as county:
        assert len(households(county)) == 60
        with county.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(BundleIn)).scalar_one() == 3
        with server_tables(county) as tables, tables.connect() as conn:
            assert conn.execute(select(func.count()).select_from(NetUpload).where(
                NetUpload.state == "imported")).scalar_one() == 3
