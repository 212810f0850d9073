"""The unlock screen: pick a user, type the passphrase. Also what the lock shows.

It knows only what the key file says in clear (workspace name, code, user names). The
passphrase is handed to the app, which unlocks on the worker; a wrong one comes back here as
a clear message under the field, and the field is emptied.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class UnlockPage(QWidget):
    unlock_requested = Signal(str, str)      # user, passphrase

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QFrame()
        box.setObjectName("unlockBox")
        self.box = box
        layout = QVBoxLayout(box)
        self.title = QLabel()
        self.title.setObjectName("unlockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.subtitle)
        form = QFormLayout()
        self.user = QComboBox()
        self.user.setEditable(False)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.returnPressed.connect(self._submit)
        self.user_label = QLabel()
        self.pass_label = QLabel()
        form.addRow(self.user_label, self.user)
        form.addRow(self.pass_label, self.passphrase)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.hide()
        layout.addWidget(self.demo_hint)
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        layout.addWidget(self.button)
        # centred by stretches, not by an alignment flag: a layout item with an alignment loses
        # its height-for-width, and the wrapped title and hint were then cut at the bottom
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 0)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._fit_box()
        self._locked = False
        self._demo_passphrase = ""
        self.retranslate()

    def _fit_box(self) -> None:
        """About 30 characters wide at the font in use (a fixed width in pixels cut the title
        at larger font sizes), never wider than the page."""
        em = self.fontMetrics().horizontalAdvance("中")
        self.box.setFixedWidth(min(em * 30, max(self.width() - 2 * em, em * 16)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:
            self._fit_box()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self._fit_box()
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.user_label.setText(self.tr("User"))
        self.pass_label.setText(self.tr("Passphrase"))
        self.button.setText(self.tr("Unlock"))
        if self._locked:
            self.subtitle.setText(self.tr("Locked. Enter your passphrase to continue."))
        if self._demo_passphrase:
            self.demo_hint.setText(self.tr("Demo workspace (synthetic data). Passphrase: {p}")
                                   .replace("{p}", self._demo_passphrase))

    def setup(self, *, title: str, users: list[str], current: str = "", locked: bool = False,
              demo_passphrase: str = "") -> None:
        self.title.setText(title)
        self._locked = locked
        self._demo_passphrase = demo_passphrase
        self.subtitle.setText("")
        self.user.clear()
        self.user.addItems(users)
        if current in users:
            self.user.setCurrentText(current)
        self.user.setEnabled(not locked and len(users) > 1)
        self.demo_hint.setVisible(bool(demo_passphrase))
        self.clear_error()
        self.passphrase.clear()
        self.set_busy(False)
        self.retranslate()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.set_busy(False)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)

    def _submit(self) -> None:
        if not self.passphrase.text():
            self.show_error(self.tr("Enter the passphrase."))
            return
        self.clear_error()
        self.set_busy(True)
        self.unlock_requested.emit(self.user.currentText(), self.passphrase.text())
        self.passphrase.clear()
