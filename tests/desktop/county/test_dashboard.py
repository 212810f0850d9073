"""The county's 概览 on real bundles: the tables show `reports.figures.CountyFigures` of the
same store, the charts have one bar per township with its value, the rankings are in order,
the 零就业家庭 list names villages and opens the household, and importing a bundle through
the import screen changes the figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.desktop.county.dashboard import INDICATORS, value_text
from mopai.reports.figures import county_figures
from mopai.sync.synth import add_households
from tests.desktop.conftest import import_in_app, open_county
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, build_net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
NAMES = {TOWN_A: "甲镇", VILLAGE_A: "甲村", TOWN_B: "乙镇", VILLAGE_B: "乙村",
         COUNTY + "003": "丙镇", COUNTY + "003001": "丙村"}


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County with its list; a1 and b1 each wrote one bundle of synthetic households."""
    root = tmp_path_factory.mktemp("county_dashboard")
    net = build_net(root)
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": c, "name": n, "level": "township" if len(c) == 9 else "village",
             "parent_code": c[:9] if len(c) == 12 else COUNTY} for c, n in NAMES.items()])
    for name, n, seed in (("a1", 40, 3), ("b1", 30, 5)):
        with net.open(name) as village:
            add_households(village, n, seed=seed, as_of=dt.date.today())
            (root / f"{name}-out").mkdir()
            village.sync.export(root / f"{name}-out")
    return root


def opened(qtbot: Any, make_app: Any, net: Net) -> Any:
    return open_county(qtbot, make_app, net.home("county"), COUNTY_USER)



def loaded(qtbot: Any, page: Any, households: int) -> None:
    qtbot.waitUntil(lambda: page.figures is not None and not page.running
                    and page.figures.total is not None
                    and page.figures.total.households + page.figures.total.draft_households
                    == households, timeout=60_000)


def expected(net: Net) -> Any:
    with net.open("county") as county:
        return county_figures(county)


