"""311 service records (issue 21, sync/services.py) across real workspaces and bundles: a
record added on one laptop, exported, imported at the county, merged with a record two other
laptop added for the same person, sent back to the village; an outcome as a new revision; a
record for another village's person refused at the county; a hostile line refuses the bundle;
the placement confirmed into the household's answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mopai.sync import services
from mopai.sync.errors import InputError
from mopai.sync.record import new_uuid
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net

HEAD, CHILD = "11010519491231002X", "110105200001010011"


def family(code: str = VILLAGE_A, no: str = "0001") -> dict[str, Any]:
    return household(no, ("张三", HEAD), ("张小三", CHILD), village_code=code)


def to_county(net: Net, name: str) -> Any:  # noqa: ANN401
    folder = net.stick / f"{name}-{new_uuid()[:8]}"
    folder.mkdir()
    with net.open(name) as v:
        path = v.sync.export(folder).path
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
    assert r.status == "accepted", r.one_line()
    return r


def back(net: Net, name: str, village: str = VILLAGE_A) -> Any:  # noqa: ANN401
    folder = net.stick / f"ret-{new_uuid()[:8]}"
    folder.mkdir()
    with net.open("county") as county:
        path = county.sync.export_return(village, folder).path
    with net.open(name) as v:
        [r] = v.sync.import_paths([path])
    assert r.status == "accepted", r.one_line()
    return r


def test_records_from_two_laptops_for_one_person_merge_and_travel_back(net: Net) -> None:
    h = family()
    with net.open("a1") as a1:
        a1.households.save(h)
    to_county(net, "a1")
    back(net, "a2")  # the second laptop of the village gets the household
    with net.open("a1") as a1:
        push = a1.services.add(CHILD, "job_push", day="2026-03-02", job_id="job-1",
                               note="电子厂普工")
        assert (push.member_uuid, push.name, push.village_code) == (
            h["members"][1]["uuid"], "张小三", VILLAGE_A)
    with net.open("a2") as a2:
        guide = a2.services.add(CHILD, "guidance", day="2026-03-03")
    r1, r2 = to_county(net, "a1"), to_county(net, "a2")
    assert (r1.services, r2.services) == (1, 1) and "服务记录 1 条" in r1.one_line()
    with net.open("county") as county:
        kept = county.services.records(VILLAGE_A)
        assert {(r.service_id, r.kind) for r in kept} == {(push.service_id, "job_push"),
                                                          (guide.service_id, "guidance")}
        # no household revision was made for a service
        assert len(county.households.history(h["uuid"])) == 1
    # a1 gets a2's record back (and not its own again); an outcome is a new revision
    r = back(net, "a1")
    assert r.services == 1
    with net.open("a1") as a1:
        assert {x.kind for x in a1.services.records()} == {"job_push", "guidance"}
        done = a1.services.set_outcome(push.service_id, "placed", employer="长沙电子厂",
                                       placed_on="2026-03-20")
        assert done.parent_id == push.revision_id and done.outcome_text == \
            "已上岗（长沙电子厂，2026-03-20）"
        assert [x.outcome for x in a1.services.history(h["uuid"])
                if x.service_id == push.service_id] == ["pending", "placed"]
    to_county(net, "a1")
    with net.open("county") as county:
        [now] = [x for x in county.services.records() if x.service_id == push.service_id]
        assert now.outcome == "placed" and now.employer == "长沙电子厂"
        # as of a day before the outcome was saved, the record stood as it was then
        import datetime as dt
        assert county.services.records(as_of=dt.date(2026, 3, 2)) == []
    # the second import of the same bundle changes nothing; acknowledged records stop going
    back(net, "a1")
    with net.open("a1") as a1:
        lines = services.outgoing_data(a1.engine.connect(), a1.device_id)
        assert lines == []


def test_a_record_for_another_villages_person_is_refused_at_the_county(net: Net) -> None:
    hb = family(VILLAGE_B, "0009")
    with net.open("b1") as b1:
        b1.households.save(hb)
    to_county(net, "b1")
    ha = family()
    with net.open("a1") as a1:
        a1.households.save(ha)
        rec = a1.services.add(HEAD, "training", day="2026-03-01")
    # the cadre of village A writes it onto village B's person (a forged or stale record)
    with net.open("a1") as a1, a1.engine.connect() as conn:
        from sqlalchemy import update

        from mopai.sync.models import Service
        state = {**rec.state(), "household_uuid": hb["uuid"], "member_uuid":
                 hb["members"][0]["uuid"]}
        conn.execute(update(Service.__table__).values(state=json.dumps(state),
                                                      household_uuid=hb["uuid"]))
        conn.commit()
    r = to_county(net, "a1")
    assert (r.services, r.services_refused) == (0, 1) and "不予计入" in r.one_line()
    with net.open("county") as county:
        assert county.services.records() == []
        [refused] = county.services.records(refused=True)
        assert refused.refused.startswith(services.REFUSED_FOREIGN)
        assert county.audit.entries(services.REFUSED)
    # the county acknowledges it: the village stops sending it
    back(net, "a1")
    with net.open("a1") as a1, a1.engine.connect() as conn:
        assert services.outgoing_data(conn, a1.device_id) == []


def test_the_cli_checks_whom_and_when(net: Net) -> None:
    with net.open("a1") as a1:
        a1.households.save(family())
        with pytest.raises(InputError, match="no person with ID number"):
            a1.services.add("110105199001010016", "guidance")
        with pytest.raises(InputError, match="is not a date"):
            a1.services.add(HEAD, "guidance", day="2026-13-01")
        with pytest.raises(InputError, match="after today"):
            a1.services.add(HEAD, "guidance", day="2999-01-01")
        with pytest.raises(InputError, match="unknown kind"):
            a1.services.add(HEAD, "lunch")
        with pytest.raises(InputError, match="only a job push"):
            a1.services.add(HEAD, "guidance", job_id="x")
        with pytest.raises(InputError, match="needs a reason"):
            a1.services.add(HEAD, "guidance", outcome="failed")
        assert a1.services.records() == []   # nothing saved by a refused call


def test_a_malformed_services_line_refuses_the_whole_bundle(net: Net) -> None:
    h = family()
    with net.open("a1") as a1:
        a1.households.save(h)
        a1.services.add(HEAD, "guidance", day="2026-03-01")
    with net.open("a1") as a1, a1.engine.connect() as conn:
        from sqlalchemy import update

        from mopai.sync.models import Service
        rec = a1.services.records()[0]
        conn.execute(update(Service.__table__).values(state=json.dumps(
            {**rec.state(), "kind": "lunch"})))
        conn.commit()
    folder = net.stick / "bad"
    folder.mkdir()
    with net.open("a1") as a1:
        path = a1.sync.export(folder).path
    with net.open("county") as county:
        [r] = county.sync.import_paths([path])
        assert r.status == "rejected" and "services" in r.message_en
        assert county.households.count() == 0   # whole or not at all


def test_a_confirmed_placement_writes_a_household_revision(net: Net) -> None:
    h = family()
    with net.open("a1") as a1:
        a1.households.save(h)
        rec = a1.services.add(CHILD, "job_push", day="2026-03-02", job_id="job-1")
        with pytest.raises(InputError, match="only a placement"):
            a1.services.confirm_placement(rec.service_id, "migrant")
        a1.services.set_outcome(rec.service_id, "placed", employer="长沙电子厂",
                                placed_on="2026-03-20")
        done = a1.services.confirm_placement(rec.service_id, "migrant")
        state = a1.households.get(h["uuid"])
        fields = state["members"][1]["fields"]
        assert (fields["employment_status"], fields["employer"], fields["start_month"]) == (
            "migrant", "长沙电子厂", "2026-03-01")
        assert done.confirmed and len(a1.households.history(h["uuid"])) == 2
