"""Workspace, key slots, users and passphrases (issue 2)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from mopai.sync import audit
from mopai.sync.errors import InputError, KeyFileError, UnknownUser, WorkspaceError, WrongPassphrase
from mopai.sync.keyfile import MIN_MEMORY_KIB, KeyFile
from mopai.sync.workspace import KEY_FILE, STORE_FILE, Workspace
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.helpers import household


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_sets_role_code_and_first_user(village_home: Path) -> None:
    ws = Workspace(village_home)
    assert (ws.role, ws.code, ws.keys.users()) == ("village", "110105001001", [USER])
    slot = ws.keys.slots[0]
    assert slot["kdf"]["alg"] == "argon2id" and slot["kdf"]["memory_kib"] >= MIN_MEMORY_KIB
    assert len(set(s["kdf"]["salt"] for s in ws.keys.slots)) == len(ws.keys.slots)


def test_create_refuses_bad_code_and_existing_folder(tmp_path: Path, home: Path) -> None:
    with pytest.raises(InputError, match="12 digits"):
        Workspace.create(tmp_path / "x", role="village", code="1101", user="a", passphrase="p" * 8)
    with pytest.raises(WorkspaceError):
        Workspace.create(home, role="village", code="110105001001", user="a", passphrase="p" * 9)
    with pytest.raises(InputError, match="too short"):
        Workspace.create(tmp_path / "y", role="county", code="110105", user="a", passphrase="short")


def test_wrong_passphrase_is_refused_and_audited(home: Path) -> None:
    ws = Workspace(home)
    with pytest.raises(WrongPassphrase):
        ws.unlock(USER, "not-the-passphrase")
    with ws.unlock(USER, PASSPHRASE) as store:
        failed = store.audit.entries(audit.FAILED_UNLOCK)
        assert [(e.event, e.user) for e in failed] == [(audit.FAILED_UNLOCK, USER)]
        assert store.audit.entries(audit.UNLOCK)
    assert not (home / audit.PENDING_FILE).exists()


def test_passwd_old_fails_data_intact(store, home: Path) -> None:
    h = household("0007", ("李四", "440524188001010014"))
    store.households.save(h)
    store.users.change_passphrase(PASSPHRASE, "a-brand-new-pass")
    store.close()
    ws = Workspace(home)
    with pytest.raises(WrongPassphrase):
        ws.unlock(USER, PASSPHRASE)
    with ws.unlock(USER, "a-brand-new-pass") as again:
        assert again.households.get(h["uuid"]) == h
        assert again.audit.entries(audit.PASSPHRASE_CHANGED)


def test_passwd_rewrites_only_that_slot(store, home: Path) -> None:
    store.users.add("李文书", "second-user-pass", by_passphrase=PASSPHRASE)
    before = {s["name"]: s for s in Workspace(home).keys.slots}
    store.users.change_passphrase(PASSPHRASE, "changed-pass-99")
    after = {s["name"]: s for s in Workspace(home).keys.slots}
    assert after["李文书"] == before["李文书"]
    assert after[USER]["wrapped"] != before[USER]["wrapped"]


def test_second_user_unlocks_with_own_passphrase(store, home: Path) -> None:
    h = household("0001", ("张三", "11010519491231002X"))
    store.households.save(h)
    with pytest.raises(WrongPassphrase):
        store.users.add("李文书", "second-user-pass", by_passphrase="wrong-pass-123")
    store.users.add("李文书", "second-user-pass", by_passphrase=PASSPHRASE)
    store.close()
    ws = Workspace(home)
    assert ws.keys.users() == [USER, "李文书"]
    with pytest.raises(InputError, match="several users"):
        ws.resolve_user(None)
    with pytest.raises(WrongPassphrase):
        ws.unlock("李文书", PASSPHRASE)
    with ws.unlock("李文书", "second-user-pass") as second:
        assert second.households.get(h["uuid"])["members"][0]["fields"]["name"] == "张三"


def test_unknown_user_is_refused(home: Path) -> None:
    with pytest.raises(UnknownUser):
        Workspace(home).unlock("nobody", PASSPHRASE)


@pytest.mark.parametrize("damage", ["truncate", "flip_byte", "garbage", "empty", "version"])
def test_damaged_key_file_clear_error_store_untouched(village_home: Path, damage: str) -> None:
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        store.households.save(household("0001", ("张三", "11010519491231002X")))
    key_path, db_path = village_home / KEY_FILE, village_home / STORE_FILE
    raw = key_path.read_bytes()
    damaged = {
        "truncate": raw[: len(raw) // 2],
        "flip_byte": raw[:-40] + bytes([raw[-40] ^ 0x01]) + raw[-39:],
        "garbage": b"\x00\x01garbage",
        "empty": b"",
        "version": raw.replace(b"MOPAI-KEYFILE 1", b"MOPAI-KEYFILE 9", 1),
    }[damage]
    key_path.write_bytes(damaged)
    db_before = digest(db_path)
    files_before = sorted(p.name for p in village_home.iterdir())
    with pytest.raises(KeyFileError) as info:
        Workspace(village_home)
    assert "key file" in info.value.en and info.value.zh
    assert digest(db_path) == db_before
    assert sorted(p.name for p in village_home.iterdir()) == files_before


def test_key_file_round_trip_keeps_unknown_slot_kinds(home: Path) -> None:
    kf = KeyFile.load(home / KEY_FILE)
    kf.slots.append({"kind": "recovery", "sealed_to": "county", "blob": "abc"})
    kf.save()
    again = KeyFile.load(home / KEY_FILE)
    assert again.slots[-1]["kind"] == "recovery" and again.users() == [USER]
    with Workspace(home).unlock(None, PASSPHRASE):
        pass


def forge_key_file(path: Path, **changes: str) -> None:
    """What an attacker does: edit the clear JSON body and recompute the header's checksum
    (sync/keyfile.py: ``MOPAI-KEYFILE 1 sha256=<hex of the body>`` then the body)."""
    import json

    header, _, body = path.read_bytes().partition(b"\n")
    doc = json.loads(body)
    doc.update(changes)
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    magic, version, _ = header.decode("ascii").split(" ")
    path.write_bytes(f"{magic} {version} sha256={hashlib.sha256(body).hexdigest()}\n".encode()
                     + body)


@pytest.mark.parametrize("changes", [{"role": "county", "code": "110105"},
                                     {"code": "110105001002"},
                                     {"role": "township", "code": "110105001"}],
                         ids=["as-county", "other-village", "as-township"])
def test_key_file_role_and_code_are_bound_to_the_store(
        village_home: Path, changes: dict[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from mopai.cli.main import main

    keys = village_home / KEY_FILE
    forge_key_file(keys, **changes)
    ws = Workspace(village_home)  # the checksum holds: the forgery loads
    assert (ws.role, ws.code) == (changes.get("role", "village"), changes["code"])
    store_before = digest(village_home / STORE_FILE)
    with pytest.raises(KeyFileError, match="key file was altered") as refused:
        ws.unlock(USER, PASSPHRASE)
    assert "密钥文件被改动过" in refused.value.zh and changes["code"] in refused.value.zh
    for key in [k for k in os.environ if k.startswith("MOPAI_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("MOPAI_PASSPHRASE", PASSPHRASE)
    assert main(["status", "--home", str(village_home)]) == KeyFileError.exit_code
    err = capsys.readouterr().err
    assert "密钥文件被改动过" in err and err.count("\n") == 1
    assert digest(village_home / STORE_FILE) == store_before
    assert not (village_home / audit.PENDING_FILE).exists()
    # Put back what the store says, and it opens as before.
    forge_key_file(keys, role="village", code=VILLAGE)
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store:
        assert (store.status().role, store.status().code) == ("village", VILLAGE)
