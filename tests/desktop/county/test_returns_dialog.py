"""回传 in the county app: per village what waits to go back, return bundles for the villages
with something to send, a township or the selected ones, each verified and taken by the
village; one village failing is named and the others are written; the handover slip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.sync import bundle
from tests.desktop.conftest import import_in_app, open_county
from tests.helpers import household
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, build_net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
AREAS = [
    {"code": TOWN_A, "name": "甲镇", "level": "township", "parent_code": COUNTY},
    {"code": VILLAGE_A, "name": "甲村", "level": "village", "parent_code": TOWN_A},
    {"code": TOWN_B, "name": "乙镇", "level": "township", "parent_code": COUNTY},
    {"code": VILLAGE_B, "name": "乙村", "level": "village", "parent_code": TOWN_B},
]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County + a1, a2, b1; a1 wrote one bundle with two households onto `a1-1`."""
    root = tmp_path_factory.mktemp("county_returns")
    net = build_net(root)
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        a1.households.save(household("0002", ("李四", "440524188001010014"),
                                     village_code=VILLAGE_A))
        (root / "a1-1").mkdir()
        a1.sync.export(root / "a1-1")
    return root


def returns_dialog(qtbot: Any, app: Any, stick: Path) -> Any:
    w = app.window
    assert w.act_returns.isVisible()
    w.act_returns.trigger()
    dialog = w.dialogs[-1]
    qtbot.waitUntil(lambda: bool(dialog.waiting), timeout=10_000)
    dialog.list_drives([stick])
    return dialog


def row_of(dialog: Any, code: str) -> list[str]:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 2).text() == code:
            return [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
    raise AssertionError(code)


def write(qtbot: Any, dialog: Any) -> None:
    assert dialog.write_button.isEnabled()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.outcomes), timeout=30_000)


def test_returns_for_the_villages_with_something_to_send(qtbot: Any, make_app: Any, net: Net,
                                                         tmp_path: Path) -> None:
    with net.open("county") as county:
        county.sync.set_areas(AREAS)
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    import_in_app(qtbot, app, [net.root / "a1-1"])
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = returns_dialog(qtbot, app, stick)
    assert not dialog.banner.isVisible() and not dialog.banner.isVisibleTo(dialog)
    # names first, the code beside them; village A: a2 lacks 2 revisions, 2 acks owed
    assert row_of(dialog, VILLAGE_A)[:6] == ["甲镇", "甲村", VILLAGE_A, "2", "2", "2"]
    assert row_of(dialog, VILLAGE_B)[:6] == ["乙镇", "乙村", VILLAGE_B, "1", "0", "0"]
    assert dialog.chosen_codes() == [VILLAGE_A]
    assert "1" in dialog.write_button.text()
    write(qtbot, dialog)
    [outcome] = dialog.outcomes
    assert outcome.ok and outcome.result.path.parent == stick
    assert "safe to remove" in dialog.message.text() or "可以" in dialog.message.text()
    raw = bundle.parse(outcome.result.path.read_bytes())
    assert raw.header["kind"] == "return" and raw.header["target"] == VILLAGE_A
    qtbot.waitUntil(lambda: row_of(dialog, VILLAGE_A)[5] == "0", timeout=10_000)
    slip = dialog.save_slip(tmp_path / "slip.pdf")
    assert slip.read_bytes().startswith(b"%PDF") and slip.stat().st_size > 1000
    with net.open("a2") as a2:  # the village takes it: the two households arrive
        [r] = a2.sync.import_paths([outcome.result.path])
        assert r.status == "accepted" and len(a2.households.search("")) == 2


def test_a_township_and_a_failing_village(qtbot: Any, make_app: Any, net: Net,
                                          tmp_path: Path) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = returns_dialog(qtbot, app, stick)
    # no area list (only the names the villages gave at enrolment): the townships show
    # their codes, and the prompt to import the list, with its button
    assert dialog.banner.isVisibleTo(dialog)
    assert TOWN_A in dialog.banner.text.text() and VILLAGE_A not in dialog.banner.text.text()
    assert row_of(dialog, VILLAGE_A)[:3] == [TOWN_A, "测试村a1", VILLAGE_A]
    asked = []
    app.window.villages.ask_import = lambda: asked.append(True)  # not the file dialog
    qtbot.mouseClick(dialog.banner.button, Qt.MouseButton.LeftButton)
    assert asked and app.window.current_page() is app.window.villages
    dialog.scope_township.setChecked(True)
    dialog.township.setCurrentIndex(dialog.township.findData(TOWN_B))
    assert dialog.chosen_codes() == [VILLAGE_B]
    # village B's only device is revoked while the dialog is open: the run names it
    with net.open("county") as county:
        [b1] = [d for d in county.sync.devices() if d.code == VILLAGE_B]
    done = []
    app.client.revoke(b1.device_id, "丢失", lambda r: done.append(r))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    write(qtbot, dialog)
    [outcome] = dialog.outcomes
    assert not outcome.ok
    assert dialog.failures.isVisible() and VILLAGE_B in dialog.failures.item(0).text()
    assert not any(stick.iterdir())
    assert not dialog.slip_button.isEnabled()
