"""Loading the app's translations (``resources/mopai_<lang>.qm``) and Qt's own.

Source strings are English in the code (``self.tr()``); Chinese comes from the compiled
``.qm``, made from the one translation source ``mopai_zh_CN.ts`` by ``make translations``
(tools/translations.py). Qt's ``qtbase_zh_CN.qm`` translates Qt's own dialogs and standard
buttons (OK, Cancel, Yes, No, the file dialog): it is found where the PySide6 wheel ships it
(``QLibraryInfo`` TranslationsPath, ``PySide6/Qt/translations``), under the PyInstaller folder
(build.spec names it), and the few labels it leaves in English (``qt_gaps``) are in our .ts
under Qt's own context, so that our translator answers for them. The resources are the data package ``mopai.resources``: found through
importlib.resources from a checkout and an installed wheel, under the folder in the PyInstaller
build.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_state = {"language": "zh_CN", "form_language": ""}
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``mopai.resources`` (translations, style sheet, icon) wherever it was loaded from: the
    source tree's ``resources/``, site-packages, or the PyInstaller bundle (which keeps the
    package data at the same place under its folder: build.spec)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller: what build.spec put under mopai/resources
        return Path(frozen) / "mopai" / "resources"
    return Path(str(files("mopai.resources")))


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own ``qtbase_<lang>.qm`` may be, most likely first: the frozen build's
    folder, what QLibraryInfo says, and the PySide6 package's ``Qt/translations``."""
    import PySide6

    frozen = getattr(sys, "_MEIPASS", None)
    dirs = [Path(frozen) / "PySide6" / "Qt" / "translations"] if frozen else []
    dirs.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    dirs.append(Path(PySide6.__file__).parent / "Qt" / "translations")
    return list(dict.fromkeys(dirs))


def qt_gaps() -> tuple[str, ...]:
    """Labels of Qt's non-native file dialog that ``qtbase_zh_CN.qm`` leaves untranslated; named
    here (never called for its result) so that lupdate puts them in our .ts under QFileDialog."""
    return (QCoreApplication.translate("QFileDialog", "&Look in:"),
            QCoreApplication.translate("QFileDialog", "Files of &type:"))


def current_language() -> str:
    return _state["language"]


def form_language() -> str:
    """The language the questionnaire's own texts are shown in (labels, hints, choices): the
    one chosen in the settings, else the app's. A text missing in it falls back to the
    form's default language, then to any language it has (forms.Text.get)."""
    return _state["form_language"] or _state["language"]


def set_form_language(language: str) -> None:
    _state["form_language"] = language


def install_translators(language: str) -> bool:
    """Replace the installed translators; True if the app's own .qm was found and loaded."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _state["language"] = language
    QLocale.setDefault(QLocale("zh_CN")
                       if language.startswith("zh") else QLocale("en_US"))
    if language == "en":
        return True  # source strings are English
    ours = QTranslator(app)
    loaded = ours.load(f"mopai_{language}", str(resources_dir()))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    # installed last, asked first: where Qt has no translation, ours (qt_gaps) answers
    if any(qt.load(f"qtbase_{language}", str(d)) for d in qt_translation_dirs()):
        app.installTranslator(qt)
        _installed.append(qt)
    return loaded
