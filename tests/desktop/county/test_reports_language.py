"""The county's 报表 page: the ledger button has a language choice (issue 19, decision 55):
Chinese unless another of the form's languages is chosen; the workbook is read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from mopai.sync.synth import add_households
from tests.desktop.conftest import open_county
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, build_net


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county with its area list has imported a1's 5 households."""
    root = tmp_path_factory.mktemp("county_reports")
    net = build_net(root)
    with net.open("a1") as village:
        add_households(village, 5, seed=7, as_of=dt.date.today())
        (root / "a1-out").mkdir()
        bundle = village.sync.export(root / "a1-out").path
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": VILLAGE_A[:9], "name": "甲镇", "level": "township", "parent_code": COUNTY},
            {"code": VILLAGE_A, "name": "甲村", "level": "village",
             "parent_code": VILLAGE_A[:9]}])
        county.sync.import_paths([bundle])
    return root


def _ledger(qtbot: Any, page: Any, out: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    page.area.setCurrentIndex(page.area.findData(VILLAGE_A))
    qtbot.mouseClick(page.ledger_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.written == out, timeout=60_000)
    ws = load_workbook(out)["台账"]
    return {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}


def test_the_ledger_button_writes_the_form_in_the_language_chosen(
        qtbot: Any, make_app: Any, net: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    page = app.window.show_reports()
    qtbot.waitUntil(lambda: page.area.findData(VILLAGE_A) >= 0, timeout=15_000)
    combo = page.language
    assert combo.objectName() == "ledgerLanguage"
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "en"]
    assert combo.currentIndex() == 0                       # Chinese unless asked
    q = app.client.form.fields["household_type"]
    chinese = _ledger(qtbot, page, tmp_path / "ledger_zh.xlsx", monkeypatch)
    assert q.label.get("zh_CN") in chinese and q.label.get("en") not in chinese
    combo.setCurrentIndex(combo.findData("en"))
    english = _ledger(qtbot, page, tmp_path / "ledger_en.xlsx", monkeypatch)
    assert q.label.get("en") in english and q.label.get("zh_CN") not in english
    assert {"序号", "户主姓名"} <= english                    # the ledger's own words
