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
