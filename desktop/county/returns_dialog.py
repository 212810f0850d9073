"""回传 (county and township): return bundles for one village, a township or every village
with something to send, written to a USB stick or a folder, each read back and verified, with
a handover slip. In a township's app the same dialog writes the township's own review
decisions to its villages and copies the county's return bundles the office holds for them
(sync/township.py); the columns of what only the county sends are hidden.

The table says per village what waits to go back (`store.sync.returns_waiting`: revisions its
devices lack, acknowledgements owed, review decisions, 311 service records its devices lack,
job postings changed, the last return bundle), counted on the worker without
writing anything. The run is one worker job (`store.sync.export_returns`) with progress; a
village that fails is listed by name with the reason and the others are written. The steps
(choose a folder, running, done or failed) are the village export's `ExportFlow`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..review.conflict_view import when_text
from ..shell.client import StoreClient
from ..transfer.drives import Drive, removable_drives
from ..transfer.slip import print_returns_slip
from ..transfer.sync_flows import ExportFlow, ExportStep
from ..widgets.error_dialog import error_text
from ..widgets.place_names import NamesBanner, place_name, place_text
from ..widgets.tables import read_only_table

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


class Col:
    TOWNSHIP, VILLAGE, CODE, DEVICES, REVISIONS, ACKS, DECISIONS, LAST, CARRIED = range(9)
    SERVICES, POSTINGS = 9, 10   # 311 service revisions and job postings (issue 21)


class Scope:
    WAITING, TOWNSHIP, SELECTED = range(3)


class ReturnsDialog(QDialog):
    import_areas_requested = Signal()

    def __init__(self, client: StoreClient, parent: QWidget | None = None, *,
                 drives: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.flow = ExportFlow()
        self.waiting: list[Any] = []
        self.names: dict[str, str] = {}
        self.outcomes: list[Any] = []
        self.setWindowTitle(self.tr("Return bundles to the villages (回传)"))
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.banner = NamesBanner(self)
        self.banner.import_requested.connect(self.import_areas_requested)
        layout.addWidget(self.banner)
        self.township_app = client.role == "township"
        intro = QLabel(self.tr(
            "What waits to go back to each village: revisions its laptops do not have yet "
            "(the county's corrections and decisions, what its other laptops sent), "
            "acknowledgements of the bundles received and review decisions made since the "
            "last return bundle.") if not self.township_app else self.tr(
            "What waits to go back to each village of the township: the township's review "
            "decisions made since its last bundle for the village, and the county's return "
            "bundles this office holds for it (imported from the county's stick), copied "
            "unchanged."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = read_only_table("returnsTable", 11)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.itemSelectionChanged.connect(self._show)
        layout.addWidget(self.table, 2)

        scope = QHBoxLayout()
        self.scope = QButtonGroup(self)
        self.scope_waiting = QRadioButton(self.tr("Every village with something to send"))
        self.scope_township = QRadioButton(self.tr("Every village of the township"))
        self.scope_selected = QRadioButton(self.tr("The villages selected above"))
        for i, b in enumerate((self.scope_waiting, self.scope_township, self.scope_selected)):
            self.scope.addButton(b, i)
        self.scope_waiting.setChecked(True)
        self.scope.idToggled.connect(lambda _i, _on: self._show())
        self.township = QComboBox()
        self.township.setObjectName("returnsTownship")
        # as wide as the longest 名称（代码）: a township's name is never cut
        self.township.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.township.currentIndexChanged.connect(lambda _i: self._show())
        scope.addWidget(self.scope_waiting)
        scope.addWidget(self.scope_township)
        scope.addWidget(self.township)
        scope.addWidget(self.scope_selected)
        scope.addStretch(1)
        layout.addLayout(scope)

        layout.addWidget(QLabel(self.tr("Plug in the USB stick and choose it below, or choose "
                                        "a folder.")))
        self.drives = QListWidget()
        self.drives.setObjectName("drives")
        self.drives.setMaximumHeight(90)
        self.drives.currentItemChanged.connect(self._drive_chosen)
        layout.addWidget(self.drives)
        row = QHBoxLayout()
        self.rescan = QPushButton(self.tr("Look again"))
        self.rescan.clicked.connect(lambda: self.list_drives(None))
        self.browse = QPushButton(self.tr("Choose a folder…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.rescan)
        row.addWidget(self.browse)
        row.addStretch(1)
        layout.addLayout(row)
        self.target = QLabel()
        self.target.setWordWrap(True)
        layout.addWidget(self.target)
        self.message = QLabel()
        self.message.setObjectName("returnsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.failures = QListWidget()
        self.failures.setObjectName("returnFailures")
        self.failures.setMaximumHeight(90)
        self.failures.hide()
        layout.addWidget(self.failures)
        buttons = QHBoxLayout()
        self.slip_button = QPushButton(self.tr("Print handover slip (PDF)…"))
        self.slip_button.clicked.connect(self._ask_slip)
        self.write_button = QPushButton()
        self.write_button.setObjectName("writeReturns")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.table.setHorizontalHeaderLabels([
            self.tr("Township"), self.tr("Village"), self.tr("Code"), self.tr("Devices"),
            self.tr("Revisions to send"), self.tr("Acknowledgements owed"),
            self.tr("Review decisions"), self.tr("Last return bundle"),
            self.tr("County bundles to carry"), self.tr("“311” service records"),
            self.tr("Job postings")])
        for col, hidden in ((Col.REVISIONS, self.township_app), (Col.ACKS, self.township_app),
                            (Col.CARRIED, not self.township_app),
                            (Col.POSTINGS, self.township_app)):
            self.table.setColumnHidden(col, hidden)
        self.list_drives(drives)
        self.refresh()

    # -- what waits ------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.client.is_open:
            self.client.returns_waiting(self.set_data, self._failed)

    def set_data(self, data: tuple[list[Any], dict[str, str]]) -> None:
        self.waiting, self.names = data
        chosen = self.township.currentData()
        self.township.blockSignals(True)
        self.township.clear()
        for t in sorted({w.code[:9] for w in self.waiting}):
            self.township.addItem(place_text(self.names, t), t)
        if chosen:
            self.township.setCurrentIndex(max(self.township.findData(chosen), 0))
        self.township.blockSignals(False)
        self.banner.show_for(self.names, [w.code for w in self.waiting])
        self.table.setRowCount(len(self.waiting))
        for r, w in enumerate(self.waiting):
            township = w.code[:9]
            cells = [place_name(self.names, township),
                     place_name(self.names, w.code) if len(w.code) == 12
                     else self.tr("(the township's own office)"),
                     w.code, str(w.devices), str(w.revisions), str(w.acks), str(w.decisions),
                     when_text(w.last_return) if w.last_return else self.tr("never"),
                     str(w.carried), str(w.services), str(w.postings)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CODE_ROLE, w.code)
                if c >= Col.DEVICES and c != Col.LAST:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if not w.sendable:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(self.tr("No active device: enrol one first"))
                elif w.something and c in (Col.REVISIONS, Col.ACKS, Col.DECISIONS, Col.CARRIED,
                                           Col.SERVICES, Col.POSTINGS) and text != "0":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")

    def chosen_codes(self) -> list[str]:
        """The codes the next run writes for, in code order."""
        scope = self.scope.checkedId()
        if scope == Scope.WAITING:
            return [w.code for w in self.waiting if w.something]
        if scope == Scope.TOWNSHIP:
            township = self.township.currentData()
            return [w.code for w in self.waiting
                    if township and w.code.startswith(township) and w.sendable]
        rows = {i.row() for i in self.table.selectedItems()}
        return [w.code for r, w in enumerate(self.waiting) if r in rows and w.sendable]

    # -- where to ------------------------------------------------------------------------
    def list_drives(self, drives: list[Drive | Path] | None) -> None:
        self.drives.clear()
        for drive in drives if drives is not None else removable_drives():
            if not isinstance(drive, Drive):
                drive = Drive(Path(drive))
            item = QListWidgetItem(f"{drive.label} ({drive.path})" if drive.label
                                   else str(drive.path))
            item.setData(PATH_ROLE, str(drive.path))
            self.drives.addItem(item)
        if not self.drives.count():
            self.drives.addItem(self.tr("No USB stick found: plug one in and press "
                                        "“Look again”, or choose a folder."))
        elif self.drives.count() == 1:
            self.drives.setCurrentRow(0)
        self._show()

    def _drive_chosen(self, item: QListWidgetItem | None) -> None:
        path = item.data(PATH_ROLE) if item is not None else None
        if path:
            self.choose(Path(path))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if folder:
            self.choose(Path(folder))

    def choose(self, folder: Path) -> None:
        if self.flow.step is ExportStep.DONE:  # another run after one finished
            self.flow = ExportFlow()
        self.flow.choose(folder)
        self._show()

    # -- writing ---------------------------------------------------------------------------
    def start(self) -> None:
        codes = self.chosen_codes()
        if self.flow.step is ExportStep.DONE and self.flow.folder is not None:
            self.choose(self.flow.folder)
        if not self.flow.can_start or not codes:
            return
        folder = self.flow.start()
        self.outcomes = []
        self._show()
        self.client.export_returns(codes, folder, self._done, self._run_failed,
                                   label=self.tr("Writing and verifying the return bundles…"))

    def _done(self, outcomes: list[Any]) -> None:
        self.outcomes = list(outcomes)
        if any(o.ok for o in self.outcomes):
            self.flow.done(self.outcomes)
        else:
            self.flow.failed(self.outcomes[0].error if self.outcomes else
                             RuntimeError("nothing written"))
        self._show()
        self.refresh()

    def _run_failed(self, error: BaseException) -> None:
        self.flow.failed(error)
        self._show()

    @property
    def written(self) -> list[Any]:
        return [o.result for o in self.outcomes if o.ok]

    def _ask_slip(self) -> None:
        if not self.written:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the handover slip"),
            str(Path.home() / f"回传-{self.written[0].created_at[:10]}-slip.pdf"), "PDF (*.pdf)")
        if name:
            self.save_slip(Path(name))

    def save_slip(self, out: Path) -> Path:
        return print_returns_slip(self.written, out, self.names, self.client.workspace_name)

    def _show(self) -> None:
        flow = self.flow
        codes = self.chosen_codes()
        self.target.setText(self.tr("Destination: {folder}").replace(
            "{folder}", str(flow.folder)) if flow.folder else "")
        choosing = flow.step in (ExportStep.CHOOSE, ExportStep.FAILED, ExportStep.DONE)
        for w in (self.drives, self.rescan, self.browse, self.table, self.scope_waiting,
                  self.scope_township, self.scope_selected):
            w.setEnabled(choosing)
        self.township.setEnabled(choosing and self.scope.checkedId() == Scope.TOWNSHIP)
        self.write_button.setText(self.tr("Write {n} return bundles").replace(
            "{n}", str(len(codes))))
        self.write_button.setEnabled(bool(codes) and (flow.can_start or (
            flow.step is ExportStep.DONE and flow.folder is not None)))
        self.slip_button.setEnabled(bool(self.written))
        self.close_button.setEnabled(flow.step is not ExportStep.RUNNING)
        failed = [o for o in self.outcomes if not o.ok]
        self.failures.clear()
        for o in failed:
            self.failures.addItem(f"{place_text(self.names, o.code)}: {error_text(o.error)}")
        self.failures.setVisible(bool(failed))
        if flow.step is ExportStep.RUNNING:
            self.message.setText(self.tr("Writing… do not remove the stick."))
            self.message.setStyleSheet("")
        elif flow.step is ExportStep.DONE:
            text = self.tr("{n} return bundles written and verified. It is now safe to remove "
                           "the stick.").replace("{n}", str(len(self.written)))
            if failed:
                text += " " + self.tr("{n} villages failed, listed below.").replace(
                    "{n}", str(len(failed)))
            self.message.setText(text)
            self.message.setStyleSheet("color: #1b5e20; font-weight: bold;" if not failed
                                       else "color: #8a4b00; font-weight: bold;")
        elif flow.step is ExportStep.FAILED:
            self.message.setText(self.tr("The return bundles could not be written: {reason}")
                                 .replace("{reason}", error_text(flow.error)
                                          if flow.error else ""))
            self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.message.setText("" if codes or not self.waiting else self.tr(
                "Nothing to write for this choice."))
            self.message.setStyleSheet("")
