"""A household's "311" services: the list, adding one, recording an outcome, confirming a
placement (issue 21; sync/services.py, docs/desktop.md "311 services").

Opened from the household list's 311 button on the selected household, or for one member
(`member`: that person preselected and the list narrowed to them). Everything goes through
the store's worker (`StoreClient.services`, `.service_call`); a refused call (an unknown ID
number, a bad date, an outcome without its employer or reason) is shown under the form and
nothing is saved. Confirming a placement saves a household revision (the list refreshes it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import form_language
from ..widgets.error_dialog import error_text
from . import formkit

SERVICE = Qt.ItemDataRole.UserRole
KINDS = ("job_push", "guidance", "training", "startup")
WORKING = ("migrant", "county_job", "workshop", "public_post", "self_employed", "flexible")


class ServicesDialog(QDialog):
    changed = Signal(str)            # the household whose services (or answers) changed

    def __init__(self, client: StoreClient, household: str, parent: QWidget | None = None, *,
                 member: str | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.household = household
        self.member = member
        self.records: list[Any] = []
        self.setWindowTitle(self.tr("311 services"))
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Loading…"))
        self.summary.setObjectName("servicesSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("servicesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Person"), self.tr("Service"), self.tr("Date"), self.tr("Posting"),
            self.tr("Served by"), self.tr("Outcome")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)

        add = QGroupBox(self.tr("Record a service"))
        form = QFormLayout(add)
        self.person = QComboBox()
        self.person.setObjectName("servicePerson")
        self.kind = QComboBox()
        self.kind.setObjectName("serviceKind")
        for name, label in zip(KINDS, (self.tr("Job push"), self.tr("Career guidance"),
                                       self.tr("Training referral"),
                                       self.tr("Start-up support")), strict=True):
            self.kind.addItem(label, name)
        self.kind.currentIndexChanged.connect(self._update_buttons)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("serviceDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.job = QLineEdit()
        self.job.setObjectName("serviceJob")
        self.job.setPlaceholderText(self.tr("The posting's number (job push only)"))
        self.note = QLineEdit()
        self.note.setObjectName("serviceNote")
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("serviceAdd")
        self.add_button.clicked.connect(self.add)
        form.addRow(self.tr("Person"), self.person)
        form.addRow(self.tr("Service"), self.kind)
        form.addRow(self.tr("Date"), self.day)
        form.addRow(self.tr("Posting"), self.job)
        form.addRow(self.tr("Note"), self.note)
        form.addRow("", self.add_button)

        outcome = QGroupBox(self.tr("Outcome of the selected service"))
        of = QFormLayout(outcome)
        self.outcome = QComboBox()
        self.outcome.setObjectName("serviceOutcome")
        for name, label in (("pending", self.tr("Awaiting feedback")),
                            ("placed", self.tr("Placed in work")),
                            ("failed", self.tr("Not successful"))):
            self.outcome.addItem(label, name)
        self.employer = QLineEdit()
        self.employer.setObjectName("serviceEmployer")
        self.placed_on = QDateEdit(QDate.currentDate())
        self.placed_on.setCalendarPopup(True)
        self.placed_on.setDisplayFormat("yyyy-MM-dd")
        self.reason = QLineEdit()
        self.reason.setObjectName("serviceReason")
        self.outcome_button = QPushButton(self.tr("Record outcome"))
        self.outcome_button.setObjectName("serviceRecordOutcome")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.status = QComboBox()
        self.status.setObjectName("serviceStatus")
        for name in WORKING:
            self.status.addItem(formkit.choice_label(client.form, "employment_status", name,
                                                     form_language(), member=True)
                                if _has_choice(client.form) else name, name)
        self.confirm_button = QPushButton(self.tr("Confirm the placement as the person's work"))
        self.confirm_button.setObjectName("serviceConfirm")
        self.confirm_button.setToolTip(self.tr(
            "Writes the employment status, employer and start month into the household: a new "
            "revision. If other work questions are still unanswered it is saved as a draft."))
        self.confirm_button.clicked.connect(self.confirm)
        of.addRow(self.tr("Outcome"), self.outcome)
        of.addRow(self.tr("Employer"), self.employer)
        of.addRow(self.tr("Start date"), self.placed_on)
        of.addRow(self.tr("Reason"), self.reason)
        of.addRow("", self.outcome_button)
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addWidget(self.confirm_button)
        of.addRow(self.tr("Employment status"), row)

        both = QHBoxLayout()
        both.addWidget(add, 1)
        both.addWidget(outcome, 1)
        layout.addLayout(both)
        self.message = QLabel()
        self.message.setObjectName("servicesMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()
        client.get(household, self.show_household, self.show_error)
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def show_household(self, state: dict[str, Any]) -> None:
        self.person.clear()
        for m in state.get("members") or []:
            f = m.get("fields") or {}
            if f.get("id_number"):
                self.person.addItem(f"{f.get('name') or ''} {f['id_number']}",
                                    (m["uuid"], f["id_number"]))
        if self.member:
            index = next((i for i in range(self.person.count())
                          if self.person.itemData(i)[0] == self.member), -1)
            self.person.setCurrentIndex(max(index, 0))
        self._update_buttons()

    def reload(self) -> None:
        self.client.services(self.household, self.show_records, self.show_error)

    def show_records(self, records: list[Any]) -> None:
        if self.member:
            records = [r for r in records if r.member_uuid == self.member]
        self.records = records
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            cells = [r.name, self._kind(r.kind), r.date, r.job_id, r.served_by,
                     self._outcome(r)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SERVICE, r.service_id)
                self.table.setItem(row, col, item)
        self.summary.setText(self.tr("{n} services recorded").replace("{n}", str(len(records))))
        self._update_buttons()

    def _kind(self, kind: str) -> str:
        return self.kind.itemText(max(self.kind.findData(kind), 0))

    def _outcome(self, r: Any) -> str:  # noqa: ANN401
        label = self.outcome.itemText(max(self.outcome.findData(r.outcome), 0))
        detail = {"placed": f"{r.employer} {r.placed_on}", "failed": r.reason}.get(r.outcome)
        text = f"{label}（{detail}）" if detail else label
        return text + (self.tr(" · confirmed") if r.confirmed else "")

    def selected(self) -> Any:  # noqa: ANN401
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _update_buttons(self) -> None:
        self.job.setEnabled(self.kind.currentData() == "job_push")
        self.add_button.setEnabled(self.person.count() > 0)
        r = self.selected()
        self.outcome_button.setEnabled(r is not None)
        self.confirm_button.setEnabled(r is not None and r.outcome == "placed"
                                       and not r.confirmed)

    # -- changing --------------------------------------------------------------------------
    def add(self) -> None:
        self.message.clear()
        data = self.person.currentData()
        if not data:
            return
        kind = self.kind.currentData()
        self.client.service_call("add", (data[1], kind), {
            "day": self.day.date().toString("yyyy-MM-dd"),
            "job_id": self.job.text() if kind == "job_push" else "", "note": self.note.text()},
            self._done, self.show_error)

    def record_outcome(self) -> None:
        self.message.clear()
        r = self.selected()
        if r is None:
            return
        self.client.service_call("set_outcome", (r.service_id, self.outcome.currentData()), {
            "employer": self.employer.text(), "reason": self.reason.text(),
            "placed_on": self.placed_on.date().toString("yyyy-MM-dd")},
            self._done, self.show_error)

    def confirm(self) -> None:
        self.message.clear()
        r = self.selected()
        if r is None:
            return
        self.client.service_call("confirm_placement", (r.service_id, self.status.currentData()),
                                 {}, self._done, self.show_error)

    def _done(self, record: Any) -> None:  # noqa: ANN401
        self.message.setText(self.tr("Saved: {name}, {kind}").replace("{name}", record.name)
                             .replace("{kind}", self._kind(record.kind)))
        self.note.clear()
        self.job.clear()
        self.changed.emit(self.household)
        self.reload()

    def show_error(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))


def _has_choice(form: Any) -> bool:  # noqa: ANN401
    return form is not None and form.has("employment_status", "migrant", member=True)
