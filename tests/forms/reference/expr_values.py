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
from typing import Any

from . import idnumber

EPOCH = dt.date(1970, 1, 1)
NAN = math.nan
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
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
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    if isinstance(value, str):
        # as ODK: digits, a point (or a comma), a leading minus; no exponent, no "Infinity"
        text = value.strip().replace(",", ".")
        if text and set(text) <= set("-.0123456789"):
            try:
                return float(text)
            except ValueError:
                pass
        day = to_date(value)
        return (day - EPOCH).days if day else NAN
    return NAN


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
    # the live code's later fix (an infinite dividend: no remainder), mirrored here
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
    return idnumber.inspect(to_str(value), today).sex if not is_empty(value) else None


def id_birth(value: Any, today: dt.date) -> dt.date | None:
    return idnumber.inspect(to_str(value), today).birth_date if not is_empty(value) else None


def age_at(born: Any, on: Any) -> int | None:
    b, o = to_date(born), to_date(on)
    return idnumber.age_at(b, o) if b and o else None


def regex_match(text: Any, pattern: Any) -> bool:
    """``regex()`` with a pattern computed at run time; a broken pattern matches nothing."""
    try:
        return re.fullmatch(to_str(pattern), to_str(text)) is not None
    except re.error:
        return False


def tidy_sum(numbers: Iterable[float | int]) -> float | int:
    total: float | int = 0
    for n in numbers:
        total += n
    return int(total) if isinstance(total, float) and total.is_integer() else total
