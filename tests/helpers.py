"""Small builders shared by tests (plain functions, no fixtures)."""

from __future__ import annotations

from typing import Any

from sync.record import new_household, new_member


def household(no: str, *people: tuple[str, str], **fields: Any) -> dict[str, Any]:
    """A draft household with members given as (name, id_number); the first is the head."""
    state = new_household({"household_no": no, **fields}, form_id="labor_survey",
                          form_version="2026.1")
    for i, (name, id_number) in enumerate(people):
        state["members"].append(new_member(
            {"name": name, "id_number": id_number, "relation": "head" if i == 0 else "child"}))
    return state
