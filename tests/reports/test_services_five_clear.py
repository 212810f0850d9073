"""具体帮扶措施清 follows the 311 service records in every 五清 figure (the summary's 汇总, 分村,
调查进度 and 乡镇排名, the dashboard's figures and progress), and the dashboard's 311 column is
the kept 311 entries with the records: both recomputed here from the records and the form's
own indicators (docs/forms.md, "五清" and "311 services")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import insert

from mopai import forms
from mopai.reports.figures import CountyFiguresCache, county_figures
from mopai.reports.summary import summary_workbook
from mopai.sync.models import Area
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import table_rows
from tests.reports.test_summary import TODAY, TOWNSHIPS, VILLAGES


@pytest.fixture
def county(tmp_path: Path):
    """A county store (the county records services for any village) with the summary
    tests' three villages."""
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    records = []
    for i, code in enumerate(VILLAGES):
        records += [g.state for g in generate_village(
            VillageSpec(code, 14, seed=7 + i, mistake_rate=0.0, as_of=TODAY))]
    st.households.save_many(records)
    with st.engine.connect() as conn, conn.begin():
        conn.execute(insert(Area.__table__), [
            {"code": c, "name": n, "level": "village" if len(c) == 12 else "township",
             "parent_code": c[:9] if len(c) == 12 else None}
            for c, n in {**VILLAGES, **TOWNSHIPS}.items()])
    yield st
    st.close()


def expected(store: Any) -> dict[str, dict[str, Any]]:  # noqa: ANN401
    """Per village, from the records: households clear on 具体帮扶措施清 and on all five with
    the records, the people due 311 and those who met it this year."""
    form = store.forms.current().form
    year = str(TODAY.year)
    done: dict[str, dict[str, int]] = {}
    for r in store.services.records():
        if r.date.startswith(year):
            done.setdefault(r.member_uuid, {}).setdefault(r.kind, 0)
            done[r.member_uuid][r.kind] += 1
    out: dict[str, dict[str, Any]] = {}
    for h in store.households.states():
        if h.get("status") != "complete":
            continue
        v = out.setdefault(h["fields"]["village_code"],
                           {"measures": 0, "all": 0, "due": 0, "met": 0})
        ind = forms.household_indicators(form, h, today=TODAY)
        due = [p.member_uuid for p in ind.persons
               if p.labour_force and (p.employment_status == "unemployed" or ind.poverty)]
        served = all(done.get(u) for u in due)
        measures = ind.five_clear["help_measures"] and (not ind.poverty or served)
        v["measures"] += measures
        v["all"] += measures and all(ok for k, ok in ind.five_clear.items()
                                     if k != "help_measures")
        v["due"] += len(due)
        v["met"] += sum(d.get("job_push", 0) >= 3 and d.get("guidance", 0) >= 1
                        and d.get("training", 0) >= 1 for d in map(done.get, due) if d)
    return out


def served_household(store: Any) -> dict[str, Any]:  # noqa: ANN401
    """A complete 脱贫户 or 监测户 with 帮扶措施 answered, clear on all five by the record, whose
    劳动力 get 311."""
    form = store.forms.current().form
    for h in store.households.states():
        ind = forms.household_indicators(form, h, today=TODAY)
        if h.get("status") == "complete" and ind.poverty and ind.five_clear_all \
                and any(p.labour_force for p in ind.persons):
            return h
    raise AssertionError("no such household in the synthetic county")


def summary_cells(path: Path, sheet: str, key_col: int) -> dict[str, dict[str, Any]]:
    """Rows of a summary sheet by their code, each cell under its column's name (the lower
    header row where the header has two)."""
    ws = openpyxl.load_workbook(path)[sheet]
    top, low = (list(r) for r in ws.iter_rows(min_row=3, max_row=4, values_only=True))
    two = low[0] is None
    header = [b if two and b is not None else a for a, b in zip(top, low, strict=True)]
    return {r[key_col]: dict(zip(header, r, strict=False))
            for r in table_rows(ws, 5 if two else 4) if r[key_col]}


