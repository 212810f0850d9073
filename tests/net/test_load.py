"""Ten villages syncing at once with one real `mopai serve` process (bench/net_load.py, the
driver of `make bench`'s `net_sync`): every bundle imported exactly once, none lost, and the
county equal to a USB import of the same bundles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench import net_load
from mopai.sync.models import BundleIn, NetUpload
from mopai.sync.net import tls
from mopai.sync.synth import CountySpec, build_county
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.net.conftest import server_tables
from tests.sync.helpers import households

USER = "县管理员"
VILLAGES = 10


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("load")
    build = build_county(root, CountySpec(villages=VILLAGES, households=VILLAGES * 12),
                         PASSPHRASE, user=USER, village_user=USER)
    net_load.save_keys(build.village_homes, build.bundles, root / net_load.KEYS, USER,
                       PASSPHRASE)
    return root


@pytest.mark.slow  # ten enrolled villages built: ~50 s of setup
def test_ten_villages_at_once_are_imported_once_each(built: Path, tmp_path: Path) -> None:
    county, usb = tmp_path / "county", tmp_path / "usb"
    shutil.copytree(built / "county", county)
    shutil.copytree(built / "county", usb)
    with Workspace(county).unlock(USER, PASSPHRASE) as store:
        pin = tls.configure(store, "https://127.0.0.1:9").fingerprint
    keys = json.loads((built / net_load.KEYS).read_text("utf-8"))
    proc, url = net_load.start_server(county, USER, PASSPHRASE)
    try:
        load = net_load.run(url, pin, keys, built / "bundles", clients=VILLAGES, wait=120)
        again = net_load.run(url, pin, keys, built / "bundles", clients=VILLAGES, wait=120)
    finally:
        net_load.stop_server(proc)
    assert load.failures == [] and load.imported == VILLAGES
    assert again.failures == [] and again.sent_bytes == 0  # answered, not sent again
    with Workspace(usb).unlock(USER, PASSPHRASE) as store:
        results = store.sync.import_paths(sorted((built / "bundles").glob("*.mopai")))
        assert {r.status for r in results} == {"accepted"}
        by_stick = households(store)
    with Workspace(county).unlock(USER, PASSPHRASE) as store:
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(BundleIn)).scalar_one() \
                == VILLAGES
        with server_tables(store) as tables, tables.connect() as conn:
            assert conn.execute(select(func.count()).select_from(NetUpload).where(
                NetUpload.state == "imported")).scalar_one() == VILLAGES
        assert households(store) == by_stick
