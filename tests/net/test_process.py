"""`mopai serve` and `mopai sync` as real processes: a server killed mid-upload and started
again (nothing half-imported, the upload resumes), offline, one-process SQLCipher."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mopai.cli.main import main
from mopai.sync.net import client, protocol
from tests.conftest import PASSPHRASE
from tests.net.test_sync import fill
from tests.sync.conftest import COUNTY_USER, Net
from tests.sync.helpers import households

ROOT = Path(__file__).resolve().parents[2]


def start_server(home: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update({"MOPAI_PASSPHRASE": PASSPHRASE, "MOPAI_USER": COUNTY_USER,
                "PYTHONPATH": str(ROOT)})
    proc = subprocess.Popen([sys.executable, "-m", "mopai.cli", "serve", "--home", str(home),
                             "--listen", "127.0.0.1:0", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    line = proc.stdout.readline()
    if "https://" not in line:
        proc.kill()
        raise AssertionError(f"the server did not start: {line!r} {proc.stderr.read()}")
    return proc, line.split("https://", 1)[1].split()[0]


@pytest.mark.slow
def test_server_killed_mid_upload_resumes_and_imports_once(net: Net) -> None:
    proc, address = start_server(net.home("county"))
    try:
        with net.open("a1") as a1:
            fill(a1, 150)
            outbox = a1.workspace.home / "outbox"
            outbox.mkdir()
            result = a1.sync.export(outbox)
            data = result.path.read_bytes()
            sha = protocol.body_hash(data)
            # A request for the whole bundle; half of it sent, then the server dies.
            conn = client.connect(a1, f"https://{address}")
            http = conn._open()
            where = f"/v1/uploads/{sha}"
            headers = protocol.sign(a1.sync.identity(), a1.device_id, "PATCH", where,
                                    protocol.body_hash(data), offset="0", length=str(len(data)))
            http.putrequest("PATCH", where)
            for k, v in {**headers, "Content-Length": str(len(data))}.items():
                http.putheader(k, v)
            http.endheaders()
            http.send(data[:len(data) // 2])
            part = net.home("county") / "net" / "spool" / "parts" / a1.device_id / f"{sha}.part"
            deadline = time.monotonic() + 20
            while (not part.exists() or part.stat().st_size < len(data) // 4) \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=20)
            conn.close()
            kept = part.stat().st_size
            assert 0 < kept < len(data)
        with net.open("county") as county:  # nothing of it imported
            assert households(county) == {}
        proc, address = start_server(net.home("county"))
        with net.open("a1") as a1:
            conn = client.connect(a1, f"https://{address}")
            report = client.run(a1, conn=conn)
            assert conn.sent_bytes == len(data) - kept  # the upload resumed
            assert [s.state for s in report.sent] == ["imported"], report.lines()
            assert a1.status().unacknowledged == 0
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    with net.open("county") as county:
        assert len(households(county)) == 150


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sync_offline_is_one_line_and_changes_nothing(net: Net, capsys, monkeypatch) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 1)
        before = dict(a1.meta.fresh())
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    code = main(["sync", "--home", str(net.home("a1")),
                 "--server", f"https://127.0.0.1:{closed_port()}"])
    err = capsys.readouterr().err.strip()
    assert code == client.Offline.exit_code == 9
    assert len(err.splitlines()) == 1 and "连不上县同步服务" in err and "nothing" in err
    assert not (net.home("a1") / "outbox").exists()
    with net.open("a1") as a1:
        assert dict(a1.meta.fresh()) == before and a1.status().unacknowledged == 1


def test_several_workers_need_postgresql(net: Net, capsys, monkeypatch, backend) -> None:  # noqa: ANN001
    if backend == "postgresql":
        pytest.skip("SQLCipher only: on PostgreSQL several workers are allowed (test_workers)")
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MOPAI_USER", COUNTY_USER)
    code = main(["serve", "--home", str(net.home("county")), "--listen", "127.0.0.1:0",
                 "--workers", "2"])
    assert code != 0 and "PostgreSQL" in capsys.readouterr().err
