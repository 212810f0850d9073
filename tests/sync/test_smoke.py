from __future__ import annotations

from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net


def test_smoke(net: Net) -> None:
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A))
        r = a1.sync.export(net.stick)
        print(r)
    with net.open("county") as county:
        res = county.sync.import_paths([net.stick])
        print([x.one_line() for x in res])
        assert res[0].status == "accepted"
        res = county.sync.import_paths([net.stick])
        print([x.one_line() for x in res])
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:
        res = a1.sync.import_paths([ret.path])
        print([x.one_line() for x in res])
        assert a1.status().unacknowledged == 0
