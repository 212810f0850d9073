"""The editor with a county form that uses time, dateTime, the metadata rows, or_other and a
cascading select (province → city, choice_filter): a real village store that received the form,
real widgets. Issue 19."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mopai import forms
from mopai.forms import places, timevalues
from mopai.sync.formbook import FormRef, keep
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.desktop.conftest import app_holding_form, choose, new_household, type_field, unlock
from tests.forms.builders import household, worker
from tests.formtypes import types_form


@pytest.fixture
def app_with_form(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> Any:
    """The village app whose store holds the form as a return bundle leaves it."""
    app = app_holding_form(qtbot, make_app, village_home, types_form(tmp_path / "types.xlsx"))
    return app


def test_metadata_are_filled_in_not_asked_and_end_is_stamped_at_each_save(
        qtbot: Any, app_with_form: Any) -> None:
    app = app_with_form
    assert app.client.catalog.current.version == "2026.9"
    clock = [dt.datetime(2026, 6, 15, 1, 0, tzinfo=dt.UTC).timestamp()]
    app.window.editor.clock = lambda: clock[0]
    editor = new_household(qtbot, app)
    page = editor.household_page
    for name in ("start", "end", "today", "deviceid", "username"):
        assert name not in page.editors                      # never shown as questions
    fields = editor.state["fields"]
    assert fields["start"] == "2026-06-15T09:00:00.000+08:00"    # the county's clock
    assert timevalues.parse_datetime(fields["start"]) is not None
    assert fields["today"] == "2026-06-15"
    assert (fields["deviceid"], fields["username"]) == (app.client.device_id, USER)
    assert app.client.device_id and "end" not in fields
    clock[0] += 600
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    saved = _stored(qtbot, app, editor.uuid)
    assert saved["fields"]["end"] == "2026-06-15T09:10:00.000+08:00"
    assert saved["fields"]["start"] == fields["start"]
    clock[0] += 3600
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    saved = _stored(qtbot, app, editor.uuid)
    assert saved["fields"]["end"] == "2026-06-15T10:10:00.000+08:00"   # the last save
    assert saved["fields"]["start"] == fields["start"]                 # the first opening


def _stored(qtbot: Any, app: Any, uuid: str) -> dict[str, Any]:
    got: list[Any] = []
    app.client.get(uuid, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_time_and_datetime_are_typed_and_kept_as_odk_writes_them(qtbot: Any,
                                                                  app_with_form: Any) -> None:
    editor = new_household(qtbot, app_with_form)
    page = editor.household_page
    type_field(qtbot, page, "visit_time", "0830")
    assert editor.state["fields"]["visit_time"] == "08:30:00.000+08:00"
    type_field(qtbot, page, "callback_at", "2026-06-20 9:15")
    assert editor.state["fields"]["callback_at"] == "2026-06-20T09:15:00.000+08:00"
    type_field(qtbot, page, "visit_time", "06:30")              # before 07:00: the constraint
    assert page.editors["visit_time"].message.text() == "“入户时间”的答案不符合要求"
    type_field(qtbot, page, "visit_time", "25:61")
    assert editor.state["fields"]["visit_time"] == "25:61"
    assert "应为时间" in page.editors["visit_time"].message.text()
    # an answer not retyped keeps its seconds when another field changes
    editor.state["fields"]["visit_time"] = "08:30:45.120+08:00"
    page.load(editor.state["fields"])
    assert page.editors["visit_time"].input.text() == "08:30:45"
    type_field(qtbot, page, "callback_at", "2026-06-21 9:15")
    assert editor.state["fields"]["visit_time"] == "08:30:45.120+08:00"


def test_a_cascading_select_offers_the_cities_of_the_province_chosen(qtbot: Any,
                                                                     app_with_form: Any) -> None:
    """The shipped form's 务工省份 → 务工城市 (GB/T 2260); a record whose place of work was
    typed as text (广东东莞) opens with both chosen from it (forms/upgrade.py)."""
    editor = new_household(qtbot, app_with_form)
    record = copy.deepcopy(editor.state)
    record["members"] = household(worker(work_place="广东东莞", work_province=None))["members"]
    del record["members"][0]["fields"]["work_province"]
    editor.open_record(record, dirty=True)
    page = editor.member_page(0)
    city = page.editors["work_city"]
    guangdong, hunan = ([c.code for c in places.cities(p)] for p in ("44", "43"))
    fields = editor.state["members"][0]["fields"]
    assert (fields["work_province"], fields["work_city"]) == ("44", "4419")  # read from the text
    assert city.offered() == guangdong and city.input.currentData() == "4419"
    assert page.editors["work_province"].input.currentText().endswith("广东省")
    assert not city.message.isVisible()
    choose(qtbot, page, "work_province", "43")                   # the province changes:
    assert city.offered() == [*hunan, "4419"]                    # the old city stays, flagged
    assert city.message.text() == "“务工城市”的选项“东莞市”与前面的回答不符，请重新选择"
    assert any(f.code == "invalid_choice" and f.field == "work_city"
               for f in editor.findings_list)
    qtbot.keyClick(city.input, Qt.Key.Key_Up)                    # from 东莞市 to 湘西州
    assert editor.state["members"][0]["fields"]["work_city"] == hunan[-1] == "4331"
    assert city.offered() == hunan
    assert not city.message.text()


def test_or_other_shows_the_specify_question_when_other_is_chosen(qtbot: Any,
                                                                  app_with_form: Any) -> None:
    editor = new_household(qtbot, app_with_form)
    page = editor.member_page(0)
    assert "other" in page.editors["vehicle"].offered()
    assert not page.is_visible_field("vehicle_other")
    choose(qtbot, page, "vehicle", "other")
    assert page.is_visible_field("vehicle_other")
    type_field(qtbot, page, "vehicle_other", "mota")
    assert editor.state["members"][0]["fields"]["vehicle_other"] == "mota"
    qtbot.keyClick(page.editors["vehicle"].input, Qt.Key.Key_Up)
    assert not page.is_visible_field("vehicle_other")


def test_the_county_sees_the_metadata_as_the_interviews_paradata(
        qtbot: Any, make_app: Any, tmp_path: Path) -> None:
    from tests.desktop.conftest import open_county
    from tests.forms.builders import household, worker
    from tests.sync.conftest import COUNTY, COUNTY_USER

    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY, user=COUNTY_USER, passphrase=PASSPHRASE,
                     name="测试县")
    record = household(worker(), village_code=COUNTY + "001001")
    record["form_version"] = "2026.9"
    record["fields"].update({"start": "2026-06-15T09:00:00.000+08:00",
                             "end": "2026-06-15T09:41:17.004+08:00", "today": "2026-06-15",
                             "deviceid": "d-0042", "username": "王会计"})
    with Workspace(home).unlock(COUNTY_USER, PASSPHRASE) as county:
        county.forms.publish(types_form(tmp_path / "types.xlsx"))
        county.households.save(record)
    app = open_county(qtbot, make_app, home, COUNTY_USER)
    app.window.open_household(record["uuid"])
    editor = app.window.editor
    qtbot.waitUntil(lambda: editor.state.get("uuid") == record["uuid"])
    assert editor.interview.isVisibleTo(editor)
    text = editor.interview.text()
    assert "start：2026-06-15 09:00:00" in text and "end：2026-06-15 09:41:17" in text
    assert "deviceid：d-0042" in text and "username：王会计" in text
    assert editor.state["fields"]["start"] == "2026-06-15T09:00:00.000+08:00"  # not restamped


def test_the_province_and_city_lists_show_and_take_the_gb2260_codes(qtbot: Any,
                                                                     app_with_form: Any) -> None:
    """务工省份 and 务工城市 show GB/T 2260's own codes (44 广东省, 4419 东莞市), not their
    place in the list, and typing the code picks the place: what is shown is what is saved."""
    app = app_with_form
    editor = new_household(qtbot, app)
    record = copy.deepcopy(editor.state)
    record["members"] = household(worker(work_place=None, work_province=None))["members"]
    editor.open_record(record, dirty=True)
    page = editor.member_page(0)
    province, city = page.editors["work_province"].input, page.editors["work_city"].input
    assert province.itemText(1) == "11 北京市"                   # the first item, coded
    province.setFocus()
    qtbot.keyClicks(province, "44")
    assert province.currentText() == "44 广东省"
    assert editor.state["members"][0]["fields"]["work_province"] == "44"
    city.setFocus()
    qtbot.keyClicks(city, "4419")
    assert city.currentText() == "4419 东莞市"
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    saved = _stored(qtbot, app, editor.uuid)["members"][0]["fields"]
    assert (saved["work_province"], saved["work_city"]) == ("44", "4419")


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The laptop's own zone set to America/New_York (12 or 13 hours behind Beijing)."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert time.localtime(dt.datetime(2026, 6, 15, 1, 0, tzinfo=dt.UTC).timestamp()).tm_mday == 14
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_new_household_takes_the_countys_day_not_the_laptops(
        qtbot: Any, app_with_form: Any, new_york: Any) -> None:
    """At 01:00 UTC it is the 14th in New York and the 15th in the county (Asia/Shanghai, the
    default): the new household's 调查日期, its start and today are the county's."""
    app = app_with_form
    app.window.editor.clock = lambda: dt.datetime(2026, 6, 15, 1, 0, tzinfo=dt.UTC).timestamp()
    editor = new_household(qtbot, app)
    fields = editor.state["fields"]
    assert fields["survey_date"] == "2026-06-15"
    assert (fields["today"], fields["start"]) == ("2026-06-15", "2026-06-15T09:00:00.000+08:00")


@pytest.fixture
def app_in_urumqi(qtbot: Any, make_app: Any, village_home: Path, tmp_path: Path) -> Any:
    """The village app with the form, whose store received the county's settings with
    time_zone Asia/Urumqi (UTC+6), as a return bundle brings them."""
    from mopai.sync import county_settings

    content = types_form(tmp_path / "types.xlsx").read_bytes()
    form = forms.load_form(tmp_path / "types.xlsx")
    ref = FormRef(form.form_id, form.version, hashlib.sha256(content).hexdigest(), content)
    with Workspace(village_home).unlock(USER, PASSPHRASE) as store, store.engine.begin() as conn:
        keep(conn, ref, store)
        settings = forms.CountySettings(time_zone="Asia/Urumqi").as_mapping()
        assert county_settings.receive(conn, store, settings)
    app = make_app(home=village_home)
    app.start()
    unlock(qtbot, app)
    return app


def test_the_editor_types_and_stamps_times_in_the_countys_time_zone(
        qtbot: Any, app_in_urumqi: Any, new_york: Any) -> None:
    """The county's time_zone (Asia/Urumqi), not Beijing's default nor the laptop's (New
    York): at 17:00 UTC it is 23:00 on the 14th there (01:00 on the 15th in Beijing)."""
    app = app_in_urumqi
    assert app.client.settings.time_zone == "Asia/Urumqi"
    clock = [dt.datetime(2026, 6, 14, 17, 0, tzinfo=dt.UTC).timestamp()]
    app.window.editor.clock = lambda: clock[0]
    editor = new_household(qtbot, app)
    page = editor.household_page
    fields = editor.state["fields"]
    assert fields["survey_date"] == fields["today"] == "2026-06-14"
    assert fields["start"] == "2026-06-14T23:00:00.000+06:00"
    type_field(qtbot, page, "visit_time", "0830")
    assert fields["visit_time"] == "08:30:00.000+06:00"
    type_field(qtbot, page, "callback_at", "2026-06-20 9:15")
    assert fields["callback_at"] == "2026-06-20T09:15:00.000+06:00"
    clock[0] += 7200                                         # 01:00 on the 15th there
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save("draft")
    saved = _stored(qtbot, app, editor.uuid)["fields"]
    assert saved["end"] == "2026-06-15T01:00:00.000+06:00"
    assert (saved["visit_time"], saved["start"]) == ("08:30:00.000+06:00", fields["start"])
