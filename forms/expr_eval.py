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
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from . import expr_functions as xf
from .expr_fast import (
    ORDER,
    compare,
    compare_constant,
    constant_selected,
    equals_constant,
    ref_equals_text,
    ref_truth,
    returns_bool,
    selected_constant,
)
from .expr_parser import (
    AGGREGATES,
    NODESET_FUNCTIONS,
    Bare,
    BinOp,
    Call,
    Current,
    CurrentCall,
    CurrentParent,
    CurrentRef,
    ExprError,
    Neg,
    Node,
    Num,
    Parent,
    Ref,
    Str,
    parse,
    references,
    walk,
)
from .expr_repeats import RepeatPaths
from .expr_scope import Scope
from .expr_table import FUNCTION_BUILDERS as _FUNCTION_BUILDERS
from .expr_table import FUNCTIONS, REFUSED
from .expr_table import county_zone as _county_zone
from .expr_table import empty as _empty
from .expr_table import now as _now
from .expr_values import (
    BINARY,
    compile_pattern,
    full_match,
    is_empty,
    tidy_sum,
    to_bool,
    to_date,
    to_number,
    to_str,
)

__all__ = ["Ctx", "Expression", "Scope", "compile_expression", "evaluate", "is_empty",
           "reads_current", "to_bool", "to_date", "to_number", "to_str"]


class Ctx:
    """Everything an expression may look at while it is evaluated."""

    __slots__ = ("hh", "local", "members", "position", "current", "today", "settings", "choice",
                 "display", "path")

    def __init__(self, hh: Mapping[str, Any] | None = None,
                 local: Mapping[str, Any] | None = None,
                 members: Sequence[Mapping[str, Any]] | None = None, position: int = 0,
                 current: Any = None, today: dt.date | None = None,
                 settings: Mapping[str, Any] | None = None,
                 choice: Mapping[str, Any] | None = None, display: str = "",
                 path: Sequence[Any] = ()) -> None:
        self.hh = hh if hh is not None else {}
        self.local = local if local is not None else {}
        self.members: Sequence[Mapping[str, Any]] = members if members is not None else []
        self.position = position
        self.current = current
        self.settings = settings if settings is not None else {}
        self.today = today or dt.datetime.now(_county_zone(self)).date()  # the county's day
        self.choice = choice if choice is not None else {}
        self.display = display    # the display language (jr:choice-name); '' the form's default
        # The instances from the household down to the one evaluated (each with ``values``,
        # ``repeats`` {name: [instance…]} and ``position``): how an expression in or about a
        # repeat other than the members reads (forms/state.py ``Instance``, decision 59).
        self.path = path


Fn = Callable[[Ctx], Any]


