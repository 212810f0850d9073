"""`mopai review` as a real process on the sync tests' county and villages: send back with a
comment on a member's question, list (text and JSON, by village and state), approve; a bad
uuid, a household of another township and a village workspace exit non-zero and say why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mopai.sync.workspace import Workspace
from tests.cli.test_transfer import ROOT
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, enrol
from tests.sync.test_review import complete, to_county


def mopai(home: Path, *args: str, user: str = COUNTY_USER) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env.update(MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_USER=user)
    return subprocess.run([sys.executable, "-m", "mopai.cli", "review", *args, "--home",
                           str(home)], cwd=ROOT, env=env, capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL, encoding="utf-8")


def test_review_reject_list_approve_by_command_line(net: Net) -> None:
    h, b = complete(), complete("0009", VILLAGE_B)
    to_county(net, "a1", h)
    to_county(net, "b1", b)
    county = net.home("county")
    r = mopai(county, "reject", h["uuid"], "--comment", "收入填写有误", "--question",
              "id_number@2", "--question", "address")
    assert r.returncode == 0, r.stderr
    assert "退回修改" in r.stdout and f"members.{h['members'][1]['uuid']}.fields.id_number" in r.stdout

    r = mopai(county, "list", "--state", "rejected", "--json")
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert (item["uuid"], item["state"], item["state_zh"], item["comment"]) == (
        h["uuid"], "rejected", "退回修改", "收入填写有误")
    r = mopai(county, "list", "--village", VILLAGE_B)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and "待审核" in r.stdout
    assert b["uuid"] in r.stdout

    r = mopai(county, "approve", b["uuid"])
    assert r.returncode == 0 and "审核通过" in r.stdout
    states = {i["uuid"]: i["state"] for i in json.loads(mopai(county, "list", "--json").stdout)}
    assert states == {h["uuid"]: "rejected", b["uuid"]: "approved"}


def test_review_refuses_bad_input_with_a_clear_message(net: Net) -> None:
    h, b = complete(), complete("0009", VILLAGE_B)
    to_county(net, "a1", h)
    data = to_county(net, "b1", b)
    county = net.home("county")
    r = mopai(county, "approve", "12345")
    assert r.returncode != 0 and "不是农户编号" in r.stderr and "Traceback" not in r.stderr
    r = mopai(county, "approve", "0f0e0d0c-0b0a-4908-8706-050403020100")
    assert r.returncode != 0 and "找不到农户" in r.stderr
    r = mopai(county, "reject", h["uuid"], "--comment", "改", "--question", "nosuch")
    assert r.returncode != 0 and "nosuch" in r.stderr
    r = mopai(net.home("a1"), "approve", h["uuid"], user=USER)
    assert r.returncode != 0 and "只有县或乡镇" in r.stderr

    Workspace.create(net.home("t1"), role="township", code=VILLAGE_A[:9], user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as c, net.open("t1") as t1:
        enrol(c, t1, net.root)
    with net.open("t1") as t1:  # a bundle of village B reaching the township is refused…
        assert t1.sync.import_paths([data])[0].status == "rejected"
    r = mopai(net.home("t1"), "list", "--village", VILLAGE_B, user=USER)
    assert r.returncode != 0 and "不在本乡镇" in r.stderr
