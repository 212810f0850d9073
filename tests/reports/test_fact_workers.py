"""Report facts computed in worker processes (sync/kept.py, issue 16): a large refresh uses a
pool of `spawn`ed workers, keeps exactly what this process alone keeps, survives a worker
that is killed, and a small refresh starts no process at all.

The thresholds are lowered so the test county (75 households, three villages of 25) counts as
large: batches of 20 households or more per transaction (whole villages: 25), tasks of 7."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import delete, select

from mopai import forms
from mopai.reports import facts as report_facts
from mopai.reports.facts import ReportFacts
from mopai.reports.summary import summary_workbook
from mopai.sync import kept, meta
from mopai.sync.errors import InputError
from mopai.sync.kept import Computed, Workers
from mopai.sync.models import Derived, Meta
from tests.reports.test_summary import TODAY, county_records

__all__ = ["county_records"]  # a fixture, imported for pytest


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lower thresholds; the worker count of every pool a refresh starts."""
    started: list[int] = []

    class Spy(kept.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kw: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **kw)

    monkeypatch.setattr(kept, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(kept, "PARALLEL_AFTER", 10)
    monkeypatch.setattr(kept, "TASK", 7)
    monkeypatch.setattr(report_facts._Report, "BATCH", 20)
    monkeypatch.setenv(kept.WORKERS_ENV, "2")
    return started


def _kept_rows(store) -> list[tuple[Any, ...]]:  # noqa: ANN001
    """Every report fact kept: households' and villages', whole."""
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(
            select(Derived.record_uuid, Derived.kind, Derived.revision_id, Derived.data,
                   Derived.valid_from, Derived.valid_until)
            .where(Derived.kind.startswith("report:"))))


def _forget_all(store) -> None:  # noqa: ANN001
    """As before any refresh: no report fact kept, no mark of a refresh."""
    with store.engine.connect() as conn, conn.begin():
        conn.execute(delete(Derived.__table__).where(Derived.kind.startswith("report:")))
        conn.execute(delete(Meta.__table__).where(Meta.key == meta.REPORT_FACTS_MARK))
    store.meta.remember({meta.REPORT_FACTS_MARK: None})


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _alone(store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path  # noqa: ANN001
           ) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """What this process alone keeps and the summary it writes, then nothing kept."""
    with monkeypatch.context() as m:
        m.setenv(kept.WORKERS_ENV, "0")
        assert ReportFacts.of(store).refresh(TODAY).computed == 75
    rows = _kept_rows(store)
    summary_workbook(store, tmp_path / "alone.xlsx")
    _forget_all(store)
    assert _kept_rows(store) == []
    return rows, _cells(tmp_path / "alone.xlsx")


def test_workers_keep_exactly_what_one_process_keeps(store, county_records, pools,
                                                     monkeypatch, tmp_path: Path) -> None:
    rows, summary = _alone(store, monkeypatch, tmp_path)
    assert pools == []

    summed_here: list[str] = []
    rebuild = ReportFacts._rebuild

    def spy(self, writer, villages):  # noqa: ANN001, ANN202
        summed_here.extend(villages)
        return rebuild(self, writer, villages)

    monkeypatch.setattr(ReportFacts, "_rebuild", spy)
    refreshed = ReportFacts.of(store).refresh(TODAY)
    assert pools == [2]
    assert refreshed.computed == len(county_records) == 75
    assert summed_here == []  # every village was whole in a task: its worker summed it
    assert _kept_rows(store) == rows
    summary_workbook(store, tmp_path / "pool.xlsx")
    assert _cells(tmp_path / "pool.xlsx") == summary
    assert ReportFacts.of(store).refresh(TODAY).computed == 0


# -- a worker that is killed --------------------------------------------------------------------
def killing_facts(ref: Any, settings: forms.CountySettings, form_safe: bool, victim: str,
                  marker: str) -> Any:
    """A worker's facts that kill the worker (SIGKILL, as the system's OOM killer would) when
    it reaches the `victim` household, leaving `marker` to say it did."""
    facts_of = report_facts.worker_facts(ref, settings, form_safe)

    def killing(record: dict[str, Any], day: dt.date) -> Computed:
        if record["uuid"] == victim:
            Path(marker).write_text(str(os.getpid()))
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        return facts_of(record, day)
    return killing


