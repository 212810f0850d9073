"""周通报 (issue 16): the weekly township ranking, computed from the revision history as of
each Sunday's end in the county, kept per week, printed again identically.

Five townships with one village each, expected 4 households each, edited over three weeks
(the revisions' times set as a village's laptop would have stamped them):

| week (Mon)  | A, B (alike)                        | C                      | D                  | E              |
|-------------|-------------------------------------|------------------------|--------------------|----------------|
| 2026-10-05  | worker↩ + jobless↩ (zero), complete | jobless↩ (zero)        | jobless↩ (zero)    | worker↩ + worker |
| 2026-10-12  | jobless↩ finds work; + a worker     | —                      | + a worker         | —              |
| 2026-10-19  | + a worker                          | jobless↩ finds work¹   | —                  | —              |

(↩: returned home, returned = yes.) ¹ at 01:00 on Monday 19 Oct in Beijing, 17:00 UTC on
Sunday: it belongs to the week of the 19th. Worked out by hand in `test_three_weeks…`.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from threading import Event
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select, update

from mopai import forms
from mopai.reports import weekly
from mopai.reports.weekly import MARK, NOT_STARTED, Week, checked_week, weekly_ranking
from mopai.sync import county_settings
from mopai.sync.areas import set_expected
from mopai.sync.errors import InputError
from mopai.sync.models import Revision
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai
from tests.conftest import PASSPHRASE
from tests.forms.builders import household, jobless, worker
from tests.helpers import table_rows

TOWNS = {"A": "431222100", "B": "431222101", "C": "431222102", "D": "431222103",
         "E": "431222104"}
NAMES = {"A": "甲镇", "B": "乙镇", "C": "丙镇", "D": "丁镇", "E": "戊镇"}
W0, W1, W2, W3 = (Week(dt.date(2026, 10, 5) + dt.timedelta(days=7 * i)) for i in range(4))
BACK = {"returned": "yes", "return_date": "2026-02-01"}
FIRST = 4  # the first data row (title, 填报单位 line, two header rows)


def village(t: str) -> str:
    return TOWNS[t] + "201"


def areas() -> list[dict[str, Any]]:
    out = [{"code": "431222", "name": "测试县", "level": "county", "parent_code": None}]
    for t, code in TOWNS.items():
        out += [{"code": code, "name": NAMES[t], "level": "township", "parent_code": "431222"},
                {"code": code + "201", "name": NAMES[t] + "村", "level": "village",
                 "parent_code": code}]
    return [a for a in out if a["level"] != "county"]


def done(record: dict[str, Any]) -> dict[str, Any]:
    record["status"] = "complete"
    return record


def save_at(store, records: list[dict[str, Any]], when: str) -> None:  # noqa: ANN001
    """Save and stamp the new revisions with `when` (UTC), as the laptop that made them did."""
    store.households.save_many(copy.deepcopy(records))
    with store.engine.connect() as conn, conn.begin():
        for r in records:
            last = conn.execute(select(func.max(Revision.rev_no))
                                .where(Revision.record_uuid == r["uuid"])).scalar_one()
            conn.execute(update(Revision).where(Revision.record_uuid == r["uuid"],
                                                Revision.rev_no == last)
                         .values(created_at=when))


def find_work(record: dict[str, Any], member: int = 0) -> dict[str, Any]:
    fields = record["members"][member]["fields"]
    fields.update({k: v for k, v in worker().get("fields").items()
                   if k not in ("name", "id_number", "relation")}, **BACK)
    for name in ("unemployed_reason", "wants_job"):
        fields.pop(name, None)
    return record


def build(store) -> dict[str, list[dict[str, Any]]]:  # noqa: ANN001
    """The three weeks of the table above; returns the records by township."""
    store.sync.set_areas(areas())
    set_expected(store, {village(t): 4 for t in TOWNS})
    hh = {t: [] for t in TOWNS}
    for t in ("A", "B"):
        hh[t] = [done(household(worker(**BACK), village_code=village(t))),
                 done(household(jobless("head", **BACK), village_code=village(t)))]
    for t in ("C", "D"):
        hh[t] = [done(household(jobless("head", **BACK), village_code=village(t)))]
    hh["E"] = [done(household(worker(**BACK), village_code=village("E"))),
               done(household(worker(), village_code=village("E")))]
    save_at(store, [r for rs in hh.values() for r in rs], "2026-10-06T02:00:00.000000Z")
    week1 = []
    for t in ("A", "B", "D"):
        if t != "D":
            week1.append(find_work(hh[t][1]))
        hh[t].append(done(household(worker(), village_code=village(t))))
        week1.append(hh[t][-1])
    save_at(store, week1, "2026-10-13T02:00:00.000000Z")
    new = []
    for t in ("A", "B"):
        hh[t].append(done(household(worker(), village_code=village(t))))
        new.append(hh[t][-1])
    save_at(store, new, "2026-10-20T02:00:00.000000Z")
    save_at(store, [find_work(hh["C"][0])], "2026-10-18T17:00:00.000000Z")  # Mon 01:00 Beijing
    return hh


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("weekly") / "ws"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock("张科长", PASSPHRASE) as store:
        build(store)
    return home


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    from tests.conftest import copy_workspaces

    return copy_workspaces(template, tmp_path / "ws")


@pytest.fixture
def store(home: Path):
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    yield st
    st.close()


def sheet(path: Path) -> list[tuple[Any, ...]]:
    return table_rows(openpyxl.load_workbook(path, read_only=True)["周通报"], FIRST + 1)


def ws_header(path: Path) -> tuple[Any, ...]:
    return next(openpyxl.load_workbook(path, read_only=True)["周通报"].iter_rows(
        min_row=3, max_row=3, values_only=True))


def by_name(rows: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    return {r[1]: r for r in rows}


# -- the week ----------------------------------------------------------------------------------
def test_a_week_is_monday_to_sunday_and_must_be_over() -> None:
    assert Week.of(dt.date(2026, 10, 25)) == Week.of(dt.date(2026, 10, 19)) == W2
    assert (W2.monday.isoformat(), W2.sunday.isoformat()) == ("2026-10-19", "2026-10-25")
    settings = forms.CountySettings()
    today = settings.today()
    assert checked_week(settings, None) == Week.of(today).previous()
    assert checked_week(settings, today - dt.timedelta(days=7)) == Week.of(today).previous()
    with pytest.raises(InputError, match="after today"):
        checked_week(settings, today + dt.timedelta(days=1))
    with pytest.raises(InputError, match="not over yet"):
        checked_week(settings, today)


# -- the ranking ---------------------------------------------------------------------------------
def test_three_weeks_of_history_ranked_with_ties_and_the_two_week_mark(store, tmp_path: Path
                                                                       ) -> None:
    out = tmp_path / "w2.xlsx"
    weekly.weekly_workbook(store, out, day=dt.date(2026, 10, 21))
    ws = openpyxl.load_workbook(out, read_only=True)["周通报"]
    head = list(ws.iter_rows(min_row=1, max_row=2, values_only=True))
    assert head[0][0] == "测试县农村劳动力工作周通报（乡镇排名）"
    assert "2026-10-19 至 2026-10-25" in " ".join(str(v) for v in head[1] if v)
    rows = sheet(out)
    # Scores (weights 30/20/20/30, each indicator scaled between the lowest and highest):
    # progress A,B 4/4 C 1/4 D,E 2/4; 返岗就业率 A,B,C,E 100% D 0%; rise C +100 pp, others 0;
    # 零就业 eliminated A,B,C 1/1 D 0/1, E had none at the base (no value: 0 points)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "甲镇", 80), (1, "乙镇", 80), (3, "丙镇", 70), (4, "戊镇", 30), (5, "丁镇", 10)]
    a, c, d, e = (by_name(rows)[n] for n in ("甲镇", "丙镇", "丁镇", "戊镇"))
    assert a[5:10] == (4, 4, 1, 1, 25)            # complete, expected, 100 %, rank 1, +25 pp
    assert a[10:16] == (2, 2, 1, 1, 0, 2)         # returned 2, employed 2, 100 %, rank, rise 0
    assert a[16:22] == (1, 1, 1, 1, 0, 0)         # base 1, eliminated 1, 100 %, rank, 0 pp, now 0
    assert c[10:16] == (1, 1, 1, 1, 100, 1)       # the Monday-01:00 edit is this week's
    assert c[16:22] == (1, 1, 1, 1, 100, 0)
    assert d[16:22] == (1, 0, 0, 4, 0, 1)
    assert e[16:19] == (0, 0, None)
    assert {r[22] for r in rows} == {NOT_STARTED}  # no spot checks yet, not in the score
    # last week (not asked for, so not kept) ranked A,B 1, E 3, D 4, C 5: D is in the bottom
    # two both weeks, C only last week, E only this week
    assert ws_header(out)[4] == MARK
    assert [r[1] for r in rows if r[4] == "是"] == ["丁镇"]
    assert [r[3] for r in rows] == [0, 0, 2, -1, -1]  # places moved up since last week
    assert weekly.kept_weeks(store) == [W2.key]


def test_a_kept_week_prints_again_identically_and_recomputes_the_same(store, tmp_path: Path
                                                                      ) -> None:
    first = weekly_ranking(store, W2)
    again = weekly_ranking(store, W2, recompute=True)  # from the history once more
    assert again == first
    weekly.write_weekly(first, tmp_path / "a.xlsx")
    # a late bundle brings an edit stamped inside that week, and the weights change
    late = next(r for r in store.households.states()
                if r["fields"]["village_code"] == village("D")
                and r["members"][0]["fields"]["employment_status"] == "unemployed")
    save_at(store, [find_work(late)], "2026-10-21T02:00:00.000000Z")
    county_settings.save(store, forms.CountySettings(weekly_weight_progress=0))
    weekly.weekly_workbook(store, tmp_path / "b.xlsx", day=W2.monday)
    assert sheet(tmp_path / "b.xlsx") == sheet(tmp_path / "a.xlsx")
    a = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True)["周通报"]
    b = openpyxl.load_workbook(tmp_path / "b.xlsx", read_only=True)["周通报"]
    assert list(a.values) == list(b.values)  # notes and weights too


def test_weights_from_the_county_settings_change_the_order(store) -> None:
    county_settings.save(store, forms.CountySettings(
        weekly_weight_progress=0, weekly_weight_return_rate=0, weekly_weight_return_rise=100,
        weekly_weight_zero=0))
    rise_only = weekly_ranking(store, W2)
    assert [(r["rank"], r["name"]) for r in rise_only["rows"]][:2] == [(1, "丙镇"), (2, "甲镇")]
    assert rise_only["weights"]["return_rise"] == 100
    county_settings.save(store, forms.CountySettings())
    default = weekly_ranking(store, W2, recompute=True)
    assert [r["name"] for r in default["rows"]][:2] == ["甲镇", "乙镇"]


def test_one_pass_per_new_week_once_the_weeks_before_are_kept(store, monkeypatch) -> None:
    passes: list[str] = []
    tally = weekly._tally

    def counted(store, form, settings, week, *args):  # noqa: ANN001, ANN002, ANN202
        passes.append(week.key)
        return tally(store, form, settings, week, *args)
    monkeypatch.setattr(weekly, "_tally", counted)
    seen: list[tuple[int, int, str]] = []
    weekly_ranking(store, W2, progress=lambda *a: seen.append(a))
    assert passes == [W0.key, W1.key, W2.key]  # oldest first: W0 is the 零就业 base
    weekly_ranking(store, W3)
    assert passes[3:] == [W3.key]
    weekly_ranking(store, W3)
    assert len(passes) == 4  # kept: read, not computed
    assert weekly_ranking(store, W3)["base"] == W0.key


def test_the_week_is_refused_when_not_over_or_in_the_future(home: Path, tmp_path: Path) -> None:
    today = forms.CountySettings().today()
    for day in (today + dt.timedelta(days=3), today):
        r = mopai("weekly", "--home", str(home), "--out", str(tmp_path / "w.xlsx"), "--week",
                  day.isoformat(), passphrase=PASSPHRASE, user="张科长")
        assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
        assert ("after today" if day > today else "not over yet") in r.stderr + r.stdout
        assert not (tmp_path / "w.xlsx").exists()


def test_weights_are_checked_strictly_where_settings_arrive() -> None:
    for bad in ({"weekly_weight_zero": "30"}, {"weekly_weight_zero": 101},
                {"weekly_zero_base": "2026-02-30"},
                dict.fromkeys(forms.settings.WEEKLY_WEIGHTS, 0)):
        with pytest.raises(county_settings.BadSettings):
            county_settings.check(bad)
    # the weights change no kept report fact: those are not computed again
    assert county_settings.digest(forms.CountySettings(weekly_weight_zero=5)) \
        == county_settings.digest(forms.CountySettings())
    assert county_settings.parse(["weekly_zero_base=2026-10-05"], forms.CountySettings()
                                 ).weekly_zero_base == "2026-10-05"


def test_a_cancelled_ranking_keeps_nothing(store) -> None:
    cancel = Event()
    calls: list[str] = []

    def progress(_done: int, _total: int, message: str) -> None:
        calls.append(message)
        if len(calls) == 2:  # in the second week's pass
            cancel.set()
    with pytest.raises(weekly.WeeklyCancelled):
        weekly_ranking(store, W2, progress=progress, cancel=cancel)
    assert weekly.kept_weeks(store) == [] and weekly.latest(store) is None
    assert store.derived.marks(weekly.KIND, "") == {}  # not the first week's pass either


def test_a_call_counts_in_the_week_it_was_made(store, tmp_path: Path) -> None:
    """The call sheet's 通话日期: calls made in two weeks, recorded together later, show in
    each week's 电话抽查准确率; a call without a date counts on the day it is recorded."""
    from mopai.reports import spotcheck
    from mopai.sync.models import SpotDraw
    from tests.reports.test_spotcheck import fill

    form = store.forms.current().form
    states = list(store.households.states())
    for s in states:                   # phones as the cadres would have recorded them
        s["fields"]["phone"] = "13900001111"
    people = spotcheck.sample(spotcheck.eligible(form, states),
                              spotcheck.DrawParams(seed=3, per_village=2))
    draw_id = store.spotchecks.keep_draw("431222", {"seed": 3, "per_village": 2,
                                                    "weight_poverty": 1.0}, people)
    with store.engine.connect() as conn, conn.begin():   # drawn before the weeks
        conn.execute(update(SpotDraw).where(SpotDraw.draw_id == draw_id)
                     .values(created_at="2026-10-01T01:00:00.000000Z"))
    rows = {t: [p["row"] for p in people if p["village_code"] == village(t)] for t in "AE"}
    heard = lambda p: next(c for c in spotcheck.choices(form, "employment_status")  # noqa: E731
                           if c != p["recorded"]["employment_status"])
    a2 = people[rows["A"][1] - 1]
    out = tmp_path / "calls.xlsx"
    spotcheck.write_sheet(store, store.spotchecks.draw(draw_id), out)
    fill(out, {rows["A"][0]: {"通话结果": "接通", "通话日期": "2026-10-14", "就业状态核对": "一致"},
               rows["A"][1]: {"通话结果": "接通", "通话日期": "2026/10/21",
                              "就业状态核对": "不一致", "就业状态（核实值）": heard(a2)},
               rows["E"][0]: {"通话结果": "无人接听", "通话日期": dt.datetime(2026, 10, 15)},
               rows["E"][1]: {"通话结果": "接通", "通话日期": "2026年10月25日",
                              "就业状态核对": "一致"},
               rows["A"][1] + 1: {"通话结果": "空号"}})         # B's, undated: today's
    done = spotcheck.record_sheet(store, out)
    assert done.calls == 5
    days = {c["row"]: c["called_on"] for c in store.spotchecks.calls()}
    assert days[rows["A"][1] + 1] == forms.CountySettings().today().isoformat()

    def spot(day: dt.date) -> dict[str, tuple[Any, ...]]:
        path = tmp_path / f"{day}.xlsx"
        weekly.weekly_workbook(store, path, day=day)
        return {name: r[22:25] for name, r in by_name(sheet(path)).items()}

    w1, w2 = spot(W1.monday), spot(W2.monday)
    assert (w1["甲镇"], w1["戊镇"]) == (("1/1", "1/1", 1), ("0/1", None, None))
    assert (w2["甲镇"], w2["戊镇"]) == (("1/1", "0/1", 0), ("1/1", "1/1", 1))
    assert w1["乙镇"][0] == w2["乙镇"][0] == NOT_STARTED


