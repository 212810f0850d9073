"""The first-run flow as a plain state machine (no Qt), and its thin Qt pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mopai.desktop.transfer.setup_flow import Problem, SetupFlow, Step
from mopai.sync import passphrase as policy
from mopai.sync.workspace import Workspace
from tests.desktop.conftest import type_into


def test_village_path_creates_a_workspace(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "ws")
    assert flow.next() is Step.START and flow.problems() == [Problem.NO_CHOICE]
    flow.choice = "create"
    assert flow.next() is Step.ROLE
    assert flow.next() is Step.ROLE and flow.problems() == [Problem.NO_ROLE]
    flow.role = "village"
    assert flow.next() is Step.AREA
    flow.code, flow.name = "11010500100", "测试村"          # 11 digits: one short
    assert Problem.BAD_CODE in flow.problems() and flow.next() is Step.AREA
    flow.code = "110105001001"
    assert flow.next() is Step.USER
    flow.user = "  "
    assert flow.problems() == [Problem.BAD_USER]
    flow.user = "王会计"
    assert flow.next() is Step.PASSPHRASE
    flow.passphrase = flow.confirm = "12345678"
    assert flow.problems() == [Problem.WEAK_PASSPHRASE]
    flow.passphrase, flow.confirm = "Qiao-Tou-2026", "Qiao-Tou-2025"
    assert flow.problems() == [Problem.MISMATCH]
    flow.confirm = flow.passphrase
    assert flow.next() is Step.CONFIRM
    assert flow.back() is Step.PASSPHRASE and flow.next() is Step.CONFIRM
    ws = flow.create()
    assert flow.step is Step.DONE and flow.passphrase == ""
    assert (ws.role, ws.code, ws.keys.users()) == ("village", "110105001001", ["王会计"])
    assert Workspace(tmp_path / "ws").unlock("王会计", "Qiao-Tou-2026") is not None


def test_county_needs_six_digits_and_demo_is_a_shortcut(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "c", choice="create")
    flow.next()
    flow.role = "county"
    flow.next()
    flow.code, flow.name = "110105001001", "某县"
    assert flow.problems() == [Problem.BAD_CODE]
    flow.code = "110105"
    assert flow.next() is Step.USER
    demo = SetupFlow(tmp_path / "d", choice="demo")
    assert demo.next() is Step.DEMO and not (tmp_path / "d").exists()


def test_passphrase_strength_orders_sensibly() -> None:
    scores = [policy.assess(p).score for p in
              ("abc", "12345678", "13800138000", "qiaotoucun", "Qiao-Tou-2026!")]
    assert scores[0] == scores[1] == 0 and scores[2] <= 1
    assert 0 < scores[3] <= scores[4]


def test_wizard_pages_create_the_workspace(qtbot, tmp_path: Path) -> None:
    from mopai.desktop.shell.worker import StoreWorker
    from mopai.desktop.transfer.setup_dialog import SetupDialog

    errors: list[BaseException] = []
    worker = StoreWorker(errors.append)
    dialog = SetupDialog(tmp_path / "ws", worker, errors.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(type(dialog.choice.buttons()[0]), "option_create").click()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.findChild(type(dialog.role.buttons()[0]), "option_village").click()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.code, "1101050010")
    type_into(qtbot, dialog.name, "测试村")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.flow.step is Step.AREA and dialog.problems.text()
    type_into(qtbot, dialog.code, "110105001001")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.user, "王会计")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.passphrase, "12345678")
    type_into(qtbot, dialog.confirm, "12345678")
    assert dialog.strength.value() == 0
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.flow.step is Step.PASSPHRASE and "常见密码" in dialog.problems.text()
    type_into(qtbot, dialog.passphrase, "Qiao-Tou-2026")
    assert dialog.strength.value() >= 3
    type_into(qtbot, dialog.confirm, "Qiao-Tou-2026")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.flow.step is Step.CONFIRM and "测试村" in dialog.summary.text()
    with qtbot.waitSignal(dialog.created, timeout=10_000):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert Workspace.exists(tmp_path / "ws") and not errors
    worker.shutdown()
