"""Users and keys from the GUI (用户与密钥 menu), driven through the real dialogs against real
workspaces: a user added, a passphrase changed (the new one unlocks, the old one no longer),
the county keys backed up to a file and restored on a new laptop, a village key file
recovered, and the county's key-backup reminder — with the Argon2 work on the worker."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.desktop.shell.accounts import ChangePassphraseDialog
from mopai.sync import keyfile
from mopai.sync.errors import WrongPassphrase
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import open_county, type_into, unlock
from tests.sync.conftest import COUNTY, COUNTY_USER, Net, build_net

NEW = "otter-harbour-lamp-58"        # passes the village policy
VILLAGE_GRADE = "monkey-summer"      # passes a village's policy, not the county's
COUNTY_NEW = "quiet-otter-harbour-lamp-58-mill"  # passes the county's (and the backup's)


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_net(tmp_path_factory.mktemp("accounts")).root


def fill(qtbot: Any, dialog: Any, **values: str) -> None:
    for name, text in values.items():
        type_into(qtbot, getattr(dialog, name), text)


def press_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def wait_error(qtbot: Any, dialog: Any) -> str:
    qtbot.waitUntil(lambda: bool(dialog.error.text()) and not dialog.running, timeout=15_000)
    return dialog.error.text()


def wait_done(qtbot: Any, dialog: Any) -> None:
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=15_000)


def test_change_passphrase_new_one_unlocks_and_old_one_does_not(qtbot, make_app,
                                                                village_home: Path,
                                                                monkeypatch) -> None:
    derived_on: list[str] = []
    real = keyfile._derive
    monkeypatch.setattr(keyfile, "_derive", lambda p, kdf: (
        derived_on.append(threading.current_thread().name), real(p, kdf))[1])
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window = app.window
    assert window.act_passwd.isVisible() and not window.act_backup_keys.isVisible()
    derived_on.clear()
    window.act_passwd.trigger()
    dialog = window.dialogs[-1]
    assert isinstance(dialog, ChangePassphraseDialog)
    # a mistyped repeat is caught before the store is asked
    fill(qtbot, dialog, old=PASSPHRASE, new=NEW, repeat=NEW + "x")
    press_ok(qtbot, dialog)
    assert "differ" in dialog.error.text() or "不一致" in dialog.error.text()
    assert not derived_on
    # a wrong current passphrase: refused, nothing changed
    fill(qtbot, dialog, old="not-my-passphrase-9", repeat=NEW)
    press_ok(qtbot, dialog)
    assert wait_error(qtbot, dialog)
    assert dialog.isVisible()
    # the one policy refuses a weak new passphrase, in the dialog
    fill(qtbot, dialog, old=PASSPHRASE, new="12345678", repeat="12345678")
    press_ok(qtbot, dialog)
    assert wait_error(qtbot, dialog)
    Workspace(village_home).unlock(USER, PASSPHRASE).close()  # still the old one
    assert derived_on.pop() == "MainThread"  # (that was this test's own unlock)
    fill(qtbot, dialog, new=NEW, repeat=NEW)
    press_ok(qtbot, dialog)
    wait_done(qtbot, dialog)
    # every Argon2 derivation ran on the store worker, none on the GUI thread
    assert derived_on and all(name.startswith("mopai-store") for name in derived_on)
    with pytest.raises(WrongPassphrase):
        Workspace(village_home).unlock(USER, PASSPHRASE)
    Workspace(village_home).unlock(USER, NEW).close()
    # through the app's own unlock screen too
    app.lock()
    page = window.unlock_page
    qtbot.waitUntil(page.passphrase.isEnabled)
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(page.error.isVisible, timeout=10_000)
    assert window.locked
    page.passphrase.clear()
    unlock(qtbot, app, NEW)


def test_add_user_from_the_menu(qtbot, make_app, village_home: Path) -> None:
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window = app.window
    window.act_add_user.trigger()
    dialog = window.dialogs[-1]
    fill(qtbot, dialog, name="李文书", new=NEW, repeat=NEW, mine="not-my-passphrase-9")
    press_ok(qtbot, dialog)
    assert wait_error(qtbot, dialog)               # wrong own passphrase: refused
    assert Workspace(village_home).keys.users() == [USER]
    fill(qtbot, dialog, mine=PASSPHRASE)
    press_ok(qtbot, dialog)
    wait_done(qtbot, dialog)
    assert Workspace(village_home).keys.users() == [USER, "李文书"]
    Workspace(village_home).unlock("李文书", NEW).close()
    app.lock()  # the unlock screen offers the new user
    combo = window.unlock_page.user
    assert "李文书" in [combo.itemText(i) for i in range(combo.count())]


def test_county_backs_up_keys_and_restores_them_on_a_new_laptop(qtbot, make_app, net: Net,
                                                                 tmp_path: Path) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    window = app.window
    qtbot.waitUntil(window.backup_reminder.isVisible, timeout=10_000)  # no backup yet
    with net.open("county") as county:
        fingerprint = county.sync.fingerprint()
    assert window.act_backup_keys.isVisible() and window.act_restore_keys.isVisible()
    qtbot.mouseClick(window.backup_reminder, Qt.MouseButton.LeftButton)  # the reminder's way
    dialog = window.dialogs[-1]
    out = tmp_path / "stick" / "county-keys.mopai-keys"
    out.parent.mkdir()
    fill(qtbot, dialog, path=str(out), new=VILLAGE_GRADE, repeat=VILLAGE_GRADE)
    press_ok(qtbot, dialog)
    # good enough for a village, not for what guards the whole county's keys: nothing written
    assert wait_error(qtbot, dialog)
    assert not out.exists() and window.backup_reminder.isVisible()
    fill(qtbot, dialog, new=COUNTY_NEW, repeat=COUNTY_NEW)
    press_ok(qtbot, dialog)
    wait_done(qtbot, dialog)
    assert out.exists()
    qtbot.waitUntil(lambda: not window.backup_reminder.isVisible(), timeout=10_000)
    window.close()
    app.shutdown()

    # The county laptop is lost: a new one gets a county workspace with the same code...
    Workspace.create(tmp_path / "new-laptop", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县")
    app2 = open_county(qtbot, make_app, tmp_path / "new-laptop", COUNTY_USER)
    window2 = app2.window
    qtbot.waitUntil(window2.backup_reminder.isVisible, timeout=10_000)
    window2.act_restore_keys.trigger()
    dialog = window2.dialogs[-1]
    fill(qtbot, dialog, path=str(out), passphrase="wrong-backup-passphrase-1")
    press_ok(qtbot, dialog)
    assert wait_error(qtbot, dialog)
    fill(qtbot, dialog, passphrase=COUNTY_NEW)
    press_ok(qtbot, dialog)
    wait_done(qtbot, dialog)
    assert dialog.result_value == fingerprint           # the keys the villages trust
    qtbot.waitUntil(lambda: not window2.backup_reminder.isVisible(), timeout=10_000)
    assert fingerprint in window2.statusBar().currentMessage()


def test_county_recovers_a_village_key_file(qtbot, make_app, net: Net) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    window = app.window
    window.act_recover.trigger()
    dialog = window.dialogs[-1]
    fill(qtbot, dialog, path=str(net.home("a1") / "mopai.keys"), user=USER, new=NEW, repeat=NEW)
    press_ok(qtbot, dialog)
    wait_done(qtbot, dialog)
    with pytest.raises(WrongPassphrase):
        Workspace(net.home("a1")).unlock(USER, PASSPHRASE)
    Workspace(net.home("a1")).unlock(USER, NEW).close()


def test_village_has_no_county_key_actions_or_reminder(qtbot, make_app,
                                                       village_home: Path) -> None:
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    window = app.window
    for act in (window.act_backup_keys, window.act_restore_keys, window.act_recover):
        assert not act.isVisible()
    qtbot.wait(200)
    assert not window.backup_reminder.isVisible()
