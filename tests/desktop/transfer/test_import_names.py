"""The import screen names the sender as the area list does (村 甲村（code）), and at the county
a sender with no name brings up the prompt to import the list, with its button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.desktop.conftest import open_county
from tests.helpers import household
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, Net, build_net

TOWN_A = VILLAGE_A[:9]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County, a1, a2, b1; a1 wrote one bundle onto `a1-1`."""
    root = tmp_path_factory.mktemp("import_names")
    net = build_net(root)
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        (root / "a1-1").mkdir()
        a1.sync.export(root / "a1-1")
    return root


def imported(qtbot: Any, make_app: Any, net: Net) -> tuple[Any, Any]:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    dialog = app.window.show_import()
    dialog.start([net.root / "a1-1"])
    qtbot.waitUntil(lambda: bool(dialog.results), timeout=30_000)
    return app, dialog


def test_the_sender_is_named_and_no_prompt_with_the_list(qtbot: Any, make_app: Any,
                                                         net: Net) -> None:
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": TOWN_A, "name": "甲镇", "level": "township", "parent_code": COUNTY},
            {"code": VILLAGE_A, "name": "甲村", "level": "village", "parent_code": TOWN_A}])
    _app, dialog = imported(qtbot, make_app, net)
    qtbot.waitUntil(lambda: bool(dialog.names), timeout=10_000)
    detail = dialog.table.item(0, 2).text()
    assert f"甲村（{VILLAGE_A}）" in detail and detail.startswith("村")
    assert not dialog.banner.isVisibleTo(dialog)


def test_a_sender_without_a_name_brings_the_prompt(qtbot: Any, make_app: Any, net: Net
                                                   ) -> None:
    app, dialog = imported(qtbot, make_app, net)
    qtbot.waitUntil(lambda: dialog.banner.isVisibleTo(dialog), timeout=10_000)
    assert dialog.banner.missing == [TOWN_A, VILLAGE_A]
    assert VILLAGE_A in dialog.table.item(0, 2).text()
    asked = []  # the button leads to the villages page's import of the list
    app.window.villages.ask_import = lambda: asked.append(True)
    qtbot.mouseClick(dialog.banner.button, Qt.MouseButton.LeftButton)
    assert asked and app.window.current_page() is app.window.villages
