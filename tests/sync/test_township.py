"""A township reviews its villages' bundles and forwards the original files to the county."""

from __future__ import annotations

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net, enrol


def test_township_imports_for_review_and_forwards_originals(net: Net) -> None:
    Workspace.create(net.home("t1"), role="township", code=VILLAGE_A[:9], user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as county, net.open("t1") as t1:
        enrol(county, t1, net.root)  # the township learns its villages' enrolled devices
        assert {d.code for d in t1.sync.devices()} == {VILLAGE_A}
        ret = county.sync.export_return(VILLAGE_A, net.stick)  # tells village A its township
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    with net.open("a1") as a1:
        a1.sync.import_paths([ret.path])
        a1.households.save(h)
        data = a1.sync.export(net.stick).path  # encrypted to the county and the township
    with net.open("b1") as b1:
        b1.households.save(household("0009", ("李四", "440524188001010014")))
        other = b1.sync.export(net.stick).path  # village B: not this township's
    relay = net.root / "to-county"
    relay.mkdir()
    with net.open("t1") as t1:
        [mine, theirs] = t1.sync.import_paths([data, other], forward_to=relay)
        assert mine.status == "accepted" and t1.households.get(h["uuid"]) == h
        assert theirs.reason in ("unknown_device", "not_addressed")
    forwarded = relay / data.name
    assert forwarded.read_bytes() == data.read_bytes() and not (relay / other.name).exists()
    with net.open("county") as county:
        [r] = county.sync.import_paths([forwarded])
        assert r.status == "accepted" and county.households.get(h["uuid"]) == h
        [again] = county.sync.import_paths([data])  # the village's own copy arrives too
        assert again.status == "already"
