"""``${}`` in a choice's label beyond the editor's lists (decision 65): the household list's
户类型 column, the history dialog's answers, the editor's roster and the conflict view's values
show the label filled with that household's answers (formkit.choice_label, the one function
every screen calls), not “${survey_method}” as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from mopai import forms
from mopai.desktop.capture.household_model import Column
from mopai.desktop.review.review_items import ConflictItem, Side, value_text
from tests.desktop.capture.test_capture import FARMER, HEAD_ID, fill, go_to
from tests.desktop.conftest import app_holding_form, new_household
from tests.formfiles import TYPE_LABEL, labels_with_outputs


def _saved(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> tuple[Any, Any, str]:
    workbook = labels_with_outputs(tmp_path / "f.xlsx")
    form = forms.load_form(workbook)
    assert form.fields["household_type"].choices.label("ordinary") == TYPE_LABEL
    app = app_holding_form(qtbot, make_app, village_home, workbook)
    editor = new_household(qtbot, app)
    fill(qtbot, go_to(qtbot, editor, 0), {"household_type": "ordinary",
                                          "survey_method": "visit"})
    fill(qtbot, go_to(qtbot, editor, 1), {"name": "张三", "id_number": HEAD_ID, **FARMER})
    qtbot.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    visit = form.fields["survey_method"].choices.label("visit")
    assert visit and "$" not in visit
    return app, editor, visit


def test_the_list_the_history_and_the_roster_fill_a_choice_labels_outputs(
        qtbot, make_app, village_home: Path, tmp_path: Path) -> None:
    app, editor, visit = _saved(qtbot, make_app, village_home, tmp_path)
    window = app.window
    roster = [editor.roster.list.item(i).text() for i in range(editor.roster.list.count())]
    assert f"1. 张三 (户主（{visit}）)" in roster, roster

    households = window.households
    qtbot.waitUntil(lambda: households.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: households.model.index(0, Column.TYPE).data() != "", timeout=5000)
    assert households.model.index(0, Column.TYPE).data() == f"普通户（{visit}）"

    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.dialogs) and len(window.dialogs[-1].entries) == 1,
                    timeout=5000)
    dialog = window.dialogs[-1]
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=5000)
    top = dialog.tree.topLevelItem(0)
    changes = [top.child(i).text(4) for i in range(top.childCount())]
    assert any(c.endswith(f"— → 普通户（{visit}）") for c in changes), changes
    assert any(c.endswith(f"— → 户主（{visit}）") for c in changes), changes
    assert not any("${" in c for c in changes)


def test_the_conflict_view_fills_a_choice_labels_outputs(
        qtbot, make_app, village_home: Path, tmp_path: Path) -> None:
    app, editor, visit = _saved(qtbot, make_app, village_home, tmp_path)
    record = app.client.call_blocking(lambda s: s.households.get(editor.uuid))
    head = record["members"][0]
    side = Side("head", "r1")
    item = ConflictItem(1, record["uuid"], "", "张三", f"members.{head['uuid']}.fields.relation",
                        "relation", head["uuid"], "张三", None, side, side, "", "", record)
    assert value_text(app.client.form, item, "head", "zh_CN") == f"户主（{visit}）"
    bare = ConflictItem(1, record["uuid"], "", "张三", "fields.household_type",
                        "household_type", None, "", None, side, side, "", "", record)
    assert value_text(app.client.form, bare, "ordinary", "zh_CN") == f"普通户（{visit}）"


def test_the_filter_the_grid_and_the_conflict_box_fill_or_elide_a_choice_labels_outputs(
        qtbot, make_app, village_home: Path, tmp_path: Path) -> None:
    """The roster grid and the conflict view's choice box have one household: its answers
    fill the label; the list's 户类型 filter lists the choices for every household: each
    ``${}`` is “…” (decision 67), never the reference as written."""
    from mopai.desktop.review.conflict_view import ConflictView

    app, editor, visit = _saved(qtbot, make_app, village_home, tmp_path)
    editor.show_grid()
    column = editor.grid.fields.index("relation")
    assert editor.grid.item(0, column).text() == f"户主（{visit}）"

    box = app.window.households.type_box
    shown = [box.itemText(i) for i in range(box.count())]
    assert shown[box.findData("ordinary")] == "普通户（…）"
    assert not any("${" in text for text in shown)

    record = app.client.call_blocking(lambda s: s.households.get(editor.uuid))
    head = record["members"][0]
    side = Side("head", "r1")
    item = ConflictItem(1, record["uuid"], "", "张三", f"members.{head['uuid']}.fields.relation",
                        "relation", head["uuid"], "张三", None, side, side, "", "", record)
    view = ConflictView(app.client)
    qtbot.addWidget(view)
    view._set_value_input(item)
    combo = view.value_combo
    assert combo.itemText(combo.findData("head")) == f"户主（{visit}）"
