"""County decisions on the review queues: a typed value for a conflict; duplicate IDs."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

from mopai.sync.errors import InputError, StoreError
from mopai.sync.models import Conflict
from mopai.sync.record import utc_now
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net

SHARED_ID = "11010519491231002X"


def _duplicate_at_county(net: Net) -> tuple[str, str]:
    """Village A and village B both record the same person; the county imports both."""
    a = household("0001", ("张三", SHARED_ID), ("张小", "440524188001010014"),
                  village_code=VILLAGE_A)
    b = household("0007", ("张三", SHARED_ID), village_code=VILLAGE_B)
    for name, record in (("a1", a), ("b1", b)):
        with net.open(name) as village:
            village.households.save(record)
            village.sync.export(net.stick)
    with net.open("county") as county:
        assert all(r.ok for r in county.sync.import_paths([net.stick]))
    return a["uuid"], b["uuid"]


def test_remove_the_person_from_one_household(net: Net) -> None:
    a, b = _duplicate_at_county(net)
    with net.open("county") as county:
        [dup] = county.sync.duplicates()
        with pytest.raises(InputError, match="one of the two"):
            county.sync.resolve_duplicate(dup.id, "remove", household="not-a-household")
        changes = county.sync.resolve_duplicate(dup.id, "remove", household=a,
                                                note="户籍已迁到二组")
        assert changes.households == {a}
        assert [m["fields"]["name"] for m in county.households.get(a)["members"]] == ["张小"]
        assert len(county.households.get(b)["members"]) == 1  # the other record is untouched
        assert county.sync.duplicates() == []
        entry = county.audit.entries("duplicate_resolved")[0]
        assert json.loads(entry.detail)["action"] == "remove"
        with pytest.raises(StoreError, match="not open"):
            county.sync.resolve_duplicate(dup.id, "both", note="再次处理")


def test_mark_current_registration_or_keep_both_with_a_reason(net: Net) -> None:
    a, b = _duplicate_at_county(net)
    with net.open("county") as county:
        [dup] = county.sync.duplicates()
        with pytest.raises(InputError, match="why both"):
            county.sync.resolve_duplicate(dup.id, "both")
        revisions = county.status().revisions
        county.sync.resolve_duplicate(dup.id, "current", household=b, note="常住桐木村")
        assert county.status().revisions == revisions  # a decision, not an edit
        assert len(county.households.get(a)["members"]) == 2
        assert json.loads(county.sync.duplicates(open_only=False)[0].resolution) == {
            "action": "current", "household": b, "note": "常住桐木村"}


def test_conflict_resolved_with_a_typed_value(net: Net) -> None:
    with net.open("a1") as village:
        h = household("0003", ("李四", "440524188001010014"), address="老地址")
        village.households.save(h)
        with village.engine.connect() as conn, conn.begin():
            conn.execute(insert(Conflict.__table__), [{
                "record_uuid": h["uuid"], "field_path": "fields.address",
                "base_value": '"老地址"', "local_value": '"一组"', "remote_value": '"二组"',
                "local_revision": "r1", "remote_revision": "r2", "created_at": utc_now()}])
        [c] = village.sync.conflicts()
        with pytest.raises(InputError):
            village.sync.resolve_conflict(c.id, "mine")
        changes = village.sync.resolve_conflict(c.id, "value", "三组 5 号")
        assert changes.households == {h["uuid"]}
        assert village.households.get(h["uuid"])["fields"]["address"] == "三组 5 号"
        assert village.sync.conflicts() == []
        assert [e.rev_no for e in village.households.history(h["uuid"])] == [1, 2]


def test_duplicates_and_conflicts_commands(net: Net) -> None:
    from tests.cli.test_main import mopai
    from tests.conftest import PASSPHRASE

    a, _ = _duplicate_at_county(net)
    home = str(net.home("county"))
    listed = mopai("duplicates", "--home", home, passphrase=PASSPHRASE)
    assert listed.returncode == 0 and SHARED_ID in listed.stdout, listed.stderr
    dup_id = listed.stdout.split("\t")[0]
    r = mopai("duplicates", "--home", home, "--resolve", dup_id, "--action", "both",
              passphrase=PASSPHRASE)
    assert r.returncode == 2 and "why both" in r.stderr
    r = mopai("duplicates", "--home", home, "--resolve", dup_id, "--action", "both", "--note",
              "一户一人外出登记两处", passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    assert mopai("duplicates", "--home", home, passphrase=PASSPHRASE).stdout == ""
    with net.open("county") as county, county.engine.connect() as conn, conn.begin():
        conn.execute(insert(Conflict.__table__), [{
            "record_uuid": a, "field_path": "fields.group", "base_value": None,
            "local_value": '"一组"', "remote_value": '"二组"', "local_revision": "r1",
            "remote_revision": "r2", "created_at": utc_now()}])
    conflict_id = mopai("conflicts", "--home", home, passphrase=PASSPHRASE).stdout.split("\t")[0]
    r = mopai("conflicts", "--home", home, "--resolve", conflict_id, "--value", "三组",
              passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    with net.open("county") as county:
        assert county.households.get(a)["fields"]["group"] == "三组"