def table_rows(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_dashboard_shows_the_county_figures(qtbot: Any, make_app: Any, net: Net) -> None:
    with net.open("county") as county:
        for name in ("a1", "b1"):
            assert county.sync.import_paths([net.root / f"{name}-out"])[0].status == "accepted"
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    assert app.window.current_page() is page                  # the county's 概览, at unlock
    loaded(qtbot, page, 70)
    f = expected(net)
    # complete households in the figures, drafts beside them (as the summary counts them)
    assert f.total.households + f.total.draft_households == 70 and f.total.draft_households > 0
    assert page.total_values["draft_households"].text() == str(f.total.draft_households)
    assert set(f.townships) == {TOWN_A, TOWN_B}

    # township table: every indicator as CountyFigures has it; 丙镇 listed with no data
    rows = {r[0]: r for r in table_rows(page.townships)}
    assert set(rows) == {TOWN_A, TOWN_B, COUNTY + "003"}
    for code, agg in f.townships.items():
        assert rows[code][1] == NAMES[code]
        assert rows[code][2:2 + len(INDICATORS)] == [value_text(k, getattr(agg, k))
                                                     for k in INDICATORS]
    assert rows[COUNTY + "003"][2] == "—"
    assert page.total_values["employment_rate"].text() == value_text(
        "employment_rate", f.total.employment_rate)

    # the village table follows the selected township; freshness columns
    page.townships.selectRow(list(rows).index(TOWN_B))
    villages = table_rows(page.villages)
    assert [v[0] for v in villages] == [VILLAGE_B]
    v = villages[0]
    assert v[1:3] == ["乙村", "乙镇"]
    assert v[3:3 + len(INDICATORS)] == [value_text(k, getattr(f.villages[VILLAGE_B], k))
                                        for k in INDICATORS]
    assert v[-2] == "0" and v[-1] == ""                        # days since, no gap
    page.townships.selectRow(list(rows).index(COUNTY + "003"))
    [c] = table_rows(page.villages)
    assert c[0] == COUNTY + "003001" and c[-2] == ""           # never sent a bundle
    assert page.villages.item(0, page.villages.columnCount() - 3).background().color().name() \
        == "#fde2e1"

    # charts: one bar per township, the right values, Chinese names as categories
    assert page.rate_chart.categories() == ["甲镇", "乙镇"]
    assert page.rate_chart.values() == pytest.approx(
        [round(100 * f.townships[c].employment_rate, 1) for c in (TOWN_A, TOWN_B)])
    assert page.zero_chart.values() == [f.townships[c].zero_employment_households
                                        for c in (TOWN_A, TOWN_B)]
    assert page.labour_chart.values(0) == [f.townships[c].labour_force for c in (TOWN_A, TOWN_B)]
    assert page.labour_chart.values(1) == [f.townships[c].employed for c in (TOWN_A, TOWN_B)]

    # rankings, best first, as CountyFigures.ranking orders them
    for table, key in zip(page.rank_tables, ("employment_rate", "five_clear_share"),
                          strict=True):
        ranking = f.ranking(key)
        assert [r[1] for r in table_rows(table)] == [NAMES[c] for _, c, _ in ranking]
        assert [r[0] for r in table_rows(table)] == [str(n) for n, _, _ in ranking]
        values = [getattr(f.townships[c], key) for _, c, _ in ranking]
        assert values == sorted(values, reverse=True)

    # 零就业家庭: village and township names, and a double-click opens the household
    zero = table_rows(page.zero)
    assert len(zero) == len(f.zero) > 0
    assert "零就业" in page.tabs.tabText(3) or str(len(f.zero)) in page.tabs.tabText(3)
    first = f.zero[0]
    assert zero[0][:5] == [NAMES[first.village], NAMES[first.village[:9]],
                           first.household_no or "", first.head or "", str(first.labour_force)]
    page.tabs.setCurrentIndex(3)
    page.zero.itemDoubleClicked.emit(page.zero.item(0, 0))
    qtbot.waitUntil(lambda: app.window.current_page() is app.window.editor, timeout=10_000)
    assert app.window.editor.uuid == first.record_uuid
    assert app.presenter.shown == []


def test_the_311_column_shows_who_has_it_met_this_year(qtbot: Any, make_app: Any,
                                                       net: Net) -> None:
    """The 311 column (township, village, county): the share of people due 311 (a 劳动力 who
    is 未就业, or of a 脱贫户 or 监测户) with 3 pushes, 1 guidance and 1 training this year,
    recomputed here from the records; a record entered after the screen opened shows at the
    next refresh, though no household changed."""
    from tests.cli.test_services import entitled
    from tests.sync.test_jobs import CLEANER, sheet

    with net.open("county") as county:
        for name in ("a1", "b1"):
            assert county.sync.import_paths([net.root / f"{name}-out"])[0].status == "accepted"
        complete = {h["uuid"] for h in county.households.states()
                    if h["status"] == "complete"}
        due = {v: [u for u, (hh, code) in entitled_places(county).items()
                   if code == v and hh in complete] for v in (VILLAGE_A, VILLAGE_B)}
        assert due[VILLAGE_B] and entitled(county)
        county.jobs.import_file(sheet(net.root / "jobs.xlsx", CLEANER))
        [job] = county.jobs.list()
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    loaded(qtbot, page, 70)
    n_a, n_b = len(due[VILLAGE_A]), len(due[VILLAGE_B])
    assert page.services_text(VILLAGE_B) == f"0.0% (0/{n_b})"
    # everything 311 asks for one person of village B, at the county
    member = due[VILLAGE_B][0]
    number = next(m["fields"]["id_number"] for h in states(net) for m in h["members"]
                  if m["uuid"] == member)

    done: list[Any] = []
    for kind, job_id in [*[("job_push", job.job_id)] * 3, ("guidance", ""), ("training", "")]:
        app.window.client.service_call("add", (number, kind), {"job_id": job_id},
                                       done.append)
    qtbot.waitUntil(lambda: len(done) == 5, timeout=10_000)
    page.refresh()
    qtbot.waitUntil(lambda: page.services_text(VILLAGE_B) == f"{100 / n_b:.1f}% (1/{n_b})",
                    timeout=30_000)
    rows = {r[0]: r for r in table_rows(page.townships)}
    assert rows[TOWN_B][2 + len(INDICATORS)] == f"{100 / n_b:.1f}% (1/{n_b})"
    assert rows[TOWN_A][2 + len(INDICATORS)] == f"0.0% (0/{n_a})"
    page.townships.selectRow(list(rows).index(TOWN_B))
    [v] = table_rows(page.villages)
    assert v[3 + len(INDICATORS)] == f"{100 / n_b:.1f}% (1/{n_b})"
    total = n_a + n_b
    assert page.total_values["services_311"].text() == f"{100 / total:.1f}% (1/{total})"


def entitled_places(store: Any) -> dict[str, tuple[str, str]]:  # noqa: ANN401
    """member uuid -> (household uuid, village) of everyone due 311 (tests/cli's reading)."""
    from tests.cli.test_services import entitled

    who = entitled(store)
    return {m["uuid"]: (h["uuid"], h["fields"]["village_code"])
            for h in store.households.states() for m in h["members"] if m["uuid"] in who}


def states(net: Net) -> list[dict[str, Any]]:
    with net.open("county") as county:
        return list(county.households.states())


def test_an_import_through_the_import_screen_changes_the_figures(qtbot: Any, make_app: Any,
                                                                 net: Net) -> None:
    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out"])
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    loaded(qtbot, page, 40)
    assert page.rate_chart.categories() == ["甲镇"]
    before = page.total_values["labour_force"].text()
    [r] = import_in_app(qtbot, app, [net.root / "b1-out"])
    assert r.status == "accepted"
    loaded(qtbot, page, 70)
    f = expected(net)
    assert page.total_values["households"].text() == str(f.total.households)
    assert f.total.households + f.total.draft_households == 70
    assert page.total_values["labour_force"].text() == str(f.total.labour_force) != before
    assert page.rate_chart.categories() == ["甲镇", "乙镇"]
    assert page.total_values["no_bundle"].text() == "1"       # 丙村 only
    assert app.presenter.shown == []


def test_reports_page_writes_the_summary_and_a_ledger(qtbot: Any, make_app: Any, net: Net,
                                                      tmp_path: Path) -> None:
    import openpyxl

    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out", net.root / "b1-out"])
    app = opened(qtbot, make_app, net)
    w = app.window
    assert w.act_reports.isVisible()
    w.act_reports.trigger()
    page = w.reports
    assert w.current_page() is page
    qtbot.waitUntil(lambda: page.area.count() == len(NAMES), timeout=10_000)
    page.make("summary", tmp_path / "summary.xlsx")
    qtbot.waitUntil(lambda: page.written is not None, timeout=60_000)
    wb = openpyxl.load_workbook(tmp_path / "summary.xlsx", read_only=True)
    assert "汇总" in wb.sheetnames
    wb.close()
    page.area.setCurrentIndex(page.area.findData(VILLAGE_B))
    page.make("ledger", tmp_path / "ledger.xlsx", page.area.currentData())
    qtbot.waitUntil(lambda: page.written == tmp_path / "ledger.xlsx", timeout=60_000)
    wb = openpyxl.load_workbook(tmp_path / "ledger.xlsx", read_only=True)
    text = " ".join(str(c) for row in wb.worksheets[0].iter_rows(max_row=3, values_only=True)
                    for c in row if c)
    wb.close()
    assert "乙村" in text
    # the analysts' data files, in the format chosen, into a folder
    page.export_format.setCurrentIndex(page.export_format.findData("dta"))
    assert page.export_button.isEnabled()
    page.make("export", tmp_path)
    qtbot.waitUntil(lambda: page.written == tmp_path, timeout=60_000)
    assert {"households.dta", "persons.dta", "codebook.xlsx"} <= {
        p.name for p in tmp_path.iterdir()}
    assert app.presenter.shown == []


def test_progress_tab_shows_the_summary_sheet_figures(qtbot: Any, make_app: Any, net: Net,
                                                      tmp_path: Path) -> None:
    """Issue 16: the 进度 tab shows what the summary's 调查进度 sheet prints, and follows an
    expected number set after the figures were read."""
    import openpyxl

    from mopai.reports.summary import summary_workbook
    from mopai.sync.areas import set_expected
    from tests.helpers import table_rows as sheet_rows

    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out", net.root / "b1-out"])
        set_expected(county, {VILLAGE_A: 50, VILLAGE_B: 30})
        summary_workbook(county, tmp_path / "summary.xlsx")
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    loaded(qtbot, page, 70)
    assert page.tabs.tabText(4)
    printed = sheet_rows(openpyxl.load_workbook(tmp_path / "summary.xlsx")["调查进度"], 4)

    def pct(v: Any) -> str:
        return "—" if v is None else f"{100 * v:.1f}%"
    shown = table_rows(page.progress)
    assert [r[2] for r in shown] == [r[2] or "" for r in printed]
    assert [r[3:] for r in shown] == [
        ["—" if r[3] is None else str(r[3]), *map(str, r[4:8]), pct(r[8]), pct(r[9])]
        for r in printed]
    a = next(r for r in shown if r[2] == VILLAGE_A)
    assert a[3] == "50" and a[4] == "40" and a[8] == "80.0%"
    assert "丙村" in page.progress_note.text()
    # a number set later shows at the next refresh, though no household changed
    with net.open("county") as county:
        set_expected(county, {COUNTY + "003001": 10})
    page.refresh()
    qtbot.waitUntil(lambda: not page.running and table_rows(page.progress)[-1][3] == "90",
                    timeout=30_000)
    assert app.presenter.shown == []


def test_county_definitions_change_the_figures(qtbot: Any, make_app: Any, net: Net) -> None:
    from PySide6.QtCore import QPoint, Qt

    from mopai import forms
    from mopai.sync import county_settings

    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out"])
        # set from the command line; the dialog does not show it and must keep it
        county_settings.save(county, forms.CountySettings(time_zone="Asia/Urumqi"))
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    loaded(qtbot, page, 40)
    before = page.figures.total.employed
    app.window.act_county_settings.trigger()
    qtbot.waitUntil(lambda: getattr(app.window, "county_settings_dialog", None) is not None,
                    timeout=10_000)
    dialog = app.window.county_settings_dialog
    assert dialog.farming.isChecked() and dialog.age_min.value() == 16
    box = dialog.farming
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.figures is not None and not page.running
                    and page.figures.total.employed != before, timeout=60_000)
    with net.open("county") as county:
        from mopai.sync.county_settings import load

        assert load(county).farming_counts_as_employed is False
        assert load(county).time_zone == "Asia/Urumqi"
        assert county_figures(county).total.employed == page.figures.total.employed


