"""The strict schema (sync/schema.py): every real record passes, anything else is refused
with a reason, and no input at all makes it raise or recurse."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mopai.sync import schema
from mopai.sync.record import new_uuid, utc_now
from mopai.sync.synth.village import VillageSpec, generate_village

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


def _rev(state: dict) -> dict:
    return {"t": "rev", "revision_id": new_uuid(), "record_uuid": state["uuid"], "rev_no": 1,
            "parent_id": None, "merge_parent": None, "kind": "save", "state": state,
            "device_id": new_uuid(), "user": "王会计", "created_at": utc_now()}


@pytest.fixture(scope="module")
def village() -> list[dict]:
    return [h.state for h in generate_village(VillageSpec("431221101201", 300, 7))]


def test_every_generated_household_passes(village: list[dict]) -> None:
    assert [schema.revision_problem(_rev(s)) for s in village] == [""] * len(village)


@pytest.mark.parametrize(("where", "value", "said"), [
    ("fields.household_no", {"x": 1}, "household_no"),
    ("fields.household_type", ["ordinary"], "household_type"),
    ("fields.village_code", "A1", "village"),
    ("fields.survey_date", "2026/11/01", "survey_date"),
    ("members.0.fields.name", {"姓": "张"}, "member 1, field 'name'"),
    ("members.0.fields.id_number", 11010519491231002, "id_number"),
    ("members.0.fields.monthly_income", float("nan"), "monthly_income"),
    ("members.0.fields.months_worked", True, "months_worked"),
    ("members.0.fields.months_worked", 1.5, "months_worked"),
    ("fields.address", "长" * 2001, "address"),
    ("fields.bad-name!", "x", "invalid field name"),
    ("status", "done", "status"),
    ("extra", 1, "unknown key"),
    ("confirmations", ["收入属实"], "confirmations"),
    ("confirmations", {"bad-name!": "x"}, "invalid field name"),
    ("confirmations", {"phone": "长" * 201}, "1 to 200"),
    ("confirmations", {"phone": ""}, "1 to 200"),
    ("confirmations", {"phone": 3}, "1 to 200"),
    ("members.0.confirmations", {"monthly_income": {"why": "x"}}, "member 1's reason"),
])
def test_a_wrong_value_is_refused_naming_where(village: list[dict], where: str, value: object,
                                               said: str) -> None:
    state = copy.deepcopy(village[0])
    target, *path, last = ["state", *where.split(".")]
    node = {"state": state}[target]
    for part in path:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    problem = schema.revision_problem(_rev(state))
    assert problem and said in problem, problem


def test_too_many_members_and_deep_values_are_refused(village: list[dict]) -> None:
    state = copy.deepcopy(village[0])
    state["members"] = [copy.deepcopy(state["members"][0]) | {"uuid": new_uuid()}
                        for _ in range(schema.MAX_MEMBERS + 1)]
    assert "members" in schema.revision_problem(_rev(state))
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    state = copy.deepcopy(village[0])
    state["fields"]["remarks"] = deep
    assert schema.revision_problem(_rev(state))


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_no_value_makes_it_raise(value: object) -> None:
    """Anything at all, as a revision or as a record inside one: a reason or '' — never an
    exception."""
    assert isinstance(schema.revision_problem(value), str)
    rev = _rev({"uuid": "u", "form_id": "f", "form_version": "1", "status": "draft",
                "fields": {}, "members": []})
    rev["state"] = value
    assert schema.revision_problem(rev)
    json.dumps(value, default=str)  # the strategy only makes JSON-like values


def test_reasons_of_confirmed_warnings_are_part_of_the_record(village: list[dict]) -> None:
    state = copy.deepcopy(village[0])
    state["confirmations"] = {"survey_date": "补录去年的调查"}
    state["members"][0]["confirmations"] = {"monthly_income": "长" * 200}
    assert schema.revision_problem(_rev(state)) == ""
