"""发布问卷: the county picks an edited questionnaire workbook and makes it the current form.

The store checks it (`store.forms.publish`: the form checker of `mopai form check`, the form in
use, a newer version) on the worker; a refusal lists every reason, naming sheet, row and
column, in the dialog, which stays open so the officer can fix the workbook and try again.
Once published, every return bundle and setup file carries it (docs/sync.md).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import form_language
from ..widgets.error_dialog import error_text


class PublishFormDialog(QDialog):
    published = Signal(object)          # sync.formbook.CurrentForm

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.setObjectName("publishFormDialog")
        self.setWindowTitle(self.tr("Publish a questionnaire"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        current = client.catalog.current
        self.current = QLabel(self.tr("Questionnaire in use: {form} {version}")
                              .replace("{form}", client.form.title.get(form_language()))
                              .replace("{version}", current.version))
        self.current.setObjectName("publishCurrent")
        layout.addWidget(self.current)
        note = QLabel(self.tr("The workbook is checked first. Once published, every village and "
                              "township receives it with its next return bundle, and new "
                              "enrolments with their setup file; its version must be newer than "
                              "the one in use."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("publishPath")
        self.path.textChanged.connect(self._update)
        self.browse = QPushButton(self.tr("Choose…"))
        self.browse.clicked.connect(self.choose)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form.addRow(self.tr("Workbook (.xlsx)"), row)
        self.reason = QLineEdit()
        self.reason.setObjectName("publishReason")
        form.addRow(self.tr("Reason (for the audit log)"), self.reason)
        layout.addLayout(form)
        self.message = QPlainTextEdit()
        self.message.setObjectName("publishMessage")
        self.message.setReadOnly(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Publish"))
        self.ok.setObjectName("publishButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the questionnaire workbook"),
                                              self.path.text(), self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.path.text().strip()))

    def submit(self) -> None:
        from pathlib import Path

        self.ok.setEnabled(False)
        self.message.hide()
        self.client.publish_form(Path(self.path.text().strip()), self.reason.text(),
                                 self._done, self._refused)

    def _done(self, current: Any) -> None:
        self.published.emit(current)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.message.setPlainText(error_text(exc))
        self.message.show()
        self._update()
