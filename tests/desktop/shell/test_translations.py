"""Every visible string of the main window, the editor and the dashboard is translated in
zh_CN; English can be chosen in the settings and applies at once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from desktop.shell.i18n import resources_dir
from desktop.shell.settings import Settings
from tests.desktop.conftest import unlock

ENGLISH = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"YYYY-MM-DD"}


def ts_messages() -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(resources_dir() / "mopai_zh_CN.ts")
    return [(ctx.findtext("name"), msg.findtext("source"), msg.find("translation"))
            for ctx in tree.iter("context") for msg in ctx.iter("message")]


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget class, text) of everything readable in the visible UI, chrome included."""
    found = [("window", root.windowTitle())]
    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            found.append((type(w).__name__, w.text()))
        if isinstance(w, QLineEdit):
            found.append(("placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox):
            found.append(("group", w.title()))
        if isinstance(w, QComboBox):
            found += [("combo", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            found += [("header", str(model.headerData(c, w.horizontalHeader().orientation())))
                      for c in range(model.columnCount())]
    for action in root.findChildren(type(root.act_new)):
        found.append(("action", action.text()))
    return [(k, t) for k, t in found if t]


def untranslated(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, t) for k, t in texts
            if t not in ALLOWED and ENGLISH.search(t.replace("Mopai", ""))]


def test_ts_is_complete_and_compiled() -> None:
    messages = ts_messages()
    assert len(messages) > 100
    unfinished = [src for _ctx, src, tr in messages
                  if tr is None or not (tr.text or "").strip() or tr.get("type") == "unfinished"]
    assert unfinished == []
    assert (resources_dir() / "mopai_zh_CN.qm").stat().st_size > 1000


def test_main_screens_have_no_english_left(qtbot, make_app) -> None:
    app = make_app()
    app.start()
    # the translator answers for every message of the .ts
    wrong = [(ctx, src) for ctx, src, _tr in ts_messages()
             if QCoreApplication.translate(ctx, src) == src]
    assert wrong == []
    assert untranslated(visible_texts(app.window)) == []          # unlock screen

    unlock(qtbot, app)
    window = app.window
    window.resize(1366, 768)
    screens = {}
    window.show_page(window.dashboard)
    qtbot.waitUntil(lambda: window.dashboard.status is not None)
    screens["dashboard"] = visible_texts(window)
    window.show_page(window.households)
    screens["list"] = visible_texts(window)
    window.review.queues = None
    window.show_review()
    qtbot.waitUntil(lambda: window.review.queues is not None)
    screens["review"] = visible_texts(window)
    tabs = window.review.tabs
    screens["review tabs"] = [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        screens[f"review tab {i}"] = visible_texts(window)
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is window.editor)
    screens["editor household"] = visible_texts(window)
    window.editor.roster.list.setCurrentRow(1)
    screens["editor member"] = visible_texts(window)
    for name, texts in screens.items():
        assert untranslated(texts) == [], name
    joined = " ".join(t for _k, t in screens["editor member"])
    assert "姓名" in joined and "保存草稿" in joined and "添加成员" in joined


def test_english_can_be_chosen(qtbot, make_app) -> None:
    app = make_app()
    app.start()
    unlock(qtbot, app)
    assert app.window.act_lock.text() == "锁定"
    app.apply_settings(Settings(language="en", font_size=14))
    assert app.window.act_lock.text() == "Lock"
    assert app.window.households.add_button.text() == "New household"
    assert QCoreApplication.instance().font().pointSize() == 14
    assert Settings.load(app.settings_path).language == "en"
    app.apply_settings(Settings(language="zh_CN"))
    assert app.window.act_lock.text() == "锁定"
