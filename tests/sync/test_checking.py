"""The form's checks of a large import run in worker processes (sync/checking.py): the pool
decides exactly what the import alone would, and a worker that dies changes nothing. The
workers get the store's forms (a picklable `FormCatalog`) with each task and parse each form
once per process."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mopai.sync import checking, formbook
from mopai.sync.formbook import FORM_CHECKS
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net
from tests.sync.helpers import snapshot


def _bundles(net: Net) -> list[Path]:
    """Two villages, each with complete households, some of them with errors."""
    out = []
    for name, code in (("a1", VILLAGE_A), ("b1", VILLAGE_B)):
        with net.open(name) as v:
            for i in range(6):
                # Saved as complete whatever it holds (this laptop's store has no validator):
                # a bad ID number on every other one, for the county's checks to find.
                h = household(f"{i:04d}", ("张三", "110105194912310021" if i % 2 else "123"),
                              village_code=code)
                h["status"] = "complete"
                v.households.save(h)
                v.households.save(household(f"9{i:03d}", ("李四", ""), village_code=code))
            out.append(v.sync.export(net.stick).path)
    return out


def _snap(store: Any) -> dict[str, Any]:
    snap = snapshot(store)
    with store.engine.connect() as conn:
        snap["revision_states"] = sorted(conn.exec_driver_sql(
            "SELECT revision_id, state FROM revision").all())
    return snap


def _die(checks: Any, lines: list[Any]) -> list[str]:
    os._exit(3)


def _content(snap: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """What was decided and written: every household and member row whole (their JSON and
    search line included), each revision's stored JSON, the quarantine's reasons."""
    return {"household": snap["household"], "member": snap["member"],
            "revision": snap["revision_states"],
            "quarantine": sorted((r[4], r[5]) for r in snap["quarantine"])}


@pytest.mark.sqlite_only(reason="compares two copies of the county's store; on the server the "
                         "two copies of the folder name one database")
@pytest.mark.parametrize("batch", ["pool", "dead_worker"])
def test_the_pool_decides_what_the_import_alone_decides(net: Net, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        batch: str) -> None:
    files = _bundles(net)
    alone = Net(tmp_path / "alone")
    import shutil

    shutil.copytree(net.root, alone.root)
    with alone.open("county", validator=FORM_CHECKS) as county:
        results = county.sync.import_paths(files)
        expected = _content(_snap(county))
    assert expected["quarantine"], "the data must hold errors for the check to mean anything"
    assert all(r.status == "accepted" for r in results)

    started: list[int] = []
    real = checking.Checker.for_run

    def forced(validator, files, pool=None):  # noqa: ANN001, ANN202
        monkeypatch.setattr(checking, "PARALLEL_BYTES", 0)
        checker = real(validator, files, pool)
        started.append(checker.pool is not None)
        return checker

    monkeypatch.setattr(checking.Checker, "for_run", forced)
    if batch == "dead_worker":
        monkeypatch.setattr(checking, "check_lines", _die)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with net.open("county", validator=FORM_CHECKS) as county:
        results = county.sync.import_paths(files)
        got = _content(_snap(county))
    assert started == [True]
    assert all(r.status == "accepted" for r in results)
    assert got == expected


def test_a_worker_parses_each_form_once(net: Net) -> None:
    """The task a worker runs gets the catalog (pickled, as a spawned process gets it) and
    keeps the parsed form between tasks: no reload per task."""
    import pickle

    with net.open("county") as county:
        catalog = county.forms.catalog()
    checks = checking.Checks(catalog, form=True)
    line = json.dumps({"t": "rev", "revision_id": "r1", "record_uuid": "h1", "rev_no": 1,
                       "parent_id": None, "kind": "save", "device_id": "d", "user": "u",
                       "created_at": "2026-01-01T00:00:00Z",
                       "state": {**household("0001", ("张三", "123")), "uuid": "h1",
                                 "status": "complete"}}).encode()
    loads: list[Any] = []
    real = formbook.forms.load_form

    def counting(source: Any) -> Any:
        loads.append(source)
        return real(source)

    formbook._PARSED.clear()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(formbook.forms, "load_default_form", lambda: counting(
                formbook.forms.default_form_path()))
            mp.setattr(formbook.forms, "load_form", counting)  # an earlier shipped version
            for _ in range(3):
                [(problem, form, _json)] = checking.check_lines(
                    pickle.loads(pickle.dumps(checks)), [line])
                assert problem == "" and form  # the bad ID number is the form's error
    finally:
        formbook._PARSED.clear()
    assert len(loads) == 1


def test_the_merge_checks_chunks_no_worker_has_started(net: Net, monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """While a worker holds a chunk the merge waits for, the merge checks the chunks no
    worker has started instead of waiting idle, and decides exactly what a worker would."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with net.open("county") as county:
        checks = checking.Checks(county.forms.catalog(), form=True)
    revs = []
    for i in range(12):
        state = {**household(f"{i:04d}", ("张三", "110105194912310021" if i % 2 else "123")),
                 "uuid": f"h{i}", "status": "complete"}
        revs.append({"t": "rev", "revision_id": f"r{i}", "record_uuid": f"h{i}", "rev_no": 1,
                     "parent_id": None, "kind": "save", "device_id": "d", "user": "u",
                     "created_at": "2026-01-01T00:00:00Z", "state": state})
    lines = [json.dumps(r).encode() for r in revs]
    monkeypatch.setattr(checking, "CHUNK", 1)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    checker = checking.Checker(checks, pool)
    here: list[Any] = []  # the chunks checked in this process
    real = checking._check_lines
    monkeypatch.setattr(checking, "_check_lines", lambda c, chunk: here.append(chunk) or real(
        c, chunk))
    try:
        pending = checker.submit(list(range(len(lines))), lines)
        got = pending.verdicts(revs)
    finally:
        checker.close()
    # The pool's feeder hands a worker at most two chunks ahead; the rest were not started
    # when the merge asked (a spawned worker takes most of a second to start).
    assert len(here) >= len(lines) - 2
    assert got == checking.check_revisions(checks, revs, prepare=True)
    assert any(form for _problem, form, _json in got)  # the bad ID numbers were found


