"""The county's 农户查询 page on real bundles (issue 17): search as you type across villages,
filters, pages, a household opened read-only, and a county correction (allowed on purpose,
with a reason) that goes back to the village in the return bundle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mopai.reports.figures import county_figures
from mopai.sync.synth import add_households
from tests.desktop.conftest import open_county, type_field
from tests.helpers import household
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, build_net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
NAMES = {TOWN_A: "甲镇", VILLAGE_A: "甲村", TOWN_B: "乙镇", VILLAGE_B: "乙村"}


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county with its list has imported a1's 40 households and 张三丰's, and b1's 30."""
    root = tmp_path_factory.mktemp("county_search")
    net = build_net(root)
    bundles = []
    for name, n, seed in (("a1", 40, 3), ("b1", 30, 5)):
        with net.open(name) as village:
            add_households(village, n, seed=seed, as_of=dt.date.today())
            if name == "a1":
                village.households.save(household("9001", ("张三丰", "11010519491231002X"),
                                                  village_code=VILLAGE_A, address="旧地址"))
            (root / f"{name}-out").mkdir()
            bundles.append(village.sync.export(root / f"{name}-out").path)
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": c, "name": n, "level": "township" if len(c) == 9 else "village",
             "parent_code": c[:9] if len(c) == 12 else COUNTY} for c, n in NAMES.items()])
        county.sync.import_paths(bundles)
    return root


def shown(page: Any) -> list[list[str]]:
    model = page.model
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def settle(qtbot: Any, page: Any, total: int) -> None:
    """The newest question answered and counted (a total left from an older page is not
    enough: the page asked last may not be shown yet)."""
    qtbot.waitUntil(lambda: page.answered == page._asked and page.total == total
                    and not page.counting and not page._debounce.isActive(), timeout=15_000)
    qtbot.wait(50)


def test_search_filter_page_and_open_read_only(qtbot: Any, make_app: Any, net: Net) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    window = app.window
    assert window.act_search.isVisible()
    window.act_search.trigger()
    page = window.county_households
    assert window.current_page() is page
    settle(qtbot, page, 71)
    assert len(page.model.rows) == 50
    assert "1" in page.page_label.text() and "50" in page.page_label.text() \
        and "71" in page.page_label.text()
    rows = shown(page)
    assert rows[0][:2] == ["甲镇", "甲村"]
    # every place has its name (the names come from the worker after the rows)
    qtbot.waitUntil(lambda: not page.names_banner.isVisibleTo(window), timeout=10_000)
    # every answer delivered: a late one (the page is set up on showing it and again on a
    # change) would put the names back after the next line takes them away
    qtbot.waitUntil(lambda: not page.client._worker.busy, timeout=15_000)
    names, page.model.names = page.model.names, {VILLAGE_A: "甲村"}   # a list without the rest
    page.go(0)
    qtbot.waitUntil(lambda: page.names_banner.isVisibleTo(window), timeout=10_000)
    assert TOWN_A in page.names_banner.text.text() and VILLAGE_A not in \
        page.names_banner.text.text()
    asked: list[bool] = []
    window.villages.ask_import = lambda: asked.append(True)    # not the file dialog
    page.names_banner.button.click()                           # leads to the area import
    assert asked == [True] and window.current_page() is window.villages
    window.act_search.trigger()
    page.model.names = names
    page.go(0)
    settle(qtbot, page, 71)
    assert not page.names_banner.isVisibleTo(window)
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.offset == 50, timeout=10_000)
    assert len(page.model.rows) == 21 and not page.next_button.isEnabled()
    assert shown(page)[-1][:2] == ["乙镇", "乙村"]                # township, village order

    # search as you type: pinyin initials find 张三丰 in another village's households
    qtbot.keyClicks(page.search, "zsf")
    settle(qtbot, page, 1)
    [row] = shown(page)
    assert row[:4] == ["甲镇", "甲村", "9001", "张三丰"]
    assert row[4] == "110105********002X"                     # the birth date hidden
    assert page.offset == 0

    # filters: township B only; then 零就业家庭 as the county's figures count them
    page.search.clear()
    settle(qtbot, page, 71)
    page.township.setCurrentIndex(page.township.findData(TOWN_B))
    settle(qtbot, page, 30)
    assert {r[1] for r in shown(page)} == {"乙村"}
    with net.open("county") as county:
        zero = {(z.village, z.household_no) for z in county_figures(county).zero}
    qtbot.waitUntil(lambda: bool(page.model.zero), timeout=30_000)
    assert page.model.zero == zero
    page.township.setCurrentIndex(0)
    page.zero_only.setChecked(True)
    settle(qtbot, page, len(zero))
    assert {(page.model.rows[i].village_code, page.model.rows[i].household_no)
            for i in range(len(page.model.rows))} == zero
    assert all(r[9] for r in shown(page))
    page.zero_only.setChecked(False)
    page.status.setCurrentIndex(page.status.findData("draft"))
    with net.open("county") as county:
        drafts = county.households.county_page(
            type(page.query())(status="draft"), 0, 1).total
    settle(qtbot, page, drafts)
    assert drafts and {r[6] for r in shown(page)} == {"草稿"}

    # the review state: the one household the county sent back, and nothing when none is
    page.status.setCurrentIndex(0)
    settle(qtbot, page, 71)
    page.review.setCurrentIndex(page.review.findData("rejected"))
    settle(qtbot, page, 0)
    with net.open("county") as county:
        [first] = county.households.county_page(
            type(page.query())(status="complete"), 0, 1).rows
        sent_back = first.uuid
        county.sync.review(sent_back, "reject", "请核实家庭成员")
    page.review.setCurrentIndex(0)
    settle(qtbot, page, 71)
    page.review.setCurrentIndex(page.review.findData("rejected"))
    settle(qtbot, page, 1)
    assert page.model.rows[0].uuid == sent_back
    page.review.setCurrentIndex(0)

    # double-click: the household opens read-only; nothing can be saved
    page.status.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "zsf")
    settle(qtbot, page, 1)
    uuid = page.model.rows[0].uuid
    index = page.model.index(0, 3)
    page.table.doubleClicked.emit(index)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.uuid == uuid and window.current_page() is editor,
                    timeout=10_000)
    assert editor.read_only and editor.mode_banner.isVisibleTo(window)
    assert "只读" in editor.mode_banner.text()
    assert not editor.draft_button.isVisibleTo(window)
    assert not editor.complete_button.isVisibleTo(window)
    assert not editor.household_page.editors["address"].isEnabled()
    assert not editor.roster.add.isVisibleTo(window)
    editor.save("draft")
    qtbot.wait(200)
    with net.open("county") as county:
        assert len(county.households.history(uuid)) == 1       # no county revision
    editor.request_close()
    assert window.current_page() is page                       # back to the search


