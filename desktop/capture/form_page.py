"""One page of the questionnaire (the household, or one member), built from the form model.

Groups become titled sections, questions become rows of a form layout with the editor from
the registry. The page only shows and collects values; relevance, derived values and
findings are computed by ``forms`` for the whole household and pushed in by the editor.
Enter in a field moves to the next visible field (Tab still works as usual).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mopai.forms.model import Group, Question, Repeat

from .field_editors import FieldEditor, create_editor, templated_choices


def _shown(q: Question) -> bool:
    """``calculate`` rows are the form's working (as in ODK, not shown) unless their
    appearance asks for it; derived *questions* (sex, birth date, age) are shown read-only."""
    if q.type.is_metadata:
        return False            # filled in by the editor (start, end…), shown to the county
    return q.type.value != "calculate" or "show" in q.appearance


class FormPage(QScrollArea):
    changed = Signal(str)           # name of the question whose value the user changed

    def __init__(self, items: list[Any], lang: str, parent: QWidget | None = None, *,
                 zone: str = "") -> None:
        """``zone``: the county's time_zone, which time and dateTime answers are typed in."""
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.lang = lang
        self.zone = zone
        self.editors: dict[str, FieldEditor] = {}
        self.order: list[str] = []
        self._rows: dict[str, tuple[QFormLayout, int]] = {}
        self.sections: dict[str, QGroupBox] = {}
        # texts with ${name} in them (ODK's output), re-filled with the answers by fill()
        self._templates: list[tuple[Callable[[str], None], str]] = []
        # the editors of the repeats inside this page's owner (repeat_editor.py)
        self.repeat_editors: list[Any] = []
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._top: QFormLayout | None = None   # the form layout for loose top-level questions
        self._add_items(items, None)
        self._body.addStretch(1)
        self.setWidget(body)

    @staticmethod
    def _configure(layout: QFormLayout) -> None:
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _top_layout(self) -> QFormLayout:
        """The form layout a top-level question goes into: a new one after a section, so that
        a question that follows a group in the form (享受政策 after 返乡情况) is shown below it."""
        if self._top is None:
            self._top = QFormLayout()
            self._configure(self._top)
            self._body.addLayout(self._top)
        return self._top

    def _add_items(self, items: list[Any], layout: QFormLayout | None) -> None:
        """Every item at its place in the form: a group is a titled section where it stands
        (a nested group a section inside its parent's), a question a row of its layout
        (``layout`` None: the page's top level)."""
        for item in items:
            if isinstance(item, Repeat):
                continue
            if isinstance(item, Group):
                box = QGroupBox(item.label.get(self.lang) or "")
                box.setObjectName(f"group_{item.name}")
                if "${" in box.title():
                    self._templates.append((box.setTitle, box.title()))
                inner = QFormLayout(box)
                self._configure(inner)
                self.sections[item.name] = box
                if layout is None:
                    self._body.addWidget(box)
                    self._top = None
                else:
                    layout.addRow(box)
                self._add_items(item.children, inner)
                continue
            if isinstance(item, Question) and _shown(item):
                self._add_question(item, layout if layout is not None else self._top_layout())

    def _add_question(self, q: Question, layout: QFormLayout) -> None:
        editor = create_editor(q, self.lang)
        if self.zone:
            editor.zone = self.zone
        editor.changed.connect(lambda name=q.name: self.changed.emit(name))
        editor.focus_widget().installEventFilter(self)
        text = q.label.get(self.lang) or q.name
        label = QLabel(("* " if q.required else "") + text)
        label.setBuddy(editor.focus_widget())
        label.setWordWrap(True)
        if "${" in text:
            prefix = "* " if q.required else ""
            self._templates.append((lambda t, lb=label, p=prefix: lb.setText(p + t), text))
            if isinstance(editor.input, QLabel):          # a note shows its label itself
                self._templates.append((editor.input.setText, text))
        hint = q.hint.get(self.lang) if q.hint else ""
        if "${" in hint and isinstance(editor.input, QLineEdit):
            self._templates.append((editor.input.setPlaceholderText, hint))
        for name, template in templated_choices(q, self.lang):   # ${} in a choice's label
            self._templates.append((lambda t, e=editor, n=name: e.set_choice_text(n, t),
                                    template))
        if q.type.value == "note":
            layout.addRow(editor)
        else:
            layout.addRow(label, editor)
        self._rows[q.name] = (layout, layout.rowCount() - 1)
        self.editors[q.name] = editor
        self.order.append(q.name)

    def add_section(self, widget: QWidget) -> None:
        """A section below the questions (a repeat's editor, repeat_editor.py)."""
        self._body.insertWidget(self._body.count() - 1, widget)
        self._top = None

    # -- values ----------------------------------------------------------------------------
    def load(self, fields: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            if editor.holds_answer:
                editor.set_value(fields.get(name))

    def collect(self, fields: dict[str, Any]) -> None:
        """Write the answers into ``fields`` (absent when empty; derived ones untouched)."""
        for name, editor in self.editors.items():
            if not editor.holds_answer:
                continue
            value = editor.value()
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value

    def apply(self, relevant: dict[str, bool], values: dict[str, Any],
              allowed: dict[str, frozenset[str]] | None = None) -> None:
        """Show what is relevant; fill the derived (read-only) editors; offer in each
        select with a ``choice_filter`` the choices ``allowed`` now."""
        for name, names in (allowed or {}).items():
            editor = self.editors.get(name)
            if editor is not None:
                editor.set_allowed(names)
        for name, (layout, row) in self._rows.items():
            layout.setRowVisible(row, relevant.get(name, True))
            editor = self.editors[name]
            if not editor.holds_answer:
                editor.set_value(values.get(name))
        for name, box in self.sections.items():
            box.setVisible(relevant.get(name, True))

    def fill(self, render: Callable[[str], str]) -> None:
        """Labels, notes and hints with ``${name}`` show the current answers
        (``render``: forms.output.fill_text for this page's household or member)."""
        for setter, template in self._templates:
            setter(render(template))

    def is_visible_field(self, name: str) -> bool:
        """Shown: its row and every section around it (whether or not the page is on screen)."""
        layout, row = self._rows[name]
        return layout.isRowVisible(row) and self.editors[name].isVisibleTo(self.widget())

    def show_findings(self, by_field: dict[str, tuple[str, str]]) -> None:
        for name, editor in self.editors.items():
            text, severity = by_field.get(name, (None, "error"))
            editor.show_error(text, severity)

    # -- navigation ------------------------------------------------------------------------
    def focus_field(self, name: str) -> bool:
        editor = self.editors.get(name)
        if editor is None:
            return False
        self.ensureWidgetVisible(editor)
        editor.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def first_field(self) -> str | None:
        return next((n for n in self.order if self.editors[n].holds_answer
                     and self.is_visible_field(n)), None)

    def next_field(self, name: str) -> str | None:
        names = self.order[self.order.index(name) + 1:]
        return next((n for n in names if self.editors[n].holds_answer
                     and self.is_visible_field(n)), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return,
                                                                    Qt.Key.Key_Enter):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            name = next((n for n, e in self.editors.items() if e.focus_widget() is watched),
                        None)
            if name is not None:
                following = self.next_field(name)
                if following is not None:
                    # Enter gives the answer here, not through the focus leaving: a window
                    # not active (yet) gets no focus events, and its answer stayed "typing"
                    self.editors[name].finish_typing()
                    self.focus_field(following)
                    return True
        return False
