"""The county's look at the interviews: each household's paradata (sync/paradata.py), kept by
revision in `store.derived` like the other facts (sync/kept.py), so that after an import
only the households it brought are read again; and the interviews too fast for the
household's size, for the review page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import paradata
from .households import HEAD_RELATION
from .kept import MAIN, Computed, FactCache

KIND = "sync.interviews.v1"


@dataclass(frozen=True)
class Flagged:
    """A complete household whose interview was too fast (paradata.suspicious)."""

    uuid: str
    village_code: str
    household_no: str
    head_name: str
    interview: paradata.Interview


def _entry(record: dict[str, Any]) -> list[Any]:
    """[village, 户编号, head, status, started, ended, seconds, by, members] or [] (none)."""
    interview = paradata.of(record)
    if interview is None:
        return []
    fields = record.get("fields") or {}
    head = next((m.get("fields", {}).get("name") for m in record.get("members") or []
                 if m.get("fields", {}).get("relation") == HEAD_RELATION), "")
    return [str(fields.get("village_code") or ""), str(fields.get("household_no") or ""),
            str(head or ""), record.get("status"), interview.started_at, interview.ended_at,
            interview.seconds, interview.by, interview.members]


class InterviewCache(FactCache):
    prefix = "sync.interviews."

    def __init__(self, store: Any) -> None:
        super().__init__(store, KIND)

    def facts_of(self, record: dict[str, Any], day: dt.date) -> Computed:
        return Computed({MAIN: _entry(record)})


def flagged(store: Any, progress: Any = None) -> list[Flagged]:
    """Complete households entered too fast for their size, slowest-looking first (the
    fewest seconds per member), after bringing the kept paradata up to date."""
    InterviewCache(store).refresh(progress=progress)
    found = []
    for uuid, (_rev, e) in store.derived.load(KIND).items():
        if not e or e[3] != "complete" or not paradata.suspicious(e[6], e[8]):
            continue
        found.append(Flagged(uuid, e[0], e[1], e[2], paradata.Interview(e[4], e[5], e[6], e[7],
                                                                         e[8])))
    found.sort(key=lambda f: (f.interview.seconds / max(f.interview.members, 1),
                              f.village_code, f.household_no))
    return found
