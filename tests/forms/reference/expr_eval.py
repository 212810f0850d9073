"""Compile parsed expressions into Python closures, once, when the form is loaded.

The loader compiles every expression of the workbook when the form is loaded, resolving each
``${name}`` to the household or to the current member up front, so evaluating one is a few
closure calls with no tree walking, dictionary of functions or name lookup left to do. That is
what keeps validating an 8-member household within a few milliseconds.

Values follow XPath 1.0 as ODK applies them (``expr_values``), so a form written for ODK
means the same here; ``and``/``or``/``if()``/``coalesce()`` only evaluate what they need.
Compile-time checks (unknown function, wrong number of arguments, a member question used at
household level outside ``count()``/``sum()``, a bad regular expression, an unknown county
setting) raise ``ExprError`` with the position, so the loader can report them per cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from mopai.forms.expr_parser import (
    AGGREGATES,
    Bare,
    BinOp,
    Call,
    Current,
    ExprError,
    Neg,
    Node,
    Num,
    Parent,
    Ref,
    Str,
    parse,
    references,
)

from .expr_values import (
    BINARY,
    age_at,
    count_selected,
    id_birth,
    id_sex,
    is_empty,
    regex_match,
    selected,
    tidy_sum,
    to_bool,
    to_date,
    to_int,
    to_number,
    to_str,
)

__all__ = ["Ctx", "Expression", "Scope", "compile_expression", "evaluate", "is_empty",
           "to_bool", "to_date", "to_number", "to_str"]


class Scope(Enum):
    """Where a referenced name lives."""

    HOUSEHOLD = "household"
    MEMBER = "member"      # a question inside the member repeat
    REPEAT = "repeat"      # the repeat itself: only count() of it makes sense
    GROUP = "group"        # groups hold no value


class Ctx:
    """Everything an expression may look at while it is evaluated."""

    __slots__ = ("hh", "local", "members", "position", "current", "today", "settings", "choice")

    def __init__(self, hh: Mapping[str, Any] | None = None,
                 local: Mapping[str, Any] | None = None,
                 members: Sequence[Mapping[str, Any]] | None = None, position: int = 0,
                 current: Any = None, today: dt.date | None = None,
                 settings: Mapping[str, Any] | None = None,
                 choice: Mapping[str, Any] | None = None) -> None:
        self.hh = hh if hh is not None else {}
        self.local = local if local is not None else {}
        self.members: Sequence[Mapping[str, Any]] = members if members is not None else []
        self.position = position
        self.current = current
        self.today = today or dt.date.today()
        self.settings = settings if settings is not None else {}
        self.choice = choice if choice is not None else {}


Fn = Callable[[Ctx], Any]


# name -> (min args, max args or None for any); implementations are built in _compile_call.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2), "count-selected": (1, 1), "string-length": (1, 1), "regex": (2, 2),
    "if": (3, 3), "coalesce": (2, None), "today": (0, 0), "int": (1, 1), "count": (1, 1),
    "sum": (1, 1), "position": (1, 1), "concat": (1, None), "not": (1, 1), "true": (0, 0),
    "false": (0, 0), "number": (1, 1), "string": (1, 1), "boolean": (1, 1),
    "id-sex": (1, 1), "id-birth-date": (1, 1), "age-at": (2, 2), "county-setting": (1, 1),
}


@dataclass(frozen=True)
class _Compiler:
    source: str
    scopes: Mapping[str, Scope]
    in_repeat: bool
    allow_bare: bool
    setting_names: frozenset[str] | None

    def fail(self, node: Node, zh: str, en: str) -> ExprError:
        return ExprError(self.source, node.pos, zh, en)

    def compile(self, node: Node) -> Fn:
        if isinstance(node, Num | Str):
            value = node.value
            return lambda c: value
        if isinstance(node, Ref):
            return self._ref(node)
        if isinstance(node, Current):
            return lambda c: c.current
        if isinstance(node, Bare):
            if not self.allow_bare:
                raise self.fail(node, f"“{node.name}”不是引用；引用题目请写成 ${{{node.name}}}",
                                f"bare name {node.name!r}: write ${{{node.name}}} to refer "
                                "to a question")
            name = node.name
            return lambda c: c.choice.get(name)
        if isinstance(node, Parent):
            raise self.fail(node, "“..”只能用在 position(..) 中", "'..' is only allowed in position(..)")
        if isinstance(node, Neg):
            inner = self.compile(node.operand)
            return lambda c: -to_number(inner(c))
        if isinstance(node, BinOp):
            return self._binop(node)
        if isinstance(node, Call):
            return self._call(node)
        raise self.fail(node, "无法识别的表达式", "unknown expression")  # pragma: no cover

    def _ref(self, node: Ref) -> Fn:
        name = node.name
        scope = self.scopes.get(name)
        if scope is None:
            raise self.fail(node, f"引用的题目 ${{{name}}} 不存在",
                            f"${{{name}}} refers to a question that does not exist")
        if scope is Scope.GROUP:
            raise self.fail(node, f"${{{name}}} 是分组，没有答案", f"${{{name}}} is a group, not a question")
        if scope is Scope.HOUSEHOLD:
            return lambda c: c.hh.get(name)
        if scope is Scope.REPEAT or not self.in_repeat:
            raise self.fail(node, f"${{{name}}} 属于家庭成员，在户一级只能用 count() 或 sum()",
                            f"${{{name}}} belongs to the member repeat: outside it use count() "
                            "or sum()")
        return lambda c: c.local.get(name)

    def _binop(self, node: BinOp) -> Fn:
        left, right = self.compile(node.left), self.compile(node.right)
        if node.op == "and":
            return lambda c: to_bool(left(c)) and to_bool(right(c))
        if node.op == "or":
            return lambda c: to_bool(left(c)) or to_bool(right(c))
        op = BINARY[node.op]
        return lambda c: op(left(c), right(c))

    def _aggregate(self, node: Call) -> Fn:
        (arg,) = node.args
        if not isinstance(arg, Ref):
            raise self.fail(node, f"{node.name}() 的参数必须是 ${{题目名}}",
                            f"{node.name}() takes a ${{name}} reference")
        name, scope = arg.name, self.scopes.get(arg.name)
        if scope is None or scope is Scope.GROUP:
            self._ref(arg)  # raises the right message
        if scope is Scope.REPEAT:
            if node.name == "sum":
                raise self.fail(node, "sum() 不能用于整个重复组", "sum() of a repeat is not a number")
            return lambda c: len(c.members)
        if scope is Scope.HOUSEHOLD:
            def values(c: Ctx) -> list[Any]:
                return [c.hh.get(name)]
        else:
            def values(c: Ctx) -> list[Any]:
                return [m.get(name) for m in c.members]
        if node.name == "count":
            return lambda c: sum(1 for v in values(c) if not is_empty(v))
        return lambda c: tidy_sum(to_number(v) for v in values(c) if not is_empty(v))

    def _call(self, node: Call) -> Fn:
        name, args = node.name, node.args
        if name not in FUNCTIONS:
            raise self.fail(node, f"不支持的函数 {name}()", f"unknown function {name}()")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            want = str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"
            raise self.fail(node, f"{name}() 需要 {want} 个参数，实际 {len(args)} 个",
                            f"{name}() takes {want} argument(s), got {len(args)}")
        if name in AGGREGATES:
            return self._aggregate(node)
        if name == "position":
            if not isinstance(args[0], Parent):
                raise self.fail(node, "只支持 position(..)", "only position(..) is supported")
            if not self.in_repeat:
                raise self.fail(node, "position(..) 只能用在家庭成员中",
                                "position(..) only works inside the member repeat")
            return lambda c: c.position
        if name == "regex" and isinstance(args[1], Str):
            try:
                pattern = re.compile(args[1].value)
            except re.error as exc:
                raise self.fail(args[1], f"正则表达式有误：{exc}",
                                f"bad regular expression: {exc}") from exc
            subject = self.compile(args[0])
            return lambda c: pattern.fullmatch(to_str(subject(c))) is not None
        if name == "county-setting" and isinstance(args[0], Str) and self.setting_names is not None:
            if args[0].value not in self.setting_names:
                raise self.fail(args[0], f"没有名为“{args[0].value}”的县级设置",
                                f"no county setting named {args[0].value!r}; known: "
                                + ", ".join(sorted(self.setting_names)))
        fns = [self.compile(a) for a in args]
        return _FUNCTION_BUILDERS[name](fns)


def _lazy_coalesce(fns: list[Fn]) -> Fn:
    def run(c: Ctx) -> Any:
        for fn in fns:
            value = fn(c)
            if not is_empty(value):
                return value
        return None
    return run


_FUNCTION_BUILDERS: dict[str, Callable[[list[Fn]], Fn]] = {
    "selected": lambda f: lambda c: selected(f[0](c), f[1](c)),
    "count-selected": lambda f: lambda c: count_selected(f[0](c)),
    "string-length": lambda f: lambda c: len(to_str(f[0](c))),
    "regex": lambda f: lambda c: regex_match(f[0](c), f[1](c)),
    "if": lambda f: lambda c: f[1](c) if to_bool(f[0](c)) else f[2](c),
    "coalesce": _lazy_coalesce,
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
}


@dataclass(frozen=True)
class Expression:
    """A parsed and compiled expression; call it with a ``Ctx``."""

    source: str
    tree: Node
    refs: tuple[str, ...]
    fn: Fn

    def __call__(self, ctx: Ctx) -> Any:
        return self.fn(ctx)

    def __str__(self) -> str:
        return self.source


def compile_expression(source: str, scopes: Mapping[str, Scope], *, in_repeat: bool = False,
                       allow_bare: bool = False,
                       setting_names: Iterable[str] | None = None) -> Expression:
    """Parse and compile; raises ``ExprError`` (with position) for any mistake."""
    tree = parse(source)
    compiler = _Compiler(str(source), scopes, in_repeat, allow_bare,
                         frozenset(setting_names) if setting_names is not None else None)
    fn = compiler.compile(tree)
    refs = tuple(dict.fromkeys(name for name, _, _ in references(tree)))
    return Expression(str(source), tree, refs, fn)


def evaluate(source: str, values: Mapping[str, Any] | None = None, *,
             local: Mapping[str, Any] | None = None,
             members: list[Mapping[str, Any]] | None = None, repeat: str = "members",
             current: Any = None, position: int = 0, today: dt.date | None = None,
             settings: Mapping[str, Any] | None = None) -> Any:
    """Evaluate one expression on its own, for tests, the docs and quick checks.

    ``values`` are household answers, ``local`` the current member's, ``members`` every
    member's (names are taken from these mappings; ``repeat`` names the repeat itself).
    """
    scopes: dict[str, Scope] = {repeat: Scope.REPEAT}
    for m in [*(members or []), local or {}]:
        scopes.update(dict.fromkeys(m, Scope.MEMBER))
    scopes.update(dict.fromkeys(values or {}, Scope.HOUSEHOLD))
    expr = compile_expression(source, scopes, in_repeat=local is not None or position > 0)
    ctx = Ctx(values, local, list(members or []), position, current, today, settings)
    return expr(ctx)
