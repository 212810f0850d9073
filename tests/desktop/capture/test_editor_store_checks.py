"""The editor's checks that need the rest of the store, and deleting a household."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from mopai.sync.lookup import id_owners
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import type_field, unlock
from tests.helpers import household

SHARED_ID = "11010519491231002X"


def seed(home: Path) -> str:
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save(household("0007", ("张三", SHARED_ID)))
        store.households.save(household("0008", ("李四", "110105198001010013")))
        return store.households.search("0007")[0].uuid


def test_id_owners_leaves_out_the_household_itself(home: Path) -> None:
    uuid = seed(home)
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        assert id_owners(store, [SHARED_ID.lower()]) == {SHARED_ID: ["0007 张三"]}
        assert id_owners(store, [SHARED_ID], exclude=uuid) == {}
        assert id_owners(store, []) == {}


def test_same_id_number_in_another_household_is_a_warning(qtbot: Any, make_app, home) -> None:
    seed(home)
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor)
    editor.roster.list.setCurrentRow(1)
    type_field(qtbot, editor.member_pages[0], "id_number", SHARED_ID)

    def dup() -> list[Any]:
        return [f for f in editor.findings_list if f.code == "dup_id_other_household"]
    qtbot.waitUntil(lambda: bool(dup()))
    [finding] = dup()
    assert finding.severity == "warning" and finding.member_index == 0
    assert "0007 张三" in finding.message_zh
    message = editor.member_pages[0].editors["id_number"].message
    assert message.isVisible() and "0007" in message.text()
    # a warning only: typing another number takes it away
    type_field(qtbot, editor.member_pages[0], "id_number", "110105199001010011")
    qtbot.waitUntil(lambda: not dup())


def test_delete_household_asks_for_a_reason(qtbot: Any, make_app, home) -> None:
    uuid = seed(home)
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    qtbot.waitUntil(lambda: window.households.model.rowCount() == 2)
    window.act_new.trigger()                               # a new record cannot be deleted
    qtbot.waitUntil(lambda: window.current_page() is editor)
    assert not editor.delete_button.isEnabled()
    editor.dirty = False
    editor.close_record()
    window.open_household(uuid)
    qtbot.waitUntil(lambda: editor.uuid == uuid and window.current_page() is editor)
    assert editor.delete_button.isEnabled()

    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.delete_dialog is not None)
    dialog = editor.delete_dialog
    assert not dialog.delete_button.isEnabled()          # no reason yet
    qtbot.keyClicks(dialog.reason, "moved away")
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not editor.state and window.households.model.rowCount() == 1)
    assert window.current_page() is window.households
    assert app.presenter.shown == []
    app.client.close()
    app.worker.run_sync(lambda: None)
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        assert [r.household_no for r in store.households.search("")] == ["0008"]
        [entry] = [h for h in store.households.history(uuid) if h.kind == "delete"]
        assert entry.user == USER


def test_delete_can_be_cancelled(qtbot: Any, make_app, home) -> None:
    uuid = seed(home)
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window, editor = app.window, app.window.editor
    window.open_household(uuid)
    qtbot.waitUntil(lambda: editor.uuid == uuid)
    editor.request_delete()
    qtbot.waitUntil(lambda: editor.delete_dialog is not None)
    editor.delete_dialog.reject()
    qtbot.waitUntil(lambda: editor.delete_dialog is None)
    assert editor.uuid == uuid
    assert window.households.model.rowCount() == 2
