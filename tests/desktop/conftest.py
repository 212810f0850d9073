"""Fixtures for the GUI tests: the app controller on a fresh encrypted workspace, offscreen.

The controller gets everything injected: a settings file in the test's folder, an error
presenter that records instead of blocking, short idle and autosave times when a test needs
them, and no global crash hook (pytest-qt watches exceptions itself).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWidget

from tests.conftest import PASSPHRASE, USER

__all__ = ["PASSPHRASE", "USER", "RecordingPresenter", "unlock", "type_field", "type_into",
           "choose", "ime_commit"]


class RecordingPresenter:
    """Stands in for ErrorPresenter: keeps the errors, shows no modal dialog."""

    def __init__(self) -> None:
        self.shown: list[BaseException] = []

    def __call__(self, exc: BaseException, *, crash: bool = False) -> None:
        self.shown.append(exc)


@pytest.fixture
def make_app(qtbot: Any, home: Path, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from mopai.desktop.shell.app import MopaiApp

    apps: list[Any] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("idle_ms", 0)
        kwargs.setdefault("autosave_ms", 600_000)
        app = MopaiApp(kwargs.pop("home", home), settings_path=tmp_path / "settings.json",
                       presenter=RecordingPresenter(), install_hook=False, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.window.editor.dirty = False       # no "unsaved changes" question on the way out
        app.window.close()
        app.shutdown()
        app.window.deleteLater()


def unlock(qtbot: Any, app: Any, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen and wait for the data to show."""
    page = app.window.unlock_page
    qtbot.waitUntil(page.passphrase.isEnabled)
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.client.is_open and not app.window.locked, timeout=10_000)


def field(page: Any, name: str) -> QWidget:
    return page.editors[name].focus_widget() if name in page.editors else None


def ime_commit(widget: QWidget, text: str) -> None:
    """What a Chinese input method sends when the user picks 张三: a commit string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot: Any, edit: QLineEdit, text: str) -> None:
    """Type like a user: ASCII by key presses, Chinese through the input method."""
    edit.setFocus()
    edit.selectAll()
    if not text:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    elif text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        ime_commit(edit, text)


def type_field(qtbot: Any, page: Any, name: str, text: str) -> None:
    edit = page.editors[name].input
    assert isinstance(edit, QLineEdit), name
    type_into(qtbot, edit, text)


def choose(qtbot: Any, page: Any, name: str, *values: str) -> None:
    """Pick a choice in a select_one (by the keyboard) or tick boxes of a select_multiple."""
    editor = page.editors[name]
    if isinstance(editor.input, QComboBox):
        combo = editor.input
        index = combo.findData(values[0])
        assert index >= 0, (name, values)
        combo.setFocus()
        start = combo.currentIndex()
        key = Qt.Key.Key_Down if index > start else Qt.Key.Key_Up
        for _ in range(abs(index - start)):
            qtbot.keyClick(combo, key)
        assert combo.currentIndex() == index
        return
    for value in values:
        box: QCheckBox = editor.boxes[value]
        # click the box itself: a check box reacts only on its indicator and its text
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
        assert box.isChecked(), (name, value)


@pytest.fixture
def net(tmp_path: Path, _template: Path) -> Any:
    """A fresh copy of the module's `_template` network (tests.sync.conftest.Net): the
    county and village workspaces each test may change."""
    from tests.sync.conftest import Net

    shutil.copytree(_template, tmp_path / "net")
    return Net(tmp_path / "net")


def open_county(qtbot: Any, make_app: Any, home: Path, user: str, **kwargs: Any) -> Any:
    """The app on a county workspace, unlocked."""
    app = make_app(home=home, user=user, **kwargs)
    app.start()
    unlock(qtbot, app)
    return app


def import_in_app(qtbot: Any, app: Any, paths: list[Path]) -> list[Any]:
    """Bundles imported through the import screen; its result lines."""
    dialog = app.window.show_import()
    dialog.start(paths)
    qtbot.waitUntil(lambda: bool(dialog.results), timeout=30_000)
    dialog.close()
    return dialog.results


def app_holding_form(qtbot: Any, make_app: Any, home: Path, workbook: Path) -> Any:
    """The village app at `home`, unlocked, whose store holds the form `workbook` as a return
    bundle leaves it (kept beside the shipped one, the newest current)."""
    import hashlib

    from mopai import forms
    from mopai.sync.formbook import FormRef, keep
    from mopai.sync.workspace import Workspace

    content = workbook.read_bytes()
    form = forms.load_form(workbook)
    ref = FormRef(form.form_id, form.version, hashlib.sha256(content).hexdigest(), content)
    with Workspace(home).unlock(USER, PASSPHRASE) as store, store.engine.begin() as conn:
        keep(conn, ref, store)
    app = make_app(home=home)
    app.start()
    unlock(qtbot, app)
    return app


def editor_on(qtbot: Any, app: Any, uuid: str) -> Any:
    """The editor opened on household `uuid` (from anywhere in the app), ready."""
    app.window.open_household(uuid)
    editor = app.window.editor
    qtbot.waitUntil(lambda: editor.state.get("uuid") == uuid
                    and app.window.current_page() is editor, timeout=10_000)
    return editor


def new_household(qtbot: Any, app: Any) -> Any:
    """The editor on a new household (新建户), ready."""
    window, editor = app.window, app.window.editor
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor and bool(editor.uuid))
    return editor
