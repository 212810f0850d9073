"""ODK's XPath functions, value by value, with ODK's results (javarosa's ``XPathFuncExpr``).

Each function takes already evaluated arguments and never raises: where ODK Collect stops with
a type error (``date('not a date')``), the result here is empty (``None``), because an
expression of a county's form must never stop a cadre's work; a number that cannot be computed
is NaN, as in ODK. ``expr_eval`` compiles the calls (arity, the nodeset arguments, the
functions that need the form or the record); tests/forms/conformance/test_functions.py holds
ODK's own examples and their results.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import math
import random as _random
import re
import secrets
import string as _string
import uuid as _uuid
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .expr_values import EPOCH, NAN, is_empty, to_bool, to_number, to_str

_UTC = dt.UTC
_EPOCH_TIME = dt.datetime(1970, 1, 1)
_SECONDS_PER_DAY = 86_400
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?")
MAX_UUID_LENGTH = 1_000


# -- numbers ---------------------------------------------------------------------------------
def _float(value: Any) -> float:
    n = to_number(value)
    return float(n)


def math1(fn: Any) -> Any:
    """A one-argument math function of ODK (``sin``, ``log`` …): NaN where it is undefined."""
    def run(value: Any) -> float:
        try:
            return float(fn(_float(value)))
        except OverflowError:
            return math.inf
        except ValueError:
            return NAN
    return run


def pow_(a: Any, b: Any) -> float:
    """``pow(a, b)`` in floating point (Java's Math.pow): never a huge exact integer."""
    x, y = _float(a), _float(b)
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf if x > 0 or y == int(y) and int(y) % 2 == 0 else -math.inf
    except ValueError:
        return NAN


def exp10(a: Any) -> float:
    return pow_(10.0, a)


def log(a: Any, base10: bool = False) -> float:
    x = _float(a)
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -math.inf
    return math.log10(x) if base10 else math.log(x)


def round_(value: Any, places: Any = 0) -> float:
    """javarosa's ``round``: half away from zero for positive numbers (half up), half towards
    zero for negative ones, to ``places`` decimals (negative: tens, hundreds …)."""
    number = _float(value)
    if number != number or math.isinf(number):
        return number
    p = _float(places)
    if p != p or math.isinf(p):
        return NAN
    digits = int(p)
    if not -30 <= digits <= 30:
        return NAN
    if digits >= 0:
        method = ROUND_HALF_DOWN if number < 0 else ROUND_HALF_UP
        try:
            return float(Decimal(repr(number)).quantize(Decimal(1).scaleb(-digits), rounding=method))
        except InvalidOperation:
            return NAN
    scaled = float(Decimal(repr(number)).scaleb(digits))
    return float(Decimal(math.trunc(scaled + 0.5)).scaleb(-digits))


def int_(value: Any) -> float | int:
    """``int()``: the whole part (towards zero); NaN and infinities stay what they are."""
    n = to_number(value)
    if isinstance(n, float) and not math.isfinite(n):
        return n
    return int(n)


def _numbers(values: Iterable[Any]) -> list[float | int]:
    found = []
    for v in values:
        n = to_number(v)
        if n == n:
            found.append(n)
    return found


def max_(values: Iterable[Any]) -> float | int:
    """``max()`` of numbers, leaving out what is not one (an empty answer); none: NaN."""
    numbers = _numbers(values)
    return max(numbers) if numbers else NAN


def min_(values: Iterable[Any]) -> float | int:
    numbers = _numbers(values)
    return min(numbers) if numbers else NAN


def count_non_empty(values: Iterable[Any]) -> int:
    return sum(1 for v in values if to_str(v) != "")


def checklist(low: Any, high: Any, factors: Iterable[Any]) -> bool:
    """True if the number of true factors is between ``low`` and ``high`` (-1: no bound)."""
    lo, hi = int_(low), int_(high)
    count = sum(1 for f in factors if to_bool(f))
    return (lo != lo or lo < 0 or count >= lo) and (hi != hi or hi < 0 or count <= hi)


def weighted_checklist(low: Any, high: Any, pairs: Sequence[Any]) -> bool:
    total = 0.0
    for flag, weight in zip(pairs[::2], pairs[1::2], strict=False):
        if to_bool(flag):
            total += _float(weight)
    return _float(low) <= total <= _float(high)


# -- text ------------------------------------------------------------------------------------
def substr(value: Any, start: Any, end: Any = None) -> str:
    """javarosa's ``substr``: 0-based, ``end`` excluded, negative counts from the end."""
    s = to_str(value)
    length = len(s)
    a = _index(start)
    b = length if end is None else _index(end)
    if a < 0:
        a += length
    if b < 0:
        b += length
    a, b = min(max(0, a), length), min(max(0, b), length)
    return s[a:b] if a <= b else ""


def _index(value: Any) -> int:
    n = to_number(value)
    if n != n:
        return 0
    if math.isinf(n):
        return 2**31 - 1 if n > 0 else -(2**31)
    return int(n)


def substring_before(value: Any, target: Any) -> str:
    s, t = to_str(value), to_str(target)
    at = s.find(t)
    return s[:at] if at >= 0 else ""


def substring_after(value: Any, target: Any) -> str:
    s, t = to_str(value), to_str(target)
    at = s.find(t)
    return s[at + len(t):] if at >= 0 else ""


def translate(value: Any, source: Any, target: Any) -> str:
    s, src, dst = to_str(value), to_str(source), to_str(target)
    out = []
    for ch in s:
        at = src.find(ch)
        if at == -1:
            out.append(ch)
        elif at < len(dst):
            out.append(dst[at])
    return "".join(out)


def normalize_space(value: Any) -> str:
    return " ".join(to_str(value).split())


def boolean_from_string(value: Any) -> bool:
    s = to_str(value)
    return s.lower() == "true" or s == "1"


def selected_at(value: Any, index: Any) -> str:
    items = list(value) if isinstance(value, list | tuple) else to_str(value).split()
    n = to_number(index)
    if n != n or math.isinf(n):
        return ""
    i = int(n)
    return items[i] if 0 <= i < len(items) else ""


def join(separator: Any, values: Iterable[Any]) -> str:
    return to_str(separator).join(to_str(v) for v in values)


_DIGESTS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
            "SHA-512": "sha512"}
