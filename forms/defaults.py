"""``default``: the answer a question starts with, static or dynamic, as ODK gives it.

pyxform decides which defaults are *dynamic* (``pyxform.utils.default_is_dynamic``): one that
holds a math operator (``+ - * div mod``; a ``-`` is not one for a date), ``|``, a ``${name}``
or a function call is an expression, evaluated once when the question is created —
ODK's ``setvalue`` on ``odk-instance-first-load`` for the household, on ``odk-new-repeat`` for
a member (a new repeat instance) — and never again: a later change of what it refers to does not
change the answer. Any other default is a literal, typed by the question (``5`` for an
integer, ``yes`` for a select_one, ``a b`` for a select_multiple), checked when the form is
loaded.

``household_defaults`` gives the answers of a new household, ``member_defaults`` those of a new
member appended to a household; the editor calls them when it creates either.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from .expr_values import is_empty, to_date, to_number, to_str
from .model import Form, QType, Question
from .settings import CountySettings
from .state import evaluate_household

# pyxform's lexer rules (pyxform/parsing/expression.py), in its order of priority; the first
# that matches at a position is the token there, as in lark's standard lexer.
_NC = r"[A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u3001-\ud7ff]"
_NCNAME = rf"{_NC}(?:{_NC}|[-.0-9\u00b7])*"
_TOKENS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    ("DATETIME", r"-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\s+)?(([+-]\d{2}:\d{2})|Z)?"),
    ("DATE", r"-?\d{4}-\d{2}-\d{2}"),
    ("TIME", r"\d{2}:\d{2}:\d{2}(\.\s+)?(([+-]\d{2}:\d{2})|Z)?"),
    ("NUMBER", r"-?\d+\.\d*|-?\.\d+|-?\d+"),
    ("OPS_MATH", r"[*+\-]| mod | div "),
    ("OPS_COMP", r"=|!=|<|>|<=|>="),
    ("OPS_BOOL", r" and | or "),
    ("OPS_UNION", r"\|"),
    ("OPEN_PAREN", r"\("),
    ("CLOSE_PAREN", r"\)"),
    ("BRACKET", r"[\[{}]"),
    ("PARENT_REF", r"\.\."),
    ("SELF_REF", r"\."),
    ("PATH_SEP", r"/"),
    ("SYSTEM_LITERAL", r"\"[^\"]*\"|'[^']*'"),
    ("COMMA", r","),
    ("WHITESPACE", r"\s+"),
    ("PYXFORM_REF", rf"\$\{{(?:last-saved#)?{_NCNAME}\}}"),
    ("FUNC_CALL", rf"{_NCNAME}(?::{_NCNAME})?\("),
    ("XPATH_PRED", rf"{_NCNAME}(?::{_NCNAME})?\["),
    ("URI_SCHEME", rf"{_NCNAME}://"),
)))
# pyxform lists "XPATH_PRED" too, but its token is named XPATH_PRED_START: a predicate
# (``a[1]``) alone does not make a default dynamic there, nor here.
_DYNAMIC = frozenset({"OPS_MATH", "OPS_UNION", "PYXFORM_REF", "FUNC_CALL"})
_NAME = re.compile(rf"{_NCNAME}(?::{_NCNAME})?")


def is_dynamic(default: str, qtype: QType | str | None = None) -> bool:
    """Whether pyxform treats ``default`` as an expression (``default_is_dynamic``)."""
    if not default:
        return False
    at, dated = 0, str(qtype) in ("date", "dateTime")
    while at < len(default):
        match = _TOKENS.match(default, at)
        if match is None:   # a name (letters, digits, - . :), or any other character
            name = _NAME.match(default, at)
            at = name.end() if name else at + 1
            continue
        kind = match.lastgroup
        if dated and kind == "OPS_MATH" and match.group() == "-":
            return False
        if kind in _DYNAMIC:
            return True
        at = match.end()
    return False


def static_value(q: Question, text: str) -> tuple[Any, str | None]:
    """A literal default as the answer it gives ``q``, or ``(None, why)`` in English."""
    t = q.type
    if t is QType.INTEGER:
        if re.fullmatch(r"-?\d+", text):
            return int(text), None
        return None, f"{text!r} is not a whole number"
    if t is QType.DECIMAL:
        n = to_number(text)
        if isinstance(n, float) and math.isfinite(n) and not re.search(r"\d{4}-", text):
            return n, None
        return None, f"{text!r} is not a number"
    if t is QType.DATE:
        day = to_date(text)
        return (day.isoformat(), None) if day else (None, f"{text!r} is not a date (YYYY-MM-DD)")
    if t is QType.SELECT_ONE and q.choices is not None:
        if text in q.choices:
            return text, None
        return None, f"{text!r} is not a choice of the list {q.choices.name!r}"
    if t is QType.SELECT_MULTIPLE and q.choices is not None:
        names = text.split()
        wrong = [n for n in names if n not in q.choices]
        if wrong:
            return None, f"{wrong[0]!r} is not a choice of the list {q.choices.name!r}"
        return names, None
    return text, None


def answer(q: Question, value: Any) -> Any:
    """An evaluated default as a stored answer (JSON: text, numbers, ISO dates, lists)."""
    if is_empty(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    t = q.type
    if t is QType.INTEGER:
        n = to_number(value)
        return int(n) if math.isfinite(n) else None
    if t is QType.DECIMAL:
        n = to_number(value)
        return n if math.isfinite(n) else None
    if t is QType.DATE:
        day = to_date(value)
        return day.isoformat() if isinstance(day, dt.date) else None
    if t is QType.SELECT_MULTIPLE:
        return list(value) if isinstance(value, list | tuple) else to_str(value).split()
    if t is QType.CALCULATE and isinstance(value, bool | int | float):
        return value     # a calculate keeps a number or a truth value as it is
    return to_str(value)


def _fill(form: Form, household: dict[str, Any], questions: list[Question], member: int | None,
          settings: CountySettings | None, today: dt.date | None) -> dict[str, Any]:
    target = household["fields"] if member is None else household["members"][member]["fields"]
    questions = [q for q in questions if q.type.holds_answer and not q.is_derived]
    for q in questions:
        if q.default_value is not None and is_empty(target.get(q.name)):
            target[q.name] = q.default_value
    for q in form.default_order:
        if q in questions and q.default_expr is not None and is_empty(target.get(q.name)):
            state = evaluate_household(form, household, settings=settings, today=today)
            value = answer(q, q.default_expr(state.context(member)))
            if value is not None:
                target[q.name] = value
    return {k: v for k, v in target.items() if any(q.name == k for q in questions)}


def household_defaults(form: Form, fields: Mapping[str, Any] | None = None, *,
                       settings: CountySettings | None = None,
                       today: dt.date | None = None) -> dict[str, Any]:
    """The answers a new household starts with: ``fields`` (answers given, e.g. the village
    code) with every household default that has no answer there, dynamic ones evaluated once,
    in the order their references need."""
    household = {"fields": dict(fields or {}), "members": []}
    return {**dict(fields or {}),
            **_fill(form, household, form.household_questions(), None, settings, today)}


def member_defaults(form: Form, household: Mapping[str, Any], fields: Mapping[str, Any]
                    | None = None, *, settings: CountySettings | None = None,
                    today: dt.date | None = None) -> dict[str, Any]:
    """The answers of a new member appended to ``household`` (so ``position(..)`` is its
    number and ``${survey_date}`` the household's answer): ``fields`` with every member
    default that has no answer there."""
    members = [*(household.get("members") or []), {"fields": dict(fields or {})}]
    record = {"fields": dict(household.get("fields") or {}), "members": members}
    return {**dict(fields or {}),
            **_fill(form, record, form.member_questions(), len(members) - 1, settings, today)}
