"""The history dialog restores a field, a member or the whole household to an earlier
revision: a new revision each time, shown at once in the dialog and the editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.desktop.capture.test_answers_kept import history, save, start, stored
from tests.desktop.capture.test_capture import fill
from tests.desktop.conftest import type_field


def change_row(dialog: Any, top: int, text: str) -> Any:
    item = dialog.tree.topLevelItem(top)
    return next(item.child(i) for i in range(item.childCount()) if text in item.child(i).text(4))


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_restore_a_field_a_member_and_the_household(qtbot, make_app) -> None:
    app, editor, head = start(qtbot, make_app)
    save(qtbot, editor, editor.draft_button)                        # revision 1
    uuid = editor.uuid
    revision_1 = stored(qtbot, app, uuid)
    fill(qtbot, head, {"labor_capacity": "lost"})
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.removal_dialog is not None)
    qtbot.mouseClick(editor.removal_dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)           # revision 2
    assert "employment_status" not in editor.state["members"][0]["fields"]

    window = app.window
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.dialogs) and len(window.dialogs[-1].entries) == 2)
    dialog = window.dialogs[-1]
    label = head.editors["employment_status"].question.label.get(editor.lang)
    income = head.editors["monthly_income"].question.label.get(editor.lang)

    # a field, as before the change that removed it
    dialog.tree.setCurrentItem(change_row(dialog, 0, label))
    assert not dialog.restore_household.isEnabled()
    click(qtbot, dialog.restore_field)
    qtbot.waitUntil(lambda: len(dialog.entries) == 3, timeout=5000)
    qtbot.waitUntil(lambda: editor.state["members"][0]["fields"].get("employment_status")
                    == "farming", timeout=5000)
    assert editor.state["status"] == "draft" and not editor.dirty
    assert "monthly_income" not in editor.state["members"][0]["fields"]

    # the whole member, as before that change: capacity and every answer back, in view
    dialog.tree.setCurrentItem(change_row(dialog, 1, income))
    click(qtbot, dialog.restore_member)
    qtbot.waitUntil(lambda: len(dialog.entries) == 4, timeout=5000)
    qtbot.waitUntil(lambda: editor.state["members"][0]["fields"].get("monthly_income") == 1500,
                    timeout=5000)
    assert editor.state["members"][0]["fields"]["labor_capacity"] == "ordinary"
    assert editor.member_page(0).is_visible_field("monthly_income")

    # the household, to the first revision (address typed later goes)
    type_field(qtbot, editor.household_page, "address", "甲村一组")
    save(qtbot, editor, editor.draft_button)
    dialog.client.history(uuid, dialog.show_entries)
    qtbot.waitUntil(lambda: len(dialog.entries) == 5, timeout=5000)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(4))          # the oldest
    assert not dialog.restore_field.isEnabled()
    click(qtbot, dialog.restore_household)
    qtbot.waitUntil(lambda: len(dialog.entries) == 6, timeout=5000)
    qtbot.waitUntil(lambda: "address" not in editor.state["fields"], timeout=5000)
    last = stored(qtbot, app, uuid)
    assert last["fields"] == revision_1["fields"] and last["members"] == revision_1["members"]
    assert len(history(qtbot, app, uuid)) == 6 and last["status"] == "draft"


def test_no_restore_over_unsaved_changes(qtbot, make_app) -> None:
    app, editor, head = start(qtbot, make_app)
    save(qtbot, editor, editor.draft_button)
    type_field(qtbot, head, "phone", "13800138000")
    assert editor.dirty
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    window = app.window
    qtbot.waitUntil(lambda: bool(window.dialogs) and len(window.dialogs[-1].entries) == 1)
    dialog = window.dialogs[-1]
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0).child(0))
    assert not dialog.restore_field.isEnabled() and not dialog.restore_member.isEnabled()
    assert dialog.note.text()
