"""The dashboard's charts name the townships on their axes; a township with no name in the
area list shows its code there, and the charts tab says so with the button to import the
list (`NamesBanner`), as the other screens do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.sync.synth import add_households
from tests.desktop.conftest import open_county
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, build_net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
NAMES = {TOWN_A: "甲镇", VILLAGE_A: "甲村", TOWN_B: "乙镇", VILLAGE_B: "乙村"}


def areas(names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"code": c, "name": n, "level": "township" if len(c) == 9 else "village",
             "parent_code": c[:9] if len(c) == 12 else COUNTY} for c, n in names.items()]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County with its list and a bundle of a1's and of b1's households imported."""
    root = tmp_path_factory.mktemp("chart_names")
    net = build_net(root)
    paths = []
    for name, n, seed in (("a1", 12, 3), ("b1", 10, 5)):
        with net.open(name) as village:
            add_households(village, n, seed=seed, as_of=dt.date.today())
            (root / f"{name}-out").mkdir()
            paths.append(village.sync.export(root / f"{name}-out").path)
    with net.open("county") as county:
        county.sync.set_areas(areas(NAMES))
        county.sync.import_paths(paths)
    return root


def loaded(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: page.figures is not None and not page.running
                    and len(page.rate_chart.categories()) == 2, timeout=60_000)


def test_chart_axes_show_names_and_no_prompt_when_the_list_names_them(
        qtbot: Any, make_app: Any, net: Net) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    page = app.window.county_dashboard
    loaded(qtbot, page)
    for chart in (page.rate_chart, page.zero_chart, page.labour_chart):
        assert chart.categories() == ["甲镇", "乙镇"]
    assert not page.chart_banner.isVisibleTo(page)


def test_a_township_without_a_name_is_its_code_on_the_axes_with_the_prompt(
        qtbot: Any, make_app: Any, net: Net) -> None:
    with net.open("county") as county:   # 乙镇 has no name
        county.sync.set_areas(areas({c: n for c, n in NAMES.items() if c != TOWN_B}))
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    page = app.window.county_dashboard
    loaded(qtbot, page)
    assert page.rate_chart.categories() == ["甲镇", TOWN_B]
    page.tabs.setCurrentIndex(1)        # the charts
    banner = page.chart_banner
    assert banner.isVisibleTo(page) and banner.missing == [TOWN_B]
    assert TOWN_B in banner.text.text() and "名单" in banner.text.text()
    asked = []  # the button leads to the villages page's import of the list
    app.window.villages.ask_import = lambda: asked.append(True)
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert asked and app.window.current_page() is app.window.villages
