"""Import screen: one bundle file or a whole folder (a USB stick), run on the store worker,
then one line per bundle: accepted, already imported, or rejected with the reason. A bundle
refused as a possible cloned device is raised above the table in red: someone must look.
Senders are named as the area list names them (village, township); at the county, a sender
with no name brings up the prompt to import the area list (`NamesBanner`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import current_language
from ..widgets.error_dialog import error_text
from ..widgets.place_names import NamesBanner, place_text

COLOURS = {"accepted": "#1b5e20", "already": "#555555", "rejected": "#b00020"}


class ImportDialog(QDialog):
    imported = Signal(object)          # list[ImportResult]
    import_areas_requested = Signal()  # the names banner's button (county)

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.results: list[Any] = []
        self.names: dict[str, str] = {}
        self.running = False
        self.setWindowTitle(self.tr("Import bundles"))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.banner = NamesBanner(self)
        self.banner.import_requested.connect(self.import_areas_requested)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        self.file_button = QPushButton(self.tr("Import a file…"))
        self.file_button.clicked.connect(self._pick_file)
        self.folder_button = QPushButton(self.tr("Import a folder or USB stick…"))
        self.folder_button.clicked.connect(self._pick_folder)
        row.addWidget(self.file_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.alert = QLabel()
        self.alert.setObjectName("cloneAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("background: #b00020; color: white; font-weight: bold; "
                                 "padding: 8px;")
        self.alert.hide()
        layout.addWidget(self.alert)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("importResults")
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Result"),
                                              self.tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)

    def _pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a bundle"), "",
                                              self.tr("Mopai bundles (*.mopai)"))
        if name:
            self.start([Path(name)])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if folder:
            self.start([Path(folder)])

    def start(self, paths: list[Path]) -> None:
        if self.running:
            return
        self.running = True
        self.file_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.summary.setText(self.tr("Importing…"))
        self.client.import_paths(paths, self._done, self._failed,
                                 label=self.tr("Checking and importing bundles…"))

    def _finish(self) -> None:
        self.running = False
        self.file_button.setEnabled(True)
        self.folder_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.summary.setText(self.tr("The import failed: {reason}").replace(
            "{reason}", error_text(error)))

    def _done(self, results: list[Any]) -> None:
        self._finish()
        self.results = results
        self.show_results(results)
        self.imported.emit(results)
        # the names as they are now: a return bundle may just have brought the area list
        if self.client.is_open:
            self.client.area_names(self._named, lambda _e: None)

    def _named(self, names: dict[str, str]) -> None:
        self.names = dict(names)
        self.show_results(self.results)

    def place(self, code: str) -> str:
        return place_text(self.names, code)

    def sender_text(self, r: Any) -> str:
        """Who sent it, by name: a village, a township or the county."""
        role = getattr(r, "sender_role", "") or ("county" if r.kind == "return" else "village")
        if role == "county":
            return self.tr("county {place}").replace("{place}", self.place(r.code))
        if role == "township":
            return self.tr("township {place}").replace("{place}", self.place(r.code))
        return self.tr("village {place}").replace("{place}", self.place(r.code))

    # -- showing ---------------------------------------------------------------------------
    def status_text(self, status: str) -> str:
        return {"accepted": self.tr("Accepted"), "already": self.tr("Already imported"),
                "rejected": self.tr("Rejected")}.get(status, status)

    def detail_text(self, r: Any) -> str:
        if r.status == "rejected":
            return (r.message_zh or r.reason) if current_language().startswith("zh") \
                else (r.message_en or r.reason)
        if getattr(r, "carried", ""):
            return self.tr("the county's return bundle for {place}, sequence {seq}: kept, to "
                           "carry to the village with the next return bundles").replace(
                "{place}", self.place(r.carried)).replace("{seq}", str(r.seq))
        if r.status == "already":
            return self.tr("{sender}, sequence {seq}: nothing changed").replace(
                "{sender}", self.sender_text(r)).replace("{seq}", str(r.seq))
        text = self.tr("{sender}, sequence {seq}: {new} new revisions, {households} "
                       "households, {conflicts} conflicts, {quarantined} quarantined").replace(
            "{sender}", self.sender_text(r)).replace("{seq}", str(r.seq)).replace(
            "{new}", str(r.new_revisions)).replace("{households}", str(r.households)).replace(
            "{conflicts}", str(r.conflicts)).replace("{quarantined}", str(r.quarantined))
        if r.gaps:
            text += self.tr("; missing sequence numbers: {gaps}").replace(
                "{gaps}", ", ".join(map(str, r.gaps)))
        if getattr(r, "reviews", 0):
            text += self.tr("; {n} review decisions").replace("{n}", str(r.reviews))
        return text

    def show_results(self, results: list[Any]) -> None:
        self.table.setRowCount(len(results))
        for i, r in enumerate(results):
            cells = (Path(r.path).name, self.status_text(r.status), self.detail_text(r))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setForeground(QBrush(QColor(COLOURS.get(r.status, "#000000"))))
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        if self.client.role == "county":  # the area list is the county's to import
            codes = [r.code for r in results if r.ok and len(r.code) in (9, 12)]
            self.banner.show_for(self.names, codes)
        if not results:
            self.summary.setText(self.tr("No bundles (*.mopai) found there."))
        else:
            counts = {s: sum(r.status == s for r in results)
                      for s in ("accepted", "already", "rejected")}
            self.summary.setText(self.tr("{a} accepted, {b} already imported, {c} rejected")
                                 .replace("{a}", str(counts["accepted"]))
                                 .replace("{b}", str(counts["already"]))
                                 .replace("{c}", str(counts["rejected"])))
        clones = [r for r in results if r.reason == "cloned_device"]
        if clones:
            self.alert.setText(self.tr(
                "Possible cloned device! {n} bundle(s) carry a device and sequence number that "
                "were already imported with different content: {files}. Do not use that "
                "laptop's data until the county has checked it.").replace(
                "{n}", str(len(clones))).replace(
                "{files}", ", ".join(Path(r.path).name for r in clones)))
            self.alert.show()
        else:
            self.alert.hide()
