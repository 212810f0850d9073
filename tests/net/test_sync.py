"""Network sync end to end on loopback: a real server (uvicorn, TLS with the county's
certificate), a device's `sync.net.client`, real stores and bundles."""

from __future__ import annotations

from pathlib import Path

from mopai.sync import meta
from mopai.sync.net import client
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households


def test_village_to_county_and_back(net: Net, county, served) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        saved = a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                             village_code=VILLAGE_A))
        assert a1.status().unacknowledged == 1
        report = client.run(a1, server=served.url)
        assert [s.state for s in report.sent] == ["imported"], report.lines()
        assert report.exported and report.ok
        # the county's return bundle came back and acknowledged the revision
        assert len(report.imported) == 1 and report.imported[0].status == "accepted"
        assert a1.status().unacknowledged == 0
        assert a1.meta.fresh()[meta.NET_RETURN_AFTER] == "1"
        assert not list((a1.workspace.home / "outbox").glob("*.mopai"))
        again = client.run(a1, server=served.url)
        assert again.sent == [] and again.received == [] and not again.exported
    assert set(households(county)) == {saved.uuid if hasattr(saved, "uuid") else
                                       next(iter(households(county)))}


def test_enrolled_address_is_used(net: Net, county) -> None:  # noqa: ANN001
    with net.open("a1") as a1:
        values = a1.meta.fresh()
        assert values[meta.SERVER_URL] == "https://127.0.0.1:9"
        assert values[meta.SERVER_CERT] == county.meta.fresh()[meta.SERVER_CERT]
        assert client.connect(a1).url == "https://127.0.0.1:9"


def paths(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.mopai"))
