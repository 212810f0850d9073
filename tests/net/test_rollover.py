"""Replacing the county's certificate end to end, on loopback: the next certificate is made
and announced (by the server over the old pinned connection, and in a signed return bundle
carried by stick), the server switches, the devices that learnt it follow, and one that
missed the overlap is refused with the advice to enrol again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mopai.cli.main import main
from mopai.sync import meta
from mopai.sync.errors import InputError
from mopai.sync.net import client, tls
from tests.helpers import household
from tests.net.conftest import serving
from tests.net.test_sync import fill
from tests.sync.conftest import VILLAGE_B, Net


def test_certificate_rollover(net: Net, county) -> None:  # noqa: ANN001
    old = county.meta.fresh()[meta.SERVER_CERT]
    with pytest.raises(InputError):  # no switch before devices were told
        tls.switch(county)
    nxt = tls.prepare_next(county)
    assert nxt.fingerprint != old and tls.prepare_next(county).fingerprint == nxt.fingerprint
    assert county.meta.fresh()[meta.SERVER_CERT_NEXT] == nxt.fingerprint
    with serving(county) as running:  # still the old certificate
        with net.open("a1") as a1:
            fill(a1, 1)
            report = client.run(a1, server=running.url)
            assert report.ok and report.certificate_next == nxt.fingerprint
            assert a1.meta.fresh()[meta.SERVER_CERT] == old
            assert a1.meta.fresh()[meta.SERVER_CERT_NEXT] == nxt.fingerprint
    # b1 never reached the server: a return bundle by stick tells it (signed by the county)
    with net.open("b1") as b1:
        b1.households.save(household("0001", ("李四", ""), village_code=VILLAGE_B))
        [got] = county.sync.import_paths([b1.sync.export(net.stick).path])
        assert got.status == "accepted"
        (net.stick / "back").mkdir()
        back = county.sync.export_return(VILLAGE_B, net.stick / "back")
        [result] = b1.sync.import_paths([back.path])
        assert result.ok
        assert b1.meta.fresh()[meta.SERVER_CERT_NEXT] == nxt.fingerprint
    switched = tls.switch(county)
    assert switched.fingerprint == nxt.fingerprint
    assert county.meta.fresh()[meta.SERVER_CERT] == nxt.fingerprint  # setup files pin it now
    assert not county.meta.fresh().get(meta.SERVER_CERT_NEXT)
    with serving(county) as running:  # restarted: the new certificate
        with net.open("a1") as a1:
            report = client.run(a1, server=running.url)
            assert report.ok and report.certificate == nxt.fingerprint
            assert a1.meta.fresh()[meta.SERVER_CERT] == nxt.fingerprint
            assert not a1.meta.fresh().get(meta.SERVER_CERT_NEXT)
        with net.open("b1") as b1:
            assert client.run(b1, server=running.url).ok
            assert b1.meta.fresh()[meta.SERVER_CERT] == nxt.fingerprint
        with net.open("a2") as a2:  # missed the overlap
            with pytest.raises(client.SyncRefused) as refused:
                client.run(a2, server=running.url)
            assert refused.value.reason == "wrong_certificate"
            assert "重新登记" in refused.value.zh and "enrol this device again" in \
                refused.value.en
            assert a2.meta.fresh()[meta.SERVER_CERT] == old  # nothing changed


def test_rollover_command(net: Net, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import COUNTY_USER

    home = str(net.home("county"))
    env = {"MOPAI_PASSPHRASE": PASSPHRASE}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        assert main(["net", "rollover", "--home", home, "--user", COUNTY_USER]) == 0
        made = capsys.readouterr().out
        assert main(["net", "show", "--home", home, "--user", COUNTY_USER]) == 0
        shown = capsys.readouterr().out
        assert "Next certificate" in made and "Next certificate" in shown
        assert main(["net", "rollover", "--switch", "--home", home, "--user", COUNTY_USER]) == 0
        assert "Now serving" in capsys.readouterr().out
        assert main(["net", "show", "--home", home, "--user", COUNTY_USER]) == 0
        assert "Next certificate" not in capsys.readouterr().out


@pytest.mark.parametrize("point", ["recorded", "write:1", "write:2", "write:3", "write:4",
                                   "cleared"])
def test_a_switch_killed_anywhere_is_finished_by_the_next_start(net: Net, point: str) -> None:
    """`mopai net rollover --switch` killed (SIGKILL, a real process) after the store's
    transaction, between any two of its file writes, or before its marker is cleared: the
    next start of the server (`tls.ensure`) finishes it — the key matches the certificate
    served, the previous pair is the old one, the store pins the new one, audited once."""
    import signal
    import ssl
    import subprocess
    import sys

    from sqlalchemy import select

    from mopai.sync.models import Audit
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import COUNTY_USER

    with net.open("county") as county:
        old = tls.ensure(county)
        nxt = tls.prepare_next(county)
    child = subprocess.run(
        [sys.executable, "-m", "tests.net.switch_child", str(net.home("county")), COUNTY_USER,
         point], cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
        env={**os.environ, "MOPAI_PASSPHRASE": PASSPHRASE}, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    with net.open("county") as county:
        served = tls.ensure(county)  # what `mopai serve` does first
        folder = served.cert.parent
        assert served.fingerprint == nxt.fingerprint
        for cert, key in ((served.cert, served.key), (folder / tls.OLD_CERT, folder / tls.OLD_KEY)):
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
                cert, key, password=served.key_password)  # the key is the certificate's
        assert tls._load(folder / tls.OLD_CERT, folder / tls.OLD_KEY,
                         served.key_password).fingerprint == old.fingerprint
        assert not (folder / tls.NEXT_CERT).exists() and not (folder / tls.NEXT_KEY).exists()
        values = county.meta.fresh()
        assert values[meta.SERVER_CERT] == nxt.fingerprint
        assert not values.get(meta.SERVER_CERT_NEXT) and not values.get(meta.CERT_SWITCH)
        with county.engine.connect() as conn:
            assert len(list(conn.execute(select(Audit).where(
                Audit.event == "server_certificate_switched")))) == 1
        if point == "write:3":  # the served key already new, its certificate not yet
            with net.open("a1") as a1:
                a1.meta.set({meta.SERVER_CERT_NEXT: nxt.fingerprint})
                with serving(county) as running:
                    report = client.run(a1, server=running.url)
                assert report.ok and report.certificate == nxt.fingerprint
