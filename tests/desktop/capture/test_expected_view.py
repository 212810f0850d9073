"""The village's list of households to visit (desktop/capture/expected_view.py): the not yet
visited shown by default, and a new household started from one, pre-filled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt

from mopai.forms.idnumber import make
from mopai.sync.expected import import_expected_list
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.desktop.conftest import unlock

NEW_ID = make("110105", dt.date(1968, 2, 3), 31)


def _listed(home: Path, tmp_path: Path) -> None:
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        state = generate_village(VillageSpec(VILLAGE, 1, seed=3, mistake_rate=0.0))[0].state
        store.households.save(state)
        head = state["members"][0]["fields"]
        path = tmp_path / "户籍名单.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(("村民小组", "户号", "户主", "身份证号"))
        ws.append(("一组", "", head["name"], head["id_number"]))
        ws.append(("三组", "0201", "赵未来", NEW_ID))
        wb.save(path)
        assert import_expected_list(store, path) == {VILLAGE: 2}


def test_start_a_listed_household_not_yet_visited(qtbot, make_app, village_home: Path,
                                                  tmp_path: Path) -> None:
    _listed(village_home, tmp_path)
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window = app.window
    assert window.act_expected.isVisible()
    view: Any = window.show_expected()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10_000)
    assert "2" in view.summary.text() and view.proxy.rowCount() == 1
    assert view.proxy.index(0, 2).data() == "赵未来"
    view.only_missing.setChecked(False)
    assert view.proxy.rowCount() == 2
    view.only_missing.setChecked(True)
    assert not view.start_button.isEnabled()
    view.table.selectRow(0)
    assert view.start_button.isEnabled() and not view.open_button.isEnabled()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    qtbot.waitUntil(lambda: window.current_page() is editor)
    assert editor.state["fields"]["household_no"] == "0201"
    assert editor.state["fields"]["group"] == "三组"
    head = editor.state["members"][0]["fields"]
    assert (head["name"], head["id_number"], head["relation"]) == ("赵未来", NEW_ID, "head")
