"""A person's best job postings, in the village app (issue 21): the open postings the
county's return bundles brought, ranked for this person by the matching rule
(reports/matching.py, docs/forms.md "Job matching"), each with its score and reasons, and a
推送 button that records that the cadre pushed the posting to the person.

The editor opens it for the member shown (the hook the editor's split adds: a button in the
member's page calling `JobMatchesDialog(client, household, member_uuid, parent).open()`).
The push is a `job_push` service record naming the posting by its id (sync/services.py).
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
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import trades

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.tables import read_only_table

ROW_ROLE = Qt.ItemDataRole.UserRole + 4


class JobMatchesDialog(QDialog):
    push_requested = Signal(object, object)   # reports.matching.Person, sync.jobs.Posting

    def __init__(self, client: StoreClient, household: dict[str, Any], member_uuid: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.person: Any = None
        self.matches: list[Any] = []
        self.pushed: list[Any] = []   # the service records this dialog wrote
        self.setObjectName("jobMatchesDialog")
        self.setWindowTitle(self.tr("Suitable job postings"))
        self.resize(820, 360)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Looking for postings…"))
        self.heading.setObjectName("jobMatchesHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = read_only_table("jobMatchesTable", 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Score"), self.tr("Employer"), self.tr("Post"), self.tr("Place"),
            self.tr("Phone"), self.tr("Why")])
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("jobMatchesMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.push = QPushButton(self.tr("Push (推送)"))
        self.push.setObjectName("jobPush")
        self.push.setEnabled(False)
        self.push.clicked.connect(self._push)
        row.addWidget(self.push)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        client.person_jobs(household, member_uuid, self.show_matches, self._failed)

    def show_matches(self, found: tuple[Any, list[Any]]) -> None:
        self.person, self.matches = found
        if self.person is None:
            self.heading.setText(self.tr("This person is not looking for work (not unemployed "
                                         "and no wish for a job), or is outside 16–64 years."))
        elif not self.matches:
            self.heading.setText(self.tr("No open posting fits {name} yet. Postings come with "
                                         "the county's return bundles.")
                                 .replace("{name}", self.person.name))
        else:
            wish = trades.name(self.person.wished) or self.person.wished_text or "—"
            self.heading.setText(self.tr("Best postings for {name} (wished trade: {wish})")
                                 .replace("{name}", self.person.name).replace("{wish}", wish))
        self.table.setRowCount(len(self.matches))
        for i, m in enumerate(self.matches):
            p = m.posting
            for c, text in enumerate((str(m.score), p.employer, p.title, p.place, p.phone,
                                      "；".join(m.reasons))):
                item = QTableWidgetItem(text)
                item.setData(ROW_ROLE, i)
                self.table.setItem(i, c, item)
        if self.matches:
            self.table.selectRow(0)

    def current(self) -> Any:
        row = self.table.currentRow()
        return self.matches[row].posting if 0 <= row < len(self.matches) else None

    def _selected(self) -> None:
        self.push.setEnabled(self.person is not None and self.current() is not None)

    def _push(self) -> None:
        posting = self.current()
        if self.person is not None and posting is not None:
            self.push_requested.emit(self.person, posting)
            self.on_push(self.person, posting)

    def on_push(self, person: Any, posting: Any) -> None:
        """Record a `job_push` service record (sync/services.py) for `person` naming the
        posting, served today by the signed-in user; say so, or why not."""
        self.push.setEnabled(False)
        title = posting.title

        def done(record: Any) -> None:
            self.pushed.append(record)
            self.message.setText(self.tr("Recorded: {post} pushed to {name} on {date}.")
                                 .replace("{post}", title).replace("{name}", record.name)
                                 .replace("{date}", record.date))
            self._selected()

        def failed(error: BaseException) -> None:
            self.message.setText(error_text(error))
            self._selected()

        self.client.service_call("add", (person.id_number, "job_push"),
                                 {"job_id": posting.job_id}, done, failed)

    def _failed(self, error: BaseException) -> None:
        self.heading.setText(error_text(error))
