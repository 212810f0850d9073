"""A new laptop for a village (a replacement for a lost one, or a second one enrolled later)
over the network: it gets the village's current state in a return bundle written for it, and
neither downloads nor tries the return bundles written before it existed, which are
encrypted to the old laptops only (docs/sync.md, "A new laptop")."""

from __future__ import annotations

from mopai.sync.net import client
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.net.test_sync import fill
from tests.sync.conftest import VILLAGE_A, Net, enrol
from tests.sync.helpers import households


def test_a_new_laptop_gets_the_current_state_not_the_old_laptops_history(
        net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        fill(a1, 3)
        assert client.run(a1, server=served.url).ok
        uuid = sorted(households(county))[0]
        county.sync.review(uuid, "reject", "请核对户主姓名")
        report = client.run(a1, server=served.url)  # a second return bundle, on demand
        assert report.ok and len(report.imported) == 1, report.lines()
        old = a1.device_id
    county.sync.revoke(old, "笔记本丢失")  # the laptop is lost; a new one comes
    Workspace.create(net.home("a3"), role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="测试村a3")
    with net.open("a3") as a3:
        enrol(county, a3, net.root)
        report = client.run(a3, server=served.url)
        assert report.ok, report.lines()
        [result] = report.imported  # one bundle, written for it: nothing old downloaded
        assert len(report.received) == 1 and result.status == "accepted", report.lines()
        assert sorted(households(a3)) == sorted(households(county))
        [sent_back] = a3.sync.reviews(states=["rejected"])
        assert sent_back.uuid == uuid and sent_back.comment == "请核对户主姓名"
        again = client.run(a3, server=served.url)
        assert again.ok and again.received == [], again.lines()


def test_a_bundle_offered_before_recipients_were_kept_goes_by_the_enrolment_time(
        county) -> None:  # noqa: ANN001
    """Rows from before schema 23 keep no recipients: a device is offered those written
    after its enrolment, not those written before. Such rows are in the store's own table
    (a county that served before the server's tables moved beside it, netdb.py): the first
    start moves them."""
    import dataclasses

    from sqlalchemy import func, insert, select

    from mopai.sync import netdb
    from mopai.sync.models import Device, NetReturn
    from mopai.sync.net import state

    with county.engine.begin() as conn:
        device_id, enrolled = conn.execute(select(Device.device_id, Device.enrolled_at).where(
            Device.code == VILLAGE_A)).first()
        conn.execute(insert(NetReturn.__table__), [
            {"code": VILLAGE_A, "sha256": f"{i:064x}", "name": f"r{i}.mopai", "size": 1,
             "seq": i, "created_at": at, "recipients": ""}
            for i, at in ((1, "2020-01-01T00:00:00Z"), (2, "2999-01-01T00:00:00Z"))])
    assert enrolled < "2999"
    tables = netdb.open_net(county)
    try:
        device = state.caller(county.engine, device_id)
        assert [r.seq for r in state.returns(tables, VILLAGE_A, 0, device)] == [2]
        later = dataclasses.replace(device, enrolled_at="3000-01-01T00:00:00Z")
        assert state.returns(tables, VILLAGE_A, 0, later) == []
    finally:
        netdb.close(county, tables)
    with county.engine.connect() as conn:  # moved, not copied
        assert conn.execute(select(func.count()).select_from(NetReturn)).scalar_one() == 0
