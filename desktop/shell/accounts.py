"""Users and keys from the GUI: everything `mopai users`, `mopai passwd`, `mopai keys backup`,
`mopai keys restore` and `mopai recover` do, as small dialogs of the 用户与密钥 menu.

Each dialog only collects what the person types and hands it to the store through the
`StoreClient` (every passphrase costs an Argon2id derivation: it runs on the worker, never
on the GUI thread). Whether a new passphrase is strong enough is the core's one policy
(sync/passphrase.py), told back as the store's error, in the dialog, which stays open to
try again; only a mistyped repeat is caught here. A dialog closes when the store is done.
"""

from __future__ import annotations

from pathlib import Path
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.error_dialog import error_text
from .client import StoreClient

BACKUP_SUFFIX = ".mopai-keys"


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _AccountDialog(QDialog):
    """A form, a line for what went wrong, and one button that sends it to the store."""

    succeeded = Signal(object)

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.result_value: Any = None
        self.running = False
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("accountError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = QPushButton()
        self.ok.setObjectName("accountOk")
        self.ok.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _file_row(self, label: str, name: str, pick) -> QLineEdit:  # noqa: ANN001
        row = QHBoxLayout()
        edit = QLineEdit()
        edit.setObjectName(name)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(pick)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        self.form.addRow(label, row)
        return edit

    def _same(self, first: QLineEdit, repeat: QLineEdit) -> bool:
        if first.text() != repeat.text():
            self.error.setText(self.tr("The two new passphrases differ."))
            repeat.setFocus()
            repeat.selectAll()
            return False
        return True

    def submit(self) -> None:
        if self.running:
            return
        self.error.setText("")
        if not self.check():
            return
        self.running = True
        self.ok.setEnabled(False)
        self.start()

    def check(self) -> bool:
        """What can be told before asking the store (fields filled, repeats equal)."""
        return True

    def start(self) -> None:
        raise NotImplementedError

    def _done(self, value: Any) -> None:
        self.running = False
        self.ok.setEnabled(True)
        self.result_value = value
        self.succeeded.emit(value)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))


class AddUserDialog(_AccountDialog):
    """`mopai users add NAME`: a new key slot, proved by the signed-in user's passphrase."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Add a user"))
        self.intro.setText(self.tr(
            "The new user gets their own passphrase for this workspace. Confirm with your "
            "own passphrase."))
        self.name = QLineEdit()
        self.name.setObjectName("newUserName")
        self.new = _secret("newUserPassphrase")
        self.repeat = _secret("newUserRepeat")
        self.mine = _secret("myPassphrase")
        self.form.addRow(self.tr("User name"), self.name)
        self.form.addRow(self.tr("Their passphrase"), self.new)
        self.form.addRow(self.tr("Repeat it"), self.repeat)
        self.form.addRow(self.tr("Your passphrase"), self.mine)
        self.ok.setText(self.tr("Add user"))

    def check(self) -> bool:
        if not self.name.text().strip():
            self.error.setText(self.tr("Enter the new user's name."))
            self.name.setFocus()
            return False
        return self._same(self.new, self.repeat)

    def start(self) -> None:
        name = self.name.text().strip()
        self.client.add_user(name, self.new.text(), self.mine.text(),
                             lambda _r: self._done(name), self._failed)


class ChangePassphraseDialog(_AccountDialog):
    """`mopai passwd`: the signed-in user's new passphrase; the store's data is unchanged."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Change my passphrase"))
        self.intro.setText(self.tr("Change the passphrase of user {user}. From now on only "
                                   "the new passphrase unlocks.").replace("{user}", client.user))
        self.old = _secret("oldPassphrase")
        self.new = _secret("newPassphrase")
        self.repeat = _secret("repeatPassphrase")
        self.form.addRow(self.tr("Current passphrase"), self.old)
        self.form.addRow(self.tr("New passphrase"), self.new)
        self.form.addRow(self.tr("Repeat it"), self.repeat)
        self.ok.setText(self.tr("Change passphrase"))

    def check(self) -> bool:
        return self._same(self.new, self.repeat)

    def start(self) -> None:
        self.client.change_passphrase(self.old.text(), self.new.text(), self._done,
                                      self._failed)


