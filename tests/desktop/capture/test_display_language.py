"""The questionnaire's display language beyond the editor (issue 19): with the app in Chinese
and the questionnaire shown in English (设置 → 问卷语言), the household list's 户类型 column
and filter, the history dialog's questions and answers, and the status bar's form title show
the form's English texts; the app's own words stay Chinese."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt

from mopai.desktop.capture.household_model import Column
from tests.desktop.capture.test_answers_kept import save, start


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
