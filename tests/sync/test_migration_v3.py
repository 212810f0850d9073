"""Schema 3 (sync tables) applied to a store saved by schema 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect

from mopai.sync.engine import sqlcipher_engine
from mopai.sync.migrations import LATEST, current_version
from mopai.sync.workspace import Workspace

pytestmark = pytest.mark.sqlite_only(reason="migrates a store file saved by schema 2")

FIXTURE = Path(__file__).parent / "fixtures" / "store_v2"
NEW_TABLES = {"secret", "device", "area", "formfile", "bundlein", "bundleout", "mergeparent",
              "peerack", "duplicate"}


def test_v2_store_migrates_to_3_keeps_its_data_and_can_enrol(tmp_path: Path) -> None:
    home = tmp_path / "v2"
    shutil.copytree(FIXTURE, home)
    key = Workspace(home).keys.unwrap("村会计", "fixture-pass-1")
    engine = sqlcipher_engine(home / "mopai.db", key)
    with engine.connect() as conn:
        assert current_version(conn) == 2
        assert not NEW_TABLES & set(inspect(conn).get_table_names())
    engine.dispose()
    with Workspace(home).unlock("村会计", "fixture-pass-1") as store:
        assert store.status().schema_version == LATEST >= 3
        with store.engine.connect() as conn:
            assert NEW_TABLES <= set(inspect(conn).get_table_names())
        assert (store.status().households, store.status().members) == (1, 2)
        assert [h.household_no for h in store.households.search("oynn")] == ["0001"]
        store.sync.enrol_request(tmp_path / "req")  # keys are made in the migrated store
        assert store.sync.enrolment() is None
        assert store.integrity_check() == []
