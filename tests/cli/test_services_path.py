"""The whole 311 path by command line, as real processes over real bundles: a posting imported
at the county (`mopai jobs import`), sent back in a return bundle (`mopai return`), imported in
the village, matched there (`mopai jobs match --json`), pushed (`mopai services add --kind
job_push --job ID`), its outcome 已上岗 recorded and confirmed into the person's answers,
exported, imported at the county; the summary's 311 sheet and 岗位推荐台账 are read back with
openpyxl and recomputed here from the records and the households."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from mopai import forms
from mopai.forms.samples import sample_household
from tests.cli.test_services import entitled
from tests.cli.test_transfer import ROOT
from tests.conftest import PASSPHRASE, USER
from tests.helpers import table_rows
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, Net
from tests.sync.test_jobs import sheet

# The county's day (its time zone, Asia/Shanghai by default), as the commands date a service:
# between 16:00 and 24:00 UTC the machine's date is the day before.
TODAY = forms.DEFAULT_SETTINGS.today()
LATER = (TODAY + dt.timedelta(days=90)).isoformat()
CLEANER = ["县城物业公司", "保洁员", "家政/护理", "北京", "北京市", "", 3000, 4000, 5, None, None,
           "女", "", "刘经理", "13800001111", LATER]


def mopai(home: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update(MOPAI_PASSPHRASE=PASSPHRASE,
               MOPAI_USER=COUNTY_USER if home.name == "county" else USER)
    r = subprocess.run([sys.executable, "-m", "mopai.cli", *args, "--home", str(home)],
                       cwd=ROOT, env=env, capture_output=True, timeout=120,
                       stdin=subprocess.DEVNULL, encoding="utf-8")
    assert r.returncode == 0, (args, r.stderr)
    return r.stdout


def accepted(out: str) -> None:
    assert "ACCEPTED" in out, out


@pytest.mark.slow  # ~15 processes; each step also has its fast test (tests/cli/test_jobs.py,
#                   test_services.py, tests/sync/test_services.py)
def test_posting_to_placement_and_back_by_command_line(net: Net, tmp_path: Path) -> None:
    county, a1 = net.home("county"), net.home("a1")
    stick = tmp_path / "stick"
    stick.mkdir()
    h = sample_household(seed=3, today=TODAY)
    h["status"] = "complete"
    with net.open("a1") as store:     # the household, captured in the village
        store.households.save(h)
    young = next(m for m in h["members"] if m["fields"]["relation"] == "daughter_in_law")
    number = young["fields"]["id_number"]
    accepted(mopai(county, "import", mopai(a1, "export", "--to", str(stick)).strip()))

    # the county's human-resources market: a posting, imported and sent back
    assert "新增 added 1" in mopai(county, "jobs", "import",
                                  str(sheet(tmp_path / "岗位.xlsx", CLEANER)))
    [posting] = json.loads(mopai(county, "jobs", "list", "--json"))
    ret = mopai(county, "return", "--village", VILLAGE_A, "--to", str(stick)).strip()
    accepted(mopai(a1, "import", ret))

    # matched in the village: the posting among the person's best, with its reasons
    matched = json.loads(mopai(a1, "jobs", "match", "--json"))
    assert matched["postings"] == 1                # the posting the return bundle brought
    mine = next(p for p in matched["people"] if p["member_uuid"] == young["uuid"])
    [match] = [m for m in mine["matches"] if m["job_id"] == posting["job_id"]]
    assert match["reasons"] and match["employer"] == "县城物业公司"

    # pushed, then 已上岗 and confirmed by the cadre
    push = mopai(a1, "services", "add", "--id-number", number, "--kind", "job_push",
                 "--job", posting["job_id"], "--note", "电话联系").strip()
    mopai(a1, "services", "add", "--id-number", number, "--kind", "guidance")
    placed_on = TODAY.isoformat()
    out = mopai(a1, "services", "outcome", push, "--outcome", "placed", "--employer",
                "县城物业公司", "--placed-on", placed_on)
    assert "已上岗（县城物业公司" in out
    mopai(a1, "services", "confirm", push, "--status", "migrant")
    # the push does not know where and for how much she works: the household waits as a
    # draft for the cadre to finish the work questions (here through `mopai records`)
    exported = tmp_path / "户.jsonl"
    mopai(a1, "records", "export", "--out", str(exported))
    header, line = (json.loads(t) for t in exported.read_text("utf-8").splitlines() if t)
    assert line["status"] == "draft"
    her = next(m for m in line["members"] if m["uuid"] == young["uuid"])["fields"]
    assert (her["employment_status"], her["employer"], her["channel"]) \
        == ("migrant", "县城物业公司", "government")
    her.update(job_type="domestic_care", job_type_text="保洁员", monthly_income=3500,
               work_region="in_province", work_place="北京市东城区", work_province="11",
               work_city="1101", industry="O", months_worked=1)
    line["status"] = "complete"
    exported.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (header, line))
                        + "\n", "utf-8")
    mopai(a1, "records", "import", str(exported))

    # exported, imported at the county
    accepted(mopai(county, "import", mopai(a1, "export", "--to", str(stick)).strip()))
    out = tmp_path / "汇总.xlsx"
    mopai(county, "report", "--out", str(out))

    # recomputed from the records and the households at the county
    with net.open("county") as store:
        records = store.services.records()
        [pushed] = [r for r in records if r.service_id == push]
        assert pushed.confirmed and pushed.outcome == "placed"
        assert sorted(r.kind for r in records) == ["guidance", "job_push"]
        want = entitled(store)
        state = store.households.get(h["uuid"])
    member = next(m for m in state["members"] if m["uuid"] == young["uuid"])["fields"]
    assert (member["employment_status"], member["employer"], member["channel"]) \
        == ("migrant", "县城物业公司", "government")      # the confirmed placement travelled
    year = str(TODAY.year)
    done: dict[str, dict[str, int]] = {u: {} for u in want}
    for r in records:
        if r.member_uuid in done and r.date.startswith(year):
            done[r.member_uuid][r.kind] = done[r.member_uuid].get(r.kind, 0) + 1
    met = [u for u, d in done.items() if d.get("job_push", 0) >= 3
           and d.get("guidance", 0) >= 1 and d.get("training", 0) >= 1]
    wb = openpyxl.load_workbook(out)
    ws = wb["311服务"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "乡镇")
    [village] = [r for r in table_rows(ws, 4) if r[2] == VILLAGE_A]
    cell = dict(zip(header, village, strict=False))
    assert cell["应开展311服务人数"] == len(want) and cell["已完成311人数"] == len(met)
    assert cell["岗位推送（次）"] == sum(d.get("job_push", 0) for d in done.values()) == 1
    assert cell["职业指导（次）"] == sum(d.get("guidance", 0) for d in done.values()) == 1
    assert cell["培训引导（次）"] == sum(d.get("training", 0) for d in done.values()) == 0
    assert cell["涉及户数"] == 1 and cell["311全部完成户数"] == 0
    ws = wb["岗位推荐台账"]
    at, header = next((i, r) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
                      if r[0] == "序号")
    pushes = [dict(zip(header, r, strict=False)) for r in table_rows(ws, at + 1)]
    assert [(p["姓名"], p["证件号码"], p["岗位编号"], p["结果"], p["用工单位"], p["上岗日期"],
             p["备注"]) for p in pushes] == [
        (young["fields"]["name"], number, posting["job_id"], "已上岗", "县城物业公司", placed_on,
         "电话联系")]
    assert [p for p in pushes if p["推送人"] == USER] == pushes
