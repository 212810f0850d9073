"""A village that imports the county's new questionnaire captures with it, and a household
saved under the older form opens under the new questions (renamed answers moved, a removed
question's answer kept and named) — real stores, a real return bundle, real widgets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import import_in_app, open_county
from tests.formfiles import edited_form
from tests.forms.builders import household, worker
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, enrol


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county and one enrolled village holding one complete household of form 2026.1."""
    root = tmp_path_factory.mktemp("form-gui")
    Workspace.create(root / "county", role="county", code=COUNTY, user=COUNTY_USER,
                     passphrase=PASSPHRASE, name="测试县")
    Workspace.create(root / "village", role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="测试村")
    with Workspace(root / "county").unlock(COUNTY_USER, PASSPHRASE) as county, \
            Workspace(root / "village").unlock(USER, PASSPHRASE) as village:
        enrol(county, village, root)
        old = household(worker(employer="东莞某电子厂"), village_code=VILLAGE_A,
                        helper_phone="13800138000", survey_method="phone")
        old["uuid"], old["status"] = "old-household", "complete"
        village.households.save(old)
    edited_form(root / "v2.xlsx")
    return root


@pytest.fixture
def net(tmp_path: Path, _template: Path) -> Path:
    shutil.copytree(_template, tmp_path / "net")
    (tmp_path / "net" / "stick").mkdir()
    return tmp_path / "net"


def test_a_village_captures_with_the_form_it_received(qtbot: Any, make_app: Any, net: Path
                                                     ) -> None:
    with Workspace(net / "county").unlock(COUNTY_USER, PASSPHRASE) as county:
        county.forms.publish(net / "v2.xlsx")
        ret = county.sync.export_return(VILLAGE_A, net / "stick")
    app = open_county(qtbot, make_app, net / "village", USER)
    window, editor = app.window, app.window.editor
    assert "survey_method" in app.client.form.fields
    [r] = import_in_app(qtbot, app, [ret.path])
    assert r.status == "accepted" and app.client.catalog.current.version == "2026.2"
    assert window.form_label.text().endswith("2026.2")  # the status bar follows at once
    qtbot.waitUntil(lambda: window.dashboard.status is not None
                    and window.dashboard.values["form"].text().endswith("2026.2"))

    # the household saved under 2026.1 opens under 2026.2's questions
    window.open_household("old-household")
    qtbot.waitUntil(lambda: editor.state.get("uuid") == "old-household")
    page = editor.household_page
    assert "helper_phone" not in page.editors and "survey_method" not in page.editors
    assert page.editors["interview_mode"].value() == "phone"
    assert editor.member_page(0).editors["employer_name"].value() == "东莞某电子厂"
    assert editor.form_notice.isVisible()
    notice = editor.form_notice.text()
    assert "2026.1" in notice and "2026.2" in notice and "helper_phone" in notice
    assert "survey_method → interview_mode" in notice
    assert not [f for f in editor.findings_list if f.severity == "error"]
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)

    # a new household is captured with the new form
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.current_page() is editor and editor.uuid != "old-household")
    assert "remark" in editor.household_page.editors
    assert editor.state["form_version"] == "2026.2" and not editor.form_notice.isVisible()
    editor.dirty = False
    app.shutdown()

    with Workspace(net / "village").unlock(USER, PASSPHRASE) as village:
        saved = village.households.get("old-household")
    assert (saved["form_version"], saved["status"]) == ("2026.2", "complete")
    assert saved["fields"]["interview_mode"] == "phone"
    assert saved["fields"]["helper_phone"] == "13800138000"  # kept, never dropped
    assert saved["members"][0]["fields"]["employer_name"] == "东莞某电子厂"
    assert "survey_method" not in saved["fields"]
