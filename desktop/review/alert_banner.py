"""A red banner for refused bundles that need a person: a possible cloned device (a device
and sequence number already imported with other content) or a revoked device still sending.

Shown on the dashboard and above the review queues; hidden while `store.sync.alerts()` is
empty. The store keeps no "seen" mark for alerts yet, so the banner stays until the audit
entries age out of `alerts()`'s window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .conflict_view import when_text
from .review_items import AlertItem


class AlertBanner(QWidget):
    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, with_button: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.alerts: list[AlertItem] = []
        self.setStyleSheet("#alertBanner { background: #b00020; } "
                           "#alertBanner QLabel { color: white; font-weight: bold; }")
        self.setAutoFillBackground(True)
        # A plain QWidget paints a style sheet's background only when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        self.text = QLabel()
        self.text.setObjectName("alertText")
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.button = QPushButton()
        self.button.clicked.connect(self.details_requested)
        self.button.setVisible(with_button)
        row.addWidget(self.button)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Show"))
        self.set_alerts(self.alerts)

    def reason_text(self, reason: str) -> str:
        return {"cloned_device": self.tr("possible cloned device"),
                "revoked_device": self.tr("revoked device"),
                "foreign_households": self.tr("it changed another village's households "
                                              "(kept in quarantine)")}.get(reason, reason)

    def line(self, a: AlertItem) -> str:
        device = a.device_name or a.device_id[:8]
        if a.device_name and a.device_id:
            device += f" ({a.device_id[:8]})"
        if a.reason == "foreign_households":
            return (self.tr("{when}: bundle {file} from device {device}: {reason}")
                    .replace("{when}", when_text(a.at)).replace("{file}", a.file or "?")
                    .replace("{reason}", self.reason_text(a.reason))
                    .replace("{device}", device))
        return (self.tr("{when}: bundle {file} refused, {reason}, device {device}")
                .replace("{when}", when_text(a.at)).replace("{file}", a.file or "?")
                .replace("{reason}", self.reason_text(a.reason)).replace("{device}", device))

    def set_alerts(self, alerts: list[AlertItem]) -> None:
        self.alerts = list(alerts)
        if not self.alerts:
            self.text.clear()
            self.hide()
            return
        lines = [self.tr("{n} bundle(s) need checking: do not use the data of that laptop "
                         "until the county has checked it.")
                 .replace("{n}", str(len(self.alerts)))]
        lines += [self.line(a) for a in self.alerts[:3]]
        if len(self.alerts) > 3:
            lines.append(self.tr("… and {n} more").replace("{n}", str(len(self.alerts) - 3)))
        self.text.setText("\n".join(lines))
        self.show()
