"""The county's definitions (forms.CountySettings): labour-age bounds, the upper bound for
脱贫劳动力, and whether 务农 counts as employed. They change every indicator, so the dialog
says so; the store keeps them audited (`sync.county_settings`) and the next figures are
computed under them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mopai import forms


def _spin(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(10, 80)
    box.setValue(value)
    return box


class CountySettingsDialog(QDialog):
    submitted = Signal(object)          # forms.CountySettings

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._time_zone = settings.time_zone  # kept as set (`mopai settings --set time_zone=…`)
        self.setObjectName("countySettingsDialog")
        self.setWindowTitle(self.tr("County definitions"))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("These definitions change every indicator of every village and "
                              "township; a change is recorded in the audit log."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.age_min = _spin(settings.labour_age_min)
        self.age_max_male = _spin(settings.labour_age_max_male)
        self.age_max_female = _spin(settings.labour_age_max_female)
        self.poverty_on = QCheckBox(self.tr("A different upper bound for 脱贫劳动力"))
        self.poverty_on.setChecked(settings.poverty_labour_age_max is not None)
        self.poverty_max = _spin(settings.poverty_labour_age_max or 65)
        self.poverty_max.setEnabled(self.poverty_on.isChecked())
        self.poverty_on.toggled.connect(self.poverty_max.setEnabled)
        self.farming = QCheckBox(self.tr("务农 counts as employed"))
        self.farming.setChecked(settings.farming_counts_as_employed)
        form.addRow(self.tr("Labour age from"), self.age_min)
        form.addRow(self.tr("Labour age up to (men, not included)"), self.age_max_male)
        form.addRow(self.tr("Labour age up to (women, not included)"), self.age_max_female)
        form.addRow(self.poverty_on, self.poverty_max)
        form.addRow(self.farming)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("countySettingsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def settings(self) -> Any:
        """The definitions as set; ValueError when the bounds do not make sense."""
        return forms.CountySettings(
            labour_age_min=self.age_min.value(),
            labour_age_max_male=self.age_max_male.value(),
            labour_age_max_female=self.age_max_female.value(),
            poverty_labour_age_max=self.poverty_max.value() if self.poverty_on.isChecked()
            else None,
            farming_counts_as_employed=self.farming.isChecked(), time_zone=self._time_zone)

    def _submit(self) -> None:
        try:
            settings = self.settings()
        except ValueError:
            self.message.setText(self.tr("The upper bounds must be above the lower bound."))
            return
        self.submitted.emit(settings)

    def refused(self, text: str) -> None:
        self.message.setText(text)
