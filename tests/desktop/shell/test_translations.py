"""Every visible string of the main window, the editor and the dashboard is translated in
zh_CN; English can be chosen in the settings and applies at once. The one translation source
(desktop/resources/mopai_zh_CN.ts) keeps every placeholder, covers every string of the code,
and the committed .qm is compiled from it (tools/translations.py, `make translations`)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter

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

from mopai.desktop.shell.i18n import resources_dir
from mopai.desktop.shell.settings import Settings
from tests.desktop.conftest import unlock
from tools import translations as tool  # the developer tool, outside the shipped packages

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# names of formats and programs, not English words (the export's format list; the county
# screens' test takes "Excel" out before it looks)
ALLOWED = {"YYYY-MM-DD", "csv（Excel、WPS）", "csv（、WPS）", "sav（SPSS）", "dta（Stata 14 及以上、SPSS）"}


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


PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%(?:\d+|n)")


def placeholders(text: str | None) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text or ""))


def wrong_placeholders(messages) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(context, source, translation) whose placeholders differ: a `{name}` of the source
    missing from the translation (the value would not show), or one the source does not have
    (`.format()` would raise)."""
    return [(ctx, src, tr.text) for ctx, src, tr in messages
            if tr is not None and tr.text and placeholders(src) != placeholders(tr.text)]


def test_every_translation_keeps_the_placeholders_of_its_source(tmp_path) -> None:
    messages = ts_messages()
    assert sum(bool(placeholders(src)) for _c, src, _t in messages) > 50
    assert wrong_placeholders(messages) == []
    # the check finds a lost placeholder, and one the source does not have
    bad = tmp_path / "bad.ts"
    text = (resources_dir() / "mopai_zh_CN.ts").read_text("utf-8")
    bad.write_text(text.replace("<translation>劳动力 {n} 人</translation>",
                                "<translation>劳动力人数</translation>", 1)
                       .replace("<translation>{e} 个错误，{w} 个提醒</translation>",
                                "<translation>{e} 个错误，{x} 个提醒</translation>", 1), "utf-8")
    tree = ET.parse(bad)
    found = wrong_placeholders([(c.findtext("name"), m.findtext("source"), m.find("translation"))
                                for c in tree.iter("context") for m in c.iter("message")])
    assert [src for _c, src, _t in found] == ["{n} in the labour force", "{e} errors, {w} warnings"]


def test_the_code_has_no_string_the_ts_lacks_and_the_qm_is_compiled_from_it(tmp_path) -> None:
    """lupdate over the code into a copy of the .ts adds nothing (every tr() string is there,
    finished), and lrelease of the .ts makes the committed .qm byte for byte."""
    ts, qm = tmp_path / "mopai_zh_CN.ts", tmp_path / "mopai_zh_CN.qm"
    shutil.copy(resources_dir() / "mopai_zh_CN.ts", ts)
    assert tool.update(ts, qm) == []
    assert qm.read_bytes() == (resources_dir() / "mopai_zh_CN.qm").read_bytes()
    assert len(ts_messages()) == sum(1 for _ in ET.parse(ts).iter("message"))


def test_updating_keeps_finished_translations_and_marks_new_strings_unfinished(tmp_path) -> None:
    """A translator's edit survives the update; a string new in the code is added unfinished
    and listed; the .qm carries the edit."""
    ts, qm = tmp_path / "mopai_zh_CN.ts", tmp_path / "mopai_zh_CN.qm"
    tree = ET.parse(resources_dir() / "mopai_zh_CN.ts")
    survey = next(m.find("translation") for c in tree.iter("context")
                  if c.findtext("name") == "Dashboard" for m in c.iter("message")
                  if m.findtext("source") == "Survey")
    assert survey.text == "调查进度"
    survey.text = "调查进展"  # a translator's edit of this one message (others say 调查进度 too)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    new = tmp_path / "new_page.py"
    new.write_text("from PySide6.QtWidgets import QWidget\n\n\nclass NewPage(QWidget):\n"
                   "    def label(self) -> str:\n"
                   "        return self.tr(\"Households moved away: {n}\")\n", "utf-8")
    missing = tool.update(ts, qm, [*tool.sources(), str(new)])
    assert missing == [("NewPage", "Households moved away: {n}")]
    messages = {(c.findtext("name"), m.findtext("source")): m.find("translation")
                for c in ET.parse(ts).iter("context") for m in c.iter("message")}
    assert messages[("Dashboard", "Survey")].text == "调查进展"
    assert messages[("Dashboard", "Survey")].get("type") is None
    assert messages[("NewPage", "Households moved away: {n}")].get("type") == "unfinished"
    assert "调查进展".encode("utf-16-be") in qm.read_bytes()


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


