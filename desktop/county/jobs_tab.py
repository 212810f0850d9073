"""The county dashboard's 岗位信息 tab (issue 21), and a township office's 岗位信息 page: the job
postings held, with buttons to add, edit, close (or reopen) one and to import a sheet (the
same as `mopai jobs import`: all or nothing, every problem named). Postings reach the villages
with the next return bundles (a township's: through the county, after its data bundle)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import trades
from mopai.sync.jobs import EDUCATION_NAMES, SEX_NAMES, Posting

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text
from ..widgets.tables import read_only_table
from .job_dialog import JobDialog

ID_ROLE = Qt.ItemDataRole.UserRole + 3


class JobsTab(QWidget):
    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None, *, township: str = "") -> None:
        """`township`: in a township office's app, its code: new postings are its own
        township's (it may change only those; the county's it holds are listed)."""
        super().__init__(parent)
        self.client = client
        self.township = township
        self.presenter = presenter
        self.postings: list[Posting] = []
        self.townships: dict[str, str] = {}
        self.dialog: JobDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("jobsSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, slot in (("add", self.add), ("edit", self.edit), ("close", self.toggle),
                           ("import", self.import_sheet)):
            button = QPushButton()
            button.setObjectName(f"jobs_{name}")
            button.clicked.connect(slot)
            top.addWidget(button)
            self.buttons[name] = button
        layout.addLayout(top)
        self.table = read_only_table("jobsTable", 9)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("jobsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.buttons["add"].setText(self.tr("Add…"))
        self.buttons["edit"].setText(self.tr("Edit…"))
        self.buttons["import"].setText(self.tr("Import a sheet…"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Employer"), self.tr("Post"), self.tr("Trade"), self.tr("Place"),
            self.tr("Monthly pay (yuan)"), self.tr("Requirements"), self.tr("Closing date"),
            self.tr("Sent to"), self.tr("State")])
        self._show()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.client.is_open:
            self.client.jobs(self.set_postings, self._failed)
            self.client.area_names(self._names)

    def _names(self, names: dict[str, str]) -> None:
        self.townships = {c: n for c, n in names.items() if len(c) == 9}
        self._show()

    def set_postings(self, postings: list[Posting]) -> None:
        self.postings = postings
        self._show()

    def current(self) -> Posting | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        job_id = item.data(ID_ROLE) if item is not None else None
        return next((p for p in self.postings if p.job_id == job_id), None)

    # -- actions ---------------------------------------------------------------------------
    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        posting = self.current()
        if posting is not None:
            self._open(posting)

    def _open(self, posting: Posting | None) -> None:
        dialog = self.dialog = JobDialog(posting, townships=self.townships, own=self.township,
                                         parent=self)
        dialog.submitted.connect(self._save)
        dialog.open()

    def _save(self, job_id: str | None, values: dict[str, Any]) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.client.save_job(job_id, values, self._saved,
                             lambda e: dialog.refused(error_text(e)), area=dialog.area_code())

    def _saved(self, posting: Posting) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        self.message.setText(self.tr("Saved: {post}. It reaches the villages with the next "
                                     "return bundles.").replace("{post}", posting.title))
        self.refresh()

    def toggle(self) -> None:
        posting = self.current()
        if posting is None:
            return
        self.client.close_job(posting.job_id, lambda _p: self.refresh(), self._failed,
                              reopen=posting.status != "open")

    def import_sheet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import job postings"), "",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        self.message.clear()
        self.client.import_jobs(path, self._imported, self._import_failed)

    def _imported(self, counts: dict[str, int]) -> None:
        self.message.setText(self.tr("Imported: {added} new, {updated} updated, {unchanged} "
                                     "unchanged.").replace("{added}", str(counts["added"]))
                             .replace("{updated}", str(counts["updated"]))
                             .replace("{unchanged}", str(counts["unchanged"])))
        self.refresh()

    def _import_failed(self, error: BaseException) -> None:
        lines = [error_text(error)]
        lines += [f"{p.row}{p.column and ' ' + p.column}: {p.zh}"
                  for p in getattr(error, "problems", [])[:50]]
        self.message.setText("\n".join(lines))

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        if self.presenter is not None:
            self.presenter(error)

    # -- showing ---------------------------------------------------------------------------
    def _selected(self) -> None:
        posting = self.current()
        self.buttons["edit"].setEnabled(posting is not None)
        self.buttons["close"].setEnabled(posting is not None)
        self.buttons["close"].setText(self.tr("Reopen") if posting is not None
                                      and posting.status != "open" else self.tr("Close"))

    def _show(self) -> None:
        shown = self.postings
        n_open = sum(p.status == "open" for p in shown)
        self.summary.setText(self.tr("{open} open postings, {closed} closed.")
                             .replace("{open}", str(n_open))
                             .replace("{closed}", str(len(shown) - n_open)))
        self.table.setRowCount(len(shown))
        for i, p in enumerate(shown):
            pay = "–".join(str(v) for v in (p.pay_min, p.pay_max) if v is not None)
            ages = "–".join(str(v) for v in (p.age_min, p.age_max) if v is not None)
            needs = "，".join(t for t in (f"{ages}岁" if ages else "",
                                         SEX_NAMES.get(p.sex, "") if p.sex else "",
                                         EDUCATION_NAMES.get(p.education, "") + "及以上"
                                         if p.education else "") if t)
            area = self.tr("Whole county") if len(p.area) == 6 \
                else self.townships.get(p.area, p.area)
            cells = (p.employer, p.title, trades.name(p.trade), p.place, pay, needs, p.deadline,
                     area, self.tr("Open") if p.status == "open" else self.tr("Closed"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, p.job_id)
                self.table.setItem(i, c, item)
        self._selected()
