"""A 户籍 list imported at the county travels to its village in the return bundle
(sync/expected.py `outgoing`/`receive`): the village keeps its own list, the newest one, and
refuses a bundle whose list is malformed or of another village."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

from mopai.forms.idnumber import make
from mopai.sync import expected
from mopai.sync.areas import expected_households, import_areas
from mopai.sync.expected import import_expected_list, missing
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net


def _areas(net: Net, county) -> None:  # noqa: ANN001
    path = net.root / "areas.xlsx"
    wb = openpyxl.Workbook()
    for row in (("区划代码", "名称"), (VILLAGE_A[:9], "一镇"), (VILLAGE_A, "甲村"),
                (VILLAGE_B[:9], "二镇"), (VILLAGE_B, "乙村")):
        wb.active.append(row)
    wb.save(path)
    import_areas(county, path)


def _list(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(("村代码", "户编号", "户主姓名", "身份证号"))
        w.writerows(rows)
    return path


HEAD_ID = make("110105", dt.date(1968, 3, 2), 11)


def test_the_county_list_reaches_its_village_only_and_the_newest_wins(net: Net) -> None:
    with net.open("county") as county:
        _areas(net, county)
        import_expected_list(county, _list(net.root / "l1.csv", [
            (VILLAGE_A, "0001", "王一", HEAD_ID), (VILLAGE_A, "0002", "王二", ""),
            (VILLAGE_B, "0001", "李一", "")]))
        first = county.sync.export_return(VILLAGE_A, net.stick).path
        import_expected_list(county, _list(net.root / "l2.csv", [
            (VILLAGE_A, "0001", "王一", HEAD_ID), (VILLAGE_A, "0002", "王二", ""),
            (VILLAGE_A, "0003", "王三", "")]))
        second = county.sync.export_return(VILLAGE_A, net.stick).path
    with net.open("a1") as a1:
        assert expected_households(a1).get(VILLAGE_A) is None
        [r] = a1.sync.import_paths([second])
        assert r.status == "accepted"
        assert [(v.village_code, v.household_no, v.head_name, v.id_number)
                for v in missing(a1)] == [(VILLAGE_A, "0001", "王一", HEAD_ID),
                                          (VILLAGE_A, "0002", "王二", ""),
                                          (VILLAGE_A, "0003", "王三", "")]
        # the older bundle, arriving later, does not bring back the older list
        [old] = a1.sync.import_paths([first])
        assert old.status == "accepted"
        assert len(missing(a1)) == 3
        assert [e.event for e in a1.audit.entries("expected_list_received")] \
            == ["expected_list_received"]
    with net.open("b1") as b1:   # village B's list never went into A's bundle
        assert missing(b1) == []


def test_a_return_bundle_carries_only_the_target_village_list(net: Net) -> None:
    with net.open("county") as county:
        _areas(net, county)
        import_expected_list(county, _list(net.root / "l.csv", [
            (VILLAGE_A, "0001", "王一", ""), (VILLAGE_B, "0001", "李一", "")]))
        with county.engine.connect() as conn:
            to_a = expected.outgoing(conn, VILLAGE_A)
            to_township_b = expected.outgoing(conn, VILLAGE_B[:9])
    assert [(ln["village"], ln["households"]) for ln in to_a] \
        == [(VILLAGE_A, [["0001", "王一", "", "", 2]])]
    assert [ln["village"] for ln in to_township_b] == [VILLAGE_B]


def test_a_list_of_another_village_or_malformed_is_refused(net: Net) -> None:
    good = {"t": "expected", "village": VILLAGE_A, "at": "2026-11-30T00:00:00Z",
            "source": "l.csv", "households": [["0001", "王一", "", "", 2]]}
    bad = [dict(good, village=VILLAGE_B), dict(good, households=[]),
           dict(good, households=[["0001", "王一", "123", "", 2]]),
           dict(good, households=[["0001", "王" * 100, "", "", 2]]),
           dict(good, households=[["0001", "王一", "", ""]]), dict(good, at=5)]
    with net.open("a1") as a1:
        with a1.engine.connect() as conn:
            for line in bad:
                try:
                    expected.receive(conn, a1, line)
                except ValueError:
                    continue
                raise AssertionError(f"accepted {line}")
            with conn.begin():
                assert expected.receive(conn, a1, good) is True
                assert expected.receive(conn, a1, good) is False   # the same again: nothing
        assert [v.head_name for v in missing(a1)] == ["王一"]
