"""A household's history: every revision with who, when, on which device, and what changed,
and restoring from it.

Field paths (``members.<uuid>.fields.name``) are shown as the question's label and the
member's name, values as choice labels, so a cadre reads “2 李四 · 就业状态: 务农 → 外出务工”.

Below the household's revisions, its 311 service records (``store.services.history``;
docs/decisions.md 49): each record with its revisions — recorded, outcome, placement
confirmed, withdrawn — who and when, newest first. They are their own revisions, not the
household's, so nothing is restored from them here.

Restore (``store.households.restore``; docs/desktop.md, "History and restore"): on a change,
the field, or the whole member, as it was before that change; on a revision, the whole
household as it was at that revision. A restore is a new revision (a draft), never a rewrite;
the list shows it at once. While the editor holds unsaved changes of this household, restoring
is off (they would be overwritten).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import current_language, form_language
from . import formkit

ENTRY = Qt.ItemDataRole.UserRole          # on a revision row: its index in ``entries``
CHANGE = Qt.ItemDataRole.UserRole + 1     # on a change row: (entry index, change index)


class HistoryDialog(QDialog):
    restored = Signal(str)               # uuid of the household a restore changed

    def __init__(self, client: StoreClient, uuid: str, parent: QWidget | None = None, *,
                 blocked: bool = False) -> None:
        super().__init__(parent)
        self.client = client
        self.uuid = uuid
        self.blocked = blocked
        self.setWindowTitle(self.tr("History"))
        self.resize(820, 520)
        self.form = client.form
        self.lang = form_language()     # the questionnaire's texts (labels, choices)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Loading…"))
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setHeaderLabels([self.tr("Revision"), self.tr("When"), self.tr("Who"),
                                   self.tr("Device"), self.tr("Change")])
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 140)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        services = QWidget()
        sl = QVBoxLayout(services)
        sl.setContentsMargins(0, 0, 0, 0)
        self.services_label = QLabel(self.tr("“311” service records"))
        sl.addWidget(self.services_label)
        self.services = QTreeWidget()
        self.services.setObjectName("serviceHistoryTree")
        self.services.setHeaderLabels([self.tr("Service record"), self.tr("When"),
                                       self.tr("Who"), self.tr("Device"), self.tr("Change")])
        self.services.setColumnWidth(0, 220)
        self.services.setColumnWidth(1, 140)
        sl.addWidget(self.services)
        split.addWidget(services)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        actions = QHBoxLayout()
        self.restore_field = QPushButton(self.tr("Restore this answer as before the change"))
        self.restore_field.setObjectName("restoreField")
        self.restore_member = QPushButton(self.tr("Restore this member as before the change"))
        self.restore_member.setObjectName("restoreMember")
        self.restore_household = QPushButton(self.tr("Restore the household to this revision"))
        self.restore_household.setObjectName("restoreHousehold")
        self.restore_field.clicked.connect(lambda: self.restore("field"))
        self.restore_member.clicked.connect(lambda: self.restore("member"))
        self.restore_household.clicked.connect(lambda: self.restore("household"))
        for b in (self.restore_field, self.restore_member, self.restore_household):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.note = QLabel()
        self.note.setObjectName("restoreNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        if blocked:
            self.note.setText(self.tr("Save or discard the unsaved changes of this household in "
                                      "the editor before restoring."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.entries: list[Any] = []
        self.record: dict[str, Any] | None = None   # fills ${} in choice labels
        self._update_buttons()
        client.get(uuid, self._got_record, lambda _exc: None)   # deleted: labels as written
        client.history(uuid, self.show_entries)
        client.service_history(uuid, self.show_services)

    def show_services(self, revisions: list[Any]) -> None:
        """Each service record (newest first) with its revisions under it, newest first."""
        self.services.clear()
        chains: dict[str, list[Any]] = {}
        for r in revisions:   # oldest first
            chains.setdefault(r.service_id, []).append(r)
        by_id = {r.revision_id: r for r in revisions}
        for chain in sorted(chains.values(), key=lambda c: (c[0].date, c[0].saved_at),
                            reverse=True):
            now = max(chain, key=lambda r: (r.saved_at, r.revision_id))
            state = self.tr(" (withdrawn)") if now.deleted else f" · {now.outcome_text}"
            top = QTreeWidgetItem([f"{now.kind_zh} · {now.name} · {now.date}{state}", "", "",
                                   "", self.tr("{n} revisions").replace("{n}",
                                                                         str(len(chain)))])
            for r in reversed(chain):
                top.addChild(QTreeWidgetItem([
                    "", r.saved_at[:19].replace("T", " "), r.saved_by, r.device_id[:8],
                    self.service_change(r, by_id.get(r.parent_id or ""))]))
            self.services.addTopLevelItem(top)
        if self.services.topLevelItemCount():
            self.services.topLevelItem(0).setExpanded(True)
        self.services_label.setText(self.tr("“311” service records: {n}").replace(
            "{n}", str(len(chains))))

    def service_change(self, r: Any, before: Any) -> str:
        """What one revision of a service record did, in words."""
        if before is None:
            text = self.tr("recorded: {kind} on {date}, {outcome}").replace(
                "{kind}", r.kind_zh).replace("{date}", r.date).replace(
                "{outcome}", r.outcome_text)
            return text + (f" · {r.job_id}" if r.job_id else "") + (
                f" · {r.note}" if r.note else "")
        if r.deleted and not before.deleted:
            return self.tr("withdrawn")
        if r.confirmed and r.confirmed != before.confirmed:
            return self.tr("placement confirmed in the household's answers")
        return self.tr("outcome: {old} → {new}").replace("{old}", before.outcome_text).replace(
            "{new}", r.outcome_text)

    def _got_record(self, record: dict[str, Any]) -> None:
        self.record = record
        if self.entries:
            self.show_entries(self.entries)

    def show_entries(self, entries: list[Any]) -> None:
        self.entries = entries
        self.tree.clear()
        names: dict[str, str] = {}
        for entry in entries:
            for change in entry.changes:
                if change.member_uuid and change.field == "name" and change.new:
                    names[change.member_uuid] = str(change.new)
        for index in range(len(entries) - 1, -1, -1):   # newest first
            entry = entries[index]
            kind = {"save": self.tr("saved"), "delete": self.tr("deleted")}.get(entry.kind,
                                                                              entry.kind)
            origin = self.tr(" (imported)") if entry.origin == "import" else ""
            top = QTreeWidgetItem([
                self.tr("Revision {n}: {kind}").replace("{n}", str(entry.rev_no))
                .replace("{kind}", kind) + origin,
                entry.created_at[:19].replace("T", " "), entry.user, entry.device_id[:8],
                self.tr("{n} changes").replace("{n}", str(len(entry.changes)))])
            top.setData(0, ENTRY, index)
            for number, change in enumerate(entry.changes):
                if change.path.endswith(".position") or change.path == "form_version":
                    continue
                row = QTreeWidgetItem(top, ["", "", "", "", self.describe(change, names)])
                row.setData(0, CHANGE, (index, number))
            self.tree.addTopLevelItem(top)
        if self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)
        self.summary.setText(self.tr("{n} revisions").replace("{n}", str(len(entries))))
        self._update_buttons()

    # -- restoring ---------------------------------------------------------------------------
    def selected(self) -> tuple[Any, Any]:
        """``(entry, change)`` of the current row (change None on a revision row)."""
        item = self.tree.currentItem()
        if item is None:
            return None, None
        place = item.data(0, CHANGE)
        if place is not None:
            index, number = place
            return self.entries[index], self.entries[index].changes[number]
        index = item.data(0, ENTRY)
        return (self.entries[index], None) if index is not None else (None, None)

    def _update_buttons(self) -> None:
        entry, change = self.selected()
        on = not self.blocked and entry is not None
        before = on and change is not None and entry.parent_id is not None
        self.restore_field.setEnabled(before and change.path != "status")
        self.restore_member.setEnabled(before and change.member_uuid is not None)
        self.restore_household.setEnabled(on and change is None and entry.kind == "save"
                                          and entry is not self.entries[-1])

    def restore(self, scope: str) -> None:
        """Restore what the buttons say; the dialog then shows the new revision."""
        entry, change = self.selected()
        if entry is None or self.blocked:
            return
        if scope == "household":
            revision, member, path = entry.revision_id, None, None
        elif change is None or entry.parent_id is None:
            return
        elif scope == "member":
            revision, member, path = entry.parent_id, change.member_uuid, None
        else:
            revision, member, path = entry.parent_id, None, change.path

        def done(_changes: Any) -> None:
            self.note.setText(self.tr("Restored as a new revision (a draft): check it in the "
                                      "editor and save it as complete."))
            self.restored.emit(self.uuid)
            self.client.history(self.uuid, self.show_entries)

        def failed(exc: BaseException) -> None:
            message = getattr(exc, "message", None)
            self.note.setText(message(current_language()) if callable(message) else str(exc))
        self.client.restore(self.uuid, revision, member=member, path=path, done=done,
                            failed=failed)

    def describe(self, change: Any, names: dict[str, str]) -> str:
        field = change.field
        member = change.member_uuid is not None
        q = formkit.question(self.form, field, member=member)
        label = q.label.get(self.lang) if q is not None else (
            self.tr("Status") if change.path == "status" else field)
        who = ""
        if change.member_uuid:
            who = (names.get(change.member_uuid) or self.tr("member")) + " · "
        index = next((i for i, m in enumerate((self.record or {}).get("members") or [])
                      if m.get("uuid") == change.member_uuid), None) if member else None
        old, new = (self.value(field, change.old, member, index),
                    self.value(field, change.new, member, index))
        return f"{who}{label}: {old} → {new}"

    def value(self, field: str, value: Any, member: bool = False,
              index: int | None = None) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return "、".join(self.value(field, v, member, index) for v in value)
        if field == "status":
            return self.tr("complete") if value == "complete" else self.tr("draft")
        # a label's ${} filled with the household's answers as they are now
        return formkit.choice_label(self.form, field, value, self.lang, member=member,
                                    household=self.record, member_index=index)


