"""The PySide6 desktop app and the `mopai` command line (Qt is imported lazily)."""

__version__ = "0.1.0"
