"""The editor acts on ``repeat_count`` as ODK Collect acts on ``jr:count`` (decision 67): the
instances a count asks for are added by themselves as soon as it is given and whenever it
grows; a smaller count removes nothing, and the instances beyond it are named. A county's
form with a count on the members, on the household's 帮扶措施 and on each member's jobs; a
real village store, real widgets, the household saved and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.desktop.conftest import app_holding_form, new_household, type_field
from tests.formrepeats import JOBS, MEASURES, repeats_form

COUNTED_MEASURES = [
    {"type": "integer", "name": "people", "label::zh_CN": "应登记人数",
     "label::en": "People to record"},
    {"type": "integer", "name": "measure_count", "label::zh_CN": "帮扶措施条数",
     "label::en": "Number of measures"},
    {**MEASURES[1], "repeat_count": "${measure_count}"},
    *MEASURES[2:],
]
COUNTED_JOBS = [*JOBS[:1],
                {"type": "text", "name": "job_owner", "label::zh_CN": "工作人",
                 "label::en": "Whose", "default": "concat(${name}, '-', position(..))"},
                *JOBS[1:]]


def counted_form(path: Path) -> Path:
    """The county form with jobs and 帮扶措施, the members counted by `people`."""
    repeats_form(path, jobs=COUNTED_JOBS, measures=COUNTED_MEASURES)
    wb = load_workbook(path)
    ws = wb["survey"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, col["type"]).value == "begin_repeat"
               and ws.cell(r, col["name"]).value == "members")
    ws.cell(row, col["repeat_count"], "${people}")
    wb.save(path)
    return path


@pytest.fixture
def editor(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> Any:
    app = app_holding_form(qtbot, make_app, village_home, counted_form(tmp_path / "count.xlsx"))
    editor = new_household(qtbot, app)
    editor.app = app
    return editor


def give(qtbot: Any, page: Any, name: str, text: str) -> None:
    """Type an answer and give it (Enter), as the cadre does."""
    type_field(qtbot, page, name, text)
    qtbot.keyClick(page.editors[name].input, Qt.Key.Key_Return)


def saved(qtbot: Any, editor: Any) -> dict[str, Any]:
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    got: list[Any] = []
    editor.app.client.get(editor.uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_a_count_adds_its_instances_and_a_smaller_one_names_the_extra(
        qtbot: Any, editor: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    page = editor.household_page
    [measures] = page.repeat_editors
    assert measures.list.count() == 0 and measures.add.isEnabled()     # no count yet
    type_field(qtbot, page, "measure_count", "3")
    assert measures.list.count() == 0       # being typed: a count of 3 may become 30
    qtbot.keyClick(page.editors["measure_count"].input, Qt.Key.Key_Return)
    assert measures.list.count() == 3 and len(editor.state["repeats"]["measures"]) == 3
    assert not measures.add.isEnabled()
    # the count named by its question's label, as the cadre reads it, not its field name
    assert "repeat_count" in measures.add.toolTip() and "「帮扶措施条数」" in \
        measures.add.toolTip() and "${" not in measures.add.toolTip()
    assert not measures.over.isVisible()
    measures.list.setCurrentRow(0)
    give(qtbot, measures.page, "measure_kind", "技能培训")
    give(qtbot, page, "measure_count", "5")
    assert measures.list.count() == 5
    instances = editor.state["repeats"]["measures"]
    assert [m["fields"] for m in instances] == [{"measure_kind": "技能培训"}, {}, {}, {}, {}]
    assert len({m["uuid"] for m in instances}) == 5
    give(qtbot, page, "measure_count", "2")
    # nothing removed: the three beyond the count are named, marked, and the finding stays
    assert len(editor.state["repeats"]["measures"]) == 5
    assert measures.over.isVisibleTo(measures)
    assert "3, 4, 5" in measures.over.text() and "2" in measures.over.text()
    assert "「帮扶措施条数」" in measures.over.text() and "${" not in measures.over.text()
    red = measures.list.item(4).foreground().color().name()
    assert red == "#b00020" and measures.list.item(1).foreground().color().name() != red
    assert any(f.code == "repeat_count" and f.field == "measures" for f in editor.findings_list)
    assert not measures.add.isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    measures.remove_instance(4)
    assert "3, 4" in measures.over.text() and measures.list.count() == 4
    record = saved(qtbot, editor)
    assert [m["uuid"] for m in record["repeats"]["measures"]] == [
        m["uuid"] for m in instances[:4]]
    assert record["repeats"]["measures"][0]["fields"] == {"measure_kind": "技能培训"}


def test_the_members_and_each_members_jobs_follow_their_counts(
        qtbot: Any, editor: Any) -> None:
    page = editor.household_page
    roster = editor.roster
    assert len(editor.state["members"]) == 1 and roster.add.isEnabled()
    give(qtbot, page, "people", "3")
    assert len(editor.state["members"]) == 3 and roster.list.count() == 4   # + the household
    assert not roster.add.isEnabled() and "「应登记人数」" in roster.add.toolTip()
    editor.add_member()                                           # by hand: not while counted
    assert len(editor.state["members"]) == 3
    # each member's jobs by its own count, with the dynamic default of a new job
    for index, (name, jobs) in enumerate((("张三", "2"), ("李四", "1"))):
        member = editor.member_page(index)
        editor.pages.setCurrentWidget(member)
        give(qtbot, member, "name", name)
        give(qtbot, member, "jobs_count", jobs)
    head, second, third = editor.state["members"]
    assert [j["fields"] for j in head["repeats"]["jobs"]] == [
        {"job_owner": "张三-1"}, {"job_owner": "张三-2"}]
    assert [j["fields"] for j in second["repeats"]["jobs"]] == [{"job_owner": "李四-1"}]
    assert not (third.get("repeats") or {}).get("jobs")
    [jobs] = editor.member_page(0).repeat_editors
    assert jobs.list.count() == 2 and not jobs.add.isEnabled()
    give(qtbot, editor.member_page(0), "jobs_count", "3")         # grows: one more for him
    assert [j["fields"] for j in head["repeats"]["jobs"]][2] == {"job_owner": "张三-3"}
    assert jobs.list.count() == 3
    give(qtbot, page, "people", "2")
    assert len(editor.state["members"]) == 3                       # nobody removed
    assert roster.over.isVisibleTo(roster) and "3" in roster.over.text()
    assert "「应登记人数」" in roster.over.text() and "${" not in roster.over.text()
    assert roster.list.item(3).foreground().color().name() == "#b00020"
    record = saved(qtbot, editor)
    assert [m["uuid"] for m in record["members"]] == [head["uuid"], second["uuid"],
                                                       third["uuid"]]
    assert [len((m.get("repeats") or {}).get("jobs") or []) for m in record["members"]] == \
        [3, 1, 0]
    # opened again from the store: the instances are there, nothing added twice
    editor.close_record()
    editor.open_record(record)
    assert len(editor.state["members"]) == 3 and not editor.dirty
    [jobs] = editor.member_page(0).repeat_editors
    assert jobs.list.count() == 3
