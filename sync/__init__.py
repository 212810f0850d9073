"""The offline-first data layer: workspace, key slots, encrypted store, revisions, audit.

Never imports Qt. ``from mopai import sync`` is cheap (names load on first use, PEP 562), so that
`mopai --version` and `sync.errors` do not pay for SQLAlchemy and SQLCipher.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "KeyFileError": "errors", "MopaiError": "errors", "StoreError": "errors",
    "UnknownUser": "errors", "WorkspaceError": "errors", "WrongPassphrase": "errors",
    "Workspace": "workspace", "default_home": "workspace",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
