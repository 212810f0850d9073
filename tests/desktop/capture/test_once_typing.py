"""once() keeps the answer given, not the first keystroke (issue 19): the editor evaluates
after every keystroke (live relevance and checks), but a text being typed is the answer only
when its typing ends — Enter, the focus leaving, or a save — as ODK Collect commits it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.desktop.conftest import app_holding_form, new_household, type_field
from tests.formrepeats import JOBS, repeats_form

FIRST = [{"type": "calculate", "name": "first_address", "calculation": "once(${address})"}]


def _stored(qtbot: Any, app: Any, editor: Any) -> dict[str, Any]:
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    got: list[Any] = []
    app.client.get(editor.uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


@pytest.fixture
def editing(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> tuple[Any, Any]:
    """The app holding a form with `first_address = once(${address})`, on a new household."""
    app = app_holding_form(qtbot, make_app, village_home, repeats_form(
        tmp_path / "once.xlsx", jobs=JOBS, measures=FIRST))
    return app, new_household(qtbot, app)


def test_once_keeps_the_typed_answer_not_its_first_keystroke(qtbot: Any, editing: Any) -> None:
    app, editor = editing
    page = editor.household_page
    type_field(qtbot, page, "address", "abc")            # still typing: nothing kept yet
    assert editor._evaluated.value("first_address") == "abc"
    assert "first_address" not in editor.state["fields"]
    # a save while the cursor is still in the field (Ctrl+S): the answer is given
    assert _stored(qtbot, app, editor)["fields"]["first_address"] == "abc"
    type_field(qtbot, page, "address", "xyz")
    qtbot.keyClick(page.editors["address"].input, Qt.Key.Key_Return)   # typing ends
    assert editor.state["fields"]["first_address"] == "abc"              # kept once
    assert editor._evaluated.value("address") == "xyz"
    assert _stored(qtbot, app, editor)["fields"]["first_address"] == "abc"


def test_typing_ended_by_enter_gives_the_whole_answer(qtbot: Any, editing: Any) -> None:
    _app, editor = editing
    page = editor.household_page
    type_field(qtbot, page, "address", "road 7")
    qtbot.keyClick(page.editors["address"].input, Qt.Key.Key_Return)
    assert editor.state["fields"]["first_address"] == "road 7"


# -- trigger: fired when the answer is given, not per keystroke (decision 65) ---------------
SEEN = [*FIRST, {"type": "text", "name": "address_seen", "label::zh_CN": "地址（确认）",
                 "label::en": "Address seen", "calculation": "concat(${address}, '!')",
                 "trigger": "${address}"}]


@pytest.fixture
def triggering(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, list[Any]]:
    """The app holding a form whose `address_seen` is triggered by `address`; every value the
    editor's trigger computes for `address`, in order."""
    from mopai.desktop.capture import editor_evaluation

    fired: list[Any] = []
    real = editor_evaluation.triggers.triggered_values

    def counting(form: Any, state: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        updates = real(form, state, name, *args, **kwargs)
        if name == "address":
            fired.append([value for _at, _target, value in updates])
        return updates
    monkeypatch.setattr(editor_evaluation.triggers, "triggered_values", counting)
    app = app_holding_form(qtbot, make_app, village_home, repeats_form(
        tmp_path / "trigger.xlsx", jobs=JOBS, measures=SEEN))
    return app, new_household(qtbot, app), fired


def test_a_trigger_fires_once_when_the_typing_ends(qtbot: Any, triggering: Any) -> None:
    _app, editor, fired = triggering
    page = editor.household_page
    type_field(qtbot, page, "address", "abc")             # three keystrokes: nothing yet
    assert fired == []
    assert "address_seen" not in editor.state["fields"]
    qtbot.keyClick(page.editors["address"].input, Qt.Key.Key_Return)
    assert fired == [["abc!"]]                            # once, of the whole answer
    assert editor.state["fields"]["address_seen"] == "abc!"
    assert page.editors["address_seen"].value() == "abc!"


def test_a_save_while_typing_fires_the_trigger(qtbot: Any, triggering: Any) -> None:
    app, editor, fired = triggering
    type_field(qtbot, editor.household_page, "address", "xy")
    assert _stored(qtbot, app, editor)["fields"]["address_seen"] == "xy!"
    assert fired == [["xy!"]]


def test_enter_gives_the_answer_while_another_window_is_active(qtbot: Any,
                                                               triggering: Any) -> None:
    """Enter on a question with another after it moves to that one; a window that is not
    the active one gets no focus events, so the answer must be given by the Enter itself (it
    stayed "typing": the trigger never fired, once() kept nothing — seen on a loaded machine,
    where the editor's window was not yet active)."""
    from PySide6.QtWidgets import QApplication, QWidget

    _app, editor, fired = triggering
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=5_000)
    page = editor.household_page
    assert page.next_field("address") is not None
    type_field(qtbot, page, "address", "abc")
    qtbot.keyClick(page.editors["address"].input, Qt.Key.Key_Return)
    assert fired == [["abc!"]]
    assert editor.state["fields"]["address_seen"] == "abc!"
