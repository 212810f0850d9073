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
from tests.sync.test_services import JOB, give_postings


def test_add_a_push_record_its_outcome_and_confirm_it(qtbot, make_app, store, home) -> None:
    h = sample_household(seed=5, today=dt.date.today(), village=VILLAGE)
    store.households.save(h)
    give_postings(store, JOB)   # the open postings the county sent
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
    dialog.job.setText("job-42")             # no such posting here: refused, nothing saved
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "job-42" in dialog.message.text())
    assert dialog.table.rowCount() == 0
    dialog.job.setText(JOB)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 3).text() == JOB

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
        assert (r.kind, r.job_id, r.outcome, r.employer) == ("job_push", JOB, "placed",
                                                             "长沙电子厂")
        fields = next(m for m in s.households.get(h["uuid"])["members"]
                      if m["uuid"] == young["uuid"])["fields"]
        assert (fields["employment_status"], fields["employer"]) == ("migrant", "长沙电子厂")
        assert len(s.households.history(h["uuid"])) == 2
    finally:
        s.close()


def test_the_history_shows_each_service_records_revisions(qtbot, make_app, store, home
                                                         ) -> None:
    """The household's history dialog lists its service records beside its revisions: each
    record with its own revisions (recorded, outcome, withdrawn), who and when."""
    h = sample_household(seed=5, today=dt.date.today(), village=VILLAGE)
    store.households.save(h)
    give_postings(store, JOB)
    young = next(m for m in h["members"] if m["fields"]["relation"] == "daughter_in_law")
    number = young["fields"]["id_number"]
    push = store.services.add(number, "job_push", job_id=JOB, note="电子厂普工")
    store.services.set_outcome(push.service_id, "placed", employer="长沙电子厂")
    guidance = store.services.add(number, "guidance")
    store.services.remove(guidance.service_id)
    revisions = store.services.history(h["uuid"])
    store.close()
    app = make_app()
    app.start()
    unlock(qtbot, app)
    app.window.show_history(h["uuid"])
    dialog = app.window.dialogs[-1]
    qtbot.waitUntil(lambda: dialog.services.topLevelItemCount() == 2
                    and len(dialog.entries) == 1)
    tops = {dialog.services.topLevelItem(i).text(0): dialog.services.topLevelItem(i)
            for i in range(2)}
    [placed] = [t for text, t in tops.items() if "岗位推送" in text]
    [withdrawn] = [t for text, t in tops.items() if "职业指导" in text]
    assert "已上岗（长沙电子厂" in placed.text(0) and young["fields"]["name"] in placed.text(0)
    changes = [placed.child(i).text(4) for i in range(placed.childCount())]
    assert len(changes) == 2 and "已上岗（长沙电子厂" in changes[0] and JOB in changes[1]
    assert [placed.child(i).text(2) for i in range(2)] == [USER, USER]
    assert withdrawn.childCount() == 2 and withdrawn.child(0).text(4) in ("withdrawn", "已撤回")
    assert len(revisions) == 4 and placed.child(1).text(1) == \
        revisions[0].saved_at[:19].replace("T", " ")
    app.window.close()
    app.shutdown()
