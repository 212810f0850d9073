"""The 311 services dialog (desktop/capture/services_dialog.py) from the household list: a
push added for a member, a refused outcome explained and nothing saved, the placement
recorded and confirmed into the household's answers (a new household revision)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from mopai.desktop.capture.household_model import UUID_ROLE
from mopai.forms.samples import sample_household
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.desktop.conftest import unlock


def test_add_a_push_record_its_outcome_and_confirm_it(qtbot, make_app, store, home) -> None:
    h = sample_household(seed=5, today=dt.date.today(), village=VILLAGE)
    store.households.save(h)
    store.close()
    young = next(m for m in h["members"] if m["fields"]["relation"] == "daughter_in_law")
    app = make_app()
    app.start()
    unlock(qtbot, app)
    view = app.window.households
    app.window.show_page(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    assert view.proxy.index(0, 0).data(UUID_ROLE) == h["uuid"]
    qtbot.mouseClick(view.services_button, Qt.MouseButton.LeftButton)
    dialog = view.services_dialog
    qtbot.waitUntil(lambda: dialog.person.count() == len(h["members"]))
    dialog.person.setCurrentIndex(next(i for i in range(dialog.person.count())
                                       if dialog.person.itemData(i)[0] == young["uuid"]))
    dialog.kind.setCurrentIndex(dialog.kind.findData("job_push"))
    dialog.job.setText("job-42")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 3).text() == "job-42"

    # placed without an employer: refused, said under the form, nothing saved
    dialog.table.setCurrentCell(0, 0)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("placed"))
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert "employer" in dialog.message.text() or "用工单位" in dialog.message.text()
    assert not dialog.confirm_button.isEnabled()

    dialog.employer.setText("长沙电子厂")
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.records) and dialog.records[0].outcome == "placed")
    dialog.table.setCurrentCell(0, 0)
    assert dialog.confirm_button.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData("migrant"))
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.records and dialog.records[0].confirmed))
    app.window.close()
    app.shutdown()

    s = Workspace(home).unlock(USER, PASSPHRASE)
    try:
        [r] = s.services.records()
        assert (r.kind, r.job_id, r.outcome, r.employer) == ("job_push", "job-42", "placed",
                                                             "长沙电子厂")
        fields = next(m for m in s.households.get(h["uuid"])["members"]
                      if m["uuid"] == young["uuid"])["fields"]
        assert (fields["employment_status"], fields["employer"]) == ("migrant", "长沙电子厂")
        assert len(s.households.history(h["uuid"])) == 2
    finally:
        s.close()
