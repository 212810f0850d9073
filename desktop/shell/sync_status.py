"""The network sync's line in the main window's status bar: 已同步 HH:MM, 正在上传 3/5（43%）,
离线（上次同步 …）, 同步失败：reason. Clicking it opens the last run's details
(desktop/transfer/sync_details_dialog.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from .net_sync import SyncState


class SyncStatusButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setFlat(True)
        self.state = SyncState()
        self.hide()

    def show_state(self, state: SyncState) -> None:
        self.state = state
        self.setText(self.text_for(state))
        self.setStyleSheet("color: #b00020;" if state.kind == "failed" else "")

    def retranslate(self) -> None:
        self.setText(self.text_for(self.state))

    def text_for(self, s: SyncState) -> str:
        last = s.last_ok
        if s.kind == "uploading":
            return (self.tr("Uploading {done}/{total} ({percent}%)")
                    .replace("{done}", str(s.done)).replace("{total}", str(s.total))
                    .replace("{percent}", str(s.percent)))
        if s.kind == "syncing":
            return self.tr("Syncing…")
        if s.kind == "done":
            return self.tr("Synced {time}").replace("{time}", last)
        if s.kind == "offline":
            return (self.tr("Offline (last sync {time})").replace("{time}", last) if last
                    else self.tr("Offline (not synced yet)"))
        if s.kind == "failed":
            return self.tr("Sync failed: {reason}").replace("{reason}", s.reason)
        return (self.tr("Last sync {time}").replace("{time}", last) if last
                else self.tr("Not synced yet"))
