"""Parse the XLSForm expression language into a small syntax tree (lark, LALR; never ``eval``).

Expressions live in the workbook's ``relevant``, ``constraint``, ``calculation``, ``required``
and ``choice_filter`` columns. They are parsed once when the form is loaded; ``expr_eval``
turns each tree into a closure that is evaluated many times. Parse errors carry the 1-based
character position so the loader can tell the officer exactly where the expression breaks.

The subset (see docs/forms.md): ``${name}``, ``.``, ``..`` (only in ``position(..)``), numbers,
'strings', ``+ - * div mod``, ``= != < <= > >=``, ``and``/``or``, and function calls; bare
names refer to columns of the choices sheet and are allowed only in ``choice_filter``.
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
        | NAME                           -> bare
        | DOTDOT                         -> parent
        | DOT                            -> current
        | FNAME "(" [or_expr ("," or_expr)*] ")" -> call
        | "(" or_expr ")"

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
NUMBER: /\d+(\.\d+)?/
STRING: /'[^']*'/ | /"[^"]*"/
DOTDOT: ".."
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
class Bare(Node):
    name: str


@dataclass(frozen=True)
class Current(Node):
    pass


@dataclass(frozen=True)
class Parent(Node):
    pass


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

    def bare(self, tok: Token) -> Bare:
        return Bare(_pos(tok), str(tok))

    def parent(self, tok: Token) -> Parent:
        return Parent(_pos(tok))

    def current(self, tok: Token) -> Current:
        return Current(_pos(tok))

    def neg(self, op: Token, operand: Node) -> Neg:
        return Neg(_pos(op), operand)

    def binop(self, left: Node, op: Token, right: Node) -> BinOp:
        return BinOp(left.pos, str(op), left, right)

    def call(self, name: Token, *args: Node | None) -> Call:
        return Call(_pos(name), str(name), tuple(a for a in args if a is not None))


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", transformer=_ToTree(),
                maybe_placeholders=True)


def parse(source: str) -> Node:
    """Parse one expression; raises ``ExprError`` with the position of the first mistake."""
    text = str(source)
    if not text.strip():
        raise ExprError(text, 0, "表达式为空", "the expression is empty")
    try:
        return cast(Node, _parser().parse(text))
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


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents first."""
    yield node
    if isinstance(node, Neg):
        yield from walk(node.operand)
    elif isinstance(node, BinOp):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)


AGGREGATES = frozenset({"count", "sum"})


def references(node: Node) -> list[tuple[str, bool, int]]:
    """``(name, inside_an_aggregate, position)`` for every ``${name}`` in the tree."""
    found: list[tuple[str, bool, int]] = []

    def visit(n: Node, aggregated: bool) -> None:
        if isinstance(n, Ref):
            found.append((n.name, aggregated, n.pos))
        elif isinstance(n, Neg):
            visit(n.operand, aggregated)
        elif isinstance(n, BinOp):
            visit(n.left, aggregated)
            visit(n.right, aggregated)
        elif isinstance(n, Call):
            for arg in n.args:
                visit(arg, aggregated or n.name in AGGREGATES)

    visit(node, False)
    return found
