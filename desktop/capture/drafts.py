"""Autosaved editor drafts, through the store's `drafts` service (see sync/drafts.py).

Kept as a thin adapter so the client and the restore dialog name one thing; it runs on the
store worker thread only, like every other store call. Qt-free.
"""

from __future__ import annotations

from typing import Any

from mopai.sync.drafts import Draft

__all__ = ["Draft", "DraftBox"]


class DraftBox:
    def __init__(self, store: Any) -> None:
        self._drafts = store.drafts

    def put(self, state: dict[str, Any]) -> None:
        self._drafts.put(state)

    def discard(self, uuid: str) -> None:
        self._drafts.discard(uuid)

    def list(self) -> list[Draft]:
        """Every draft left behind, newest first."""
        return self._drafts.list()
