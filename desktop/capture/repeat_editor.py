"""The editor of a repeat besides the members (decision 59): a household-level list such as
帮扶措施, or a list inside each member such as the jobs of the year, possibly with a list
inside each instance.

A ``RepeatEditor`` is a section of its owner's page (the household's, a member's, or the
page of an instance of the repeat around it): the instances as a numbered list with 添加 /
删除 / 上移 / 下移, and the page of the instance selected, with the editors of the repeats
inside it below. It edits its owner's record in place (``owner["repeats"][name]``, each
instance with its own UUID: sync/record.py), and the household editor evaluates the whole
household after each change and pushes relevance, calculated values and findings back in
(``apply``), as for the household's and the members' pages.

What javarosa sets by itself inside an instance (forms/instance_values.py) goes through its
``host``, the household editor, which holds the whole record: a new instance's defaults,
dynamic ones evaluated in it (``odk-new-repeat``), and the questions a changed answer
triggers, here or elsewhere in the household.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mopai.forms.counts import count_text, wanted
from mopai.forms.instance_values import Steps, new_instance_fields
from mopai.forms.model import Form, Repeat
from mopai.forms.output import fill_text
from mopai.forms.undecided import undecided_in
from mopai.forms.validate import instance_choices
from mopai.sync.record import new_instance

from .form_page import FormPage
from .formkit import held

Findings = dict[str, tuple[str, str]]     # instance path/question -> (message, severity)
OVER_COUNT = QColor("#b00020")             # an instance beyond its repeat_count


def count_tooltip(source: str) -> str:
    """Why the add button is off while a ``repeat_count`` applies (decision 67)."""
    return QCoreApplication.translate(
        "RepeatEditor", "The number of entries is set by repeat_count ({count}): they are "
        "added by themselves; change that answer to have more.").replace("{count}", source)


def over_label() -> QLabel:
    """The line naming the instances beyond a ``repeat_count`` (hidden until there are)."""
    label = QLabel()
    label.setObjectName("overCount")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {OVER_COUNT.name()};")
    label.hide()
    return label


def over_count(want: int, have: int, source: str, *, members: bool = False) -> str:
    """The instances beyond a ``repeat_count``, named by number: never removed by
    themselves (decision 67), the cadre checks them and removes those not needed."""
    numbers = ", ".join(str(n) for n in range(max(want, 0) + 1, have + 1))
    text = QCoreApplication.translate(
        "RepeatEditor", "Members {numbers} are beyond the {want} asked for (repeat_count: "
        "{count}). Nothing is removed by itself: check them and remove those not needed "
        "(Remove).") if members else QCoreApplication.translate(
        "RepeatEditor", "Entries {numbers} are beyond the {want} asked for (repeat_count: "
        "{count}). Nothing is removed by itself: check them and remove those not needed "
        "(Remove).")
    return text.replace("{numbers}", numbers).replace("{want}", str(want)) \
        .replace("{count}", source)


class Host(Protocol):
    """What the household editor gives its repeat editors."""

    def repeat_context(self) -> tuple[dict[str, Any], Any]:
        """The whole household record (as edited) and the county's settings."""

    def repeat_answered(self, steps: Steps, name: str) -> None:
        """Question ``name`` of the instance at ``steps`` was answered: set what it
        triggers."""


def path_steps(path: str) -> Steps:
    """``members[2]/jobs[1]`` as steps from the household: ``(("members", 1), ("jobs", 0))``."""
    return tuple((name, int(n) - 1) for name, n in re.findall(r"([^/\[\]]+)\[(\d+)\]", path))


