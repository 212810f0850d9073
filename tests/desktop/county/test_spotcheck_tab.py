"""The county's 电话抽查 tab and the village's list of correction requests (issue 22): a
sample drawn and its sheet written from the app, a filled sheet recorded, the figures, the
requests and the 公益岗 findings shown; at the village a request is dismissed with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from mopai.reports.spotcheck import FIRST_ROW, columns
from mopai.sync import spotchecks
from mopai.sync.workspace import Workspace
from tests.conftest import COUNTY_CODE, PASSPHRASE, USER
from tests.desktop.conftest import open_county, unlock
from tests.forms.builders import household, person
from tests.reports.test_spotcheck import county_records


@pytest.fixture
def county_home(tmp_path: Path) -> Path:
    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY_CODE, user=USER, passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        post = {"is_student": "no", "education": "junior", "health": ["healthy"],
                "labor_capacity": "lost", "employment_status": "public_post"}
        h = household(person("head", 45, **post), village_code="110105001001")
        store.households.save_many([*county_records(), h])
    return home


def cells(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_draw_record_and_see_the_figures_in_the_app(qtbot: Any, make_app: Any,
                                                     county_home: Path, tmp_path: Path) -> None:
    app = open_county(qtbot, make_app, county_home, USER)
    page = app.window.county_dashboard
    tab = page.spot
    page.tabs.setCurrentWidget(tab)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "电话抽查"
    qtbot.waitUntil(lambda: tab.data is not None, timeout=30_000)
    assert cells(tab.posts)[0][3] == "无劳动能力"
    tab.per_village.setValue(1)
    tab.seed.setValue(5)
    sheet = tmp_path / "calls.xlsx"
    tab.draw_to(sheet)
    qtbot.waitUntil(lambda: sheet.exists() and "2" in tab.status.text(), timeout=30_000)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["电话抽查"]
    col = {name: i + 1 for i, name in enumerate(columns())}
    ws.cell(FIRST_ROW, col["通话结果"], "接通")
    ws.cell(FIRST_ROW, col["就业状态核对"], "不一致")
    ws.cell(FIRST_ROW, col["就业状态（核实值）"], "务农")
    ws.cell(FIRST_ROW + 1, col["通话结果"], "无人接听")
    wb.save(sheet)
    tab.record_from(sheet)
    qtbot.waitUntil(lambda: tab.figures.rowCount() > 0, timeout=30_000)
    figures = cells(tab.figures)
    assert figures[0][:8] == ["110105001", "", "2", "1", "1", "0", "50.0%", "0.0%"]
    [request] = cells(tab.corrections)
    assert request[2] == "就业状态" and request[4:6] == ["务农", "待核实"]
    assert app.presenter.shown == []
    from tests.desktop.shell.test_translations import untranslated, visible_texts

    assert untranslated(visible_texts(app.window)) == []


def test_the_village_dismisses_a_request_with_a_reason(qtbot: Any, make_app: Any,
                                                        village_home: Path) -> None:
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        h = household(person("head", 40, employment_status="migrant"),
                      village_code=store.workspace.code)
        store.households.save(h)
        item = {"correction_id": spotchecks.correction_id("d", h["members"][0]["uuid"],
                                                           "employment_status"),
                "draw_id": "d", "record_uuid": h["uuid"],
                "member_uuid": h["members"][0]["uuid"], "village_code": store.workspace.code,
                "question": "employment_status", "recorded": "外出务工", "heard": "务农",
                "person": "张三", "created_at": "2026-11-30T08:00:00.000000Z",
                "created_by": "县", "device_id": "c"}
        with store.engine.connect() as conn, conn.begin():   # as a county return bundle does
            assert spotchecks.receive(conn, store, [{"t": "corrections", "corrections": [item]}],
                                      sender={"role": "county"}, kind="return",
                                      bundle_id="x") == 1
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window = app.window
    assert window.act_corrections.isVisible()
    view = window.show_corrections().view
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=10_000)
    assert cells(view.table) == [["张三", "就业状态", "外出务工", "务农", view.state_text("open"),
                                  "", "2026-11-30"]]
    opened = []
    view.open_household.connect(opened.append)
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened == [h["uuid"]]
    view.dismiss(reason="本人春节后才外出")
    qtbot.waitUntil(lambda: cells(view.table)[0][5] == "本人春节后才外出", timeout=10_000)
    assert cells(view.table)[0][4] == view.state_text("dismissed")
    assert not view.dismiss_button.isEnabled()
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        [c] = store.spotchecks.corrections()
        assert (c.state, c.reason) == (spotchecks.DISMISSED, "本人春节后才外出")


def test_the_app_draws_a_share_of_one_townships_villages(qtbot: Any, make_app: Any,
                                                         county_home: Path,
                                                         tmp_path: Path) -> None:
    """As `mopai spotcheck draw --share 0.5 --area 110105001`: the other township's village
    is not drawn, and each village gives ceil(50% of its eligible persons)."""
    from mopai.reports import spotcheck
    from tests.forms.builders import jobless, worker

    with Workspace(county_home).unlock(USER, PASSPHRASE) as store:
        other = household(worker("head", phone="13800003001"), jobless("son", wants_job="yes"),
                          village_code="110105002001", phone="13911113333")
        other["status"] = "complete"
        store.households.save(other)
        form = store.forms.current().form
        eligible = spotcheck.eligible(form, store.households.states())
    app = open_county(qtbot, make_app, county_home, USER)
    tab = app.window.county_dashboard.spot
    app.window.county_dashboard.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.area.count() == 3, timeout=30_000)
    assert [tab.area.itemData(i) for i in range(3)] == ["", "110105001", "110105002"]
    assert tab.area.itemText(0) == "全部村"
    tab.mode.setCurrentIndex(1)
    assert tab.share.isVisibleTo(tab) and not tab.per_village.isVisibleTo(tab)
    tab.share.setValue(50)
    tab.area.setCurrentIndex(1)
    sheet = tmp_path / "share.xlsx"
    tab.draw_to(sheet)
    qtbot.waitUntil(lambda: sheet.exists(), timeout=30_000)
    assert app.presenter.shown == []
    ws = openpyxl.load_workbook(sheet)["电话抽查"]
    key = columns().index("核对码")
    drawn = [row[key] for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True) if row[key]]
    by_village = {v: [p["member_uuid"] for p in people] for v, people in eligible.items()}
    expected = {v: -(-len(people) // 2) for v, people in by_village.items()
                if v.startswith("110105001")}
    got = {v: sum(m in drawn for m in people) for v, people in by_village.items()}
    assert got == {**expected, "110105002001": 0}
    with Workspace(county_home).unlock(USER, PASSPHRASE) as store:
        [d] = store.spotchecks.draws()
        assert (d["area"], d["params"]["share"]) == ("110105001", 0.5)


def test_a_township_draws_its_own_villages_from_its_app(qtbot: Any, make_app: Any,
                                                        tmp_path: Path) -> None:
    """A township's app has no county dashboard: its 电话抽查 action opens the same screen,
    which offers its own township only."""
    home = tmp_path / "township"
    Workspace.create(home, role="township", code="110105001", user=USER, passphrase=PASSPHRASE,
                     name="测试镇")
    with Workspace(home).unlock(USER, PASSPHRASE) as store:   # as imported from its villages
        store.households.save_many(county_records())
    app = open_county(qtbot, make_app, home, USER)
    window = app.window
    assert window.act_spotcheck.isVisible() and window.act_spotcheck.text() == "电话抽查"
    # the requests are the villages' to answer (a township that drew them cannot dismiss one)
    assert not window.act_corrections.isVisible()
    tab = window.show_spotcheck().tab
    qtbot.waitUntil(lambda: tab.data is not None, timeout=30_000)
    assert [tab.area.itemData(i) for i in range(tab.area.count())] == ["110105001"]
    tab.per_village.setValue(1)
    sheet = tmp_path / "t.xlsx"
    tab.draw_to(sheet)
    qtbot.waitUntil(lambda: sheet.exists(), timeout=30_000)
    assert app.presenter.shown == []
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        [d] = store.spotchecks.draws()
        assert d["area"] == "110105001"
