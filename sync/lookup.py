"""Small read-only look-ups the editor needs from the rest of the store.

``id_owners`` answers "which *other* households already hold these ID numbers?", the mapping
``forms.cross_household_findings`` turns into the warning "same ID number in another
household" while a cadre types. It reads the ``member`` projection (indexed on
``id_number``), so it costs one indexed query per editor check, whatever the village size.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from mopai.forms.idnumber import normalize

from .models import Household, Member


def id_owners(store: Any, id_numbers: Iterable[str], *, exclude: str | None = None
              ) -> dict[str, list[str]]:
    """Normalised ID number -> labels ("户编号 户主", with the village code when it is another
    village's) of the households holding it, leaving out the household ``exclude``."""
    wanted: dict[str, str] = {}
    for raw in id_numbers:
        if raw and str(raw).strip():
            norm = normalize(str(raw))
            wanted[norm] = norm
            wanted[str(raw)] = norm
            wanted[norm.lower()] = norm          # a lower-case x as typed and stored
    if not wanted:
        return {}
    own_village = store.workspace.code if store.workspace.role == "village" else None
    query = (select(Member.id_number, Household.uuid, Household.village_code,
                    Household.household_no, Household.head_name)
             .join(Household, Household.uuid == Member.household_uuid)
             .where(Member.id_number.in_(sorted(wanted))))
    if exclude:
        query = query.where(Household.uuid != exclude)
    found: dict[str, dict[str, str]] = {}
    with store.engine.connect() as conn:
        for number, uuid, village, no, head in conn.execute(query):
            label = f"{no} {head}".strip()
            if village != own_village:
                label = f"{village}-{label}"
            found.setdefault(wanted[number], {})[uuid] = label
    return {number: sorted(labels.values()) for number, labels in found.items()}
