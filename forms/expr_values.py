"""The value rules of XPath 1.0 as ODK applies them: conversions, comparison, arithmetic.

Kept apart from the compiler (``expr_eval``) because validation, the indicators and the
state use the same rules (what counts as empty, as true, as a date) and must agree with how
expressions see values. An empty answer is ``''``; ``=`` compares as booleans if either side
is one, else as numbers if either side is a number, else as text; ``< <= > >=`` compare as
numbers, with dates counted as days since 1970-01-01; NaN compares false.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from . import idnumber, timevalues

EPOCH = dt.date(1970, 1, 1)
_EPOCH_TIME = dt.datetime(1970, 1, 1)
NAN = math.nan
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if type(value) is str and len(value) <= 40:
        return _parse_date(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1024)
def _parse_date(value: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` text as a date (cached: a village's survey dates are few)."""
    if _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def to_number(value: Any) -> float | int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if value is None:
        return NAN
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        return (moment - _EPOCH_TIME).total_seconds() / 86_400
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    if isinstance(value, str):
        return _text_number(value)
    return NAN


_NUMBER_CHARS = frozenset("-.0123456789")


def _text_number(value: str) -> float:
    """A number typed as text, as XPath (and ODK) reads it: digits, one point (a comma counts as
    a point), a leading minus; no exponent, no "Infinity". A date counts as days since
    1970-01-01 (Mopai: text answers holding a date compare as dates), a time as the fraction
    of its day and a date-time as days since 1970, as decimal-time() and decimal-date-time()
    give them."""
    text = value.strip().replace(",", ".")
    if text and _NUMBER_CHARS.issuperset(text):
        try:
            return float(text)
        except ValueError:
            pass
    day = to_date(value)
    if day:
        return (day - EPOCH).days
    timed = timevalues.number_of(value)  # a time or date-time as ODK writes it
    return NAN if timed is None else timed