class RepeatEditor(QGroupBox):
    changed = Signal()      # an answer, or the list of instances, changed in the record

    def __init__(self, form: Form, repeat: Repeat, lang: str,
                 parent: QWidget | None = None, host: Host | None = None) -> None:
        super().__init__(repeat.label.get(lang) or repeat.name, parent)
        self.setObjectName(f"repeat_{repeat.name}")
        self.form, self.repeat, self.lang = form, repeat, lang
        self.owner: dict[str, Any] = {}
        self.prefix = repeat.name             # the path of its instances: members[2]/jobs
        self.editable = True
        self.host = host
        self._setting = False                  # values set here, not answered
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("instances")
        self.list.setMaximumHeight(110)
        self.list.currentRowChanged.connect(self._select)
        top.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add = QPushButton(self.tr("Add"))
        self.add.setObjectName("addInstance")
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setObjectName("removeInstance")
        self.up = QPushButton(self.tr("Move up"))
        self.up.setObjectName("instanceUp")
        self.down = QPushButton(self.tr("Move down"))
        self.down.setObjectName("instanceDown")
        self.add.clicked.connect(self.add_instance)
        self.remove.clicked.connect(lambda: self.remove_instance(self.list.currentRow()))
        self.up.clicked.connect(lambda: self.move_instance(self.list.currentRow(), -1))
        self.down.clicked.connect(lambda: self.move_instance(self.list.currentRow(), 1))
        for b in (self.add, self.remove, self.up, self.down):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout.addLayout(top)
        # the instances beyond the repeat_count, named (never removed by themselves)
        self.over = over_label()
        layout.addWidget(self.over)
        self.want: int | None = None          # the repeat_count, while it is known
        # the page of the instance selected, and the repeats inside it (their own editors)
        self.page = FormPage(list(repeat.children), lang)
        self.page.setMinimumHeight(160)
        self.page.changed.connect(self._answered)
        layout.addWidget(self.page)
        self.inner: list[RepeatEditor] = attach(self.page, form, repeat.repeats(), lang,
                                                self.changed.emit, host)
        self._evaluated: tuple[Any, Any, list[Any]] | None = None
        # notes beside an instance's questions, by the instance's path (members[2]/jobs[1]):
        # the reviewer's comment on them (the household editor sets them, editor_notices.py)
        self.notes: dict[str, dict[str, tuple[str, str]]] = {}
        self._show_current()

    # -- the record ----------------------------------------------------------------------
    @property
    def instances(self) -> list[dict[str, Any]]:
        return self.owner.setdefault("repeats", {}).setdefault(self.repeat.name, []) \
            if self.owner else []

    def bind(self, owner: dict[str, Any], prefix: str) -> None:
        """Show the instances of ``owner`` (the household's, a member's or an instance's
        record); ``prefix`` is the owner's path (``""``, ``members[2]``…)."""
        self.owner = owner
        self.prefix = f"{prefix}/{self.repeat.name}" if prefix else self.repeat.name
        self._refresh(min(max(self.list.currentRow(), 0), len(self.instances) - 1))

    def _refresh(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i, instance in enumerate(self.instances):
            self.list.addItem(self._title(i, instance))
            self._mark(i)
        self.list.setCurrentRow(select if 0 <= select < len(self.instances) else -1)
        self.list.blockSignals(False)
        self._show_current()

    def _title(self, index: int, instance: dict[str, Any]) -> str:
        """"1. 广州 · 4000": the number and the first answers, as a cadre finds it again."""
        shown = [str(v) for v in list((instance.get("fields") or {}).values())[:2]
                 if v not in (None, "") and not isinstance(v, list | dict)]
        return f"{index + 1}. " + " · ".join(shown)

    def _mark(self, index: int) -> None:
        """Instance ``index`` in red while it is beyond the repeat_count."""
        item = self.list.item(index)
        if item is not None:
            over = self.want is not None and index >= self.want
            item.setForeground(QBrush(OVER_COUNT) if over else QBrush())

    def _show_count(self, want: int | None) -> None:
        """The repeat_count as evaluated: no adding by hand while it applies, the instances
        beyond it marked and named."""
        self.want = want
        source = count_text(self.form, self.repeat, self.lang)
        self.add.setEnabled(self.editable and want is None)
        self.add.setToolTip("" if want is None else count_tooltip(source))
        have = len(self.instances)
        over = want is not None and have > want
        self.over.setText(over_count(want, have, source) if over else "")
        self.over.setVisible(over)
        for i in range(self.list.count()):
            self._mark(i)

    def _show_current(self) -> None:
        row = self.list.currentRow()
        has = 0 <= row < len(self.instances)
        self.page.setVisible(has)
        for editor in self.inner:
            editor.setVisible(has)
        if has:
            instance = self.instances[row]
            self._setting = True
            try:
                self.page.load(instance.get("fields") or {})
            finally:
                self._setting = False
            for editor in self.inner:
                editor.bind(instance, f"{self.prefix}[{row + 1}]")
        self.remove.setEnabled(self.editable and has)
        self.up.setEnabled(self.editable and row > 0)
        self.down.setEnabled(self.editable and has and row < len(self.instances) - 1)
        if self._evaluated is not None:
            self.apply(*self._evaluated)

    def _select(self, _row: int) -> None:
        self._show_current()

    def _answered(self, name: str) -> None:
        row = self.list.currentRow()
        if self._setting or not 0 <= row < len(self.instances):
            return
        fields = self.instances[row].setdefault("fields", {})
        self.page.collect(fields)
        field = self.page.editors.get(name)
        if self.host is not None and not getattr(field, "typing", False):
            # what it triggers (setvalue), when the answer is given: not per keystroke
            self.host.repeat_answered(self.steps(row), name)
        item = self.list.item(row)
        if item is not None:
            item.setText(self._title(row, self.instances[row]))
        self.changed.emit()

    def steps(self, row: int) -> Steps:
        """The steps from the household to instance ``row`` of this list."""
        return (*path_steps(self.prefix), (self.repeat.name, row))

    def show_value(self, steps: Steps, name: str, value: Any) -> None:
        """Show a value set in the record (a trigger) if it is the instance shown here or
        inside it."""
        row = self.list.currentRow()
        if 0 <= row < len(self.instances) and steps == self.steps(row):
            if name in self.page.editors:
                self._setting = True
                try:
                    self.page.editors[name].set_value(value)
                finally:
                    self._setting = False
        for editor in self.inner:
            editor.show_value(steps, name, value)

    # -- adding, removing, reordering ----------------------------------------------------
    def add_instance(self) -> None:
        if not self.editable or not self.owner or self.want is not None:
            return           # while a repeat_count applies, the editor adds them itself
        if self.host is not None:     # static defaults, dynamic ones evaluated in it
            household, settings = self.host.repeat_context()
            fields = new_instance_fields(self.form, household, path_steps(self.prefix),
                                         self.repeat.name, settings=settings)
        else:
            fields = {q.name: q.default_value for q in self.repeat.fields().values()
                      if q.default_value is not None}
        self.instances.append(new_instance(fields))
        self._refresh(len(self.instances) - 1)
        self.changed.emit()

    def remove_instance(self, index: int) -> None:
        if not self.editable or not 0 <= index < len(self.instances):
            return
        text = self.tr("Remove entry {n} of {list} and its answers?")
        if self.want is not None and len(self.instances) <= self.want:
            text += "\n" + self.tr("The count (repeat_count) still asks for {want}: a blank "
                                   "entry takes its place. To have fewer, change that answer "
                                   "first.").replace("{want}", str(self.want))
        answer = QMessageBox.question(
            self, self.tr("Remove entry"),
            text.replace("{n}", str(index + 1)).replace("{list}", self.title()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        del self.instances[index]
        self._refresh(min(index, len(self.instances) - 1))
        self.changed.emit()

    def move_instance(self, index: int, step: int) -> None:
        target = index + step
        items = self.instances
        if not self.editable or not (0 <= index < len(items) and 0 <= target < len(items)):
            return
        items[index], items[target] = items[target], items[index]
        self._refresh(target)
        self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for editor in self.page.editors.values():
            editor.setEnabled(editable)
        self.add.setVisible(editable)
        for b in (self.remove, self.up, self.down):
            b.setVisible(editable)
        for editor in self.inner:
            editor.set_editable(editable)
        self._show_current()

    def focus_path(self, path: str) -> bool:
        """Show and focus ``path`` (a finding's field, ``members[1]/jobs[2]/job_wage``) if it
        is one of this repeat's instances or inside one."""
        head = f"{self.prefix}["
        if not path.startswith(head) or "]/" not in path[len(head):]:
            return False
        number, _, rest = path[len(head):].partition("]/")
        if not number.isdigit() or not 1 <= int(number) <= len(self.instances):
            return False
        self.list.setCurrentRow(int(number) - 1)
        if "/" in rest:
            return any(editor.focus_path(path) for editor in self.inner)
        return self.page.focus_field(rest)

    # -- the evaluated household ---------------------------------------------------------
    @staticmethod
    def kept(state: Any, instance: Any, path: str) -> list[str]:
        """The answers of ``instance`` kept because their relevance cannot be decided yet."""
        if state is None or not hasattr(state, "form"):
            return []
        return [n for n in undecided_in(state).in_instance(path) if held(instance.raw, n)]

    def set_notes(self, notes: dict[str, dict[str, tuple[str, str]]]) -> None:
        """Notes beside instances' questions, by instance path, here and in the repeats
        inside."""
        self.notes = notes
        for editor in self.inner:
            editor.set_notes(notes)

    def apply(self, owner: Any, state: Any, findings: list[Any]) -> None:
        """Relevance, calculated values, ``${}`` texts and findings of the instance shown
        (``owner``: the evaluated owner, forms.state.Instance; ``state`` the household's)."""
        self._evaluated = (owner, state, findings)
        if owner is None:
            return
        if self.list.count() != len(self.instances):
            # instances added by the editor (repeat_count, decision 67): list them, which
            # applies again
            self._refresh(max(self.list.currentRow(), 0))
            return
        self.setVisible(owner.relevant.get(self.repeat.name, True))
        self._show_count(wanted(state, self.repeat, owner)
                         if self.repeat.count is not None and hasattr(state, "form") else None)
        row = self.list.currentRow()
        evaluated = owner.repeats.get(self.repeat.name, [])
        if not 0 <= row < len(evaluated):
            return
        instance = evaluated[row]
        kept = self.kept(state, instance, f"{self.prefix}[{row + 1}]")
        relevant = instance.relevant
        if kept:
            # an answer whose relevance cannot be decided yet stays in view, as on the
            # household's and members' pages (forms/undecided.py)
            relevant = dict(relevant)
            fields = self.repeat.fields()
            for name in kept:
                relevant[name] = True
                node = fields[name].parent if name in fields else None
                while node is not None and node is not self.repeat:
                    relevant[node.name] = True
                    node = node.parent
        self.page.apply(relevant, instance.values, {
            q.name: instance_choices(q, instance) for q in self.repeat.fields().values()
            if q.choice_filter is not None})
        self.page.fill(lambda text: fill_text(text, state, None, self.lang, instance=instance))
        here = f"{self.prefix}[{row + 1}]/"
        by_field: Findings = {}
        for f in findings:
            field = getattr(f, "field", None) or ""
            if field.startswith(here) and "/" not in field[len(here):]:
                by_field.setdefault(field[len(here):], (
                    f.message(self.lang), "error" if f.is_error else "warning"))
        for name in kept:
            by_field.setdefault(name, (self.tr(
                "Whether this question applies cannot be decided yet (an answer it depends "
                "on is missing or wrong); the answer is kept."), "warning"))
        for name, note in self.notes.get(here.rstrip("/"), {}).items():
            text, severity = by_field.get(name, ("", note[1]))
            by_field[name] = (f"{text}\n{note[0]}" if text else note[0], severity)
        self.page.show_findings(by_field)
        for editor in self.inner:
            editor.apply(instance, state, findings)


def attach(page: FormPage, form: Form, repeats: list[Repeat], lang: str,
           on_change: Callable[[], None], host: Host | None = None) -> list[RepeatEditor]:
    """An editor for each repeat, below the questions of ``page`` (kept as
    ``page.repeat_editors``); ``on_change`` is called after each change."""
    editors = [RepeatEditor(form, repeat, lang, host=host) for repeat in repeats]
    for editor in editors:
        editor.changed.connect(on_change)
        page.add_section(editor)
    page.repeat_editors = editors
    return editors


def household_repeats(form: Form) -> list[Repeat]:
    """The repeats besides the members at household level, in workbook order."""
    return [r for r in form.repeats.values() if r.chain == (r,)]


def member_repeats(form: Form) -> list[Repeat]:
    """The repeats inside each member, in workbook order."""
    return form.repeat.repeats() if form.repeat is not None else []
