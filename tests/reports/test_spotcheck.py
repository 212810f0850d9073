"""Phone spot checks (issue 22, reports/spotcheck.py, sync/spotchecks.py): the sample is
reproducible and stratified as asked, the call sheet is written and a filled one read back with
openpyxl, a bad sheet is refused by row and column with nothing recorded, the same sheet twice
changes nothing, a sheet of another draw is refused, and accuracy and reach rate are those of
the call records, recomputed here."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mopai.reports import spotcheck
from mopai.reports.spotcheck import FIRST_ROW, DrawParams, SpotSheetError, columns, sample
from mopai.sync.errors import InputError
from tests.forms.builders import household, jobless, worker

VILLAGES = ("110105001001", "110105001002", "110105002001")


def persons(sizes: dict[str, tuple[int, int]]) -> dict[str, list[dict[str, Any]]]:
    """Per village (ordinary, poor) persons, as `spotcheck.eligible` lists them."""
    out = {}
    for village, (ordinary, poor) in sizes.items():
        out[village] = [{"village_code": village, "member_uuid": f"{village}-{i}",
                         "household_type": "ordinary" if i < ordinary else "monitored"}
                        for i in range(ordinary + poor)]
    return out


sizes = st.dictionaries(st.sampled_from(VILLAGES), st.tuples(st.integers(0, 30),
                                                              st.integers(0, 30)), min_size=1)


@settings(max_examples=60, deadline=None)
@given(sizes=sizes, n=st.integers(1, 40), seed=st.integers(0, 2**31),
       weight=st.sampled_from([1.0, 3.0]))
def test_per_village_draws_n_in_each_village_and_again_the_same(sizes, n, seed, weight) -> None:
    params = DrawParams(seed=seed, per_village=n, weight_poverty=weight)
    drawn = sample(persons(sizes), params)
    got = Counter(p["village_code"] for p in drawn)
    for village, (a, b) in sizes.items():
        assert got[village] == min(n, a + b)
    assert len({p["member_uuid"] for p in drawn}) == len(drawn)   # without replacement
    again = sample(persons(sizes), params)
    assert [p["member_uuid"] for p in again] == [p["member_uuid"] for p in drawn]
    assert [p["row"] for p in drawn] == list(range(1, len(drawn) + 1))


@settings(max_examples=60, deadline=None)
@given(sizes=sizes, share=st.sampled_from([0.01, 0.05, 0.1, 0.5, 1.0]),
       seed=st.integers(0, 2**31))
def test_a_share_draws_its_ceiling_in_each_village(sizes, share, seed) -> None:
    drawn = sample(persons(sizes), DrawParams(seed=seed, share=share))
    got = Counter(p["village_code"] for p in drawn)
    for village, (a, b) in sizes.items():
        assert got[village] == math.ceil(share * (a + b) - 1e-9)


def test_one_villages_draw_does_not_depend_on_another_village() -> None:
    one = sample(persons({VILLAGES[0]: (20, 5)}), DrawParams(seed=3, per_village=4))
    two = sample(persons({VILLAGES[0]: (20, 5), VILLAGES[1]: (9, 9)}),
                 DrawParams(seed=3, per_village=4))
    assert [p["member_uuid"] for p in one] == [p["member_uuid"] for p in two][:4]
    other = sample(persons({VILLAGES[0]: (20, 5)}), DrawParams(seed=4, per_village=4))
    assert [p["member_uuid"] for p in other] != [p["member_uuid"] for p in one]


def test_the_weight_draws_poverty_households_more_often() -> None:
    """A village of 90 ordinary and 10 監測户 persons, 10 drawn, over 200 seeds: unweighted
    about 1 poor person a draw, with weight 20 most of the ten."""
    def poor(weight: float) -> float:
        total = 0
        for seed in range(200):
            drawn = sample(persons({VILLAGES[0]: (90, 10)}),
                           DrawParams(seed=seed, per_village=10, weight_poverty=weight))
            total += sum(p["household_type"] == "monitored" for p in drawn)
        return total / 200

    assert 0.6 < poor(1.0) < 1.5
    assert poor(20.0) > 6


def test_bad_parameters_are_refused() -> None:
    for params in (DrawParams(seed=1), DrawParams(seed=1, per_village=2, share=0.1),
                   DrawParams(seed=1, per_village=0), DrawParams(seed=1, share=1.5),
                   DrawParams(seed=1, per_village=2, weight_poverty=0.5)):
        with pytest.raises(InputError):
            params.check()


# -- the sheet, through a real store ----------------------------------------------------------
def county_records() -> list[dict[str, Any]]:
    """Two villages: each household's head has a phone and an employment status."""
    out = []
    for v in VILLAGES[:2]:
        for i in range(3):
            h = household(worker("head", phone=f"1380000{v[-1]}{i:03d}"),
                          jobless("son", wants_job="yes"), village_code=v,
                          household_type="poverty_alleviated" if i == 0 else "ordinary",
                          phone="13911112222")
            h["status"] = "complete"
            out.append(h)
    draft = household(worker("head", phone="13800009999"), village_code=VILLAGES[0])
    return [*out, draft]     # the draft is not drawn


