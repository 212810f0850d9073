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
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def ok(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_enrol_export_import_return_revoke_by_command_line(tmp_path: Path, county_db: list[str]
                                                           ) -> None:
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
    r = mopai("enrol", "accept", str(stick / "setup"), "--home", str(village))
    assert r.returncode == 2 and "--fingerprint" in r.stderr and r.stderr.count("\n") == 1
    assert fp in r.stdout and "█" in r.stdout  # shown as text and as a QR code first
    r = mopai("enrol", "accept", str(stick / "setup"), "--home", str(village),
              "--fingerprint", "AAAA BBBB")
    assert r.returncode == 6 and "fingerprint" in r.stderr and "Traceback" not in r.stderr
    ok(mopai("enrol", "accept", str(stick / "setup"), "--home", str(village), "--fingerprint", fp))

    path = ok(mopai("export", "--home", str(village), "--to", str(stick))).strip()
    assert Path(path).exists() and Path(path).name.startswith("mopai-110105001001-")
    out = ok(mopai("import", str(stick), "--home", str(county)))
    assert "ACCEPTED" in out and out.count("\n") == 1
    assert "no backup" in mopai("import", path, "--home", str(county)).stderr
    r = mopai("import", path, "--home", str(county))
    assert r.returncode == 0 and "ALREADY" in r.stdout
    ret = ok(mopai("return", "--village", "110105001001", "--home", str(county),
                   "--to", str(stick))).strip()
    assert "ACCEPTED" in ok(mopai("import", ret, "--home", str(village)))

    ok(mopai("keys", "backup", "--home", str(county), "--out", str(tmp_path / "county.keys"),
             new="backup-pass-1"))
    assert "no backup" not in mopai("keys", "fingerprint", "--home", str(county)).stderr
    ok(mopai("recover", str(village / "mopai.keys"), "--village-user", "王会计",
             "--home", str(county), new="new-village-pass"))
    r = mopai("status", "--home", str(village), MOPAI_PASSPHRASE="new-village-pass")
    assert r.returncode == 0, r.stderr

    devices = ok(mopai("enrol", "list", "--home", str(county)))
    device_id = devices.split()[0]
    ok(mopai("revoke", device_id[:8], "--reason", "丢失", "--home", str(county)))
    path2 = ok(mopai("export", "--home", str(village), "--to", str(stick), "--all",
                     MOPAI_PASSPHRASE="new-village-pass")).strip()
    r = mopai("import", path2, "--home", str(county))
    assert r.returncode == 1 and "REJECTED" in r.stdout and "revoked" in r.stdout
