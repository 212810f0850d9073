"""The functions an expression may call (forms/expr_eval.py compiles the calls): each one's
number of arguments, how a call is built from its compiled arguments (a function of the
evaluation context, `Ctx`), and the ODK functions refused here with the reason the loader
gives; the county's time zone that now() and the date-time functions read."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import expr_functions as xf
from .expr_fast import lazy_coalesce
from .expr_values import (
    age_at,
    count_selected,
    id_birth,
    id_sex,
    regex_match,
    selected,
    to_bool,
    to_int,
    to_number,
    to_str,
)

if TYPE_CHECKING:
    from .expr_eval import Ctx

Fn = Callable[["Ctx"], Any]

# ODK's functions (docs.getodk.org/form-operators-functions, javarosa's XPathFuncExpr) and
# Mopai's own four (id-sex, id-birth-date, age-at, county-setting).
_ONE = (1, 1)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2), "count-selected": _ONE, "string-length": (0, 1), "regex": (2, 2),
    "if": (3, 3), "coalesce": (2, None), "today": (0, 0), "int": _ONE, "count": _ONE,
    "sum": _ONE, "position": _ONE, "concat": (0, None), "not": _ONE, "true": (0, 0),
    "false": (0, 0), "number": _ONE, "string": _ONE, "boolean": _ONE,
    # selects and repeats
    "selected-at": (2, 2), "jr:choice-name": (2, 2), "indexed-repeat": (3, None),
    "count-non-empty": _ONE, "max": (1, None), "min": (1, None), "once": _ONE,
    # text
    "contains": (2, 2), "starts-with": (2, 2), "ends-with": (2, 2), "substr": (2, 3),
    "substring-before": (2, 2), "substring-after": (2, 2), "translate": (3, 3),
    "normalize-space": (0, 1), "join": (1, None), "boolean-from-string": _ONE,
    "digest": (2, 3), "base64-decode": _ONE,
    # numbers
    "round": (1, 2), "pow": (2, 2), "log": _ONE, "log10": _ONE, "abs": _ONE, "sin": _ONE,
    "cos": _ONE, "tan": _ONE, "asin": _ONE, "acos": _ONE, "atan": _ONE, "atan2": (2, 2),
    "sqrt": _ONE, "exp": _ONE, "exp10": _ONE, "pi": (0, 0),
    # dates and times
    "now": (0, 0), "date": _ONE, "date-time": _ONE, "decimal-date-time": _ONE,
    "decimal-time": _ONE, "format-date": (2, 2), "format-date-time": (2, 2),
    # utility
    "random": (0, 0), "uuid": (0, 1), "checklist": (2, None), "weighted-checklist": (2, None),
    # Mopai's
    "id-sex": _ONE, "id-birth-date": _ONE, "age-at": (2, 2), "county-setting": _ONE,
}

# ODK functions that cannot work here, and why (the loader names the row, the column and this).
_NO_GPS = ("这台电脑没有卫星定位，问卷也不采集位置", "a laptop has no GPS and the form collects no locations")
REFUSED: dict[str, tuple[str, str]] = {
    "area": _NO_GPS, "distance": _NO_GPS, "geofence": _NO_GPS, "intersects": _NO_GPS,
    "randomize": ("摸排按固定顺序列出选项，不打乱选项顺序",
                  "Mopai lists choices in a fixed order; it does not shuffle them"),
    "extract-signed": ("问卷中不保存密钥，无法验证签名",
                       "forms hold no keys, so a signature cannot be checked"),
    "pulldata": ("问卷不附带外部 CSV 数据表", "forms carry no external CSV data to look up"),
    "instance": ("不支持二级数据实例；选项筛选请用 choice_filter",
                 "secondary instances are not supported; filter choices with choice_filter"),
    "property": ("设备属性由摸排自动记录，不能在表达式中读取",
                 "device properties are recorded by Mopai, not read in expressions"),
    "version": ("表达式中不能读取问卷版本", "the form version cannot be read in an expression"),
    "depend": ("depend() 已被 ODK 废弃", "depend() is obsolete in ODK"),
}


@lru_cache(maxsize=16)
def _zone(name: str) -> dt.tzinfo | None:
    try:
        from zoneinfo import ZoneInfo  # noqa: PLC0415 - only now() needs it

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - no tz database or an unknown name: the laptop's zone
        return dt.timezone(dt.timedelta(hours=8)) if name == "Asia/Shanghai" else None


def county_zone(c: Ctx) -> dt.tzinfo | None:
    """The county's ``time_zone`` setting (Asia/Shanghai unless set): the zone ODK calls the
    device's for now(), decimal-date-time() and format-date-time()."""
    zone = c.settings.get("time_zone")
    return _zone(zone if isinstance(zone, str) and zone else "Asia/Shanghai")


def now(c: Ctx) -> dt.datetime:
    return xf.now(county_zone(c))


def empty(_c: Ctx) -> str:
    return ""


