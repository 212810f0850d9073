"""Enrolment, revocation, recovery slot and `recover`, county key backup (issue 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mopai.sync import keyfile
from mopai.sync.enrol import EnrolError
from mopai.sync.errors import InputError, WrongPassphrase
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net


def test_enrolled_net_has_devices_county_keys_and_recovery_slots(net: Net) -> None:
    with net.open("county") as county:
        devices = {d.code for d in county.sync.devices()}
        county_fp = county.sync.fingerprint()
        assert devices == {VILLAGE_A, VILLAGE_B}
        assert len(county.sync.devices()) == 3
    for name in ("a1", "a2", "b1"):
        keys = Workspace(net.home(name)).keys
        slot = next(s for s in keys.slots if s["kind"] == "recovery")
        assert slot["county_code"] == COUNTY and slot["sealed"]
        assert keys.users() == [USER]  # the recovery slot is not a user
        with net.open(name) as village:
            meta = village.sync.enrolment()
            assert meta["county_code"] == COUNTY
            from mopai.sync.device import fingerprint

            assert fingerprint(meta["county_sign_pub"], meta["county_age"]) == county_fp


@pytest.mark.sqlite_only(reason="scans the SQLCipher file; tests/pg reads the server's secret table")
def test_private_keys_live_only_inside_the_encrypted_store(net: Net) -> None:
    with net.open("county") as county:
        ident = county.sync.identity().export()
    for secret in ident.values():
        for f in net.home("county").iterdir():
            assert secret.encode() not in f.read_bytes(), f.name


def _fresh_village(net: Net, name: str, code: str = VILLAGE_A) -> Path:
    Workspace.create(net.home(name), role="village", code=code, user=USER, passphrase=PASSPHRASE)
    return net.home(name)


def test_accept_needs_the_right_fingerprint_and_the_right_device(net: Net, tmp_path: Path) -> None:
    _fresh_village(net, "c1")
    _fresh_village(net, "c2")
    with net.open("c1") as c1, net.open("county") as county:
        c1.sync.enrol_request(tmp_path / "req")
        county.sync.enrol_approve(tmp_path / "req", tmp_path / "setup")
        preview = c1.sync.enrol_preview(tmp_path / "setup")
        assert preview.fingerprint == county.sync.fingerprint()
        with pytest.raises(EnrolError, match="fingerprint"):
            c1.sync.enrol_accept(tmp_path / "setup", "0000 1111", PASSPHRASE)
        assert c1.sync.enrolment() is None
        with pytest.raises(WrongPassphrase):
            c1.sync.enrol_accept(tmp_path / "setup", preview.fingerprint, "wrong-pass-00")
    with net.open("c2") as c2:
        with pytest.raises(EnrolError, match="another device"):
            c2.sync.enrol_accept(tmp_path / "setup", preview.fingerprint, PASSPHRASE)
    # A setup file altered on the way is refused whatever the fingerprint.
    data = (tmp_path / "setup").read_bytes().replace(VILLAGE_A.encode(), b"110105001009")
    (tmp_path / "bad").write_bytes(data)
    with net.open("c1") as c1:
        with pytest.raises(EnrolError, match="signature"):
            c1.sync.enrol_accept(tmp_path / "bad", preview.fingerprint, PASSPHRASE)


def test_county_refuses_requests_from_outside_the_county_and_altered_requests(
        net: Net, tmp_path: Path) -> None:
    Workspace.create(net.home("x"), role="village", code="120105001001", user=USER,
                     passphrase=PASSPHRASE)
    _fresh_village(net, "c1")
    with net.open("x") as x, net.open("c1") as c1, net.open("county") as county:
        x.sync.enrol_request(tmp_path / "x.req")
        with pytest.raises(EnrolError, match="not in county"):
            county.sync.enrol_approve(tmp_path / "x.req", tmp_path / "x.setup")
        c1.sync.enrol_request(tmp_path / "c.req")
        raw = (tmp_path / "c.req").read_bytes()
        (tmp_path / "c2.req").write_bytes(raw.replace(b'"user_name":"', b'"user_name":"X'))
        with pytest.raises(EnrolError, match="signature"):
            county.sync.enrol_approve(tmp_path / "c2.req", tmp_path / "c.setup")
        assert not (tmp_path / "c.setup").exists()


def test_recover_gives_a_forgotten_user_a_new_passphrase(net: Net, tmp_path: Path) -> None:
    stick = tmp_path / "a1.keys"
    shutil.copy(net.home("a1") / "mopai.keys", stick)  # the key file travels, not the store
    with net.open("county") as county:
        assert county.sync.recover(stick, USER, "brand-new-pass-1") == USER
    shutil.copy(stick, net.home("a1") / "mopai.keys")
    with pytest.raises(WrongPassphrase):
        Workspace(net.home("a1")).unlock(USER, PASSPHRASE)
    with Workspace(net.home("a1")).unlock(USER, "brand-new-pass-1") as store:
        assert store.integrity_check() == []


def test_recover_refuses_a_key_file_without_slot_or_of_another_county(net: Net, tmp_path: Path
                                                                       ) -> None:
    _fresh_village(net, "c1")
    Workspace.create(net.home("county2"), role="county", code="120105", user="李",
                     passphrase=PASSPHRASE)
    with net.open("county") as county:
        with pytest.raises(keyfile.KeyFileError, match="no county recovery slot"):
            county.sync.recover(net.home("c1") / "mopai.keys", USER, "brand-new-pass-1")
    with Workspace(net.home("county2")).unlock("李", PASSPHRASE) as other:
        with pytest.raises(keyfile.KeyFileError, match="not sealed to this county"):
            other.sync.recover(net.home("a1") / "mopai.keys", USER, "brand-new-pass-1")


def test_key_backup_warning_backup_and_restore(net: Net, tmp_path: Path) -> None:
    with net.open("county") as county:
        assert "no backup" in county.sync.backup_warning()
        before = county.sync.identity().export()
        county.sync.backup_keys(tmp_path / "county.keys", "backup-pass-123")
        assert county.sync.backup_warning() is None
    assert before["sign_key"].encode() not in (tmp_path / "county.keys").read_bytes()
    # Disaster: a new county workspace with the same code restores the keys.
    Workspace.create(net.home("county-new"), role="county", code=COUNTY, user="张科长",
                     passphrase=PASSPHRASE)
    with Workspace(net.home("county-new")).unlock("张科长", PASSPHRASE) as fresh:
        with pytest.raises(InputError, match="wrong backup passphrase"):
            fresh.sync.restore_keys(tmp_path / "county.keys", "not-the-pass-1")
        fresh.sync.restore_keys(tmp_path / "county.keys", "backup-pass-123")
        assert fresh.sync.identity().export() == before
    with net.open("a1") as a1:
        assert a1.sync.backup_warning() is None  # villages have nothing to back up


def test_backup_reminder_until_a_backup_holds_the_current_keys(net: Net, tmp_path: Path) -> None:
    """The county app's reminder: due without a backup, gone after one, due again on a
    workspace whose keys were made after the last backup, gone once the backup's keys are
    restored there."""
    with net.open("county") as county:
        assert county.sync.backup_due()
        county.sync.backup_keys(tmp_path / "county.keys", "backup-pass-123")
        assert not county.sync.backup_due()
    Workspace.create(net.home("county-new"), role="county", code=COUNTY, user="张科长",
                     passphrase=PASSPHRASE)
    with Workspace(net.home("county-new")).unlock("张科长", PASSPHRASE) as fresh:
        fresh.sync.fingerprint()  # its own keys, made now
        assert fresh.sync.backup_due()
        fresh.sync.restore_keys(tmp_path / "county.keys", "backup-pass-123")
        assert not fresh.sync.backup_due()
        assert fresh.sync.backup_warning() is None
    with net.open("a1") as a1:
        assert not a1.sync.backup_due()
