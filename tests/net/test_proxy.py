"""Sync through a proxy that cuts, resets, stalls and throttles (tests/net/proxy.py): every
bundle ends imported once, uploads and return-bundle downloads resume where they stopped,
a stalled server costs the device its timeout, not a hang, and a 20 KiB/s link completes."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from mopai.sync import netdb
from mopai.sync.models import BundleIn, NetReturn, NetUpload
from mopai.sync.net import client
from mopai.sync.net import server as srv
from tests.net.conftest import server_tables, serving
from tests.net.proxy import Plan, Proxy
from tests.net.test_sync import fill
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households


def count(county, table, *where) -> int:  # noqa: ANN001
    """Rows of the store's `table` (of the server's own tables, sync/netdb.py, for one
    of them)."""
    if table.__tablename__ in netdb.TABLES:
        with server_tables(county) as tables, tables.connect() as conn:
            return conn.execute(select(func.count()).select_from(table).where(*where)
                                ).scalar_one()
    with county.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def sync_until_done(store, url: str, tries: int = 6, **kw) -> tuple[client.SyncReport, int, int]:  # noqa: ANN001
    """`mopai sync` again after every break, as the app does; the report of the run that
    finished, how many broke, and the body bytes sent over all runs."""
    broken = sent = 0
    for _ in range(tries):
        conn = client.connect(store, url)
        try:
            report = client.run(store, conn=conn, **kw)
        except client.Offline:
            broken += 1
            continue
        finally:
            sent += conn.sent_bytes
        return report, broken, sent
    raise AssertionError(f"still broken after {tries} tries")


def test_cut_and_reset_uploads_end_imported_once(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1, Proxy(served.url) as proxy:
        fill(a1, 150)
        # the first try dropped after 12 KB towards the server, the second reset 8 KB into its try,
        # the third delayed; each run resumes where the server has the bundle
        proxy.plans = [Plan(cut_up=12_000), Plan(cut_up=8_000, reset=True),
                       Plan(delay=0.002)]
        report, broken, sent = sync_until_done(a1, proxy.url, chunk=4096)
        assert broken == 2 and proxy.connections == 3
        [bundle] = report.sent
        assert bundle.state == "imported" and a1.status().unacknowledged == 0
        # resumed, never restarted: at most a chunk in flight lost per cut
        assert bundle.size <= sent <= bundle.size + 2 * 4096
    assert len(households(county)) == 150
    assert count(county, BundleIn) == 1
    assert count(county, NetUpload, NetUpload.state == "imported") == 1


def test_cut_download_resumes_with_range(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1, Proxy(served.url) as proxy:
        fill(a1, 150)
        report = client.run(a1, server=served.url)  # sent and acknowledged, directly
        assert [s.state for s in report.sent] == ["imported"] and a1.status().unacknowledged == 0
        uuid = next(iter(households(county)))
        county.sync.review(uuid, "reject", "请核实务工收入")  # waits for the village
        # the return bundle's download drops part way (the answers before it are small)
        proxy.plans = [Plan(cut_down=40_000)]
        conn = client.connect(a1, proxy.url)
        with pytest.raises(client.Offline):
            client.run(a1, conn=conn)
        with server_tables(county) as tables, tables.connect() as c:
            row = c.execute(select(NetReturn).where(NetReturn.code == VILLAGE_A)
                            .order_by(NetReturn.n.desc())).first()
        part = a1.workspace.home / "inbox" / f".{row.sha256}.part"
        kept = part.stat().st_size
        assert 0 < kept < row.size and kept == conn.received_bytes
        conn = client.connect(a1, proxy.url)
        report = client.run(a1, conn=conn)
        assert conn.received_bytes == row.size - kept  # only the rest (Range)
        assert [r.status for r in report.imported] == ["accepted"], report.lines()
        assert a1.sync.reviews(states=["rejected"])[0].uuid == uuid
        assert not part.exists()


def test_a_stalled_server_costs_the_timeout_not_a_hang(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1, Proxy(served.url) as proxy:
        fill(a1, 20)
        proxy.plans = [Plan(stall_down=4_000)]  # answers stop coming, the link stays up
        conn = client.connect(a1, proxy.url)
        conn.timeout = 1.0
        began = time.monotonic()
        with pytest.raises(client.Offline):
            client.run(a1, conn=conn)
        assert time.monotonic() - began < 8
        proxy.release()
        report, broken, _ = sync_until_done(a1, proxy.url)
        assert broken == 0 and report.ok and a1.status().unacknowledged == 0
    assert len(households(county)) == 20 and count(county, BundleIn) == 1


def test_a_slow_link_completes_with_the_default_timeouts(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1, Proxy(served.url) as proxy:
        fill(a1, 40)
        proxy.default = Plan(rate=20 * 1024)  # 20 KiB/s each way: a 2G/3G village
        began = time.monotonic()
        report = client.run(a1, server=proxy.url)  # client.TIMEOUT, protocol.CHUNK
        assert [s.state for s in report.sent] == ["imported"], report.lines()
        assert [r.status for r in report.imported] == ["accepted"]
        moved = proxy.up + proxy.down
        assert time.monotonic() - began >= moved / (20 * 1024) * 0.8  # it was that slow
    assert len(households(county)) == 40


def test_an_upload_whose_link_dies_silently_frees_the_bundle(net: Net, county) -> None:  # noqa: ANN001
    """The device's link stops mid-chunk without a close (4G gone): the server gives up the
    request after `body_idle`, keeps what arrived, and the next try continues."""
    with serving(county, srv.Options(body_idle=1.0)) as running, net.open("a1") as a1, \
            Proxy(running.url) as proxy:
        fill(a1, 150)
        proxy.plans = [Plan(stall_up=15_000)]  # held open, nothing more forwarded
        conn = client.connect(a1, proxy.url)
        conn.timeout = 1.0
        with pytest.raises(client.Offline):
            client.run(a1, conn=conn, chunk=64 * 1024)
        report, broken, _ = sync_until_done(a1, proxy.url, chunk=64 * 1024)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
    assert len(households(county)) == 150 and count(county, BundleIn) == 1
