"""A township's own phone spot checks (issue 22) with real workspaces, sheets and bundles: it
draws for its own villages only and records the calls; its correction requests reach the
village in its own 回传; its draws and calls reach the county in its data bundle, where they
count once however often they arrive, beside the county's own draw of the same village; what
the village says about a request reaches the county and the township."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai.reports import spotcheck
from mopai.reports.spotcheck import FIRST_ROW, DrawParams, columns
from mopai.sync import spotchecks
from mopai.sync.errors import InputError
from tests.forms.builders import household, jobless, worker
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.test_review import returned, to_county
from tests.sync.test_township_return import TOWNSHIP_A, TOWNSHIP_B, _forge, out, town  # noqa: F401


def called(store: Any, drawn: dict[str, Any], path: Path, rows: dict[str, dict[str, str]]
           ) -> spotchecks.Recorded:  # noqa: ANN401
    """Write the draw's sheet, fill the rows of the named persons, record it."""
    spotcheck.write_sheet(store, drawn, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["电话抽查"]
    col = {name: i + 1 for i, name in enumerate(columns())}
    for i, person in enumerate(drawn["people"]):
        for name, value in rows.get(person["name"], {}).items():
            ws.cell(FIRST_ROW + i, col[name], value)
    wb.save(path)
    return spotcheck.record_sheet(store, path)


HEARD = {"通话结果": "接通", "就业状态核对": "不一致", "就业状态（核实值）": "务农"}


@pytest.fixture
def drawn(net: Net, town: dict[str, Any], tmp_path: Path) -> dict[str, Any]:  # noqa: F811
    """Township A holds a household of village A with two phones; it draws and records one
    call heard otherwise and one not answered."""
    h = household(worker("head", phone="13800001111", name="李四"),
                  jobless("son", phone="13800002222", name="李小四"),
                  village_code=VILLAGE_A, household_no="0002")
    h["status"] = "complete"
    data = to_county(net, "a1", copy.deepcopy(h))
    with net.open("t1") as t1:
        [r] = t1.sync.import_paths([data])
        assert r.status == "accepted", r.one_line()
        with pytest.raises(InputError, match="its own villages"):
            spotcheck.draw(t1, DrawParams(seed=1, per_village=5, area=TOWNSHIP_B))
        d = spotcheck.draw(t1, DrawParams(seed=1, per_village=5))
        assert d["area"] == TOWNSHIP_A
        assert {p["village_code"] for p in d["people"]} == {VILLAGE_A}
        done = called(t1, d, tmp_path / "t1.xlsx", {"李四": HEARD, "李小四": {"通话结果": "无人接听"}})
        assert (done.calls, done.corrections) == (2, 1)
    return {"h": h, "draw": d}


def test_a_townships_request_reaches_its_village_in_its_own_return_bundle(
        net: Net, drawn: dict[str, Any]) -> None:
    with net.open("t1") as t1:
        [w] = t1.sync.returns_waiting()
        assert (w.code, w.decisions, w.something) == (VILLAGE_A, 1, True)
        path = t1.sync.export_to_village(VILLAGE_A, out(net)).path
        [w] = t1.sync.returns_waiting()
        assert not w.something
        t1_device = t1.device_id
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([path])
        assert (r.status, r.sender_role) == ("accepted", "township"), r.one_line()
        [c] = a1.spotchecks.corrections()
        assert (c.person, c.question, c.heard, c.state) == ("李四", "employment_status", "务农",
                                                            spotchecks.OPEN)
        a1.spotchecks.dismiss(c.correction_id, "他上周刚从外地回来务农")
        back = a1.sync.export(out(net)).path
    # what the village said reaches the township (its villages' bundles come through it)
    with net.open("t1") as t1:
        [r] = t1.sync.import_paths([back])
        assert r.status == "accepted", r.one_line()
        [c] = t1.spotchecks.corrections()
        assert (c.state, c.reason) == (spotchecks.DISMISSED, "他上周刚从外地回来务农")
        with t1.engine.connect() as conn:
            [line] = spotchecks.return_lines(conn, VILLAGE_A, device_id=t1_device)
    # a township 回传 carrying another device's request is refused whole
    forged = dict(line["corrections"][0], device_id="someone-else", correction_id="x" * 36)
    path = _forge(net, "t1", [{"t": "corrections", "corrections": [forged]}])
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([path])
        assert (r.status, r.reason) == ("rejected", "township_content")
        assert len(a1.spotchecks.corrections()) == 1


def test_a_townships_draws_reach_the_county_once_beside_its_own(
        net: Net, drawn: dict[str, Any], tmp_path: Path) -> None:
    with net.open("t1") as t1:
        up = t1.sync.export(out(net)).path
        up_again = t1.sync.export(out(net)).path   # the same draws sent again
    with net.open("county") as county:
        [r] = county.sync.import_paths([up])
        assert r.status == "accepted", r.one_line()
        [d] = county.spotchecks.draws()
        assert (d["draw_id"], d["area"], d["recorded"]) == (drawn["draw"]["draw_id"],
                                                            TOWNSHIP_A, 2)
        [c] = county.spotchecks.corrections()
        assert (c.person, c.heard, c.state) == ("李四", "务农", spotchecks.OPEN)
        assert c.correction_id == spotchecks.correction_id(
            d["draw_id"], drawn["h"]["members"][0]["uuid"], "employment_status")
        [r] = county.sync.import_paths([up])
        assert r.status == "already"
        [r] = county.sync.import_paths([up_again])
        assert r.status == "accepted", r.one_line()
        # the county draws the same village itself: two samples, each call counted once
        own = spotcheck.draw(county, DrawParams(seed=9, per_village=1, area=VILLAGE_A))
        [person] = own["people"]
        called(county, own, tmp_path / "county.xlsx",
               {person["name"]: {"通话结果": "接通", "就业状态核对": "一致"}})
        tally = spotcheck.tally(county.spotchecks.calls())
        assert dict(tally[VILLAGE_A]) == {"calls": 3, "reached": 2, "checked": 2, "agreed": 1}
        assert len(county.spotchecks.corrections()) == 1
        ret = returned(county)
    # the county's return bundle carries the township's request too: kept once at the village
    with net.open("t1") as t1:
        path = t1.sync.export_to_village(VILLAGE_A, out(net)).path
    with net.open("a1") as a1:
        for p in (ret, path):
            [r] = a1.sync.import_paths([p])
            assert r.status == "accepted", r.one_line()
        [c] = a1.spotchecks.corrections()
        a1.spotchecks.dismiss(c.correction_id, "本人已回乡")
    to_county(net, "a1")
    with net.open("county") as county:
        [c] = county.spotchecks.corrections()
        assert (c.state, c.reason) == (spotchecks.DISMISSED, "本人已回乡")


def test_a_township_cannot_send_another_townships_draw(net: Net, drawn: dict[str, Any]) -> None:
    """Checked strictly at the county (the importer refuses the bundle on the ValueError)."""
    with net.open("t1") as t1, t1.engine.connect() as conn:
        [line] = spotchecks.township_lines(conn, t1.device_id)
        sender = {"role": "township", "code": TOWNSHIP_A, "device_id": t1.device_id}
    with net.open("county") as county:
        for change in ({"village_code": "110105002003"}, {"recorded": {"x": "1"}}):
            bad = copy.deepcopy(line)
            bad["draw"]["people"][0].update(change)
            with county.engine.connect() as conn, conn.begin(), \
                    pytest.raises(ValueError, match="spotdraws"):
                spotchecks.receive(conn, county, [bad], sender=sender, kind="data",
                                   bundle_id="b")
        other = dict(sender, device_id="another-device")
        with county.engine.connect() as conn, conn.begin(), \
                pytest.raises(ValueError, match="not the township's"):
            spotchecks.receive(conn, county, [line], sender=other, kind="data", bundle_id="b")
        assert county.spotchecks.draws() == []


def test_mopai_spotcheck_draw_on_a_townships_home(net: Net, drawn: dict[str, Any],
                                                  tmp_path: Path) -> None:
    from tests.cli.test_main import mopai
    from tests.conftest import PASSPHRASE, USER

    home = str(net.home("t1"))
    sheet = tmp_path / "cli.xlsx"
    r = mopai("spotcheck", "draw", "--home", home, "--share", "50%", "--seed", "4",
              "--out", str(sheet), passphrase=PASSPHRASE, user=USER)
    assert r.returncode == 0, r.stderr
    draw_id = openpyxl.load_workbook(sheet)["电话抽查"]["C2"].value
    r = mopai("spotcheck", "draw", "--home", home, "--per-village", "1", "--seed", "4",
              "--area", TOWNSHIP_B, "--out", str(tmp_path / "no.xlsx"), passphrase=PASSPHRASE,
              user=USER)
    assert r.returncode != 0 and "本乡镇" in r.stderr
    assert not (tmp_path / "no.xlsx").exists()
    with net.open("t1") as t1:
        assert [d["area"] for d in t1.spotchecks.draws()] == [TOWNSHIP_A, TOWNSHIP_A]
        assert {p["village_code"] for p in t1.spotchecks.draw(draw_id)["people"]} == {VILLAGE_A}


def test_a_townships_draws_and_calls_alone_are_something_to_send(
        net: Net, drawn: dict[str, Any]) -> None:
    """Network sync exports when a data bundle would carry something new (not_in_a_bundle): a
    township's draw and its two calls are, though it saved no revision; once sent, nothing."""
    with net.open("t1") as t1:
        assert t1.sync.not_in_a_bundle() == 3
        t1.sync.export(out(net))
        assert t1.sync.not_in_a_bundle() == 0


def test_only_a_village_answers_a_correction_request(net: Net, drawn: dict[str, Any]) -> None:
    """The township that asked holds the request too, but cannot say the answer stands."""
    with net.open("t1") as t1:
        [c] = t1.spotchecks.corrections()
        with pytest.raises(InputError, match="only the village"):
            t1.spotchecks.dismiss(c.correction_id, "答案无误")
        [again] = t1.spotchecks.corrections()
        assert again.state == spotchecks.OPEN
