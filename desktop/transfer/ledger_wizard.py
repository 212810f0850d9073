"""导入台账: the wizard over `mopai ledger import` (sync/ledger_in.py), for a village or the
county: pick the file → the columns, each with the question it fills (unmatched first) →
each unknown value, asked once → the preview with every problem and what would be
overwritten → import (one transaction; only the sound households when the user says so).

The reading and the preview run on the store worker (`StoreClient.ledger_preview`); the pages
only show what it returns and collect the user's choices into the mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import ledger_terms

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text

FILE, COLUMNS, VALUES, PREVIEW, DONE = range(5)
LEAVE = "\x00leave"  # a value the user leaves unanswered


class LedgerWizard(QDialog):
    imported = Signal(object)   # sync.ledger_in.Imported

    def __init__(self, client: StoreClient, village: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client, self.village = client, village
        self.path: Path | None = None
        self.preview: Any = None
        self.setWindowTitle(self.tr("Import a ledger"))
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        # 1. the file
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel(self.tr("Choose the ledger to import: an Excel workbook (.xlsx or "
                                     ".xls, also saved from WPS) or a CSV file (UTF-8 or GBK).")))
        self.pick = QPushButton(self.tr("Choose a file…"))
        self.pick.clicked.connect(self._choose)
        box.addWidget(self.pick)
        self.file_label = QLabel()
        box.addWidget(self.file_label)
        box.addStretch(1)
        self.pages.addWidget(page)
        # 2. the columns
        page = QWidget()
        box = QVBoxLayout(page)
        self.columns_note = QLabel()
        self.columns_note.setWordWrap(True)
        box.addWidget(self.columns_note)
        self.columns = QTableWidget(0, 3)
        self.columns.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Header"),
                                                self.tr("Question")])
        self.columns.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.columns)
        self.pages.addWidget(page)
        # 3. unknown values
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel(self.tr("These values are not choices of the questionnaire. "
                                     "Say once what each one means:")))
        self.values = QTableWidget(0, 4)
        self.values.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Value"),
                                               self.tr("Rows"), self.tr("Means")])
        self.values.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.values)
        self.pages.addWidget(page)
        # 4. the preview
        page = QWidget()
        box = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        box.addWidget(QLabel(self.tr("Problems (sheet, row, column):")))
        self.problems = QListWidget()
        box.addWidget(self.problems)
        box.addWidget(QLabel(self.tr("Answers in the store that would be overwritten:")))
        self.overwrites = QListWidget()
        box.addWidget(self.overwrites)
        self.accept_sound = QCheckBox(self.tr("Import only the households without problems "
                                              "(the others are written to a workbook)"))
        box.addWidget(self.accept_sound)
        self.pages.addWidget(page)
        # 5. done
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.pages.addWidget(self.result_label)

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.back = QPushButton(self.tr("Back"))
        self.back.clicked.connect(self._back)
        self.next = QPushButton(self.tr("Next"))
        self.next.clicked.connect(self._next)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        for b in (self.back, self.next, self.close_button):
            row.addWidget(b)
        layout.addLayout(row)
        self._show(FILE)

    # -- steps -------------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back.setEnabled(page in (COLUMNS, VALUES, PREVIEW))
        self.next.setEnabled(page != DONE and (page != FILE or self.preview is not None))
        self.next.setText(self.tr("Import") if page == PREVIEW else self.tr("Next"))

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a ledger"), "",
            self.tr("Ledgers (*.xlsx *.xlsm *.et *.xls *.csv);;All files (*)"))
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self._run_preview(None, then=COLUMNS)

    def _run_preview(self, mapping: Any, then: int) -> None:
        self.error.clear()
        self.next.setEnabled(False)

        def done(preview: Any) -> None:
            self.preview = preview
            if then == COLUMNS:
                self._fill_columns()
            elif preview.unknown and then == VALUES:
                self._fill_values()
            else:
                then_ = PREVIEW
                self._fill_preview()
                self._show(then_)
                return
            self._show(then)

        def failed(exc: BaseException) -> None:
            self.error.setText(error_text(exc))
            self._show(self.pages.currentIndex())
        self.client.ledger_preview(self.path, mapping, self.village, done, failed,
                                   label=self.tr("Reading the ledger"))

    def _fill_columns(self) -> None:
        led = self.preview.ledger
        form = led.form
        unmatched = led.unmatched()
        order = unmatched + [i for i in range(len(led.header.titles)) if i not in unmatched]
        order = [i for i in order if led.header.titles[i]]
        self.columns_note.setText(self.tr("Sheet {sheet}, header on row {rows}. {n} column(s) "
                                          "are not matched to a question (listed first).")
                                  .format(sheet=led.header.sheet,
                                          rows="-".join(map(str, led.header.rows)),
                                          n=len(unmatched)))
        self.columns.setRowCount(len(order))
        self._column_index = order
        from mopai.sync.ledger_read import column_letter

        targets = ledger_terms.targets(form)
        for r, i in enumerate(order):
            self.columns.setItem(r, 0, QTableWidgetItem(column_letter(i)))
            self.columns.setItem(r, 1, QTableWidgetItem(led.header.titles[i]))
            combo = QComboBox()
            combo.addItem(ledger_terms.target_label(form, None), None)
            for t in targets:
                combo.addItem(ledger_terms.target_label(form, t), t)
            current = led.mapping.columns[i]
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            self.columns.setCellWidget(r, 2, combo)

    def column_mapping(self) -> Any:
        """The mapping as the user set it on the columns page."""
        mapping = self.preview.ledger.mapping
        columns = list(mapping.columns)
        for r, i in enumerate(self._column_index):
            columns[i] = self.columns.cellWidget(r, 2).currentData()
        return type(mapping)(list(mapping.headers), columns, dict(mapping.values))

    def _fill_values(self) -> None:
        led = self.preview.ledger
        rows = [(t, text, n) for t, spelled in self.preview.unknown.items()
                for text, n in spelled.items()]
        self._value_rows = rows
        self.values.setRowCount(len(rows))
        for r, (target, text, n) in enumerate(rows):
            q = ledger_terms.question(led.form, target)
            self.values.setItem(r, 0, QTableWidgetItem(ledger_terms.target_label(led.form,
                                                                                 target)))
            self.values.setItem(r, 1, QTableWidgetItem(text))
            self.values.setItem(r, 2, QTableWidgetItem(str(n)))
            combo = QComboBox()
            combo.addItem(self.tr("(choose)"), "")
            combo.addItem(self.tr("(leave unanswered)"), LEAVE)
            for c in q.choices.choices if q is not None and q.choices is not None else ():
                combo.addItem(c.label.get("zh_CN") or c.name, c.name)
            self.values.setCellWidget(r, 3, combo)

    def value_mapping(self) -> Any:
        mapping = self.preview.ledger.mapping
        values = {t: dict(v) for t, v in mapping.values.items()}
        for r, (target, text, _n) in enumerate(self._value_rows):
            choice = self.values.cellWidget(r, 3).currentData()
            if choice:
                values.setdefault(target, {})[ledger_terms.loose(text)] = (
                    None if choice == LEAVE else choice)
        return type(mapping)(list(mapping.headers), list(mapping.columns), values)

    def _fill_preview(self) -> None:
        p = self.preview
        self.summary.setText(self.tr(
            "{households} household(s), {people} people: {new} new, {updated} updated, "
            "{same} unchanged; {problems} problem(s).").format(
                households=len(p.households), people=p.people, new=len(p.new),
                updated=len(p.updated), same=len(p.unchanged), problems=len(p.problems)))
        self.problems.clear()
        self.problems.addItems([x.line() for x in p.problems])
        self.overwrites.clear()
        self.overwrites.addItems([f"{o.household_no} {o.who} {o.question}: {o.old} → {o.new}"
                                  for o in p.overwrites])
        self.accept_sound.setEnabled(bool(p.problems))
        self.accept_sound.setChecked(False)

    def _next(self) -> None:
        page = self.pages.currentIndex()
        if page == FILE and self.preview is not None:
            self._show(COLUMNS)
        elif page == COLUMNS:
            self._run_preview(self.column_mapping(), then=VALUES)
        elif page == VALUES:
            self._run_preview(self.value_mapping(), then=PREVIEW)
        elif page == PREVIEW:
            self.run_import()

    def _back(self) -> None:
        page = self.pages.currentIndex()
        self._show(VALUES if page == PREVIEW and self.preview.unknown else
                   COLUMNS if page in (PREVIEW, VALUES) else FILE)

    def run_import(self, rejected: Path | None = None) -> None:
        p = self.preview
        if p.problems and not self.accept_sound.isChecked():
            self.error.setText(self.tr("The ledger has problems: correct them in the file, or "
                                       "tick “Import only the households without problems”."))
            return
        if p.problems and rejected is None and self.path is not None:
            rejected = self.path.with_name(self.path.stem + "-未导入.xlsx")
        self.next.setEnabled(False)

        def done(result: Any) -> None:
            text = self.tr("Imported: {new} new, {updated} updated, {same} unchanged, "
                           "{rejected} not imported ({drafts} saved as drafts).").format(
                new=result.new, updated=result.updated, same=result.unchanged,
                rejected=result.rejected, drafts=result.drafts)
            if rejected is not None and p.problems:
                text += "\n" + self.tr("Rows not imported, with the reasons: {path}").format(
                    path=rejected)
            self.result_label.setText(text)
            self._show(DONE)
            self.imported.emit(result)

        def failed(exc: BaseException) -> None:
            self.error.setText(error_text(exc))
            self._show(PREVIEW)
        self.client.ledger_import(p, self.accept_sound.isChecked(), rejected, done, failed,
                                  label=self.tr("Importing the ledger"))
