"""The village app's background network sync against a real server on loopback: the real
main window (pytest-qt), the real county store served by uvicorn with its certificate, the
device's real workspace. The status line's states, a sync after a save, offline quiet, the
details of the last run."""

from __future__ import annotations

from typing import Any

from mopai.sync import meta
from mopai.sync.net import client as netclient
from tests.desktop.conftest import unlock
from tests.helpers import household
from tests.net.conftest import _served_template, county, net, served, serving  # noqa: F401
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households


def point_at(net: Net, url: str) -> None:  # noqa: F811
    """The device's server address (a test server's port; the pin stays as enrolled)."""
    with net.open("a1") as a1:
        a1.meta.set({meta.SERVER_URL: url})


def open_app(qtbot: Any, make_app: Any, net: Net) -> tuple[Any, list[str]]:  # noqa: F811
    app = make_app(home=net.home("a1"))
    kinds: list[str] = []
    app.window.net_sync.state_changed.connect(lambda s: kinds.append(s.kind))
    app.window.net_sync.soon.setInterval(0)
    app.start()
    unlock(qtbot, app)
    return app, kinds


def settled(app: Any) -> bool:
    sync = app.window.net_sync
    return not sync.running and sync.state.kind in ("done", "offline", "failed")


def test_a_save_is_synced_in_the_background(qtbot, make_app, net, county, served  # noqa: F811
                                            ) -> None:
    point_at(net, served.url)
    app, kinds = open_app(qtbot, make_app, net)
    window = app.window
    qtbot.waitUntil(lambda: settled(app) and window.sync_status.isVisible(), timeout=20_000)
    assert window.net_sync.state.kind == "done", window.net_sync.state
    assert window.act_sync_now.isVisible()
    assert window.sync_status.text() == window.sync_status.tr("Synced {time}").replace(
        "{time}", window.net_sync.state.last_ok)
    kinds.clear()
    saved: list[Any] = []
    app.client.save(household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A),
                    saved.append)
    qtbot.waitUntil(lambda: bool(saved) and "uploading" in kinds and settled(app), timeout=30_000)
    state = window.net_sync.state
    assert state.kind == "done", (state.reason, state.error)
    [sent] = state.report.sent
    assert sent.state == "imported" and state.report.imported[0].status == "accepted"
    assert [r["fields"]["household_no"] for r in households(county).values()] == ["0001"]
    # the details of the last run, clicked from the status line
    window.sync_status.click()
    dialog = window.sync_details
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == sent.name
    assert dialog.table.item(0, 2).text() == dialog.tr("imported")
    assert app.presenter.shown == []
    # the acknowledgement came back: nothing is left to send
    app.client.status(saved.append)
    qtbot.waitUntil(lambda: len(saved) == 2)
    assert saved[1].unacknowledged == 0


def test_offline_is_quiet(qtbot, make_app, net) -> None:  # noqa: F811
    point_at(net, "https://127.0.0.1:9")  # nothing listens there
    app, kinds = open_app(qtbot, make_app, net)
    window = app.window
    qtbot.waitUntil(lambda: settled(app) and window.sync_status.isVisible(), timeout=20_000)
    assert window.net_sync.state.kind == "offline"
    assert window.sync_status.text() == window.sync_status.tr("Offline (not synced yet)")
    assert app.presenter.shown == [] and not window.dialogs  # no error dialog, nothing modal
    # 立即同步 asks again, as quietly
    kinds.clear()
    window.act_sync_now.trigger()
    qtbot.waitUntil(lambda: bool(kinds) and settled(app), timeout=20_000)
    assert kinds[0] == "syncing" and window.net_sync.state.kind == "offline"
    assert app.presenter.shown == []


def test_a_refusal_is_shown_on_the_line(qtbot, make_app, net, county) -> None:  # noqa: F811
    with net.open("a1") as a1:
        device = a1.device_id
    county.sync.revoke(device, "丢失")
    with serving(county) as running:
        point_at(net, running.url)
        app, _ = open_app(qtbot, make_app, net)
        window = app.window
        qtbot.waitUntil(lambda: settled(app) and window.sync_status.isVisible(),
                        timeout=20_000)
    state = window.net_sync.state
    assert state.kind == "failed" and isinstance(state.error, netclient.SyncRefused)
    assert window.sync_status.text().startswith(
        window.sync_status.tr("Sync failed: {reason}").split("{reason}")[0])
    assert app.presenter.shown == []


def test_a_lock_stops_the_sync_and_hides_the_line(qtbot, make_app, net, served  # noqa: F811
                                                 ) -> None:
    point_at(net, served.url)
    app, _ = open_app(qtbot, make_app, net)
    window = app.window
    qtbot.waitUntil(lambda: settled(app), timeout=20_000)
    app.lock()
    assert not window.sync_status.isVisible() and not window.act_sync_now.isVisible()
    assert not window.net_sync.enabled and not window.net_sync.timer.isActive()
    window.net_sync.sync_now()  # the timer or a late save: nothing runs while locked
    assert not window.net_sync.running
