"""Settings: language, font size, idle auto-lock. Applied at once and kept in settings.json."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from ..widgets.wheel import guard_wheel
from .settings import FONT_SIZES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 form_languages: dict[str, str] | None = None) -> None:
        """``form_languages``: the open questionnaire's languages (code -> as written)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        layout = QFormLayout(self)
        self.language = QComboBox()
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.font_size = QComboBox()
        for size in FONT_SIZES:
            self.font_size.addItem(str(size), size)
        index = self.font_size.findData(settings.font_size)
        if index < 0:
            self.font_size.addItem(str(settings.font_size), settings.font_size)
            index = self.font_size.count() - 1
        self.font_size.setCurrentIndex(index)
        self.form_language = QComboBox()
        self.form_language.addItem(self.tr("Same as the app"), "")
        languages = dict(form_languages or {})
        if settings.form_language and settings.form_language not in languages:
            languages[settings.form_language] = settings.form_language
        for code, name in languages.items():
            self.form_language.addItem(name, code)
        self.form_language.setCurrentIndex(
            max(self.form_language.findData(settings.form_language), 0))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(settings.idle_lock_minutes)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("Never lock"))
        layout.addRow(self.tr("Language"), self.language)
        layout.addRow(self.tr("Questionnaire language"), self.form_language)
        layout.addRow(self.tr("Font size"), self.font_size)
        layout.addRow(self.tr("Lock after idle"), self.idle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        guard_wheel(self)      # the wheel changes a value only of the field being edited

    def result_settings(self, base: Settings) -> Settings:
        return Settings(language=self.language.currentData(),
                        font_size=int(self.font_size.currentData()),
                        idle_lock_minutes=self.idle.value(),
                        autosave_seconds=base.autosave_seconds, last_user=base.last_user,
                        form_language=self.form_language.currentData())
