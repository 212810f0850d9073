"""The questionnaire's display language beyond the editor (issue 19): with the app in Chinese
and the questionnaire shown in English (设置 → 问卷语言), the household list's 户类型 column
and filter, the history dialog's questions and answers, and the status bar's form title show
the form's English texts; the app's own words stay Chinese."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from mopai import forms
from mopai.desktop.capture.household_model import Column
from tests.desktop.capture.test_answers_kept import save, start
from tests.desktop.conftest import app_holding_form, choose, new_household, type_field, unlock
from tests.desktop.shell.test_translations import visible_texts


def _english(app: Any) -> None:
    app.apply_settings(dataclasses.replace(app.settings, form_language="en"))


def test_the_list_and_the_history_follow_the_questionnaire_language(qtbot, make_app) -> None:
    app, editor, _head = start(qtbot, make_app)
    save(qtbot, editor, editor.draft_button)
    form = app.client.form
    q = next(q for q in form.household_questions() if q.name == "household_type")
    ordinary = q.choices.choices[0]
    assert ordinary.name == "ordinary"
    english, chinese = ordinary.label.get("en"), ordinary.label.get("zh_CN")
    assert english and chinese and english != chinese

    _english(app)
    window = app.window
    households = window.households
    qtbot.waitUntil(lambda: households.model.rowCount() == 1, timeout=5000)
    shown = households.model.index(0, Column.TYPE).data()
    assert shown == english
    offered = [households.type_box.itemText(i) for i in range(households.type_box.count())]
    assert offered[0] == "全部" and english in offered and chinese not in offered
    assert form.title.get("en") in window.form_label.text()
    assert window.form_label.text().startswith("问卷")                  # the app's own word

    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.dialogs) and len(window.dialogs[-1].entries) == 1,
                    timeout=5000)
    dialog = window.dialogs[-1]
    top = dialog.tree.topLevelItem(0)
    changes = [top.child(i).text(4) for i in range(top.childCount())]
    assert f"{q.label.get('en')}: — → {english}" in changes, changes
    assert not any(q.label.get("zh_CN") in c for c in changes)
    assert top.text(0).startswith("第")          # 第 1 版：保存 — the app's words, in Chinese


def _form_with_choice_name(path: Path) -> Path:
    """The shipped workbook with a calculate naming the household type by jr:choice-name()
    and a note showing it (``${type_name}`` in its label), as a county adds them."""
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    at = next(r for r in range(2, ws.max_row + 1)
              if ws.cell(r, col["name"]).value == "household_type")
    rows = [{"type": "calculate", "name": "type_name",
             "calculation": "jr:choice-name(${household_type}, '${household_type}')"},
            {"type": "note", "name": "type_note", "label::zh_CN": "本户为：${type_name}",
             "label::en": "This household: ${type_name}"}]
    for offset, cells in enumerate(rows, start=1):
        ws.insert_rows(at + offset)
        for key, value in cells.items():
            ws.cell(at + offset, col[key], value)
    wb["settings"]["B2"] = "2026.9"
    wb.save(path)
    return path


def test_choice_name_in_the_editor_follows_the_questionnaire_language(
        qtbot, make_app, village_home: Path, tmp_path: Path) -> None:
    workbook = _form_with_choice_name(tmp_path / "f.xlsx")
    form = forms.load_form(workbook)
    app = app_holding_form(qtbot, make_app, village_home, workbook)
    _english(app)
    window = app.window
    editor = new_household(qtbot, app)
    page = editor.household_page
    choose(qtbot, page, "household_type", "poverty_alleviated")
    label = form.fields["household_type"].choices.label("poverty_alleviated", "en")
    assert editor._evaluated.value("type_name") == label != "脱贫户"
    note = [t for _k, t in visible_texts(window) if t.startswith("This household")]
    assert note == [f"This household: {label}"]


def test_the_forms_own_messages_follow_the_questionnaire_language(qtbot, make_app) -> None:
    """A constraint_message the form gives in the questionnaire language is shown in it,
    under the question and in the findings list (whose own words stay Chinese); a message
    the form does not give (请填写…) stays the app's."""
    app = make_app()
    app.start()
    unlock(qtbot, app)
    _english(app)
    window, editor = app.window, app.window.editor
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor and bool(editor.uuid))
    page = editor.household_page
    q = app.client.form.fields["phone"]
    assert q.constraint_message.en and q.constraint_message.zh
    type_field(qtbot, page, "phone", "12")
    assert page.editors["phone"].message.text() == q.constraint_message.en
    listed = [editor.findings.list.item(i).text() for i in range(editor.findings.list.count())]
    assert any(t.endswith(f"户 · {q.label.get('en')}：{q.constraint_message.en}")
               for t in listed), listed
    assert any("请填写" in t for t in listed), listed          # the app's own message
