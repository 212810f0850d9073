"""A county's form with defaults and a trigger, captured in the village app: a new household
starts with the form's defaults, each new member with its own (``position(..)``: evaluated
when the member is added), and typing into a triggering question sets the triggered one —
real stores, a real return bundle, real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import import_in_app, open_county, type_field
from tests.formfiles import edited_form
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, enrol

ADD = (("surveyor", "integer", "visits", "走访次数", "Visits"),
       ("visits", "calculate", "visits_x10", "", ""),
       ("name", "integer", "member_no", "人序号", "No."))


def _form(path: Path) -> Path:
    edited_form(path, rename={}, remove=(), retype={}, add=ADD)
    wb = load_workbook(path)
    ws = wb["survey"]
    header = [c.value for c in ws[1]]
    trigger = len(header) + 1
    ws.cell(1, trigger, "trigger")
    col = {name: i + 1 for i, name in enumerate(header)}
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row, col["name"]).value
        if name == "visits":
            ws.cell(row, col["default"], "3")
        elif name == "visits_x10":
            ws.cell(row, col["calculation"], "${visits} * 10")
            ws.cell(row, trigger, "${visits}")
        elif name == "member_no":
            ws.cell(row, col["default"], "position(..)")
    wb.save(path)
    return path


def test_defaults_and_a_trigger_in_the_editor(qtbot: Any, make_app: Any, tmp_path: Path) -> None:
    Workspace.create(tmp_path / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县")
    Workspace.create(tmp_path / "village", role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="测试村")
    (tmp_path / "stick").mkdir()
    with Workspace(tmp_path / "county").unlock(COUNTY_USER, PASSPHRASE) as county, \
            Workspace(tmp_path / "village").unlock(USER, PASSPHRASE) as village:
        enrol(county, village, tmp_path)
        county.forms.publish(_form(tmp_path / "v2.xlsx"))
        ret = county.sync.export_return(VILLAGE_A, tmp_path / "stick")
    app = open_county(qtbot, make_app, tmp_path / "village", USER)
    window, editor = app.window, app.window.editor
    [r] = import_in_app(qtbot, app, [ret.path])
    assert r.status == "accepted" and app.client.catalog.current.version == "2026.2"

    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor and bool(editor.uuid))
    assert editor.state["fields"]["visits"] == 3                       # a literal default
    assert editor.household_page.editors["visits"].value() == 3
    assert "visits_x10" not in editor.state["fields"]                  # not triggered yet
    assert editor.state["members"][0]["fields"]["member_no"] == 1     # position(..) at creation
    editor.add_member()
    assert editor.state["members"][1]["fields"]["member_no"] == 2

    visits = editor.household_page.editors["visits"].input
    type_field(qtbot, editor.household_page, "visits", "5")
    qtbot.keyClick(visits, Qt.Key.Key_Return)         # the answer is given: the trigger fires
    qtbot.waitUntil(lambda: editor.state["fields"].get("visits_x10") == 50)
    type_field(qtbot, editor.household_page, "visits", "2")
    qtbot.keyClick(visits, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.state["fields"].get("visits_x10") == 20)
    editor.dirty = False
    app.shutdown()