def test_county_screens_have_no_english_left(qtbot: Any, make_app: Any, net: Net) -> None:
    from tests.desktop.shell.test_translations import untranslated, visible_texts

    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out"])
    app = opened(qtbot, make_app, net)
    w = app.window
    w.resize(1366, 768)
    page = w.county_dashboard
    loaded(qtbot, page, 40)
    screens = {}
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        screens[f"dashboard tab {i}"] = visible_texts(w)
        screens[f"tab title {i}"] = [("tab", page.tabs.tabText(i))]
    screens["chart titles"] = [("chart", c.chart_.title()) for c in
                               (page.rate_chart, page.zero_chart, page.labour_chart)]
    w.villages.loaded = False
    w.act_villages.trigger()
    qtbot.waitUntil(lambda: w.villages.loaded, timeout=10_000)
    w.villages.select(VILLAGE_A)
    tree = w.villages.tree
    screens["villages"] = visible_texts(w) + [
        ("tree header", tree.headerItem().text(c)) for c in range(tree.columnCount())]
    w.villages.devices.selectRow(0)
    for name, dialog in (("revoke", w.villages.revoke()), ("add", w.villages.add("village")),
                         ("enrol", w.villages.show_enrol())):
        screens[name] = visible_texts(w)                      # the open dialog is w's child
        dialog.reject()
    w.act_reports.trigger()
    screens["reports"] = visible_texts(w)
    w.act_county_settings.trigger()
    qtbot.waitUntil(lambda: getattr(w, "county_settings_dialog", None) is not None,
                    timeout=10_000)
    screens["definitions"] = visible_texts(w)
    for name, texts in screens.items():                       # "Excel" is what users say
        assert untranslated([(k, t.replace("Excel", "")) for k, t in texts]) == [], name
    joined = " ".join(t for _k, t in screens["villages"])
    assert "村和设备" in " ".join(t for _k, t in screens["reports"]) and "缺少的序号" in joined


