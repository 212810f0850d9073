"""Paradata (sync/paradata.py): an interview's start, end, duration and user, kept in the
household record, carried by bundles, bounded like every input at the county, merged as
the later revision's, and read by the county against the household's size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mopai.sync import paradata
from mopai.sync.errors import InputError
from mopai.sync.interviews import flagged
from mopai.sync.merge import three_way
from mopai.sync.record import new_member
from tests.conftest import USER
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import households, snapshot
from tests.sync.test_hostile import _import, _rev, next_seq, seal_revs

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def at(minutes: float) -> str:
    return paradata.iso_at((T0 + dt.timedelta(minutes=minutes)).timestamp())


def interview(minutes: float, *, start: float = 0, by: str = USER) -> dict[str, Any]:
    return {"started_at": at(start), "ended_at": at(start + minutes),
            "seconds": round(minutes * 60), "by": by}


def big_household(no: str, people: int, **fields: Any) -> dict[str, Any]:
    state = household(no, ("户主", ""), village_code=VILLAGE_A, **fields)
    for i in range(people - 1):
        state["members"].append(new_member({"name": f"成员{i}", "relation": "child"}))
    return state


def test_stamp_adds_each_session_and_keeps_the_first_start_and_user() -> None:
    first = paradata.stamp(None, session_start=at(0), seconds=590.2, user=USER, now=at(10))
    assert first == {"started_at": at(0), "ended_at": at(10), "seconds": 591, "by": USER}
    # a second session the next hour, by another user: 5 more minutes, the start and the
    # person who entered it stay
    second = paradata.stamp(first, session_start=at(60), seconds=300, user="李文书", now=at(65))
    assert second == {"started_at": at(0), "ended_at": at(65), "seconds": 891, "by": USER}
    # never more than the wall time between start and end (a clock set back mid-session)
    assert paradata.stamp(None, session_start=at(0), seconds=9999, user=USER,
                          now=at(1))["seconds"] == 60
    assert paradata.problem(second) is None


@pytest.mark.parametrize("change, words", [
    ({"seconds": -1}, "duration"),
    ({"seconds": paradata.MAX_SECONDS + 1}, "duration"),
    ({"seconds": 1.5}, "duration"),
    ({"seconds": True}, "duration"),
    ({"ended_at": at(-1)}, "ends before"),
    ({"seconds": 3600}, "exceeds"),
    ({"started_at": "yesterday"}, "start or end"),
    ({"ended_at": None}, "start or end"),
    ({"by": ""}, "user"),
    ({"by": "x" * 65}, "user"),
    ({"device": "x"}, "unknown key"),
])
def test_problem_bounds_every_value(change: dict[str, Any], words: str) -> None:
    value = {**interview(10), **change}
    found = paradata.problem(value, now=T0)
    assert found is not None and words in found[1]


def test_times_in_the_far_future_are_refused_a_clock_a_little_ahead_is_not() -> None:
    assert paradata.problem(interview(10, start=60 * 20), now=T0) is None        # 20 h ahead
    found = paradata.problem(interview(10, start=60 * 24 * 3), now=T0)           # 3 days
    assert found is not None and "future" in found[1]


def test_suspicious_is_per_member() -> None:
    assert paradata.suspicious(5 * 60, 20)           # 20 people in 5 minutes
    assert not paradata.suspicious(4 * 60, 3)        # 3 people in 4 minutes
    assert paradata.suspicious(50, 1)
    assert not paradata.suspicious(0, 0)             # no members: nothing to say


def test_the_store_keeps_paradata_and_refuses_it_malformed(village_store) -> None:
    good = household("0001", ("张三", ""), village_code=VILLAGE_A)
    good["paradata"] = interview(12)
    village_store.households.save(good)
    assert village_store.households.get(good["uuid"])["paradata"] == interview(12)
    bad = household("0002", ("李四", ""), village_code=VILLAGE_A)
    bad["paradata"] = {**interview(12), "seconds": -5}
    before = snapshot(village_store)
    with pytest.raises(InputError, match="duration"):
        village_store.households.save(bad)
    assert snapshot(village_store) == before


def test_paradata_travels_to_the_county_and_a_forged_one_is_quarantined(
        net: Net, tmp_path: Path) -> None:
    with net.open("county") as county:
        county_age = county.sync.identity().age_recipient
    folder = tmp_path / "stick"
    folder.mkdir()
    with net.open("a1") as a1:
        honest = household("0001", ("张三", ""), village_code=VILLAGE_A)
        honest["paradata"] = interview(25)
        a1.households.save(honest)
        path = a1.sync.export(folder).path
        future = household("0002", ("李四", ""), village_code=VILLAGE_A)
        future["paradata"] = {**interview(10), "started_at": "2099-01-01T00:00:00Z",
                              "ended_at": "2099-01-01T00:10:00Z"}
        endless = household("0003", ("王五", ""), village_code=VILLAGE_A)
        endless["paradata"] = {**interview(10), "seconds": 10**9}
        forged = seal_revs(a1, [_rev(a1, future), _rev(a1, endless)], seq=next_seq(a1) + 0,
                           county_age=county_age)
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.status == "accepted"
        assert county.households.get(honest["uuid"])["paradata"] == interview(25)
        result = _import(county, forged, tmp_path, "forged.mopai")
        assert result.quarantined == 2 and result.new_revisions == 0
        reasons = " ".join(q.reason for q in county.sync.quarantined())
        assert "future" in reasons and "duration" in reasons
        assert {h["fields"]["household_no"] for h in households(county).values()} == {"0001"}


def test_a_merge_keeps_the_later_revisions_paradata() -> None:
    base = household("0001", ("张三", ""))
    local, remote = dict(base, paradata=interview(10)), dict(base, paradata=interview(30))
    local["fields"] = {**base["fields"], "phone": "13800000000"}
    early = {"created_at": at(10), "revision_id": "a"}
    late = {"created_at": at(30), "revision_id": "b"}
    merged, conflicts = three_way(base, local, remote, early, late)
    assert merged["paradata"] == interview(30) and not conflicts
    assert merged["fields"]["phone"] == "13800000000"
    merged, _ = three_way(base, local, remote, late, early)
    assert merged["paradata"] == interview(10)
    merged, _ = three_way(base, local, base, late, early)   # one side has none
    assert merged["paradata"] == interview(10)


def test_the_county_lists_complete_households_entered_too_fast(net: Net) -> None:
    with net.open("a1") as a1:
        fast = big_household("0001", 20)
        fast["status"] = "complete"
        fast["paradata"] = interview(5)
        slow = big_household("0002", 3)
        slow["status"] = "complete"
        slow["paradata"] = interview(4)
        draft = big_household("0003", 20)
        draft["paradata"] = interview(2)      # a draft is not finished: not flagged
        bare = big_household("0004", 20)      # never in the editor: nothing to say
        bare["status"] = "complete"
        a1.households.save_many([fast, slow, draft, bare])
        [found] = flagged(a1)
        assert (found.uuid, found.household_no, found.head_name) == (fast["uuid"], "0001", "户主")
        assert (found.interview.members, found.interview.minutes) == (20, 5.0)
        # kept by revision: a later save is seen, nothing else read again
        slow["paradata"] = interview(1)
        a1.households.save(slow)
        assert [f.household_no for f in flagged(a1)] == ["0001", "0002"]  # 15 s, 20 s a person
