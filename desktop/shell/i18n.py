"""Loading the app's translations (``resources/mopai_<lang>.qm``) and Qt's own.

Source strings are English in the code (``self.tr()``); Chinese comes from the compiled
``.qm``, made from the one translation source ``mopai_zh_CN.ts`` by ``make translations``
(tools/translations.py). Qt's ``qtbase_zh_CN.qm`` translates the standard buttons (OK, Cancel,
Yes, No). The resources are the data package ``mopai.resources``: found through
importlib.resources from a checkout and an installed wheel, under the folder in the PyInstaller
build.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_state = {"language": "zh_CN"}
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``mopai.resources`` (translations, style sheet, icon) wherever it was loaded from: the
    source tree's ``resources/``, site-packages, or the PyInstaller bundle (which keeps the
    package data at the same place under its folder: build.spec)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller: what build.spec put under mopai/resources
        return Path(frozen) / "mopai" / "resources"
    return Path(str(files("mopai.resources")))


def current_language() -> str:
    return _state["language"]


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
    if qt.load(f"qtbase_{language}",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return loaded
