"""The review page (待处理): conflicts, quarantine and duplicate ID numbers, with the alert
banner above. One worker job loads all queues (`StoreClient.review_queues`); resolving a
conflict or deciding a duplicate reloads them (store errors go to the error presenter; the
`Changes` go out on `client.changed`, so the list and dashboard refresh). Works for both roles: a village sees the conflicts a county correction
raised on its side, the county sees everything its imports held back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ..shell.client import StoreClient
from .alert_banner import AlertBanner
from .conflict_view import ConflictView
from .duplicate_view import DuplicateView
from .household_review_view import HouseholdReviewView
from .interview_view import InterviewView
from .quarantine_view import QuarantineView
from .review_items import Queues


class ReviewPage(QWidget):
    open_household = Signal(str)
    loaded = Signal(object)            # review_items.Queues
    pending_changed = Signal(int)

    def __init__(self, client: StoreClient, presenter: Callable[[BaseException], Any] | None
                 = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.queues: Queues | None = None
        layout = QVBoxLayout(self)
        self.banner = AlertBanner(with_button=False)
        layout.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.conflicts = ConflictView(client, presenter)
        self.quarantine = QuarantineView(client, presenter)
        self.duplicates = DuplicateView(client, presenter)
        # The review of households (审核): sent back and corrected (sync/review.py).
        self.households = HouseholdReviewView(client, presenter)
        self.households.open_household.connect(self.open_household)
        self.households.loaded.connect(lambda _n: self._households_loaded())
        for view in (self.conflicts, self.quarantine, self.duplicates, self.households):
            self.tabs.addTab(view, "")
        # County: interviews too fast for the household (sync/interviews.py), a warning tab,
        # read when it is shown (its first reading looks at every household of the county).
        self.interviews = InterviewView(client)
        self.interviews.open_household.connect(self.open_household)
        self.interview_tab = -1
        self.interviews_loaded = False
        self.tabs.currentChanged.connect(lambda _i: self._load_interviews())
        layout.addWidget(self.tabs, 1)
        self.conflicts.resolved.connect(lambda _id: self.refresh())
        self.duplicates.resolved.connect(lambda _id: self.refresh())
        self.quarantine.resolved.connect(lambda _id: self.refresh())
        self.duplicates.open_household.connect(self.open_household)
        self.retranslate()

    def retranslate(self) -> None:
        q = self.queues or Queues()
        titles = (self.tr("Conflicts ({n})").replace("{n}", str(len(q.conflicts))),
                  self.tr("Quarantine ({n})").replace("{n}", str(len(q.quarantine))),
                  self.tr("Duplicate ID numbers ({n})").replace("{n}", str(len(q.duplicates))))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)
        n = str(len(self.households.items))
        self.tabs.setTabText(self.tabs.indexOf(self.households), (
            self.tr("Household review ({n})") if self.households.reviewer
            else self.tr("Sent back ({n})")).replace("{n}", n))
        self.households.retranslate()
        if self.interview_tab >= 0:
            self.tabs.setTabText(self.interview_tab, self.tr("Fast interviews ({n})").replace(
                "{n}", str(len(self.interviews.items))) if self.interviews_loaded
                else self.tr("Fast interviews"))
        self.interviews.retranslate()
        self.summary.setText(self.tr("Loading…") if self.queues is None and self.client.is_open
                             else self.tr("{n} items wait for a person.").replace(
                                 "{n}", str(self.waiting())))
        self.conflicts.retranslate()
        self.quarantine.retranslate()
        self.duplicates.retranslate()
        self.banner.retranslate()

    def refresh(self) -> None:
        if self.client.is_open:
            self.client.review_queues(self.set_queues)
            self.households.refresh()
            if self.client.role == "county" and self.interview_tab < 0:
                self.interview_tab = self.tabs.addTab(self.interviews, "")
                self.retranslate()
            self.interviews_loaded = False
            self._load_interviews()

    def _load_interviews(self) -> None:
        if (self.client.is_open and not self.interviews_loaded
                and self.tabs.currentWidget() is self.interviews):
            self.interviews_loaded = True
            self.client.fast_interviews(self.set_interviews,
                                        label=self.tr("Reading the interviews…"))

    def set_interviews(self, items: list) -> None:
        if not self.client.is_open:
            return
        self.interviews.set_items(items)
        self.retranslate()

    def set_queues(self, queues: Queues) -> None:
        if not self.client.is_open:        # an answer arriving after the lock: drop it
            return
        self.queues = queues
        self.conflicts.set_items(queues.conflicts)
        self.quarantine.set_items(queues.quarantine)
        self.duplicates.set_items(queues.duplicates)
        self.banner.set_alerts(queues.alerts)
        self.retranslate()
        self.pending_changed.emit(self.waiting())
        self.loaded.emit(queues)

    def waiting(self) -> int:
        """What waits for a person here: the queues, and the households this side must act
        on — sent back (village) or corrected since (county, township)."""
        return (self.queues.pending if self.queues else 0) + self.households.waiting()

    def _households_loaded(self) -> None:
        self.retranslate()
        if self.queues is not None:
            self.pending_changed.emit(self.waiting())

    def clear(self) -> None:
        """At lock: no data stays in the widgets."""
        self.queues = None
        self.conflicts.set_items([])
        self.quarantine.set_items([])
        self.duplicates.set_items([])
        self.households.clear()
        self.interviews.set_items([])
        self.interviews_loaded = False
        self.banner.set_alerts([])
        self.retranslate()
