"""The sync commands as real processes: enrol, export, import, return, revoke, keys, recover."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASS = "cli-pass-1234"


def mopai(*args: str, new: str | None = None, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOPAI_")}
    env["MOPAI_PASSPHRASE"] = PASS
    if new is not None:
        env["MOPAI_NEW_PASSPHRASE"] = new
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "mopai.cli", *args], cwd=ROOT,
                          env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
                          encoding=env_extra.get("PYTHONIOENCODING", "utf-8"))


# The consoles a county meets: UTF-8; output redirected to a file on Chinese Windows (GBK,
# which has no half blocks for the QR code); a bare C locale.
CONSOLES = {"utf-8": {}, "gbk": {"PYTHONIOENCODING": "gbk"},
            "c-locale": {"LC_ALL": "C", "LANG": "C"}}


def ok(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_enrol_export_import_return_revoke_by_command_line(tmp_path: Path, county_db: list[str]
                                                           ) -> None:
    enrol_export_import_return_revoke(tmp_path, county_db, "utf-8")


def enrol_export_import_return_revoke(tmp_path: Path, county_db: list[str], console: str) -> None:
    """The whole USB path by command line under one of CONSOLES (the other consoles' runs are
    in test_transfer_gbk.py and test_transfer_c_locale.py: a file per run, so the parallel
    suite spreads them over its processes)."""

    def run(*args: str, **kw: str) -> subprocess.CompletedProcess[str]:
        return mopai(*args, **{**CONSOLES[console], **kw})

    county, village, stick = tmp_path / "county", tmp_path / "village", tmp_path / "stick"
    stick.mkdir()
    ok(run("init", "--home", str(county), "--role", "county", "--county", "110105",
             "--user", "张科长", *county_db, new=PASS))
    ok(run("init", "--home", str(village), "--role", "village", "--village", "110105001001",
             "--user", "王会计", new=PASS))
    ok(run("enrol", "request", "--home", str(village), "--out", str(stick / "req"),
           "--device-name", "荆坪村文书笔记本", "--user-name", "王会计"))
    out = ok(run("enrol", "approve", str(stick / "req"), "--home", str(county),
                   "--out", str(stick / "setup")))
    assert "荆坪村文书笔记本" in out and "Device fingerprint: " in out  # who asks, before approving
    fp = out.split("County key fingerprint: ")[1].strip()
    r = run("enrol", "accept", str(stick / "setup"), "--home", str(village))
    assert r.returncode == 2 and "--fingerprint" in r.stderr and r.stderr.count("\n") == 1
    assert fp in r.stdout  # shown as text, and as a QR code where the output can show one
    if console == "gbk":
        assert "█" not in r.stdout and "cannot show the QR code" in r.stdout
    else:
        assert "█" in r.stdout
    r = run("enrol", "accept", str(stick / "setup"), "--home", str(village),
              "--fingerprint", "AAAA BBBB")
    assert r.returncode == 6 and "fingerprint" in r.stderr and "Traceback" not in r.stderr
    ok(run("enrol", "accept", str(stick / "setup"), "--home", str(village), "--fingerprint", fp))

    path = ok(run("export", "--home", str(village), "--to", str(stick))).strip()
    assert Path(path).exists() and Path(path).name.startswith("mopai-110105001001-")
    out = ok(run("import", str(stick), "--home", str(county)))
    assert "ACCEPTED" in out and out.count("\n") == 1
    assert "no backup" in run("import", path, "--home", str(county)).stderr
    r = run("import", path, "--home", str(county))
    assert r.returncode == 0 and "ALREADY" in r.stdout
    ret = ok(run("return", "--village", "110105001001", "--home", str(county),
                   "--to", str(stick))).strip()
    got = ok(run("import", ret, "--home", str(village)))
    assert "ACCEPTED" in got and "县 county 110105 " in got      # the sender is the county

    ok(run("keys", "backup", "--home", str(county), "--out", str(tmp_path / "county.keys"),
             new="backup-pass-1"))
    assert "no backup" not in run("keys", "fingerprint", "--home", str(county)).stderr
    ok(run("recover", str(village / "mopai.keys"), "--village-user", "王会计",
             "--home", str(county), new="new-village-pass"))
    r = run("status", "--home", str(village), MOPAI_PASSPHRASE="new-village-pass")
    assert r.returncode == 0, r.stderr

    devices = ok(run("enrol", "list", "--home", str(county)))
    device_id = devices.split()[0]
    assert "荆坪村文书笔记本" in devices and "王会计" in devices
    ok(run("revoke", device_id[:8], "--reason", "丢失", "--home", str(county)))
    path2 = ok(run("export", "--home", str(village), "--to", str(stick), "--all",
                     MOPAI_PASSPHRASE="new-village-pass")).strip()
    r = run("import", path2, "--home", str(county))
    assert r.returncode == 1 and "REJECTED" in r.stdout and "revoked" in r.stdout


def test_form_publish_reaches_the_village_by_command_line(tmp_path: Path, county_db: list[str]
                                                          ) -> None:
    """`mopai form publish` at the county: refused with the reasons when unsound or not newer,
    else current there and, with the next return bundle, at the village; `mopai status --json`
    names the current form on both."""
    import json

    from tests.formfiles import edited_form

    county, village, stick = tmp_path / "county", tmp_path / "village", tmp_path / "stick"
    stick.mkdir()
    ok(mopai("init", "--home", str(county), "--role", "county", "--county", "110105",
             "--user", "张科长", *county_db, new=PASS))
    ok(mopai("init", "--home", str(village), "--role", "village", "--village", "110105001001",
             "--user", "王会计", new=PASS))
    ok(mopai("enrol", "request", "--home", str(village), "--out", str(stick / "req")))
    out = ok(mopai("enrol", "approve", str(stick / "req"), "--home", str(county),
                   "--out", str(stick / "setup")))
    fp = out.split("County key fingerprint: ")[1].strip()
    ok(mopai("enrol", "accept", str(stick / "setup"), "--home", str(village), "--fingerprint", fp))

    same = edited_form(tmp_path / "same.xlsx", "2026.1.1")
    r = mopai("form", "publish", str(same), "--home", str(county))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "不比当前问卷的 2026.1.1 新" in r.stderr and "not newer" in r.stderr
    assert "[settings, version]" in r.stderr and str(same) in r.stderr
    broken = edited_form(tmp_path / "broken.xlsx",
                         add=[("surveyor", "select_one no_such_list", "x", "甲", "X")])
    r = mopai("form", "publish", str(broken), "--home", str(county))
    assert r.returncode == 2 and "survey, row" in r.stderr and "no_such_list" in r.stderr
    r = mopai("form", "publish", str(broken), "--home", str(village))
    assert r.returncode == 2 and "only a county" in r.stderr

    v2 = edited_form(tmp_path / "v2.xlsx")
    out = ok(mopai("form", "publish", str(v2), "--reason", "新增备注", "--home", str(county)))
    assert "2026.2" in out and "2026.1" in out
    status = json.loads(ok(mopai("status", "--json", "--home", str(county))))
    assert (status["form_id"], status["form_version"]) == ("labor_survey", "2026.2")
    assert "问卷 form: labor_survey 2026.2" in ok(mopai("status", "--home", str(county)))
    status = json.loads(ok(mopai("status", "--json", "--home", str(village))))
    assert status["form_version"] == "2026.1.1"
    ret = ok(mopai("return", "--village", "110105001001", "--home", str(county),
                   "--to", str(stick))).strip()
    out = ok(mopai("import", ret, "--home", str(village)))
    assert "ACCEPTED" in out and "收到问卷 2026.2" in out
    status = json.loads(ok(mopai("status", "--json", "--home", str(village))))
    assert (status["form_id"], status["form_version"]) == ("labor_survey", "2026.2")
    listed = ok(mopai("form", "list", "--home", str(village))).splitlines()
    assert listed[0].startswith("* labor_survey 2026.2") and "2026.1" in listed[1]
