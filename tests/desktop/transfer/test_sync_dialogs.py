"""Export wizard, import screen and enrolment, driven through their widgets with real bundles."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.desktop.transfer.drives import removable_drives
from mopai.desktop.transfer.enrol_dialog import EnrolDialog
from mopai.desktop.transfer.export_dialog import ExportDialog
from mopai.desktop.transfer.sync_flows import EnrolFlow, EnrolStep, ExportFlow, ExportStep
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import type_into
from tests.helpers import household
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, enrol


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sync-gui")
    Workspace.create(root / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县")
    for name in ("village", "fresh"):
        Workspace.create(root / name, role="village", code=VILLAGE_A, user=USER,
                         passphrase=PASSPHRASE, name="测试村")
    county = Workspace(root / "county").unlock(COUNTY_USER, PASSPHRASE)
    village = Workspace(root / "village").unlock(USER, PASSPHRASE)
    try:
        enrol(county, village, root)
        village.households.save(household("0001", ("张三", "11010519491231002X")))
    finally:
        village.close()
        county.close()
    return root


@pytest.fixture
def net(tmp_path: Path, _template: Path) -> Path:
    shutil.copytree(_template, tmp_path / "net")
    (tmp_path / "net" / "stick").mkdir()
    return tmp_path / "net"


def opened(qtbot: Any, make_app, home: Path, user: str = USER) -> Any:
    from tests.desktop.conftest import unlock

    app = make_app(home=home, user=user)
    app.start()
    unlock(qtbot, app)
    return app


# -- the flows alone -------------------------------------------------------------------------
def test_export_flow_needs_a_folder_and_says_when_safe() -> None:
    flow = ExportFlow()
    assert not flow.can_start
    with pytest.raises(RuntimeError):
        flow.start()
    flow.choose(Path("/media/u/STICK"))
    assert flow.start() == Path("/media/u/STICK") and flow.step is ExportStep.RUNNING
    assert not flow.safe_to_remove
    flow.failed(OSError("full"))
    assert flow.step is ExportStep.FAILED and not flow.safe_to_remove
    flow.choose(Path("/media/u/OTHER"))
    flow.start()
    flow.done(object())
    assert flow.safe_to_remove


def test_enrol_flow_accepts_only_a_confirmed_fingerprint() -> None:
    class Preview:
        fingerprint = "ABCD " * 8

    flow = EnrolFlow()
    flow.previewed(Path("setup"), Preview())
    assert not flow.can_accept
    flow.confirm(True)
    assert flow.accept() == (Path("setup"), Preview.fingerprint)
    flow.failed(ValueError("wrong"))
    assert flow.step is EnrolStep.PREVIEW
    flow.accept()
    flow.accepted()
    assert flow.step is EnrolStep.ENROLLED


def test_removable_drives_on_linux_mount_points(tmp_path: Path) -> None:
    (tmp_path / "media" / "wang" / "STICK").mkdir(parents=True)
    [drive] = removable_drives([tmp_path / "media", tmp_path / "nothing"])
    assert drive.path == tmp_path / "media" / "wang" / "STICK" and drive.label == "STICK"
    assert drive.free is not None and 0 < drive.free <= (drive.total or 0)


class FakeWindows:
    """Drive letters as a Windows laptop reports them: C: the system disk; D: an empty
    card-reader slot; E: a stick (removable); F: a stick that says it is a fixed disk (USB bus);
    G: a second internal disk (SATA); H: a DVD drive."""

    drives = {"C": (3, 11, "系统"), "D": (2, 7, None), "E": (2, 7, "金士顿"), "F": (3, 7, "U盘"),
              "G": (3, 11, "数据"), "H": (5, 5, "DVD")}

    def logical_drives(self) -> int:
        return sum(1 << (ord(letter) - ord("A")) for letter in self.drives)

    def drive_type(self, root: str) -> int:
        return self.drives[root[0]][0]

    def bus_type(self, letter: str) -> int | None:
        return self.drives[letter][1]

    def volume_label(self, root: str) -> str | None:
        return self.drives[root[0]][2]

    def system_root(self) -> str:
        return "C"


def test_windows_sticks_by_drive_and_bus_type_without_empty_slots() -> None:
    from mopai.desktop.transfer.drives import windows_drives

    found = windows_drives(FakeWindows(), usage=lambda p: (3_200_000_000, 7_500_000_000))
    assert [(str(d.path), d.label) for d in found] == [("E:\\", "金士顿"), ("F:\\", "U盘")]
    assert all(d.free == 3_200_000_000 for d in found)


def test_the_export_dialog_shows_each_sticks_label_and_free_space(qtbot: Any, make_app,
                                                                  net: Path) -> None:
    from mopai.desktop.transfer.drives import Drive

    village = opened(qtbot, make_app, net / "village")
    dialog = ExportDialog(village.client, village.window, drives=[
        Drive(net / "stick", "金士顿", 3_200_000_000, 7_500_000_000), Drive(net / "other")])
    qtbot.addWidget(dialog)
    texts = [dialog.drives.item(i).text() for i in range(dialog.drives.count())]
    assert texts[0] == f"金士顿 ({net / 'stick'}) — 可用 3.2 GB，共 7.5 GB"
    assert texts[1] == str(net / "other")


# -- the widgets -----------------------------------------------------------------------------
def test_export_then_import_at_the_county(qtbot: Any, make_app, net: Path, tmp_path) -> None:
    stick = net / "stick"
    village = opened(qtbot, make_app, net / "village")
    assert village.window.act_export.text() and village.window.act_import.text()
    dialog = ExportDialog(village.client, village.window, drives=[stick])
    qtbot.addWidget(dialog)
    assert dialog.flow.folder == stick and dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.flow.step is ExportStep.DONE, timeout=20_000)
    assert dialog.slip_button.isEnabled()
    assert "安全" in dialog.message.text() or "safe" in dialog.message.text()
    [bundle] = stick.glob("*.mopai")
    assert dialog.flow.result.path == bundle
    slip = dialog.save_slip(tmp_path / "slip.pdf")
    assert slip.read_bytes()[:5] == b"%PDF-" and slip.stat().st_size > 2_000

    county = opened(qtbot, make_app, net / "county", COUNTY_USER)
    imp = county.window.show_import()
    imp.start([stick])
    qtbot.waitUntil(lambda: bool(imp.results), timeout=20_000)
    assert [r.status for r in imp.results] == ["accepted"]
    assert imp.table.rowCount() == 1 and imp.table.item(0, 0).text() == bundle.name
    assert not imp.alert.isVisible()
    imp.results = []
    imp.start([bundle])                                  # the same file again: nothing changes
    qtbot.waitUntil(lambda: bool(imp.results), timeout=20_000)
    assert [r.status for r in imp.results] == ["already"]


def test_cloned_device_is_raised(qtbot: Any, make_app, net: Path) -> None:
    stick, clone = net / "stick", net / "clone"
    shutil.copytree(net / "village", clone)               # the same laptop, copied
    with Workspace(net / "village").unlock(USER, PASSPHRASE) as v:
        v.sync.export(stick)
    with Workspace(clone).unlock(USER, PASSPHRASE) as c:
        c.households.save(household("0002", ("李四", "110105198001010013")))
        (stick / "second").mkdir()
        c.sync.export(stick / "second")                   # same device, same sequence number
    county = opened(qtbot, make_app, net / "county", COUNTY_USER)
    imp = county.window.show_import()
    imp.start([stick])
    qtbot.waitUntil(lambda: bool(imp.results), timeout=20_000)
    imp.results = []
    imp.start([stick / "second"])
    qtbot.waitUntil(lambda: bool(imp.results), timeout=20_000)
    [r] = imp.results
    assert r.status == "rejected" and r.reason == "cloned_device"
    assert imp.alert.isVisible() and imp.table.item(0, 2).text()


def test_enrolment_shows_the_fingerprint_before_accepting(qtbot: Any, make_app, net: Path
                                                          ) -> None:
    app = opened(qtbot, make_app, net / "fresh")
    dialog = app.window.show_enrol()
    assert isinstance(dialog, EnrolDialog)
    request, setup = net / "req.mopai-enrol", net / "setup.mopai-setup"
    qtbot.waitUntil(lambda: dialog.device_name.text().endswith("笔记本"))  # not the host name
    assert dialog.user_name.text() == app.client.user
    type_into(qtbot, dialog.device_name, "")
    assert not dialog.request_button.isEnabled()          # a laptop needs a name
    type_into(qtbot, dialog.device_name, "文书笔记本")
    type_into(qtbot, dialog.user_name, "王会计")
    dialog.write_request(request)
    qtbot.waitUntil(lambda: dialog.flow.step is EnrolStep.REQUEST_WRITTEN)
    with Workspace(net / "county").unlock(COUNTY_USER, PASSPHRASE) as county:
        req = county.sync.enrol_read_request(request)
        assert (req.device_name, req.user_name) == ("文书笔记本", "王会计")
        county.sync.enrol_approve(request, setup)
        expected = county.sync.fingerprint()
    dialog.open_setup(setup)
    qtbot.waitUntil(lambda: dialog.flow.step is EnrolStep.PREVIEW)
    assert dialog.fingerprint.text() == expected
    assert not dialog.qr.pixmap().isNull()
    assert not dialog.accept_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert not dialog.accept_button.isEnabled()           # not confirmed yet
    dialog.matches.setChecked(True)
    assert dialog.accept_button.isEnabled()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.flow.step is EnrolStep.ENROLLED, timeout=20_000)
    assert app.presenter.shown == []