def _math(fn: Callable[[float], float]) -> Callable[[list[Fn]], Fn]:
    run = xf.math1(fn)
    return lambda f: lambda c: run(f[0](c))


FUNCTION_BUILDERS: dict[str, Callable[[list[Fn]], Fn]] = {
    "selected": lambda f: lambda c: selected(f[0](c), f[1](c)),
    "count-selected": lambda f: lambda c: count_selected(f[0](c)),
    "string-length": lambda f: lambda c: len(to_str(f[0](c))),
    "regex": lambda f: lambda c: regex_match(f[0](c), f[1](c)),
    "if": lambda f: lambda c: f[1](c) if to_bool(f[0](c)) else f[2](c),
    "coalesce": lazy_coalesce,
    "today": lambda f: lambda c: c.today,
    "int": lambda f: lambda c: to_int(f[0](c)),
    "concat": lambda f: lambda c: "".join(to_str(fn(c)) for fn in f),
    "not": lambda f: lambda c: not to_bool(f[0](c)),
    "true": lambda f: lambda c: True,
    "false": lambda f: lambda c: False,
    "number": lambda f: lambda c: to_number(f[0](c)),
    "string": lambda f: lambda c: to_str(f[0](c)),
    "boolean": lambda f: lambda c: to_bool(f[0](c)),
    "id-sex": lambda f: lambda c: id_sex(f[0](c), c.today),
    "id-birth-date": lambda f: lambda c: id_birth(f[0](c), c.today),
    "age-at": lambda f: lambda c: age_at(f[0](c), f[1](c)),
    "county-setting": lambda f: lambda c: c.settings.get(to_str(f[0](c))),
    # ODK's functions of values (expr_functions)
    "selected-at": lambda f: lambda c: xf.selected_at(f[0](c), f[1](c)),
    "contains": lambda f: lambda c: to_str(f[1](c)) in to_str(f[0](c)),
    "starts-with": lambda f: lambda c: to_str(f[0](c)).startswith(to_str(f[1](c))),
    "ends-with": lambda f: lambda c: to_str(f[0](c)).endswith(to_str(f[1](c))),
    "substr": lambda f: (lambda c: xf.substr(f[0](c), f[1](c), f[2](c))) if len(f) == 3 else (
        lambda c: xf.substr(f[0](c), f[1](c))),
    "substring-before": lambda f: lambda c: xf.substring_before(f[0](c), f[1](c)),
    "substring-after": lambda f: lambda c: xf.substring_after(f[0](c), f[1](c)),
    "translate": lambda f: lambda c: xf.translate(f[0](c), f[1](c), f[2](c)),
    "normalize-space": lambda f: lambda c: xf.normalize_space(f[0](c)),
    "boolean-from-string": lambda f: lambda c: xf.boolean_from_string(f[0](c)),
    "digest": lambda f: lambda c: xf.digest(*(fn(c) for fn in f)),
    "base64-decode": lambda f: lambda c: xf.base64_decode(f[0](c)),
    "round": lambda f: (lambda c: xf.round_(f[0](c), f[1](c))) if len(f) == 2 else (
        lambda c: xf.round_(f[0](c))),
    "pow": lambda f: lambda c: xf.pow_(f[0](c), f[1](c)),
    "log": lambda f: lambda c: xf.log(f[0](c)),
    "log10": lambda f: lambda c: xf.log(f[0](c), base10=True),
    "abs": _math(abs), "sin": _math(math.sin), "cos": _math(math.cos), "tan": _math(math.tan),
    "asin": _math(math.asin), "acos": _math(math.acos), "atan": _math(math.atan),
    "sqrt": _math(math.sqrt), "exp": _math(math.exp),
    "atan2": lambda f: lambda c: math.atan2(float(to_number(f[0](c))), float(to_number(f[1](c)))),
    "exp10": lambda f: lambda c: xf.exp10(f[0](c)),
    "pi": lambda f: lambda c: math.pi,
    "date": lambda f: lambda c: xf.date(f[0](c)),
    "date-time": lambda f: lambda c: xf.date_time(f[0](c)),
    "decimal-date-time": lambda f: lambda c: xf.decimal_date_time(f[0](c), county_zone(c)),
    "decimal-time": lambda f: lambda c: xf.decimal_time(f[0](c), county_zone(c)),
    "format-date": lambda f: lambda c: xf.format_date(f[0](c), f[1](c)),
    "format-date-time": lambda f: lambda c: xf.format_date(f[0](c), f[1](c)),
    "random": lambda f: lambda c: xf.random(),
    "uuid": lambda f: (lambda c: xf.uuid(f[0](c))) if f else (lambda c: xf.uuid()),
    "checklist": lambda f: lambda c: xf.checklist(f[0](c), f[1](c), [fn(c) for fn in f[2:]]),
    "weighted-checklist": lambda f: lambda c: xf.weighted_checklist(
        f[0](c), f[1](c), [fn(c) for fn in f[2:]]),
}
