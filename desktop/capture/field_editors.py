"""One editor class per question type, all with one small interface (calibre's custom-column
widgets): ``set_value``, ``value``, ``show_error``, a ``changed`` signal and the widget that
takes the focus. The renderer picks the class from ``EDITORS`` by the question's type, so a
new question in the workbook needs no code here; a new *type* needs one class.

Values are the record's JSON scalars (docs/architecture.md): text as str, integers as int,
decimals as float, dates as ``YYYY-MM-DD``, select_one as the choice name, select_multiple
as a list of names; an empty answer is None. Every text input is a plain ``QLineEdit``, so
Chinese input methods work as everywhere else.

Keyboard entry as fast as paper: a choice shows its code (``1 一般农户``, formkit.choice_codes)
and typing the code picks it (ticks it, in a select_multiple of one-character codes); Enter
moves to the next question (form_page.py). The wheel never changes an answer without the
focus (desktop/widgets/wheel.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import timevalues
from mopai.forms.idnumber import normalize as normalize_id

from ..widgets.wheel import guard_wheel
from .formkit import QType, Question, choice_codes

ERROR_STYLE = {"error": "color: #b00020;", "warning": "color: #a15c00;"}


class FieldEditor(QWidget):
    """Base: an input widget with a message line under it."""

    changed = Signal()
    zone = timevalues.DEFAULT_ZONE     # the county's time_zone (set by the page): clock inputs
    # A text being typed: its keystrokes re-evaluate the household, but the answer is given
    # when the typing ends (Enter, or the focus leaves), as ODK Collect commits it: only then
    # does once() keep what it gives (editor_evaluation.py), not half a word.
    typing = False

    def finish_typing(self) -> None:
        if self.typing:
            self.typing = False
            self.changed.emit()

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.lang = lang
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.input = self.build()
        self.input.setObjectName(f"field_{question.name}")
        guard_wheel(self.input)
        self._layout.addWidget(self.input)
        self._layout.addWidget(self.message)
        self.severity: str | None = None
        self._shown: tuple[str, str | None] = ("", None)

    def build(self) -> QWidget:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self.input

    def show_error(self, text: str | None, severity: str = "error") -> None:
        """Show (or with None, clear) a finding's message under the input. Called for every
        field of every open page after each keystroke: only a change touches the widgets (a
        style sheet set again re-polishes the label, which made a 20-member household slow)."""
        shown = (text or "", severity if text else None)
        if shown == self._shown:
            return
        self._shown = shown
        self.severity = shown[1]
        self.message.setText(shown[0])
        if text:
            self.message.setStyleSheet(ERROR_STYLE.get(severity, ""))
        self.message.setVisible(bool(text))
        self.input.setToolTip(shown[0])

    @property
    def holds_answer(self) -> bool:
        return True

    def set_allowed(self, allowed: frozenset[str] | None) -> None:
        """The choices a ``choice_filter`` leaves now (None: all); selects only."""

    def set_choice_text(self, name: str, text: str) -> None:
        """A choice's label with its ``${}`` filled (FormPage.fill); selects only."""


def templated_choices(q: Question, lang: str) -> list[tuple[str, str]]:
    """``(choice name, label)`` of each choice of ``q`` whose label (in ``lang``) holds a
    ``${name}`` to fill with the answers, as javarosa shows it."""
    if q.choices is None:
        return []
    return [(c.name, text) for c in q.choices.choices
            if "${" in (text := c.label.get(lang))]


EDITORS: dict[QType, type[FieldEditor]] = {}


def register(*types: QType) -> Callable[[type[FieldEditor]], type[FieldEditor]]:
    def add(cls: type[FieldEditor]) -> type[FieldEditor]:
        for t in types:
            EDITORS[t] = cls
        return cls
    return add


class _LineEditor(FieldEditor):
    pattern: str | None = None

    def build(self) -> QWidget:
        edit = QLineEdit()
        if self.pattern:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(self.pattern), edit))
        hint = self.question.hint.get(self.lang) if self.question.hint else ""
        if hint:
            edit.setPlaceholderText(hint)
        edit.textEdited.connect(self._typed)
        edit.editingFinished.connect(self.finish_typing)
        # Enter always gives the answer: Qt 6 emits editingFinished only when the text
        # changed since it last did, which a focus change in between may have used up
        edit.returnPressed.connect(self.finish_typing)
        return edit

    def _typed(self, _text: str) -> None:
        self.typing = True
        self.changed.emit()

    def set_value(self, value: Any) -> None:
        self.input.setText("" if value is None else str(value))

    def text(self) -> str:
        return self.input.text().strip()


