"""The county dashboard's 周通报 tab: the newest week kept, with the two-weeks-bottom mark, and
"Rank last week" computing and keeping the last complete week (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from mopai import forms
from mopai.reports import weekly
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, copy_workspaces
from tests.desktop.conftest import open_county
from tests.reports.test_weekly import W2, build

USER = "张科长"


@pytest.fixture(scope="module")
def _county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("weekly_tab") / "ws"
    Workspace.create(home, role="county", code="431222", user=USER, passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        build(store)
        weekly.weekly_ranking(store, W2)  # kept, as `mopai weekly --week 2026-10-19` would
    return home


@pytest.fixture
def home(_county: Path, tmp_path: Path) -> Path:
    return copy_workspaces(_county, tmp_path / "ws")


def cells(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_weekly_tab_shows_the_newest_week_kept_and_ranks_last_week(
        qtbot: Any, make_app: Any, home: Path) -> None:
    app = open_county(qtbot, make_app, home, USER)
    page = app.window.county_dashboard
    tab = page.weekly
    assert page.tabs.indexOf(tab) == 5 and page.tabs.tabText(5) == "周通报"
    qtbot.waitUntil(lambda: tab.ranking is not None, timeout=30_000)
    assert tab.ranking["week"] == W2.key
    assert "2026-10-19" in tab.week.text() and "2026-10-25" in tab.week.text()
    rows = cells(tab.table)
    assert all(r[1].endswith("）") and "（431222" in r[1] for r in rows)  # name（code）
    assert [(r[0], r[1].split("（")[0], r[2]) for r in rows] == [
        ("1", "甲镇", "80.00"), ("1", "乙镇", "80.00"), ("3", "丙镇", "70.00"),
        ("4", "戊镇", "30.00"), ("5", "丁镇", "10.00")]  # ties share a rank
    marked = [r for r in range(tab.table.rowCount()) if tab.table.item(r, 9).text()]
    assert [rows[r][1].split("（")[0] for r in marked] == ["丁镇"] and tab.marked() == ["431222103"]
    assert tab.table.item(marked[0], 0).background().color().name() == "#f8d7da"
    assert tab.table.item(0, 0).background().style() == Qt.BrushStyle.NoBrush  # unmarked rows stay plain
    assert rows[0][4:8] == ["100.0%", "100.0%", "+0", "100.0%"]
    assert {r[8] for r in rows} == {"未开展"} and rows[-1][9] == "连续两周排名后两位"
    page.tabs.setCurrentWidget(tab)
    from tests.desktop.shell.test_translations import untranslated, visible_texts

    assert untranslated(visible_texts(app.window)) == []

    qtbot.mouseClick(tab.compute, Qt.MouseButton.LeftButton)
    last = weekly.last_complete(forms.CountySettings())
    qtbot.waitUntil(lambda: tab.ranking is not None and tab.ranking["week"] == last.key
                    and tab.compute.isEnabled(), timeout=60_000)
    assert last.key in tab.week.text() or last.monday.isoformat() in tab.week.text()
    assert app.presenter.shown == []
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        assert weekly.kept_weeks(store) == [W2.key, last.key]


def test_the_weights_are_set_in_the_county_definitions_dialog(qtbot: Any, make_app: Any,
                                                              home: Path) -> None:
    app = open_county(qtbot, make_app, home, USER)
    app.window.act_county_settings.trigger()
    qtbot.waitUntil(lambda: getattr(app.window, "county_settings_dialog", None) is not None,
                    timeout=10_000)
    dialog = app.window.county_settings_dialog
    assert {n: s.value() for n, s in dialog.weights.items()} == {
        n: getattr(forms.DEFAULT_SETTINGS, n) for n in forms.settings.WEEKLY_WEIGHTS}
    for spin in dialog.weights.values():
        spin.setValue(0)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "weekly weight" in dialog.message.text() or "权重" in dialog.message.text()
    dialog.weights["weekly_weight_return_rise"].setValue(100)
    dialog.base_on.setChecked(True)
    dialog.base.setDate(QDate(2026, 10, 7))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    def saved() -> Any:
        with Workspace(home).unlock(USER, PASSPHRASE) as store:
            from mopai.sync.county_settings import load

            return load(store)
    qtbot.waitUntil(lambda: saved().weekly_weight_return_rise == 100, timeout=10_000)
    s = saved()
    assert (s.weekly_weight_progress, s.weekly_zero_base) == (0, "2026-10-07")
    assert app.presenter.shown == []