def drawn_store(store, **params: Any) -> dict[str, Any]:  # noqa: ANN001
    store.households.save_many(county_records())
    return spotcheck.draw(store, DrawParams(seed=11, **params))


def fill(path: Path, rows: dict[int, dict[str, str]], out: Path | None = None) -> Path:
    """Write cells by header name into the data rows (序号 → {header: value})."""
    wb = openpyxl.load_workbook(path)
    ws = wb["电话抽查"]
    cols = {name: i + 1 for i, name in enumerate(columns())}
    for row_no, cells in rows.items():
        for name, value in cells.items():
            ws.cell(FIRST_ROW + row_no - 1, cols[name], value)
    out = out or path
    wb.save(out)
    return out


def test_the_sheet_lists_the_draw_with_lists_to_choose_from(store, tmp_path: Path) -> None:
    drawn = drawn_store(store, per_village=2)
    out = tmp_path / "calls.xlsx"
    assert spotcheck.write_sheet(store, drawn, out) == 4
    ws = openpyxl.load_workbook(out)["电话抽查"]
    assert ws["C2"].value == drawn["draw_id"]
    header = [c.value for c in ws[FIRST_ROW - 1]]
    assert header == columns()
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=FIRST_ROW)]
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert {r[2] for r in rows} == set(VILLAGES[:2])           # village (no names kept here)
    first = rows[0]
    person = drawn["people"][0]
    assert (first[5], first[6], first[-1]) == (person["name"], person["phone"],
                                               person["member_uuid"])
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["H5:H8"] == '"接通,无人接听,空号,拒访"'
    assert header[8] == "通话日期" and lists["I5:I8"].startswith("DATE(")
    assert ws["I5"].number_format == "yyyy-mm-dd"
    assert lists["K5:K8"] == '"一致,不一致"'
    assert "外出务工" in lists["L5:L8"]
    assert ws.column_dimensions["X"].hidden


def test_a_filled_sheet_is_recorded_once_and_accuracy_is_that_of_its_calls(
        store, tmp_path: Path) -> None:
    drawn = drawn_store(store, per_village=2)
    out = tmp_path / "calls.xlsx"
    spotcheck.write_sheet(store, drawn, out)
    recorded = {p["row"]: p["recorded"] for p in drawn["people"]}
    filled = {}
    for row, rec in recorded.items():
        cells: dict[str, str] = {"通话结果": "接通"}
        if rec["employment_status"]:
            cells["就业状态核对"] = "一致"
        if rec["income_band"] and row == 1:
            cells["月收入档次核对"] = "不一致"
            cells["月收入档次（核实值）"] = next(b for _, b in spotcheck.INCOME_BANDS
                                         if b != rec["income_band"])
        filled[row] = cells
    filled[4] = {"通话结果": "空号"}
    fill(out, filled)
    done = spotcheck.record_sheet(store, out)
    assert (done.calls, done.same, done.corrections) == (4, 0, 1 if recorded[1]["income_band"]
                                                         else 0)
    calls = store.spotchecks.calls()
    # recomputed here from the call records
    by_village: dict[str, Counter[str]] = {}
    for c in calls:
        t = by_village.setdefault(c["village_code"], Counter())
        t["calls"] += 1
        if c["outcome"] == "reached":
            t["reached"] += 1
            t["checked"] += len(c["answers"])
            t["agreed"] += sum(a["agree"] for a in c["answers"].values())
    figures = spotcheck.tally(calls)
    assert {v: dict(t) for v, t in figures.items()} == {v: dict(t) for v, t in
                                                         by_village.items()}
    for v, t in by_village.items():
        r = spotcheck.rates(figures[v])
        assert r["reach_rate"] == t["reached"] / t["calls"]
        assert r["accuracy"] == (t["agreed"] / t["checked"] if t["checked"] else None)
    [town] = spotcheck.by_township(figures).values()
    assert town["calls"] == 4 and town["reached"] == 3
    # the same sheet again changes nothing
    again = spotcheck.record_sheet(store, out)
    assert (again.calls, again.same, again.corrections) == (0, 4, 0)
    assert store.spotchecks.calls() == calls
    assert len(store.spotchecks.corrections()) == done.corrections
    # a row changed after it was recorded is refused, nothing recorded
    fill(out, {4: {"通话结果": "拒访"}})
    with pytest.raises(InputError, match="4"):
        spotcheck.record_sheet(store, out)
    assert store.spotchecks.calls() == calls


