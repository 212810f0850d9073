"""Mopai (摸排), the one import name the distribution claims (docs/decisions.md §23).

The packages are `mopai.forms`, `mopai.sync`, `mopai.reports`, `mopai.desktop`, `mopai.cli` and
`mopai.resources` (data). An installed wheel or the PyInstaller build holds them inside this
folder (pyproject.toml maps `mopai.forms` onto `forms/`, and so on; build.spec stages a copy).
In a checkout they stay at the top of the repository, where the design card puts them: there
this package's path also holds the repository's top, so that `mopai.sync` is `sync/`.

Nothing imports the folders by their bare names (`import sync`): a second copy of a module
under another name would split its state (tests/test_namespace.py).
"""

from pathlib import Path as _Path

PACKAGES = ("forms", "sync", "reports", "desktop", "cli", "resources")

_here = _Path(__file__).resolve().parent
if not (_here / "sync").is_dir():  # a checkout: the packages are beside this folder
    __path__.append(str(_here.parent))  # noqa: F821 - a package's __path__