class BackupKeysDialog(_AccountDialog):
    """`mopai keys backup --out FILE`: the county keys, sealed under a backup passphrase,
    written to a file (on a USB stick, kept apart from the laptop)."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Back up the county keys"))
        self.intro.setText(self.tr(
            "Every village trusts the county's keys. Without a backup a broken disk means "
            "enrolling every device again. Save the backup on a USB stick, keep it locked "
            "away, and keep its passphrase apart from it."))
        self.path = self._file_row(self.tr("Backup file"), "backupFile", self._pick)
        self.new = _secret("backupPassphrase")
        self.repeat = _secret("backupRepeat")
        self.form.addRow(self.tr("Backup passphrase"), self.new)
        self.form.addRow(self.tr("Repeat it"), self.repeat)
        self.ok.setText(self.tr("Back up"))

    def _pick(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Back up the county keys"), f"county-keys{BACKUP_SUFFIX}",
            self.tr("County key backup (*{suffix})").replace("{suffix}", BACKUP_SUFFIX))
        if path:
            self.path.setText(path)

    def check(self) -> bool:
        if not self.path.text().strip():
            self.error.setText(self.tr("Choose where to save the backup."))
            return False
        return self._same(self.new, self.repeat)

    def start(self) -> None:
        out = Path(self.path.text().strip())
        self.client.backup_keys(out, self.new.text(), lambda _r: self._done(out), self._failed)


class RestoreKeysDialog(_AccountDialog):
    """`mopai keys restore FILE`: a county on a new laptop takes its keys back from the
    backup, so the villages' bundles and devices are trusted again."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Restore the county keys"))
        self.intro.setText(self.tr(
            "On a new county laptop: create the county workspace with the same county code, "
            "then restore the keys from the backup. The key fingerprint shown afterwards must "
            "be the one the villages know."))
        self.path = self._file_row(self.tr("Backup file"), "restoreFile", self._pick)
        self.passphrase = _secret("restorePassphrase")
        self.form.addRow(self.tr("Backup passphrase"), self.passphrase)
        self.ok.setText(self.tr("Restore"))

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore the county keys"), "",
            self.tr("County key backup (*{suffix});;All files (*)").replace(
                "{suffix}", BACKUP_SUFFIX))
        if path:
            self.path.setText(path)

    def check(self) -> bool:
        if not self.path.text().strip():
            self.error.setText(self.tr("Choose the backup file."))
            return False
        return True

    def start(self) -> None:
        self.client.restore_keys(Path(self.path.text().strip()), self.passphrase.text(),
                                 self._done, self._failed)


class RecoverDialog(_AccountDialog):
    """`mopai recover MOPAI.KEYS --village-user NAME`: a village forgot its passphrase; the
    county opens the key file's recovery slot and sets a new one."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Recover a village key file"))
        self.intro.setText(self.tr(
            "A village forgot its passphrase: copy the key file (mopai.keys) of its workspace "
            "here, set a new passphrase for the user, and copy the file back."))
        self.path = self._file_row(self.tr("Village key file"), "recoverFile", self._pick)
        self.user = QLineEdit()
        self.user.setObjectName("recoverUser")
        self.new = _secret("recoverPassphrase")
        self.repeat = _secret("recoverRepeat")
        self.form.addRow(self.tr("Village user"), self.user)
        self.form.addRow(self.tr("New passphrase"), self.new)
        self.form.addRow(self.tr("Repeat it"), self.repeat)
        self.ok.setText(self.tr("Set new passphrase"))

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Recover a village key file"), "",
                                              self.tr("Key file (*.keys);;All files (*)"))
        if path:
            self.path.setText(path)

    def check(self) -> bool:
        if not self.path.text().strip() or not self.user.text().strip():
            self.error.setText(self.tr("Choose the key file and name the village user."))
            return False
        return self._same(self.new, self.repeat)

    def start(self) -> None:
        self.client.recover(Path(self.path.text().strip()), self.user.text().strip(),
                            self.new.text(), self._done, self._failed)