def test_codes_without_names_are_noted_with_how_to_load_the_list(qtbot: Any, make_app: Any,
                                                                  net: Net) -> None:
    """Issue 16: the dashboard showed codes where the area list lacked names, with no hint."""
    with net.open("county") as county:
        county.sync.import_paths([net.root / "a1-out"])
    app = opened(qtbot, make_app, net)
    page = app.window.county_dashboard
    loaded(qtbot, page, 40)
    assert page.unnamed.isHidden() and page.unnamed_codes() == []
    with net.open("county") as county:  # 甲镇 and 甲村 lose their names
        county.sync.set_areas([{"code": c, "name": n, "level": "township" if len(c) == 9
                                else "village", "parent_code": c[:9] if len(c) == 12 else COUNTY}
                               for c, n in NAMES.items() if c not in (TOWN_A, VILLAGE_A)])
    page.refresh()
    qtbot.waitUntil(lambda: not page.unnamed.isHidden(), timeout=60_000)
    assert page.unnamed_codes() == [TOWN_A, VILLAGE_A]
    assert page.unnamed.text().startswith("2 个乡镇或村没有名称") and TOWN_A in page.unnamed.text()
    assert "村和设备" in page.unnamed.text()
    asked = []  # the button leads to the villages page's import of the list
    app.window.villages.ask_import = lambda: asked.append(True)
    assert page.import_areas_button.isVisibleTo(page)
    qtbot.mouseClick(page.import_areas_button, Qt.MouseButton.LeftButton)
    assert asked and app.window.current_page() is app.window.villages
