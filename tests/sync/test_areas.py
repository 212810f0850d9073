"""The county's township/village list imported from an Excel sheet (issue 7)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mopai.sync.areas import AreaSheetError, import_areas, read_area_sheet
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai
from tests.conftest import PASSPHRASE

COUNTY = "431221"


def sheet(path: Path, rows: list[tuple[object, ...]], header=("序号", "区划代码", "名称")) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["中方县乡镇和村名单"])  # a title row above the header, as offices write them
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("county") / "ws"
    Workspace.create(home, role="county", code=COUNTY, user="张科长", passphrase="county-lantern-41")
    return home


def test_sheet_imports_townships_and_villages(county: Path, tmp_path: Path) -> None:
    good = sheet(tmp_path / "areas.xlsx", [
        (1, "431221101", "铜湾镇"), (2, 431221101201, "长坪村"), (3, "431221101202 ", "桐木村"),
        (4, "431221102", "新建镇"), (5, "431221102201", "新建村"), (None, None, None)])
    with Workspace(county).unlock(None, "county-lantern-41") as store:
        counts = import_areas(store, good)
        assert (counts["townships"], counts["villages"], len(counts["added"])) == (2, 3, 5)
        listed = {(a.code, a.name, a.level, a.parent_code) for a in store.sync.areas()}
    assert ("431221101202", "桐木村", "village", "431221101") in listed
    assert ("431221102", "新建镇", "township", COUNTY) in listed
    r = mopai("areas", "list", "--home", str(county), passphrase="county-lantern-41")
    assert r.returncode == 0 and "431221101201\t长坪村\tvillage" in r.stdout


def test_every_problem_is_reported_with_its_row_and_nothing_changes(county: Path,
                                                                     tmp_path: Path) -> None:
    bad = sheet(tmp_path / "bad.xlsx", [
        (1, "431221101", "铜湾镇"),
        (2, "43122110120", "短了一位"),          # row 4: 11 digits
        (3, "431299101201", "外县村"),           # row 5: another county (and its township absent)
        (4, "431221101203", ""),                 # row 6: no name
        (5, "431221101", "重复镇"),              # row 7: repeats row 3
        (6, "431221109201", "孤村"),             # row 8: township 431221109 absent
    ])
    with pytest.raises(AreaSheetError) as info:
        read_area_sheet(bad, COUNTY)
    rows = [(p.row, p.column) for p in info.value.problems]
    assert rows == [(4, "B"), (5, "B"), (5, "B"), (6, "C"), (7, "B"), (8, "B")]
    with Workspace(county).unlock(None, "county-lantern-41") as store:
        counts_before = len(store.sync.areas())
    r = mopai("areas", "import", str(bad), "--home", str(county), passphrase="county-lantern-41")
    assert r.returncode == 2 and len(r.stdout.strip().splitlines()) == 6
    assert "row 4, column B" in r.stdout and "Traceback" not in r.stderr
    with Workspace(county).unlock(None, "county-lantern-41") as store:
        assert len(store.sync.areas()) == counts_before


def test_sheet_without_header_and_village_workspace_are_refused(county: Path, tmp_path: Path,
                                                                village_home: Path) -> None:
    nohead = sheet(tmp_path / "nohead.xlsx", [("431221101", "铜湾镇")], header=("a", "b"))
    with pytest.raises(AreaSheetError, match="problem"):
        read_area_sheet(nohead, COUNTY)
    r = mopai("areas", "import", str(nohead), "--home", str(village_home), passphrase=PASSPHRASE)
    assert r.returncode == 2 and "county" in r.stderr


def test_a_sheet_adds_and_renames_and_removes_only_when_asked(tmp_path: Path) -> None:
    """Issue 16: a townships-only sheet wiped every village name. Now a sheet adds and
    renames; what it does not list stays, unless --remove-missing, which lists what goes and
    is refused, changing nothing, while an area still has households."""
    home = tmp_path / "ws"
    Workspace.create(home, role="county", code=COUNTY, user="张科长", passphrase="county-lantern-41")
    full = sheet(tmp_path / "full.xlsx", [
        (1, "431221101", "铜湾镇"), (2, "431221101201", "长坪村"), (3, "431221101202", "桐木村"),
        (4, "431221102", "新建镇"), (5, "431221102201", "新建村")])
    townships = sheet(tmp_path / "townships.xlsx", [(1, "431221101", "铜湾镇（新）"),
                                                    (2, "431221103", "花桥镇")])
    with Workspace(home).unlock(None, "county-lantern-41") as store:
        import_areas(store, full)
        changes = import_areas(store, townships)
        assert [a["code"] for a in changes["added"]] == ["431221103"]
        assert changes["renamed"] == [("431221101", "铜湾镇", "铜湾镇（新）")]
        assert changes["removed"] == []
        names = {a.code: a.name for a in store.sync.areas()}
        assert names["431221101201"] == "长坪村" and names["431221102201"] == "新建村"
        assert names["431221101"] == "铜湾镇（新）" and names["431221103"] == "花桥镇"
        # a village whose township is already listed (not in this sheet) may be added
        more = sheet(tmp_path / "more.xlsx", [(1, "431221103201", "花桥村")])
        assert [a["code"] for a in import_areas(store, more)["added"]] == ["431221103201"]
        # with households in 新建村, removing what the sheet leaves out is refused whole
        from mopai.sync.synth import VillageSpec, generate_village
        store.households.save_many([g.state for g in generate_village(
            VillageSpec("431221102201", 2, seed=1, mistake_rate=0.0))])
        before = sorted((a.code, a.name) for a in store.sync.areas())
        with pytest.raises(AreaSheetError) as info:
            import_areas(store, townships, remove_missing=True)
        assert any("431221102201" in p.zh and "2 户" in p.zh for p in info.value.problems)
        assert sorted((a.code, a.name) for a in store.sync.areas()) == before
    # from the command line: the sheet's changes are listed, and removal needs the option
    r = mopai("areas", "import", str(full), "--home", str(home), passphrase="county-lantern-41")
    assert r.returncode == 0, r.stderr
    assert "改名 renamed\t431221101\t铜湾镇（新） -> 铜湾镇" in r.stdout and "--remove-missing" in r.stdout
    r = mopai("areas", "import", str(full), "--remove-missing", "--home", str(home),
              passphrase="county-lantern-41")
    assert r.returncode == 0, r.stderr
    assert "删除 removed\t431221103\t花桥镇" in r.stdout and "删除 removed\t431221103201\t花桥村" in r.stdout
    with Workspace(home).unlock(None, "county-lantern-41") as store:
        assert {a.code for a in store.sync.areas()} == {
            "431221101", "431221101201", "431221101202", "431221102", "431221102201"}