DIGEST_NAMES = tuple(_DIGESTS)
ENCODINGS = ("base64", "hex")


def digest(data: Any, algorithm: Any, encoding: Any = "base64") -> str | None:
    """``digest(data, 'SHA-256', 'hex')``: a hash of the text (UTF-8); an unknown algorithm or
    encoding gives no value."""
    name = _DIGESTS.get(to_str(algorithm))
    how = to_str(encoding)
    if name is None or how not in ENCODINGS:
        return None
    raw = hashlib.new(name, to_str(data).encode("utf-8")).digest()
    return raw.hex() if how == "hex" else base64.b64encode(raw).decode("ascii")


def base64_decode(value: Any) -> str | None:
    try:
        return base64.b64decode(to_str(value), validate=False).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return None


# -- random values ---------------------------------------------------------------------------
def random() -> float:
    return _random.random()  # noqa: S311 - ODK's random(): not for secrets


_GUID_CHARS = _string.digits + _string.ascii_letters


def uuid(length: Any = None) -> str:
    """``uuid()`` is a version-4 UUID; ``uuid(n)`` n random letters and digits (at most 1,000)."""
    if length is None:
        return str(_uuid.uuid4())
    n = to_number(length)
    if n != n or n <= 0:
        return ""
    return "".join(secrets.choice(_GUID_CHARS) for _ in range(int(min(n, MAX_UUID_LENGTH))))


# -- dates and times -------------------------------------------------------------------------
def to_datetime(value: Any) -> dt.date | dt.datetime | None:
    """A date or a date and time from an answer, a literal or a number of days since
    1970-01-01 (with a fraction: a time); None when it is none of these."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > 3_000_000:
            return None
        if float(value).is_integer():
            return EPOCH + dt.timedelta(days=int(value))
        return _EPOCH_TIME + dt.timedelta(days=value)
    text = to_str(value).strip()
    if not text or len(text) > 40:
        return None
    try:
        if "T" in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def date(value: Any) -> dt.date | None:
    """``date()``: a date from text, from days since 1970-01-01 (the whole part) or a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > 3_000_000:
            return None
        return EPOCH + dt.timedelta(days=int(value))
    if is_empty(value):
        return None
    day = to_datetime(value)
    return day.date() if isinstance(day, dt.datetime) else day


