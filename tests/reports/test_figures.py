"""The dashboard's figures cache (reports/figures.py): after a change in one village it reads
that village's entry and counts only its households, and its figures are those read afresh."""

from __future__ import annotations

from typing import Any

import pytest

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
    gone = [r for r in county_records if r["fields"]["village_code"] == village][:2]
    for record in gone:
        store.households.delete(record["uuid"])
    entries, statuses = [], []
    read_entries, count = store.derived.entries, sync_villages.household_status

    def entries_spy(kind: str, prefix: str) -> Any:  # noqa: ANN401
        entries.append(prefix)
        return read_entries(kind, prefix)

    def status_spy(*args: Any, **kw: Any) -> Any:  # noqa: ANN401
        statuses.append(kw.get("villages"))
        return count(*args, **kw)

    monkeypatch.setattr(store.derived, "entries", entries_spy)
    monkeypatch.setattr("mopai.reports.figures.household_status", status_spy)
    after = cache.figures(TODAY)
    assert entries == [VILLAGE_KEY + village] and statuses == [[village]]
    monkeypatch.undo()
    assert after == county_figures(store, today=TODAY)
    assert after.total.households == before.total.households - 2
    assert after.progress.villages == county_figures(store, today=TODAY).progress.villages
