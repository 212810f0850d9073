"""Approving a village's claim on a household another village owns (a move, 迁户).

The reason is required: it is kept in the audit log with who approved and when.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..widgets.reason_dialog import ReasonDialog


class ApproveClaimDialog(ReasonDialog):
    def __init__(self, household: str, owner: str, claimant: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Approve the move"),
            self.tr("Household {household} belongs to village {owner}. Village {claimant} "
                    "changed it. Approve the move: from now on only {claimant} may change it, "
                    "and {owner} drops it with its next return bundle. Why?")
            .replace("{household}", household).replace("{owner}", owner)
            .replace("{claimant}", claimant),
            self.tr("Approve the move"), ok_name="confirmClaim", reason_name="claimReason",
            parent=parent)
