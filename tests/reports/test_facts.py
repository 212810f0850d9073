"""Report facts kept in the store, the dashboard's figures, and the county's settings (issue 7)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import delete, func, select, update

from mopai import forms
from mopai.reports.facts import ReportFacts
from mopai.reports.figures import CountyFigures, CountyFiguresCache, county_figures
from mopai.reports.household_facts import FAR, TODAY_SAFE, today_uses
from mopai.reports.ledger import ledger_workbook
from mopai.sync import county_settings
from mopai.sync.errors import InputError
from mopai.sync.models import Derived, Household
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import table_rows
from tests.reports.test_summary import TODAY, VILLAGES, county_records, expected_by_township

__all__ = ["county_records"]  # a fixture, imported for pytest


def _kept_count(store, kind: str) -> int:  # noqa: ANN001
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Derived)
                            .where(Derived.kind == kind)).scalar_one()


def test_kept_facts_equal_a_fresh_computation_and_are_not_recomputed(store, county_records
                                                                       ) -> None:
    rf = ReportFacts.of(store)
    first = rf.refresh(TODAY)
    assert first.computed == len(county_records)
    assert first.villages == set(VILLAGES)
    kept = {uuid: data for uuid, data in rf.rows("", with_uuid=True)}
    for record in county_records:
        assert kept[record["uuid"]] == json.loads(json.dumps(rf.compute(record, TODAY)["main"]))
    assert rf.refresh(TODAY).computed == 0


def test_an_edit_recomputes_one_household_and_its_village(store, county_records) -> None:
    cache = CountyFiguresCache(store)
    before = cache.figures(TODAY)
    record = copy.deepcopy(next(r for r in county_records
                                if any(m["fields"].get("employment_status") == "migrant"
                                       for m in r["members"])))
    member = next(m for m in record["members"] if m["fields"]["employment_status"] == "migrant")
    member["fields"].update(employment_status="unemployed", unemployed_reason="no_suitable_job",
                            wants_job="no")
    for name in ("work_region", "work_place", "employer", "industry", "channel", "months_worked",
                 "monthly_income", "job_type", "start_month"):
        member["fields"].pop(name, None)
    store.households.save(record)

    refreshed = ReportFacts.of(store).refresh(TODAY)
    assert refreshed.computed == 1
    assert refreshed.villages == {record["fields"]["village_code"]}
    after = cache.figures(TODAY)
    assert after.total.transfer_employed == before.total.transfer_employed - 1
    # the incremental sums equal a computation from nothing
    fresh = county_figures(store, today=TODAY)
    assert after.villages == fresh.villages and after.townships == fresh.townships
    assert [z.record_uuid for z in after.zero] == [z.record_uuid for z in fresh.zero]


def test_a_deleted_household_leaves_the_figures(store, county_records) -> None:
    cache = CountyFiguresCache(store)
    cache.figures(TODAY)
    gone = county_records[3]
    store.households.delete(gone["uuid"])
    after = cache.figures(TODAY)
    assert after.total.households == len(county_records) - 1
    village = gone["fields"]["village_code"]
    assert after.villages[village].households == sum(
        r["fields"]["village_code"] == village for r in county_records) - 1
    assert _kept_count(store, ReportFacts.of(store).base) == len(county_records) - 1


def test_dashboard_figures_equal_an_independent_count(store, county_records) -> None:
    figures = county_figures(store, today=TODAY)
    expected = expected_by_township(county_records)
    assert set(figures.townships) == set(expected)
    for code, want in expected.items():
        got = figures.townships[code]
        assert got.households == want["households"]
        assert got.labour_force == want["labour_force"] > 0
        assert got.employed == want["employed"]
        assert got.transfer_employed == want["transfer_employed"]
        assert got.zero_employment_households == want["zero_employment_households"]
        assert got.employment_rate == pytest.approx(want["employment_rate"])
    zero = {z.record_uuid for z in figures.zero}
    assert len(zero) == sum(w["zero_employment_households"] for w in expected.values()) > 0
    assert all(z.village in VILLAGES for z in figures.zero)


def test_ranking_best_first_with_shared_ranks() -> None:
    agg = lambda rate: forms.AggregateIndicators(employment_rate=rate)  # noqa: E731
    f = CountyFigures(names={}, villages={}, total=None, townships={
        "431222101": agg(0.5), "431222100": agg(0.9), "431222102": agg(0.5),
        "431222103": agg(None)})
    assert f.ranking("employment_rate") == [
        (1, "431222100", 0.9), (2, "431222101", 0.5), (2, "431222102", 0.5),
        (4, "431222103", None)]
    with pytest.raises(ValueError):
        f.ranking("households")


# -- the days a fact holds for ------------------------------------------------------------------
def test_the_form_uses_today_only_where_the_window_allows() -> None:
    assert today_uses(forms.load_default_form()) <= TODAY_SAFE


def test_facts_hold_from_the_survey_date_for_a_year(store, county_records) -> None:
    rf = ReportFacts.of(store)
    record = county_records[0]
    survey = dt.date.fromisoformat(record["fields"]["survey_date"])
    early = rf.compute(record, survey + dt.timedelta(days=10))["main"]
    late = rf.compute(record, survey + dt.timedelta(days=300))["main"]
    assert early == late
    assert early["w"] == (survey.isoformat(), (survey + dt.timedelta(days=366)).isoformat())
    stale = rf.compute(record, survey + dt.timedelta(days=400))["main"]
    assert stale["w"] == ((survey + dt.timedelta(days=366)).isoformat(), FAR)
    assert "survey_old" in {q[0] for q in stale["q"]}
    assert "survey_old" not in {code for code, _, _ in early["q"]}


def test_a_report_on_a_day_outside_the_window_recomputes(store, county_records) -> None:
    rf = ReportFacts.of(store)
    rf.refresh(TODAY)
    later = max(dt.date.fromisoformat(r["fields"]["survey_date"]) for r in county_records)
    assert rf.refresh(later + dt.timedelta(days=400)).computed == len(county_records)


def test_without_a_survey_date_a_fact_holds_for_its_day_only(store, county_records) -> None:
    record = copy.deepcopy(county_records[0])
    del record["fields"]["survey_date"]
    main = ReportFacts.of(store).compute(record, TODAY)["main"]
    assert main["w"] == (TODAY.isoformat(), (TODAY + dt.timedelta(days=1)).isoformat())


# -- village entries: what a summary and the dashboard read ------------------------------------
def _village_entries_match_their_households(store, rf: ReportFacts) -> set[str]:  # noqa: ANN001
    """Every village entry equals its households' kept facts summed here (not by the report
    code): counts, 零就业 households and findings, and each roster's rows in 户编号 order;
    returns the villages."""
    counts: dict[str, dict[str, int]] = {}
    zero: dict[str, list[str]] = {}
    quality: dict[str, dict[tuple[str, str], int]] = {}
    found: dict[str, list[Any]] = {}
    for uuid, m in rf.rows("", with_uuid=True):
        c = counts.setdefault(m["v"], {})
        for k, n in m["a"].items():
            c[k] = c.get(k, 0) + n
        zero.setdefault(m["v"], []).extend([uuid] if m["z"] else [])
        for code, severity, _, confirmed, *_ in m["q"]:
            q = quality.setdefault(m["v"], {})
            n, c = q.get((code, severity), (0, 0))
            q[(code, severity)] = (n + 1, c + confirmed)
        if m["q"]:
            found.setdefault(m["v"], []).append([m["h"], m["q"]])
    entries = dict(rf.villages())
    assert entries.keys() == counts.keys()
    for v, entry in entries.items():
        assert entry["a"] == counts[v], v
        assert [z[0] for z in entry["z"]] == zero[v]
        assert {(c, s): (n, k) for c, s, _, n, k in entry["q"]} == quality.get(v, {})
    assert dict(rf.villages("q")) == found  # 问题明细: every finding, in 户编号 order
    for i in range(5):
        rows: dict[str, list[Any]] = {}
        for d in rf.rows(f"r{i}"):
            rows.setdefault(d["v"], []).append([d["h"], d["p"]])
        assert dict(rf.villages(f"r{i}")) == rows
    return set(entries)


def test_village_entries_follow_edits_and_deletions(store, county_records) -> None:
    rf = ReportFacts.of(store)
    rf.refresh(TODAY)
    assert _village_entries_match_their_households(store, rf) == set(VILLAGES)
    # an edit that moves a household to another village changes both villages' entries
    moved = copy.deepcopy(county_records[0])
    old_village = moved["fields"]["village_code"]
    moved["fields"]["village_code"] = next(v for v in VILLAGES if v != old_village)
    store.households.save(moved)
    refreshed = rf.refresh(TODAY)
    assert refreshed.computed == 1
    assert refreshed.villages == {old_village, moved["fields"]["village_code"]}
    _village_entries_match_their_households(store, rf)
    store.households.delete(county_records[5]["uuid"])
    rf.refresh(TODAY)
    _village_entries_match_their_households(store, rf)
    # a village whose last household is gone has no entry left
    for record in county_records:
        if record["fields"]["village_code"] == "431222101201" and \
                record["uuid"] != county_records[5]["uuid"]:
            store.households.delete(record["uuid"])
    rf.refresh(TODAY)
    assert "431222101201" not in _village_entries_match_their_households(store, rf)


def test_a_whole_refresh_rebuilds_village_entries_that_differ(store, county_records) -> None:
    rf = ReportFacts.of(store)
    rf.refresh(TODAY)
    first, second, third = sorted(VILLAGES)
    with store.engine.connect() as conn, conn.begin():  # one lost, one summed from other data
        conn.execute(delete(Derived.__table__).where(
            Derived.record_uuid == f"village:{first}"))
        conn.execute(update(Derived.__table__).where(
            Derived.record_uuid == f"village:{second}").values(
            revision_id="0" * 32, data=json.dumps({"a": {}, "z": [], "q": []})))
    refreshed = rf.refresh(TODAY + dt.timedelta(days=1))  # a new day: a whole refresh
    assert refreshed.computed == 0
    assert refreshed.villages == {first, second}
    assert _village_entries_match_their_households(store, rf) == set(VILLAGES)


def test_a_village_entry_holds_while_all_its_households_hold(store, county_records) -> None:
    rf = ReportFacts.of(store)
    rf.refresh(TODAY)
    village = county_records[0]["fields"]["village_code"]
    with store.engine.connect() as conn:
        windows = conn.execute(
            select(Derived.valid_from, Derived.valid_until).join_from(
                Derived, Household, Derived.record_uuid == Household.uuid)
            .where(Derived.kind == rf.base, Household.village_code == village)).all()
        entry = conn.execute(select(Derived.valid_from, Derived.valid_until).where(
            Derived.kind == f"{rf.base}/v", Derived.record_uuid == f"village:{village}")).one()
    assert tuple(entry) == (max(f for f, _ in windows), min(u for _, u in windows))
    assert len({f for f, _ in windows}) > 1  # the households' windows do differ


def test_a_failed_village_rebuild_keeps_nothing_of_the_refresh(store, county_records,
                                                               monkeypatch) -> None:
    rf = ReportFacts.of(store)
    rf.refresh(TODAY)
    record = copy.deepcopy(county_records[1])
    record["members"][0]["fields"]["wants_training"] = "yes"
    store.households.save(record)

    def broken(self, writer, villages) -> None:  # noqa: ANN001
        if villages:  # prune() rebuilds no village here: fail on the edited one
            raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(ReportFacts, "_rebuild", broken)
        with pytest.raises(OSError):
            rf.refresh(TODAY)
    with store.engine.connect() as conn:  # the household's facts were not kept either
        kept = conn.execute(select(Derived.revision_id).where(
            Derived.kind == rf.base, Derived.record_uuid == record["uuid"])).scalar_one()
        current = conn.execute(select(Household.revision_id).where(
            Household.uuid == record["uuid"])).scalar_one()
    assert kept != current
    assert rf.refresh(TODAY).computed == 1
    _village_entries_match_their_households(store, rf)


# -- the ledger reads answers, and what the form derives from the kept facts ---------------------
def test_ledger_blanks_answers_that_are_not_relevant_and_shows_derived_values(
        store, county_records, tmp_path: Path) -> None:
    record = copy.deepcopy(next(r for r in county_records
                                if r["fields"]["household_type"] == "ordinary"))
    record["fields"]["monitoring_category"] = "unstable"  # only asked of 监测户
    store.households.save(record)
    out = tmp_path / "ledger.xlsx"
    ledger_workbook(store, record["fields"]["village_code"], out)
    ws = openpyxl.load_workbook(out, read_only=True)["台账"]
    head = [c.value for c in next(ws.iter_rows(min_row=4, max_row=4))]
    rows = [r for r in table_rows(ws, 5) if r[3] == record["fields"]["household_no"]]
    assert rows[0][head.index("监测对象类别")] is None
    member = record["members"][0]["fields"]
    assert rows[0][head.index("性别")] == ("男" if int(member["id_number"][16]) % 2 else "女")
    assert isinstance(rows[0][head.index("年龄")], int)


# -- the county's settings ----------------------------------------------------------------------
@pytest.fixture
def county(tmp_path: Path):
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县")
    st = Workspace(home).unlock("张科长", PASSPHRASE)
    yield st
    st.close()


def _records(n: int) -> list[dict[str, Any]]:
    from mopai.sync.synth import VillageSpec, generate_village

    return [g.state for g in generate_village(
        VillageSpec("431222100201", n, seed=3, mistake_rate=0.0, as_of=TODAY))]


def test_county_settings_are_kept_audited_and_change_the_figures(county) -> None:
    county.households.save_many(_records(30))
    before = county_figures(county, today=TODAY)
    assert county_settings.load(county) == forms.CountySettings()

    changed = county_settings.parse(["farming_counts_as_employed=false"],
                                    county_settings.load(county))
    county_settings.save(county, changed)
    assert county_settings.load(county) == changed
    after = county_figures(county, today=TODAY)
    farming = sum(1 for r in _records(30) for m in r["members"]
                  if m["fields"].get("employment_status") == "farming")
    assert farming and after.total.employed < before.total.employed
    # the old settings' facts are gone; only the new kind is kept
    with county.engine.connect() as conn:
        kinds = {k for (k,) in conn.execute(select(Derived.kind).distinct())
                 if k.startswith("report:")}
    assert all(k.startswith(ReportFacts.of(county).base) for k in kinds)
    with county.engine.connect() as conn:
        details = [json.loads(d) for (d,) in conn.exec_driver_sql(
            "SELECT detail FROM audit WHERE event = 'county_settings_changed'")]
    assert details[-1]["before"]["farming_counts_as_employed"] is True
    assert details[-1]["after"]["farming_counts_as_employed"] is False


def test_bad_settings_are_refused_with_the_name(county) -> None:
    base = county_settings.load(county)
    with pytest.raises(InputError, match="labour_age_maxx"):
        county_settings.parse(["labour_age_maxx=55"], base)
    with pytest.raises(InputError, match="labour_age_min"):
        county_settings.parse(["labour_age_min=abc"], base)
    with pytest.raises(InputError):
        county_settings.parse(["labour_age_min=70"], base)  # above the upper bounds
    assert county_settings.load(county) == base


def test_a_village_cannot_change_the_county_settings(village_store) -> None:
    with pytest.raises(InputError):
        county_settings.save(village_store,
                             forms.CountySettings(farming_counts_as_employed=False))


def test_reports_read_every_household_under_the_current_form(county, tmp_path: Path) -> None:
    """After the county publishes 2026.2 the report facts are those of the current form (a
    new kind, every household computed again), households saved under 2026.1 read through it
    (their renamed answers moved): the figures stay the same."""
    from tests.formfiles import edited_form

    county.households.save_many(_records(30))
    before = county_figures(county, today=TODAY)
    assert ReportFacts.of(county).form.version == "2026.1.1"  # the shipped form
    county.forms.publish(edited_form(tmp_path / "v2.xlsx"))
    rf = ReportFacts.of(county)
    assert rf.form.version == "2026.2" and ":2026.2:" in rf.base
    assert rf.refresh(TODAY).computed == 30
    assert county_figures(county, today=TODAY).total == before.total
    findings = [q for _uuid, main in rf.rows("", with_uuid=True) for q in main["q"]]
    assert not [q for q in findings if q[1] == "error"], findings  # nothing lost its answer