# name -> (min args, max args or None for any); implementations are built in _compile_call.
@dataclass(frozen=True)
class _Compiler(RepeatPaths):
    source: str
    scopes: Mapping[str, Scope]
    in_repeat: bool
    allow_bare: bool
    setting_names: frozenset[str] | None
    choice_labels: Mapping[str, Mapping[str, Any]] | None = None   # name -> Text (or str)
    language: str = "en"    # the form's: format-date's month and day names (%b, %a)
    calls: dict[int, Fn] = field(default_factory=dict)   # id(Call node) -> its closure
    label_refs: list[str] = field(default_factory=list)  # ${} read in jr:choice-name's labels
    # Several and nested repeats (decision 59): each name's repeat chains (outermost first; a
    # repeat's own chain ends with itself), the chain of where the expression is, and the
    # members repeat's name. None: the form has only the members repeat.
    levels: Mapping[str, tuple[tuple[str, ...], ...]] | None = None
    here: tuple[str, ...] = ()
    members_name: str = ""
    # current()/../name (expr_repeats.py): each name's groups and repeats, outermost first,
    # and those of the question the expression belongs to. None: not checked (evaluate()).
    paths: Mapping[str, Sequence[tuple[str, ...]]] | None = None
    at: tuple[str, ...] = ()

    def fail(self, node: Node, zh: str, en: str) -> ExprError:
        return ExprError(self.source, node.pos, zh, en)

    def compile(self, node: Node) -> Fn:
        if isinstance(node, Num | Str):
            value = node.value
            return lambda c: value
        if isinstance(node, Ref):
            return self._ref(node)
        if isinstance(node, Current):
            if self.allow_bare and not isinstance(node, CurrentCall):
                raise self.fail(node, "choice_filter 中的“.”是选项本身（ODK 如此），没有值：选项的名称写 "
                                "name，本题的答案写 current()",
                                "in a choice_filter '.' is the choice itself (as in ODK), which "
                                "has no value: write name for the choice's name, current() for "
                                "this question's answer")
            return lambda c: c.current
        if isinstance(node, Bare):
            if not self.allow_bare:
                raise self.fail(node, f"“{node.name}”不是引用；引用题目请写成 ${{{node.name}}}",
                                f"bare name {node.name!r}: write ${{{node.name}}} to refer "
                                "to a question")
            name = node.name
            return lambda c: c.choice.get(name)
        if isinstance(node, CurrentParent):
            raise self.fail(node, f"{node.text} 是本题外层的分组或重复组，没有值：引用那里的题目请写 "
                            f"current()/../名称", f"{node.text} is the group or repeat around this "
                            "question, which has no value: write current()/../name for a "
                            "question there")
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
        if isinstance(node, CurrentRef):
            self.current_path(node)
        scope = self.scopes.get(name)
        if scope is None:
            raise self.fail(node, f"引用的题目 ${{{name}}} 不存在",
                            f"${{{name}}} refers to a question that does not exist")
        if scope is Scope.GROUP:
            raise self.fail(node, f"${{{name}}} 是分组，没有答案", f"${{{name}}} is a group, not a question")
        if self.generic(name):
            return self._single(node)
        if scope is Scope.HOUSEHOLD:
            return lambda c: c.hh.get(name)
        if scope is Scope.REPEAT or not self.in_repeat:
            raise self.fail(node, f"${{{name}}} 属于家庭成员，在户一级只能用 count() 或 sum()",
                            f"${{{name}}} belongs to the member repeat: outside it use count() "
                            "or sum()")
        return lambda c: c.local.get(name)

    def _binop(self, node: BinOp) -> Fn:
        if node.op in ("and", "or"):
            return self._connective(node)
        left, right = self.compile(node.left), self.compile(node.right)
        if node.op in ("=", "!=") and isinstance(node.left, Ref) and isinstance(node.right, Str) \
                and not self.generic(node.left.name):
            test = ref_equals_text(node.left.name, self.member_ref(node.left), node.right.value)
        elif node.op in ("=", "!=") and isinstance(node.right, Str | Num):
            test = equals_constant(left, node.right.value)
        elif node.op in ("=", "!=") and isinstance(node.left, Str | Num):
            test = equals_constant(right, node.left.value)
        elif node.op in ORDER and isinstance(node.right, Num):
            test = compare_constant(left, node.op, node.right.value)
        elif node.op in ORDER:
            return compare(left, node.op, right)
        else:
            op = BINARY[node.op]
            return lambda c: op(left(c), right(c))
        if node.op == "!=":
            return lambda c: not test(c)
        return test

    def _connective(self, node: BinOp) -> Fn:
        """``a and b and c`` (or ``or``) as one closure over the operands' truth values."""
        operands: list[Node] = []
        pending: list[Node] = [node]
        while pending:  # the tree leans left: (a and b) and c
            n = pending.pop()
            if isinstance(n, BinOp) and n.op == node.op:
                pending += [n.right, n.left]
            else:
                operands.append(n)
        tests = tuple(self.test(n, self.compile(n)) for n in operands)
        if len(tests) == 2:
            a, b = tests
            if node.op == "and":
                return lambda c: a(c) and b(c)
            return lambda c: a(c) or b(c)
        if node.op == "and":
            def every(c: Ctx) -> bool:
                for t in tests:
                    if not t(c):
                        return False
                return True
            return every

        def some(c: Ctx) -> bool:
            for t in tests:
                if t(c):
                    return True
            return False
        return some

    def test(self, node: Node, fn: Fn) -> Fn:
        """``fn`` as a truth value: itself when it always gives a bool, else through to_bool."""
        if returns_bool(node):
            return fn
        if isinstance(node, Ref) and not self.generic(node.name):
            return ref_truth(node.name, self.member_ref(node))
        return lambda c: to_bool(fn(c))

    def member_ref(self, node: Ref) -> bool:
        """Whether a compiled ``${name}`` reads the current member (else the household)."""
        return self.scopes.get(node.name) is not Scope.HOUSEHOLD

    def _aggregate(self, node: Call) -> Fn:
        (arg,) = node.args
        if not isinstance(arg, Ref):
            raise self.fail(node, f"{node.name}() 的参数必须是 ${{题目名}}",
                            f"{node.name}() takes a ${{name}} reference")
        name, scope = arg.name, self.scopes.get(arg.name)
        if scope is None or scope is Scope.GROUP:
            self._ref(arg)  # raises the right message
        if self.generic(name):
            if self._split(name)[2]:
                if node.name == "sum":
                    raise self.fail(node, "sum() 不能用于整个重复组",
                                    "sum() of a repeat is not a number")
                instances = self._instances(name)
                return lambda c: len(instances(c))
            nodes = self._generic_nodeset(arg)
            if node.name == "count":
                return lambda c: sum(1 for v in nodes(c) if not is_empty(v))
            return lambda c: tidy_sum(to_number(v) for v in nodes(c) if not is_empty(v))
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
        fn = self._call_inner(node)
        self.calls[id(node)] = fn
        return fn

    def _call_inner(self, node: Call) -> Fn:  # noqa: C901, PLR0911, PLR0912 - one per special
        name, args = node.name, node.args
        if name == "current":   # current() without arguments is a CURPATH token
            raise self.fail(node, "current() 不带参数：写 current()（本题）或 current()/../名称（本题"
                            "旁边或外层的题目）", "current() takes no arguments: write current() "
                            "(this question) or current()/../name (a question beside or around it)")
        if name in REFUSED:
            zh, en = REFUSED[name]
            raise self.fail(node, f"不支持函数 {name}()：{zh}", f"{name}() is not supported: {en}")
        if name not in FUNCTIONS:
            raise self.fail(node, f"不支持的函数 {name}()", f"unknown function {name}()")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            want = str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"
            raise self.fail(node, f"{name}() 需要 {want} 个参数，实际 {len(args)} 个",
                            f"{name}() takes {want} argument(s), got {len(args)}")
        if name in AGGREGATES:
            return self._aggregate(node)
        if name in NODESET_FUNCTIONS or name in ("once", "jr:choice-name", "now", "format-date",
                                                 "format-date-time") or (
                name in ("string-length", "normalize-space") and not args):
            return self._special(node)
        if name == "position":
            if not isinstance(args[0], Parent):
                raise self.fail(node, "只支持 position(..)", "only position(..) is supported")
            if self.levels is not None and (args[0].depth > 1 or any(
                    r != self.members_name for r in self.here)):
                return self._position(node, args[0].depth)
            if not self.in_repeat:
                raise self.fail(node, "position(..) 只能用在家庭成员中",
                                "position(..) only works inside the member repeat")
            return lambda c: c.position
        if name == "regex" and isinstance(args[1], Str):
            try:
                pattern = compile_pattern(args[1].value)
            except regex.error as exc:
                raise self.fail(args[1], f"正则表达式有误：{exc}",
                                f"bad regular expression: {exc}") from exc
            subject = self.compile(args[0])
            return lambda c: full_match(pattern, to_str(subject(c)))
        if name == "county-setting" and isinstance(args[0], Str) and self.setting_names is not None:
            if args[0].value not in self.setting_names:
                raise self.fail(args[0], f"没有名为“{args[0].value}”的县级设置",
                                f"no county setting named {args[0].value!r}; known: "
                                + ", ".join(sorted(self.setting_names)))
        fns = [self.compile(a) for a in args]
        if name == "selected" and isinstance(args[1], Str):
            return selected_constant(fns[0], args[1].value)
        if name == "selected" and isinstance(args[0], Str):
            return constant_selected(args[0].value, fns[1])
        if name in ("not", "if"):
            fns[0] = self.test(args[0], fns[0])
            if name == "not":
                truth = fns[0]
                return lambda c: not truth(c)
            cond, then, other = fns
            return lambda c: then(c) if cond(c) else other(c)
        if name == "county-setting" and isinstance(args[0], Str):
            key = args[0].value
            return lambda c: c.settings.get(key)
        if name == "digest":
            self._check_digest(node)
        return _FUNCTION_BUILDERS[name](fns)

    def _check_digest(self, node: Call) -> None:
        algorithm = node.args[1]
        if isinstance(algorithm, Str) and algorithm.value not in xf.DIGEST_NAMES:
            raise self.fail(algorithm, f"digest() 不支持算法“{algorithm.value}”",
                            f"digest() has no algorithm {algorithm.value!r}; use one of "
                            + ", ".join(xf.DIGEST_NAMES))
        if len(node.args) == 3 and isinstance(node.args[2], Str) and (
                node.args[2].value not in xf.ENCODINGS):
            raise self.fail(node.args[2], f"digest() 不支持编码“{node.args[2].value}”",
                            f"digest() has no encoding {node.args[2].value!r}; use base64 or hex")

    def _position(self, node: Call, depth: int) -> Fn:
        """``position(..)``, ``position(../..)``…: the number of the enclosing repeat instance
        that many levels up (groups between do not count)."""
        if depth > len(self.here):
            raise self.fail(node, f"position() 向上 {depth} 层，但这里只在 {len(self.here)} 层重复组中",
                            f"position() goes {depth} level(s) up but this is inside "
                            f"{len(self.here)} repeat(s)")
        at = len(self.here) - depth + 1
        return lambda c: c.path[at].position

    def _nodeset(self, node: Node) -> Callable[[Ctx], list[Any]]:
        """The values an argument stands for: every member's answer for a member question
        (from anywhere, as count() and sum()), else the one value."""
        if isinstance(node, Ref) and self.scopes.get(node.name) not in (None, Scope.GROUP) \
                and self.generic(node.name):
            return self._generic_nodeset(node)
        if isinstance(node, Ref):
            scope = self.scopes.get(node.name)
            name = node.name
            if scope is Scope.MEMBER:
                return lambda c: [m.get(name) for m in c.members]
            if scope is Scope.REPEAT:
                raise self.fail(node, f"${{{name}}} 是重复组，请引用组内的题目",
                                f"${{{name}}} is the repeat: refer to a question inside it")
        fn = self.compile(node)
        return lambda c: [fn(c)]

    def _special(self, node: Call) -> Fn:  # noqa: PLR0911 - one per function
        name, args = node.name, node.args
        if name in ("string-length", "normalize-space"):   # no argument: the answer itself
            simple = _FUNCTION_BUILDERS[name]
            return simple([lambda c: c.current])
        if name == "now":
            return _now
        if name == "once":
            inner = self.compile(args[0])
            return lambda c: c.current if not is_empty(c.current) else inner(c)
        if name == "jr:choice-name":
            return self._choice_name(node)
        if name in ("format-date", "format-date-time"):
            value, pattern = (self.compile(a) for a in node.args)
            lang = self.language
            return lambda c: xf.format_date(value(c), pattern(c), _county_zone(c), lang)
        if name == "indexed-repeat":
            return self._indexed_repeat(node)
        if name == "join":
            sep = self.compile(args[0])
            parts = [self._nodeset(a) for a in args[1:]]
            return lambda c: xf.join(sep(c), [v for p in parts for v in p(c)])
        sets = [self._nodeset(a) for a in args]
        if len(sets) == 1:
            (one,) = sets

            def values(c: Ctx) -> list[Any]:
                return one(c)
        else:
            def values(c: Ctx) -> list[Any]:
                return [v for s in sets for v in s(c)]
        if name == "max":
            return lambda c: xf.max_(values(c))
        if name == "min":
            return lambda c: xf.min_(values(c))
        return lambda c: xf.count_non_empty(values(c))        # count-non-empty

    def _choice_name(self, node: Call) -> Fn:
        value, question = node.args
        target = _QUOTED_REF.fullmatch(question.value.strip()) if isinstance(question, Str) else None
        if target is None:
            raise self.fail(question, "jr:choice-name() 的第二个参数应为带引号的 '${题目名}'",
                            "the second argument of jr:choice-name() must be a quoted "
                            "'${name}' of a select question")
        name = target.group(1)
        if name not in self.scopes:
            self._ref(Ref(question.pos, name))     # raises: no such question
        labels = (self.choice_labels or {}).get(name)
        if labels is None:
            raise self.fail(question, f"${{{name}}} 不是选择题", f"${{{name}}} is not a select question")
        fn, form_language = self.compile(value), self.language
        outputs = self._label_outputs(labels, question.pos)

        def choice_name(c: Ctx) -> str:
            # javarosa's ChoiceNameFunctionHandler: the choice's text in the current language,
            # else in the form's default (Localizer's fallback); '' for a value not in the list
            text = labels.get(to_str(fn(c)).strip())
            if text is None or isinstance(text, str):
                return text or ""
            shown = text.get(c.display or text.default or form_language)
            if outputs and "${" in shown:     # ${} in the choice's label, filled here
                shown = _LABEL_OUTPUT.sub(lambda m: to_str(outputs.get(
                    m.group(1), _empty)(c)), shown)
            return shown
        return choice_name

    def _label_outputs(self, labels: Mapping[str, Any], pos: int) -> dict[str, Fn]:
        """Each ``${name}`` in the choices' labels, compiled where the expression is (one the
        expression cannot reach gives '', as an output ODK cannot resolve)."""
        outputs: dict[str, Fn] = {}
        for text in labels.values():
            for lang_text in (() if isinstance(text, str) else
                              (text.zh, text.en, *(t for _, t in text.more))):
                for match in _LABEL_OUTPUT.finditer(lang_text):
                    name = match.group(1)
                    if name not in outputs:
                        try:
                            outputs[name] = self.compile(Ref(pos, name))
                            self.label_refs.append(name)   # read too: ordered before it
                        except ExprError:
                            outputs[name] = _empty
        return outputs

    def _indexed_repeat(self, node: Call) -> Fn:
        args = node.args
        if self.levels is not None and (len(args) != 3 or (
                isinstance(args[0], Ref) and self.generic(args[0].name))):
            return self._indexed_levels(node)
        if len(args) != 3:
            raise self.fail(node, "indexed-repeat() 只支持一层重复组（3 个参数）",
                            "indexed-repeat() takes 3 arguments here (one level of repeat)")
        question, repeat, index = args
        if not (isinstance(question, Ref) and self.scopes.get(question.name) is Scope.MEMBER):
            raise self.fail(question, "indexed-repeat() 的第一个参数应为重复组中的题目 ${名称}",
                            "the first argument of indexed-repeat() must be a ${name} inside "
                            "the repeat")
        if not (isinstance(repeat, Ref) and self.scopes.get(repeat.name) is Scope.REPEAT):
            raise self.fail(repeat, "indexed-repeat() 的第二个参数应为重复组 ${名称}",
                            "the second argument of indexed-repeat() must be the repeat's ${name}")
        name, at = question.name, self.compile(index)

        def run(c: Ctx) -> Any:
            n = to_number(at(c))
            if n != n or math.isinf(n) or not 1 <= int(n) <= len(c.members):
                return None
            return c.members[int(n) - 1].get(name)
        return run




