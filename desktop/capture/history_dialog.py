"""A household's history: every revision with who, when, on which device, and what changed.

Field paths (``members.<uuid>.fields.name``) are shown as the question's label and the
member's name, values as choice labels, so a cadre reads “2 李四 · 就业状态: 务农 → 外出务工”.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import current_language
from . import formkit


class HistoryDialog(QDialog):
    def __init__(self, client: StoreClient, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History"))
        self.resize(820, 520)
        self.form = client.form
        self.lang = current_language()
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Loading…"))
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setHeaderLabels([self.tr("Revision"), self.tr("When"), self.tr("Who"),
                                   self.tr("Device"), self.tr("Change")])
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 140)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.entries: list[Any] = []
        client.history(uuid, self.show_entries)

    def show_entries(self, entries: list[Any]) -> None:
        self.entries = entries
        self.tree.clear()
        names: dict[str, str] = {}
        for entry in entries:
            for change in entry.changes:
                if change.member_uuid and change.field == "name" and change.new:
                    names[change.member_uuid] = str(change.new)
        for entry in reversed(entries):   # newest first
            kind = {"save": self.tr("saved"), "delete": self.tr("deleted")}.get(entry.kind,
                                                                              entry.kind)
            origin = self.tr(" (imported)") if entry.origin == "import" else ""
            top = QTreeWidgetItem([
                self.tr("Revision {n}: {kind}").replace("{n}", str(entry.rev_no))
                .replace("{kind}", kind) + origin,
                entry.created_at[:19].replace("T", " "), entry.user, entry.device_id[:8],
                self.tr("{n} changes").replace("{n}", str(len(entry.changes)))])
            for change in entry.changes:
                if change.path.endswith(".position") or change.path == "form_version":
                    continue
                QTreeWidgetItem(top, ["", "", "", "", self.describe(change, names)])
            self.tree.addTopLevelItem(top)
        if self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)
        self.summary.setText(self.tr("{n} revisions").replace("{n}", str(len(entries))))

    def describe(self, change: Any, names: dict[str, str]) -> str:
        field = change.field
        member = change.member_uuid is not None
        q = formkit.question(self.form, field, member=member)
        label = q.label.get(self.lang) if q is not None else (
            self.tr("Status") if change.path == "status" else field)
        who = ""
        if change.member_uuid:
            who = (names.get(change.member_uuid) or self.tr("member")) + " · "
        old, new = self.value(field, change.old, member), self.value(field, change.new, member)
        return f"{who}{label}: {old} → {new}"

    def value(self, field: str, value: Any, member: bool = False) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return "、".join(self.value(field, v, member) for v in value)
        if field == "status":
            return self.tr("complete") if value == "complete" else self.tr("draft")
        return formkit.choice_label(self.form, field, value, self.lang, member=member)


