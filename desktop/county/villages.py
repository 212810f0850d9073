"""The county's 村和设备 page: the township/village list and each village's devices and bundles.

The tree shows townships with their villages (code, name, level, households, the expected
households set for the survey, devices, the last
bundle with its created and received dates, days since and missing sequence numbers); a
village that never sent a bundle and a device with missing numbers are highlighted. The list
is edited here (add, rename, remove — refused with the reason while households or devices use
an area) or replaced from an Excel sheet (every problem listed with its row); the expected
households come from a sheet of numbers or a 户籍 list the same way, or are typed for the
chosen village (`ExpectedDialog`). Below, the
devices of the chosen village or township: approve a new enrolment request, revoke a device
with a reason. Every store call is one `StoreClient` job (`sync.villages`, `sync.areas`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..review.conflict_view import when_text
from ..shell.client import StoreClient
from ..shell.i18n import current_language
from ..widgets.error_dialog import error_text
from ..widgets.tables import read_only_table
from .area_dialog import AreaDialog
from .enrol_dialog import CountyEnrolDialog
from .expected_dialog import ExpectedDialog
from .revoke_dialog import RevokeDialog
from .transport_view import TransportView

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
STALE = QColor("#fde2e1")           # no bundle at all
MISSING = QColor("#b00020")


class Col:
    (CODE, NAME, LEVEL, HOUSEHOLDS, EXPECTED, DEVICES, LAST, CREATED, RECEIVED, DAYS,
     MISSING) = range(11)


def missing_text(missing: dict[str, tuple[int, ...]] | tuple[int, ...]) -> str:
    if isinstance(missing, dict):
        return "; ".join(", ".join(map(str, seqs)) for seqs in missing.values())
    return ", ".join(map(str, missing))


class VillagesPage(QWidget):
    areas_changed = Signal()          # the list changed (the dashboard shows the names)

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.presenter = presenter
        self.areas: list[Any] = []
        self.statuses: list[Any] = []
        self.expected: dict[str, int] = {}
        self.listed: dict[str, int] = {}     # villages with a 户籍 list: its length
        self.loaded = False
        self.dialog: Any = None            # the open add/rename/revoke/enrol dialog (tests)
        self.shown_devices: list[Any] = []
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.ask_import)
        self.expected_button = QPushButton()
        self.expected_button.setObjectName("importExpected")
        self.expected_button.clicked.connect(self._ask_expected)
        self.set_expected_button = QPushButton()
        self.set_expected_button.setObjectName("setExpected")
        self.set_expected_button.clicked.connect(self.edit_expected)
        self.add_township_button = QPushButton()
        self.add_township_button.clicked.connect(lambda: self.add("township"))
        self.add_village_button = QPushButton()
        self.add_village_button.clicked.connect(lambda: self.add("village"))
        self.rename_button = QPushButton()
        self.rename_button.clicked.connect(self.rename)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove)
        self.enrol_button = QPushButton()
        self.enrol_button.clicked.connect(self.show_enrol)
        for b in (self.import_button, self.add_township_button, self.add_village_button,
                  self.rename_button, self.remove_button, self.expected_button,
                  self.set_expected_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.enrol_button)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("villagesMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.problems = QListWidget()
        self.problems.setObjectName("areaProblems")
        self.problems.setMaximumHeight(140)
        self.problems.hide()
        layout.addWidget(self.problems)

        split = QSplitter(Qt.Orientation.Vertical)
        # Two tabs: the area tree with its devices, and how each device's bundles travel.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("villageTabs")
        self.tabs.addTab(split, "")
        self.transport = TransportView(client)
        self.tabs.addTab(self.transport, "")
        self.tabs.currentChanged.connect(lambda i: self.transport.refresh()
                                         if self.tabs.widget(i) is self.transport else None)
        layout.addWidget(self.tabs, 1)
        self.tree = QTreeWidget()
        self.tree.setObjectName("villageTree")
        self.tree.setColumnCount(11)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selected)
        split.addWidget(self.tree)
        self.device_box = QGroupBox()
        dl = QVBoxLayout(self.device_box)
        self.devices = read_only_table("deviceTable", 8)
        self.devices.itemSelectionChanged.connect(self._update_buttons)
        dl.addWidget(self.devices)
        drow = QHBoxLayout()
        drow.addStretch(1)
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self.revoke)
        drow.addWidget(self.revoke_button)
        dl.addLayout(drow)
        split.addWidget(self.device_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Import from Excel…"))
        self.add_township_button.setText(self.tr("Add township…"))
        self.add_village_button.setText(self.tr("Add village…"))
        self.rename_button.setText(self.tr("Rename…"))
        self.remove_button.setText(self.tr("Remove"))
        self.enrol_button.setText(self.tr("Approve enrolment request…"))
        self.revoke_button.setText(self.tr("Revoke device…"))
        self.tabs.setTabText(0, self.tr("Areas and devices"))
        self.tabs.setTabText(1, self.tr("Transport"))
        self.transport.retranslate()
        self.expected_button.setText(self.tr("Import expected households…"))
        self.expected_button.setToolTip(self.tr(
            "An Excel sheet with a 村代码 or 行政村 column and either 应调查户数 (one row per "
            "village) or 户号/户主/姓名 (the 户籍 list, one row per household, counted per "
            "village). One bad row and nothing is imported."))
        self.set_expected_button.setText(self.tr("Set expected households…"))
        self.set_expected_button.setToolTip(self.tr(
            "Type the number of households the chosen village should survey, or clear it"))
        self.tree.setHeaderLabels([
            self.tr("Code"), self.tr("Name"), self.tr("Level"), self.tr("Households surveyed"),
            self.tr("Expected households"), self.tr("Devices"), self.tr("Last bundle"), self.tr("Created"),
            self.tr("Received"), self.tr("Days since"), self.tr("Missing sequence numbers")])
        self.devices.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Device"), self.tr("User"), self.tr("Enrolled"),
            self.tr("State"), self.tr("Bundles"), self.tr("Last bundle"),
            self.tr("Missing sequence numbers")])
        self._show()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.client.is_open:
            self.client.villages(self.set_data, self._failed)
            if self.tabs.currentWidget() is self.transport:
                self.transport.refresh()

    def set_data(self, data: tuple[list[Any], list[Any]]) -> None:
        if not self.client.is_open:          # an answer arriving after the lock
            return
        self.areas, self.statuses, *rest = data
        self.expected = rest[0] if rest else {}
        self.listed = rest[1] if len(rest) > 1 else {}
        self.loaded = True
        self._show()

    def clear(self) -> None:
        self.areas, self.statuses, self.expected, self.listed = [], [], {}, {}
        self.loaded = False
        self.message.clear()
        self.problems.clear()
        self.problems.hide()
        self.transport.clear()
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(error_text(error))

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    # -- showing ---------------------------------------------------------------------------
    def village(self, code: str) -> Any:
        return next((v for v in self.statuses if v.code == code), None)

    def _show(self) -> None:
        chosen = self.selected_code()
        self.tree.clear()
        townships: dict[str, QTreeWidgetItem] = {}
        for a in self.areas:
            if len(a.code) == 9:
                townships[a.code] = self._township_item(a.code, a.name, listed=True)
        for v in self.statuses:
            parent = townships.get(v.township)
            if parent is None:
                parent = townships[v.township] = self._township_item(v.township,
                                                                     v.township_name, False)
            parent.addChild(self._village_item(v))
        for code in sorted(townships):
            self.tree.addTopLevelItem(townships[code])
        self.tree.expandAll()
        if chosen:
            self.select(chosen)
        self._selected()

    def _township_item(self, code: str, name: str, listed: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem([code, name or self.tr("(not in the list)"), self.tr("Township")])
        item.setData(Col.CODE, CODE_ROLE, code)
        font = QFont(item.font(Col.NAME))
        font.setBold(True)
        font.setItalic(not listed)
        for c in (Col.CODE, Col.NAME):
            item.setFont(c, font)
        return item

    def _village_item(self, v: Any) -> QTreeWidgetItem:
        last = v.last_bundle
        active = [d for d in v.devices if d.active]
        expected = self.expected.get(v.code)
        cells = [v.code, v.name or self.tr("(not in the list)"), self.tr("Village"),
                 str(v.households), "" if expected is None else str(expected), str(len(active)),
                 str(last.seq) if last else self.tr("none"),
                 when_text(last.created_at) if last else "",
                 when_text(last.received_at) if last else "",
                 str(v.days_since) if v.days_since is not None else "",
                 missing_text(v.missing)]
        item = QTreeWidgetItem(cells)
        item.setData(Col.CODE, CODE_ROLE, v.code)
        for c in (Col.HOUSEHOLDS, Col.EXPECTED, Col.DEVICES, Col.LAST, Col.DAYS):
            item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if last is None:
            for c in range(Col.MISSING + 1):
                item.setBackground(c, QBrush(STALE))
            item.setToolTip(Col.LAST, self.tr("No bundle received from this village yet"))
        if v.missing:
            item.setForeground(Col.MISSING, QBrush(MISSING))
            item.setToolTip(Col.MISSING, self.tr(
                "Bundles with these sequence numbers never arrived: ask the village to bring "
                "them (or to export again)"))
        if not v.listed:
            font = QFont(item.font(Col.NAME))
            font.setItalic(True)
            item.setFont(Col.NAME, font)
        return item

    def village_item(self, code: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(Col.CODE, CODE_ROLE) == code:
                return top
            for j in range(top.childCount()):
                if top.child(j).data(Col.CODE, CODE_ROLE) == code:
                    return top.child(j)
        return None

    def select(self, code: str) -> bool:
        item = self.village_item(code)
        if item is not None:
            self.tree.setCurrentItem(item)
        return item is not None

    def selected_code(self) -> str:
        items = self.tree.selectedItems()
        return items[0].data(Col.CODE, CODE_ROLE) if items else ""

    def _selected(self) -> None:
        code = self.selected_code()
        villages = [v for v in self.statuses if code and v.code.startswith(code)]
        self.shown_devices = [(v, d) for v in villages for d in v.devices]
        name = next((a.name for a in self.areas if a.code == code), "")
        self.device_box.setTitle(self.tr("Devices of {area}").replace(
            "{area}", f"{code} {name}".strip()) if code else self.tr("Devices"))
        self.devices.setRowCount(len(self.shown_devices))
        for r, (v, d) in enumerate(self.shown_devices):
            state = (self.tr("revoked {when}: {reason}").replace(
                "{when}", when_text(d.revoked_at)).replace("{reason}", d.revoke_reason or "")
                     if d.revoked_at else self.tr("active"))
            last = (self.tr("{seq} (received {when})").replace("{seq}", str(d.last.seq)).replace(
                "{when}", when_text(d.last.received_at)) if d.last else self.tr("none"))
            cells = (v.name or v.code, d.device_name or d.device_id[:8], d.user_name,
                     when_text(d.enrolled_at), state, str(d.bundles), last,
                     missing_text(d.missing))
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c == 7 and d.missing:
                    cell.setForeground(QBrush(MISSING))
                if c == 4 and d.revoked_at:
                    cell.setForeground(QBrush(QColor("#777777")))
                self.devices.setItem(r, c, cell)
        self._update_buttons()

    def selected_device(self) -> Any:
        rows = {i.row() for i in self.devices.selectedItems()}
        if len(rows) != 1:
            return None
        return self.shown_devices[rows.pop()][1]

    def _update_buttons(self) -> None:
        code = self.selected_code()
        open_ = self.client.is_open and self.loaded
        for b in (self.import_button, self.add_township_button, self.add_village_button,
                  self.enrol_button, self.expected_button):
            b.setEnabled(open_)
        listed = any(a.code == code for a in self.areas)
        self.rename_button.setEnabled(open_ and listed)
        self.remove_button.setEnabled(open_ and listed)
        self.set_expected_button.setEnabled(open_ and listed and len(code) == 12)
        device = self.selected_device()
        self.revoke_button.setEnabled(open_ and device is not None and device.active)

    # -- editing the list ------------------------------------------------------------------
    def _keep(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: setattr(self, "dialog", None)
                                if self.dialog is d else None)
        dialog.open()
        return dialog

    def add(self, level: str) -> AreaDialog:
        code = self.selected_code()
        prefix = code[:9] if level == "village" and code else (
            self.client.village_code if level == "township" else "")
        dialog = AreaDialog(level, self, code=prefix)
        dialog.submitted.connect(lambda c, n: self._edit("add", c, n, dialog))
        return self._keep(dialog)

    def rename(self) -> AreaDialog | None:
        code = self.selected_code()
        area = next((a for a in self.areas if a.code == code), None)
        if area is None:
            return None
        dialog = AreaDialog("rename", self, code=area.code, name=area.name)
        dialog.submitted.connect(lambda c, n: self._edit("rename", c, n, dialog))
        return self._keep(dialog)

    def _edit(self, action: str, code: str, name: str, dialog: AreaDialog | None) -> None:
        def done(_result: Any) -> None:
            if dialog is not None:
                dialog.accept()
            self._say({"add": self.tr("Added {code} {name}."),
                       "rename": self.tr("Renamed {code} to {name}."),
                       "remove": self.tr("Removed {code}.")}[action].replace(
                "{code}", code).replace("{name}", name))
            self.refresh()
            self.areas_changed.emit()

        def failed(error: BaseException) -> None:
            if dialog is not None:
                dialog.refused(error_text(error))
            else:
                self._failed(error)
        self.client.edit_area(action, code, name, done, failed)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def remove(self) -> None:
        code = self.selected_code()
        area = next((a for a in self.areas if a.code == code), None)
        if area is None:
            return
        if self.confirm(self.tr("Remove"), self.tr("Remove {code} {name} from the list?")
                        .replace("{code}", code).replace("{name}", area.name)):
            self._edit("remove", code, area.name, None)

    # -- import from Excel -----------------------------------------------------------------
    def ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Township and village list"), "",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.problems.clear()
        self.problems.hide()
        self._say(self.tr("Reading {file}…").replace("{file}", path.name))
        self.client.import_areas(path, self._imported, self._import_failed)

    def _imported(self, counts: dict[str, int]) -> None:
        self._say(self.tr("Imported {t} townships and {v} villages; they go to the villages "
                          "with the next setup files and return bundles.").replace(
            "{t}", str(counts["townships"])).replace("{v}", str(counts["villages"])))
        self.refresh()
        self.areas_changed.emit()

    def _ask_expected(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Expected households"), "",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if name:
            self.import_expected(Path(name))

    def import_expected(self, path: Path) -> None:
        self.problems.clear()
        self.problems.hide()
        self._say(self.tr("Reading {file}…").replace("{file}", path.name))
        self.client.import_expected(path, self._expected_imported, self._import_failed)

    def _expected_imported(self, result: dict[str, Any]) -> None:
        kind = (self.tr("a 户籍 list, households counted per village")
                if result["kind"] == "register" else self.tr("a sheet of numbers"))
        self._say(self.tr("Read {kind}: {villages} villages, {changed} changed; villages the "
                          "file does not name keep their number.").replace("{kind}", kind)
                  .replace("{villages}", str(result["villages"]))
                  .replace("{changed}", str(len(result["changed"]))))
        self.refresh()
        self.areas_changed.emit()

    def edit_expected(self) -> ExpectedDialog | None:
        """The chosen village's expected households, typed (or cleared) in a small dialog."""
        code = self.selected_code()
        area = next((a for a in self.areas if a.code == code and len(code) == 12), None)
        if area is None:
            return None
        number = None if code in self.listed else self.expected.get(code)
        dialog = ExpectedDialog(code, area.name, number, listed=self.listed.get(code),
                                parent=self)

        def submitted(village: str, households: int | None) -> None:
            def done(changed: list[Any]) -> None:
                dialog.accept()
                self._say(self.tr("Expected households of {code} {name}: {n}.").replace(
                    "{code}", village).replace("{name}", area.name).replace(
                    "{n}", self.tr("not set") if households is None else str(households))
                    if changed else self.tr("Nothing changed."))
                self.refresh()
                self.areas_changed.emit()
            self.client.set_expected(village, households, done,
                                     lambda error: dialog.refused(error_text(error)))
        dialog.submitted.connect(submitted)
        return self._keep(dialog)

    def _import_failed(self, error: BaseException) -> None:
        self._failed(error)
        problems = getattr(error, "problems", None) or []
        zh = current_language().startswith("zh")
        for p in problems:
            where = self.tr("row {row}").replace("{row}", str(p.row))
            if p.column:
                where += ", " + self.tr("column {column}").replace("{column}", p.column)
            self.problems.addItem(f"{where}: {p.zh if zh else p.en}")
        self.problems.setVisible(bool(problems))

    # -- devices ---------------------------------------------------------------------------
    def show_enrol(self) -> CountyEnrolDialog:
        dialog = CountyEnrolDialog(self.client, self)
        dialog.approved.connect(lambda _b: self.refresh())
        return self._keep(dialog)

    def revoke(self) -> RevokeDialog | None:
        device = self.selected_device()
        if device is None or not device.active:
            return None
        village = self.village(device.code)
        dialog = RevokeDialog(device.device_name or device.device_id[:8],
                              f"{device.code} {village.name if village else ''}".strip(), self)

        def accepted() -> None:
            self.client.revoke(device.device_id, dialog.reason_text(), lambda _r: (
                self._say(self.tr("Revoked {device}.").replace(
                    "{device}", device.device_name or device.device_id[:8])),
                self.refresh()), self._failed)
        dialog.accepted.connect(accepted)
        return self._keep(dialog)
