"""The village app killed mid-upload (issue 20): the real app as its own process (offscreen,
tests/desktop/shell/app_child.py: `run_app`'s steps, the passphrase typed into the unlock
screen), its background sync uploading through a throttled link (tests/net/proxy.py) to the
real county server on loopback, killed with SIGKILL while the bundle is half sent; started
again, it resumes the upload from what the server kept, and the county imports the bundle
once."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mopai.sync import bundle, meta
from mopai.sync.models import BundleIn, NetUpload
from mopai.sync.net import protocol
from tests.helpers import household
from tests.net.conftest import _served_template, county, net, served, server_tables  # noqa: F401
from tests.net.proxy import Plan, Proxy
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households

ROOT = Path(__file__).resolve().parents[3]
COUNT = 600  # a bundle of three chunks: what the link holds when killed is not all of it


class App:
    """The app's process and the status lines it prints."""

    def __init__(self, home: Path, scratch: Path, *extra: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
        env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
        scratch.mkdir(exist_ok=True)
        self.log = scratch / "stderr.txt"
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.desktop.shell.app_child", str(home), str(scratch),
                 *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True,
                stdin=subprocess.DEVNULL)
        self.lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def until(self, wanted, timeout: float = 90) -> dict[str, Any]:  # noqa: ANN001
        """The first status the app printed for which `wanted(status)` holds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                state = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                state = None
            assert state is not None, f"the app ended or hung: {self.log.read_text()[-3000:]}"
            assert "error" not in state, state
            if wanted(state):
                return state


@pytest.mark.slow  # two app processes; the resume itself: tests/net/test_proxy.py
def test_the_app_killed_mid_upload_resumes_and_the_bundle_is_imported_once(
        net: Net, county, served, tmp_path: Path) -> None:  # noqa: F811
    with net.open("a1") as a1:
        a1.households.save_many([household(f"{i + 1:04d}", (f"王{i}", ""), village_code=VILLAGE_A,
                                           address=os.urandom(990).hex())
                                 for i in range(COUNT)])
        device = a1.device_id
    with Proxy(served.url) as proxy:
        with net.open("a1") as a1:
            a1.meta.set({meta.SERVER_URL: proxy.url})
        proxy.default = Plan(rate=192 * 1024)  # a slow link: the upload takes seconds
        first = App(net.home("a1"), tmp_path / "first")
        try:
            first.until(lambda s: s["kind"] == "uploading" and s["percent"] > 0)
        finally:
            first.proc.send_signal(signal.SIGKILL)
            first.proc.wait(timeout=30)
        assert first.proc.returncode == -signal.SIGKILL
        [path] = (net.home("a1") / "outbox").glob("*" + bundle.SUFFIX)
        size, sha = path.stat().st_size, protocol.body_hash(path.read_bytes())
        part = served.server.spool / "parts" / device / f"{sha}.part"
        assert size > 2 * protocol.CHUNK and 0 < part.stat().st_size < size
        assert households(county) == {}  # nothing of it imported
        kept = part.stat().st_size
        proxy.default, proxy.up = Plan(), 0
        second = App(net.home("a1"), tmp_path / "second", "--quit")
        state = second.until(lambda s: s["kind"] in ("done", "offline", "failed"))
        assert second.proc.wait(timeout=60) == 0
        assert proxy.up < size  # over the link, requests and TLS included: not the whole again
    assert state["kind"] == "done", state
    [sent] = state["sent"]
    assert (sent["name"], sent["state"]) == (path.name, "imported")
    assert sent["sent_bytes"] <= size - kept  # only the rest was sent
    assert len(households(county)) == COUNT
    with county.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(BundleIn).where(
            BundleIn.device_id == device)).scalar_one() == 1
    with server_tables(county) as tables, tables.connect() as conn:
        assert conn.execute(select(func.count()).select_from(NetUpload).where(
            NetUpload.sha256 == sha)).scalar_one() == 1
