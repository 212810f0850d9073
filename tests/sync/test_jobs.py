"""Job postings (sync/jobs.py) through the real store: a sheet imported at the county (all or
nothing, every problem by row and column, the same sheet twice changes nothing), listed,
carried to villages in real return bundles (a township's postings only to its villages),
and matched at the village with reasons (reports/matching.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mopai.forms.samples import sample_household
from mopai.reports.matching import match_store, person_matches
from mopai.sync.errors import InputError
from mopai.sync.jobs import HEADERS, PostingSheetError
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net

LATER = (dt.date.today() + dt.timedelta(days=90)).isoformat()
CLEANER = ["县城物业公司", "保洁员", "家政/护理", "北京", "北京市", "测试县", 3000, 4000, 5, 30, 55,
           "女", "初中", "刘经理", "13800001111", LATER]
WELDER = ["天津机械厂", "焊工", "电工/焊工等技工", "天津市", "", "", 6000, 9000, 3, 20, 50, "男",
          "不限", "赵", "022-12345678", LATER]
FACTORY = ["东莞电子厂", "普工", "电子厂", "广东省", "东莞市", "", 4500, 6500, 50, 18, 45, "",
           "", "王", "0769-12345678", LATER]


def sheet(path: Path, *rows: list[Any]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append([h for h, _ in HEADERS])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_sheet_is_imported_once_and_listed(net: Net) -> None:
    path = sheet(net.root / "jobs.xlsx", CLEANER, WELDER)
    with net.open("county") as county:
        assert county.jobs.import_file(path) == {"added": 2, "updated": 0, "unchanged": 0}
        before = county.jobs.list()
        assert county.jobs.import_file(path) == {"added": 0, "updated": 0, "unchanged": 2}
        assert county.jobs.list() == before
        cleaner = next(p for p in before if p.title == "保洁员")
        assert (cleaner.trade, cleaner.province, cleaner.sex, cleaner.education, cleaner.area,
                cleaner.pay_min, cleaner.deadline) == ("domestic_care", "北京", "female",
                                                       "junior", "110105", 3000, LATER)
        # a new pay range updates the posting it names, under the same id
        assert county.jobs.import_file(sheet(net.root / "j2.xlsx", [*CLEANER[:6], 3500,
                                                                   *CLEANER[7:]])) \
            == {"added": 0, "updated": 1, "unchanged": 0}
        again = county.jobs.get(cleaner.job_id)
        assert again is not None and again.pay_min == 3500
        assert [e.event for e in county.audit.entries("jobs_imported")] == ["jobs_imported"] * 2


def test_a_bad_sheet_names_every_problem_and_imports_nothing(net: Net) -> None:
    bad = ["某公司", "", "挖土方", "火星", "", "", "很多", 3000, 0, 60, 20, "男女", "博士", "",
           "12ab", "下个月"]
    path = sheet(net.root / "bad.xlsx", CLEANER, bad, [*WELDER[:6], 9000, 6000, *WELDER[8:]])
    with net.open("county") as county:
        with pytest.raises(PostingSheetError) as caught:
            county.jobs.import_file(path)
        assert county.jobs.list() == []
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(3, "B"), (3, "C"), (3, "D"), (3, "G"), (3, "I"), (3, "J"), (3, "L"),
                     (3, "M"), (3, "O"), (3, "P"), (4, "G")}
    assert any("挖土方" in p.zh for p in caught.value.problems)
    assert "未导入任何岗位" in caught.value.zh


def test_a_sheet_without_the_headers_is_refused(net: Net) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["单位", "岗位"])
    wb.active.append(["某公司", "普工"])
    wb.save(net.root / "h.xlsx")
    with net.open("county") as county, pytest.raises(PostingSheetError) as caught:
        county.jobs.import_file(net.root / "h.xlsx")
    [problem] = caught.value.problems
    assert problem.row == 1 and "用工单位" in problem.zh and "截止日期" in problem.zh


def test_only_the_county_enters_postings(net: Net) -> None:
    with net.open("a1") as village, pytest.raises(InputError):
        village.jobs.import_file(sheet(net.root / "jobs.xlsx", CLEANER))


def test_postings_travel_to_their_villages_and_a_township_keeps_its_own(net: Net) -> None:
    with net.open("county") as county:
        county.jobs.import_file(sheet(net.root / "all.xlsx", CLEANER))
        county.jobs.import_file(sheet(net.root / "a.xlsx", WELDER), area=VILLAGE_A[:9])
        closed = county.jobs.import_file(sheet(net.root / "f.xlsx", FACTORY))
        assert closed["added"] == 1
        factory = next(p for p in county.jobs.list() if p.title == "普工")
        county.jobs.close(factory.job_id)
        to_a = county.sync.export_return(VILLAGE_A, net.stick).path
        to_b = county.sync.export_return(VILLAGE_B, net.stick).path
    with net.open("a1") as a1:
        [r] = a1.sync.import_paths([to_a])
        assert r.status == "accepted"
        assert sorted(p.title for p in a1.jobs.list()) == ["保洁员", "焊工"]
    with net.open("b1") as b1:
        [r] = b1.sync.import_paths([to_b])
        assert r.status == "accepted"
        assert [p.title for p in b1.jobs.list()] == ["保洁员"]  # not township A's welder


def test_a_closed_posting_leaves_the_village_with_the_next_bundle(net: Net) -> None:
    with net.open("county") as county:
        county.jobs.import_file(sheet(net.root / "all.xlsx", CLEANER, WELDER))
        first = county.sync.export_return(VILLAGE_A, net.stick).path
        welder = next(p for p in county.jobs.list() if p.title == "焊工")
        county.jobs.close(welder.job_id)
        second = county.sync.export_return(VILLAGE_A, net.stick).path
    with net.open("a1") as a1:
        a1.sync.import_paths([first])
        assert len(a1.jobs.list()) == 2
        a1.sync.import_paths([second])
        assert [p.title for p in a1.jobs.list()] == ["保洁员"]
        a1.sync.import_paths([first])  # the older bundle, later: the list stays the newer one
        assert [p.title for p in a1.jobs.list()] == ["保洁员"]


def test_a_village_matches_its_people_with_reasons(net: Net) -> None:
    with net.open("county") as county:
        county.jobs.import_file(sheet(net.root / "all.xlsx", CLEANER, WELDER, FACTORY))
        back = county.sync.export_return(VILLAGE_A, net.stick).path
    household = sample_household(seed=3, village=VILLAGE_A)
    with net.open("a1") as a1:
        a1.sync.import_paths([back])
        a1.households.save(household)
        run = match_store(a1)
        # the spouse (45, female, junior, wants 保洁 in the county) is the one looking
        assert run.candidates >= 1 and run.postings == 3
        by_name = {p.name: found for p, found in run.people}
        spouse = household["members"][1]
        found = by_name[spouse["fields"]["name"]]
        assert found[0].posting.title == "保洁员"
        assert found[0].reasons[0] == "意向工种相符（家政/护理）"
        assert "在意向地域（县内）内" in found[0].reasons[1]
        # the welder's posting wants a man: never offered to her
        assert all(m.posting.title != "焊工" for m in found)
        person, mine = person_matches(a1, household, spouse["uuid"])
        assert person is not None and [m.posting.job_id for m in mine] \
            == [m.posting.job_id for m in found]


def test_a_malformed_jobs_line_refuses_the_bundle(net: Net) -> None:
    from mopai.sync import jobs

    with net.open("a1") as a1, a1.engine.begin() as conn:
        with pytest.raises(ValueError, match="another area"):
            jobs.receive(conn, a1, {"postings": [{**_line(), "area": "110106"}]}, "b")
        with pytest.raises(ValueError, match="malformed"):
            jobs.receive(conn, a1, {"postings": [{**_line(), "extra": 1}]}, "b")
        with pytest.raises(ValueError):
            jobs.receive(conn, a1, {"postings": [{**_line(), "employer": "x" * 500}]}, "b")


def _line() -> dict[str, Any]:
    return {"job_id": "6f1f8a52-5b9e-4f0e-9a51-3d2b7c0e2a21", "area": "110105", "employer": "a",
            "title": "b", "trade": "other", "province": "北京", "city": "", "district": "",
            "pay_min": None, "pay_max": None, "openings": 1, "age_min": None, "age_max": None,
            "sex": "", "education": "", "contact": "", "phone": "", "deadline": "",
            "status": "open", "updated_at": ""}
