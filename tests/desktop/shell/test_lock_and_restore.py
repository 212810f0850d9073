"""Idle lock hides the data and drops the store; unlocking restores the same screen.
A crash with an open draft is followed by the restore prompt and the draft's content."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mopai.desktop.capture.drafts import DraftBox
from tests.desktop.conftest import PASSPHRASE, type_field, type_into, unlock
from tests.helpers import household


def _visible_texts(widget) -> str:  # noqa: ANN001
    """Everything a user could read in the window right now (visible widgets only)."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

    texts = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QLineEdit):
        if child.isVisible():
            texts.append(child.text())
    for view in widget.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None:
            model = view.model()
            for r in range(model.rowCount()):
                texts.append(str(model.index(r, 0).data()))
    return "\n".join(texts)


def test_idle_lock_hides_data_and_unlock_restores_the_screen(qtbot, make_app, store) -> None:
    store.households.save(household("0007", ("赵六", "11010519491231002X")))
    store.close()
    app = make_app(idle_ms=0)       # off while the screen is set up: a loaded machine can
    app.start()                      # take longer than the timeout between two steps
    unlock(qtbot, app)
    window = app.window
    window.show_page(window.households)
    qtbot.waitUntil(lambda: window.households.proxy.rowCount() == 1)
    window.open_household(window.households.model.uuid_at(0))
    qtbot.waitUntil(lambda: window.current_page() is window.editor)
    page = window.editor.member_pages[0]
    window.editor.roster.list.setCurrentRow(1)
    type_field(qtbot, page, "phone", "139")        # unsaved work in the editor
    assert "赵六" in _visible_texts(window)
    assert not window.locked

    app.idle.set_timeout(300)                                # the setting, as the settings page sets it
    qtbot.waitUntil(lambda: window.locked, timeout=3000)   # no input for 300 ms
    assert not app.client.is_open                            # the store (and key) is closed
    assert "赵六" not in _visible_texts(window)
    assert "0007" not in _visible_texts(window)
    assert window.households.model.rowCount() == 0
    assert not window.toolbar.isVisible()

    page_unlock = window.unlock_page
    type_into(qtbot, page_unlock.passphrase, "wrong-pass-1")
    qtbot.keyClick(page_unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(page_unlock.error.isVisible, timeout=5000)
    assert window.locked and not app.client.is_open
    assert page_unlock.error.text()

    unlock(qtbot, app, PASSPHRASE)
    assert window.current_page() is window.editor           # the same screen
    assert window.editor.pages.currentWidget() is page
    assert page.editors["phone"].input.text() == "139"       # with the unsaved work
    assert window.editor.dirty
    assert app.restore_prompt is None                        # a lock is not a crash


def test_manual_lock(qtbot, make_app) -> None:
    app = make_app()
    app.start()
    unlock(qtbot, app)
    app.window.act_lock.trigger()
    assert app.window.locked and not app.client.is_open


def test_crash_with_open_draft_offers_restore(qtbot, make_app, home) -> None:
    first = make_app(autosave_ms=200)
    first.start()
    unlock(qtbot, first)
    first.window.act_new.trigger()
    editor = first.window.editor
    qtbot.waitUntil(lambda: first.window.current_page() is editor)
    editor.roster.list.setCurrentRow(1)
    type_field(qtbot, editor.member_pages[0], "name", "钱七")
    type_field(qtbot, editor.member_pages[0], "phone", "13912345678")
    uuid = editor.uuid

    def autosaved() -> bool:
        drafts = first.worker.run_sync(lambda: DraftBox(first.client._store).list())
        return any(d.uuid == uuid for d in drafts)
    qtbot.waitUntil(autosaved, timeout=5000)
    # the crash: nothing is saved or closed cleanly; the process state is simply gone
    first.worker.run_sync(lambda: first.client._store.close())
    first.client._store = None
    first.window.hide()

    second = make_app()
    second.start()
    unlock(qtbot, second)
    qtbot.waitUntil(lambda: second.restore_prompt is not None, timeout=5000)
    prompt = second.restore_prompt
    assert "钱七" in prompt.summary.text()
    qtbot.mouseClick(prompt.restore, Qt.MouseButton.LeftButton)
    editor = second.window.editor
    qtbot.waitUntil(lambda: second.window.current_page() is editor)
    assert editor.uuid == uuid and editor.dirty
    assert editor.member_pages[0].editors["name"].input.text() == "钱七"
    assert editor.member_pages[0].editors["phone"].input.text() == "13912345678"

    # saving the restored record removes the draft: no prompt next time
    type_field(qtbot, editor.household_page, "household_no", "9")
    qtbot.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    left = second.worker.run_sync(lambda: DraftBox(second.client._store).list())
    assert left == []
