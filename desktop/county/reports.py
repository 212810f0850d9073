"""The county's 报表 page: the summary workbook of the whole county, and the ledger (台账) of
one village or township, each written to a file the person chooses, and the analysts' data
files (csv, SPSS, Stata) written to a folder, on the store worker with the delayed progress
dialog (`reports.summary`, `reports.ledger`, `reports.export`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text


class ReportsPage(QWidget):
    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.areas: list[Any] = []
        self.written: Path | None = None
        self.running = False
        layout = QVBoxLayout(self)
        self.summary_box = QGroupBox()
        sl = QVBoxLayout(self.summary_box)
        self.summary_text = QLabel()
        self.summary_text.setWordWrap(True)
        sl.addWidget(self.summary_text)
        self.summary_button = QPushButton()
        self.summary_button.clicked.connect(self._ask_summary)
        sl.addWidget(self.summary_button)
        layout.addWidget(self.summary_box)
        self.ledger_box = QGroupBox()
        ll = QVBoxLayout(self.ledger_box)
        self.ledger_text = QLabel()
        self.ledger_text.setWordWrap(True)
        ll.addWidget(self.ledger_text)
        row = QHBoxLayout()
        self.area = QComboBox()
        self.area.setObjectName("ledgerArea")
        self.area.setMinimumWidth(280)
        row.addWidget(self.area)
        # the language of the form's texts in the ledger (decision 55: Chinese unless asked)
        self.language = QComboBox()
        self.language.setObjectName("ledgerLanguage")
        row.addWidget(self.language)
        self.ledger_button = QPushButton()
        self.ledger_button.clicked.connect(self._ask_ledger)
        row.addWidget(self.ledger_button)
        row.addStretch(1)
        ll.addLayout(row)
        layout.addWidget(self.ledger_box)
        self.export_box = QGroupBox()
        el = QHBoxLayout(self.export_box)
        self.export_format = QComboBox()
        self.export_format.setObjectName("exportFormat")
        for fmt in ("csv", "sav", "dta"):
            self.export_format.addItem(fmt, fmt)
        el.addWidget(self.export_format)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        el.addWidget(self.export_button)
        el.addStretch(1)
        layout.addWidget(self.export_box)
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.summary_box.setTitle(self.tr("County summary workbook"))
        self.summary_text.setText(self.tr(
            "Figures by township and village, the 零就业家庭 list, the 一库五册 rosters, data "
            "quality and the township rankings, in one Excel workbook."))
        self.summary_button.setText(self.tr("Make the summary workbook…"))
        self.ledger_box.setTitle(self.tr("Ledger (台账)"))
        self.ledger_text.setText(self.tr("One row per person of a village or a township."))
        self.ledger_button.setText(self.tr("Make the ledger…"))
        self.export_box.setTitle(self.tr("Data for analysts"))
        for i, text in enumerate((self.tr("csv (Excel, WPS)"), self.tr("sav (SPSS)"),
                                  self.tr("dta (Stata 14+, SPSS)"))):
            self.export_format.setItemText(i, text)
        self.export_button.setText(self.tr("Export households and persons to a folder…"))
        self.language.setToolTip(self.tr(
            "The language of the questions and choices in the ledger; the ledger's own "
            "words stay Chinese"))
        self._fill_languages()
        self._fill_areas()

    def _fill_languages(self) -> None:
        """Chinese first (the official ledger; a text without Chinese falls back to the
        form's default language), then every other language of the current form."""
        current = self.language.currentData()
        self.language.clear()
        self.language.addItem(self.tr("Chinese (official)"), "")
        form = self.client.form if self.client.is_open else None
        for code, name in (form.language_names().items() if form is not None else ()):
            if code.split("_")[0].split("-")[0].lower() != "zh":
                self.language.addItem(name, code)
        index = self.language.findData(current)
        self.language.setCurrentIndex(max(index, 0))

    def refresh(self) -> None:
        if self.client.is_open:
            self._fill_languages()            # the form may have changed (a publish)
            self.client.villages(lambda data: self.set_areas(data[0]))

    def set_areas(self, areas: list[Any]) -> None:
        if self.client.is_open:
            self.areas = list(areas)
            self._fill_areas()

    def clear(self) -> None:
        self.areas, self.written = [], None
        self.message.clear()
        self._fill_areas()

    def _fill_areas(self) -> None:
        current = self.area.currentData()
        self.area.clear()
        for a in self.areas:
            if len(a.code) in (9, 12):
                indent = "    " if len(a.code) == 12 else ""
                self.area.addItem(f"{indent}{a.code} {a.name}", a.code)
        index = self.area.findData(current)
        if index >= 0:
            self.area.setCurrentIndex(index)
        self._update()

    def _update(self) -> None:
        idle = self.client.is_open and not self.running
        self.summary_button.setEnabled(idle)
        self.ledger_button.setEnabled(idle and self.area.count() > 0)
        self.export_button.setEnabled(idle)

    # -- making ----------------------------------------------------------------------------
    def _ask_summary(self) -> None:
        name = self.tr("summary") + f"-{self.client.village_code}-{dt.date.today():%Y%m%d}.xlsx"
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Save the summary workbook"),
                                             str(Path.home() / name),
                                             self.tr("Excel workbooks (*.xlsx)"))
        if out:
            self.make("summary", Path(out))

    def _ask_ledger(self) -> None:
        code = self.area.currentData()
        if not code:
            return
        name = self.tr("ledger") + f"-{code}-{dt.date.today():%Y%m%d}.xlsx"
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Save the ledger"),
                                             str(Path.home() / name),
                                             self.tr("Excel workbooks (*.xlsx)"))
        if out:
            self.make("ledger", Path(out), code)

    def _ask_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for households, persons, each other repeat and the codebook"), str(Path.home()))
        if folder:
            self.make("export", Path(folder))

    def make(self, kind: str, out: Path, area: str = "") -> None:
        if self.running:
            return
        self.running = True
        self.written = None
        self._update()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Writing {file}…").replace("{file}", out.name))
        label = {"summary": self.tr("Writing the summary workbook…"),
                 "export": self.tr("Exporting the data…")}.get(kind, self.tr("Writing the ledger…"))
        self.client.write_report(kind, out, lambda _r: self._done(out), self._failed,
                                 area=area, label=label, fmt=self.export_format.currentData(),
                                 language=self.language.currentData() or "")

    def _done(self, out: Path) -> None:
        self.running = False
        self.written = out
        self._update()
        self.message.setText(self.tr("Written: {file}").replace("{file}", str(out)))

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self._update()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(error_text(error))
