"""The `mopai` command line (Qt-free; Qt is imported only when it opens the desktop app)."""
