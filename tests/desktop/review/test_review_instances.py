"""A reviewer's comment on a job's question (issue 19, decision 60), in the app across two real
workspaces: the county's review dialog lists the questions of each job and 帮扶措施 entry, the
comment on the second job's wage goes back in the return bundle, the village's editor shows
it beside that job's field, follows the job when the jobs are reordered, and says so in the
notice when the job is removed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.desktop.conftest import editor_on
from tests.desktop.review.test_review import opened, return_to_village
from tests.formrepeats import repeats_form
from tests.helpers import household
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, build_net

COMMENT = "第二份工作的月收入偏高，请核实"


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County + a1 under the form with jobs and 帮扶措施; a1's household reached the county."""
    root = tmp_path_factory.mktemp("review_instances")
    net = build_net(root)
    (root / "r").mkdir()
    with net.open("county") as county:
        county.forms.publish(repeats_form(root / "repeats.xlsx"), reason="增加工作和帮扶措施")
        ret = county.sync.export_return(VILLAGE_A, root / "r").path
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    h["form_version"] = "2026.9"
    h["status"] = "complete"
    h["members"][0]["fields"]["jobs_count"] = 2
    h["members"][0]["repeats"] = {"jobs": [
        {"uuid": "job-gz", "fields": {"job_place": "广州", "job_wage": 4000, "job_bonus": 500}},
        {"uuid": "job-sz", "fields": {"job_place": "深圳", "job_wage": 90000}}]}
    with net.open("a1") as a1:
        assert a1.sync.import_paths([ret])[0].ok
        a1.households.save(h)
        (root / "out0").mkdir()
        first = a1.sync.export(root / "out0")
    with net.open("county") as county:
        assert county.sync.import_paths([first.path])[0].status == "accepted"
    shutil.rmtree(root / "out0")
    shutil.rmtree(root / "r")
    (root / "uuid").write_text(h["uuid"])
    return root


def test_a_comment_on_a_job_reaches_the_village_beside_that_job(
        qtbot: Any, make_app: Any, net: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    uuid = (net.root / "uuid").read_text()
    county = opened(qtbot, make_app, net.home("county"), COUNTY_USER)
    editor = editor_on(qtbot, county, uuid)
    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)
    dialog = editor.review_dialog
    qtbot.waitUntil(lambda: dialog.item is not None and dialog.questions.count() > 0,
                    timeout=10_000)
    labels = [dialog.questions.item(i).text() for i in range(dialog.questions.count())]
    assert "[1 张三] 年内工作 1 · 工作地点" in labels
    row = labels.index("[1 张三] 年内工作 2 · 月收入（元）")
    dialog.questions.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.comment.setPlainText(COMMENT)
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.review_notice.isVisible(), timeout=10_000)
    village = return_to_village(qtbot, make_app, county, net.stick, net.home("a1"), VILLAGE_A)
    editor = editor_on(qtbot, village, uuid)
    qtbot.waitUntil(editor.review_notice.isVisible, timeout=10_000)
    [jobs] = editor.member_page(0).repeat_editors
    jobs.list.setCurrentRow(1)                                   # 深圳
    qtbot.waitUntil(lambda: COMMENT in jobs.page.editors["job_wage"].message.text(),
                    timeout=10_000)
    assert COMMENT not in jobs.page.editors["job_place"].message.text()
    jobs.list.setCurrentRow(0)                                   # 广州: no comment
    assert COMMENT not in jobs.page.editors["job_wage"].message.text()
    jobs.move_instance(1, -1)                                    # 深圳 first now
    assert jobs.list.currentRow() == 0
    qtbot.waitUntil(lambda: COMMENT in jobs.page.editors["job_wage"].message.text(),
                    timeout=10_000)
    jobs.list.setCurrentRow(1)
    assert COMMENT not in jobs.page.editors["job_wage"].message.text()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    jobs.remove_instance(0)                                      # 深圳 removed
    # the count (jobs_count 2) asks for a second job: a blank one takes its place (decision 67)
    assert [(j["uuid"] == "job-gz", j["fields"] if j["uuid"] != "job-gz" else None)
            for j in editor.state["members"][0]["repeats"]["jobs"]] == [(True, None),
                                                                      (False, {})]
    assert COMMENT not in jobs.page.editors["job_wage"].message.text()
    assert COMMENT in editor.review_notice.text()
    assert "所指的条目已被删除" in editor.review_notice.text()
