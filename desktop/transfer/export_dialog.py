"""Export wizard (village): pick the USB stick, export on the worker, then say when it is safe
to remove it and print the handover slip. The rules live in ``sync_flows.ExportFlow``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from .drives import Drive, removable_drives
from .slip import print_slip
from .sync_flows import ExportFlow, ExportStep

PATH_ROLE = 0x0100 + 1


class ExportDialog(QDialog):
    def __init__(self, client: StoreClient, parent: QWidget | None = None, *,
                 drives: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.flow = ExportFlow()
        self.setWindowTitle(self.tr("Export to the county"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Plug in the USB stick and choose it below, or choose a folder."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.drives = QListWidget()
        self.drives.setObjectName("drives")
        self.drives.currentItemChanged.connect(self._drive_chosen)
        layout.addWidget(self.drives, 1)
        row = QHBoxLayout()
        self.rescan = QPushButton(self.tr("Look again"))
        self.rescan.clicked.connect(lambda: self.list_drives(None))
        self.browse = QPushButton(self.tr("Choose a folder…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.rescan)
        row.addWidget(self.browse)
        row.addStretch(1)
        layout.addLayout(row)
        self.everything = QCheckBox(self.tr("Every revision, also those the county has "
                                            "acknowledged"))
        layout.addWidget(self.everything)
        self.target = QLabel()
        self.target.setWordWrap(True)
        layout.addWidget(self.target)
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.slip_button = QPushButton(self.tr("Print handover slip (PDF)…"))
        self.slip_button.clicked.connect(self._ask_slip)
        self.slip_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.list_drives(drives)

    # -- choosing --------------------------------------------------------------------------
    def list_drives(self, drives: list[Drive | Path] | None) -> None:
        self.drives.clear()
        for drive in drives if drives is not None else removable_drives():
            if not isinstance(drive, Drive):
                drive = Drive(Path(drive))
            item = QListWidgetItem(self._drive_text(drive))
            item.setData(PATH_ROLE, str(drive.path))
            self.drives.addItem(item)
        if not self.drives.count():
            self.drives.addItem(self.tr("No USB stick found: plug one in and press "
                                        "“Look again”, or choose a folder."))
        elif self.drives.count() == 1:
            self.drives.setCurrentRow(0)
        self._show()

    def _drive_text(self, drive: Drive) -> str:
        name = f"{drive.label} ({drive.path})" if drive.label else str(drive.path)
        if drive.free is None or drive.total is None:
            return name
        return self.tr("{drive} — {free} GB free of {total} GB").replace(
            "{drive}", name).replace("{free}", f"{drive.free / 1e9:.1f}").replace(
            "{total}", f"{drive.total / 1e9:.1f}")

    def _drive_chosen(self, item: QListWidgetItem | None) -> None:
        path = item.data(PATH_ROLE) if item is not None else None
        if path:
            self.choose(Path(path))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if folder:
            self.choose(Path(folder))

    def choose(self, folder: Path) -> None:
        self.flow.choose(folder)
        self._show()

    # -- exporting -------------------------------------------------------------------------
    def start(self) -> None:
        if not self.flow.can_start:
            return
        self.flow.everything = self.everything.isChecked()
        folder = self.flow.start()
        self._show()
        self.client.export(folder, self.flow.everything, self._done, self._failed,
                           label=self.tr("Writing and verifying the bundle…"))

    def _done(self, result: Any) -> None:
        self.flow.done(result)
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.flow.failed(error)
        self._show()

    def _ask_slip(self) -> None:
        result = self.flow.result
        if result is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the handover slip"),
            str(Path.home() / f"{Path(result.path).stem}-slip.pdf"), "PDF (*.pdf)")
        if name:
            self.save_slip(Path(name))

    def save_slip(self, out: Path) -> Path:
        return print_slip(self.flow.result, out, self.client.workspace_name)

    def _show(self) -> None:
        flow = self.flow
        self.target.setText(self.tr("Destination: {folder}").replace(
            "{folder}", str(flow.folder)) if flow.folder else "")
        choosing = flow.step in (ExportStep.CHOOSE, ExportStep.FAILED)
        for w in (self.drives, self.rescan, self.browse, self.everything):
            w.setEnabled(choosing)
        self.export_button.setEnabled(flow.can_start)
        self.slip_button.setEnabled(flow.safe_to_remove)
        self.close_button.setEnabled(flow.step is not ExportStep.RUNNING)
        if flow.step is ExportStep.RUNNING:
            self.message.setText(self.tr("Writing… do not remove the stick."))
            self.message.setStyleSheet("")
        elif flow.step is ExportStep.DONE:
            r = flow.result
            self.message.setText(self.tr(
                "Written and verified. It is now safe to remove the stick.\n"
                "File {file}, sequence number {seq}, {households} households, {revisions} "
                "revisions.").replace("{file}", Path(r.path).name).replace("{seq}", str(r.seq))
                .replace("{households}", str(r.records)).replace("{revisions}", str(r.revisions)))
            self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
        elif flow.step is ExportStep.FAILED:
            self.message.setText(self.tr("The export failed: {reason}").replace(
                "{reason}", error_text(flow.error) if flow.error else ""))
            self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.message.setText("")
