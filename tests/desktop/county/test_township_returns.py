"""回传 in a township's app (sync/township.py through desktop/county/returns_dialog.py): the
township's own decisions and the county's bundles it holds, per village; written to the
stick, verified, on the slip; the village takes both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mopai.sync import bundle
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import import_in_app, open_county
from tests.desktop.county.test_returns_dialog import AREAS, returns_dialog, row_of, write
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net, build_net, enrol

TOWN_A = VILLAGE_A[:9]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County with the area list, a1, a2, b1 and township A's office t1; a1 knows t1 (the
    county's return bundle) and sent one household, which t1 imported."""
    root = tmp_path_factory.mktemp("township_returns")
    net = build_net(root)
    Workspace.create(root / "t1", role="township", code=TOWN_A, user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as county, net.open("t1") as t1:
        county.sync.set_areas(AREAS)
        enrol(county, t1, root)
        (root / "ret").mkdir()
        ret = county.sync.export_return(VILLAGE_A, root / "ret").path
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    h["status"] = "complete"
    with net.open("a1") as a1:
        a1.sync.import_paths([ret])
        a1.households.save(h)
        (root / "a1-1").mkdir()
        data = a1.sync.export(root / "a1-1").path
    with net.open("t1") as t1:
        [r] = t1.sync.import_paths([data])
        assert r.status == "accepted"
        t1.sync.review(h["uuid"], "reject", "镇里：请核实联系电话")
    (root / "uuid").write_text(h["uuid"])
    return root


def test_a_township_writes_its_decisions_and_the_county_bundles_it_holds(
        qtbot: Any, make_app: Any, net: Net, tmp_path: Path) -> None:
    office = tmp_path / "from-county"
    office.mkdir()
    with net.open("county") as county:
        for_a = county.sync.export_return(VILLAGE_A, office)
    app = open_county(qtbot, make_app, net.home("t1"), USER)
    assert not app.window.act_reports.isVisible()
    import_in_app(qtbot, app, [office])
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = returns_dialog(qtbot, app, stick)
    table = dialog.table
    assert table.isColumnHidden(4) and table.isColumnHidden(5) and not table.isColumnHidden(8)
    row = row_of(dialog, VILLAGE_A)
    assert row[:4] == ["甲镇", "甲村", VILLAGE_A, "2"] and row[6] == "1" and row[8] == "1"
    assert dialog.chosen_codes() == [VILLAGE_A]
    write(qtbot, dialog)
    [outcome] = dialog.outcomes
    assert outcome.ok, outcome.error
    raw = bundle.parse(outcome.result.path.read_bytes())
    assert raw.header["sender"]["role"] == "township" and raw.header["target"] == VILLAGE_A
    [(copied, _)] = outcome.result.carried
    assert Path(copied).read_bytes() == for_a.path.read_bytes()
    qtbot.waitUntil(lambda: row_of(dialog, VILLAGE_A)[8] == "0", timeout=10_000)
    assert row_of(dialog, VILLAGE_A)[6] == "0"
    slip = dialog.save_slip(tmp_path / "slip.pdf")
    assert slip.read_bytes().startswith(b"%PDF")
    uuid = (net.root / "uuid").read_text()
    with net.open("a1") as a1:
        results = a1.sync.import_paths([stick])
        assert sorted(r.sender_role for r in results if r.status == "accepted") == [
            "county", "township"]
        item = a1.sync.review_of(uuid)
        assert item.comment == "镇里：请核实联系电话"


def test_a_township_enters_its_own_postings_and_services(qtbot: Any, make_app: Any, net: Net,
                                                         tmp_path: Path) -> None:
    """A township office's 岗位信息 page: a sheet imported is its own township's postings (the
    dialog offers no other area); a 311 record it enters for a village's person waits in its
    回传 for that village (issue 21)."""
    from tests.sync.test_jobs import WELDER, sheet

    app = open_county(qtbot, make_app, net.home("t1"), USER)
    w = app.window
    assert w.act_jobs.isVisible() and not w.act_reports.isVisible()
    w.act_jobs.trigger()
    page = w.township_jobs
    assert w.content.currentWidget() is page
    page.import_path(sheet(tmp_path / "镇岗位.xlsx", WELDER))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.table.item(0, 7).text() in ("甲镇", TOWN_A)
    page.add()
    assert [page.dialog.area.itemData(i) for i in range(page.dialog.area.count())] == [TOWN_A]
    page.dialog.reject()
    done: list[Any] = []
    w.client.service_call("add", ("11010519491231002X", "guidance"), {}, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    dialog = returns_dialog(qtbot, app, tmp_path)
    qtbot.waitUntil(lambda: row_of(dialog, VILLAGE_A)[9] == "1", timeout=10_000)
    dialog.reject()
    app.window.close()
    app.shutdown()
    with net.open("t1") as t1:
        assert [(p.title, p.area) for p in t1.jobs.list()] == [("焊工", TOWN_A)]
