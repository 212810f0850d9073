"""Meta keys have one home (sync/meta.py): a key it does not name is refused, and every key a
workspace holds after a whole round of transfers is named there."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mopai.reports.facts import ReportFacts
from mopai.sync import meta
from tests.forms.builders import household, worker
from tests.sync.conftest import VILLAGE_A, Net


def test_a_key_not_named_is_refused_and_nothing_is_written(village_store) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="mystery_key"):
        with village_store.engine.connect() as conn, conn.begin():
            meta.put(conn, {meta.LAST_EXPORT: "then", "mystery_key": "x"})
    with pytest.raises(ValueError, match="mystery_key"):
        village_store.meta.set({"mystery_key": "x"})
    fresh = village_store.meta.fresh()
    assert "mystery_key" not in fresh and meta.LAST_EXPORT not in fresh


def test_every_key_a_workspace_holds_is_named(net: Net) -> None:
    with net.open("a1") as a1:
        a1.households.save(household(worker("head", 40)))
        bundle = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([bundle])
        ReportFacts.of(county).refresh()
        county.sync.backup_keys(net.root / "keys.backup", "backup-lantern-river-42")
        back = county.sync.export_return(VILLAGE_A, net.stick).path
        held = _keys(county)
    with net.open("a1") as a1:
        a1.sync.import_paths([back])
        held |= _keys(a1)
    assert held <= meta.KEYS, held - meta.KEYS
    assert {meta.LAST_EXPORT, meta.LAST_IMPORT, meta.LAST_RETURN_SEQ, meta.KEYS_BACKUP_AT,
            meta.REPORT_FACTS_MARK, meta.COUNTY_SIGN_PUB} <= held


def _keys(store) -> set[str]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return set(conn.execute(text("SELECT key FROM meta")).scalars())
