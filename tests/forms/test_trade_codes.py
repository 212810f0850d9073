"""The 工种 code list in the shipped form (issue 21): 工种, 意向工种 and 意向培训工种 are choices
of the `trade` list with their free text beside them; records saved under 2026.1 (free text)
are still checked under 2026.1, which every store holds, and read under the current form
with their text recoded — an unread text kept and left for the cadre; the ledger prints the
trade's name."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import openpyxl

from mopai import forms
from mopai.forms import trades
from mopai.forms.samples import sample_household
from mopai.reports.ledger import ledger_workbook
from mopai.sync.formbook import shipped


def old_record() -> dict:
    """A household as 2026.1 saved it: the three questions as free text."""
    h = sample_household(today=dt.date(2026, 6, 1))
    h["form_version"] = "2026.1"
    for m in h["members"]:
        f = m["fields"]
        for name in ("job_type", "desired_job", "desired_training"):
            if f.get(f"{name}_text"):
                f[name] = f.pop(f"{name}_text")
    h["members"][1]["fields"]["desired_job"] = "去城里打零工"   # no keyword reads it
    return h


def test_the_shipped_form_has_the_trade_list_and_the_text_beside() -> None:
    form = forms.load_default_form()
    assert form.version == "2026.1.1"
    for name in ("job_type", "desired_job", "desired_training"):
        q = form.member_fields[name]
        assert q.type is forms.QType.SELECT_ONE and q.choices is not None
        assert q.choices.names() == list(trades.CODES)
        assert form.member_fields[f"{name}_text"].type is forms.QType.TEXT
    assert [r.version for r in shipped()] == ["2026.1", "2026.1.1"]


def test_a_2026_1_record_reads_with_its_text_recoded_and_unread_text_kept() -> None:
    form = forms.load_default_form()
    record = old_record()
    before = copy.deepcopy(record)
    up = forms.upgrade_household(form, record)
    assert record == before
    head, spouse = (m["fields"] for m in up.household["members"][:2])
    assert (head["job_type"], head["job_type_text"]) == ("construction", "建筑工")
    assert "desired_job" not in spouse and spouse["desired_job_text"] == "去城里打零工"
    assert (spouse["desired_training"], spouse["desired_training_text"]) == ("domestic_care",
                                                                            "家政")
    assert (1, "desired_job", "去城里打零工", None) in up.recoded
    assert (0, "job_type", "建筑工", "construction") in up.recoded
    # under the current form the unread wish is a missing answer: the editor asks for it
    codes = {f.code for f in forms.assess_household(form, {**up.household,
                                                            "status": "complete"}).findings}
    assert "required" in codes
    # a record of the current form is read as it is
    same = forms.upgrade_household(form, up.household)
    assert same.household == up.household and not same.recoded


def test_a_store_checks_a_2026_1_record_under_2026_1_and_the_ledger_prints_names(
        store, tmp_path: Path) -> None:  # noqa: ANN001
    from mopai.sync.formbook import FormChecks

    assert {"2026.1", "2026.1.1"} <= {v["version"] for v in store.forms.versions()}
    record = old_record()
    record["members"][1]["fields"]["desired_job"] = "保洁"
    record["status"] = "complete"
    assert not [f for f in FormChecks(store.forms)(record) if f.severity == "error"]
    store.households.save(record)
    village = record["fields"]["village_code"]
    ledger_workbook(store, village, tmp_path / "l.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "l.xlsx").active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "意向工种" in r)
    col = header.index("意向工种")
    wishes = {r[col] for r in rows if r and len(r) > col and r[col]} - {"意向工种"}
    assert wishes == {"家政/护理"}
