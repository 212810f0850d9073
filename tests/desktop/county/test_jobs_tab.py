"""The county dashboard's 岗位信息 tab (issue 21): a posting entered in the dialog (a refused
one keeps the dialog open with the reason), a sheet imported (a bad one names its rows and
imports nothing), a posting closed and reopened — real widgets over a real county store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from mopai.sync.jobs import HEADERS
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, copy_workspaces
from tests.desktop.conftest import open_county, type_into

USER = "张科长"


@pytest.fixture(scope="module")
def _county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("jobs_tab") / "ws"
    Workspace.create(home, role="county", code="431222", user=USER, passphrase=PASSPHRASE,
                     name="测试县")
    return home


@pytest.fixture
def home(_county: Path, tmp_path: Path) -> Path:
    return copy_workspaces(_county, tmp_path / "ws")


def _sheet(path: Path, *rows: list[Any]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append([h for h, _ in HEADERS])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_enter_import_and_close_postings(qtbot: Any, make_app: Any, home: Path,
                                         tmp_path: Path) -> None:
    app = open_county(qtbot, make_app, home, USER)
    page = app.window.county_dashboard
    tab = page.jobs
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "岗位信息"
    tab.add()
    dialog = tab.dialog
    assert dialog is not None
    type_into(qtbot, dialog.texts["employer"], "县城物业公司")
    dialog.trade.setCurrentIndex(dialog.trade.findData("domestic_care"))
    type_into(qtbot, dialog.texts["province"], "湖南")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no 岗位名称: refused
    qtbot.waitUntil(lambda: "岗位名称" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.ok.isEnabled() and tab.postings == []
    type_into(qtbot, dialog.texts["title"], "保洁员")
    dialog.numbers["pay_min"].setValue(3000)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tab.postings) == 1, timeout=10_000)
    assert not dialog.isVisible()
    row = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert row[:3] == ["县城物业公司", "保洁员", "家政/护理"] and row[4] == "3000"
    assert row[7] == "全县" and row[8] == "在招"

    bad = _sheet(tmp_path / "bad.xlsx", ["某厂", "普工", "普工", "火星", "", "", "", "", "", "",
                                         "", "", "", "", "", ""])
    tab.import_path(bad)
    qtbot.waitUntil(lambda: "未导入" in tab.message.text(), timeout=10_000)
    assert "2 D: 工作省份" in tab.message.text() and len(tab.postings) == 1
    good = _sheet(tmp_path / "good.xlsx", ["某厂", "普工", "普工", "湖南", "怀化市", "", 3500,
                                           5000, 10, 18, 50, "", "", "", "", ""])
    tab.import_path(good)
    qtbot.waitUntil(lambda: len(tab.postings) == 2, timeout=10_000)
    assert "1" in tab.message.text()

    tab.table.selectRow([tab.table.item(r, 1).text() for r in range(2)].index("保洁员"))
    assert tab.buttons["close"].text() == "关闭"
    qtbot.mouseClick(tab.buttons["close"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.status == "closed" for p in tab.postings), timeout=10_000)
    assert tab.summary.text() == "1 个在招岗位，1 个已关闭。"
