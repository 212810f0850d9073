"""Paradata: when a household's interview started and ended, how long it took, who entered it.

Kept in the household record itself, ``state["paradata"]`` (decision 26 in docs/decisions.md
says why there and not in a column)::

    {"started_at": "2026-11-29T08:00:05.120000Z",  # the interview's first opening in the editor
     "ended_at":   "2026-11-29T08:41:17.004000Z",  # its last save from the editor
     "seconds":    2412,                            # time open in the editor, over all sessions
     "by":         "王会计"}                         # the unlocked user who started entering it

The editor stamps it at each save (`stamp`): the start of the first session stays, the end is
the save, and the seconds of this session (since it opened, or since its previous save) are
added. A record saved by any other way (the command line, an import, a merge) keeps the
paradata it had; a record that never passed the editor has none.

A bundle is hostile input: `problem` bounds every value (called by sync/schema.py for every
record saved or imported), and a county reads the duration against the household's size
(`suspicious`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

KEY = "paradata"
KEYS = frozenset({"started_at", "ended_at", "seconds", "by"})
MAX_SECONDS = 7 * 24 * 3600      # a week of editing one household: past it, a clock or a forgery
MAX_BY = 64                      # a user name (sync/keyfile.normalise_user)
FUTURE = dt.timedelta(days=1)    # a laptop clock may be off by hours, not by days
SLACK = 60                       # seconds: rounding, and a clock set back a little mid-interview
# Less than one minute per person is not an interview: a member page has some 25 questions
# (relation, ID number, education, health, employment, income, wishes, policies) to read out
# and answer; on paper, at the pace of the 2026 pilot, that takes 3–5 minutes a person, and
# a fast cadre with the keyboard codes still over a minute. A 20-member household entered in
# 5 minutes (15 s a person) is flagged; 3 people in 4 minutes is not.
SECONDS_PER_MEMBER = 60


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO-8601 time as the store writes them (UTC, ``Z``), else None."""
    if not isinstance(value, str) or not 16 <= len(value) <= 40:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stamp(previous: Any, *, session_start: str, seconds: float, user: str,
          now: str) -> dict[str, Any]:
    """The paradata of a save from the editor: `previous` (the record's, if any) carried on,
    this session's `seconds` added, ended now."""
    old = previous if isinstance(previous, dict) and problem(previous) is None else {}
    total = int(old.get("seconds") or 0) + max(0, math.ceil(seconds))
    started = old.get("started_at") or session_start
    begin, end = parse_time(started), parse_time(now)
    if begin is not None and end is not None:  # never more than the wall time it spans
        total = min(total, max(0, math.ceil((end - begin).total_seconds())))
    return {"started_at": started, "ended_at": now, "seconds": min(total, MAX_SECONDS),
            "by": str(old.get("by") or user)[:MAX_BY]}


def problem(value: Any, *, now: dt.datetime | None = None) -> tuple[str, str] | None:
    """None when `value` is well-formed paradata, else what is wrong (Chinese, English)."""
    if not isinstance(value, dict):
        return "访谈记录不是一个对象", "the paradata is not an object"
    extra = set(value) - KEYS
    if extra:
        name = sorted(map(str, extra))[0][:40]
        return f"访谈记录含有未知的项（{name}）", f"the paradata has an unknown key {name!r}"
    start, end = parse_time(value.get("started_at")), parse_time(value.get("ended_at"))
    if start is None or end is None:
        return "访谈开始或结束时间不合法", "the interview's start or end time is invalid"
    seconds = value.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) \
            or not 0 <= seconds <= MAX_SECONDS:
        return (f"访谈用时不合法（应为 0 到 {MAX_SECONDS} 秒）",
                f"the interview's duration is invalid (0 to {MAX_SECONDS} seconds)")
    by = value.get("by")
    if not isinstance(by, str) or not 0 < len(by) <= MAX_BY:
        return "访谈录入人不合法", "the paradata's user is invalid"
    if end < start:
        return "访谈结束时间早于开始时间", "the interview ends before it starts"
    if seconds > (end - start).total_seconds() + SLACK:
        return "访谈用时超过了开始到结束的时间", "the interview's duration exceeds its start to end"
    limit = (now or dt.datetime.now(dt.UTC)) + FUTURE
    if end > limit:
        return "访谈时间在未来（电脑时钟不对，或记录被改动）", ("the interview's time is in the "
                                                  "future (a wrong clock, or an altered record)")
    return None


def suspicious(seconds: int, members: int) -> bool:
    """Too fast for the household's size (see SECONDS_PER_MEMBER)."""
    return members > 0 and seconds < SECONDS_PER_MEMBER * members


@dataclass(frozen=True)
class Interview:
    """A household's paradata as the county reads it."""

    started_at: str
    ended_at: str
    seconds: int
    by: str
    members: int

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)

    @property
    def per_member_minutes(self) -> float | None:
        return round(self.seconds / 60 / self.members, 1) if self.members else None

    @property
    def suspicious(self) -> bool:
        return suspicious(self.seconds, self.members)


def of(state: Any) -> Interview | None:
    """The interview of a household record; None when it has no (readable) paradata."""
    if not isinstance(state, dict):
        return None
    value = state.get(KEY)
    if value is None or problem(value, now=dt.datetime.max.replace(tzinfo=dt.UTC)
                                - FUTURE) is not None:
        return None
    members = state.get("members")
    return Interview(value["started_at"], value["ended_at"], value["seconds"], value["by"],
                     len(members) if isinstance(members, list) else 0)


def local_time(value: str) -> str:
    """``2026-11-29 16:41`` in this computer's time zone, for people."""
    when = parse_time(value)
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""


def iso_at(epoch: float) -> str:
    """The store's time format for a `time.time()` value."""
    return _iso(dt.datetime.fromtimestamp(epoch, dt.UTC))
