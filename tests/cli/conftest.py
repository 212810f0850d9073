"""The command line's tests drive real workspaces: the sync tests' network of a county and two
villages serves them too."""

from tests.sync.conftest import _net_template, net  # noqa: F401 - fixtures
