"""导入台账 in the app (desktop/transfer/ledger_wizard.py), driven as a cadre would: the file,
the columns (an unmatched one set by hand), the unknown value answered once, the preview with
its problems, importing only the sound households; the list shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from mopai.sync.ledger_read import csv_bytes
from tests.conftest import PASSPHRASE
from tests.desktop.conftest import unlock
from tests.sync.test_ledger_in import messy_rows


def test_wizard_imports_a_messy_ledger(qtbot: Any, make_app: Any, tmp_path: Path) -> None:
    rows = messy_rows()
    rows[3] = [*rows[3][:-1], "享受的政策（备注）"]   # a header nobody knows: set by hand
    path = tmp_path / "台账.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    app = make_app()
    app.start()
    unlock(qtbot, app, PASSPHRASE)
    wizard = app.window.show_ledger_import()
    wizard.open_file(path)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=20_000)
    # the unmatched column is listed first, with no question
    assert wizard.columns.item(0, 1).text() == "享受的政策（备注）"
    combo = wizard.columns.cellWidget(0, 2)
    assert combo.currentData() is None
    combo.setCurrentIndex(combo.findData("member.policies"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    assert wizard.values.rowCount() == 1 and wizard.values.item(0, 1).text() == "在读"
    means = wizard.values.cellWidget(0, 3)
    means.setCurrentIndex(means.findData("yes"))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=20_000)
    lines = [wizard.problems.item(i).text() for i in range(wizard.problems.count())]
    assert len(lines) == 2 and any("第 9 行" in t and "身份证号" in t for t in lines)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)          # problems: refused until the box is ticked
    assert "problems" in wizard.error.text() or "问题" in wizard.error.text()
    wizard.accept_sound.setChecked(True)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 4, timeout=20_000)
    assert (tmp_path / "台账-未导入.xlsx").exists()
    done: list[Any] = []
    app.client.status(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done[0].households == 2       # 张大山's and 赵五's; 王二's ID number is invalid
