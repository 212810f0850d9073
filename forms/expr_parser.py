"""Parse the XLSForm expression language into a small syntax tree (lark, LALR; never ``eval``).

Expressions live in the workbook's ``relevant``, ``constraint``, ``calculation``, ``required``
and ``choice_filter`` columns. They are parsed once when the form is loaded; ``expr_eval``
turns each tree into a closure that is evaluated many times. Parse errors carry the 1-based
character position so the loader can tell the officer exactly where the expression breaks.

The subset (see docs/forms.md): ``${name}``, ``current()`` (the question the expression belongs
to, as javarosa and the XForms spec read it; ``current()/.`` the same) and ``current()/../name``
(a question beside or around this one, ``current()/../group/name`` inside a group there), ``.``, ``..`` (only in ``position(..)``), numbers,
'strings', ``+ - * div mod``, ``= != < <= > >=``, ``and``/``or``, and function calls; bare
names refer to columns of the choices sheet and are allowed only in ``choice_filter``.
Limits (docs/forms.md, "Limits"): ``MAX_LENGTH`` characters, ``MAX_DEPTH`` levels of nesting;
``and``/``or`` chains are built balanced, so their length does not count as depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import cast

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import MopaiError

GRAMMAR = r"""
?start: or_expr

?or_expr: and_expr
        | or_expr OR and_expr            -> binop
?and_expr: eq_expr
        | and_expr AND eq_expr           -> binop
?eq_expr: rel_expr
        | rel_expr EQ_OP rel_expr        -> binop
?rel_expr: add_expr
        | add_expr REL_OP add_expr       -> binop
?add_expr: mul_expr
        | add_expr PLUS mul_expr         -> binop
        | add_expr MINUS mul_expr        -> binop
?mul_expr: unary
        | mul_expr MUL_OP unary          -> binop
?unary: primary
      | MINUS unary                      -> neg
?primary: NUMBER                         -> number
        | STRING                         -> string
        | REF                            -> ref
        | CURPATH                        -> current_path
        | NAME                           -> bare
        | DOTDOT                         -> parent
        | DOT                            -> current
        | FNAME "(" [or_expr ("," or_expr)*] ")" -> call
        | "(" or_expr ")"

CURPATH.6: /current\s*\(\s*\)(?:\s*\/\s*(?:\.\.|\.(?![0-9])|[A-Za-z_][A-Za-z0-9_.\-]*))*/
FNAME.5: /(?!(?:and|or|div|mod)\b)[A-Za-z_][A-Za-z0-9_]*(?:[-:][A-Za-z_][A-Za-z0-9_]*)*(?=\s*\()/
OR.4: /or\b/
AND.4: /and\b/
MUL_OP.4: "*" | /div\b/ | /mod\b/
EQ_OP: "!=" | "="
REL_OP: "<=" | ">=" | "<" | ">"
PLUS: "+"
MINUS: "-"
REF: /\$\{[A-Za-z_][A-Za-z0-9_.\-]*\}/
NAME.1: /[A-Za-z_][A-Za-z0-9_]*/
NUMBER.2: /\d+(\.\d*)?|\.\d+/
STRING: /'[^']*'/ | /"[^"]*"/
DOTDOT: /\.\.(?:\/\.\.)*/
DOT: "."

