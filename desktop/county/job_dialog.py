"""Enter or edit one job posting (岗位信息, issue 21) at the county or a township office (its
own township's).

The dialog only gathers the values; the store checks them (`sync.jobs.check`, the same
checks as a sheet's rows) on the worker, and a refusal comes back in the message line with
every problem named, the values kept for correcting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import trades
from mopai.sync.jobs import EDUCATION, EDUCATION_NAMES, SEX_NAMES, Posting

NONE = 0  # a spin box at its lowest shows "—": no value


class JobDialog(QDialog):
    submitted = Signal(object, object)   # job_id (None: new), values by field name

    def __init__(self, posting: Posting | None = None, *, townships: dict[str, str] | None = None,
                 own: str = "", parent: QWidget | None = None) -> None:
        """`townships`: code -> name, offered as the posting's area for a new posting (the
        whole county first); `own`, a township office's code: its own township only."""
        super().__init__(parent)
        self.job_id = posting.job_id if posting else None
        self.setObjectName("jobDialog")
        self.setWindowTitle(self.tr("Job posting") if posting is None
                            else self.tr("Edit job posting"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.texts: dict[str, QLineEdit] = {}
        for name, label in (("employer", self.tr("Employer (用工单位)")),
                            ("title", self.tr("Post (岗位名称)"))):
            self.texts[name] = self._line(name, form, label)
        self.trade = QComboBox()
        self.trade.setObjectName("jobTrade")
        for code, zh, _en in trades.choices():
            self.trade.addItem(zh, code)
        form.addRow(self.tr("Trade (工种)"), self.trade)
        for name, label in (("province", self.tr("Province")), ("city", self.tr("City")),
                            ("district", self.tr("County or district"))):
            self.texts[name] = self._line(name, form, label)
        self.numbers: dict[str, QSpinBox] = {}
        for name, label, top in (("pay_min", self.tr("Monthly pay from (yuan)"), 100_000),
                                 ("pay_max", self.tr("Monthly pay to (yuan)"), 100_000),
                                 ("openings", self.tr("Openings"), 100_000),
                                 ("age_min", self.tr("Youngest age"), 70),
                                 ("age_max", self.tr("Oldest age"), 70)):
            box = QSpinBox()
            box.setObjectName(f"job_{name}")
            box.setRange(NONE, top)
            box.setSpecialValueText("—")
            self.numbers[name] = box
            form.addRow(label, box)
        self.sex = QComboBox()
        self.sex.setObjectName("jobSex")
        for code in ("", "male", "female"):
            self.sex.addItem(SEX_NAMES[code], code)
        form.addRow(self.tr("Sex"), self.sex)
        self.education = QComboBox()
        self.education.setObjectName("jobEducation")
        self.education.addItem("不限", "")
        for code in EDUCATION:
            self.education.addItem(EDUCATION_NAMES[code], code)
        form.addRow(self.tr("Least education"), self.education)
        for name, label in (("contact", self.tr("Contact")), ("phone", self.tr("Phone")),
                            ("deadline", self.tr("Closing date (YYYY-MM-DD)"))):
            self.texts[name] = self._line(name, form, label)
        self.area = QComboBox()
        self.area.setObjectName("jobArea")
        if own:   # a township office: its own township only (sync/jobs.py)
            self.area.addItem(f"{(townships or {}).get(own) or own}（{own}）", own)
        else:
            self.area.addItem(self.tr("The whole county"), "")
        for code, name in sorted((townships or {}).items()) if not own else ():
            self.area.addItem(f"{name}（{code}）", code)
        self.area.setEnabled(posting is None)
        form.addRow(self.tr("Sent to"), self.area)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("jobMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if posting is not None:
            self._fill(posting)

    def _line(self, name: str, form: QFormLayout, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"job_{name}")
        form.addRow(label, edit)
        return edit

    def _fill(self, p: Posting) -> None:
        for name, edit in self.texts.items():
            edit.setText(str(getattr(p, name) or ""))
        for name, box in self.numbers.items():
            box.setValue(getattr(p, name) or NONE)
        self.trade.setCurrentIndex(max(0, self.trade.findData(p.trade)))
        self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex)))
        self.education.setCurrentIndex(max(0, self.education.findData(p.education)))
        index = self.area.findData(p.area if len(p.area) == 9 else "")
        self.area.setCurrentIndex(max(0, index))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: edit.text().strip() for name, edit in self.texts.items()}
        out.update({name: box.value() or None for name, box in self.numbers.items()})
        out["trade"] = self.trade.currentData()
        out["sex"] = self.sex.currentData()
        out["education"] = self.education.currentData()
        return out

    def area_code(self) -> str:
        return self.area.currentData() or ""

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.message.clear()
        self.ok.setEnabled(False)
        self.submitted.emit(self.job_id, self.values())

    def refused(self, text: str) -> None:
        """The store said no: show why and let the person correct it."""
        self.message.setText(text)
        self.ok.setEnabled(True)
