"""发布问卷 in the county app: a workbook refused with its reasons in Chinese (the dialog stays
open to try again), then a newer one published and current at once — a real county store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.desktop.conftest import open_county
from tests.formfiles import edited_form
from tests.sync.conftest import COUNTY, COUNTY_USER


def county_home(root: Path) -> Path:
    Workspace.create(root / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县")
    edited_form(root / "v2.xlsx")
    edited_form(root / "same.xlsx", "2026.1.1")
    return root / "county"


def publish(qtbot: Any, app: Any, path: Path, reason: str = "") -> Any:
    dialog = app.window.show_publish_form()
    dialog.path.setText(str(path))
    dialog.reason.setText(reason)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    return dialog


def test_the_county_publishes_through_the_dialog(qtbot: Any, make_app: Any, tmp_path: Path
                                                ) -> None:
    net = county_home(tmp_path).parent
    app = open_county(qtbot, make_app, net / "county", COUNTY_USER)
    assert app.window.act_publish_form.isVisible()
    assert app.window.act_publish_form.text() == "发布问卷…"
    assert app.window.form_label.text() == "问卷：农村劳动力摸底调查表 2026.1.1"
    refused = publish(qtbot, app, net / "same.xlsx")
    qtbot.waitUntil(lambda: refused.message.isVisible(), timeout=10_000)
    text = refused.message.toPlainText()
    assert "版本号 2026.1.1 不比当前问卷的 2026.1.1 新" in text and "[settings, version]" in text
    assert "not newer" not in text  # the reasons in Chinese
    assert refused.isVisible() and refused.ok.isEnabled()  # fix the workbook, try again
    assert "2026.1" in refused.current.text()
    refused.path.setText(str(net / "v2.xlsx"))
    qtbot.mouseClick(refused.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not refused.isVisible(), timeout=10_000)
    assert app.client.catalog.current.version == "2026.2"
    assert app.window.form_label.text() == "问卷：农村劳动力摸底调查表 2026.2"  # status bar
    assert "interview_mode" in app.client.form.fields
    app.shutdown()
    with Workspace(net / "county").unlock(COUNTY_USER, PASSPHRASE) as county:
        assert county.forms.current().version == "2026.2"