def to_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " ".join(to_str(v) for v in value)
    return str(value)


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and value == value
    return not is_empty(value)


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def equals(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return to_bool(a) == to_bool(b)
    if _is_num(a) or _is_num(b):
        return to_number(a) == to_number(b)
    return to_str(a) == to_str(b)


def _tidy(result: float | int, a: Any, b: Any) -> float | int:
    if isinstance(result, float) and result.is_integer() and type(a) is int and type(b) is int:
        return int(result)
    return result


def _div(a: float, b: float) -> float:
    if b == 0:
        return NAN if a == 0 or a != a else math.copysign(math.inf, a)
    return a / b


def _mod(a: float, b: float) -> float:
    # XPath: an infinite dividend (pow(2.5, today()) overflows to inf) has no remainder;
    # math.fmod raises for it
    return NAN if b == 0 or math.isinf(a) else math.fmod(a, b)


def _rel(op: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        x, y = to_number(a), to_number(b)
        return x == x and y == y and op(x, y)
    return compare


def _arith(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        x, y = to_number(a), to_number(b)
        return _tidy(op(x, y), x, y)
    return apply


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "=": equals,
    "!=": lambda a, b: not equals(a, b),
    "<": _rel(lambda x, y: x < y),
    "<=": _rel(lambda x, y: x <= y),
    ">": _rel(lambda x, y: x > y),
    ">=": _rel(lambda x, y: x >= y),
    "+": _arith(lambda x, y: x + y),
    "-": _arith(lambda x, y: x - y),
    "*": _arith(lambda x, y: x * y),
    "div": lambda a, b: _div(to_number(a), to_number(b)),
    "mod": _arith(_mod),
}


# -- functions -----------------------------------------------------------------------------
def selected(value: Any, choice: Any) -> bool:
    wanted = to_str(choice).strip()
    if isinstance(value, list | tuple):
        return wanted in value
    return wanted in to_str(value).split()


def count_selected(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple) else len(to_str(value).split())


def to_int(value: Any) -> float | int:
    n = to_number(value)
    return int(n) if math.isfinite(n) else NAN


def id_sex(value: Any, today: dt.date) -> str | None:
    if type(value) is str:
        return idnumber.inspect(value, today).sex if value else None
    return idnumber.inspect(to_str(value), today).sex if not is_empty(value) else None


def id_birth(value: Any, today: dt.date) -> dt.date | None:
    if type(value) is str:
        return idnumber.inspect(value, today).birth_date if value else None
    return idnumber.inspect(to_str(value), today).birth_date if not is_empty(value) else None


def age_at(born: Any, on: Any) -> int | None:
    b, o = to_date(born), to_date(on)
    return idnumber.age_at(b, o) if b and o else None


REGEX_SECONDS = 0.25  # one regex() match at most; a form's pattern can backtrack for hours
_WIDE = 16  # a repeat whose count may vary by more than this is "wide" (``*``, ``+``, {0,99})
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


@dataclass(frozen=True)
class Pattern:
    """A form's compiled regular expression, and whether a match needs the time bound."""

    compiled: Any
    bounded: bool


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Pattern:
    """A form's regular expression, compiled by the `regex` package (re's syntax) rather than
    `re`: `re` has no time bound, and a pattern like ``(x+x+)+y`` makes it backtrack for hours
    on a short answer — a county's form (or a hostile one) must not hang a village laptop.

    The bound costs ~25 µs a match (the package reads a clock as it goes), against 0.5 µs
    without — most of a county import's checking time, for the shipped form's phone and code
    patterns. So a pattern that cannot backtrack badly (`_needs_bound`) runs without it.
    Raises `regex.error` for a broken pattern."""
    return Pattern(regex.compile(pattern), _needs_bound(pattern))


def _needs_bound(pattern: str) -> bool:
    """Whether a match may take long: a repeat over something that can itself vary (a
    nested repeat or an alternation: exponential backtracking, ``(x+x+)+``), more than two
    wide repeats in a row (polynomial: ``.*.*.*x``), a back-reference, a lookaround over a
    repeat, or syntax only the `regex` package reads (not analysed, so bounded)."""
    import re._parser as sre  # the standard library's own parser of re's syntax

    try:
        tree = sre.parse(pattern)
    except Exception:  # noqa: BLE001 - regex-only syntax, or re's limits: keep the bound
        return True
    wide = 0

    def varies(items: Any) -> bool:
        """Whether a sequence can match in more than one way: it holds a repeat whose count
        may vary (``?`` too: ``(a?){30}a{30}``) or an alternation."""
        for op, arg in items:
            name = str(op)
            if name == "BRANCH" or name in _REPEATS and (arg[1] > arg[0] or varies(arg[2])):
                return True
            if name == "SUBPATTERN" and varies(arg[-1]) or name == "ATOMIC_GROUP" and varies(arg):
                return True
        return False

    def walk(items: Any) -> bool:
        nonlocal wide
        for op, arg in items:
            name = str(op)
            if name in {"GROUPREF", "GROUPREF_EXISTS"}:
                return True
            if name in _REPEATS:
                low, high, body = arg
                if high > 1 and varies(body):
                    return True
                if high - low > _WIDE:
                    wide += 1
                if walk(body):
                    return True
            elif name == "SUBPATTERN":
                if walk(arg[-1]):
                    return True
            elif name == "BRANCH":
                if any(walk(branch) for branch in arg[1]):
                    return True
            elif name in {"ASSERT", "ASSERT_NOT"}:
                if varies(arg[1]) or walk(arg[1]):
                    return True
            elif name == "ATOMIC_GROUP":
                if walk(arg):
                    return True
        return False

    return walk(tree) or wide > 2


def full_match(pattern: Pattern, text: str) -> bool:
    """Whether the whole text matches, as ODK (Java's ``Pattern.matches``); a match that does
    not end within `REGEX_SECONDS` counts as no match."""
    if not pattern.bounded:
        return pattern.compiled.fullmatch(text) is not None
    try:
        return pattern.compiled.fullmatch(text, timeout=REGEX_SECONDS) is not None
    except TimeoutError:
        return False


def regex_match(text: Any, pattern: Any) -> bool:
    """``regex()`` with a pattern computed at run time; a broken pattern matches nothing."""
    try:
        return full_match(compile_pattern(to_str(pattern)), to_str(text))
    except regex.error:
        return False


def tidy_sum(numbers: Iterable[float | int]) -> float | int:
    total: float | int = 0
    for n in numbers:
        total += n
    return int(total) if isinstance(total, float) and total.is_integer() else total
