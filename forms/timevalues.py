"""Times and date-times as ODK writes them, and what expressions make of them.

ODK stores a ``time`` answer as ``HH:MM:SS.sss+08:00`` and a ``dateTime`` (and the ``start``
and ``end`` metadata) as ``YYYY-MM-DDTHH:MM:SS.sss+08:00``: the wall-clock time with the
offset of the zone it was taken in. Mopai keeps them as that text in the record (a JSON
string, like dates), so a record of a newer form passes an older device's schema as any text
answer does, and merges like any other answer.

Reading is lenient where a person types (``8:05``, ``0805``, no offset: the county's zone) and
exact where a record arrives (``parse_time``/``parse_datetime`` accept what ODK writes, with
or without seconds, milliseconds or offset). In comparisons a time is the fraction of its day
and a date-time the days since 1970-01-01 at its own wall clock (the functions
``decimal-time`` and ``decimal-date-time`` read a value with an offset on the county's clock
instead, as ODK on the device's: forms/expr_functions.py), so ``${start} >= ${survey_date}`` holds on
the survey day and two times compare by the clock. ODK's own comparisons of these values are
inconsistent (getodk/javarosa#637: a date-time compared as a date); docs/forms.md says so.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})"
TIME = re.compile(rf"(\d{{1,2}}):(\d{{2}})(?::(\d{{2}})(?:\.(\d{{1,6}}))?)?({_OFFSET})?")
DATETIME = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}})[T ]({TIME.pattern})")
MAX_LENGTH = 40


def zone(name: str = DEFAULT_ZONE) -> dt.tzinfo:
    """The county's zone; China's own works without the tz database (UTC+8, no DST)."""
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - no tzdata on an old Windows laptop
        return dt.timezone(dt.timedelta(hours=8))


def _offset(text: str | None, default: dt.tzinfo, on: dt.datetime) -> dt.tzinfo | None:
    if not text:
        return dt.timezone(default.utcoffset(on) or dt.timedelta())
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _clock(match: re.Match[str], first: int) -> tuple[int, int, int, int] | None:
    hour, minute = int(match.group(first)), int(match.group(first + 1))
    second = int(match.group(first + 2) or 0)
    micro = int((match.group(first + 3) or "0").ljust(6, "0")[:6])
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second, micro


@lru_cache(maxsize=1024)
def parse_datetime(text: str, zone_name: str = DEFAULT_ZONE) -> dt.datetime | None:
    """An aware date-time from ODK's text (or ``YYYY-MM-DD HH:MM``); None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    match = DATETIME.fullmatch(text.strip())
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    clock = _clock(match, 3)
    if clock is None:
        return None
    naive = dt.datetime(day.year, day.month, day.day, *clock)
    tz = _offset(match.group(7), zone(zone_name), naive)
    return naive.replace(tzinfo=tz) if tz is not None else None


@lru_cache(maxsize=1024)
def parse_time(text: str, zone_name: str = DEFAULT_ZONE) -> dt.time | None:
    """An aware time from ODK's text (``14:30``, ``14:30:00.000+08:00``); None otherwise."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    match = TIME.fullmatch(text.strip())
    if match is None:
        return None
    clock = _clock(match, 1)
    if clock is None:
        return None
    tz = _offset(match.group(5), zone(zone_name), dt.datetime(2000, 1, 1))
    return dt.time(*clock, tzinfo=tz) if tz is not None else None


def _zone_text(offset: dt.timedelta | None) -> str:
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_time(value: dt.time, offset: dt.timedelta | None = None) -> str:
    """``HH:MM:SS.sss+08:00`` as ODK writes a time."""
    return (f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}."
            f"{value.microsecond // 1000:03d}"
            f"{_zone_text(offset if offset is not None else value.utcoffset())}")


def format_datetime(value: dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sss+08:00`` as ODK writes a date-time."""
    return f"{value.date().isoformat()}T{format_time(value.time(), value.utcoffset())}"


def now_text(zone_name: str = DEFAULT_ZONE, at: dt.datetime | None = None) -> str:
    """The current moment (or ``at``) in the county's zone, as ODK writes a date-time."""
    when = (at or dt.datetime.now(dt.UTC)).astimezone(zone(zone_name))
    return format_datetime(when)


def normalise_time(text: str, zone_name: str = DEFAULT_ZONE) -> str | None:
    """What a person typed as a time (``8:05``, ``0805``, ``8.05``), in ODK's text."""
    digits = text.strip().replace("：", ":").replace(".", ":")
    if re.fullmatch(r"\d{3,4}", digits):
        digits = f"{digits[:-2]}:{digits[-2:]}"
    value = parse_time(digits, zone_name)
    return format_time(value) if value is not None else None


def normalise_datetime(text: str, zone_name: str = DEFAULT_ZONE) -> str | None:
    """What a person typed as a date-time (``2026-03-05 8:05``, ``20260305 0805``)."""
    parts = text.strip().replace("T", " ").split()
    if len(parts) != 2:
        return None
    day = parts[0].replace("-", "")
    if not re.fullmatch(r"\d{8}", day):
        return None
    clock = normalise_time(parts[1], zone_name)
    if clock is None:
        return None
    value = parse_datetime(f"{day[:4]}-{day[4:6]}-{day[6:]}T{clock}", zone_name)
    return format_datetime(value) if value is not None else None


def time_number(value: dt.time) -> float:
    """A time as the fraction of its day (as ``decimal-time``)."""
    return (value.hour * 3600 + value.minute * 60 + value.second
            + value.microsecond / 1e6) / 86400


def datetime_number(value: dt.datetime) -> float:
    """A date-time as days since 1970-01-01 at its own wall clock."""
    naive = value.replace(tzinfo=None)
    return (naive - dt.datetime(1970, 1, 1)).total_seconds() / 86400


def number_of(text: str) -> float | None:
    """A time or date-time text as the number expressions compare, else None."""
    if len(text) > MAX_LENGTH or ":" not in text:
        return None
    when = parse_datetime(text)
    if when is not None:
        return datetime_number(when)
    clock = parse_time(text)
    return time_number(clock) if clock is not None else None
