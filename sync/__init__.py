"""The offline-first data layer: workspace, key slots, encrypted store, revisions, audit.

Never imports Qt. Import the pieces you need from their modules; the names below are the
ones the GUI and the command line use.
"""

from .errors import (
    KeyFileError,
    MopaiError,
    StoreError,
    UnknownUser,
    WorkspaceError,
    WrongPassphrase,
)
from .workspace import Workspace, default_home

__all__ = ["KeyFileError", "MopaiError", "StoreError", "UnknownUser", "Workspace",
           "WorkspaceError", "WrongPassphrase", "default_home"]
