"""A county and three enrolled devices, built once per session and copied per test.

Devices: ``a1`` and ``a2`` in village A (two laptops of one village), ``b1`` in village B.
With --backend=postgresql the county keeps its store on the test server (tests/conftest.py).
Each folder is a full workspace; `Net.open(name)` unlocks one. A "stick" folder stands in
for the USB stick.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, copy_workspaces, on_postgres

COUNTY = "110105"
VILLAGE_A = "110105001001"
VILLAGE_B = "110105002003"
COUNTY_USER = "张科长"
DEVICES = {"a1": VILLAGE_A, "a2": VILLAGE_A, "b1": VILLAGE_B}


@dataclass
class Net:
    root: Path

    def home(self, name: str) -> Path:
        return self.root / name

    @property
    def stick(self) -> Path:
        path = self.root / "stick"
        path.mkdir(exist_ok=True)
        return path

    def unlock(self, name: str, validator=None):  # noqa: ANN001, ANN201
        user = COUNTY_USER if name == "county" else USER
        return Workspace(self.home(name)).unlock(user, PASSPHRASE, validator=validator)

    @contextmanager
    def open(self, name: str, validator=None) -> Iterator:  # noqa: ANN001
        store = self.unlock(name, validator)
        try:
            yield store
        finally:
            store.close()


def enrol(county, village, tmp: Path) -> None:  # noqa: ANN001
    """The whole offline handshake, files on disk as in the field."""
    request, setup = tmp / f"{village.device_id}.req", tmp / f"{village.device_id}.setup"
    village.sync.enrol_request(request)
    county.sync.enrol_approve(request, setup)
    fp = village.sync.enrol_preview(setup).fingerprint
    village.sync.enrol_accept(setup, fp, PASSPHRASE)


def build_net(root: Path, db: str | None = None) -> Net:
    Workspace.create(root / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县", db=db)
    net = Net(root)
    with net.open("county") as county:
        for name, code in DEVICES.items():
            Workspace.create(root / name, role="village", code=code, user=USER,
                             passphrase=PASSPHRASE, name=f"测试村{name}")
            with net.open(name) as village:
                enrol(county, village, root)
    for f in root.glob("*.req"):
        f.unlink()
    for f in root.glob("*.setup"):
        f.unlink()
    return net


@pytest.fixture(scope="session")
def _net_template(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                  ) -> Path:
    root = tmp_path_factory.mktemp("net")
    db = None
    if on_postgres(request.config):  # the county on the server, the villages on SQLCipher
        srv = request.getfixturevalue("pg")
        db = srv.url(srv.create_db("tpl_net"))
    build_net(root, db)
    return root


@pytest.fixture
def net(tmp_path: Path, _net_template: Path) -> Net:
    return Net(copy_workspaces(_net_template, tmp_path / "net"))
