"""Townships and villages as a person reads them: the name first, the code second.

Every county and township screen shows a place through `place_text` (``荆坪村（110105001001）``,
or the bare code while the area list has no name for it) or in two columns, name then code.
`NamesBanner` is the one prompt to import the area list, shown above a screen whenever a code
it shows has no name; its button asks the main window to open the import
(`import_requested`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def place_text(names: Mapping[str, str], code: str) -> str:
    """``name（code）``, or the code alone when the list has no name for it."""
    name = names.get(code, "") if code else ""
    return f"{name}（{code}）" if name else code


def place_name(names: Mapping[str, str], code: str) -> str:
    """The name alone, or the code when the list has none (a column shows the code too)."""
    return names.get(code, "") or code


def unnamed(names: Mapping[str, str], codes: Iterable[str]) -> list[str]:
    """The codes among ``codes`` (villages and their townships) with no name in the list."""
    out: set[str] = set()
    for code in codes:
        if not code:
            continue
        for c in (code, code[:9]) if len(code) == 12 else (code,):
            if not names.get(c):
                out.add(c)
    return sorted(out)


class NamesBanner(QWidget):
    """“Some places have no name: import the area list” with a button to do it."""

    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("namesBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel()
        self.text.setObjectName("namesBannerText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.button = QPushButton()
        self.button.setObjectName("importAreas")
        self.button.clicked.connect(self.import_requested)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.missing: list[str] = []
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Import the area list…"))
        self._say()

    def show_for(self, names: Mapping[str, str], codes: Iterable[str]) -> None:
        """Shown while any of ``codes`` has no name in ``names``."""
        self.missing = unnamed(names, codes)
        self._say()
        self.setVisible(bool(self.missing))

    def _say(self) -> None:
        if not self.missing:
            self.text.setText("")
            return
        shown = "、".join(self.missing[:5]) + ("…" if len(self.missing) > 5 else "")
        self.text.setText(self.tr(
            "{n} townships or villages have no name, only a code ({codes}): import the county's "
            "area list (乡镇、村名单) so that every screen shows their names.").replace(
            "{n}", str(len(self.missing))).replace("{codes}", shown))
