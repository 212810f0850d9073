"""The county's own window and its 村和设备 page, driven through the widgets on real
workspaces: bundles imported through the import screen show per village with their dates and
missing sequence numbers; the area list is edited and imported from Excel; a device is revoked
with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.conftest import USER
from tests.desktop.conftest import import_in_app, open_county, type_into
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
    """County (with its area list) + a1, a2, b1; a1 wrote bundles 1, 2, 3 onto the stick."""
    root = tmp_path_factory.mktemp("county_villages")
    net = build_net(root)
    with net.open("county") as county:
        county.sync.set_areas(AREAS)
    with net.open("a1") as a1:
        for i in range(1, 4):
            a1.households.save(household(f"000{i}", ("张三", "11010519491231002X"),
                                         village_code=VILLAGE_A))
            (root / f"a1-{i}").mkdir()
            a1.sync.export(root / f"a1-{i}")
    return root


def opened(qtbot: Any, make_app: Any, net: Net) -> Any:
    return open_county(qtbot, make_app, net.home("county"), COUNTY_USER)



def villages_page(qtbot: Any, app: Any) -> Any:
    page = app.window.villages
    page.loaded = False
    app.window.act_villages.trigger()
    assert app.window.current_page() is page
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    return page


def cells(page: Any, code: str) -> list[str]:
    item = page.village_item(code)
    assert item is not None, code
    return [item.text(c) for c in range(page.tree.columnCount())]


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_county_window_has_county_pages_and_no_village_actions(qtbot: Any, make_app: Any,
                                                                net: Net) -> None:
    app = opened(qtbot, make_app, net)
    w = app.window
    assert w.county and w.villages is not None
    visible = {a for a in w.toolbar.actions() if a.isVisible() and not a.isSeparator()}
    assert w.act_villages in visible and w.act_import in visible and w.act_review in visible
    assert w.act_dashboard in visible
    for hidden in (w.act_export, w.act_new, w.act_list, w.act_enrol):
        assert hidden not in visible
    assert w.current_page() is not w.dashboard            # not the village 概览 (报送县里)
    assert not w.dashboard.boxes["sync"].isVisible()
    assert w.dashboard.status is None                      # the village figures never ran


def test_villages_page_shows_devices_bundles_and_gaps(qtbot: Any, make_app: Any,
                                                      net: Net) -> None:
    app = opened(qtbot, make_app, net)
    stick = net.root
    results = import_in_app(qtbot, app, [stick / "a1-1", stick / "a1-3"])   # 2 never came
    assert [r.status for r in results] == ["accepted", "accepted"]
    page = villages_page(qtbot, app)
    row = cells(page, VILLAGE_A)
    col = {name: i for i, name in enumerate(
        ("code", "name", "level", "households", "expected", "devices", "last", "created",
         "received", "days", "missing"))}
    assert row[col["name"]] == "甲村" and row[col["households"]] == "3"
    assert row[col["devices"]] == "2" and row[col["last"]] == "3" and row[col["missing"]] == "2"
    assert row[col["days"]] == "0"
    assert len(row[col["created"]]) == 16 and row[col["received"]] >= row[col["created"]]
    item = page.village_item(VILLAGE_A)
    assert item.foreground(col["missing"]).color().name() == "#b00020"
    assert page.village_item(VILLAGE_A).parent().text(0) == TOWN_A
    b = page.village_item(VILLAGE_B)                         # enrolled, never sent: highlighted
    assert b.text(col["missing"]) == "" and b.text(col["created"]) == ""
    assert b.background(0).color().name() == "#fde2e1"

    assert page.select(VILLAGE_A)
    assert page.devices.rowCount() == 2
    assert all(page.devices.item(r, 1).text() and page.devices.item(r, 2).text() == USER
               for r in range(2))                            # device name, user
    by_bundles = {page.devices.item(r, 5).text(): r for r in range(2)}
    assert set(by_bundles) == {"2", "0"}
    sent = by_bundles["2"]
    assert page.devices.item(sent, 7).text() == "2"
    assert page.devices.item(sent, 6).text().startswith("3")

    # the missing bundle arrives: the gap closes
    import_in_app(qtbot, app, [stick / "a1-2"])
    qtbot.waitUntil(lambda: page.village_item(VILLAGE_A) is not None
                    and page.village_item(VILLAGE_A).text(col["missing"]) == "", timeout=10_000)


def test_add_and_rename_areas_through_the_widgets(qtbot: Any, make_app: Any, net: Net) -> None:
    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)

    click(qtbot, page.add_township_button)
    dialog = page.dialog
    assert dialog is not None and dialog.code.text() == COUNTY
    type_into(qtbot, dialog.code, COUNTY + "009")
    assert not dialog.ok.isEnabled()                          # no name yet
    type_into(qtbot, dialog.name, "新建镇")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "009") is not None, timeout=10_000)
    assert page.dialog is None

    page.select(COUNTY + "009")
    click(qtbot, page.add_village_button)
    dialog = page.dialog
    assert dialog.code.text() == COUNTY + "009"               # starts with the township's code
    type_into(qtbot, dialog.code, COUNTY + "008001")          # a township not in the list
    type_into(qtbot, dialog.name, "错村")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert COUNTY + "008" in dialog.message.text() and page.dialog is dialog
    type_into(qtbot, dialog.code, COUNTY + "009001")
    type_into(qtbot, dialog.name, "新村")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "009001") is not None, timeout=10_000)
    assert page.village_item(COUNTY + "009001").parent().text(0) == COUNTY + "009"

    page.select(VILLAGE_A)
    click(qtbot, page.rename_button)
    dialog = page.dialog
    assert dialog.code.isReadOnly() and dialog.name.text() == "甲村"
    type_into(qtbot, dialog.name, "甲新村")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: cells(page, VILLAGE_A)[1] == "甲新村", timeout=10_000)

    with net.open("county") as county:
        got = {a.code: (a.name, a.level) for a in county.sync.areas()}
    assert got[COUNTY + "009"] == ("新建镇", "township")
    assert got[COUNTY + "009001"] == ("新村", "village")
    assert got[VILLAGE_A][0] == "甲新村"


def test_remove_is_refused_while_households_use_the_village(qtbot: Any, make_app: Any,
                                                            net: Net, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    app = opened(qtbot, make_app, net)
    import_in_app(qtbot, app, [net.root / "a1-1"])
    page = villages_page(qtbot, app)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    page.select(VILLAGE_A)
    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: "1" in page.message.text(), timeout=10_000)
    assert "甲村" in asked[0] and page.village_item(VILLAGE_A) is not None
    assert "户" in page.message.text() or "household" in page.message.text()

    click(qtbot, page.add_township_button)
    type_into(qtbot, page.dialog.code, COUNTY + "007")
    type_into(qtbot, page.dialog.name, "空镇")
    click(qtbot, page.dialog.ok)
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "007") is not None, timeout=10_000)
    page.select(COUNTY + "007")
    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "007") is None, timeout=10_000)
    with net.open("county") as county:
        assert COUNTY + "007" not in {a.code for a in county.sync.areas()}


def test_area_sheet_import_shows_every_problem_with_its_row(qtbot: Any, make_app: Any,
                                                            net: Net, tmp_path: Path) -> None:
    def sheet(rows: list[tuple[Any, ...]]) -> Path:
        wb = openpyxl.Workbook()
        wb.active.append(["区划代码", "名称"])
        for r in rows:
            wb.active.append(list(r))
        path = tmp_path / f"areas{len(rows)}.xlsx"
        wb.save(path)
        return path

    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)
    page.import_file(sheet([(TOWN_A, "甲镇"), ("12", "坏代码"), (COUNTY + "005001", "")]))
    qtbot.waitUntil(lambda: page.problems.count() > 0, timeout=10_000)
    lines = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert len(lines) == 3 and page.problems.isVisible()
    assert "3" in lines[0] and "12" in lines[0]              # row 3: the bad code
    assert any("4" in line for line in lines[1:])             # row 4: no name, no township
    assert page.village_item(VILLAGE_B) is not None           # the old list stays

    page.import_file(sheet([(TOWN_A, "甲镇"), (VILLAGE_A, "甲村"), (TOWN_B, "乙镇"),
                            (VILLAGE_B, "乙村"), (COUNTY + "005", "丙镇"),
                            (COUNTY + "005001", "丙村")]))
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "005001") is not None, timeout=10_000)
    assert not page.problems.isVisible() and "3" in page.message.text()
    assert cells(page, COUNTY + "005001")[1] == "丙村"


def test_expected_households_import_through_the_page(qtbot: Any, make_app: Any, net: Net,
                                                     tmp_path: Path) -> None:
    """Issue 16: the expected households come from a sheet (or a 户籍 list) on this page and
    show in their column; a bad row lists its problem and changes nothing."""
    def sheet(name: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Path:
        wb = openpyxl.Workbook()
        wb.active.append(list(header))
        for r in rows:
            wb.active.append(list(r))
        wb.save(tmp_path / name)
        return tmp_path / name

    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)
    expected = 4   # Col.EXPECTED
    assert page.tree.headerItem().text(expected) and cells(page, VILLAGE_A)[expected] == ""
    page.import_expected(sheet("n.xlsx", ("村代码", "应调查户数"), [(VILLAGE_A, 120), (VILLAGE_B, 80)]))
    qtbot.waitUntil(lambda: cells(page, VILLAGE_A)[expected] == "120", timeout=10_000)
    assert cells(page, VILLAGE_B)[expected] == "80" and "2" in page.message.text()

    page.import_expected(sheet("bad.xlsx", ("行政村", "应调查户数"), [("甲村", 5), ("丁村", 3)]))
    qtbot.waitUntil(lambda: page.problems.count() > 0, timeout=10_000)
    lines = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert len(lines) == 1 and "3" in lines[0] and "丁村" in lines[0]
    assert cells(page, VILLAGE_A)[expected] == "120"

    # a 户籍 list, one row per household: counted per village
    page.import_expected(sheet("huji.xlsx", ("行政村", "户主"), [("甲村", "张三"), ("甲村", "李四")]))
    qtbot.waitUntil(lambda: cells(page, VILLAGE_A)[expected] == "2", timeout=10_000)
    assert not page.problems.isVisible() and cells(page, VILLAGE_B)[expected] == "80"
    assert app.presenter.shown == []


def test_revoke_a_device_through_the_widgets(qtbot: Any, make_app: Any, net: Net) -> None:
    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)
    page.select(VILLAGE_B)
    assert page.devices.rowCount() == 1
    assert not page.revoke_button.isEnabled()
    page.devices.selectRow(0)
    click(qtbot, page.revoke_button)
    dialog = page.dialog
    assert not dialog.ok.isEnabled()
    type_into(qtbot, dialog.reason, "lost")
    assert not dialog.ok.isEnabled()                          # not confirmed yet
    box = dialog.sure
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: page.loaded and page.devices.rowCount() == 1
                    and "lost" in page.devices.item(0, 4).text(), timeout=10_000)
    assert not page.revoke_button.isEnabled()
    with net.open("county") as county:
        [b1] = [d for d in county.sync.devices() if d.code == VILLAGE_B]
    assert b1.revoked_at and b1.revoke_reason == "lost" and b1.revoked_by == COUNTY_USER


def test_approve_an_enrolment_request_at_the_county(qtbot: Any, make_app: Any, net: Net,
                                                    tmp_path: Path) -> None:
    from mopai.sync.workspace import Workspace
    from tests.conftest import PASSPHRASE

    Workspace.create(tmp_path / "c1", role="village", code=COUNTY + "005001", user=USER,
                     passphrase=PASSPHRASE, name="丙村")
    with Workspace(tmp_path / "c1").unlock(USER, PASSPHRASE) as c1:
        c1.sync.enrol_request(tmp_path / "c1.req", device_name="丙村文书笔记本",
                              user_name="王会计")
        device_fp = c1.sync.fingerprint()
    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)
    click(qtbot, page.enrol_button)
    dialog = page.dialog
    dialog.open_request(tmp_path / "c1.req")
    qtbot.waitUntil(lambda: dialog.request is not None, timeout=10_000)
    # who is asking, shown before anything is approved
    assert dialog.device.text() == "丙村文书笔记本" and dialog.user.text() == "王会计"
    assert dialog.place.text() == f"{COUNTY}005 · 丙村（{COUNTY}005001）"  # 丙镇 not listed
    assert dialog.device_fp.text() == device_fp and len(dialog.when.text()) == 16
    dialog.approve(tmp_path / "c1.req", tmp_path / "c1.setup")   # not confirmed: nothing
    assert not dialog.approve_button.isEnabled() and not (tmp_path / "c1.setup").exists()
    box = dialog.sure
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert dialog.approve_button.isEnabled()
    dialog.approve(tmp_path / "c1.req", tmp_path / "c1.setup")
    qtbot.waitUntil(lambda: dialog.body is not None, timeout=10_000)
    assert (tmp_path / "c1.setup").exists() and len(dialog.fingerprint.text()) > 10
    qtbot.waitUntil(lambda: page.village_item(COUNTY + "005001") is not None, timeout=10_000)
    page.select(COUNTY + "005001")
    assert page.devices.rowCount() == 1
    assert [page.devices.item(0, c).text() for c in (1, 2)] == ["丙村文书笔记本", "王会计"]
    with Workspace(tmp_path / "c1").unlock(USER, PASSPHRASE) as c1:
        assert c1.sync.enrol_preview(tmp_path / "c1.setup").fingerprint == \
            dialog.fingerprint.text()


def test_the_village_app_does_not_load_the_county_pages() -> None:
    """QtCharts and the county modules load only when a county workspace is unlocked (the
    village app stays within its memory budget)."""
    import subprocess
    import sys

    code = ("import sys, desktop.shell.app, desktop.shell.main_window; "
            "bad = [m for m in sys.modules if 'QtCharts' in m or m.startswith('mopai.desktop.county')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stdout + done.stderr


def test_expected_households_typed_for_one_village(qtbot: Any, make_app: Any, net: Net) -> None:
    """Issue 16: the chosen village's expected households are typed in a dialog (or cleared),
    kept through the worker and audited; a township is not a village to set."""
    from mopai.sync.areas import expected_households

    app = opened(qtbot, make_app, net)
    page = villages_page(qtbot, app)
    expected = 4   # Col.EXPECTED
    page.select(TOWN_A)
    assert not page.set_expected_button.isEnabled()
    page.select(VILLAGE_A)
    click(qtbot, page.set_expected_button)
    dialog = page.dialog
    assert dialog is not None and dialog.value() is None        # nothing set yet
    dialog.number.selectAll()
    qtbot.keyClicks(dialog.number, "75")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: cells(page, VILLAGE_A)[expected] == "75", timeout=10_000)
    assert page.dialog is None and "75" in page.message.text()

    page.select(VILLAGE_A)
    click(qtbot, page.set_expected_button)
    assert page.dialog.value() == 75
    page.dialog.number.setValue(page.dialog.number.minimum())   # shown as "not set"
    click(qtbot, page.dialog.ok)
    qtbot.waitUntil(lambda: cells(page, VILLAGE_A)[expected] == "", timeout=10_000)
    assert app.presenter.shown == []
    with net.open("county") as county:
        assert expected_households(county) == {}
        logged = county.audit.entries("expected_set")
        assert len(logged) == 2 and all('"hand"' in e.detail for e in logged)
