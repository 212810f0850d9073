"""The one place errors are shown: a dialog with the message and a "copy details" button.

Errors raised on purpose (the one base ``forms.errors.MopaiError``, whichever package raised
them) already say what went wrong and what to do in Chinese and English; the dialog shows the sentence for the current
language and keeps the other language, the location and (for crashes) the traceback under
"details", which a cadre can copy and send to the county. The details are redacted
(sync/redact.py) because they leave the machine: no ID numbers, phones or, from exceptions
we did not raise on purpose, names and addresses.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mopai.forms.errors import MopaiError
from mopai.sync.redact import exception_line, redact, safe_traceback

from ..shell.i18n import current_language


def is_core_error(exc: BaseException) -> bool:
    """Errors Mopai raised on purpose: they carry zh/en sentences and a code."""
    return isinstance(exc, MopaiError)


def error_text(exc: BaseException, lang: str | None = None) -> str:
    lang = lang or current_language()
    if isinstance(exc, MopaiError):
        return exc.message(lang)
    return str(exc) or type(exc).__name__


def error_details(exc: BaseException, *, with_traceback: bool = False) -> str:
    """What "copy details" copies: redacted, since it is sent on (sync/redact.py)."""
    lines = []
    if isinstance(exc, MopaiError):
        lines.append(exc.one_line())
        lines.append(f"code: {exc.code}")
        if exc.where:
            lines.append(f"where: {exc.where}")
        for finding in getattr(exc, "findings", []) or []:
            lines.append(f"- {getattr(finding, 'message_zh', finding)} / "
                         f"{getattr(finding, 'message_en', '')}")
        lines = [redact(line, ours=True) for line in lines]
    else:
        lines.append(exception_line(exc))
    if with_traceback or not is_core_error(exc):
        lines.append("")
        lines.append(safe_traceback(exc))
    return "\n".join(line.rstrip("\n") for line in lines)


class ErrorDialog(QDialog):
    def __init__(self, exc: BaseException, parent: QWidget | None = None, *,
                 crash: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mopai — problem") if not crash
                            else self.tr("Mopai — unexpected error"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = (self.tr("Something went wrong inside Mopai. Your saved data is safe; "
                         "unsaved changes are kept as a draft. Please copy the details "
                         "and send them to the county.") if crash else "")
        self.message = QLabel(error_text(exc) if not crash else intro)
        self.message.setWordWrap(True)
        self.message.setObjectName("errorMessage")
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(error_details(exc, with_traceback=crash))
        self.details.setReadOnly(True)
        self.details.setVisible(crash)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.toggle = QPushButton(self.tr("Details"))
        self.toggle.setCheckable(True)
        self.toggle.setChecked(crash)
        self.toggle.toggled.connect(self.details.setVisible)
        self.copy = QPushButton(self.tr("Copy details"))
        self.copy.clicked.connect(self.copy_details)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class ErrorPresenter:
    """Shows errors one at a time; tests replace ``show`` to collect them instead."""

    def __init__(self, parent_getter=None) -> None:  # noqa: ANN001 - callable -> QWidget|None
        self._parent = parent_getter or (lambda: None)
        self.shown: list[BaseException] = []
        self.modal = True

    def __call__(self, exc: BaseException, *, crash: bool = False) -> None:
        self.shown.append(exc)
        dialog = ErrorDialog(exc, self._parent(), crash=crash)
        if self.modal:
            dialog.exec()
        else:
            dialog.setModal(False)
            dialog.show()

    @staticmethod
    def confirm(parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes
