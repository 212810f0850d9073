"""The household list's filters and the dashboard agree with forms' own indicators, and a
零就业家庭 on the dashboard opens the household."""

from __future__ import annotations

from PySide6.QtCore import QDate

from mopai import forms
from mopai.desktop.capture.household_model import UUID_ROLE
from mopai.sync.synth import VillageSpec, generate_village
from tests.conftest import VILLAGE
from tests.desktop.conftest import type_into, unlock


def _records(store) -> list[dict]:  # noqa: ANN001
    generated = generate_village(VillageSpec(VILLAGE, 40, seed=7, mistake_rate=0.2))
    states = [g.state for g in generated]
    form = forms.load_default_form()
    for state in states:   # the store refuses complete records with errors
        if forms.has_errors(forms.validate_household(form, state)):
            state["status"] = "draft"
    store.households.save_many(states)
    return states


def test_filters_and_dashboard(qtbot, make_app, store) -> None:
    states = _records(store)
    store.close()
    form = forms.load_default_form()
    indicators = {s["uuid"]: forms.household_indicators(form, s) for s in states}
    zero = {u for u, i in indicators.items() if i.zero_employment}
    with_errors = {s["uuid"] for s in states
                   if forms.has_errors(forms.validate_household(form, s))}
    poor = {s["uuid"] for s in states if s["fields"].get("household_type") == "poverty_alleviated"}
    assert zero and with_errors and poor          # the sample exercises every filter

    app = make_app()
    app.start()
    unlock(qtbot, app)
    window = app.window
    dash = window.dashboard
    qtbot.waitUntil(lambda: dash.totals.households == 40 and dash.status is not None)
    assert dash.values["labour"].text() == str(sum(i.labour_force for i in indicators.values()))
    assert dash.values["employed"].text() == str(sum(i.employed for i in indicators.values()))
    assert dash.values["zero"].text() == str(len(zero))
    assert dash.values["with_errors"].text() == str(len(with_errors))
    assert dash.values["unsent"].text() == "40"
    assert dash.values["all_clear"].text().startswith(
        str(sum(i.five_clear_all for i in indicators.values())))

    item = dash.zero_list.item(0)
    dash.zero_list.itemDoubleClicked.emit(item)
    qtbot.waitUntil(lambda: window.current_page() is window.editor)
    assert window.editor.uuid in zero
    window.editor.close_record()

    view = window.households
    window.show_page(view)
    proxy = view.proxy
    qtbot.waitUntil(lambda: view.model.rowCount() == 40 and view.model.facts(
        view.model.uuid_at(0)) is not None)

    def shown() -> set[str]:
        return {proxy.index(r, 0).data(UUID_ROLE) for r in range(proxy.rowCount())}

    view.zero.setChecked(True)
    assert shown() == zero
    view.zero.setChecked(False)
    view.errors.setChecked(True)
    assert shown() == with_errors
    view.errors.setChecked(False)
    view.type_box.setCurrentIndex(view.type_box.findData("poverty_alleviated"))
    assert shown() == poor
    view.type_box.setCurrentIndex(0)
    dates = sorted(s["fields"]["survey_date"] for s in states)
    middle = dates[len(dates) // 2]
    view.since_check.setChecked(True)
    view.since.setDate(QDate.fromString(middle, "yyyy-MM-dd"))
    assert shown() == {s["uuid"] for s in states if s["fields"]["survey_date"] < middle}
    view.since_check.setChecked(False)
    assert proxy.rowCount() == 40

    # search by a member's ID-number fragment and by 户编号
    member = states[3]["members"][0]["fields"]
    type_into(qtbot, view.search, member["id_number"][-8:])
    qtbot.waitUntil(lambda: view._shown_text == member["id_number"][-8:])
    assert states[3]["uuid"] in shown()
