"""The village app's 岗位推荐 dialog (desktop/capture/job_matches.py, issue 21): a person's
best open postings — those the county's return bundle brought — with score and reasons, and
the 推送 button recording a job_push service record naming the posting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mopai.forms.samples import sample_household
from mopai.sync import jobs
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import unlock
from tests.sync.test_jobs import _line

VILLAGE = "110105001001"


def _postings(home: Path) -> None:
    """As a return bundle's `jobs` line leaves them (sync.jobs.receive)."""
    with Workspace(home).unlock(USER, PASSPHRASE) as store, store.engine.begin() as conn:
        jobs.receive(conn, store, {"postings": [
            {**_line(), "job_id": "6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a21", "employer": "物业公司",
             "title": "保洁员", "trade": "domestic_care", "pay_min": 3000, "district": "测试县"},
            {**_line(), "job_id": "6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a22", "employer": "机械厂",
             "title": "焊工", "trade": "skilled", "sex": "male"}]}, "bundle-1")


def _village_app(qtbot: Any, make_app: Any, tmp_path: Path) -> tuple[Any, Path, dict[str, Any]]:
    """A village's app, unlocked, with the two postings and one saved household."""
    home = tmp_path / "v"
    Workspace.create(home, role="village", code=VILLAGE, user=USER, passphrase=PASSPHRASE,
                     name="测试村")
    _postings(home)
    household = sample_household(seed=3, village=VILLAGE)
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save(household)
    app = make_app(home=home)
    app.start()
    unlock(qtbot, app)
    return app, home, household


def test_a_person_sees_their_postings_and_pushes_one(qtbot: Any, make_app: Any,
                                                     tmp_path: Path) -> None:
    from mopai.desktop.capture.job_matches import JobMatchesDialog

    app, home, household = _village_app(qtbot, make_app, tmp_path)
    spouse = household["members"][1]        # 45, female, wants 保洁 in the county
    dialog = JobMatchesDialog(app.client, household, spouse["uuid"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.person is not None, timeout=10_000)
    assert dialog.table.rowCount() == 1     # the welder's posting wants a man
    assert dialog.table.item(0, 2).text() == "保洁员"
    assert "意向工种相符（家政/护理）" in dialog.table.item(0, 5).text()
    assert spouse["fields"]["name"] in dialog.heading.text()
    pushed: list[tuple[Any, Any]] = []
    dialog.push_requested.connect(lambda person, posting: pushed.append((person, posting)))
    assert dialog.push.isEnabled()
    dialog.push.click()
    assert [(p.uuid, j.job_id) for p, j in pushed] == [(spouse["uuid"],
                                                        "6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a21")]
    # the push is a job_push service record naming the posting, served today by this user
    qtbot.waitUntil(lambda: bool(dialog.pushed), timeout=10_000)
    assert "保洁员" in dialog.message.text() and spouse["fields"]["name"] in dialog.message.text()
    [record] = dialog.pushed
    assert (record.kind, record.job_id, record.member_uuid) == (
        "job_push", "6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a21", spouse["uuid"])

    head = household["members"][0]          # a migrant worker: no job is looked for
    other = JobMatchesDialog(app.client, household, head["uuid"])
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: "16" in other.heading.text(), timeout=10_000)
    assert other.table.rowCount() == 0 and not other.push.isEnabled()
    app.lock()
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        [kept] = store.services.records(household=household["uuid"])
        assert (kept.kind, kept.job_id, kept.served_by) == ("job_push", record.job_id, USER)


def test_the_editor_opens_the_members_postings_and_services(qtbot: Any, make_app: Any,
                                                            tmp_path: Path) -> None:
    """The editor's 推荐岗位… and “311”服务… buttons open the dialogs for the member shown."""
    from mopai.desktop.capture.job_matches import JobMatchesDialog
    from mopai.desktop.capture.services_dialog import ServicesDialog

    app, home, household = _village_app(qtbot, make_app, tmp_path)
    app.window.open_household(household["uuid"])
    editor = app.window.editor
    qtbot.waitUntil(lambda: editor.state.get("uuid") == household["uuid"]
                    and app.window.current_page() is editor, timeout=10_000)
    assert editor.jobs_button.isVisible() and editor.services_button.isVisible()
    editor.roster.list.setCurrentRow(2)              # member 2, the spouse
    editor.jobs_button.click()
    dialog = editor.job_matches
    assert isinstance(dialog, JobMatchesDialog)
    qtbot.waitUntil(lambda: dialog.person is not None, timeout=10_000)
    assert dialog.person.uuid == household["members"][1]["uuid"]
    assert dialog.table.item(0, 2).text() == "保洁员"
    dialog.close()
    editor.services_button.click()
    services = editor.services_dialog
    assert isinstance(services, ServicesDialog)
    assert (services.household, services.member) == (household["uuid"],
                                                     household["members"][1]["uuid"])
    services.close()
