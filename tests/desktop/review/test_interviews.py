"""Paradata through the real widgets: the village editor stamps the interview at each save
(start at opening, time added per session, the unlocked user), the county sees a household
entered too fast in its review page and, opened, the interview line in the editor."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mopai.sync import paradata
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import import_in_app, open_county, unlock
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, Net, build_net


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_the_editor_stamps_the_interview_at_each_save(qtbot, make_app,
                                                      village_home: Path) -> None:
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    clock = Clock(time.time() - 3 * 3600)
    editor.clock = clock
    start = clock.now
    window.new_household()
    qtbot.waitUntil(lambda: bool(editor.state), timeout=5000)
    uuid = editor.uuid
    clock.now += 600                              # ten minutes of questions
    qtbot.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        first = store.households.get(uuid)["paradata"]
    assert first == {"started_at": paradata.iso_at(start), "ended_at": paradata.iso_at(start + 600),
                     "seconds": 600, "by": USER}
    clock.now += 120                              # two more minutes in the same session
    editor.dirty = True
    qtbot.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        second = store.households.get(uuid)["paradata"]
    assert second["seconds"] == 720 and second["started_at"] == first["started_at"]
    assert second["ended_at"] == paradata.iso_at(start + 720)
    assert editor.interview.isHidden()           # a village's own editor: no interview line


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County and villages; a1 exported a complete household entered in one minute."""
    root = tmp_path_factory.mktemp("interviews")
    net = build_net(root)
    state = next(g.state for g in generate_village(
        VillageSpec(VILLAGE_A, 6, seed=3, mistake_rate=0.0, as_of=dt.date.today()))
        if len(g.state["members"]) >= 3 and g.state["status"] == "complete")
    end = time.time() - 3600
    state["paradata"] = {"started_at": paradata.iso_at(end - 60),
                         "ended_at": paradata.iso_at(end), "seconds": 60, "by": USER}
    with net.open("a1") as a1:
        a1.households.save(state)
        (root / "stick").mkdir()
        a1.sync.export(root / "stick")
    (root / "uuid").write_text(state["uuid"])
    return root


def test_the_county_sees_a_fast_interview_and_its_paradata(qtbot, make_app, net: Net) -> None:
    uuid = (net.root / "uuid").read_text()
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    [result] = import_in_app(qtbot, app, [net.root / "stick"])
    assert result.ok
    window = app.window
    review = window.show_review()
    view = review.interviews
    assert review.tabs.indexOf(view) >= 0
    qtbot.wait(300)
    assert not review.interviews_loaded        # read only when its tab is shown
    review.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=15_000)
    cells = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert cells[6] == USER and cells[4] == "1"
    view._open(0, 0)
    editor = window.editor
    qtbot.waitUntil(lambda: window.current_page() is editor and editor.uuid == uuid,
                    timeout=10_000)
    line = editor.interview.text()
    assert not editor.interview.isHidden() and USER in line
    assert line.endswith(editor.tr(" — too fast for the household's size: check with the "
                                   "village"))


def test_a_village_review_page_has_no_interview_tab(qtbot, make_app, net: Net) -> None:
    app = make_app(home=net.home("a1"), user=USER)
    app.start()
    unlock(qtbot, app)
    review = app.window.show_review()
    qtbot.wait(200)
    assert review.tabs.indexOf(review.interviews) < 0