%ignore /[ \t\r\n\u3000]+/
"""


class ExprError(MopaiError, ValueError):
    """An expression that cannot be used; ``position`` is 1-based in the source (0 if none)."""

    code = "expression"

    def __init__(self, source: str, position: int, zh: str, en: str) -> None:
        self.source = source
        self.position = position
        super().__init__(zh, en)
        where = f" at position {position}" if position else ""
        self.args = (f"{en}{where}: {source!r}",)


# -- syntax tree -------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    pos: int  # 1-based start in the source


@dataclass(frozen=True)
class Num(Node):
    value: int | float


@dataclass(frozen=True)
class Str(Node):
    value: str


@dataclass(frozen=True)
class Ref(Node):
    name: str


@dataclass(frozen=True)
class CurrentRef(Ref):
    """``current()/../name`` (``current()/../../name``, ``current()/../group/name`` …): the
    question ``name`` reached from the one the expression belongs to, ``up`` steps up, then
    down through the groups ``down``, as javarosa reads it — checked to be there by the
    compiler, then read as ``${name}``. ``up`` 0 is a step below the question itself, which
    holds nothing (refused). ``text`` is the path as written, for messages."""

    up: int = 1
    down: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Bare(Node):
    name: str


@dataclass(frozen=True)
class Current(Node):
    """``.``: the question the expression belongs to (its answer)."""


@dataclass(frozen=True)
class CurrentCall(Current):
    """``current()`` (or ``current()/.``): the question the expression belongs to, as ``.``
    is — except in a ``choice_filter``, where ``.`` would be the choice and ``current()`` is
    still the select (javarosa's ``CONTEXT_ORIGINAL``)."""

    text: str = "current()"


@dataclass(frozen=True)
class Parent(Node):
    depth: int = 1      # ``..`` is 1, ``../..`` 2: the enclosing repeat instance that many up


@dataclass(frozen=True)
class CurrentParent(Parent):
    """``current()/..`` (``current()/../..`` …): the group or repeat around the question, as
    ``..`` in ``position(..)``; it has no value of its own."""

    text: str = "current()/.."


@dataclass(frozen=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True)
class BinOp(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


def _pos(token: Token) -> int:
    return (token.start_pos or 0) + 1


@v_args(inline=True)
class _ToTree(Transformer[Token, Node]):
    def number(self, tok: Token) -> Num:
        text = str(tok)
        return Num(_pos(tok), float(text) if "." in text else int(text))

    def string(self, tok: Token) -> Str:
        return Str(_pos(tok), str(tok)[1:-1])

    def ref(self, tok: Token) -> Ref:
        return Ref(_pos(tok), str(tok)[2:-1])

    def current_path(self, tok: Token) -> Node:
        text = "".join(str(tok).split())
        up, down = 0, []
        for step in text.split("/")[1:]:
            if step == "..":
                if down:
                    down.pop()
                else:
                    up += 1
            elif step != ".":
                down.append(step)
        if down:
            return CurrentRef(_pos(tok), down[-1], up, tuple(down[:-1]), text)
        if up:
            return CurrentParent(_pos(tok), up, text)
        return CurrentCall(_pos(tok), text)

    def bare(self, tok: Token) -> Bare:
        return Bare(_pos(tok), str(tok))

    def parent(self, tok: Token) -> Parent:
        return Parent(_pos(tok), str(tok).count(".."))

    def current(self, tok: Token) -> Current:
        return Current(_pos(tok))

    def binop(self, left: Node, op: Token, right: Node) -> Node:
        if str(op) in ("and", "or"):
            return _chain(str(op), left, right)
        return BinOp(left.pos, str(op), _done(left), _done(right))

    def neg(self, op: Token, operand: Node) -> Neg:
        return Neg(_pos(op), _done(operand))

    def call(self, name: Token, *args: Node | None) -> Call:
        return Call(_pos(name), str(name), tuple(_done(a) for a in args if a is not None))


@dataclass(frozen=True)
class _Chain(Node):
    """``a or b or c …`` while it is being parsed: the operands of one connective, built into
    a balanced tree when complete, so a 500-term ``or`` nests 9 levels, not 500. ``and`` and
    ``or`` are associative and evaluated left to right either way, so the meaning is the same."""

    op: str
    operands: list[Node]


def _chain(op: str, left: Node, right: Node) -> _Chain:
    if isinstance(left, _Chain) and left.op == op:
        left.operands.append(_done(right))
        return left
    return _Chain(left.pos, op, [_done(left), _done(right)])


def _done(node: Node) -> Node:
    """A finished operand: a pending chain becomes a balanced tree of ``BinOp``."""
    if not isinstance(node, _Chain):
        return node
    level: list[Node] = list(node.operands)
    while len(level) > 1:  # pair neighbours, level by level (no recursion)
        paired = [BinOp(a.pos, node.op, a, b) for a, b in zip(level[::2], level[1::2], strict=False)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", transformer=_ToTree(),
                maybe_placeholders=True)


def parse(source: str) -> Node:
    """Parse one expression; raises ``ExprError`` with the position of the first mistake."""
    text = str(source)
    if not text.strip():
        raise ExprError(text, 0, "表达式为空", "the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExprError(text, MAX_LENGTH + 1, f"表达式太长（{len(text)} 个字符，上限 {MAX_LENGTH}）",
                        f"the expression is too long ({len(text)} characters; the limit is "
                        f"{MAX_LENGTH})")
    try:
        tree = _done(cast(Node, _parser().parse(text)))
    except UnexpectedEOF as exc:
        raise ExprError(text, len(text.rstrip()) + 1, "表达式不完整（结尾缺少内容或右括号）",
                        "the expression ends too early (missing operand or ')')") from exc
    except UnexpectedCharacters as exc:
        at = exc.pos_in_stream or 0
        raise ExprError(text, at + 1, f"无法识别的字符“{text[at]}”",
                        f"unexpected character {text[at]!r}") from exc
    except UnexpectedToken as exc:
        if exc.token.type == "$END":
            raise ExprError(text, len(text.rstrip()) + 1, "表达式不完整（结尾缺少内容或右括号）",
                            "the expression ends too early (missing operand or ')')") from exc
        raise ExprError(text, _pos(exc.token), f"此处不应出现“{exc.token}”",
                        f"unexpected {str(exc.token)!r}") from exc
    except UnexpectedInput as exc:  # pragma: no cover - other lark input errors
        raise ExprError(text, 0, "表达式无法解析", "the expression cannot be parsed") from exc
    deepest = _too_deep(tree)
    if deepest is not None:
        raise ExprError(text, deepest.pos,
                        f"表达式嵌套太深（超过 {MAX_DEPTH} 层）：请拆成几个 calculate 题",
                        f"the expression nests more than {MAX_DEPTH} levels deep: split it into "
                        "several calculate questions")
    return tree


# Limits that keep every expression a bounded amount of work with a bounded Python stack: the
# compiler, the evaluator and the undecided-relevance analysis walk the tree recursively. An
# Excel cell holds at most 32,767 characters; a chain of ``and``/``or`` of any length is
# balanced (depth log2 n), so only real nesting — if() inside if(), a + b + c … (left to right:
# one level per operator), brackets around operators — counts towards MAX_DEPTH.
MAX_LENGTH = 32_767
MAX_DEPTH = 100


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def _too_deep(tree: Node) -> Node | None:
    """The first node nested deeper than MAX_DEPTH, or None (iterative, no recursion)."""
    pending: list[tuple[Node, int]] = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            return node
        pending.extend((child, depth + 1) for child in _children(node))
    return None


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents first, left to right."""
    pending = [node]
    while pending:
        n = pending.pop()
        yield n
        pending.extend(reversed(_children(n)))


AGGREGATES = frozenset({"count", "sum"})
# Functions whose ``${member question}`` argument means the answers of every member (from the
# household or from a member): XPath's nodesets, as Mopai reads them (docs/forms.md).
NODESET_FUNCTIONS = frozenset({"count", "sum", "max", "min", "count-non-empty", "join",
                               "indexed-repeat"})


def references(node: Node) -> list[tuple[str, bool, int]]:
    """``(name, inside_an_aggregate, position)`` for every ``${name}`` in the tree, in order."""
    found: list[tuple[str, bool, int]] = []
    pending: list[tuple[Node, bool]] = [(node, False)]
    while pending:
        n, aggregated = pending.pop()
        if isinstance(n, Ref):
            found.append((n.name, aggregated, n.pos))
            continue
        inside = aggregated or (isinstance(n, Call) and n.name in NODESET_FUNCTIONS)
        pending.extend((child, inside) for child in reversed(_children(n)))
    return found
