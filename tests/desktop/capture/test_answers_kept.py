"""No answer is lost in the editor (issue 15): unknown is not false, a draft keeps every
answer, and a save as complete lists what it would remove and asks — through the widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.desktop.capture.test_capture import FARMER, HEAD_ID, fill, go_to
from tests.desktop.conftest import type_field, unlock

WRONG_HEAD_ID = HEAD_ID[:-1] + ("0" if HEAD_ID[-1] != "0" else "1")
AGE_DEPENDENT = ("employment_status", "monthly_income", "wants_job", "wants_training",
                 "wants_business", "returned")


def stored(qtbot: Any, app: Any, uuid: str) -> dict[str, Any]:
    got: list[dict[str, Any]] = []
    app.client.get(uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


def history(qtbot: Any, app: Any, uuid: str) -> list[Any]:
    got: list[list[Any]] = []
    app.client.history(uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


def start(qtbot: Any, make_app: Any) -> tuple[Any, Any, Any]:
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor)
    fill(qtbot, go_to(qtbot, editor, 0), {"household_type": "ordinary",
                                          "survey_method": "visit"})
    head = go_to(qtbot, editor, 1)
    fill(qtbot, head, {"name": "张三", "id_number": HEAD_ID, **FARMER})
    assert not [f for f in editor.findings_list if f.severity == "error"], editor.findings_list
    return app, editor, head


def save(qtbot: Any, editor: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)


def test_a_wrong_check_digit_keeps_the_age_dependent_answers(qtbot, make_app) -> None:
    app, editor, head = start(qtbot, make_app)
    type_field(qtbot, head, "id_number", WRONG_HEAD_ID)
    assert any(f.code == "id_checksum" for f in editor.findings_list)
    assert head.editors["age"].input.text() == ""
    # the questions stay in view with their answers, marked as not decided yet
    for name in AGE_DEPENDENT:
        assert head.is_visible_field(name), name
    message = head.editors["employment_status"].message
    assert message.isVisible() and message.text()
    assert not any(f.code == "not_relevant" for f in editor.findings_list)

    save(qtbot, editor, editor.draft_button)
    saved = stored(qtbot, app, editor.uuid)["members"][0]["fields"]
    assert saved["id_number"] == WRONG_HEAD_ID
    for name in AGE_DEPENDENT:
        assert name in saved, name

    # fixing the ID number decides: nothing to remove, saved as complete with every answer
    type_field(qtbot, head, "id_number", HEAD_ID)
    assert not message.isVisible()
    save(qtbot, editor, editor.complete_button)
    assert editor.removal_dialog is None
    saved = stored(qtbot, app, editor.uuid)
    assert saved["status"] == "complete"
    assert saved["members"][0]["fields"]["employment_status"] == "farming"


def test_a_draft_keeps_answers_that_no_longer_apply_and_complete_asks(qtbot, make_app) -> None:
    app, editor, head = start(qtbot, make_app)
    fill(qtbot, head, {"labor_capacity": "lost"})   # no working capacity: not asked about work
    assert not head.is_visible_field("employment_status")
    assert any(f.code == "not_relevant" and f.field == "employment_status"
               for f in editor.findings_list)
    save(qtbot, editor, editor.draft_button)
    uuid = editor.uuid
    saved = stored(qtbot, app, uuid)["members"][0]["fields"]
    assert saved["employment_status"] == "farming" and saved["monthly_income"] == 1500

    # complete: the answers are listed (person, question, value) and Cancel changes nothing
    type_field(qtbot, go_to(qtbot, editor, 0), "address", "甲村一组")
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.removal_dialog is not None and
                    editor.removal_dialog.isVisible())
    dialog = editor.removal_dialog
    lines = dialog.lines()
    label = head.editors["employment_status"].question.label.get(editor.lang)
    farming = editor.form.choice_label("employment_status", "farming", editor.lang,
                                       member=True)
    assert any("张三" in line and label in line and farming in line for line in lines), (
        lines, label, farming, editor.lang)
    assert any("1500" in line for line in lines), lines
    assert lines[0].startswith("第1位 张三 · "), lines       # in Chinese, as typed
    revisions = len(history(qtbot, app, uuid))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.removal_dialog is None)
    assert editor.dirty
    assert len(history(qtbot, app, uuid)) == revisions
    assert stored(qtbot, app, uuid)["status"] == "draft"
    assert editor.state["members"][0]["fields"]["employment_status"] == "farming"

    # asked again and agreed: saved as complete without them; the history keeps them
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.removal_dialog is not None and
                    editor.removal_dialog.isVisible())
    qtbot.mouseClick(editor.removal_dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    saved = stored(qtbot, app, uuid)
    assert saved["status"] == "complete"
    assert "employment_status" not in saved["members"][0]["fields"]
    assert "employment_status" not in editor.state["members"][0]["fields"]
    entries = history(qtbot, app, uuid)
    assert len(entries) == revisions + 1
    removed = {c.field: c.old for c in entries[-1].changes if c.new is None}
    assert removed["employment_status"] == "farming"
