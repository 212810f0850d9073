"""Keyboard entry as fast as paper, and widgets that change only on purpose (issue 15): the
wheel scrolls the page, questions stand in the form's order, choices show and take their
codes, Enter moves on — through the real editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.desktop.capture.test_capture import FARMER, HEAD_ID, fill, go_to
from tests.desktop.conftest import unlock


def open_editor(qtbot: Any, make_app: Any) -> Any:
    app = make_app()
    app.start()
    unlock(qtbot, app)
    app.window.resize(1366, 768)
    app.window.activateWindow()          # focus follows only in the active window
    qtbot.waitUntil(app.window.isActiveWindow, timeout=3000)
    app.window.act_new.trigger()
    editor = app.window.editor
    qtbot.waitUntil(lambda: app.window.current_page() is editor and bool(editor.state))
    return editor


def wheel(widget: Any, down: bool = True) -> None:
    """One notch of the mouse wheel over the middle of ``widget``."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, -120 if down else 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_page_and_leaves_the_answers(qtbot, make_app) -> None:
    editor = open_editor(qtbot, make_app)
    page = go_to(qtbot, editor, 1)
    fill(qtbot, page, {"id_number": HEAD_ID, **FARMER})
    editor.setFocus()                                   # no answer has the focus
    bar = page.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    for name in ("relation", "education", "labor_capacity"):
        combo = page.editors[name].input
        before, top = combo.currentIndex(), bar.value()
        wheel(combo)
        assert combo.currentIndex() == before, name     # the answer stayed
        assert bar.value() > top, name                  # the page scrolled
        assert not combo.hasFocus()
        assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus   # never focused by the wheel
    assert editor.state["members"][0]["fields"]["relation"] == "head"
    assert editor.state["members"][0]["fields"]["education"] == "junior"
    # with the focus (clicked or tabbed into), the wheel does change it, as the user means
    combo = page.editors["education"].input
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    before = combo.currentIndex()
    wheel(combo)
    assert combo.currentIndex() == before + 1


def _y(page: Any, name: str) -> int:
    editor = page.editors[name]
    return editor.mapTo(page.widget(), QPoint(0, 0)).y()


def test_questions_stand_in_the_form_order(qtbot, make_app) -> None:
    editor = open_editor(qtbot, make_app)
    page = go_to(qtbot, editor, 1)
    fill(qtbot, page, {"id_number": HEAD_ID, **FARMER, "employment_status": "migrant"})
    assert page.is_visible_field("policies") and page.is_visible_field("work_region")
    visible = [n for n in page.order if page.is_visible_field(n)]
    # on screen top to bottom in the form's order (once the layout has settled)
    qtbot.waitUntil(lambda: visible == sorted(visible, key=lambda n: _y(page, n)))
    body = page.widget()
    # 享受政策 comes last in the member's questions: below every section, 基本情况 first
    basic = page.sections["member_basic"].mapTo(body, QPoint(0, 0)).y()
    back = page.sections["member_return"].mapTo(body, QPoint(0, 0)).y()
    assert basic < back < _y(page, "policies")
    # 务工情况 is a section inside 就业情况, after 月收入, as in the form
    assert page.sections["job"].parentWidget() is page.sections["member_employment"]
    assert _y(page, "monthly_income") < _y(page, "work_region")


def test_choices_show_their_codes_and_take_them_typed(qtbot, make_app) -> None:
    editor = open_editor(qtbot, make_app)
    household = go_to(qtbot, editor, 0)
    combo = household.editors["household_type"].input
    assert [combo.itemText(i) for i in range(1, combo.count())] == \
        ["1 一般农户", "2 脱贫户", "3 监测户"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_2)
    assert editor.state["fields"]["household_type"] == "poverty_alleviated"
    # Enter moves on to the next question shown (监测对象类别 is for 监测户 only)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: household.editors["help_measures"].focus_widget().hasFocus(),
                    timeout=3000)
    # a select_multiple takes its one-digit codes as ticks
    first = household.editors["help_measures"].focus_widget()
    assert first.text() == "1 产业帮扶"
    qtbot.keyClick(first, Qt.Key.Key_2)
    qtbot.keyClick(first, Qt.Key.Key_5)
    assert editor.state["fields"]["help_measures"] == ["employment", "skills_training"]

    member = go_to(qtbot, editor, 1)
    relation = member.editors["relation"].input
    relation.setFocus()
    qtbot.keyClicks(relation, "11")                 # two digits typed together: code 11
    assert relation.currentText() == "11 之父"
    assert editor.state["members"][0]["fields"]["relation"] == "father"
    industry = member.editors["industry"].input
    industry.setFocus()
    qtbot.keyClick(industry, Qt.Key.Key_C)
    assert industry.currentText().startswith("C ")
    assert industry.currentData() == "C"


