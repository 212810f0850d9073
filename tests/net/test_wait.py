"""Waiting for the import (docs/sync.md, "Waiting for the import"): `GET /v1/uploads/<sha256>
?wait=S` holds a bundle still `received` until the import thread marks it, so a village asks
once per bundle instead of every half second, each ask a signed request and a nonce written
in the process that imports."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from mopai.sync.net import client
from mopai.sync.net import protocol as p
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net


def _held(served) -> threading.Event:  # noqa: ANN001
    """The server's import thread waits for the returned event before each look at its queue."""
    gate = threading.Event()
    queue = served.server.queue
    real = queue.import_queued

    def held() -> int:
        gate.wait(30)
        return real()

    queue.import_queued = held
    return gate


def _sent(net: Net, served) -> tuple[client.Connection, client.Sent]:  # noqa: ANN001
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        path = Path(a1.sync.export(net.root / "out").path)
        conn = client.connect(a1, served.url)
    sent = client.upload(conn, path)
    assert sent.state == "received"
    return conn, sent


def _counted(conn: client.Connection) -> list[str]:
    asked: list[str] = []
    real = conn.json

    def json(method: str, path: str, *args, **kw):  # noqa: ANN002, ANN003, ANN202
        asked.append(path)
        return real(method, path, *args, **kw)

    conn.json = json  # type: ignore[method-assign]
    return asked


def test_a_waiting_request_is_answered_when_its_import_ends(net: Net, county, served  # noqa: ANN001
                                                             ) -> None:
    (net.root / "out").mkdir()
    gate = _held(served)
    conn, sent = _sent(net, served)
    where = f"/v1/uploads/{sent.sha256}"
    # while the import waits: `received` after the seconds asked for, not before
    began = time.monotonic()
    status, doc = conn.json("GET", f"{where}?wait=1")
    assert status == 200 and doc["state"] == "received"
    assert 0.9 <= time.monotonic() - began < 5
    # the import goes on half a second into a request that may wait ten: answered then
    threading.Timer(0.5, gate.set).start()
    began = time.monotonic()
    status, doc = conn.json("GET", f"{where}?wait=10")
    spent = time.monotonic() - began
    assert status == 200 and doc["state"] == "imported", doc
    assert 0.4 <= spent < 5
    conn.close()


def test_the_client_asks_once_while_the_import_runs(net: Net, county, served) -> None:  # noqa: ANN001
    (net.root / "out").mkdir()
    gate = _held(served)
    conn, sent = _sent(net, served)
    asked = _counted(conn)
    threading.Timer(3.0, gate.set).start()
    client.wait(conn, [sent], 30)
    conn.close()
    assert sent.state == "imported"
    # one request held by the server (asking every half second, it took six or more)
    assert asked == [f"/v1/uploads/{sent.sha256}?wait={p.MAX_WAIT}"] and p.MAX_WAIT == 25


def test_a_wait_out_of_bounds_is_refused(net: Net, county, served) -> None:  # noqa: ANN001
    (net.root / "out").mkdir()
    conn, sent = _sent(net, served)
    where = f"/v1/uploads/{sent.sha256}"
    for query in (f"?wait={p.MAX_WAIT + 1}", "?wait=-1", "?wait=x", "?wait=1&more=2", "?other=1"):
        status, doc = conn.json("GET", where + query)
        assert (status, doc.get("error")) == (400, "bad_request"), query
    conn.close()


def test_only_the_waiters_of_the_uploads_marked_are_woken(monkeypatch) -> None:  # noqa: ANN001
    """300 villages waiting at once: a commit of one upload wakes its waiter, not all 300
    (each woken waiter reads its state again); none reads again on a timer while this
    process's import thread holds the lease (it says when); every waiter is woken when the
    thread lets the lease go."""
    import asyncio

    from mopai.sync.net import uploads

    monkeypatch.setattr(uploads, "RECHECK_S", 0.2)
    news = uploads.News()

    async def scene() -> dict[str, float]:
        news.bind(asyncio.get_running_loop())
        news.importing = True
        began, woke = time.monotonic(), {}

        async def waiter(key: str) -> None:
            ear = news.listen(key)
            await ear.wait(5)
            ear.close()
            woke[key] = time.monotonic() - began

        tasks = [asyncio.create_task(waiter(k)) for k in ("d/a", "d/b", "d/c")]
        await asyncio.sleep(0.5)          # longer than RECHECK_S: nobody woke by itself
        assert woke == {}
        news.notify(["d/a"])              # from the import thread, as after a commit
        await asyncio.sleep(0.3)
        assert set(woke) == {"d/a"}
        news.importing = False
        news.notify(None)                 # the lease let go: every waiter looks again
        await asyncio.gather(*tasks)
        news.importing = False            # no import here: a waiter looks every RECHECK_S
        start = time.monotonic()
        ear = news.listen("d/x")
        await ear.wait(5)
        ear.close()
        woke["timer"] = time.monotonic() - start
        return woke

    woke = asyncio.run(scene())
    assert woke["d/a"] < woke["d/b"] and woke["d/a"] < woke["d/c"]
    assert woke["timer"] < 4              # RECHECK_S, not the 5 s asked for
    assert news.waiting == {}             # nothing left behind


def test_a_notice_between_reading_the_state_and_waiting_is_not_lost(  # noqa: ANN001
        net: Net, county, served) -> None:
    """The import thread marks the upload right after the waiting request read it
    `received`, before that request began to wait: its notice must still end the wait
    (listening began before the read), not leave the request asleep for the whole `?wait`."""
    (net.root / "out").mkdir()
    gate = _held(served)
    conn, sent = _sent(net, served)
    uploads = served.server.uploads
    real = uploads._state
    reads: list[str] = []
    # the import lease stays held, as in a long run of many villages' bundles: no notice to
    # every waiter at its release, no timed re-read — only the upload's own notice
    news, queue = served.server.news, served.server.queue
    news.importing = True
    queue.holding = lambda held: None
    queue.finished = lambda keys: news.notify(keys) if keys is not None else None

    def state_then_import(device: str, sha: str):  # noqa: ANN202
        found = real(device, sha)
        reads.append(found["state"])
        if len(reads) == 1:  # the import ends now, and says so, before the request waits
            gate.set()
            deadline = time.monotonic() + 20
            while real(device, sha)["state"] == "received" and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.2)  # its notice is out
        return found

    uploads._state = state_then_import
    began = time.monotonic()
    status, doc = conn.json("GET", f"/v1/uploads/{sent.sha256}?wait=10")
    spent = time.monotonic() - began
    conn.close()
    assert status == 200 and doc["state"] == "imported", doc
    assert reads[0] == "received"
    assert spent < 5, spent  # not the ten seconds asked for
