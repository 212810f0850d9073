"""forms, sync and reports import and work with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import sys, tempfile, pathlib
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "desktop"):
            raise ImportError(f"blocked: {name}")
sys.meta_path.insert(0, BlockQt())
try:
    import PySide6  # noqa
    raise SystemExit("the block does not work")
except ImportError:
    pass

import forms, sync, reports
from sync.workspace import Workspace
from tests.helpers import household
home = pathlib.Path(tempfile.mkdtemp()) / "ws"
ws = Workspace.create(home, role="village", code="110105001001", user="u",
                      passphrase="layering-lantern-41")
with ws.unlock(None, "layering-lantern-41") as store:
    store.households.save(household("0001", ("张三", "11010519491231002X")))
    assert store.status().households == 1
    record = store.households.get(store.households.search("zs")[0].uuid)
form = forms.load_default_form()
findings = forms.validate_household(form, record)
assert any(f.field == "household_type" for f in findings)  # required, not answered
import reports.__init__  # noqa
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
assert not loaded, loaded
print("ok")
"""


def test_core_packages_work_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
