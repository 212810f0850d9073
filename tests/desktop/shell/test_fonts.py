"""Nothing clipped at 1366×768 at any offered font size, and a font-size change applies at
once to the widgets already open (issue 15: the unlock title read 刑坪村 for 荆坪村, the demo
passphrase line was cut in half at 14 pt)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QListWidget,
    QWidget,
)

from mopai.desktop.shell.demo import DEMO_PASSPHRASE
from mopai.desktop.shell.settings import FONT_SIZES, Settings
from tests.desktop.conftest import unlock

SCREEN = QSize(1366, 768)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(root: QWidget) -> list[str]:
    """Every visible label, button or section title under ``root`` whose text does not fit
    its widget (cut at the side or at the bottom)."""
    QApplication.processEvents()
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 1:
            continue
        if isinstance(w, QLabel) and w.text() and not w.pixmap().width():
            rect = w.contentsRect()
            margin = 2 * w.margin()
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    out.append(f"{w.objectName() or w.text()!r}: needs {need}px high, "
                               f"has {w.height()}")
                continue
            fm = w.fontMetrics()
            lines = _plain(w.text()).split("\n")
            wide = max(fm.horizontalAdvance(line) for line in lines) + margin
            high = fm.height() * len(lines) + margin
            if wide > rect.width() + 1 or high > rect.height() + 1:
                out.append(f"{w.objectName() or w.text()!r}: needs {wide}x{high}, "
                           f"has {rect.width()}x{rect.height()}")
        elif isinstance(w, QAbstractButton) and w.text():
            hint = w.sizeHint()
            if hint.width() > w.width() + 1 or hint.height() > w.height() + 1:
                out.append(f"button {w.text()!r}: needs {hint.width()}x{hint.height()}, "
                           f"has {w.width()}x{w.height()}")
        elif isinstance(w, QListWidget):
            fm = w.fontMetrics()
            for i in range(w.count()):
                item = w.item(i)
                rect = w.visualItemRect(item)
                width = min(rect.right(), w.viewport().width()) - max(rect.left(), 0) - 4
                lines = max(1, rect.height() // fm.lineSpacing())
                if fm.horizontalAdvance(item.text()) > width * lines:
                    out.append(f"list item {item.text()!r}: needs "
                               f"{fm.horizontalAdvance(item.text())}px, has {width}"
                               f" x {lines} lines")
        elif isinstance(w, QGroupBox) and w.title():
            need = w.fontMetrics().horizontalAdvance(w.title()) + 20
            if need > w.width():
                out.append(f"section {w.title()!r}: needs {need}px, has {w.width()}")
    return out


def show_at(window: QWidget) -> None:
    window.resize(SCREEN)
    window.show()
    QApplication.processEvents()


def unlock_screen(app: Any) -> list[str]:
    window = app.window
    window.unlock_page.setup(title=app.tr("Mopai — {name} ({code})")
                             .replace("{name}", "荆坪村").replace("{code}", "431202104201"),
                             users=["admin", "李会计"], current="admin",
                             demo_passphrase=DEMO_PASSPHRASE)
    show_at(window)
    return clipped(window.unlock_page)


def main_screens(qtbot: Any, app: Any) -> dict[str, list[str]]:
    """What is clipped on each main screen of the village app, an open household included."""
    from mopai.desktop.shell.settings_dialog import SettingsDialog
    from tests.desktop.capture.test_capture import go_to

    window, editor = app.window, app.window.editor
    show_at(window)
    found = {}
    window.show_home()
    found["dashboard"] = clipped(window)
    window.show_page(window.households)
    found["household list"] = clipped(window)
    window.show_page(editor)
    go_to(qtbot, editor, 0)
    found["editor, household"] = clipped(window)
    member = go_to(qtbot, editor, 1)
    for y in range(0, member.verticalScrollBar().maximum() + 1, max(member.height() // 2, 1)):
        member.verticalScrollBar().setValue(y)
        found.setdefault("editor, member", []).extend(
            p for p in clipped(window) if p not in found.get("editor, member", []))
    qtbot.mouseClick(editor.roster.grid, Qt.MouseButton.LeftButton)
    found["editor, all members"] = clipped(window)
    dialog = SettingsDialog(app.settings, window)
    dialog.show()
    found["settings"] = clipped(dialog)
    dialog.close()
    return {k: v for k, v in found.items() if v}


def test_nothing_is_clipped_at_1366x768_at_any_font_size(qtbot, make_app) -> None:
    from tests.desktop.capture.test_capture import FARMER, HEAD_ID, fill, go_to

    app = make_app()
    app.start()
    found = {}
    for size in FONT_SIZES:
        app.apply_settings(Settings(font_size=size))
        if problems := unlock_screen(app):
            found[f"{size} pt unlock"] = problems
    app.show_unlock()                       # the workspace's own title and users again
    unlock(qtbot, app)
    app.window.act_new.trigger()
    editor = app.window.editor
    qtbot.waitUntil(lambda: app.window.current_page() is editor and bool(editor.state))
    fill(qtbot, go_to(qtbot, editor, 1), {"name": "欧阳晓明", "id_number": HEAD_ID, **FARMER,
                                          "employment_status": "migrant"})
    for size in FONT_SIZES:
        app.apply_settings(Settings(font_size=size))
        for screen, problems in main_screens(qtbot, app).items():
            found[f"{size} pt {screen}"] = problems
    assert found == {}


def test_a_font_size_change_applies_at_once_to_open_screens(qtbot, make_app) -> None:
    from tests.desktop.capture.test_capture import go_to

    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    show_at(window)
    window.act_new.trigger()
    editor = window.editor
    qtbot.waitUntil(lambda: window.current_page() is editor and bool(editor.state))
    member = go_to(qtbot, editor, 1)
    for size in (16, 9, 12):
        app.apply_settings(Settings(font_size=size))
        QApplication.processEvents()
        label = member.findChild(QLabel, "") if False else next(
            w for w in member.findChildren(QLabel) if w.isVisible() and w.text())
        samples = {
            "member label": label,
            "member answer": member.editors["name"].input,
            "section": member.sections["member_basic"],
            "roster": editor.roster.list,
            "button": editor.draft_button,
            "household list": window.households.table,
            "unlock field": window.unlock_page.passphrase,
        }
        wrong = {k: w.font().pointSize() for k, w in samples.items()
                 if w.font().pointSize() != size}
        assert wrong == {}, size
        # titles stay larger than the text, in step with it
        assert editor.title.font().pointSize() > size
        assert window.unlock_page.title.font().pointSize() > size