def test_a_killed_worker_keeps_nothing_half_and_the_refresh_completes(
        store, county_records, pools, monkeypatch, tmp_path: Path) -> None:
    rows, summary = _alone(store, monkeypatch, tmp_path)
    rf = ReportFacts.of(store)
    order = [s.uuid for s in store.derived.stale(rf.base, TODAY.isoformat())]
    victim = order[60]  # in the third village's batch, sent once the first one is kept
    marker = tmp_path / "killed"
    real = report_facts._Report.workers

    def killer(self) -> Workers:  # noqa: ANN001
        workers = real(self)
        assert workers is not None
        return Workers(killing_facts, (*workers.args, victim, str(marker)))

    seen: list[int] = []
    keep = kept.FactCache.keep_answers

    def counting(self, answers, *rest):  # noqa: ANN001, ANN002, ANN202
        got = keep(self, answers, *rest)
        seen.append(got.count)
        return got

    monkeypatch.setattr(report_facts._Report, "workers", killer)
    monkeypatch.setattr(kept.FactCache, "keep_answers", counting)
    refreshed = rf.refresh(TODAY)
    assert marker.exists() and int(marker.read_text()) != os.getpid()  # a worker was killed
    assert pools == [2]
    # the batches before the kill came from the workers, whole (the second, too, unless the
    # other worker was still on it: a pool that loses a worker fails every task in flight);
    # the rest was computed here
    assert seen in ([25], [25, 25])
    assert refreshed.computed == 75
    assert _kept_rows(store) == rows
    summary_workbook(store, tmp_path / "after.xlsx")
    assert _cells(tmp_path / "after.xlsx") == summary
    assert rf.refresh(TODAY).computed == 0


# -- when a pool starts -------------------------------------------------------------------------
def test_a_small_refresh_or_one_core_starts_no_process(store, county_records, pools,
                                                       monkeypatch) -> None:
    monkeypatch.setattr(kept, "PARALLEL_AFTER", 75)  # 75 stale households: not more
    rf = ReportFacts.of(store)
    assert rf.refresh(TODAY).computed == 75
    assert pools == []
    _forget_all(store)
    monkeypatch.setattr(kept, "PARALLEL_AFTER", 74)
    monkeypatch.delenv(kept.WORKERS_ENV)
    monkeypatch.setattr(kept.os, "cpu_count", lambda: 1)
    assert rf.refresh(TODAY).computed == 75
    assert pools == []  # one core: in this process
    _forget_all(store)
    monkeypatch.setattr(kept.os, "cpu_count", lambda: 2)
    assert rf.refresh(TODAY).computed == 75
    assert pools == [2]  # two cores, no setting: two workers
    # an edit afterwards: one stale household, computed here
    record = county_records[0]
    record["members"][0]["fields"]["wants_training"] = "yes"
    store.households.save(record)
    assert rf.refresh(TODAY).computed == 1
    assert pools == [2]


def test_the_worker_setting_is_a_number(monkeypatch) -> None:
    monkeypatch.setenv(kept.WORKERS_ENV, "two")
    with pytest.raises(InputError, match=kept.WORKERS_ENV):
        kept.worker_count()
    monkeypatch.setenv(kept.WORKERS_ENV, "0")
    assert kept.worker_count() == 0


def test_villages_partly_stale_are_summed_here_from_what_is_kept(
        store, county_records, pools, monkeypatch, tmp_path: Path) -> None:
    rows, summary = _alone(store, monkeypatch, tmp_path)
    rf = ReportFacts.of(store)
    assert rf.refresh(TODAY).computed == 75  # in the pool, every village whole
    # 12 households' facts lost, four in each village: more than PARALLEL_AFTER, none whole
    order = [s.uuid for s in store.derived.stale(rf.base, "1900-01-01")]
    lost = [u for at in (0, 25, 50) for u in order[at:at + 4]]
    with store.engine.connect() as conn, conn.begin():
        conn.execute(delete(Derived.__table__).where(Derived.record_uuid.in_(lost)))
        conn.execute(delete(Meta.__table__).where(Meta.key == meta.REPORT_FACTS_MARK))
    store.meta.remember({meta.REPORT_FACTS_MARK: None})
    summed_here: list[str] = []
    rebuild = ReportFacts._rebuild

    def spy(self, writer, villages):  # noqa: ANN001, ANN202
        summed_here.extend(villages)
        return rebuild(self, writer, villages)

    monkeypatch.setattr(ReportFacts, "_rebuild", spy)
    assert rf.refresh(TODAY).computed == 12
    assert pools == [2, 2]
    assert len(summed_here) == 3  # a worker had only part of each village: summed here
    assert _kept_rows(store) == rows
    summary_workbook(store, tmp_path / "partly.xlsx")
    assert _cells(tmp_path / "partly.xlsx") == summary
