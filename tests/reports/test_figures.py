"""The dashboard's figures cache (reports/figures.py): after a change in one village it reads
that village's entry and counts only its households, and its figures are those read afresh."""

from __future__ import annotations

from typing import Any

import pytest

from mopai.reports import figures, progress
from mopai.reports.facts import VILLAGE_KEY
from mopai.reports.figures import CountyFiguresCache, county_figures
from mopai.sync import villages as sync_villages
from tests.reports.test_summary import TODAY, county_records

__all__ = ["county_records"]  # a fixture, imported for pytest


def test_a_change_in_one_village_reads_only_that_village(store, county_records,  # noqa: ANN001
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    cache = CountyFiguresCache(store)
    before = cache.figures(TODAY)
    village = county_records[0]["fields"]["village_code"]
    mine = [r for r in county_records if r["fields"]["village_code"] == village]
    for record in mine[:2]:
        store.households.delete(record["uuid"])
    store.households.save(mine[2] | {"status": "draft"})
    entries, statuses = [], []
    read_entries, count = store.derived.entries, sync_villages.household_status

    def entries_spy(kind: str, prefix: str) -> Any:  # noqa: ANN401
        entries.append(prefix)
        return read_entries(kind, prefix)

    def status_spy(*args: Any, **kw: Any) -> Any:  # noqa: ANN401
        statuses.append(kw.get("villages"))
        return count(*args, **kw)

    monkeypatch.setattr(store.derived, "entries", entries_spy)
    monkeypatch.setattr(sync_villages, "household_status", status_spy)
    monkeypatch.setattr(progress, "household_status", status_spy)
    monkeypatch.setattr(figures, "household_status", status_spy, raising=False)  # as it was
    after = cache.figures(TODAY)
    # the village's entry read, and the households by status taken from the entries: no
    # count over the households (a county's 150,000 at every start)
    assert entries == [VILLAGE_KEY + village] and statuses == []
    monkeypatch.undo()
    assert after == county_figures(store, today=TODAY)
    assert after.total.households == before.total.households - 3
    # the progress equals one counted from the households' own status
    five_clear = {c: a.five_clear_households for c, a in after.villages.items()}
    assert after.progress == progress.survey_progress(store, five_clear)
    row = next(v for v in after.progress.villages if v.code == village)
    assert (row.complete, row.draft) == (len(mine) - 3, 1)


def test_the_entries_read_at_start_are_left_out_of_garbage_collection(
        store, county_records) -> None:  # noqa: ANN001
    """The village entries a full read keeps (a county's ~700,000 lists and dicts) are frozen
    out of the collector's walks (gc.freeze): each collection of the oldest generation walked
    them all, a quarter of the dashboard's refresh after an import."""
    import gc

    try:
        gc.unfreeze()
        cache = CountyFiguresCache(store)
        cache.figures(TODAY)
        kept = [v.services for v in cache._villages.values() if v.services]
        assert kept and gc.get_freeze_count() > 0
        walked = {id(o) for o in gc.get_objects()}
        assert not any(id(s) in walked for s in kept)
    finally:
        gc.unfreeze()
