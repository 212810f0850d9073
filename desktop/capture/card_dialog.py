"""Print household cards (明白卡, issue 22): one household's, or its whole village's, to a PDF
(docs/desktop.md "The household card").

Opened from the household list (the selected household, or the village) and the editor (the
household on screen, as last saved). The PDF is written on the store's worker
(`StoreClient.print_cards`, desktop/capture/card_print.py); the file is chosen first, and a
refusal (no household saved yet, an unknown village) is shown in the dialog with nothing
written. The cards are printed from the PDF with any PDF reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..widgets.error_dialog import error_text


class CardDialog(QDialog):
    written = Signal(str, int)        # the PDF, the number of households in it

    def __init__(self, client: StoreClient, parent: QWidget | None = None, *,
                 household: str | None = None, village: str = "") -> None:
        super().__init__(parent)
        self.client = client
        self.household = household
        self.village = village
        self.setObjectName("cardDialog")
        self.setWindowTitle(self.tr("Household cards"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.one = QRadioButton(self.tr("This household"))
        self.one.setObjectName("cardOne")
        self.all = QRadioButton(self.tr("Every household of village {code}")
                                .replace("{code}", village or "—"))
        self.all.setObjectName("cardVillage")
        self.one.setEnabled(bool(household))
        self.all.setEnabled(bool(village))
        (self.one if household else self.all).setChecked(True)
        form.addRow(self.tr("Print"), self.one)
        form.addRow("", self.all)
        self.size = QComboBox()
        self.size.setObjectName("cardSize")
        self.size.addItem(self.tr("A4 portrait"), "A4")
        self.size.addItem(self.tr("A5 portrait"), "A5")
        form.addRow(self.tr("Paper"), self.size)
        # the village contact the cards name (kept on this laptop, per village)
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("cardContactName")
        self.contact_phone = QLineEdit()
        self.contact_phone.setObjectName("cardContactPhone")
        self.contact_phone.setPlaceholderText("13800000000 / 0731-12345678")
        self._contact: tuple[str, str] = ("", "")
        form.addRow(self.tr("Village contact"), self.contact_name)
        form.addRow(self.tr("Contact phone"), self.contact_phone)
        self.contact_name.setEnabled(False)
        self.contact_phone.setEnabled(False)
        if village:
            client.card_contact(village, self._show_contact, lambda _e: None)
        layout.addLayout(form)
        note = QLabel(self.tr("The card shows each household as last saved. The QR code holds "
                              "only a reference: scanning it in Mopai opens the household."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.result = QLabel()
        self.result.setObjectName("cardResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _show_contact(self, contact: dict[str, str]) -> None:
        self._contact = (contact.get("name", ""), contact.get("phone", ""))
        self.contact_name.setText(self._contact[0])
        self.contact_phone.setText(self._contact[1])
        self.contact_name.setEnabled(True)
        self.contact_phone.setEnabled(True)

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = (f"明白卡-{self.village}.pdf" if self.all.isChecked()
                else f"明白卡-{(self.household or '')[:8]}.pdf")
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Save the household cards"),
                                             str(Path(folder) / name), "PDF (*.pdf)")
        if out:
            self.write(Path(out))

    def write(self, out: Path) -> Any:  # noqa: ANN401 - the worker's Job
        """Write the chosen cards to `out` (the file dialog's answer; tests call it)."""
        self.buttons.setEnabled(False)
        self.result.setText(self.tr("Writing…"))
        whole = self.all.isChecked()

        def done(n: int) -> None:
            self.buttons.setEnabled(True)
            self.result.setText(self.tr("{n} household cards written to {path}. Open the PDF "
                                        "to print them.").replace("{n}", str(n))
                                .replace("{path}", str(out)))
            self.written.emit(str(out), n)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.result.setText(error_text(exc))
        def write(_: Any = None) -> Any:  # noqa: ANN401 - the worker's Job
            return self.client.print_cards(
                out, done, failed, village=self.village if whole else "",
                household="" if whole else (self.household or ""),
                size=self.size.currentData(), label=self.tr("Writing the household cards"))

        contact = (self.contact_name.text().strip(), self.contact_phone.text().strip())
        if self.village and self.contact_name.isEnabled() and contact != self._contact:
            def kept(_: Any) -> None:  # noqa: ANN401
                self._contact = contact
                write()
            # kept first (a bad phone number is refused, and nothing is written)
            return self.client.set_card_contact(self.village, *contact, kept, failed)
        return write()