def date_time(value: Any) -> dt.date | None:
    return to_datetime(value) if not is_empty(value) else None


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    """A time with an offset in UTC, without it (one without an offset stays as it is)."""
    return moment.astimezone(_UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _wall_clock(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A time with an offset as the clock in ``zone`` shows it (the device's zone in ODK: the
    county's here), without the offset; in UTC when no zone is given; one without an offset
    is already a wall clock."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None) if zone is not None else _utc_naive(moment)


def decimal_date_time(value: Any, zone: dt.tzinfo | None = None) -> float | None:
    """Days since 1970-01-01 00:00 with the time as a fraction, both on the clock of ``zone``
    (javarosa's ``fractionalDaysSinceEpoch``: the epoch is midnight in the device's zone, so
    ``decimal-date-time('2026-06-15T08:00:00+08:00')`` in Asia/Shanghai is 20619.333…)."""
    if is_empty(value):
        return None
    moment = to_datetime(value)
    if moment is None:
        return NAN
    if not isinstance(moment, dt.datetime):
        return float((moment - EPOCH).days)
    return (_wall_clock(moment, zone) - _EPOCH_TIME).total_seconds() / _SECONDS_PER_DAY


def decimal_time(value: Any, zone: dt.tzinfo | None = None) -> float | None:
    """The time of day as a fraction of a day (noon 0.5), of a time or a date and time; one
    with an offset on the clock of ``zone`` (javarosa's ``decimalTimeOfLocalDay``: the
    device's day; UTC when no zone is given)."""
    if is_empty(value):
        return None
    if isinstance(value, dt.time):
        moment = dt.datetime.combine(EPOCH, value)
    else:
        text = to_str(value).strip()
        match = _TIME.fullmatch(text)
        if match:
            try:
                moment = dt.datetime.fromisoformat(
                    "1970-01-01T" + text.replace("Z", "+00:00"))
            except ValueError:
                return NAN
        else:
            found = to_datetime(value)
            if not isinstance(found, dt.datetime):
                return NAN
            moment = found
    moment = _wall_clock(moment, zone)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / _SECONDS_PER_DAY


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# %b and %a as Android's Chinese locale abbreviates them (CLDR zh: MMM "6月", EEE "周一")
_MONTHS_ZH = tuple(f"{m}月" for m in range(1, 13))
_DAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def format_date(value: Any, pattern: Any, zone: dt.tzinfo | None = None,
                lang: str = "en") -> str:
    """``format-date`` / ``format-date-time`` with ODK's codes (%Y %y %m %n %b %d %e %a %H %h
    %M %S %3), as javarosa's ``DateUtils.format``: a time with an offset on the clock of
    ``zone`` (the device's zone in ODK: the county's here); month and day names (%b, %a) in
    Chinese when ``lang`` is (``zh``: 6月, 周一), English abbreviations otherwise; an empty or
    invalid date: ''."""
    if is_empty(value):
        return ""
    moment = to_datetime(value)
    if moment is None:
        return ""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    elif moment.tzinfo is not None and zone is not None:
        moment = _wall_clock(moment, zone)
    months, days = (_MONTHS_ZH, _DAYS_ZH) if lang.startswith("zh") else (_MONTHS, _DAYS)
    codes = {
        "Y": f"{moment.year:04d}", "y": f"{moment.year % 100:02d}", "m": f"{moment.month:02d}",
        "n": str(moment.month), "b": months[moment.month - 1], "d": f"{moment.day:02d}",
        "e": str(moment.day), "a": days[moment.weekday()], "H": f"{moment.hour:02d}",
        "h": str(moment.hour), "M": f"{moment.minute:02d}", "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}", "%": "%",
    }
    text, out, i = to_str(pattern), [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in codes:
            out.append(codes[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def now(zone: Any = None) -> dt.datetime:
    """The current date and time, in the county's time zone when it is known."""
    moment = dt.datetime.now(_UTC)
    if zone is not None:
        try:
            return moment.astimezone(zone)
        except (TypeError, ValueError):
            return moment.astimezone()
    return moment.astimezone()