def test_qt_own_dialogs_and_buttons_speak_chinese(qtbot, make_app) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

    make_app()                                 # installs the translators, as the app does
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["保存", "丢弃", "取消"])
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in buttons.buttons()) == ["取消", "确定"]
    dialog = QFileDialog(None, "", "", "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "lookInLabel").text() == "查找范围(&L)："
    assert dialog.findChild(QLabel, "fileTypeLabel").text() == "文件类型(&T)："
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    assert [t for t in texts if ENGLISH.search(t.replace("Excel", ""))] == []


def test_qt_translations_are_found_in_the_frozen_build(tmp_path, monkeypatch) -> None:
    """The PyInstaller folder keeps qtbase_zh_CN.qm under PySide6/Qt/translations (build.spec);
    the app looks there first."""
    import sys

    from PySide6.QtCore import QLibraryInfo, QTranslator

    from mopai.desktop.shell import i18n

    where = tmp_path / "PySide6" / "Qt" / "translations"
    where.mkdir(parents=True)
    shutil.copy(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
                + "/qtbase_zh_CN.qm", where)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    dirs = i18n.qt_translation_dirs()
    assert dirs[0] == where
    assert QTranslator().load("qtbase_zh_CN", str(dirs[0]))
    assert "qtbase_zh_CN.qm" in (tool.ROOT / "build.spec").read_text(encoding="utf-8")


def test_no_tr_inside_an_f_string() -> None:
    """lupdate cannot see a ``self.tr(...)`` inside an f-string: its text stayed English
    ("(no name)" in the member list)."""
    import ast

    root = tool.ROOT / "desktop"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "tr":
                        found.append(f"{path.relative_to(root)}:{call.lineno}")
    assert found == []


def test_idle_lock_off_reads_as_never_lock(qtbot) -> None:
    from mopai.desktop.shell.i18n import install_translators
    from mopai.desktop.shell.settings_dialog import SettingsDialog

    install_translators("zh_CN")
    dialog = SettingsDialog(Settings(idle_lock_minutes=0))
    qtbot.addWidget(dialog)
    assert dialog.idle.text() == "不自动锁定"


def test_the_questionnaire_can_be_shown_in_another_of_its_languages(qtbot, make_app) -> None:
    """The app in Chinese, the questionnaire in English (a setting, offered from the form's
    own languages); the app's words stay Chinese. Back to "same as the app": Chinese labels."""
    from mopai.desktop.shell.i18n import form_language
    from mopai.desktop.shell.settings_dialog import SettingsDialog

    app = make_app()
    app.start()
    unlock(qtbot, app)
    dialog = SettingsDialog(app.settings, app.window,
                            form_languages=app.client.form.language_names())
    qtbot.addWidget(dialog)
    offered = [dialog.form_language.itemData(i) for i in range(dialog.form_language.count())]
    assert offered == ["", "zh", "en"] and dialog.form_language.itemText(0) == "与界面语言相同"
    dialog.form_language.setCurrentIndex(2)
    app.apply_settings(dialog.result_settings(app.settings))
    assert form_language() == "en" and Settings.load(app.settings_path).form_language == "en"
    app.window.act_new.trigger()
    qtbot.waitUntil(lambda: app.window.current_page() is app.window.editor)
    texts = " ".join(t for _k, t in visible_texts(app.window))
    assert "Administrative village" in texts and "行政村" not in texts and "保存草稿" in texts
    app.window.editor.close()
    app.apply_settings(Settings(language="zh_CN"))
    assert form_language() == "zh_CN"
