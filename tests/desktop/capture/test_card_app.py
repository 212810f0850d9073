"""Printing household cards from the village app: the list's button (the selected household,
or the whole village) and the editor's (the household on screen), each PDF read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai.desktop.capture.household_model import UUID_ROLE
from mopai.forms.samples import sample_household
from mopai.reports.card import reference
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.desktop.capture.test_card import decoded_qr, nfkc, page_text, pdf
from tests.desktop.conftest import unlock


def saved_households(home: Path, n: int) -> list[str]:
    from mopai.sync.workspace import Workspace

    store = Workspace(home).unlock(USER, PASSPHRASE)
    try:
        uuids = []
        for i in range(n):
            h = sample_household(2, seed=40 + i, today=dt.date.today(), village=VILLAGE)
            h["fields"]["household_no"] = f"{i + 1:03d}"
            h["status"] = "complete"
            store.households.save(h)
            uuids.append(h["uuid"])
        return uuids
    finally:
        store.close()


def written(qtbot: Any, dialog: Any, out: Path) -> int:  # noqa: ANN401
    with qtbot.waitSignal(dialog.written, timeout=20_000) as signal:
        dialog.write(out)
    assert signal.args[0] == str(out)
    return signal.args[1]


@pytest.mark.usefixtures("cjk_font")
def test_cards_from_the_list_and_the_editor(qtbot: Any, make_app: Any, home: Path,  # noqa: ANN401
                                            tmp_path: Path) -> None:
    uuids = saved_households(home, 2)
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    window.show_page(window.households)
    table = window.households.table
    qtbot.waitUntil(lambda: window.households.proxy.rowCount() == 2, timeout=10_000)
    table.setCurrentIndex(window.households.proxy.index(1, 0))
    qtbot.mouseClick(window.households.card_button, Qt.MouseButton.LeftButton)
    dialog = window.households.card_dialog
    assert dialog.one.isChecked()
    chosen = table.currentIndex().data(UUID_ROLE)
    one = tmp_path / "one.pdf"
    assert written(qtbot, dialog, one) == 1
    doc = pdf(one)
    assert doc.pageCount() == 1
    [code] = decoded_qr(doc, 0)
    assert chosen in uuids and code == reference(chosen)
    dialog.all.setChecked(True)
    dialog.size.setCurrentIndex(dialog.size.findData("A5"))
    village = tmp_path / "village.pdf"
    assert written(qtbot, dialog, village) == 2
    doc = pdf(village)
    assert [decoded_qr(doc, p) for p in range(2)] == [[reference(u)] for u in uuids]
    assert nfkc("户编号：002") in page_text(doc, 1)
    dialog.close()
    # the editor's button: the household on screen
    window.open_household(uuids[0])
    qtbot.waitUntil(lambda: window.editor.uuid == uuids[0], timeout=10_000)
    dialog = window.editor.open_card()
    assert dialog.one.isChecked() and dialog.all.isEnabled()
    mine = tmp_path / "mine.pdf"
    assert written(qtbot, dialog, mine) == 1
    assert decoded_qr(pdf(mine), 0) == [reference(uuids[0])]
    dialog.close()


def test_a_household_never_saved_is_refused_in_the_dialog(qtbot: Any, make_app: Any,  # noqa: ANN401
                                                          tmp_path: Path) -> None:
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    window.new_household()
    qtbot.waitUntil(lambda: bool(window.editor.state), timeout=10_000)
    dialog = window.editor.open_card()
    out = tmp_path / "new.pdf"
    dialog.write(out)
    qtbot.waitUntil(lambda: "找不到" in dialog.result.text() or "no household" in
                    dialog.result.text(), timeout=10_000)
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
    dialog.close()


@pytest.mark.usefixtures("cjk_font")
def test_the_village_contact_is_set_in_the_dialog(qtbot: Any, make_app: Any, home: Path,  # noqa: ANN401
                                                  tmp_path: Path) -> None:
    """The village contact the cards name is typed in the card dialog: a bad phone number is
    refused there with nothing written; a good one is kept and printed, and shown next time."""
    saved_households(home, 1)
    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    window.show_page(window.households)
    qtbot.waitUntil(lambda: window.households.proxy.rowCount() == 1, timeout=10_000)
    qtbot.mouseClick(window.households.card_button, Qt.MouseButton.LeftButton)
    dialog = window.households.card_dialog
    qtbot.waitUntil(dialog.contact_name.isEnabled, timeout=10_000)
    assert dialog.contact_name.text() == ""
    dialog.all.setChecked(True)
    dialog.contact_name.setText("王主任")
    dialog.contact_phone.setText("找村委会")
    bad = tmp_path / "bad.pdf"
    dialog.write(bad)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    assert "找村委会" in dialog.result.text() and not bad.exists()
    dialog.contact_phone.setText("0731-7654321")
    good = tmp_path / "good.pdf"
    assert written(qtbot, dialog, good) == 1
    text = page_text(pdf(good), 0)
    assert nfkc("王主任") in text and "0731-7654321" in text
    dialog.close()
    qtbot.mouseClick(window.households.card_button, Qt.MouseButton.LeftButton)
    again = window.households.card_dialog
    qtbot.waitUntil(again.contact_name.isEnabled, timeout=10_000)
    assert (again.contact_name.text(), again.contact_phone.text()) == ("王主任", "0731-7654321")
