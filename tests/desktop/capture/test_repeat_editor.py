"""The editor with a county form that has a jobs list inside each member and a 帮扶措施 list
beside the members (issue 19, decision 59): a real village store that received the form,
real widgets, the household saved to the real SQLCipher store with its instances."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.desktop.conftest import app_holding_form, choose, new_household, type_field
from tests.formrepeats import JOBS, MEASURES, repeats_form


@pytest.fixture
def app_with_form(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> Any:
    app = app_holding_form(qtbot, make_app, village_home, repeats_form(tmp_path / "repeats.xlsx"))
    return app


def _stored(qtbot: Any, app: Any, uuid: str) -> dict[str, Any]:
    got: list[Any] = []
    app.client.get(uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_jobs_are_captured_in_their_member_and_measures_beside_the_members(
        qtbot: Any, app_with_form: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_with_form
    assert app.client.form.repeats.keys() == {"jobs", "measures"}
    editor = new_household(qtbot, app)
    page = editor.member_page(0)
    [jobs] = page.repeat_editors
    assert jobs.objectName() == "repeat_jobs"
    type_field(qtbot, page, "jobs_count", "2")
    qtbot.keyClick(page.editors["jobs_count"].input, Qt.Key.Key_Return)
    assert jobs.isVisible() or not page.isVisible()
    # two jobs for the head: added by the count (decision 67), answered, the first's bonus
    # asked since its wage > 3000
    assert jobs.list.count() == 2 and not jobs.add.isEnabled()
    for row, (place, wage) in enumerate((("广州", "4000"), ("深圳", "1000"))):
        jobs.list.setCurrentRow(row)
        type_field(qtbot, jobs.page, "job_place", place)
        type_field(qtbot, jobs.page, "job_wage", wage)
    member = editor.state["members"][0]
    assert [j["fields"] for j in member["repeats"]["jobs"]] == [
        {"job_place": "广州", "job_wage": 4000}, {"job_place": "深圳", "job_wage": 1000}]
    assert len({j["uuid"] for j in member["repeats"]["jobs"]}) == 2
    assert not jobs.page.is_visible_field("job_bonus")          # the second: 1000
    jobs.list.setCurrentRow(0)
    assert jobs.page.is_visible_field("job_bonus")              # the first: 4000
    assert "job_no" not in jobs.page.editors                     # a calculate is not shown
    hs = editor._evaluated
    assert hs.instance(("members", 0)).value("jobs_wage") == 5000
    assert hs.instance(("members", 0), ("jobs", 1)).value("job_no") == 2
    # a wrong wage: the finding names the instance, and shows at the field
    jobs.list.setCurrentRow(1)
    type_field(qtbot, jobs.page, "job_wage", "-3")
    assert jobs.page.editors["job_wage"].message.text() == "月收入应在0到100000之间"
    found = [f for f in editor.findings_list if f.field == "members[1]/jobs[2]/job_wage"]
    assert [f.member_index for f in found] == [0]
    assert "年内工作 2 · 月收入（元）" in editor.describe(found[0])
    jobs.list.setCurrentRow(0)
    app.window.activateWindow()          # focus follows only in the active window
    qtbot.waitUntil(app.window.isActiveWindow, timeout=3000)
    editor.jump_to(0, found[0].field)                            # from the findings summary
    assert jobs.list.currentRow() == 1
    qtbot.waitUntil(jobs.page.editors["job_wage"].focus_widget().hasFocus, timeout=3000)
    type_field(qtbot, jobs.page, "job_wage", "1500")
    # reorder: the second job first
    qtbot.mouseClick(jobs.up, Qt.MouseButton.LeftButton)
    assert [j["fields"]["job_place"] for j in member["repeats"]["jobs"]] == ["深圳", "广州"]
    assert jobs.list.currentRow() == 0
    # the household's 帮扶措施, on the household page; one added then removed
    [measures] = editor.household_page.repeat_editors
    for kind, amount in (("技能培训", "300"), ("小额信贷", "5000")):
        qtbot.mouseClick(measures.add, Qt.MouseButton.LeftButton)
        type_field(qtbot, measures.page, "measure_kind", kind)
        type_field(qtbot, measures.page, "measure_amount", amount)
    assert editor._evaluated.values["measures_total"] == 5300
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    measures.remove_instance(1)
    assert [m["fields"]["measure_kind"] for m in editor.state["repeats"]["measures"]] == \
        ["技能培训"]
    assert editor._evaluated.values["measures_total"] == 300
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    saved = _stored(qtbot, app, editor.uuid)
    assert [j["fields"] for j in saved["members"][0]["repeats"]["jobs"]] == [
        {"job_place": "深圳", "job_wage": 1500}, {"job_place": "广州", "job_wage": 4000}]
    assert saved["repeats"]["measures"][0]["fields"] == {"measure_kind": "技能培训",
                                                         "measure_amount": 300}
    # opened again: the instances are shown from the store
    editor.close_record()
    editor.open_record(saved)
    page = editor.member_page(0)
    [jobs] = page.repeat_editors
    assert [jobs.list.item(i).text() for i in range(jobs.list.count())] == [
        "1. 深圳 · 1500", "2. 广州 · 4000"]
    assert editor.household_page.repeat_editors[0].list.count() == 1


def test_a_read_only_household_shows_its_instances_without_changing_them(
        qtbot: Any, app_with_form: Any) -> None:
    editor = new_household(qtbot, app_with_form)
    state = dict(editor.state)
    state["repeats"] = {"measures": [{"uuid": "s1", "fields": {"measure_kind": "培训"}}]}
    editor.open_record(state, read_only=True)
    [measures] = editor.household_page.repeat_editors
    assert measures.list.count() == 1
    assert not measures.add.isVisibleTo(measures)
    measures.add_instance()
    assert len(editor.state["repeats"]["measures"]) == 1
    assert not measures.page.editors["measure_kind"].isEnabled()


# -- what javarosa sets inside an instance: dynamic default, trigger, once() -----------------
VALUE_JOBS = [
    *JOBS[:-2],
    {"type": "text", "name": "job_owner", "label::zh_CN": "工作人", "label::en": "Whose",
     "default": "concat(${name}, '-', position(..))"},              # odk-new-repeat
    {"type": "integer", "name": "job_year", "label::zh_CN": "年收入", "label::en": "Year",
     "calculation": "${job_wage} * 12", "trigger": "${job_wage}"},   # the same instance
    {"type": "text", "name": "job_person", "label::zh_CN": "姓名（抄）", "label::en": "Name",
     "calculation": "${name}", "trigger": "${name}"},               # from its member
    {"type": "select_one work_region", "name": "job_region", "label::zh_CN": "地域",
     "label::en": "Region"},
    {"type": "select_one work_region", "name": "job_region_before", "label::zh_CN": "上一份的地域",
     "label::en": "Region before", "choice_filter": "name != current()/../job_region"},
    {"type": "calculate", "name": "job_first_owner",
     "calculation": "once(concat(${name}, '@', position(..)))"},
    *JOBS[-2:],
    {"type": "integer", "name": "wage_seen", "label::zh_CN": "最近填的月收入合计",
     "label::en": "Wages seen", "calculation": "sum(${job_wage})",
     "trigger": "${job_wage}"},                                      # outside, from inside
]
VALUE_MEASURES = [*MEASURES[:-1],
                  {"type": "date", "name": "measure_date", "label::zh_CN": "日期",
                   "label::en": "Date", "default": "today()"},
                  MEASURES[-1]]


@pytest.fixture
def values_editor(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> Any:
    """The editor on a new household whose head 张三 has two jobs (asked: 2), added by the
    editor for the count, the second shown."""
    app = app_holding_form(qtbot, make_app, village_home, repeats_form(
        tmp_path / "values.xlsx", jobs=VALUE_JOBS, measures=VALUE_MEASURES))
    editor = new_household(qtbot, app)
    page = editor.member_page(0)
    for name, text in (("name", "张三"), ("jobs_count", "2")):      # answers given (Enter)
        type_field(qtbot, page, name, text)
        qtbot.keyClick(page.editors[name].input, Qt.Key.Key_Return)     # jobs: by the count
    page.repeat_editors[0].list.setCurrentRow(1)
    return app, editor, page, page.repeat_editors[0]


def test_a_dynamic_default_is_evaluated_in_each_new_instance(qtbot: Any, values_editor: Any
                                                             ) -> None:
    app, editor, page, jobs = values_editor
    member = editor.state["members"][0]
    # position(..) is the new instance's number; ${name} its member's
    assert [j["fields"]["job_owner"] for j in member["repeats"]["jobs"]] == ["张三-1", "张三-2"]
    assert jobs.page.editors["job_owner"].value() == "张三-2"
    type_field(qtbot, page, "name", "李四")       # set once: a later change leaves it
    assert jobs.page.editors["job_owner"].value() == "张三-2"
    [measures] = editor.household_page.repeat_editors
    qtbot.mouseClick(measures.add, Qt.MouseButton.LeftButton)
    today = app.client.settings.today().isoformat()
    assert editor.state["repeats"]["measures"][0]["fields"] == {"measure_date": today}
    assert _saved(qtbot, app, editor)["repeats"]["measures"][0]["fields"] == {
        "measure_date": today}


def test_a_trigger_sets_its_instance_the_instances_it_reaches_and_outside(
        qtbot: Any, values_editor: Any) -> None:
    app, editor, page, jobs = values_editor
    member = editor.state["members"][0]
    # a wage: the year's income in its own instance only, and the member's sum outside —
    # when the answer is given (Enter), not per keystroke (decision 65)
    wage = jobs.page.editors["job_wage"].input
    type_field(qtbot, jobs.page, "job_wage", "4000")
    assert jobs.page.editors["job_year"].value() is None
    qtbot.keyClick(wage, Qt.Key.Key_Return)
    assert jobs.page.editors["job_year"].value() == 48000
    assert [j["fields"].get("job_year") for j in member["repeats"]["jobs"]] == [None, 48000]
    assert page.editors["wage_seen"].value() == 4000 and member["fields"]["wage_seen"] == 4000
    type_field(qtbot, jobs.page, "job_wage", "5000")
    qtbot.keyClick(wage, Qt.Key.Key_Return)
    assert member["repeats"]["jobs"][1]["fields"]["job_year"] == 60000
    # the member's name: the question in each of its jobs
    type_field(qtbot, page, "name", "李四")
    qtbot.keyClick(page.editors["name"].input, Qt.Key.Key_Return)
    assert [j["fields"].get("job_person") for j in member["repeats"]["jobs"]] == ["李四", "李四"]
    assert jobs.page.editors["job_person"].value() == "李四"
    stored = _saved(qtbot, app, editor)["members"][0]["repeats"]["jobs"][1]["fields"]
    assert (stored["job_year"], stored["job_person"]) == (60000, "李四")


def test_once_is_kept_in_each_instance(qtbot: Any, values_editor: Any) -> None:
    app, editor, page, _jobs = values_editor
    member = editor.state["members"][0]
    assert [j["fields"]["job_first_owner"] for j in member["repeats"]["jobs"]] == [
        "张三@1", "张三@2"]
    type_field(qtbot, page, "name", "李四")
    assert [j["fields"]["job_first_owner"] for j in member["repeats"]["jobs"]] == [
        "张三@1", "张三@2"]
    saved = _saved(qtbot, app, editor)["members"][0]["repeats"]["jobs"]
    assert [j["fields"]["job_first_owner"] for j in saved] == ["张三@1", "张三@2"]


def _saved(qtbot: Any, app: Any, editor: Any) -> dict[str, Any]:
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    return _stored(qtbot, app, editor.uuid)


def test_current_filters_the_choices_of_each_instance(qtbot: Any, values_editor: Any) -> None:
    _app, editor, _page, jobs = values_editor
    combo = jobs.page.editors["job_region_before"].input

    def offered() -> list[str]:
        return [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert "in_county" in offered()
    choose(qtbot, jobs.page, "job_region", "in_county")      # the second job's region
    assert "in_county" not in offered() and "in_province" in offered()
    jobs.list.setCurrentRow(0)                                # the first job: its own
    assert "in_county" in offered()
    choose(qtbot, jobs.page, "job_region", "abroad")
    assert "abroad" not in offered() and "in_county" in offered()



def test_a_job_answer_whose_relevance_cannot_be_decided_stays_in_view_and_kept(
        qtbot: Any, app_with_form: Any) -> None:
    """A wage that is not a number (as a record from an older laptop may hold it) leaves the
    bonus of that job undecided: shown with its answer and the note, as on the member's page;
    a known wage of 1000 hides it again (forms/undecided.py)."""
    app = app_with_form
    editor = new_household(qtbot, app)
    page = editor.member_page(0)
    [jobs] = page.repeat_editors
    type_field(qtbot, page, "jobs_count", "1")
    qtbot.keyClick(page.editors["jobs_count"].input, Qt.Key.Key_Return)   # added by the count
    type_field(qtbot, jobs.page, "job_place", "广州")
    type_field(qtbot, jobs.page, "job_wage", "4000")
    type_field(qtbot, jobs.page, "job_bonus", "500")
    job = editor.state["members"][0]["repeats"]["jobs"][0]["fields"]
    job["job_wage"] = "四千"
    editor._reevaluate()
    jobs.list.setCurrentRow(0)
    assert jobs.page.is_visible_field("job_bonus")
    assert jobs.page.editors["job_bonus"].message.text() in (
        "暂时无法确定此题是否需要填写（所依据的答案缺失或有误），答案先保留。",
        "Whether this question applies cannot be decided yet (an answer it depends on is "
        "missing or wrong); the answer is kept.")
    assert not any(f.code == "not_relevant" for f in editor.findings_list)
    job["job_wage"] = 1000
    editor._reevaluate()
    assert not jobs.page.is_visible_field("job_bonus")
    assert any(f.code == "not_relevant" and f.field == "members[1]/jobs[1]/job_bonus"
               for f in editor.findings_list)
