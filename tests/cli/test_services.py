"""`mopai services` as real processes on the sync tests' county and villages, through real
bundles: two laptops of one village add services for the same person at the same time, both
reach the county, count in the summary workbook's 311 sheet and 岗位推荐台账 (read back with
openpyxl, the figures recomputed here from the records), and the missing list groups the
people still waiting by 帮扶责任人. Bad input exits non-zero and says what and where."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

from mopai import forms
from mopai.forms.samples import sample_household
from mopai.reports.summary import summary_workbook
from tests.cli.test_transfer import ROOT
from tests.conftest import PASSPHRASE, USER
from tests.helpers import table_rows
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, Net
from tests.sync.test_services import back, give_postings, to_county


def mopai(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update(MOPAI_PASSPHRASE=PASSPHRASE,
               MOPAI_USER=COUNTY_USER if home.name == "county" else USER)
    return subprocess.run([sys.executable, "-m", "mopai.cli", "services", *args, "--home",
                           str(home)], cwd=ROOT, env=env, capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL, encoding="utf-8")


def ok(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def entitled(store: Any) -> dict[str, str]:  # noqa: ANN401
    """member uuid -> name of everyone who gets 311, by the definition (docs/forms.md): a
    劳动力 who is 未就业 or of a 脱贫户 or 监测户 — from the indicators, not reports/services.py."""
    form = store.forms.current().form
    out = {}
    for h in store.households.states():
        ind = forms.household_indicators(form, h)
        for p in ind.persons:
            if p.labour_force and (p.employment_status == "unemployed" or ind.poverty):
                out[p.member_uuid] = h["members"][p.member_index]["fields"]["name"]
    return out


def test_services_from_two_laptops_count_in_the_311_sheet(net: Net, tmp_path: Path) -> None:
    h = sample_household(seed=3, today=dt.date.today())
    h["status"] = "complete"
    with net.open("a1") as a1:
        a1.households.save(h)
    to_county(net, "a1")
    back(net, "a2")
    young = next(m for m in h["members"] if m["fields"]["relation"] == "daughter_in_law")
    number = young["fields"]["id_number"]
    a1, a2 = net.home("a1"), net.home("a2")
    job7, job8, job9 = (f"6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a0{n}" for n in (7, 8, 9))
    for name in ("a1", "a2"):   # the postings the county's return bundles brought
        with net.open(name) as store:
            give_postings(store, job7, job8, job9)
    # the two laptops serve the same person, neither knowing of the other
    first = ok(mopai(a1, "add", "--id-number", number, "--kind", "job_push", "--job", job7,
                     "--note", "电子厂普工")).strip()
    ok(mopai(a1, "add", "--id-number", number, "--kind", "job_push", "--job", job8))
    ok(mopai(a2, "add", "--id-number", number, "--kind", "job_push", "--job", job9,
             "--outcome", "failed", "--reason", "嫌远"))
    head = next(m for m in h["members"] if m["fields"]["relation"] == "head")
    with net.open("a2") as store:
        store.services.add(number.lower(), "guidance")
        store.services.add(number, "training")
        store.services.add(head["fields"]["id_number"], "guidance")
    out = ok(mopai(a1, "outcome", first, "--outcome", "placed", "--employer", "长沙电子厂"))
    assert "已上岗（长沙电子厂" in out
    # clear errors, nothing saved
    r = mopai(a1, "add", "--id-number", "110105199001010016", "--kind", "guidance")
    assert r.returncode != 0 and "找不到证件号码" in r.stderr and "Traceback" not in r.stderr
    r = mopai(a1, "add", "--id-number", number, "--kind", "guidance", "--date", "2026-02-30")
    assert r.returncode != 0 and "不是日期" in r.stderr and "2026-02-30" in r.stderr

    to_county(net, "a1")
    to_county(net, "a2")
    county = net.home("county")
    listed = json.loads(ok(mopai(county, "list", "--village", VILLAGE_A, "--json")))
    assert len(listed) == 6 and len({r["device_id"] for r in listed}) == 2
    out = tmp_path / "汇总.xlsx"
    with net.open("county") as store:
        summary_workbook(store, out, unit="测试县人社局")
        records = store.services.records()
        want = entitled(store)
        # the summary reads each household's 311 entry from the kept report facts: the same
        # figures as evaluating every household again
        from mopai.reports.facts import ReportFacts
        from mopai.reports.services import figures

        kept = ReportFacts.of(store)
        kept.refresh()
        assert any(main.get("s") for main in kept.rows(""))
        assert figures(store, kept_facts=kept) == figures(store)
    # recompute from the records: per person, this year's services by kind
    year = str(dt.date.today().year)
    done: dict[str, dict[str, int]] = {u: {} for u in want}
    for r in records:
        if r.member_uuid in done and r.date.startswith(year):
            done[r.member_uuid][r.kind] = done[r.member_uuid].get(r.kind, 0) + 1
    met = [u for u, d in done.items()
           if d.get("job_push", 0) >= 3 and d.get("guidance", 0) >= 1 and d.get("training", 0)]
    assert met == [young["uuid"]] and len(want) >= 3
    wb = openpyxl.load_workbook(out)
    ws = wb["311服务"]
    header = [c for c in next(r for r in ws.iter_rows(values_only=True) if r[0] == "乡镇")]
    rows = table_rows(ws, 4)
    [village] = [r for r in rows if r[2] == VILLAGE_A]
    cell = dict(zip(header, village, strict=False))
    assert cell["应开展311服务人数"] == len(want)
    assert cell["已完成311人数"] == len(met)
    assert cell["岗位推送（次）"] == sum(d.get("job_push", 0) for d in done.values()) == 3
    assert cell["职业指导（次）"] == sum(d.get("guidance", 0) for d in done.values()) == 2
    assert cell["311全部完成户数"] == 0          # the others in the household are not done
    assert rows[-1][0] == "合计" and rows[-1][3] == len(want)
    pushes = table_rows(wb["岗位推荐台账"], 4)
    assert sorted(r[7] for r in pushes) == sorted([job7, job8, job9])
    assert {r[7]: r[9] for r in pushes} == {job7: "已上岗", job8: "待反馈",
                                            job9: "未成功"}
    # the people still missing services, by 帮扶责任人
    missing = tmp_path / "待服务.xlsx"
    ok(mopai(county, "missing", "--out", str(missing)))
    names = [r[7] for r in table_rows(openpyxl.load_workbook(missing).active, 4)]
    assert sorted(names) == sorted(want[u] for u in want if u not in met)
