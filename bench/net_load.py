"""Many villages uploading to one `mopai serve` at once (issue 20): the driver the `net_sync`
benchmark and tests/net/test_load.py share.

A village here is what the network needs of it: its device id, its signing key and its
bundle file (kept from the synthetic county's build, `keys.json`), so the load needs no
village store open. Each village runs `sync.net.client.upload` (pinned TLS, signed chunked
PATCHes) and asks until its bundle is imported; at most `clients` at once (threads: the
work is the server's, the clients mostly wait), so a 2-core machine does not thrash. Then
every bundle is asked for again once, the answer to an already-received bundle timed.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KEYS = "keys.json"


@dataclass
class Load:
    seconds: float = 0.0                                  # first upload to last imported
    imported: int = 0
    failures: list[str] = field(default_factory=list)    # village: what went wrong
    answer_ms: list[float] = field(default_factory=list)  # already received, asked again
    sent_bytes: int = 0
    # per village, seconds from the first upload: its upload began, received, imported
    times: list[tuple[float, float, float]] = field(default_factory=list)

    def timeline(self) -> str:
        """Where the time went: the last upload received, and per bundle the median time to
        upload it and from received to imported (seen by the client, asking every 0.5 s)."""
        if not self.times:
            return ""
        up = statistics.median(r - s for s, r, _ in self.times)
        wait = statistics.median(i - r for _, r, i in self.times)
        last = max(r for _, r, _ in self.times)
        return (f"last upload received at {last:.1f} s; per bundle, median upload {up:.2f} s, "
                f"received to imported {wait:.2f} s")

    @property
    def p95_ms(self) -> float | None:
        if len(self.answer_ms) < 2:
            return self.answer_ms[0] if self.answer_ms else None
        return statistics.quantiles(self.answer_ms, n=20)[-1]


def save_keys(build_villages: dict[str, Path], bundles: dict[str, Path], out: Path,
              user: str, passphrase: str) -> None:
    """What the load needs of each village, from the built workspaces (before they are
    dropped): device id, identity, bundle file name. Synthetic data only."""
    from mopai.sync.workspace import Workspace

    keys = {}
    for code, home in build_villages.items():
        with Workspace(home).unlock(user, passphrase) as store:
            keys[code] = {"device_id": store.device_id,
                          "identity": store.sync.identity().export(),
                          "bundle": Path(bundles[code]).name}
    out.write_text(json.dumps(keys), "utf-8")


def start_server(county: Path, user: str, passphrase: str, *extra: str
                 ) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update({"MOPAI_PASSPHRASE": passphrase, "MOPAI_USER": user,
                "PYTHONPATH": str(ROOT)})
    proc = subprocess.Popen([sys.executable, "-m", "mopai.cli", "serve", "--home", str(county),
                             "--listen", "127.0.0.1:0", "--rate", "100000", *extra], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    line = proc.stdout.readline()
    if "https://" not in line:
        proc.kill()
        raise RuntimeError(f"the server did not start: {line!r} {proc.stderr.read()[-2000:]}")
    return proc, "https://" + line.split("https://", 1)[1].split()[0]


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def peak_mib(pid: int) -> tuple[float, float]:
    """VmHWM of a running process and the largest of its children's (the server's checking
    worker, or uvicorn's worker processes), Linux; zeros where unknown."""
    def hwm(p: int) -> float:
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0
    kids: list[int] = []
    try:  # children of every thread: the import thread starts the checking worker
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return hwm(pid), max([0.0, *map(hwm, kids)])


def run(url: str, pin: str, keys: dict[str, Any], bundles: Path, *, clients: int = 16,
        wait: float = 600.0, together: bool = False) -> Load:
    """Every village's bundle uploaded, at most `clients` at once, each until imported; or,
    `together`, every village at once, each until imported, while at most `clients` upload
    (the waiting ones hold their connections, as 300 devices syncing at once would)."""
    from mopai.sync.device import Identity
    from mopai.sync.net import client

    load = Load()
    deadline = time.monotonic() + wait

    def one(code: str) -> tuple[str, str, int]:
        k = keys[code]
        conn = client.Connection(url, pin, Identity.from_export(k["identity"]), k["device_id"])
        try:
            for _ in range(5):  # a broken connection: again, as the app would
                try:
                    with slots:
                        start = time.monotonic() - began
                        sent = client.upload(conn, bundles / k["bundle"])
                    received = time.monotonic() - began
                    client.wait(conn, [sent], max(1.0, deadline - time.monotonic()))
                    load.times.append((start, received, time.monotonic() - began))
                    return code, sent.state + (f" {sent.reason}" if sent.reason else ""), \
                        conn.sent_bytes
                except client.Offline:
                    conn.close()
            return code, "offline", conn.sent_bytes
        except Exception as exc:  # noqa: BLE001 - counted as a failure, reported
            return code, f"{type(exc).__name__}: {exc}"[:200], conn.sent_bytes
        finally:
            conn.close()

    slots = threading.BoundedSemaphore(clients if together else len(keys) or 1)
    began = time.monotonic()
    with ThreadPoolExecutor(len(keys) if together else clients) as pool:
        results = list(pool.map(one, sorted(keys)))
    load.seconds = time.monotonic() - began
    for code, outcome, sent in results:
        load.sent_bytes += sent
        if outcome == "imported":
            load.imported += 1
        else:
            load.failures.append(f"{code}: {outcome}")
    # an already-received bundle asked for again: the answer's time
    for code in sorted(keys)[:300]:
        k = keys[code]
        conn = client.Connection(url, pin, Identity.from_export(k["identity"]), k["device_id"])
        try:
            conn._open()
            sha = client._sha256(bundles / k["bundle"])
            start = time.perf_counter()
            status, _ = conn.json("GET", f"/v1/uploads/{sha}")
            load.answer_ms.append((time.perf_counter() - start) * 1000)
            if status != 200:
                load.failures.append(f"{code}: asked again, {status}")
        except client.MopaiError as exc:
            load.failures.append(f"{code}: asked again, {exc}"[:200])
        finally:
            conn.close()
    return load
