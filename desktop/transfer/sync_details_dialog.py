"""The last network sync in detail (clicked from the status line): what was sent and what
the county made of it, the return bundles received and imported, rejections with their
reasons, the error when the run failed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.i18n import current_language
from ..widgets.error_dialog import error_text


class SyncDetailsDialog(QDialog):
    def __init__(self, state: Any, parent: QWidget | None = None) -> None:  # net_sync.SyncState
        super().__init__(parent)
        self.setObjectName("syncDetails")
        self.setWindowTitle(self.tr("Last network sync"))
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Bundle"), self.tr("Direction"),
                                              self.tr("State"), self.tr("Details")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.sync_button = QPushButton(self.tr("Sync now"))
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.show_state(state)

    def show_state(self, state: Any) -> None:
        report, error = state.report, state.error
        zh = current_language().startswith("zh")
        if report is None and error is None:
            self.summary.setText(self.tr("No network sync has run since the app was unlocked."))
        elif error is not None:
            self.summary.setText(self.tr("{time}: the sync did not finish: {error}")
                                 .replace("{time}", state.at)
                                 .replace("{error}", error_text(error)))
        else:
            self.summary.setText(
                self.tr("{time}: county server {server}. Sent {sent}, received {received}, "
                        "imported {imported}, rejected {rejected}.")
                .replace("{time}", state.at).replace("{server}", report.server)
                .replace("{sent}", str(len(report.sent)))
                .replace("{received}", str(len(report.received)))
                .replace("{imported}", str(sum(1 for r in report.imported if r.ok)))
                .replace("{rejected}", str(sum(1 for s in report.sent if s.state == "rejected")
                                           + sum(1 for r in report.imported if not r.ok))))
        rows: list[tuple[str, str, str, str]] = []
        states = {"receiving": self.tr("partly sent (continues next time)"),
                  "received": self.tr("received, waiting for import"),
                  "imported": self.tr("imported"), "rejected": self.tr("rejected")}
        for s in (report.sent if report is not None else []):
            why = (s.message_zh if zh else s.message_en) or s.reason
            rows.append((s.name, self.tr("sent"), states.get(s.state, s.state),
                         why or self.tr("{sent} of {size} bytes sent this time")
                         .replace("{sent}", str(s.sent_bytes)).replace("{size}", str(s.size))))
        for r in (report.imported if report is not None else []):
            status = {"accepted": self.tr("imported"), "already": self.tr("imported before"),
                      "rejected": self.tr("rejected")}.get(r.status, r.status)
            why = (r.message_zh if zh else r.message_en) if not r.ok else ""
            rows.append((str(r.path).replace("\\", "/").rsplit("/", 1)[-1],
                         self.tr("received"), status, why))
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
