"""Schema 24 (issue 22): a call recorded before the sheet had a 通话日期 column gets the
county's day it was recorded on, which is when the weekly ranking counted it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from mopai.sync import meta
from mopai.sync.migrations import LATEST
from mopai.sync.workspace import Workspace
from tests.conftest import COUNTY_CODE, PASSPHRASE, USER


@pytest.mark.sqlite_only(reason="rewinds a SQLCipher store file to schema 23")
def test_calls_recorded_before_get_the_county_day_they_were_recorded(tmp_path: Path) -> None:
    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY_CODE, user=USER, passphrase=PASSPHRASE)
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        with store.engine.connect() as conn, conn.begin():   # as schema 23 left the table
            conn.execute(text("DROP INDEX ix_revision_device_record"))   # schema 26's
            conn.execute(text("DROP INDEX ix_spotcall_called_on"))
            conn.execute(text("ALTER TABLE spotcall DROP COLUMN called_on"))
            for member, at in (("m1", "2026-10-18T17:00:00.000000Z"),    # Mon 01:00 Beijing
                               ("m2", "2026-10-18T15:59:59.000000Z")):   # Sun 23:59 Beijing
                conn.execute(text(
                    "INSERT INTO spotcall (draw_id, member_uuid, record_uuid, village_code, "
                    "row, outcome, answers, recorded_at, recorded_by) VALUES ('d', :m, 'h', "
                    "'110105001001', 1, 'reached', '{}', :at, 'x')"), {"m": member, "at": at})
            meta.put(conn, {meta.SCHEMA_VERSION: "23"})
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        assert store.status().schema_version == LATEST
        days = {c["member_uuid"]: c["called_on"] for c in store.spotchecks.calls()}
        assert days == {"m1": "2026-10-19", "m2": "2026-10-18"}
        assert [c["member_uuid"] for c in store.spotchecks.calls(since="2026-10-19")] == ["m1"]
