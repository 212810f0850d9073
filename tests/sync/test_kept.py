"""The one fact cache (sync/kept.py), driven by a small user of its own: what it computes, keeps,
drops and skips, and that what a user keeps with the facts is kept in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete

from mopai.sync.derived import DerivedWriter, Kept
from mopai.sync.kept import MAIN, Computed, FactCache
from mopai.sync.models import Household
from tests.forms.builders import child, household, worker

DAY = dt.date(2026, 11, 20)


class Sizes(FactCache):
    """Members per household, and the adults as a part; holds for the day it was computed."""

    prefix = "test.sizes."
    parts = ("adults",)
    daily = True

    def __init__(self, store: Any, kind: str = "test.sizes.v1") -> None:
        super().__init__(store, kind)
        self.computed: list[str] = []
        self.together: list[tuple[set[str], set[str]]] = []

    def facts_of(self, record: dict[str, Any], day: dt.date) -> Computed:
        self.computed.append(record["uuid"])
        adults = [m["uuid"] for m in record["members"] if m["fields"]["relation"] == "head"]
        return Computed({MAIN: {"n": len(record["members"])}, "adults": adults or None},
                        (day.isoformat(), (day + dt.timedelta(days=1)).isoformat()))

    def kept_together(self, writer: DerivedWriter, before: dict[str, Any],
                      after: dict[str, Any]) -> None:
        self.together.append((set(before), set(after)))
        writer.forget(["test.sizes.v1/sum"], ["all"])
        writer.put([Kept("all", "test.sizes.v1/sum", "-", len(after))])

    def other_kinds(self) -> list[str]:
        return ["test.sizes.v1/sum"]


@pytest.fixture
def saved(store) -> list[dict[str, Any]]:  # noqa: ANN001
    records = [household(worker("head", 40), child()) for _ in range(4)] + [
        household(child(relation="son"))]
    store.households.save_many(records)
    return records


def test_computes_once_then_only_what_changed(store, saved) -> None:  # noqa: ANN001
    sizes = Sizes(store)
    done = sizes.refresh(DAY)
    assert sorted(done.computed) == sorted(r["uuid"] for r in saved)
    assert {u: d["n"] for u, (_, d) in store.derived.load(sizes.kind).items()} == {
        r["uuid"]: len(r["members"]) for r in saved}
    assert len(store.derived.load("test.sizes.v1/adults")) == 4  # only households that have one
    sizes.computed.clear()
    assert sizes.refresh(DAY).computed == {} and sizes.computed == []  # nothing written since
    edited = saved[0] | {"members": saved[0]["members"][:1]}
    store.households.save(edited)
    store.households.delete(saved[1]["uuid"])
    done = Sizes(store).refresh(DAY)  # a new process: no mark in memory, one pass over the index
    assert list(done.computed) == [edited["uuid"]] and list(done.gone) == [saved[1]["uuid"]]
    assert saved[1]["uuid"] not in store.derived.load(sizes.kind)
    assert saved[1]["uuid"] not in store.derived.load("test.sizes.v1/adults")


def test_an_incremental_refresh_finds_what_is_gone_by_its_tombstone(store, saved  # noqa: ANN001
                                                                     ) -> None:
    """A household row leaves the table only with a tombstone (deleted, a merged delete, moved
    away from a village), so a refresh since the last one looks at the tombstones, not at
    every entry kept; a whole refresh (a new process: no mark) reads every entry."""
    sizes = Sizes(store)
    sizes.refresh(DAY)
    store.households.delete(saved[1]["uuid"])
    with store.engine.begin() as conn:  # no path of the store removes a row without a tombstone
        conn.execute(delete(Household.__table__).where(Household.uuid == saved[2]["uuid"]))
    assert list(sizes.refresh(DAY).gone) == [saved[1]["uuid"]]
    assert list(Sizes(store).refresh(DAY).gone) == [saved[2]["uuid"]]


def test_a_day_outside_the_window_recomputes(store, saved) -> None:  # noqa: ANN001
    sizes = Sizes(store)
    sizes.refresh(DAY)
    sizes.computed.clear()
    sizes.refresh(DAY + dt.timedelta(days=1))
    assert sorted(sizes.computed) == sorted(r["uuid"] for r in saved)


def test_other_kinds_under_the_prefix_are_dropped(store, saved) -> None:  # noqa: ANN001
    store.derived.save("test.sizes.v0", [("x", "r", {})])
    store.derived.save("test.other", [("x", "r", {})])
    Sizes(store).refresh(DAY)
    assert sorted(store.derived.kinds("test.")) == ["test.other", "test.sizes.v1",
                                            "test.sizes.v1/adults", "test.sizes.v1/sum"]
    with pytest.raises(ValueError, match="test.sizes."):
        Sizes(store, "elsewhere.v1")


def test_what_is_kept_together_fails_together(store, saved, monkeypatch) -> None:  # noqa: ANN001
    sizes = Sizes(store)

    def broken(writer, before, after) -> None:  # noqa: ANN001
        if after:
            raise OSError("disk full")

    monkeypatch.setattr(sizes, "kept_together", broken)
    with pytest.raises(OSError):
        sizes.refresh(DAY)
    assert store.derived.load(sizes.kind) == {}  # no household's facts either
    monkeypatch.undo()
    sizes.refresh(DAY)
    assert store.derived.get("test.sizes.v1/sum", ["all"]) == {"all": len(saved)}


def test_a_village_is_summed_from_what_the_transaction_put_not_read_back(store, saved
                                                                         ) -> None:  # noqa: ANN001
    """A village's entries are rebuilt from the households just computed without reading
    their data back from the store (a county's first refresh wrote, then read back, all of
    it); households not computed in the transaction are read, and the result is what a read
    of the store gives after the commit."""
    from sqlalchemy import event

    kind, village = "test.sizes.v1", saved[0]["fields"]["village_code"]
    uuids = [r["uuid"] for r in saved]
    store.derived.save(kind, [(u, "r1", {"n": i}) for i, u in enumerate(uuids[:3])])
    read: list[set[str]] = []

    def seen(conn, cursor, statement, params, context, many) -> None:  # noqa: ANN001
        if "derived.data" in statement and not many:
            values = params.values() if isinstance(params, dict) else params or ()
            read.append({p for p in values if p in uuids})

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.derived.writing() as w:
            w.forget([kind], uuids[1:2])
            w.put([Kept(uuids[1], kind, "r2", '{"n":10}', encoded=True),
                   Kept(uuids[4], kind, "r2", {"n": 40}, text='{"n":40}')])
            read.clear()
            got = list(w.of_village(village, [kind]))
            assert read and set().union(*read) == {uuids[0], uuids[2], uuids[3]}  # those not put
            w.forget([kind], [uuids[0], uuids[2]])
            read.clear()
            w.put([Kept(u, kind, "r3", {"n": 0}) for u in (uuids[0], uuids[2], uuids[3])])
            assert len(list(w.of_village(village, [kind]))) == 5 and read == []
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    expected = {uuids[0]: {"n": 0}, uuids[1]: {"n": 10}, uuids[2]: {"n": 2},
                uuids[4]: {"n": 40}}
    assert {u: d for u, _, _, d, _, _ in got} == expected
    assert [u for u, *_ in got] == [u for u in uuids if u in expected]  # 户编号 order
