"""What waits to go back to each village, counted without writing a bundle, and return
bundles for several villages in one run (sync/returns.py, `store.sync.returns_waiting`,
`store.sync.export_returns`)."""

from __future__ import annotations

import pytest

from mopai.sync.errors import InputError
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net


def by_code(store) -> dict:  # noqa: ANN001
    return {w.code: w for w in store.sync.returns_waiting()}


def test_waiting_counts_what_the_return_bundle_carries(net: Net) -> None:
    with net.open("county") as county:
        fresh = by_code(county)
        assert set(fresh) == {VILLAGE_A, VILLAGE_B}
        assert fresh[VILLAGE_A].devices == 2 and fresh[VILLAGE_B].devices == 1
        assert not any(w.something for w in fresh.values())
        assert fresh[VILLAGE_A].last_return is None
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", "11010519491231002X"),
                                     village_code=VILLAGE_A))
        a1.households.save(household("0002", ("李四", "440524188001010014"),
                                     village_code=VILLAGE_A))
        data = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([data])
        before = by_code(county)
        a = before[VILLAGE_A]
        # a2 lacks a1's two revisions; a1's bundle waits for its acknowledgement.
        assert (a.revisions, a.acks, a.something) == (2, 2, True)
        assert not before[VILLAGE_B].something
        ret = county.sync.export_return(VILLAGE_A, net.stick)
        assert ret.revisions == a.revisions  # the count is what the bundle carries
        after = by_code(county)[VILLAGE_A]
        assert after.acks == 0 and after.last_return == ret.created_at
        assert after.revisions == 2  # the county does not know yet that a2 took them
    with net.open("a2") as a2:
        a2.sync.import_paths([ret.path])
        have = a2.sync.export(net.stick).path  # reports what it has
    with net.open("county") as county:
        county.sync.import_paths([have])
        assert by_code(county)[VILLAGE_A].revisions == 0


def test_export_returns_goes_on_past_a_failing_village(net: Net) -> None:
    unknown = "110105009009"
    with net.open("county") as county:
        out = county.sync.export_returns([VILLAGE_A, unknown, VILLAGE_B], net.stick)
        assert [o.code for o in out] == [VILLAGE_A, unknown, VILLAGE_B]
        assert [o.ok for o in out] == [True, False, True]
        assert isinstance(out[1].error, InputError) and unknown in str(out[1].error)
        for o in (out[0], out[2]):
            assert o.result.path.exists() and o.result.code == o.code
        assert {w.code: w.last_return for w in county.sync.returns_waiting()} == {
            VILLAGE_A: out[0].result.created_at, VILLAGE_B: out[2].result.created_at}


def test_only_the_county_asks(net: Net) -> None:
    with net.open("a1") as a1, pytest.raises(InputError):
        a1.sync.returns_waiting()


def test_a_review_decision_waits_until_the_next_return_bundle(net: Net) -> None:
    h = household("0001", ("张三", "11010519491231002X"), village_code=VILLAGE_A)
    h["status"] = "complete"
    with net.open("a1") as a1:
        a1.households.save(h)
        data = a1.sync.export(net.stick).path
    with net.open("county") as county:
        county.sync.import_paths([data])
        county.sync.export_return(VILLAGE_A, net.stick)
        assert by_code(county)[VILLAGE_A].decisions == 0
        county.sync.review(h["uuid"], "reject", "电话号码不对")
        waiting = by_code(county)[VILLAGE_A]
        assert waiting.decisions == 1 and waiting.something
        county.sync.export_return(VILLAGE_A, net.stick)
        assert by_code(county)[VILLAGE_A].decisions == 0


def test_waiting_counts_service_records_and_postings(net: Net) -> None:
    """The 回传 count includes the 311 service records a device of the village lacks and the
    job postings of its area changed since its last return bundle (issue 21)."""
    from tests.sync.test_jobs import CLEANER, WELDER, sheet
    from tests.sync.test_services import HEAD, family, to_county

    with net.open("a1") as a1:
        a1.households.save(family())
        a1.services.add(HEAD, "guidance")
        a1.services.add(HEAD, "training")
    to_county(net, "a1")
    with net.open("county") as county:
        a = by_code(county)[VILLAGE_A]
        # a2 lacks a1's two records; nothing for village B; no posting yet
        assert (a.services, a.postings) == (2, 0) and a.something
        assert (by_code(county)[VILLAGE_B].services, by_code(county)[VILLAGE_B].postings) \
            == (0, 0)
        county.jobs.import_file(sheet(net.root / "all.xlsx", CLEANER))       # the county's
        county.jobs.import_file(sheet(net.root / "a.xlsx", WELDER), area=VILLAGE_A[:9])
        waiting = by_code(county)
        assert waiting[VILLAGE_A].postings == 2
        assert waiting[VILLAGE_B].postings == 1 and waiting[VILLAGE_B].something
        ret = county.sync.export_return(VILLAGE_A, net.stick)
        after = by_code(county)[VILLAGE_A]
        assert after.postings == 0          # sent; a2 has not said it holds the records yet
        assert after.services == 2
        welder = next(p for p in county.jobs.list() if p.title == "焊工")
        county.jobs.close(welder.job_id)    # a change the villages of its township lack
        assert by_code(county)[VILLAGE_A].postings == 1
        assert by_code(county)[VILLAGE_B].postings == 1   # not B's: still the cleaner only
    with net.open("a2") as a2:
        [r] = a2.sync.import_paths([ret.path])
        assert r.status == "accepted" and len(a2.services.records()) == 2
        have = a2.sync.export(net.stick).path    # reports what it holds
    with net.open("county") as county:
        county.sync.import_paths([have])
        assert by_code(county)[VILLAGE_A].services == 0
