"""Fast paths of the expression compiler (expr_eval.py): the common shapes of a workbook's
expressions (``${x} = 'yes'``, ``${age} >= 16``, ``selected(${s}, 'a')``, a bare reference as a
truth value) compiled to fewer closure calls.

Each handles the usual type of its operand directly and hands anything else to the general
rule of expr_values, so the result is always the same as the general rule's (the reference
equivalence tests hold the two together). Split from expr_eval.py, which picks them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .expr_parser import BinOp, Call, Node
from .expr_values import BINARY, equals, is_empty, selected, to_bool

if TYPE_CHECKING:
    from .expr_eval import Ctx

Fn = Callable[["Ctx"], Any]

ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
BOOL_OPS = frozenset({"and", "or", "=", "!=", *ORDER})
BOOL_FUNCTIONS = frozenset({"selected", "regex", "not", "true", "false", "boolean", "contains",
                             "starts-with", "ends-with", "boolean-from-string", "checklist",
                             "weighted-checklist"})


def returns_bool(node: Node) -> bool:
    """Whether the compiled ``node`` always gives a ``bool`` (so to_bool can be skipped)."""
    if isinstance(node, BinOp):
        return node.op in BOOL_OPS
    return isinstance(node, Call) and node.name in BOOL_FUNCTIONS


def equals_constant(fn: Fn, constant: str | int | float) -> Fn:
    """``fn(c) = constant``: text compares as text and numbers as numbers without conversion."""
    if isinstance(constant, str):
        def same_text(c: Ctx) -> bool:
            value = fn(c)
            if type(value) is str:
                return value == constant
            return equals(value, constant)
        return same_text

    def same_number(c: Ctx) -> bool:
        value = fn(c)
        if type(value) is int or type(value) is float:
            return value == constant
        return equals(value, constant)
    return same_number


def ref_truth(name: str, member: bool) -> Fn:
    """``${name}`` as a truth value, in one call."""
    if member:
        def member_truth(c: Ctx) -> bool:
            value = c.local.get(name)
            return value if type(value) is bool else to_bool(value)
        return member_truth

    def household_truth(c: Ctx) -> bool:
        value = c.hh.get(name)
        return value if type(value) is bool else to_bool(value)
    return household_truth


def ref_equals_text(name: str, member: bool, constant: str) -> Fn:
    """``${name} = 'text'``, in one call."""
    if member:
        def member_same(c: Ctx) -> bool:
            value = c.local.get(name)
            if type(value) is str:
                return value == constant
            return equals(value, constant)
        return member_same

    def household_same(c: Ctx) -> bool:
        value = c.hh.get(name)
        if type(value) is str:
            return value == constant
        return equals(value, constant)
    return household_same


def compare_constant(fn: Fn, op: str, constant: int | float) -> Fn:
    """``fn(c) < constant`` and the like, for an int operand without conversion."""
    general, compare = BINARY[op], ORDER[op]

    def run(c: Ctx) -> bool:
        value = fn(c)
        if type(value) is int:
            return compare(value, constant)
        return general(value, constant)
    return run


def compare(left: Fn, op: str, right: Fn) -> Fn:
    """``left(c) < right(c)`` and the like, for two int operands without conversion."""
    general, compare = BINARY[op], ORDER[op]

    def run(c: Ctx) -> bool:
        a, b = left(c), right(c)
        if type(a) is int and type(b) is int:
            return compare(a, b)
        return general(a, b)
    return run


def selected_constant(fn: Fn, choice: str) -> Fn:
    """``selected(fn(c), 'choice')``."""
    wanted = choice.strip()

    def run(c: Ctx) -> bool:
        value = fn(c)
        if type(value) is tuple:
            return wanted in value
        return selected(value, wanted)
    return run


def constant_selected(choices: str, fn: Fn) -> Fn:
    """``selected('a b c', fn(c))``: whether the answer is one of the listed choices."""
    names = frozenset(choices.split())

    def run(c: Ctx) -> bool:
        value = fn(c)
        if type(value) is str:
            return value.strip() in names
        return selected(choices, value)
    return run


def lazy_coalesce(fns: list[Fn]) -> Fn:
    def run(c: Ctx) -> Any:
        for fn in fns:
            value = fn(c)
            if not is_empty(value):
                return value
        return None
    return run
