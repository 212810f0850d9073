"""The county's definitions (forms.CountySettings): labour-age bounds, the upper bound for
脱贫劳动力, and whether 务农 counts as employed. They change every indicator, so the dialog
says so; the store keeps them audited (`sync.county_settings`) and the next figures are
computed under them. Below them, the 周通报's weights and the base week of 零就业家庭消除进度
(reports/weekly.py): they change the weekly rankings computed from then on, not those kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
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
        layout.addWidget(self._weekly_box(settings))
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

    def _weekly_box(self, settings: Any) -> QGroupBox:
        box = QGroupBox(self.tr("Weekly ranking (周通报): weights in the total score"))
        form = QFormLayout(box)
        self.weights = {}
        for name, label in (
                ("weekly_weight_progress", self.tr("Survey progress (台账建立进度)")),
                ("weekly_weight_return_rate", self.tr("Return-to-work employment rate")),
                ("weekly_weight_return_rise", self.tr("Its rise since the previous week")),
                ("weekly_weight_zero", self.tr("Zero-employment households eliminated")),
                ("weekly_weight_spot", self.tr("Phone spot-check accuracy"))):
            spin = QSpinBox()
            spin.setObjectName(name)
            spin.setRange(0, 100)
            spin.setValue(getattr(settings, name))
            self.weights[name] = spin
            form.addRow(label, spin)
        self.base_on = QCheckBox(self.tr("Base week of the elimination (else the first week "
                                         "kept)"))
        self.base_on.setChecked(settings.weekly_zero_base is not None)
        self.base = QDateEdit()
        self.base.setObjectName("weeklyZeroBase")
        self.base.setCalendarPopup(True)
        self.base.setDisplayFormat("yyyy-MM-dd")
        base = dt.date.fromisoformat(settings.weekly_zero_base or dt.date.today().isoformat())
        self.base.setDate(QDate(base.year, base.month, base.day))
        self.base.setEnabled(self.base_on.isChecked())
        self.base_on.toggled.connect(self.base.setEnabled)
        form.addRow(self.base_on, self.base)
        return box

    def settings(self) -> Any:
        """The definitions as set; ValueError when the bounds do not make sense."""
        return forms.CountySettings(
            labour_age_min=self.age_min.value(),
            labour_age_max_male=self.age_max_male.value(),
            labour_age_max_female=self.age_max_female.value(),
            poverty_labour_age_max=self.poverty_max.value() if self.poverty_on.isChecked()
            else None,
            farming_counts_as_employed=self.farming.isChecked(), time_zone=self._time_zone,
            weekly_zero_base=self.base.date().toString("yyyy-MM-dd") if self.base_on.isChecked()
            else None, **{name: spin.value() for name, spin in self.weights.items()})

    def _submit(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            self.message.setText(self.tr("At least one weekly weight must be above 0.")
                                 if "weekly weight" in str(exc) else
                                 self.tr("The upper bounds must be above the lower bound."))
            return
        self.submitted.emit(settings)

    def refused(self, text: str) -> None:
        self.message.setText(text)
