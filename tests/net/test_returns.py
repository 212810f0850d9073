"""Return bundles on demand: a county decision made after a village's last sync reaches it
on its next request, without the village sending anything; nothing new writes nothing;
devices asking at once get one bundle (docs/sync.md, "Return bundles on demand")."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from mopai.sync.models import NetReturn, NetUpload
from mopai.sync.net import client, state
from tests.helpers import household
from tests.net.conftest import server_tables
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net
from tests.sync.helpers import households


def returns_for(county, code: str) -> int:  # noqa: ANN001
    with server_tables(county) as tables, tables.connect() as conn:
        return conn.execute(select(func.count()).select_from(NetReturn)
                            .where(NetReturn.code == code)).scalar_one()


def synced_household(net: Net, county, served, name: str = "a1") -> str:  # noqa: ANN001
    with net.open(name) as store:
        store.households.save(household("0001", ("张三", "11010519491231002X"),
                                        village_code=VILLAGE_A))
        report = client.run(store, server=served.url)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
    [uuid] = households(county)
    return uuid


def test_a_county_decision_goes_back_without_the_village_sending(
        net: Net, county, served) -> None:  # noqa: ANN001
    uuid = synced_household(net, county, served)
    assert returns_for(county, VILLAGE_A) == 1  # the import's own return bundle
    county.sync.review(uuid, "reject", "户主证件号码不对", ["id_number@1"])
    with net.open("a1") as a1:
        assert a1.status().unacknowledged == 0  # nothing to send
        report = client.run(a1, server=served.url)
        assert report.sent == [] and not report.exported
        assert [r.status for r in report.imported] == ["accepted"], report.lines()
        [item] = a1.sync.reviews(states=["rejected"])
        assert item.uuid == uuid and "证件号码" in item.comment
        # asked again, nothing new: no bundle
        again = client.run(a1, server=served.url)
        assert again.received == []
    assert returns_for(county, VILLAGE_A) == 2


def test_nothing_new_for_a_village_writes_nothing(net: Net, county, served) -> None:  # noqa: ANN001
    synced_household(net, county, served)
    with net.open("b1") as b1:  # another village's data changes the store
        b1.households.save(household("0009", ("李四", ""), village_code=VILLAGE_B))
        assert [s.state for s in client.run(b1, server=served.url).sent] == ["imported"]
    before = state.mark(served.server.net, VILLAGE_A)
    with net.open("a1") as a1:
        assert client.run(a1, server=served.url).received == []
    assert returns_for(county, VILLAGE_A) == 1
    after = state.mark(served.server.net, VILLAGE_A)  # the mark moved on: the next ask is cheap
    assert after.revision_seq > before.revision_seq and not after.wanted


def test_devices_asking_at_once_get_one_bundle(net: Net, county, served) -> None:  # noqa: ANN001
    uuid = synced_household(net, county, served)
    county.sync.review(uuid, "reject", "请补填")
    stores = [net.unlock("a1"), net.unlock("a2")]
    answers: list[list[str]] = []
    start = threading.Barrier(2)

    def ask(store) -> None:  # noqa: ANN001
        conn = client.connect(store, served.url)
        try:
            start.wait()
            status, doc = conn.json("GET", "/v1/returns?after=1")
            assert status == 200
            answers.append([r["sha256"] for r in doc["returns"]])
        finally:
            conn.close()

    try:
        threads = [threading.Thread(target=ask, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        for s in stores:
            s.close()
    assert len(answers) == 2 and answers[0] == answers[1] and len(answers[0]) == 1
    assert returns_for(county, VILLAGE_A) == 2


def test_a_device_hears_imported_before_its_return_bundle_is_written_and_still_gets_it(
        net: Net, county, served) -> None:  # noqa: ANN001
    """The group's devices are told first (their next bundles come meanwhile), the return
    bundles written after; a device that asks for its list in between waits for its own."""
    queue = served.server.queue
    real = queue.write_return
    seen: list[str] = []

    def slow(code: str, *args, **kw) -> None:  # noqa: ANN002, ANN003
        [row] = _upload_states(served)
        seen.append(row)
        threading.Event().wait(1.0)  # the device's list request comes in the meantime
        real(code, *args, **kw)

    queue.write_return = slow
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        report = client.run(a1, server=served.url)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
        # its acknowledgements came back in the same sync: the bundle written after
        assert [r.status for r in report.imported] == ["accepted"], report.lines()
        assert a1.status().unacknowledged == 0
    assert seen == ["imported"]  # marked (and told) before its return bundle was written


def _upload_states(served) -> list[str]:  # noqa: ANN001
    with served.server.net.connect() as conn:
        return list(conn.execute(select(NetUpload.state)).scalars())
