"""Expected households per village (issue 16, survey progress): set by hand, from a sheet of
numbers or counted from a 户籍 list; all or nothing; kept through an areas import that renames.
Run on SQLCipher and, with --backend=postgresql, on the server."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mopai.sync import areas as areas_module
from mopai.sync.areas import (
    ExpectedSheetError,
    expected_households,
    import_areas,
    import_expected,
    set_expected,
)
from mopai.sync.errors import InputError
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai

COUNTY = "431221"
PASS = "county-lantern-41"
T1, T2 = "431221101", "431221102"
V1, V2, V3 = "431221101201", "431221101202", "431221102201"   # 长坪村, 新村 (铜湾镇), 新村 (新建镇)


def sheet(path: Path, header: tuple[object, ...], rows: list[tuple[object, ...]],
          title: str | None = "应调查户数") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def county(tmp_path: Path) -> Path:
    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY, user="张科长", passphrase=PASS)
    with Workspace(home).unlock(None, PASS) as store:
        import_areas(store, sheet(tmp_path / "areas.xlsx", ("区划代码", "名称"), [
            (T1, "铜湾镇"), (V1, "长坪村"), (V2, "新村"), (T2, "新建镇"), (V3, "新村")]))
    return home


def opened(home: Path):  # noqa: ANN201
    return Workspace(home).unlock(None, PASS)


def test_a_sheet_of_numbers_by_code_or_by_name(county: Path, tmp_path: Path) -> None:
    numbers = sheet(tmp_path / "n.xlsx", ("序号", "乡镇", "行政村", "村代码", "应调查户数"), [
        (1, "", "", V1, 120),                 # by code
        (2, "新建镇", "新村", None, "85"),     # by name; the township tells the two 新村 apart
        (None, None, None, None, None),        # empty rows are skipped
    ])
    with opened(county) as store:
        assert expected_households(store) == {}
        result = import_expected(store, numbers)
        assert result["kind"] == "numbers" and result["villages"] == 2
        assert result["changed"] == [(V1, "长坪村", None, 120), (V3, "新村", None, 85)]
        assert expected_households(store) == {V1: 120, V3: 85}
        # the same sheet again changes nothing; who set it is audited
        assert import_expected(store, numbers)["changed"] == []
        assert any(e.event == "expected_set" for e in store.audit.entries())


def test_a_huji_list_is_counted_per_village(county: Path, tmp_path: Path) -> None:
    # one row per household, no 户号 column: rows count
    households = sheet(tmp_path / "h.xlsx", ("村代码", "户主姓名", "身份证号"), [
        (V1, "张三", "x"), (V1, "李四", "x"), (V2, "王五", "x")], title="户籍名单")
    # one row per person with a 户号: a household counts once in its village
    people = sheet(tmp_path / "p.xlsx", ("乡镇", "行政村", "户号", "姓名"), [
        ("铜湾镇", "新村", "0001", "赵一"), ("铜湾镇", "新村", "0001", "赵二"),
        ("铜湾镇", "新村", "0002", "钱一"), ("新建镇", "新村", "0001", "孙一")], title=None)
    with opened(county) as store:
        assert import_expected(store, households)["kind"] == "register"
        assert expected_households(store) == {V1: 2, V2: 1}
        result = import_expected(store, people)
        assert result["changed"] == [(V2, "新村", 1, 2), (V3, "新村", None, 1)]
        assert expected_households(store) == {V1: 2, V2: 2, V3: 1}


def test_one_bad_row_changes_nothing_and_every_problem_names_its_row(county: Path,
                                                                      tmp_path: Path) -> None:
    bad = sheet(tmp_path / "bad.xlsx", ("行政村", "村代码", "应调查户数"), [
        ("", V1, 300),                    # row 3: good
        ("", V2, -1),                     # row 4: negative
        ("", "431221101299", 10),         # row 5: a code not in the list
        ("新村", None, 10),                # row 6: two villages named 新村, no township
        ("", V1, 5),                      # row 7: V1 again
        ("", V3, 100001),                 # row 8: too many
        ("", "4312211", 3),               # row 9: not 12 digits
    ])
    with opened(county) as store:
        set_expected(store, {V1: 7})
        with pytest.raises(ExpectedSheetError) as info:
            import_expected(store, bad)
        assert [(p.row, p.column) for p in info.value.problems] == [
            (4, "C"), (5, "B"), (6, "A"), (7, "B"), (8, "C"), (9, "B")]
        assert "431221101299" in info.value.problems[1].zh
        assert "431221101201、431221101202" not in info.value.problems[2].zh  # two townships
        assert "431221101202" in info.value.problems[2].zh and V3 in info.value.problems[2].zh
        assert expected_households(store) == {V1: 7}
    r = mopai("areas", "expected", str(bad), "--home", str(county), passphrase=PASS)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "row 5, column B" in r.stdout and "未导入" in r.stderr
    with opened(county) as store:
        assert expected_households(store) == {V1: 7}


def test_by_hand_unknown_codes_and_numbers_out_of_range_are_refused(county: Path) -> None:
    with opened(county) as store:
        assert set_expected(store, {V1: 40}) == [(V1, None, 40)]
        for numbers in ({"431221101299": 5}, {T1: 5}, {V2: 100_001}, {V2: -1},
                        {V2: 3, "431221109201": 3}):
            with pytest.raises(InputError):
                set_expected(store, numbers)
        assert expected_households(store) == {V1: 40}
        assert set_expected(store, {V1: None}) == [(V1, 40, None)]
        assert expected_households(store) == {}
    r = mopai("areas", "expected", "--village", V2, "--households", "55", "--home", str(county),
              passphrase=PASS)
    assert r.returncode == 0, r.stderr
    assert f"改动 changed\t{V2}\t新村\t- -> 55" in r.stdout
    r = mopai("areas", "expected", "--village", "431221101299", "--households", "5",
              "--home", str(county), passphrase=PASS)
    assert r.returncode == 2 and "431221101299" in r.stderr
    r = mopai("areas", "expected", "--home", str(county), passphrase=PASS)
    assert r.returncode == 0 and f"{V2}\t新村\t55" in r.stdout


def test_a_rename_keeps_the_number_and_a_removal_drops_it(county: Path, tmp_path: Path) -> None:
    with opened(county) as store:
        set_expected(store, {V1: 120, V3: 30})
        changes = import_areas(store, sheet(tmp_path / "rename.xlsx", ("区划代码", "名称"), [
            (T1, "铜湾镇"), (V1, "长坪社区")]))
        assert changes["renamed"] == [(V1, "长坪村", "长坪社区")]
        assert expected_households(store) == {V1: 120, V3: 30}
        import_areas(store, sheet(tmp_path / "fewer.xlsx", ("区划代码", "名称"), [
            (T1, "铜湾镇"), (V1, "长坪社区"), (V2, "新村")]), remove_missing=True)
        assert expected_households(store) == {V1: 120}


def test_hostile_files_are_bounded(county: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(V1, f"户主{i}") for i in range(30)]
    big = sheet(tmp_path / "big.xlsx", ("村代码", "户主"), rows)
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_bytes(b"PK\x03\x04 not really")
    with opened(county) as store:
        monkeypatch.setattr(areas_module, "EXPECTED_ROWS", 20)
        with pytest.raises(ExpectedSheetError, match="problem") as info:
            import_expected(store, big)
        assert "20" in info.value.problems[-1].zh
        monkeypatch.setattr(areas_module, "EXPECTED_FILE_BYTES", 1000)
        with pytest.raises(InputError, match="too large"):
            import_expected(store, big)
        monkeypatch.undo()
        with pytest.raises(InputError, match="cannot read the Excel file"):
            import_expected(store, not_xlsx)
        nohead = sheet(tmp_path / "nohead.xlsx", ("a", "b"), [(V1, 3)])
        with pytest.raises(ExpectedSheetError):
            import_expected(store, nohead)
        assert expected_households(store) == {}


def test_village_workspaces_cannot_set_numbers(village_store) -> None:  # noqa: ANN001
    with pytest.raises(InputError, match="county or township"):
        set_expected(village_store, {"110105001001": 3})


def test_a_township_sets_its_own_villages_only(county: Path, tmp_path: Path) -> None:
    """Issue 16: a township sets the expected households of its villages (the list it got at
    enrolment); a village of another township is refused, naming it, and nothing changes."""
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import enrol

    town = tmp_path / "town"
    Workspace.create(town, role="township", code=T1, user="李站长", passphrase=PASSPHRASE,
                     name="铜湾镇")
    with opened(county) as c, Workspace(town).unlock(None, PASSPHRASE) as t:
        enrol(c, t, tmp_path)  # the county's area list comes with the setup file
    with Workspace(town).unlock(None, PASSPHRASE) as t:
        assert set_expected(t, {V1: 40, V2: 12}) == [(V1, None, 40), (V2, None, 12)]
        with pytest.raises(InputError, match=V3) as refused:
            set_expected(t, {V1: 41, V3: 5})
        assert "本乡镇" in refused.value.zh
        assert expected_households(t) == {V1: 40, V2: 12}
        [logged] = t.audit.entries("expected_set")  # the refusal logged nothing
        assert logged.user == "李站长"
    r = mopai("areas", "expected", "--village", V3, "--households", "5", "--home", str(town),
              passphrase=PASSPHRASE)
    assert r.returncode == 2 and V3 in r.stderr and "本乡镇" in r.stderr
    r = mopai("areas", "expected", "--home", str(town), passphrase=PASSPHRASE)
    assert r.returncode == 0 and f"{V1}\t长坪村\t40" in r.stdout and V3 not in r.stdout
