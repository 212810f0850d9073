"""The dashboard: how far the survey is and what needs doing, from the facts on the worker.

Households surveyed, 劳动力, employed, 就业率 (all, and 脱贫户 + 监测户), the 零就业家庭 list
(each opens the household), willingness counts, 五清 completeness, records with errors, and
what has not yet reached the county with the date of the last export. It refreshes when a
change is re-emitted; the facts are recomputed only for the households that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..review.alert_banner import AlertBanner
from ..shell.client import StoreClient
from ..shell.i18n import form_language
from .facts import Facts

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Totals:
    households: int = 0
    complete: int = 0
    labour: int = 0
    employed: int = 0
    labour_poor: int = 0
    employed_poor: int = 0
    wants_job: int = 0
    wants_training: int = 0
    wants_business: int = 0
    all_clear: int = 0
    with_errors: int = 0
    zero_employment: tuple[Facts, ...] = ()

    @classmethod
    def of(cls, facts: dict[str, Facts]) -> Totals:
        rows = list(facts.values())
        zero = tuple(sorted((f for f in rows if f.zero_employment),
                            key=lambda f: (len(f.household_no), f.household_no)))
        return cls(len(rows), sum(f.status == "complete" for f in rows),
                   sum(f.labour for f in rows), sum(f.employed for f in rows),
                   sum(f.labour_poor for f in rows), sum(f.employed_poor for f in rows),
                   sum(f.wants_job for f in rows), sum(f.wants_training for f in rows),
                   sum(f.wants_business for f in rows), sum(f.all_clear for f in rows),
                   sum(f.errors > 0 for f in rows), zero)


def rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


class Dashboard(QWidget):
    open_household = Signal(str)
    review_requested = Signal()

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.totals = Totals()
        self.status: Any = None
        layout = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.boxes = {k: QGroupBox() for k in ("survey", "labour", "wishes", "sync")}
        keys = {"survey": ("households", "complete", "all_clear", "with_errors"),
                "labour": ("labour", "employed", "rate", "rate_poor", "zero"),
                "wishes": ("wants_job", "wants_training", "wants_business"),
                "sync": ("unsent", "last_export", "form")}
        for box_key, names in keys.items():
            form = QFormLayout(self.boxes[box_key])
            for name in names:
                label, value = QLabel(), QLabel("—")
                value.setObjectName(f"dash_{name}")
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.labels[name], self.values[name] = label, value
                form.addRow(label, value)
        self.banner = AlertBanner()           # refused bundles (cloned / revoked devices)
        self.banner.details_requested.connect(self.review_requested)
        layout.addWidget(self.banner, 0, 0, 1, 3)
        layout.addWidget(self.boxes["survey"], 1, 0)
        layout.addWidget(self.boxes["labour"], 1, 1)
        layout.addWidget(self.boxes["wishes"], 2, 0)
        layout.addWidget(self.boxes["sync"], 2, 1)
        zero_box = QGroupBox()
        self.zero_box = zero_box
        zl = QVBoxLayout(zero_box)
        self.zero_list = QListWidget()
        self.zero_list.setObjectName("zeroEmploymentList")
        self.zero_list.itemActivated.connect(self._open)
        self.zero_list.itemDoubleClicked.connect(self._open)
        zl.addWidget(self.zero_list)
        layout.addWidget(zero_box, 1, 2, 3, 1)   # down to the window's foot
        layout.setColumnStretch(2, 1)
        layout.setRowStretch(3, 1)
        client.changed.connect(lambda _c: self.refresh())
        client.form_changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        titles = {"survey": self.tr("Survey"), "labour": self.tr("Labour and employment"),
                  "wishes": self.tr("Wishes"), "sync": self.tr("Sending to the county")}
        for key, box in self.boxes.items():
            box.setTitle(titles[key])
        self.zero_box.setTitle(self.tr("Zero-employment households (target: none)"))
        texts = {
            "households": self.tr("Households surveyed"), "complete": self.tr("Complete"),
            "all_clear": self.tr("Complete on all five (五清)"),
            "with_errors": self.tr("Records with errors"),
            "labour": self.tr("Labour force"), "employed": self.tr("Employed"),
            "rate": self.tr("Employment rate"),
            "rate_poor": self.tr("Employment rate, 脱贫户 and 监测户"),
            "zero": self.tr("Zero-employment households"),
            "wants_job": self.tr("Want a job"), "wants_training": self.tr("Want training"),
            "wants_business": self.tr("Want to start a business"),
            "unsent": self.tr("Changes not yet acknowledged by the county"),
            "last_export": self.tr("Last export"),
            "form": self.tr("Questionnaire in use"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.banner.retranslate()
        self._show()

    def refresh(self) -> None:
        if not self.client.is_open:
            return
        if self.client.role != "county":     # the county has its own 概览 (county_dashboard)
            self.client.facts(self.set_facts)
            self.client.status(self.set_status)
        self.client.alerts(lambda alerts: self.banner.set_alerts(
            alerts if self.client.is_open else []))

    def set_facts(self, facts: dict[str, Facts]) -> None:
        self.totals = Totals.of(facts)
        self._show()

    def set_status(self, status: Any) -> None:
        self.status = status
        self._show()

    def clear(self) -> None:
        self.totals, self.status = Totals(), None
        self.banner.set_alerts([])
        self._show()

    def _show(self) -> None:
        t = self.totals
        v = self.values
        v["households"].setText(str(t.households))
        v["complete"].setText(f"{t.complete} ({rate(t.complete, t.households)})")
        v["all_clear"].setText(f"{t.all_clear} ({rate(t.all_clear, t.households)})")
        v["with_errors"].setText(str(t.with_errors))
        v["labour"].setText(str(t.labour))
        v["employed"].setText(str(t.employed))
        v["rate"].setText(rate(t.employed, t.labour))
        v["rate_poor"].setText(rate(t.employed_poor, t.labour_poor))
        v["zero"].setText(str(len(t.zero_employment)))
        v["wants_job"].setText(str(t.wants_job))
        v["wants_training"].setText(str(t.wants_training))
        v["wants_business"].setText(str(t.wants_business))
        s = self.status
        v["unsent"].setText(str(s.unacknowledged) if s is not None else "—")
        last = s.last_export if s is not None else None
        v["last_export"].setText(last[:16].replace("T", " ") if last else self.tr("never"))
        v["form"].setText(f"{self.client.form.title.get(form_language())} {s.form_version}"
                          if s is not None else "—")
        self.zero_list.clear()
        for f in t.zero_employment:
            item = QListWidgetItem(f"{f.household_no}  {f.head_name}  "
                                   + self.tr("{n} in the labour force").replace(
                                       "{n}", str(f.labour)))
            item.setData(UUID_ROLE, f.uuid)
            self.zero_list.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_household.emit(item.data(UUID_ROLE))