def test_county_correction_goes_back_to_the_village(qtbot: Any, make_app: Any, net: Net,
                                                     tmp_path: Path) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    window = app.window
    page = window.show_county_households()
    settle(qtbot, page, 71)
    qtbot.keyClicks(page.search, "zsf")
    settle(qtbot, page, 1)
    page.table.selectRow(0)
    uuid = page.model.rows[0].uuid
    assert not page.edit_button.isEnabled()                    # off until the county allows
    page.allow_edits.click()
    qtbot.waitUntil(page.edit_button.isEnabled, timeout=10_000)
    page.edit_button.click()
    dialog = page.reason_dialog
    assert dialog is not None and not dialog.ok.isEnabled()    # a reason is required
    qtbot.keyClicks(dialog.reason, "phone check")
    dialog.ok.click()
    editor = window.editor
    qtbot.waitUntil(lambda: editor.uuid == uuid and window.current_page() is editor,
                    timeout=10_000)
    assert not editor.read_only and editor.correction_reason == "phone check"
    assert "phone check" in editor.mode_banner.text() and editor.mode_banner.isVisibleTo(window)
    type_field(qtbot, editor.household_page, "address", "County checked address")
    qtbot.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    with net.open("county") as county:
        assert county.households.get(uuid)["fields"]["address"] == "County checked address"
        [event] = county.audit.entries("county_correction")
        assert "phone check" in event.detail
        (tmp_path / "return").mkdir()
        result = county.sync.export_return(VILLAGE_A, tmp_path / "return")
    with net.open("a1") as village:
        village.sync.import_paths([result.path])
        assert village.households.get(uuid)["fields"]["address"] == "County checked address"


def test_a_card_scanned_in_the_search_opens_its_household_read_only(
        qtbot: Any, make_app: Any, net: Net) -> None:  # noqa: ANN401
    from mopai.reports.card import reference

    with net.open("county") as county:
        uuid = next(h["uuid"] for h in county.households.states(area=VILLAGE_B))
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    window = app.window
    window.act_search.trigger()
    page = window.county_households
    settle(qtbot, page, 71)
    window.activateWindow()   # keys go to the focus of the active window (a dialog was up)
    page.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search, timeout=5000)
    qtbot.keyClicks(page.search, reference(uuid))      # a USB scanner: a burst, then Enter
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.editor, timeout=10_000)
    assert window.editor.uuid == uuid and window.editor.read_only
    assert page.search.text() == ""