def appears(question: Question, word: str) -> bool:
    """Whether ``word`` is one of the words of the question's ``appearance``."""
    return word in (question.appearance or "").lower().split()


@register(QType.TEXT)
class TextEditor(_LineEditor):
    """Text; with the appearance ``numbers`` (ODK's numeric keyboard: a phone number kept as
    text), digits, a sign, a point and spaces only (forms/xlsform.py)."""

    def build(self) -> QWidget:
        if appears(self.question, "numbers"):
            self.pattern = r"[0-9+\-. ]*"
        return super().build()

    def value(self) -> Any:
        return self.text() or None


@register(QType.INTEGER)
class IntegerEditor(_LineEditor):
    pattern = r"-?\d{0,12}"

    def value(self) -> Any:
        text = self.text()
        return int(text) if re.fullmatch(r"-?\d+", text) else None


@register(QType.DECIMAL)
class DecimalEditor(_LineEditor):
    pattern = r"-?\d{0,12}([.]\d{0,6})?"

    def value(self) -> Any:
        text = self.text()
        try:
            return float(text) if text not in ("", "-", ".") else None
        except ValueError:
            return None


@register(QType.DATE)
class DateEditor(_LineEditor):
    """Typed as ``2026-03-05`` (or ``20260305``); a calendar slows fast typists down. With
    the appearance ``year``, a year typed as ``2026``; with ``month-year``, a month typed as
    ``2026-03`` (or ``202603``); each kept as ODK Collect keeps it, its first day
    (``2026-01-01``, ``2026-03-01``; decision 67)."""

    pattern = r"\d{0,4}-?\d{0,2}-?\d{0,2}"

    def build(self) -> QWidget:
        self.year = appears(self.question, "year")
        self.month = appears(self.question, "month-year")
        if self.year:
            self.pattern = r"\d{0,4}"
        edit = super().build()
        if not edit.placeholderText():
            edit.setPlaceholderText("YYYY" if self.year else "YYYY-MM" if self.month
                                    else "YYYY-MM-DD")
        return edit

    def set_value(self, value: Any) -> None:
        if (self.year or self.month) and isinstance(value, str) \
                and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            value = value[:4] if self.year else value[:7]
        super().set_value(value)

    def value(self) -> Any:
        text = self.text()
        if self.year:
            return f"{text}-01-01" if re.fullmatch(r"\d{4}", text) else text or None
        digits = text.replace("-", "")
        if self.month and re.fullmatch(r"\d{6}|\d{8}", digits):
            return f"{digits[:4]}-{digits[4:6]}-01"
        if re.fullmatch(r"\d{8}", digits):
            return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        return text or None


class _ClockEditor(_LineEditor):
    """A time or date-time, typed (``8:05``, ``0805``; ``2026-03-05 8:05``) and kept as ODK
    writes it (``08:05:00.000+08:00``, forms/timevalues.py) in the county's zone. The input
    shows hours and minutes; an answer that is not retyped keeps its seconds as they were."""

    placeholder = ""

    def build(self) -> QWidget:
        edit = super().build()
        if not edit.placeholderText():
            edit.setPlaceholderText(self.placeholder)
        self._loaded: tuple[str, Any] = ("", None)
        return edit

    def shown(self, value: str) -> str:
        raise NotImplementedError

    def normalise(self, text: str) -> str | None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        text = self.shown(value) if isinstance(value, str) else (
            "" if value is None else str(value))
        self._loaded = (text, value)
        self.input.setText(text)

    def value(self) -> Any:
        text = self.text()
        if text == self._loaded[0] and self._loaded[1] is not None:
            return self._loaded[1]            # not retyped: as it was stored
        return (self.normalise(text) or text) if text else None   # a wrong one is flagged


@register(QType.TIME)
class TimeEditor(_ClockEditor):
    pattern = r"\d{0,2}[:：.]?\d{0,2}([:：.]\d{0,2})?"
    placeholder = "HH:MM"

    def shown(self, value: str) -> str:
        clock = timevalues.parse_time(value, self.zone)
        return clock.strftime("%H:%M") if clock is not None and not clock.second else (
            clock.strftime("%H:%M:%S") if clock is not None else value)

    def normalise(self, text: str) -> str | None:
        return timevalues.normalise_time(text, self.zone)