def test_a_call_date_outside_the_draw_and_today_is_refused(store, tmp_path: Path) -> None:
    from mopai.reports import spotcheck
    from tests.reports.test_spotcheck import fill

    form = store.forms.current().form
    states = list(store.households.states())
    for s in states:
        s["fields"]["phone"] = "13900001111"
    people = spotcheck.sample(spotcheck.eligible(form, states),
                              spotcheck.DrawParams(seed=3, per_village=1))
    draw_id = store.spotchecks.keep_draw("431222", {"seed": 3, "per_village": 1,
                                                    "weight_poverty": 1.0}, people)
    out = tmp_path / "calls.xlsx"
    spotcheck.write_sheet(store, store.spotchecks.draw(draw_id), out)
    today = forms.CountySettings().today()
    fill(out, {1: {"通话结果": "空号", "通话日期": "2026-10-14"},
               2: {"通话结果": "空号", "通话日期": (today + dt.timedelta(days=1)).isoformat()},
               3: {"通话结果": "空号", "通话日期": "上周三"},
               4: {"通话日期": today.isoformat()}})
    with pytest.raises(spotcheck.SpotSheetError) as caught:
        spotcheck.record_sheet(store, out)
    problems = [zh for zh, _ in caught.value.problems]
    assert [p.split("（")[0] for p in problems] == ["第5行 I列", "第6行 I列", "第7行 I列",
                                                   "第8行 I列"]
    assert "早于抽样日期" in problems[0] and "晚于今天" in problems[1]
    assert "不是日期" in problems[2] and "通话结果未填写" in problems[3]
    assert store.spotchecks.calls() == []
