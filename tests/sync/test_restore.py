"""Restoring a field, a member or a whole household from its history (sync/restore.py), on
real SQLCipher stores: a new revision (a draft), audited, exported like any edit; and the
store keeps every answer of a draft on every path (save, export, import)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mopai.sync.errors import InputError
from mopai.sync.formbook import FORM_CHECKS
from mopai.sync.record import new_uuid
from tests.forms.builders import child, worker
from tests.forms.builders import household as form_household
from tests.sync.conftest import VILLAGE_A, Net


def record(*members: dict[str, Any], no: str = "0101") -> dict[str, Any]:
    """A household of the shipped form, with store-worthy uuids, in village A."""
    state = form_household(*members, household_no=no, village_code=VILLAGE_A)
    state["uuid"] = new_uuid()
    for m in state["members"]:
        m["uuid"] = new_uuid()
    return state


def revisions(store: Any, uuid: str) -> list[Any]:
    return store.households.history(uuid)


def test_restore_a_field_a_member_and_the_whole_household(net: Net) -> None:
    with net.open("a1", validator=FORM_CHECKS) as a1:
        state = record(worker(), child(relation="son"))
        head, kid = state["members"]
        a1.households.save(state)
        first = revisions(a1, state["uuid"])[-1].revision_id
        edited = json.loads(json.dumps(state))
        del edited["members"][0]["fields"]["employment_status"]
        edited["fields"]["address"] = "新地址"
        edited["members"].pop(1)
        a1.households.save(edited)
        before = [(e.revision_id, e.changes) for e in revisions(a1, state["uuid"])]

        path = f"members.{head['uuid']}.fields.employment_status"
        a1.households.restore(state["uuid"], first, path=path)
        now = a1.households.get(state["uuid"])
        assert now["members"][0]["fields"]["employment_status"] == "migrant"
        assert now["status"] == "draft"
        assert "address" in now["fields"] and len(now["members"]) == 1

        a1.households.restore(state["uuid"], first, member=kid["uuid"])
        now = a1.households.get(state["uuid"])
        assert [m["uuid"] for m in now["members"]] == [head["uuid"], kid["uuid"]]
        assert now["members"][1]["fields"] == kid["fields"]

        a1.households.restore(state["uuid"], first, path="fields.address")
        assert "address" not in a1.households.get(state["uuid"])["fields"]

        a1.households.save({**a1.households.get(state["uuid"]), "fields": {
            **state["fields"], "phone": "13800138000"}})
        a1.households.restore(state["uuid"], first)
        assert a1.households.get(state["uuid"])["fields"] == state["fields"]

        # history is never rewritten: each restore is one more revision
        after = revisions(a1, state["uuid"])
        assert [(e.revision_id, e.changes) for e in after[:2]] == before
        assert len(after) == 2 + 3 + 1 + 1
        logged = a1.audit.entries("restore")
        assert len(logged) == 4
        detail = json.loads(logged[-1].detail)     # newest first: the first restore
        assert detail == {"record": state["uuid"], "revision": first, "rev_no": 1,
                          "scope": "field", "member": None, "path": path}
        assert "migrant" not in logged[-1].detail


def test_a_restore_that_cannot_be_done_changes_nothing(net: Net) -> None:
    with net.open("a1") as a1:
        state = record(worker())
        a1.households.save(state)
        first = revisions(a1, state["uuid"])[-1].revision_id
        member = state["members"][0]["uuid"]
        with pytest.raises(InputError, match="nothing to restore"):
            a1.households.restore(state["uuid"], first, path="fields.address")
        with pytest.raises(InputError, match="no revision"):
            a1.households.restore(state["uuid"], new_uuid(), path="fields.address")
        gone = {**state, "members": []}
        a1.households.save(gone)
        with pytest.raises(InputError, match="restore the member first"):
            a1.households.restore(state["uuid"], first, path=f"members.{member}.fields.name")
        assert len(revisions(a1, state["uuid"])) == 2
        assert a1.audit.entries("restore") == []


def test_a_restore_goes_to_the_county_in_the_next_bundle(net: Net) -> None:
    out = net.stick
    with net.open("a1") as a1, net.open("county") as county:
        state = record(worker())
        a1.households.save(state)
        first = revisions(a1, state["uuid"])[-1].revision_id
        dropped = json.loads(json.dumps(state))
        del dropped["members"][0]["fields"]["monthly_income"]
        a1.households.save(dropped)
        assert county.sync.import_paths([a1.sync.export(out).path])[0].status == "accepted"
        path = f"members.{state['members'][0]['uuid']}.fields.monthly_income"
        assert "monthly_income" not in county.households.get(state["uuid"])["members"][0]["fields"]

        a1.households.restore(state["uuid"], first, path=path)
        assert county.sync.import_paths([a1.sync.export(out).path])[0].status == "accepted"
        assert county.households.get(state["uuid"])["members"][0]["fields"][
            "monthly_income"] == 6000
        assert len(revisions(county, state["uuid"])) == 3


def test_a_draft_keeps_every_answer_on_every_path(net: Net) -> None:
    """Answers to questions that are not asked (a child's employment status) and answers
    whose relevance is undecided (a wrong check digit) stay in a draft: saved by the store
    with the form's checks, exported, imported at the county, merged there with another
    laptop's edits. (A guard: the store never cleaned; the editor did, tests/desktop.)"""
    kid = child(relation="son", employment_status="migrant", monthly_income=100)
    head = worker()
    number = head["fields"]["id_number"]
    head["fields"]["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    state = record(head, kid)
    with net.open("a1", validator=FORM_CHECKS) as a1, \
            net.open("county", validator=FORM_CHECKS) as county:
        a1.households.save(state)
        assert a1.households.get(state["uuid"]) == state
        assert county.sync.import_paths([a1.sync.export(net.stick).path])[0].status == "accepted"
        assert county.households.get(state["uuid"]) == state
        back = county.sync.export_return(VILLAGE_A, net.root)
    # a merge: a2 gets the draft, both laptops edit other answers, the county merges both
    with net.open("a2") as a2:
        assert a2.sync.import_paths([back.path])[0].status == "accepted"
        mine = a2.households.get(state["uuid"])
        mine["fields"]["address"] = "二号设备写的地址"
        a2.households.save(mine)
        from_a2 = a2.sync.export(net.stick).path
    with net.open("a1") as a1:
        mine = a1.households.get(state["uuid"])
        mine["fields"]["group"] = "三组"
        a1.households.save(mine)
        from_a1 = a1.sync.export(net.stick).path
    with net.open("county", validator=FORM_CHECKS) as county:
        results = county.sync.import_paths([from_a1, from_a2])
        assert [r.status for r in results] == ["accepted", "accepted"]
        merged = county.households.get(state["uuid"])
    assert merged["members"] == state["members"]
    assert merged["fields"] == {**state["fields"], "address": "二号设备写的地址", "group": "三组"}
