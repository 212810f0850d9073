"""A USB scanner reading a household card types its code like a keyboard, fast, then Enter:
real key events through pytest-qt (keyClicks: no time between keys), a fake clock for a
person's slower typing. The code opens the household wherever the focus is and types nothing;
normal typing, capitals included, arrives unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from mopai.desktop.capture.card_scanner import CardScanner, could_become
from mopai.forms.samples import sample_household
from mopai.reports.card import reference
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.desktop.conftest import unlock

UUID = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def form(qtbot: Any) -> Iterator[tuple[QLineEdit, QLineEdit, CardScanner, Clock, list[str]]]:  # noqa: ANN401
    page = QWidget()
    layout = QVBoxLayout(page)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()      # the scanner watches the focus widget of the active window
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=5000)
    clock = Clock()
    scanner = CardScanner(page, clock=clock)
    QApplication.instance().installEventFilter(scanner)
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    yield first, second, scanner, clock, seen
    QApplication.instance().removeEventFilter(scanner)


def typed_slowly(qtbot: Any, edit: QLineEdit, text: str, clock: Clock, gap: float = 0.2) -> None:  # noqa: ANN401
    for ch in text:
        clock.now += gap
        qtbot.keyClick(edit, ch)


def test_a_scanned_code_opens_and_types_nothing(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, _, scanner, _, seen = form
    first.setText("张三")
    returned: list[bool] = []
    first.returnPressed.connect(lambda: returned.append(True))
    qtbot.keyClicks(first, reference(UUID))
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert seen == [UUID]
    assert first.text() == "张三" and not returned and scanner.holding == ""


def test_a_scanner_under_caps_lock_after_the_m(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, _, _, _, seen = form
    qtbot.keyClicks(first, "M" + reference(UUID)[1:].lower())
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert seen == [UUID] and first.text() == ""


def test_typing_by_hand_is_unchanged(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, second, _, clock, seen = form
    # a person typing a card's code by hand is too slow to be a scanner: it is just text
    typed_slowly(qtbot, first, reference(UUID), clock)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert first.text() == reference(UUID) and seen == []
    # fast typing that only starts like a code: every key arrives, in order
    second.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second, timeout=5000)
    qtbot.keyClicks(second, "Mary MOPAI Ma mM")
    assert second.text() == "Mary MOPAI Ma mM"[:-1]      # the last capital M is held …
    qtbot.waitUntil(lambda: second.text() == "Mary MOPAI Ma mM", timeout=2000)  # … briefly
    assert seen == []


def test_enter_before_the_code_is_whole_is_an_enter(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, _, _, _, seen = form
    returned: list[str] = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, reference(UUID)[:20])
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert returned == [reference(UUID)[:20]] and seen == []


def test_a_pause_mid_code_gives_the_keys_back(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, _, _, clock, seen = form
    qtbot.keyClicks(first, "MOPAI1H3F")
    clock.now += 1.0
    qtbot.keyClicks(first, "2B")
    assert first.text() == "MOPAI1H3F2B" and seen == []


def test_shortcuts_are_never_held(qtbot: Any, form: Any) -> None:  # noqa: ANN401
    first, _, scanner, _, _ = form
    qtbot.keyClick(first, "M", Qt.KeyboardModifier.ControlModifier)
    assert scanner.holding == ""


def test_could_become() -> None:
    code = reference(UUID)
    assert all(could_become(code[:n]) for n in range(1, len(code) + 1))
    assert not could_become(code + "0")
    assert not could_become("MOPAX")
    assert not could_become("MOPAI1H3G")


def test_scanning_a_card_in_the_village_app_opens_its_household(qtbot: Any, make_app: Any,  # noqa: ANN401
                                                                home: Any) -> None:  # noqa: ANN401
    from mopai.sync.workspace import Workspace

    store = Workspace(home).unlock(USER, PASSPHRASE)
    try:
        h = sample_household(3, seed=5, today=dt.date.today(), village=VILLAGE)
        h["status"] = "complete"
        store.households.save(h)
    finally:
        store.close()
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    window.show_page(window.households)
    search = window.households.search
    window.activateWindow()
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=5000)
    qtbot.keyClicks(search, reference(h["uuid"]))
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.editor, timeout=10_000)
    assert window.editor.uuid == h["uuid"]
    assert search.text() == ""
    # a card of a household this workspace does not hold says so
    window.show_page(window.households)
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=5000)
    qtbot.keyClicks(search, reference(UUID))
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not in this workspace" in window.statusBar().currentMessage()
                    or "不在本机" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.current_page() is window.households
