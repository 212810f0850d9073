"""The county's 村和设备 → 传输 tab after one device synced over the network (a real server on
loopback) and another's bundle came on a stick through the import screen: per device its
last contact, the last bundle and how it came, return bundles waiting and downloaded, the
last error; sorted, and filtered to the devices not heard from in N days."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.sync.net import client as netclient
from tests.desktop.conftest import import_in_app, open_county
from tests.helpers import household
from tests.net.conftest import _served_template, net, serving  # noqa: F401
from tests.net.test_sync import fill
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, VILLAGE_B, Net


def column(view: Any, c: int) -> list[str]:
    """A column's cells as the table shows them (sorted and filtered)."""
    return [view.proxy.index(r, c).data() or "" for r in range(view.proxy.rowCount())]


def test_transport_rows_after_network_and_usb(qtbot, make_app, net: Net  # noqa: F811
                                              ) -> None:
    ids = {}
    for name in ("a1", "a2", "b1"):
        with net.open(name) as store:
            ids[name] = store.device_id
    with net.open("county") as county:
        with serving(county) as running:
            with net.open("a1") as a1:
                fill(a1, 2)
                report = netclient.run(a1, server=running.url)
                assert [s.state for s in report.sent] == ["imported"]
            with net.open("a2") as a2:  # a2 is revoked, then tries: its last error
                county.sync.revoke(a2.device_id, "丢失")
                with pytest.raises(netclient.SyncRefused):
                    netclient.run(a2, server=running.url)
        with net.open("b1") as b1:
            b1.households.save(household("0001", ("李四", ""), village_code=VILLAGE_B))
            stick = b1.sync.export(net.stick).path
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    assert import_in_app(qtbot, app, [stick])[0].status == "accepted"
    page = app.window.show_villages()
    page.tabs.setCurrentWidget(page.transport)
    view = page.transport
    qtbot.waitUntil(lambda: len(view.rows) == 3, timeout=10_000)
    rows = {r.device_id: r for r in view.rows}
    a1, a2, b1 = rows[ids["a1"]], rows[ids["a2"]], rows[ids["b1"]]
    assert (a1.code, a1.last_bundle_via, a1.returns_taken, a1.returns_waiting) == (
        VILLAGE_A, "network", 1, 0)
    assert a1.last_contact and not a1.last_error and a1.pending_uploads == 0
    assert a2.last_error == "revoked_device" and a2.revoked and a2.last_bundle_via == ""
    assert a2.returns_waiting == 1  # the return bundle written for village A: not taken
    assert (b1.last_bundle_via, b1.last_contact, b1.returns_waiting) == ("usb", "", 0)
    assert sorted(column(view, 6)) == sorted([view.tr("network"), view.tr("USB stick"), ""])
    assert sorted(column(view, 0)) == [VILLAGE_A, VILLAGE_A, VILLAGE_B]
    # sorted by last contact: b1 never used the network, so it comes last, newest first
    view.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert column(view, 4)[-1] == view.tr("never") and column(view, 6)[-1] == view.tr("USB stick")
    assert column(view, 4)[0] >= column(view, 4)[1] != view.tr("never")
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert column(view, 4)[0] == view.tr("never")
    # not heard from in 1 day: every device was heard from today, none shows
    view.only_silent.setChecked(True)
    view.days.setValue(1)
    assert view.proxy.rowCount() == 0
    # a device never heard from over the network nor by any bundle would stay listed
    view.set_rows([*view.rows[:2], replace(view.rows[2], last_contact="", last_bundle_at="")])
    assert view.proxy.rowCount() == 1
    view.only_silent.setChecked(False)
    assert view.proxy.rowCount() == 3
