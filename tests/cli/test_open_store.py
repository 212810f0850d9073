"""The import the bench times is the import users run (issue 12): the command line, the app
and the bench open a store through one function, `sync.store.open_store`, which checks with
the store's own forms (`sync.formbook.FormChecks`: each record under the form it is saved
under). A bench that opened the store another way (say, without the validator, which is most
of an import's cost) would report a figure nobody gets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mopai.sync.store as store_module
from mopai.cli.main import main
from mopai.sync.formbook import FormChecks
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household

ROOT = Path(__file__).parents[2]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every store opened through the one door, with the validator it was given."""
    seen: list[object] = []
    real = store_module.open_store

    def spy(ws, user, passphrase):  # noqa: ANN001, ANN202
        store = real(ws, user, passphrase)
        seen.append(store.validator)
        return store

    monkeypatch.setattr(store_module, "open_store", spy)
    return seen


def _county_with_a_bundle(tmp_path: Path) -> tuple[Path, Path]:
    from tests.sync.conftest import COUNTY_USER, build_net

    net = build_net(tmp_path / "net")
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "")))
        a1.sync.export(net.stick)
    assert COUNTY_USER
    return net.home("county"), net.stick


def test_the_command_and_the_bench_import_through_the_same_door(
        tmp_path: Path, opened: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import child, runner
    from tests.sync.conftest import COUNTY_USER

    county, stick = _county_with_a_bundle(tmp_path)
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    assert main(["import", "--home", str(county), "--user", COUNTY_USER, str(stick)]) == 0
    monkeypatch.setattr(runner, "USER", COUNTY_USER)
    monkeypatch.setattr(runner, "PASSPHRASE", PASSPHRASE)
    # The bench limits its child's address space for good (soft and hard limit): here, in the
    # test process, that limit would outlive the test and starve every later one of this
    # process (threads that never start, workers that cannot map their stacks).
    monkeypatch.setattr(child, "limit_address_space", lambda: None)
    figures = child.county_import(county, stick)
    assert figures["bundles"] == 1
    assert len(opened) == 2 and all(isinstance(v, FormChecks) for v in opened)
    # Both validators are the form's: a complete household with errors is refused by each.
    bad = household("0002", ("李四", "123"))
    bad["status"] = "complete"
    for validator in opened:
        assert [f for f in validator(bad) if f.severity == "error"]


def test_no_timed_or_user_path_unlocks_a_store_by_itself() -> None:
    """The app, the command line and the bench's import paths never call `Workspace.unlock`
    directly (which would skip the validator); only `sync.store.open_store` does."""
    allowed: set[Path] = set()
    offenders = []
    for folder in ("cli", "desktop", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in allowed:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            lines = path.read_text(encoding="utf-8").splitlines()
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Attribute) and n.func.attr == "unlock"
                     and "# untimed:" not in lines[n.lineno - 1]]
            if calls and "import_paths" in "\n".join(lines):
                offenders += [f"{path.name}:{c.lineno}" for c in calls]
    assert not offenders, offenders
    assert Workspace  # the class the door opens
    assert USER
