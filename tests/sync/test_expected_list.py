"""The list of households each village must visit (sync/expected.py), the not-yet-visited
list (reports/missing.py) and `mopai expected`, on a real county store and real files."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from mopai.forms.idnumber import make
from mopai.sync.areas import expected_households, import_areas, set_expected
from mopai.sync.expected import ExpectedListError, import_expected_list, missing, visits
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai

COUNTY = "431221"
A, B = "431221101201", "431221101202"
PASS = "county-lantern-41"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY, user="张科长", passphrase=PASS)
    areas = tmp_path / "areas.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(("区划代码", "名称"))
    for row in (("431221101", "铜湾镇"), (A, "长坪村"), (B, "新建村")):
        ws.append(row)
    wb.save(areas)
    with Workspace(home).unlock(None, PASS) as store:
        import_areas(store, areas)
        store.households.save_many([g.state for g in generate_village(
            VillageSpec(A, 3, seed=1, mistake_rate=0.0))])
    return home


def _heads(store) -> list[dict]:
    return [s["members"][0]["fields"] | {"no": s["fields"]["household_no"], "uuid": s["uuid"]}
            for s in store.households.states()]


def _gbk_list(path: Path, heads: list[dict]) -> Path:
    """A per-person 户籍 list as Excel on Chinese Windows saves it: GBK, a title row first."""
    import datetime as dt

    new_id = make("431221", dt.date(1970, 5, 1), 17)
    rows = [["长坪村户籍人口名单"],
            ["序号", "行政村", "村民小组", "户号", "姓名", "与户主关系", "公民身份号码"],
            # 1: by the head's ID (the list's 户号 is another one)
            [1, "长坪村", "一组", "H-77", heads[0]["name"], "户主", heads[0]["id_number"]],
            [2, "长坪村", "一组", "H-77", "某某", "之子", ""],
            # 2: by 户编号 (no ID, a name that differs)
            [3, "长坪村", "二组", heads[1]["no"], "别名", "户主", ""],
            # 3: by name alone
            [4, "长坪村", "二组", "", heads[2]["name"], "户主", ""],
            # not visited yet
            [5, "长坪村", "三组", "0101", "赵未来", "户主", new_id],
            [6, "新建村", "一组", "0001", "钱未到", "户主", ""]]
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_list_sets_the_expected_households_and_what_is_missing(county: Path, tmp_path: Path
                                                                 ) -> None:
    with Workspace(county).unlock(None, PASS) as store:
        set_expected(store, {A: 99, B: 40})
        heads = _heads(store)
        counts = import_expected_list(store, _gbk_list(tmp_path / "户籍.csv", heads))
        assert counts == {A: 4, B: 1}
        # decision 34: a village with a list is expected to visit the list
        assert expected_households(store) == {A: 4, B: 1}
        found = {v.source_row: v for v in visits(store)}
        assert (found[3].uuid, found[3].matched_by) == (heads[0]["uuid"], "id_number")
        assert (found[5].uuid, found[5].matched_by) == (heads[1]["uuid"], "household_no")
        assert (found[6].uuid, found[6].matched_by) == (heads[2]["uuid"], "head_name")
        assert found[3].status == "complete" and found[3].group_name == "一组"
        assert [(v.village_code, v.head_name) for v in missing(store)] == [
            (A, "赵未来"), (B, "钱未到")]
        assert [v.head_name for v in missing(store, A)] == ["赵未来"]


def test_a_bad_list_names_each_row_and_changes_nothing(county: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(("村代码", "户主", "身份证号"))
    ws.append((A, "甲", "11010519491231002X"))
    ws.append((A, "乙", "110105194912310021"))     # row 3: wrong check character
    ws.append(("431221199999", "丙", ""))          # row 4: not a village of the county
    ws.append((A, "甲", "11010519491231002X"))     # row 5: row 2 again
    wb.save(path)
    with Workspace(county).unlock(None, PASS) as store:
        with pytest.raises(ExpectedListError) as caught:
            import_expected_list(store, path)
        said = {(p.row, p.column) for p in caught.value.problems}
        assert said == {(3, "C"), (4, "A"), (5, "C")}
        assert visits(store) == [] and expected_households(store) == {}


def test_not_yet_visited_workbook_and_the_report_sheet(county: Path, tmp_path: Path) -> None:
    from mopai.reports.missing import missing_workbook
    from mopai.reports.summary import summary_workbook

    with Workspace(county).unlock(None, PASS) as store:
        import_expected_list(store, _gbk_list(tmp_path / "list.csv", _heads(store)))
        out = tmp_path / "未走访.xlsx"
        assert missing_workbook(store, out, area=A) == 1
        rows = [r for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
        assert any(r[5] == "赵未来" and r[3] == "三组" for r in rows)
        assert not any("钱未到" in map(str, r) for r in rows)
        report = tmp_path / "summary.xlsx"
        counts = summary_workbook(store, report)
        assert counts["未走访"] == 2
        sheet = openpyxl.load_workbook(report)["未走访"]
        assert {r[5] for r in sheet.iter_rows(values_only=True)} >= {"赵未来", "钱未到"}


def test_command_line(county: Path, tmp_path: Path) -> None:
    with Workspace(county).unlock(None, PASS) as store:
        path = _gbk_list(tmp_path / "list.csv", _heads(store))
    r = mopai("expected", "import", str(path), "--home", str(county), passphrase=PASS)
    assert r.returncode == 0, r.stderr
    assert "2 个村 villages, 5 户 households" in r.stdout
    r = mopai("expected", "status", "--home", str(county), passphrase=PASS)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[1].split() == [A, "4", "3", "3", "1"]
    out = tmp_path / "missing.xlsx"
    r = mopai("expected", "missing", "--out", str(out), "--home", str(county), passphrase=PASS)
    assert r.returncode == 0 and "2" in r.stdout and out.exists(), r.stderr
