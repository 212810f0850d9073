"""The review cycle in the app across two real workspaces (issue 17), a folder standing in for
the USB stick: the county opens a household, sends it back with a comment on a member's
question → the return bundle → the village's 退回修改 list shows it, the editor shows the
comment beside that question → the cadre corrects it and saves → the data bundle → the county's
审核 tab shows it 已修改待复审, and approves it from there."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.forms.samples import sample_household
from tests.desktop.conftest import editor_on, type_field, unlock
from tests.desktop.review.test_review import import_in_app, loaded_review, opened, return_to_village
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, build_net

COMMENT = "成员779的月收入偏低，请核实"


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County + a1 (village A): a1's complete household reached the county."""
    root = tmp_path_factory.mktemp("household_review")
    net = build_net(root)
    h = sample_household(3, seed=1, village=VILLAGE_A)
    h["status"] = "complete"
    with net.open("a1") as a1:
        a1.households.save(h)
        (root / "out0").mkdir()
        first = a1.sync.export(root / "out0")
    with net.open("county") as county:
        assert county.sync.import_paths([first.path])[0].status == "accepted"
    shutil.rmtree(root / "out0")
    (root / "uuid").write_text(h["uuid"])
    return root


def _tab(qtbot: Any, app: Any, count: int) -> Any:
    page = loaded_review(qtbot, app)
    view = page.households
    qtbot.waitUntil(lambda: len(view.items) == count, timeout=10_000)
    page.tabs.setCurrentWidget(view)
    return page, view


def test_county_sends_back_village_corrects_county_sees_it_corrected(
        qtbot: Any, make_app, net: Any) -> None:
    uuid = (net.root / "uuid").read_text()
    stick = net.stick

    # 1. The county looks at the household and sends it back, naming member 2's income.
    county = opened(qtbot, make_app, net.home("county"), COUNTY_USER)
    editor = editor_on(qtbot, county, uuid)
    assert editor.review_button.isVisible()
    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)
    dialog = editor.review_dialog
    qtbot.waitUntil(lambda: dialog.item is not None and dialog.questions.count() > 0,
                    timeout=10_000)
    assert "待审核" in dialog.heading.text()
    assert not dialog.reject_button.isEnabled()             # no comment yet
    labels = [dialog.questions.item(i).text() for i in range(dialog.questions.count())]
    row = next(i for i, t in enumerate(labels) if t.startswith("[2 成员779]") and "收入" in t)
    dialog.questions.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.comment.setPlainText(COMMENT)
    assert dialog.reject_button.isEnabled()
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.review_notice.isVisible(), timeout=10_000)
    assert COMMENT in editor.review_notice.text() and "退回修改" in editor.review_notice.text()
    page, view = _tab(qtbot, county, 1)
    assert page.tabs.tabText(page.tabs.indexOf(view)) == "审核（1）"
    cells = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert cells[0] == "测试村a1" or cells[0] == VILLAGE_A     # the name where the list has one
    assert cells[3:5] == ["退回修改", COMMENT] and "成员867" in cells[2]

    # 2. The village imports the return bundle: its 退回修改 list, the comment in the editor.
    village = return_to_village(qtbot, make_app, county, stick, net.home("a1"), VILLAGE_A)
    page, view = _tab(qtbot, village, 1)
    assert page.tabs.tabText(page.tabs.indexOf(view)) == "被退回（1）"
    assert not view.review_button.isVisible()
    assert view.table.item(0, 4).text() == COMMENT
    qtbot.waitUntil(lambda: "(1)" in village.window.act_review.text())   # waits for the cadre
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    editor = village.window.editor
    qtbot.waitUntil(lambda: editor.state.get("uuid") == uuid and editor.review_notice.isVisible(),
                    timeout=10_000)
    assert not editor.review_button.isVisible()
    spouse = editor.member_pages[1]
    message = spouse.editors["monthly_income"].message
    qtbot.waitUntil(lambda: COMMENT in message.text(), timeout=10_000)
    assert "id_number" not in [n for n, e in spouse.editors.items() if COMMENT in e.message.text()]

    # 3. The cadre corrects the income and saves it complete; the correction goes to the county.
    editor.roster.select(2)
    type_field(qtbot, spouse, "monthly_income", "1800")
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    qtbot.waitUntil(lambda: "已修改" in editor.review_notice.text(), timeout=10_000)
    up = stick / "up"
    up.mkdir()
    exported: list[Any] = []
    village.client.export(up, False, exported.append)
    qtbot.waitUntil(lambda: bool(exported), timeout=20_000)
    village.lock()

    # 4. The county sees it corrected, and approves it from its 审核 tab.
    unlock(qtbot, county)
    [result] = import_in_app(qtbot, county, [exported[0].path])
    assert result.status == "accepted"
    page, view = _tab(qtbot, county, 1)
    # the list is read again after the import (it held the household as 退回修改 before)
    qtbot.waitUntil(lambda: view.table.item(0, 3).text() == "已修改待复审", timeout=10_000)
    qtbot.waitUntil(lambda: "(1)" in county.window.act_review.text())    # waits for the county
    view.table.selectRow(0)
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    qtbot.waitUntil(lambda: dialog.approve_button.isEnabled(), timeout=10_000)
    assert COMMENT in dialog.history.text()
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.items) == 0, timeout=10_000)
    states: list[Any] = []
    county.client.review_of(uuid, states.append)
    qtbot.waitUntil(lambda: bool(states), timeout=10_000)
    assert states[0][0].state == "approved"


def test_the_review_dialog_lists_the_questions_in_the_questionnaire_language(
        qtbot: Any, make_app, net: Any) -> None:
    """设置 → 问卷语言 English, the app in Chinese: the questions to send back are the form's
    English labels, the dialog's own words Chinese (issue 19)."""
    import dataclasses

    uuid = (net.root / "uuid").read_text()
    county = opened(qtbot, make_app, net.home("county"), COUNTY_USER)
    county.apply_settings(dataclasses.replace(county.settings, form_language="en"))
    editor = editor_on(qtbot, county, uuid)
    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)
    dialog = editor.review_dialog
    qtbot.waitUntil(lambda: dialog.item is not None and dialog.questions.count() > 0,
                    timeout=10_000)
    income = next(q for q in county.client.form.member_questions()
                  if q.name == "monthly_income").label
    labels = [dialog.questions.item(i).text() for i in range(dialog.questions.count())]
    assert f"[2 成员779] {income.get('en')}" in labels
    assert not any(income.get("zh_CN") in t for t in labels)
    assert "待审核" in dialog.heading.text()
