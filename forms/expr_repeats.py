"""The expression compiler's paths through several and nested repeats (decision 59): which
repeat chain a ``${name}`` stands in seen from where the expression is, the instances it
names there, and ``indexed-repeat()`` over several levels, as javarosa reads the paths
pyxform writes. Mixed into ``forms/expr_eval.py``'s compiler; used only when a form has
repeats besides the members (``levels`` is not None)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .expr_parser import Call, CurrentRef, ExprError, Node, Ref
from .expr_scope import Scope
from .expr_values import to_number

if TYPE_CHECKING:
    from .expr_eval import Ctx

    Fn = Callable[[Ctx], Any]


class RepeatPaths:
    """What the compiler (``expr_eval._Compiler``) needs: its fields below and `compile`."""

    scopes: Mapping[str, Scope]
    levels: Mapping[str, tuple[tuple[str, ...], ...]] | None
    here: tuple[str, ...]
    members_name: str
    paths: Mapping[str, Sequence[tuple[str, ...]]] | None
    at: tuple[str, ...]

    def fail(self, node: Node, zh: str, en: str) -> ExprError:
        raise NotImplementedError

    def compile(self, node: Node) -> Fn:
        raise NotImplementedError

    def current_path(self, node: CurrentRef) -> None:
        """``current()/../name``: javarosa's ``current()`` is the question the expression
        belongs to (in a choice_filter too, where other names are the choices' columns), each
        ``..`` one group, repeat instance or the form above it, then down through the groups
        named; ``name`` must be a question there, which ``${name}`` then reads (decision 61).
        A step below the question itself (``current()/name``) names nothing: a question holds
        no questions."""
        path = node.text or "current()" + "/.." * node.up + f"/{node.name}"
        if node.up == 0:
            raise self.fail(node, f"{path}：题目里面没有题目；本题旁边的题目请写 current()/../"
                            f"{node.name}", f"{path}: a question holds no questions; for a "
                            f"question beside this one write current()/../{node.name}")
        if self.paths is None:
            return
        if node.up - 1 > len(self.at):
            raise self.fail(node, f"{path}：“..”太多，已超出问卷的最外层",
                            f"{path}: too many '..', above the form itself")
        there = (*self.at[:len(self.at) - (node.up - 1)], *node.down)
        found = self.paths.get(node.name)
        if found is None:
            raise self.fail(node, f"{path}：题目 {node.name} 不存在",
                            f"{path}: there is no question {node.name!r}")
        if there not in found:
            zh = "、".join("/".join(f) or "问卷最外层" for f in found)
            en = ", ".join("/".join(f) or "the form itself" for f in found)
            raise self.fail(node, f"{path} 不是题目 {node.name}（它在 {zh}）；请写 ${{{node.name}}}",
                            f"{path} is not where {node.name!r} is (it is in {en}); "
                            f"write ${{{node.name}}}")

    def chain_of(self, name: str) -> tuple[str, ...] | None:
        """The repeat chain ``${name}`` stands in, seen from here: of the name's places, the
        deepest that encloses this expression, else its only place (names inside repeats
        other than the members are unique in the form)."""
        chains = (self.levels or {}).get(name)
        if not chains:
            return None
        enclosing = [c for c in chains if self.here[:len(c)] == c]
        return max(enclosing, key=len) if enclosing else chains[-1]

    def generic(self, name: str) -> bool:
        """Whether ``${name}`` is read through the instance path (it or this expression is
        in a repeat other than the members); else the compiled shortcuts of the members."""
        if self.levels is None:
            return False
        chain = self.chain_of(name)
        if chain is None:
            return False
        return any(r != self.members_name for r in (*chain, *self.here))

    def _split(self, name: str) -> tuple[int, tuple[str, ...], bool]:
        """(the depth of the instance both share, the repeats below it down to the name's,
        whether the name is a repeat)."""
        chain = self.chain_of(name)
        assert chain is not None
        is_repeat = self.scopes.get(name) is Scope.REPEAT or (bool(chain) and chain[-1] == name)
        owner = chain[:-1] if is_repeat else chain
        shared = 0
        while shared < min(len(owner), len(self.here)) and owner[shared] == self.here[shared]:
            shared += 1
        return shared, chain[shared:], is_repeat

    def _single(self, node: Ref) -> Fn:
        name = node.name
        shared, below, is_repeat = self._split(name)
        if is_repeat or below:
            raise self.fail(node, f"${{{name}}} 在另一个重复组中，有多个值：请用 count()、sum()、"
                            "max()、min()、join() 或 indexed-repeat()",
                            f"${{{name}}} is inside another repeat and has many values: use "
                            "count(), sum(), max(), min(), join() or indexed-repeat()")
        return lambda c: c.path[shared].values.get(name)

    def _instances(self, name: str) -> Callable[[Ctx], list[Any]]:
        """Every instance holding ``${name}`` under the instance both share (for a repeat:
        its instances there): ODK's nodeset of the path pyxform writes."""
        shared, below, is_repeat = self._split(name)
        steps = below

        def run(c: Ctx) -> list[Any]:
            nodes = [c.path[shared]]
            for repeat in steps:
                nodes = [kid for n in nodes for kid in n.repeats.get(repeat, ())]
            return nodes
        return run

    def _generic_nodeset(self, node: Ref) -> Callable[[Ctx], list[Any]]:
        name = node.name
        shared, below, is_repeat = self._split(name)
        if is_repeat:
            raise self.fail(node, f"${{{name}}} 是重复组，请引用组内的题目",
                            f"${{{name}}} is the repeat: refer to a question inside it")
        if not below:
            return lambda c: [c.path[shared].values.get(name)]
        instances = self._instances(name)
        return lambda c: [i.values.get(name) for i in instances(c)]


    def _indexed_levels(self, node: Call) -> Fn:
        """``indexed-repeat(${x}, ${r1}, i1[, ${r2}, i2…])`` over several levels, as javarosa:
        each named repeat's instance by its number (the pairs in any order); a repeat of
        ``${x}``'s chain not named is this expression's own instance there."""
        question, *pairs = node.args
        if len(pairs) % 2:
            raise self.fail(node, "indexed-repeat() 的重复组和序号应成对出现",
                            "indexed-repeat() takes a repeat and an index in pairs")
        if not isinstance(question, Ref) or self.scopes.get(question.name) in (
                None, Scope.GROUP, Scope.REPEAT) or self.chain_of(question.name) in (None, ()):
            raise self.fail(question, "indexed-repeat() 的第一个参数应为重复组中的题目 ${名称}",
                            "the first argument of indexed-repeat() must be a ${name} inside "
                            "the repeat")
        name = question.name
        chain = self.chain_of(name)
        assert chain is not None
        index: dict[str, Fn] = {}
        for repeat, at in zip(pairs[::2], pairs[1::2], strict=True):
            if not (isinstance(repeat, Ref) and repeat.name in chain):
                raise self.fail(repeat, f"indexed-repeat() 的重复组应为 ${{{name}}} 所在的重复组之一："
                                + "、".join(chain), f"indexed-repeat()'s repeats must be those "
                                f"${{{name}}} is in: " + ", ".join(chain))
            index[repeat.name] = self.compile(at)
        steps: list[tuple[str, Fn | None, int]] = []
        for depth, repeat in enumerate(chain):
            if repeat in index:
                steps.append((repeat, index[repeat], depth))
            elif self.here[:depth + 1] == chain[:depth + 1]:
                steps.append((repeat, None, depth))
            else:
                raise self.fail(node, f"indexed-repeat() 缺少重复组 ${{{repeat}}} 的序号",
                                f"indexed-repeat() needs an index for ${{{repeat}}}")

        def run(c: Ctx) -> Any:
            instance = c.path[0]
            for repeat, at, depth in steps:
                if at is None:
                    instance = c.path[depth + 1]
                    continue
                n = to_number(at(c))
                kids = instance.repeats.get(repeat, ())
                if n != n or math.isinf(n) or not 1 <= int(n) <= len(kids):
                    return None
                instance = kids[int(n) - 1]
            return instance.values.get(name)
        return run

