"""Schema versions: a store saved by schema 1 migrates; fresh stores match the models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import mopai.sync.models  # noqa: F401 - registers the tables
from mopai.sync.errors import SchemaTooNew
from mopai.sync.migrations import LATEST, current_version
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store_v1"


@pytest.fixture
def v1_home(tmp_path: Path) -> Path:
    target = tmp_path / "v1"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.mark.sqlite_only(reason="the store file saved by schema 1")
def test_fixture_really_is_version_1(v1_home: Path) -> None:
    from mopai.sync.engine import sqlcipher_engine

    key = Workspace(v1_home).keys.unwrap("村会计", "fixture-pass-1")
    engine = sqlcipher_engine(v1_home / "mopai.db", key)
    with engine.connect() as conn:
        assert current_version(conn) == 1
        assert "name_initials" not in {c["name"] for c in inspect(conn).get_columns("member")}
    engine.dispose()


@pytest.mark.sqlite_only(reason="the store file saved by schema 1")
def test_v1_store_migrates_and_keeps_its_data(v1_home: Path) -> None:
    with Workspace(v1_home).unlock("村会计", "fixture-pass-1") as store:
        status = store.status()
        assert status.schema_version == LATEST
        assert (status.households, status.members, status.revisions) == (1, 2, 1)
        # Step 2 filled pinyin initials for members saved before it existed.
        assert [h.household_no for h in store.households.search("oynn")] == ["0001"]
        assert [e.rev_no for e in store.households.history(
            "00000000-0000-4000-8000-000000000001")] == [1]
        # Step 11 dropped the household's copy of its record: it is read from the revision.
        with store.engine.connect() as conn:
            assert "state" not in {c["name"] for c in inspect(conn).get_columns("household")}
        record = store.households.get("00000000-0000-4000-8000-000000000001")
        assert record["fields"]["household_no"] == "0001" and len(record["members"]) == 2
        # Step 15 filled what the county's list shows and filters on, from the record.
        from mopai.sync.county_list import ListQuery

        [row] = store.households.county_page(ListQuery(text="oynn")).rows
        head = next(m["fields"] for m in record["members"]
                    if m["fields"].get("relation") == "head")
        assert (row.members, row.head_id, row.group_name) == (
            2, head.get("id_number") or "", str(record["fields"].get("group") or ""))
        assert row.entered_by and row.device_id
        with store.engine.connect() as conn:
            assert "ix_household_list" in {i["name"] for i in inspect(conn).get_indexes(
                "household")}
        assert store.integrity_check() == []


def test_fresh_schema_matches_models(store) -> None:
    with store.engine.connect() as conn:
        insp = inspect(conn)
        for table in SQLModel.metadata.sorted_tables:
            have = {c["name"] for c in insp.get_columns(table.name)}
            assert have == {c.name for c in table.columns}, table.name


def test_newer_schema_is_refused(home: Path) -> None:
    with Workspace(home).unlock(None, PASSPHRASE) as store:
        with store.engine.connect() as conn, conn.begin():
            conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(SchemaTooNew, match="newer Mopai"):
        Workspace(home).unlock(None, PASSPHRASE)


@pytest.mark.sqlite_only(reason="the store file saved by schema 1")
def test_step4_moves_meta_drafts_into_the_draft_table(v1_home: Path) -> None:
    """Stores that kept GUI drafts in `meta` (schema 3) keep them after the upgrade."""
    import json

    from mopai.sync.engine import sqlcipher_engine
    from mopai.sync.migrations import migrate

    key = Workspace(v1_home).keys.unwrap("村会计", "fixture-pass-1")
    engine = sqlcipher_engine(v1_home / "mopai.db", key)
    with engine.connect() as conn, conn.begin():
        assert migrate(conn, target=3) == [2, 3]
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {
            "k": "desktop.draft.abc", "v": json.dumps({
                "user": "村会计", "saved_at": "2026-11-20T08:00:00.000000Z",
                "state": {"uuid": "abc", "fields": {"household_no": "0042"}}})})
    engine.dispose()
    with Workspace(v1_home).unlock(None, "fixture-pass-1") as store:
        drafts = store.drafts.list()
        assert [(d.uuid, d.household_no, d.user) for d in drafts] == [("abc", "0042", "村会计")]
        assert store.meta.get("desktop.draft.abc") is None
        # step 6 filled the search line of the household saved under schema 1
        assert [h.household_no for h in store.households.search("1231002x")] == ["0001"]
