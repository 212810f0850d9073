"""A township office enters 311 service records for its villages' people and job postings for
its own township (issue 21), with real workspaces and bundles: the records go straight to the
village in the township's 回传 and up to the county in its data bundle (counted there, and
sent on to the village's other laptops); the postings go up to the county and from there down
to the township's villages only; a township cannot enter another area's postings, and the
county's bundle does not undo a township's newer change to its own posting."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import update

from mopai.sync import services
from mopai.sync.errors import InputError
from mopai.sync.models import Service
from tests.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, Net
from tests.sync.test_jobs import CLEANER, WELDER, sheet
from tests.sync.test_review import returned
from tests.sync.test_township_return import TOWNSHIP_A, out, town, township_bundle

__all__ = ["town"]  # a fixture, imported for pytest
HEAD = "11010519491231002X"   # tests/sync/test_review.complete's head of household


def imported(store: Any, path: Any) -> None:  # noqa: ANN401
    [r] = store.sync.import_paths([path])
    assert r.status == "accepted", r.one_line()


def test_township_services_and_postings_reach_the_county_and_the_villages(
        net: Net, town: dict[str, Any]) -> None:
    with net.open("t1") as t1:
        served = t1.services.add(HEAD, "guidance", note="镇人社站职业指导")
        assert t1.jobs.import_file(sheet(net.root / "t.xlsx", WELDER)) == {
            "added": 1, "updated": 0, "unchanged": 0}
        [welder] = t1.jobs.list()
        assert welder.area == TOWNSHIP_A
        with pytest.raises(InputError, match="township"):
            t1.jobs.import_file(sheet(net.root / "c.xlsx", CLEANER), area=COUNTY)
        [w] = [w for w in t1.sync.returns_waiting() if w.code == VILLAGE_A]
        assert (w.services, w.something) == (1, True)
    # straight to the village in the township's 回传
    path = township_bundle(net)
    with net.open("t1") as t1:
        [w] = [w for w in t1.sync.returns_waiting() if w.code == VILLAGE_A]
        assert w.services == 0
    with net.open("a1") as a1:
        imported(a1, path)
        [r] = a1.services.records()
        assert (r.service_id, r.kind, r.note) == (served.service_id, "guidance", "镇人社站职业指导")
    # up to the county in the township's data bundle: counted, the posting kept
    with net.open("t1") as t1:
        assert t1.sync.not_in_a_bundle() >= 2     # what a network sync exports for
        up = t1.sync.export(out(net)).path
        assert t1.sync.not_in_a_bundle() == 0
        t1.jobs.import_file(sheet(net.root / "t.xlsx", [*WELDER[:6], 7000, *WELDER[7:]]))
        assert t1.sync.not_in_a_bundle() == 1     # a changed posting: something to send
        up = t1.sync.export(out(net)).path
    with net.open("county") as county:
        imported(county, up)
        [r] = county.services.records()
        assert r.service_id == served.service_id and not r.refused
        assert [(p.job_id, p.area) for p in county.jobs.list()] == [(welder.job_id, TOWNSHIP_A)]
        assert county.sync.returns_waiting()[0].postings >= 1
        to_a2, to_b = returned(county, VILLAGE_A), returned(county, VILLAGE_B)
    # down to the village's other laptop, and to the township's villages only
    with net.open("a2") as a2:
        imported(a2, to_a2)
        assert [r.service_id for r in a2.services.records()] == [served.service_id]
        assert [p.job_id for p in a2.jobs.list()] == [welder.job_id]
    with net.open("b1") as b1:
        imported(b1, to_b)
        assert b1.jobs.list() == []
    # the township closes its posting; the county's older copy coming back does not reopen it
    with net.open("t1") as t1:
        t1.jobs.close(welder.job_id)
    with net.open("county") as county:
        to_t1 = returned(county, TOWNSHIP_A)
    with net.open("t1") as t1:
        imported(t1, to_t1)
        assert [p.status for p in t1.jobs.list()] == ["closed"]
        up = t1.sync.export(out(net)).path
    with net.open("county") as county:
        imported(county, up)
        assert [p.status for p in county.jobs.list()] == ["closed"]
        assert county.jobs.list(open_only=True) == []


def test_the_county_counts_a_townships_record_only_for_its_own_villages(
        net: Net, town: dict[str, Any]) -> None:
    """A township's data bundle with a record for another township's village: kept apart with
    the reason, never counted (as another village's record from a village)."""
    with net.open("t1") as t1:
        served = t1.services.add(HEAD, "training")
        # the same record as if for village B's person (a forged or mistaken revision)
        with t1.engine.begin() as conn:
            state = replace(served, village_code=VILLAGE_B).state()
            conn.execute(update(Service.__table__).where(
                Service.revision_id == served.revision_id).values(
                village_code=VILLAGE_B, state=json.dumps(state, ensure_ascii=False,
                                                         sort_keys=True)))
        up = t1.sync.export(out(net)).path
    with net.open("county") as county:
        imported(county, up)
        assert county.services.records() == []
        [kept] = county.services.records(refused=True)
        assert kept.refused.startswith(services.REFUSED_FOREIGN)