@register(QType.DATETIME)
class DateTimeEditor(_ClockEditor):
    pattern = r"\d{0,4}-?\d{0,2}-?\d{0,2}[ T]?\d{0,2}[:：.]?\d{0,2}([:：.]\d{0,2})?"
    placeholder = "YYYY-MM-DD HH:MM"

    def shown(self, value: str) -> str:
        when = timevalues.parse_datetime(value, self.zone)
        if when is None:
            return value
        return when.strftime("%Y-%m-%d %H:%M" if not when.second else "%Y-%m-%d %H:%M:%S")

    def normalise(self, text: str) -> str | None:
        return timevalues.normalise_datetime(text, self.zone)


@register(QType.ID_NUMBER)
class IdNumberEditor(_LineEditor):
    """Normalised as the interviewer types (full-width digits, spaces, lower-case x)."""

    def build(self) -> QWidget:
        edit = super().build()
        edit.setMaxLength(24)
        return edit

    def value(self) -> Any:
        return normalize_id(self.input.text()) or None


class CodeComboBox(QComboBox):
    """A drop-down whose choices carry codes: typing a code (``3``, ``12``, ``C``) picks the
    choice with that code. Digits typed within the keyboard interval add up (1 then 2 is 12
    when there is a choice 12, else 2); the other keys work as in any combo box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: dict[str, int] = {}            # code (upper case) -> item index
        self._typed = ""
        self._clock = QElapsedTimer()

    def pick_code(self, text: str) -> bool:
        """Select the choice coded ``text`` (after what was typed just before); True if the
        key was a code."""
        key = text.strip().upper()
        if not key or not self.codes:
            return False
        recent = self._clock.isValid() and \
            self._clock.elapsed() < QApplication.keyboardInputInterval()
        self._clock.restart()
        for typed in ([self._typed + key] if recent and self._typed else []) + [key]:
            if typed in self.codes or any(c.startswith(typed) for c in self.codes):
                self._typed = typed
                if typed in self.codes:
                    index = self.codes[typed]
                    if index != self.currentIndex():
                        self.setCurrentIndex(index)
                        self.activated.emit(index)
                return True
        self._typed = ""
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                          | Qt.KeyboardModifier.ShiftModifier)
        if plain and event.text().isalnum() and self.pick_code(event.text()):
            event.accept()
            return
        super().keyPressEvent(event)


def coded(code: str, label: str) -> str:
    return f"{code} {label}"


@register(QType.SELECT_ONE)
class SelectOneEditor(FieldEditor):
    """A drop-down of the choices; with a ``choice_filter`` only those the earlier answers
    leave (cascading: the cities of the province chosen), each keeping its code. A choice
    chosen before an earlier answer changed stays shown, and its finding says so."""

    def build(self) -> QWidget:
        box = CodeComboBox()
        lists = self.question.choices
        self._all = list(zip(choice_codes(lists), lists.choices, strict=True)) if lists else []
        self._allowed: frozenset[str] | None = None
        self._kept: Any = None                 # a chosen value the filter leaves out
        self._texts: dict[str, str] = {}       # labels with their ${} filled
        self._fill(box, None, None)
        box.activated.connect(lambda _i: self.changed.emit())
        return box

    def _fill(self, box: CodeComboBox, allowed: frozenset[str] | None, keep: Any) -> None:
        box.clear()
        box.codes.clear()
        box.addItem("", "")     # never None in Qt item data (PySide refcount bug)
        for code, choice in self._all:
            if allowed is None or choice.name in allowed or choice.name == keep:
                text = self._texts.get(choice.name) or choice.label.get(self.lang)
                box.addItem(coded(code, text), choice.name)
                box.codes[code.upper()] = box.count() - 1

    def set_allowed(self, allowed: frozenset[str] | None) -> None:
        current = self.value()
        kept = current if allowed is not None and current not in allowed else None
        if (allowed, kept) == (self._allowed, self._kept):
            return
        self._allowed, self._kept = allowed, kept
        self.input.blockSignals(True)
        self._fill(self.input, allowed, current)
        self.set_value(current)
        self.input.blockSignals(False)

    def set_choice_text(self, name: str, text: str) -> None:
        self._texts[name] = text
        i = self.input.findData(name)
        code = next((c for c, choice in self._all if choice.name == name), "")
        if i >= 0:
            self.input.setItemText(i, coded(code, text))

    def offered(self) -> list[str]:
        """The choice names the list shows now (for tests and the grid)."""
        return [self.input.itemData(i) for i in range(1, self.input.count())]

    def set_value(self, value: Any) -> None:
        i = self.input.findData(value) if value is not None else 0
        if i < 0 and any(choice.name == value for _c, choice in self._all):
            self._fill(self.input, self._allowed, value)   # left out by the filter: shown
            i = self.input.findData(value)
        if i < 0:  # a name this form does not know: keep it visible
            self.input.addItem(str(value), value)
            i = self.input.count() - 1
        self.input.setCurrentIndex(max(i, 0))

    def value(self) -> Any:
        return self.input.currentData() or None


@register(QType.SELECT_MULTIPLE)
class SelectMultipleEditor(FieldEditor):
    """Check boxes with their codes; where every code is one character, typing it on any of
    the boxes ticks (or unticks) that choice."""

    COLUMNS = 3

    def build(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.by_code: dict[str, QCheckBox] = {}
        lists = self.question.choices
        choices = lists.choices if lists else ()
        codes = choice_codes(lists) if lists else []
        self._codes = dict(zip((c.name for c in choices), codes, strict=True))
        for i, (code, choice) in enumerate(zip(codes, choices, strict=True)):
            check = QCheckBox(coded(code, choice.label.get(self.lang)))
            check.setObjectName(f"choice_{self.question.name}_{choice.name}")
            check.clicked.connect(lambda _c: self.changed.emit())
            check.installEventFilter(self)
            self.boxes[choice.name] = check
            self.by_code[code.upper()] = check
            grid.addWidget(check, i // self.COLUMNS, i % self.COLUMNS)
        if any(len(code) > 1 for code in self.by_code):
            self.by_code = {}
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
            check = self.by_code.get(event.text().strip().upper()) if event.text() else None
            if check is not None and not check.isHidden():
                check.setFocus(Qt.FocusReason.ShortcutFocusReason)
                check.click()                 # toggles and emits clicked -> changed
                return True
        return False

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self.input)

    def set_allowed(self, allowed: frozenset[str] | None) -> None:
        """Hide the choices a ``choice_filter`` leaves out, except ticked ones (flagged)."""
        for name, check in self.boxes.items():
            check.setHidden(allowed is not None and name not in allowed
                            and not check.isChecked())

    def set_choice_text(self, name: str, text: str) -> None:
        if name in self.boxes:
            self.boxes[name].setText(coded(self._codes[name], text))

    def offered(self) -> list[str]:
        return [name for name, check in self.boxes.items() if not check.isHidden()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for name, check in self.boxes.items():
            check.setChecked(name in chosen)

    def value(self) -> Any:
        chosen = [name for name, check in self.boxes.items() if check.isChecked()]
        return chosen or None


@register(QType.NOTE)
class NoteEditor(FieldEditor):
    def build(self) -> QWidget:
        label = QLabel(self.question.label.get(self.lang))
        label.setWordWrap(True)
        return label

    def set_value(self, value: Any) -> None:
        pass

    def value(self) -> Any:
        return None

    @property
    def holds_answer(self) -> bool:
        return False


@register(QType.CALCULATE)
class DerivedEditor(FieldEditor):
    """A computed value (sex, birth date, age…), shown read-only; never stored as an answer."""

    def build(self) -> QWidget:
        edit = QLineEdit()
        edit.setReadOnly(True)
        edit.setFocusPolicy(edit.focusPolicy().NoFocus)
        edit.setStyleSheet("background: palette(window);")
        return edit

    def set_value(self, value: Any) -> None:
        if isinstance(value, tuple | list):
            value = "、".join(str(v) for v in value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        q = self.question
        if q.choices is not None and isinstance(value, str):
            value = q.choices.label(value, self.lang)
        self.input.setText("" if value is None else str(value))

    def value(self) -> Any:
        return None

    @property
    def holds_answer(self) -> bool:
        return False


def create_editor(question: Question, lang: str, parent: QWidget | None = None) -> FieldEditor:
    """The editor for a question: derived ones (a calculation) are always read-only."""
    if question.is_derived or question.read_only:
        return DerivedEditor(question, lang, parent)
    cls = EDITORS.get(question.type, TextEditor)
    return cls(question, lang, parent)
