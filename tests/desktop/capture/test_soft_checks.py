"""Soft checks in the editor, through the widgets: an error blocks "complete" and is listed
with who, which question and what to do (a click goes to the field); a warning is confirmed
with a reason that is saved with the answer, shown beside it and to the county; real phone
formats pass; impossible ages, incomes and work regions do not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from mopai.desktop.capture.complete_dialog import ErrorsDialog, WarningsDialog
from mopai.desktop.widgets.reason_dialog import ReasonDialog
from mopai.forms import idnumber
from tests.desktop.capture.test_capture import ADULT, HEAD_ID, fill, go_to
from tests.desktop.conftest import type_field, type_into, unlock

TODAY = dt.date.today()
MIGRANT = {**ADULT, "employment_status": "migrant", "monthly_income": "35000",
           "work_region": "out_of_province", "work_place": "广东省东莞市", "work_province": "44",
           "work_city": "4419", "industry": "C",
           "channel": "spontaneous", "months_worked": "10", "wants_training": "no",
           "wants_business": "no", "returned": "no"}
REASON = "包工头，年底结算，收入属实"


def codes(editor: Any) -> list[tuple[str, str, int | None, str | None]]:
    return [(f.code, f.severity, f.member_index, f.field) for f in editor.findings_list]


def start(qtbot: Any, make_app: Any) -> tuple[Any, Any]:
    app = make_app()
    assert app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor)
    fill(qtbot, go_to(qtbot, editor, 0), {"household_type": "ordinary",
                                          "survey_method": "visit"})
    return app, editor


def stored(qtbot: Any, app: Any, uuid: str) -> dict[str, Any]:
    got: list[dict[str, Any]] = []
    app.client.get(uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


def test_a_warning_is_confirmed_with_a_reason_that_is_saved_and_shown(qtbot, make_app) -> None:
    app, editor = start(qtbot, make_app)
    type_field(qtbot, editor.household_page, "phone", "0731-12345678")  # a landline passes
    head = go_to(qtbot, editor, 1)
    fill(qtbot, head, {"name": "张三", "id_number": HEAD_ID, **MIGRANT})
    assert codes(editor) == [("income_band", "warning", 0, "monthly_income")]
    assert "1 个警告未填写核实说明" in editor.findings.title.text()

    # complete asks the reason of each warning, naming who and which question
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.check_dialog, WarningsDialog)
                    and editor.check_dialog.isVisible())
    dialog = editor.check_dialog
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(t.startswith("⚠ 第1位成员 张三 · 月收入（元）：月收入不在该就业状态的常见范围内")
               for t in texts), texts
    assert not dialog.ok.isEnabled()  # no reason, no save
    reason = dialog.findChild(QLineEdit, "warningReason0")
    type_into(qtbot, reason, REASON)
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    assert editor.state["status"] == "complete"
    record = stored(qtbot, app, editor.uuid)
    assert record["status"] == "complete" and record["fields"]["phone"] == "0731-12345678"
    assert record["members"][0]["confirmations"] == {"monthly_income": REASON}

    # the reason shows beside the answer and in the summary
    message = head.editors["monthly_income"].message
    assert message.isVisible() and REASON in message.text()
    item = editor.findings.list.item(0).text()
    assert item.startswith("✔ 第1位成员 张三 · 月收入（元）") and f"说明：{REASON}" in item
    assert "未填写核实说明" not in editor.findings.title.text()


def test_the_summary_confirms_a_warning_and_complete_drops_a_reason_gone_stale(
        qtbot, make_app) -> None:
    app, editor = start(qtbot, make_app)
    head = go_to(qtbot, editor, 1)
    fill(qtbot, head, {"name": "张三", "id_number": HEAD_ID, **MIGRANT})
    panel = editor.findings
    assert not panel.confirm_button.isEnabled()
    panel.list.setCurrentRow(0)
    assert panel.confirm_button.isEnabled()
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.check_dialog, ReasonDialog)
                    and editor.check_dialog.isVisible())
    dialog = editor.check_dialog
    type_into(qtbot, dialog.reason, REASON)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert editor.state["members"][0]["confirmations"] == {"monthly_income": REASON}
    assert editor.dirty and editor.findings_list[0].reason == REASON

    # the answer corrected: the warning goes, and so does its reason when saved as complete
    type_field(qtbot, head, "monthly_income", "6000")
    assert codes(editor) == []
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    assert "confirmations" not in stored(qtbot, app, editor.uuid)["members"][0]


def test_errors_block_complete_and_the_list_goes_to_each(qtbot, make_app) -> None:
    """外出务工 in 乡（镇）内, a monthly income of 99,999,999 and an age of 136 are errors, not
    warnings; each entry names the person, the question and what to do, and a click goes to
    the member's page with the question focused. No draft is offered without a 户编号."""
    app, editor = start(qtbot, make_app)
    head = go_to(qtbot, editor, 1)
    fill(qtbot, head, {"name": "张三", "id_number": HEAD_ID,
                       **{**MIGRANT, "monthly_income": "99999999", "work_region": "in_township",
                          "work_place": "本乡"}})
    qtbot.mouseClick(editor.roster.add, Qt.MouseButton.LeftButton)
    elder = editor.member_pages[1]
    old_id = idnumber.make("110105", dt.date(TODAY.year - 136, 1, 2), 11)
    fill(qtbot, elder, {"name": "张老", "id_number": old_id, "relation": "father",
                        "is_student": "no", "education": "illiterate", "health": ["chronic"],
                        "labor_capacity": "none"})
    errors = [c for c in codes(editor) if c[1] == "error"]
    assert errors == [("income_range", "error", 0, "monthly_income"),
                      ("region_status", "error", 0, "work_region"),
                      ("age_impossible", "error", 1, "id_number")]
    assert not [c for c in codes(editor) if c[1] == "warning" and c[2] == 0
                and c[3] == "monthly_income"]  # an impossible income is not also a warning

    type_field(qtbot, editor.household_page, "household_no", "")
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.check_dialog, ErrorsDialog)
                    and editor.check_dialog.isVisible())
    dialog = editor.check_dialog
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts[0].startswith("✖ 户 · 户编号：请填写")
    assert texts[1].startswith("✖ 第1位成员 张三 · 月收入（元）：月收入应在0至100000元之间")
    assert "请核对是否多输了位数" in texts[1]
    assert texts[2].startswith("✖ 第1位成员 张三 · 务工地域：务工地域与就业状态矛盾")
    assert texts[3].startswith("✖ 第2位成员 张老 · 证件号码：按证件号码算出的年龄超过120岁")
    assert "草稿" not in dialog.findChild(QLabel, "errorsIntro").text()  # no 户编号, no draft
    go_to(qtbot, editor, 0)
    rect = dialog.list.visualItemRect(dialog.list.item(3))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not dialog.isVisible()
    assert editor.pages.currentWidget() is elder
    assert editor.window().focusWidget() is elder.editors["id_number"].focus_widget()
    assert editor.dirty and editor.state["status"] == "draft"