def _revs(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        state = {**household(f"{i:04d}", ("张三", "110105194912310021" if i % 2 else "123")),
                 "uuid": f"h{i}", "status": "complete"}
        out.append({"t": "rev", "revision_id": f"r{i}", "record_uuid": f"h{i}", "rev_no": 1,
                    "parent_id": None, "kind": "save", "device_id": "d", "user": "u",
                    "created_at": "2026-01-01T00:00:00Z", "state": state})
    return out


def test_verdicts_merged_are_let_go_while_the_run_goes_on(net: Net,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """When the workers stay ahead of the merge (the merge never steals), a run holds the
    verdicts of the bundles still to merge only: those merged are let go, not kept to the
    end of the run. The sync server imports every village queued in one run, and kept ~200
    MiB of verdicts (each revision's canonical JSON) by its end."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait

    with net.open("county") as county:
        checks = checking.Checks(county.forms.catalog(), form=True)
    revs = _revs(4)
    lines = [json.dumps(r).encode() for r in revs]
    monkeypatch.setattr(checking, "CHUNK", 2)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    checker = checking.Checker(checks, pool)
    want = checking.check_revisions(checks, revs, prepare=True)

    def answered() -> list[Any]:  # tasks the checker still holds with their verdicts
        return [t for t in checker._queued if t.local is not None or (
            t.future is not None and t.future.done() and not t.future.cancelled())]

    try:
        for _bundle in range(5):
            pending = checker.submit(list(range(len(lines))), lines)
            wait([t.future for t in pending._tasks])  # the worker is ahead of the merge
            assert pending.verdicts(revs) == want
            assert all(t.lines == [] for t in pending._tasks)
        assert answered() == []
        assert len(checker._queued) <= 2  # one bundle's tasks at most, not the run's
    finally:
        checker.close()


@pytest.mark.sqlite_only(reason="the pool is the importing process's; the backend is beside "
                         "the point")
def test_a_shared_pool_is_kept_between_runs_and_replaced_when_a_worker_died(
        net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sync server imports its queue run after run with one pool of workers
    (`SharedPool`), whatever the run's size (bundles arrive one by one: without the pool the
    import thread checked them all on one core): a run does not start (nor stop) the
    workers; a pool a worker died in is replaced at the next run, and that run still decides
    what the import alone would."""
    import signal
    import time

    files = _bundles(net)   # small: without a shared pool, checked in the importing thread
    assert sum(f.stat().st_size for f in files) < checking.PARALLEL_BYTES
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    shared = checking.SharedPool()
    used: list[Any] = []
    real = checking.Checker.for_run

    def noting(checks, files, pool=None):  # noqa: ANN001, ANN202
        checker = real(checks, files, pool)
        used.append(checker.pool)
        return checker

    monkeypatch.setattr(checking.Checker, "for_run", noting)
    try:
        with net.open("county", validator=FORM_CHECKS) as county:
            first = county.sync.import_paths(files, pool=shared)
            workers = set(shared._pool._processes)
            again = county.sync.import_paths(files, pool=shared)
            assert used[0] is used[1] is shared._pool and set(shared._pool._processes) == workers
            assert [r.status for r in first] == ["accepted"] * 2
            assert [r.status for r in again] == ["already"] * 2
            for pid in workers:
                os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while not shared._pool._broken and time.monotonic() < deadline:
                time.sleep(0.05)
            dead = shared._pool
            # the villages bring more: checked by the new pool
            with net.open("a1") as a1:
                a1.households.save(household("0100", ("王五", "123"), village_code=VILLAGE_A))
                more = [a1.sync.export(net.stick).path]
            with net.open("b1") as b1:
                b1.households.save(household("0100", ("赵六", ""), village_code=VILLAGE_B))
                more.append(b1.sync.export(net.stick).path)
            third = county.sync.import_paths(more, pool=shared)
            assert used[2] is shared._pool is not dead
            assert not set(shared._pool._processes) & workers
            assert [r.status for r in third] == ["accepted"] * 2
    finally:
        shared.close()
    assert shared._pool is None
