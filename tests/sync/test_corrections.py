"""Correction requests of the phone spot checks (issue 22, sync/spotchecks.py) across real
workspaces and bundles: a disagreement recorded at the county reaches the village in its
return bundle, is resolved there when the household is saved after it or dismissed with a
reason, and what became of it reaches the county in the village's next data bundle."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest

from mopai.reports import spotcheck
from mopai.reports.spotcheck import FIRST_ROW, DrawParams, columns
from mopai.sync import spotchecks
from mopai.sync.errors import InputError
from tests.forms.builders import household, jobless, worker
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.test_review import returned, to_county


def test_a_correction_request_travels_to_the_village_and_back(net: Net, tmp_path: Path) -> None:
    h = household(worker("head", phone="13800001111"), jobless("son", phone="13800002222"),
                  village_code=VILLAGE_A, household_no="0001")
    h["status"] = "complete"
    to_county(net, "a1", copy.deepcopy(h))
    with net.open("county") as county:
        drawn = spotcheck.draw(county, DrawParams(seed=1, per_village=2))
        sheet = tmp_path / "calls.xlsx"
        spotcheck.write_sheet(county, drawn, sheet)
        wb = openpyxl.load_workbook(sheet)
        ws = wb["电话抽查"]
        col = {name: i + 1 for i, name in enumerate(columns())}
        for i in range(len(drawn["people"])):
            r = FIRST_ROW + i
            ws.cell(r, col["通话结果"], "接通")
            ws.cell(r, col["就业状态核对"], "不一致")
            ws.cell(r, col["就业状态（核实值）"], "务农")
        wb.save(sheet)
        assert spotcheck.record_sheet(county, sheet).corrections == 2
        assert {c.state for c in county.spotchecks.corrections()} == {spotchecks.OPEN}
        [waiting] = [w for w in county.sync.returns_waiting() if w.code == VILLAGE_A]
        assert waiting.decisions == 2 and waiting.something
        path = returned(county)
        [waiting] = [w for w in county.sync.returns_waiting() if w.code == VILLAGE_A]
        assert waiting.decisions == 0
    with net.open("a1") as village:
        [r] = village.sync.import_paths([path])
        assert r.status == "accepted", r.one_line()
        items = {c.member_uuid: c for c in village.spotchecks.corrections()}
        head, son = (m["uuid"] for m in h["members"])
        assert set(items) == {head, son}
        assert (items[head].question_zh, items[head].recorded, items[head].heard,
                items[head].state) == ("就业状态", "外出务工", "务农", spotchecks.OPEN)
        # the same return bundle again changes nothing
        [again] = village.sync.import_paths([path])
        assert len(village.spotchecks.corrections()) == 2
        # the cadre dismisses the son's with a reason, then saves the household
        with pytest.raises(InputError):
            village.spotchecks.dismiss(items[son].correction_id, "  ")
        village.spotchecks.dismiss(items[son].correction_id, "电话里是他父亲接的")
        current = village.households.get(h["uuid"])
        current["members"][0]["fields"]["employment_status"] = "farming"
        for key in ("work_region", "work_place", "industry", "channel", "months_worked"):
            current["members"][0]["fields"].pop(key, None)
        current["members"][0]["fields"]["wants_job"] = "no"
        village.households.save(current)
        states = {c.member_uuid: (c.state, c.reason) for c in village.spotchecks.corrections()}
        assert states == {head: (spotchecks.RESOLVED, ""),
                          son: (spotchecks.DISMISSED, "电话里是他父亲接的")}
    to_county(net, "a1")
    with net.open("county") as county:
        states = {c.member_uuid: (c.state, c.reason) for c in county.spotchecks.corrections()}
        assert states == {head: (spotchecks.RESOLVED, ""),
                          son: (spotchecks.DISMISSED, "电话里是他父亲接的")}


def test_a_village_cannot_close_another_villages_request(net: Net, tmp_path: Path) -> None:
    """A data bundle of village B naming A's request changes nothing at the county."""
    h = household(worker("head", phone="13800001111"), village_code=VILLAGE_A)
    h["status"] = "complete"
    to_county(net, "a1", h)
    with net.open("county") as county:
        drawn = spotcheck.draw(county, DrawParams(seed=1, per_village=1))
        call = {"member_uuid": drawn["people"][0]["member_uuid"], "row": 1,
                "outcome": "reached",
                "answers": {"employment_status": {"agree": False, "heard": "务农"}}}
        county.spotchecks.record(drawn["draw_id"], [call])
        [c] = county.spotchecks.corrections()
        from mopai.sync.record import utc_now

        with county.engine.connect() as conn, conn.begin():
            n = spotchecks.receive(conn, county, [{"t": "corrections", "closed": [{
                "correction_id": c.correction_id, "state": "dismissed", "reason": "x",
                "closed_at": utc_now(), "closed_by": "b", "revision_id": ""}]}],
                sender={"role": "village", "code": "110105001002"}, kind="data",
                bundle_id="b")
        assert n == 0
        assert county.spotchecks.corrections()[0].state == spotchecks.OPEN
