"""`mopai export-data`: households and persons as csv, SPSS and Stata files, with a codebook,
read back with the csv module, pyreadstat and openpyxl (issue 16)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pyreadstat
import pytest

from mopai.forms.errors import MopaiError
from mopai.reports.export import export_data, neutral, valid_names
from mopai.reports.summary import FIGURE_COLUMNS, WISH_COLUMNS, summary_workbook
from tests.helpers import table_rows
from tests.reports.test_summary import TODAY, TOWNSHIPS, VILLAGES, county_records  # noqa: F401

HOSTILE = {"address": "=HYPERLINK(\"http://x\",\"点我\")\n第二行, 含逗号 \"引号\"",
           "helper_name": "+86 王,五", "group": "-1+2", "surveyor": "@SUM(A1)"}


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so that Excel and WPS read Chinese"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def codebook(path: Path) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path)["变量说明"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[2] == "变量名")
    first = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
                 if r and r[2] == "变量名") + 1
    return [dict(zip(header, r, strict=False)) for r in table_rows(ws, first)]


def summary_totals(store, tmp_path: Path) -> dict[str, Any]:  # noqa: ANN001
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    wb = openpyxl.load_workbook(out)
    totals = {}
    for sheet, columns in (("汇总", FIGURE_COLUMNS), ("意愿和政策", WISH_COLUMNS)):
        total = next(r for r in table_rows(wb[sheet], 5) if r[0] == "合计")
        totals.update(zip([k for k, _ in columns], total[2:2 + len(columns)], strict=True))
    return totals


def test_csv_rows_codebook_and_the_summary_recomputed(store, county_records, tmp_path: Path  # noqa: F811
                                                      ) -> None:
    done = export_data(store, tmp_path, "csv")
    households = read_csv(tmp_path / "households.csv")
    persons = read_csv(tmp_path / "persons.csv")
    assert done.households == len(households) == len(county_records)
    assert done.persons == len(persons) == sum(len(r["members"]) for r in county_records)
    by_uuid = {r["uuid"]: r for r in county_records}
    for h in households:
        record = by_uuid[h["household_uuid"]]
        assert h["village_code"] == record["fields"]["village_code"]
        assert h["household_no"] == record["fields"]["household_no"]
        assert h["status"] == "1"  # complete
    # one row per person, keyed to its household, the person's answers as codes
    first = county_records[0]
    rows = [p for p in persons if p["household_uuid"] == first["uuid"]]
    assert [p["member_uuid"] for p in rows] == [m["uuid"] for m in first["members"]]
    assert [p["name"] for p in rows] == [m["fields"]["name"] for m in first["members"]]

    # the summary's figures are sums of the export's columns
    total = summary_totals(store, tmp_path)
    h_sum = lambda col: sum(int(h[col]) for h in households)  # noqa: E731
    p_count = lambda col: sum(p[col] == "1" for p in persons)  # noqa: E731
    assert total["households"] == len(households)
    assert total["persons"] == h_sum("ind_persons") == len(persons)
    for key in ("labour_force", "employed", "transfer_employed", "wants_job", "wants_training",
                "labour_age"):
        assert total[key] == h_sum(f"ind_{key}") == p_count(f"ind_{key}"), key
    assert total["zero_employment_households"] == h_sum("ind_zero_employment_households")
    assert total["employment_rate"] == pytest.approx(
        p_count("ind_employed") / p_count("ind_labour_force"))
    assert total["region:out_of_province"] == h_sum("ind_region_out_of_province") == sum(
        p["ind_transfer_region"] == "3" for p in persons)

    # every variable in the codebook, with its label and value labels
    book = codebook(tmp_path / "codebook.xlsx")
    assert [b["变量名"] for b in book if b["文件"] == "households.csv"] == list(households[0])
    assert [b["变量名"] for b in book if b["文件"] == "persons.csv"] == list(persons[0])
    entry = {(b["文件"], b["变量名"]): b for b in book}
    assert entry["persons.csv", "employment_status"]["标签"] == "就业状态"
    assert "1=外出务工（migrant）" in entry["persons.csv", "employment_status"]["值标签"]
    assert entry["households.csv", "help_measures_employment"]["标签"] == "帮扶措施：就业帮扶"
    assert entry["households.csv", "ind_labour_force"]["来源"] == "汇总指标"
    # a select_multiple is one 0/1 variable per choice; a select_one its code
    statuses = Counter(p["employment_status"] for p in persons)
    assert set(statuses) <= {"", *map(str, range(1, 9))}
    assert {p["health_healthy"] for p in persons} <= {"0", "1"}
    # 务工省份 / 务工城市 are their GB/T 2260 codes, labelled with the names
    assert {p["work_city"] for p in persons} >= {"4419"}
    assert "4419=东莞市（4419）" in entry["persons.csv", "work_city"]["值标签"]
    assert "44=广东省（44）" in entry["persons.csv", "work_province"]["值标签"]


def test_csv_neutralises_formulas_and_keeps_newlines_commas_quotes(store, county_records,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    record = dict(county_records[0])
    record["fields"] = {**record["fields"], **HOSTILE}
    store.households.save(record)
    export_data(store, tmp_path, "csv")
    row = next(h for h in read_csv(tmp_path / "households.csv")
               if h["household_uuid"] == record["uuid"])
    assert row["address"] == "'" + HOSTILE["address"]  # the newline, comma and quotes intact
    assert row["helper_name"] == "'+86 王,五"
    assert row["group"] == "'-1+2"
    assert row["surveyor"] == "'@SUM(A1)"
    assert neutral("王五") == "王五"
    notes = [c for r in openpyxl.load_workbook(tmp_path / "codebook.xlsx")["变量说明"].iter_rows(
        values_only=True) for c in r if isinstance(c, str) and "CSV 注入" in c]
    assert notes, "the codebook says what was done to such cells"


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_spss_and_stata_files_carry_labels(store, county_records, tmp_path: Path,  # noqa: F811
                                           fmt: str) -> None:
    record = dict(county_records[1])
    record["fields"] = {**record["fields"], "address": HOSTILE["address"]}
    store.households.save(record)
    export_data(store, tmp_path, fmt)
    read = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    hh, hmeta = read(str(tmp_path / f"households.{fmt}"))
    pp, pmeta = read(str(tmp_path / f"persons.{fmt}"))
    assert len(hh) == len(county_records)
    assert len(pp) == sum(len(r["members"]) for r in county_records)
    labels = pmeta.column_names_to_labels
    assert labels["employment_status"] == "就业状态"
    assert labels["ind_labour_force"] == "劳动力"
    assert pmeta.variable_value_labels["employment_status"][1] == "外出务工"
    assert hmeta.variable_value_labels["household_type"] == {1: "一般农户", 2: "脱贫户", 3: "监测户"}
    assert hmeta.variable_value_labels["status"] == {1: "完成", 2: "草稿"}
    # Chinese text intact, the hostile value as it was (no ' in a statistics file)
    row = hh[hh["household_uuid"] == record["uuid"]].iloc[0]
    assert row["address"] == HOSTILE["address"]
    names = [str(m["fields"]["name"]) for r in county_records for m in r["members"]]
    assert sorted(pp["name"]) == sorted(names)
    for meta in (hmeta, pmeta):
        assert all(n.isascii() and len(n) <= 32 for n in meta.column_names)
        assert len(set(meta.column_names)) == len(meta.column_names)
    total = summary_totals(store, tmp_path)
    assert total["labour_force"] == pp["ind_labour_force"].sum() == hh["ind_labour_force"].sum()
    assert total["employed"] == pp["ind_employed"].sum()


def test_township_and_as_of(store, county_records, tmp_path: Path) -> None:  # noqa: F811
    town = "431222100"
    done = export_data(store, tmp_path, "csv", township=town)
    rows = read_csv(tmp_path / "households.csv")
    assert done.households == len(rows) == sum(
        r["fields"]["village_code"].startswith(town) for r in county_records)
    assert {r["township_code"] for r in rows} == {town}
    with pytest.raises(MopaiError, match="431222999"):
        export_data(store, tmp_path, "csv", township="431222999")
    with pytest.raises(MopaiError, match="after today"):
        export_data(store, tmp_path, "csv", as_of=TODAY + dt.timedelta(days=1))
    # as of a past day: the records as they stood then, from the revision history
    export_data(store, tmp_path, "csv")
    current = read_csv(tmp_path / "persons.csv")
    now = export_data(store, tmp_path, "csv", as_of=TODAY)
    assert now.households == len(county_records)
    key = lambda p: (p["household_uuid"], int(p["member_no"]))  # noqa: E731
    assert sorted(read_csv(tmp_path / "persons.csv"), key=key) == sorted(current, key=key)
    before = export_data(store, tmp_path, "dta", as_of=TODAY - dt.timedelta(days=3650))
    assert before.households == before.persons == 0
    assert len(pyreadstat.read_dta(str(tmp_path / "households.dta"))[0]) == 0


def test_a_failed_export_changes_nothing(store, county_records, tmp_path: Path,  # noqa: F811
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    export_data(store, out, "csv")
    kept = {p.name: p.read_bytes() for p in out.iterdir()}
    from mopai.reports import export

    def broken(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_codebook", broken)
    with pytest.raises(MopaiError):
        export_data(store, out, "csv", township="431222101")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == kept  # no temporary file left


def test_variable_names_are_valid_for_spss_and_stata() -> None:
    names = valid_names(["name", "name", "in", "1st", "帮扶", "a" * 40, "a" * 40, "_x"])
    assert names[:4] == ["name", "name_2", "v_in", "v_1st"]
    assert all(n.isascii() and len(n) <= 32 and n[0].isalpha() for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_export_data_command(home: Path, tmp_path: Path) -> None:
    from mopai.sync.synth import VillageSpec, generate_village
    from mopai.sync.workspace import Workspace
    from tests.cli.test_main import mopai
    from tests.conftest import PASSPHRASE, USER

    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save_many(g.state for g in generate_village(
            VillageSpec("110105001001", 5, seed=3, mistake_rate=0.0)))
    r = mopai("export-data", "--home", str(home), "--format", "dta", "--out", str(tmp_path),
              passphrase=PASSPHRASE)
    assert r.returncode == 0 and "5 户 households" in r.stdout, r.stderr
    assert len(pyreadstat.read_dta(str(tmp_path / "households.dta"))[0]) == 5
    assert (tmp_path / "codebook.xlsx").exists()
    r = mopai("export-data", "--home", str(home), "--format", "xls", "--out", str(tmp_path),
              passphrase=PASSPHRASE)
    assert r.returncode == 2 and "invalid choice" in r.stderr
    r = mopai("export-data", "--home", str(home), "--out", str(tmp_path / "no"),
              passphrase=PASSPHRASE)
    assert r.returncode != 0 and "no such folder" in r.stderr and "Traceback" not in r.stderr
