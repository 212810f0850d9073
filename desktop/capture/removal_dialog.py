"""Before a save as complete removes answers: which ones, and the cadre's yes or no.

Saving as complete removes the answers to questions that no longer apply (a member who turned
out to be a child has no employment status). Nothing is removed without asking: this dialog
lists each answer (person, question, value, as the cadre typed it) and either saves with them
removed, or goes back and changes nothing. A removed value stays in the revision history,
which can restore it (docs/desktop.md, "History and restore").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from . import formkit


def describe(form: formkit.Form, removed: Any, names: list[str], lang: str, *,
             household: str, member: str) -> str:
    """“第2位 李四 · 就业状态：外出务工” for one ``forms.RemovedAnswer``."""
    is_member = removed.member_index is not None
    if is_member:
        name = names[removed.member_index] if removed.member_index < len(names) else ""
        who = member.replace("{n}", str(removed.member_index + 1)).replace("{name}", name).strip()
    else:
        who = household
    q = formkit.question(form, removed.field, member=is_member)
    label = formkit.label(q, lang) if q is not None else removed.field
    value = removed.value
    if isinstance(value, list):
        text = "、".join(formkit.choice_label(form, removed.field, v, lang, member=is_member)
                        for v in value)
    else:
        text = formkit.choice_label(form, removed.field, value, lang, member=is_member)
    return f"{who} · {label}：{text}"


class RemoveAnswersDialog(QDialog):
    """Accepted: remove the listed answers and save as complete; rejected: change nothing."""

    def __init__(self, form: formkit.Form, removed: list[Any], names: list[str], lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Answers that no longer apply"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "These {n} answers belong to questions that no longer apply to this household. "
            "Saving as complete removes them; they stay in the history, from which they can be "
            "restored.").replace("{n}", str(len(removed))))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("removedAnswers")
        for item in removed:
            self.list.addItem(describe(form, item, names, lang, household=self.tr("Household"),
                                       member=self.tr("Member {n} {name}")))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.remove_button = QPushButton(self.tr("Remove them and save as complete"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setDefault(True)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.remove_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
