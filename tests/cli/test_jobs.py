"""`mopai jobs` as real processes: a postings sheet imported (and a bad one refused, naming
rows and columns, nothing imported), listed as JSON, matched into a workbook read back."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from mopai.sync.jobs import HEADERS
from tests.cli.test_transfer import PASS, mopai, ok


def test_import_list_match_by_command_line(tmp_path: Path) -> None:
    county = tmp_path / "county"
    ok(mopai("init", "--home", str(county), "--role", "county", "--county", "110105",
             "--user", "张科长", new=PASS))
    wb = openpyxl.Workbook()
    wb.active.append([h for h, _ in HEADERS])
    wb.active.append(["物业公司", "保洁员", "保洁", "北京市", "北京市", "", 3000, 4000, 2, 30, 55,
                      "女", "初中", "刘", "13800001111", "2099-12-31"])
    wb.save(tmp_path / "jobs.xlsx")
    wb.active.append(["某厂", "普工", "挖土方", "北京", "", "", 3000, "", 1, "", "", "", "", "", "",
                      ""])
    wb.save(tmp_path / "bad.xlsx")

    r = mopai("jobs", "import", str(tmp_path / "bad.xlsx"), "--home", str(county))
    assert r.returncode != 0 and "[row 3, column C]" in r.stderr and "挖土方" in r.stderr
    assert json.loads(ok(mopai("jobs", "list", "--json", "--home", str(county)))) == []

    out = ok(mopai("jobs", "import", str(tmp_path / "jobs.xlsx"), "--home", str(county)))
    assert "新增 added 1" in out
    [posting] = json.loads(ok(mopai("jobs", "list", "--json", "--home", str(county))))
    assert (posting["title"], posting["trade"], posting["sex"], posting["area"]) \
        == ("保洁员", "domestic_care", "female", "110105")

    r = mopai("jobs", "match", "--home", str(county), "--out", str(tmp_path / "m.xlsx"))
    assert r.returncode == 0, r.stderr
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    texts = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("岗位推荐名单" in t for t in texts) and any("在招岗位 1 个" in t for t in texts)
    assert mopai("jobs", "match", "--home", str(county)).returncode != 0  # --out or --json