def test_the_roster_grid_shows_every_member_and_opens_one(qtbot, make_app) -> None:
    from tests.desktop.capture.test_capture import SPOUSE_ID, WRONG_ID

    editor = open_editor(qtbot, make_app)
    fill(qtbot, go_to(qtbot, editor, 1), {"name": "张三", "id_number": HEAD_ID, **FARMER})
    qtbot.mouseClick(editor.roster.add, Qt.MouseButton.LeftButton)
    fill(qtbot, editor.member_pages[1], {"name": "李四", "id_number": WRONG_ID,
                                         "relation": "spouse", **FARMER})
    qtbot.mouseClick(editor.roster.add, Qt.MouseButton.LeftButton)   # a third, no name yet

    qtbot.mouseClick(editor.roster.grid, Qt.MouseButton.LeftButton)
    grid = editor.grid
    assert editor.pages.currentWidget() is grid
    assert grid.rowCount() == 3
    col = {grid.horizontalHeaderItem(c).text(): c for c in range(grid.columnCount())}
    assert [grid.item(r, col["姓名"]).text() for r in range(3)] == ["张三", "李四", ""]
    assert [grid.item(r, col["与户主关系"]).text() for r in range(2)] == ["户主", "配偶"]
    assert grid.item(0, col["性别"]).text() == "男"
    assert grid.item(0, col["年龄"]).text().isdigit()
    assert grid.item(1, col["就业状态"]).text() == "务农"
    problems = grid.columnCount() - 1
    assert grid.item(0, problems).text() == ""
    assert "校验" in grid.item(1, problems).text() or "证件" in grid.item(1, problems).text()

    # a name typed in the grid is the member's name
    grid.setCurrentCell(2, col["姓名"])
    grid.editItem(grid.item(2, col["姓名"]))
    qtbot.waitUntil(lambda: grid.viewport().focusWidget() is not None)
    field = QApplication.focusWidget()
    field.selectAll()
    from tests.desktop.conftest import ime_commit
    ime_commit(field, "张小明")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.state["members"][2]["fields"].get("name") == "张小明")
    assert editor.roster.list.item(3).text().startswith("3. 张小明")
    assert editor.dirty

    # Enter on the problems of 李四 opens her page at the ID number
    grid.setFocus()
    grid.setCurrentCell(1, problems)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    spouse = editor.member_pages[1]
    assert editor.pages.currentWidget() is spouse
    qtbot.waitUntil(lambda: spouse.editors["id_number"].input.hasFocus(), timeout=3000)
    fill(qtbot, spouse, {"id_number": SPOUSE_ID})
    qtbot.mouseClick(editor.roster.grid, Qt.MouseButton.LeftButton)
    assert grid.item(1, problems).text() == ""
    # a double-click on a cell opens that member at that question
    grid.scrollToItem(grid.item(0, col["就业状态"]))
    rect = grid.visualItemRect(grid.item(0, col["就业状态"]))
    assert grid.viewport().rect().contains(rect.center())
    # (QTest's double-click lacks the first press a real one has)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    head = editor.member_pages[0]
    assert editor.pages.currentWidget() is head
    qtbot.waitUntil(lambda: head.editors["employment_status"].input.hasFocus(), timeout=3000)


def test_an_unnamed_member_reads_in_chinese(qtbot, make_app) -> None:
    editor = open_editor(qtbot, make_app)
    assert editor.roster.list.item(1).text().startswith("1. （未填姓名）")