_QUOTED_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LABEL_OUTPUT = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class Expression:
    """A parsed and compiled expression; call it with a ``Ctx``.

    ``test`` is the same expression as a truth value (``to_bool`` of ``fn``), compiled without
    the conversion when the expression always gives a bool: relevance and constraints use it.
    """

    source: str
    tree: Node
    refs: tuple[str, ...]
    fn: Fn
    test: Fn
    calls: Mapping[int, Fn] = field(default_factory=dict, repr=False, compare=False)

    def __call__(self, ctx: Ctx) -> Any:
        return self.fn(ctx)

    def __str__(self) -> str:
        return self.source


def reads_current(expr: Expression) -> bool:
    """Whether ``expr`` reads the question it belongs to (``.``, ``current()``, ``once()``):
    its caller must then put that question's answer in ``Ctx.current``."""
    return any(isinstance(n, Current) or (isinstance(n, Call) and n.name == "once")
               for n in walk(expr.tree))


def compile_expression(source: str, scopes: Mapping[str, Scope], *, in_repeat: bool = False,
                       allow_bare: bool = False,
                       setting_names: Iterable[str] | None = None,
                       choice_labels: Mapping[str, Mapping[str, Any]] | None = None,
                       language: str = "en",
                       levels: Mapping[str, tuple[tuple[str, ...], ...]] | None = None,
                       here: tuple[str, ...] = (), members_name: str = "",
                       paths: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
                       at: tuple[str, ...] = ()) -> Expression:
    """Parse and compile; raises ``ExprError`` (with position) for any mistake.

    ``choice_labels``: for each select question in scope, its choices' labels (by name: a
    ``forms.Text``, shown in the context's display language, or a fixed text), for
    ``jr:choice-name()``; ``language``: the form's (its key, ``zh`` or ``en``…), for
    format-date's month and day names."""
    tree = parse(source)
    compiler = _Compiler(str(source), scopes, in_repeat, allow_bare,
                         frozenset(setting_names) if setting_names is not None else None,
                         choice_labels, language, levels=levels, here=here,
                         members_name=members_name, paths=paths, at=at)
    fn = compiler.compile(tree)
    refs = tuple(dict.fromkeys([*(name for name, _, _ in references(tree)),
                                *compiler.label_refs]))
    return Expression(str(source), tree, refs, fn, compiler.test(tree, fn), compiler.calls)


def evaluate(source: str, values: Mapping[str, Any] | None = None, *,
             local: Mapping[str, Any] | None = None,
             members: list[Mapping[str, Any]] | None = None, repeat: str = "members",
             current: Any = None, position: int = 0, today: dt.date | None = None,
             settings: Mapping[str, Any] | None = None, language: str = "en",
             choice_labels: Mapping[str, Mapping[str, Any]] | None = None,
             display: str = "") -> Any:
    """Evaluate one expression on its own, for tests, the docs and quick checks.

    ``values`` are household answers, ``local`` the current member's, ``members`` every
    member's (names are taken from these mappings; ``repeat`` names the repeat itself).
    """
    scopes: dict[str, Scope] = {repeat: Scope.REPEAT}
    for m in [*(members or []), local or {}]:
        scopes.update(dict.fromkeys(m, Scope.MEMBER))
    scopes.update(dict.fromkeys(values or {}, Scope.HOUSEHOLD))
    expr = compile_expression(source, scopes, in_repeat=local is not None or position > 0,
                              language=language, choice_labels=choice_labels)
    ctx = Ctx(values, local, list(members or []), position, current, today, settings,
              display=display)
    return expr(ctx)