def test_a_bad_sheet_is_refused_by_row_and_column_and_nothing_is_recorded(
        store, tmp_path: Path) -> None:
    drawn = drawn_store(store, per_village=2)
    out = tmp_path / "calls.xlsx"
    spotcheck.write_sheet(store, drawn, out)
    fill(out, {1: {"通话结果": "接通", "就业状态核对": "一致"},            # fine
               2: {"通话结果": "打不通"},                                  # not in the list
               3: {"通话结果": "接通", "就业状态核对": "不一致"},           # nothing heard
               4: {"通话结果": "拒访", "就业意愿核对": "一致"}})           # checked, refused
    with pytest.raises(SpotSheetError) as caught:
        spotcheck.record_sheet(store, out)
    problems = [zh for zh, _ in caught.value.problems]
    assert any(p.startswith("第6行 H列（通话结果）") and "打不通" in p for p in problems)
    assert any(p.startswith("第7行 L列（就业状态（核实值）") for p in problems)
    assert any(p.startswith("第8行 T列（就业意愿核对）") for p in problems)
    assert len(problems) == 3
    assert "row 6, column H" in str(caught.value)
    assert store.spotchecks.calls() == [] and store.spotchecks.corrections() == []


def test_a_sheet_of_another_draw_is_refused(store, tmp_path: Path) -> None:
    drawn = drawn_store(store, per_village=1)
    out = tmp_path / "calls.xlsx"
    spotcheck.write_sheet(store, drawn, out)
    wb = openpyxl.load_workbook(out)
    wb["电话抽查"]["C2"] = "00000000-0000-4000-8000-000000000000"
    wb.save(out)
    with pytest.raises(InputError, match="C2"):
        spotcheck.record_sheet(store, out)
    # a row moved in from another draw: its reference is not this draw's
    second = spotcheck.draw(store, DrawParams(seed=12, per_village=1))
    other = tmp_path / "other.xlsx"
    spotcheck.write_sheet(store, second, other)
    wb = openpyxl.load_workbook(other)
    wb["电话抽查"]["X5"] = "11111111-1111-4111-8111-111111111111"
    wb["电话抽查"]["H5"] = "空号"
    wb.save(other)
    with pytest.raises(SpotSheetError, match="column X"):
        spotcheck.record_sheet(store, other)
    assert store.spotchecks.calls() == []


def test_the_sheet_prints_again_the_same(store, tmp_path: Path) -> None:
    drawn = drawn_store(store, share=0.5)
    spotcheck.write_sheet(store, drawn, tmp_path / "a.xlsx")
    kept = store.spotchecks.draw(drawn["draw_id"])
    spotcheck.write_sheet(store, kept, tmp_path / "b.xlsx")

    def cells(p: Path) -> list[tuple[Any, ...]]:
        return list(openpyxl.load_workbook(p)["电话抽查"].iter_rows(values_only=True))

    assert cells(tmp_path / "a.xlsx") == cells(tmp_path / "b.xlsx")
    assert [d["draw_id"] for d in store.spotchecks.draws()] == [drawn["draw_id"]]
