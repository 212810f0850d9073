"""Confirm deleting a household, with the reason that travels with the deletion.

The store keeps the history and sends the deletion to the county as a tombstone with this
reason, so a reason is required: the county must be able to tell a moved-away family from a
mistake.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..widgets.reason_dialog import ReasonDialog


class DeleteHouseholdDialog(ReasonDialog):
    def __init__(self, household_no: str, head: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Delete household"),
            self.tr("Delete household {no} ({head})? Its history is kept, and the deletion is "
                    "sent to the county with the next export.").replace("{no}", household_no
                                                                        or "—")
            .replace("{head}", head or "—"),
            self.tr("Delete"), ok_name="confirmDelete", reason_name="deleteReason",
            prompt=self.tr("Reason (for example: moved away, entered twice):"),
            destructive=True, parent=parent)
        self.delete_button = self.ok
