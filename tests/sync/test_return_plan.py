"""A return bundle and the server's on-demand check find the village's revisions through an
index, never by reading the whole revision table (schema 25, `ix_revision_device`): at county
size (150,000 households) each such read cost ~3.5 s, once after every network import
(sync/net/server.py writes a return bundle for the village whose bundle it imported)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from mopai.sync import returns
from mopai.sync.county_list import ListQuery
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net
from tests.sync.test_bundle_reject import _fill


def _selects(store, run) -> list[tuple[str, Any]]:  # noqa: ANN001
    """The SELECT statements (with their parameters) `run` sends to the store."""
    seen: list[tuple[str, Any]] = []

    def note(conn, cursor, statement, params, context, many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    return seen


def test_return_bundles_read_the_villages_revisions_through_an_index(net: Net,
                                                                      backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; the index is created on both backends")
    with net.open("a1") as a1:
        _fill(a1, 30)
        data = a1.sync.export(net.stick).path
    with net.open("county") as county:
        [imported] = county.sync.import_paths([data])
        assert imported.status == "accepted"

        def both() -> None:
            county.sync.export_return(VILLAGE_A, net.stick)
            with county.engine.connect() as conn:
                assert returns.changed_since(conn, VILLAGE_A, None)

        statements = _selects(county, both)
        plans = []
        with county.engine.connect() as conn:
            for statement, params in statements:
                plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
                plans += [(row[-1], statement) for row in plan]
    assert any("revision" in s and "device_id" in s for _, s in plans)  # they were looked at
    scans = [(detail, " ".join(s.split())[:300]) for detail, s in plans
             if detail.startswith("SCAN revision")]
    assert scans == []


def test_a_return_bundle_reads_no_saved_state_when_the_village_lacks_none(net: Net) -> None:
    """The return bundle written after a village's own bundle (after every network import)
    finds the revisions its devices lack by id: none, and no revision's state is read. Before,
    it read every state of the village's households (~500 a village) to keep none."""
    with net.open("b1") as b1:  # village B's one laptop
        _fill(b1, 30, VILLAGE_B)
        only = b1.sync.export(net.stick).path
    with net.open("a1") as a1:  # village A has two
        _fill(a1, 3)
        first = a1.sync.export(net.stick).path
    with net.open("county") as county:
        assert [r.status for r in county.sync.import_paths([only, first])] == ["accepted"] * 2

        def states_read(code: str) -> tuple[int, list[str]]:
            written = []
            selects = _selects(county, lambda: written.append(
                county.sync.export_return(code, net.stick)))
            return written[0].revisions, [
                s for s, _ in selects if "revision.state" in " ".join(s.split())]

        assert states_read(VILLAGE_B) == (0, [])
        # what one laptop of A sent, the other lacks: read, and sent
        revisions, read = states_read(VILLAGE_A)
        assert revisions == 3 and read


def test_a_one_laptop_village_lacking_none_is_answered_from_indexes_alone(
        net: Net, backend: str) -> None:
    """After a village's own bundle (the return bundle the server writes after every network
    import), its acknowledgements and the check that it lacks nothing read indexes only:
    through the table they read each of its ~500 revisions (~20 ms a village at county
    size, schema 26). A county correction since is still found, and sent."""
    if backend != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; the index is created on both backends")
    with net.open("b1") as b1:  # village B's one laptop
        _fill(b1, 30, VILLAGE_B)
        only = b1.sync.export(net.stick).path
    with net.open("county") as county:
        [imported] = county.sync.import_paths([only])
        assert imported.status == "accepted"
        written = []
        statements = _selects(county, lambda: written.append(
            county.sync.export_return(VILLAGE_B, net.stick)))
        plans = []
        with county.engine.connect() as conn:
            for statement, params in statements:
                plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
                plans += [(row[-1], " ".join(statement.split())[:200]) for row in plan]
        assert written[0].revisions == 0
        on_revision = [(d, s) for d, s in plans if " revision " in f"{d} "]
        assert on_revision and all("COVERING INDEX" in d for d, _ in on_revision), on_revision
        # the county corrects one of B's households: the one laptop lacks it, and gets it
        row = county.households.county_page(ListQuery(area=VILLAGE_B)).rows[0]
        state = county.households.get(row.uuid)
        state["fields"]["address"] = "县里核实的地址"
        county.households.correct(state, "电话核实")
        again = county.sync.export_return(VILLAGE_B, net.stick)
        assert again.revisions == 1


def test_return_bundles_written_together_read_the_area_list_once(net: Net) -> None:
    """The sync server writes the return bundles of an import group together: the area list
    every one carries (300 areas at county size) is read for the first and reused."""
    with net.open("b1") as b1:
        _fill(b1, 3, VILLAGE_B)
        only = b1.sync.export(net.stick).path
    with net.open("a1") as a1:
        _fill(a1, 3)
        first = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.set_areas([{"code": VILLAGE_A, "name": "甲村", "level": "village",
                                "parent_code": VILLAGE_A[:9]}])
        assert [r.status for r in county.sync.import_paths([only, first])] == ["accepted"] * 2

        def area_reads(shared: dict | None) -> int:
            selects = _selects(county, lambda: [
                county.sync.export_return(code, net.stick, shared=shared)
                for code in (VILLAGE_A, VILLAGE_B)])
            return sum(" FROM area" in " ".join(s.split()) for s, _ in selects)

        assert area_reads(None) == 2
        shared: dict = {}
        assert area_reads(shared) == 1
        assert [a["name"] for a in shared["areas"]] == ["甲村"]