def test_help_measures_follow_the_service_records(county, tmp_path: Path) -> None:  # noqa: ANN001
    store = county
    cache = CountyFiguresCache(store)
    before = cache.figures(TODAY)
    want = expected(store)
    # nobody served yet: every 脱贫户/监测户 with someone due 311 is not 具体帮扶措施清
    assert any(w["measures"] < before.villages[v].households for v, w in want.items())
    for v, w in want.items():
        agg = before.villages[v]
        assert agg.five_clear_by_item["help_measures"] == w["measures"], v
        assert agg.five_clear_households == w["all"], v
        assert (before.services[v].people, before.services[v].people_met) == (w["due"], 0)
    # serve everyone due 311 in one such household once: it is clear again, everywhere
    h = served_household(store)
    village = h["fields"]["village_code"]
    form = store.forms.current().form
    ind = forms.household_indicators(form, h, today=TODAY)
    for p in ind.persons:
        if p.labour_force:
            number = h["members"][p.member_index]["fields"]["id_number"]
            store.services.add(number, "guidance")
    for _ in range(3):   # and one of them has all of 311
        store.services.add(number, "job_push")
    store.services.add(number, "training")
    after = cache.figures(TODAY)       # no household changed: the records alone
    again = expected(store)
    assert again[village]["measures"] == want[village]["measures"] + 1
    assert again[village]["all"] == want[village]["all"] + 1
    assert again[village]["met"] == 1
    assert after == county_figures(store, today=TODAY)
    for v, w in again.items():
        agg = after.villages[v]
        assert (agg.five_clear_by_item["help_measures"], agg.five_clear_households) == \
            (w["measures"], w["all"]), v
        assert (after.services[v].people, after.services[v].people_met) == (w["due"], w["met"])
    town = village[:9]
    assert after.townships[town].five_clear_households == sum(
        w["all"] for v, w in again.items() if v[:9] == town)
    assert after.services[town].people_met == 1 and after.services[""].people_met == 1
    assert after.total.five_clear_households == sum(w["all"] for w in again.values())
    row = next(r for r in after.progress.villages if r.code == village)
    assert row.five_clear == again[village]["all"]

    # the summary workbook: 分村, 调查进度, 汇总 and 乡镇排名 count the same
    out = tmp_path / "汇总.xlsx"
    summary_workbook(store, out)
    by_village = summary_cells(out, "分村", 0)
    progress = summary_cells(out, "调查进度", 2)
    for v in VILLAGES:
        assert by_village[v]["具体帮扶措施清"] == again[v]["measures"], v
        assert by_village[v]["五清齐全户"] == again[v]["all"], v
        assert progress[v]["五清齐全户"] == again[v]["all"], v
    towns = summary_cells(out, "汇总", 0)
    assert towns[town]["五清齐全户"] == after.townships[town].five_clear_households
    ranks = {r[1]: r for r in table_rows(openpyxl.load_workbook(out)["乡镇排名"], 4)}
    assert ranks[town][7] == after.townships[town].five_clear_share


def test_a_village_of_drafts_only_keeps_the_dashboard_going(county) -> None:  # noqa: ANN001
    """A village whose households are all drafts has no 311 figures; refreshing the figures
    again (nothing changed) still sums the others."""
    store = county
    code = next(iter(VILLAGES))
    for h in store.households.states():
        if h["fields"]["village_code"] == code:
            store.households.save(h | {"status": "draft"})
    cache = CountyFiguresCache(store)
    first = cache.figures(TODAY)
    assert code not in first.services
    store.services.add(next(m["fields"]["id_number"] for h in store.households.states()
                            if h["fields"]["village_code"] != code and h["status"] == "complete"
                            for m in h["members"]), "guidance")
    again = cache.figures(TODAY)    # the drafts' village from the cache
    assert again == county_figures(store, today=TODAY) and code not in again.services
