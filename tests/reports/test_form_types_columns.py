"""The ledger with a county form that has time, dateTime and metadata rows: each is a column,
printed as the county reads a clock (issue 19). A real store holding the form, a real .xlsx."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from mopai import forms
from mopai.reports.ledger import ledger_workbook
from mopai.sync.formbook import FormRef, keep
from tests.forms.builders import household, worker
from tests.formtypes import types_form
from tests.helpers import table_rows

VILLAGE = "110105001001"


def test_time_datetime_and_metadata_are_ledger_columns_read_as_a_clock(store, tmp_path: Path
                                                                         ) -> None:
    path = types_form(tmp_path / "types.xlsx")
    content = path.read_bytes()
    form = forms.load_form(path)
    with store.engine.begin() as conn:
        keep(conn, FormRef(form.form_id, form.version, hashlib.sha256(content).hexdigest(),
                           content), store)
    record = household(worker(), village_code=VILLAGE)
    record["form_version"] = form.version
    record["fields"].update({"start": "2026-06-15T09:00:05.120+08:00",
                             "end": "2026-06-15T01:41:17.004Z", "today": "2026-06-15",
                             "deviceid": "d-0042", "username": "王会计",
                             "visit_time": "08:30:00.000+08:00",
                             "callback_at": "2026-06-20T09:15:00.000+08:00"})
    store.households.save(record)
    out = tmp_path / "台账.xlsx"
    ledger_workbook(store, VILLAGE, out)
    ws = openpyxl.load_workbook(out)["台账"]
    header = [c.value for c in ws[4]]
    [row] = table_rows(ws, 5)
    cell = lambda title: row[header.index(title)]  # noqa: E731
    assert cell("start") == "2026-06-15 09:00:05"
    assert cell("end") == "2026-06-15 09:41:17"             # UTC read in the county's zone
    assert (cell("today"), cell("deviceid"), cell("username")) == ("2026-06-15", "d-0042",
                                                                   "王会计")
    assert (cell("入户时间"), cell("回访时间")) == ("08:30:00", "2026-06-20 09:15:00")
