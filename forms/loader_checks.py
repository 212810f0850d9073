"""The loader's checks of pass two and three (forms/loader.py): ``trigger`` cells, ``${}`` in
texts, ``default`` (static and dynamic), and self-references and cycles among calculations,
relevance, defaults and choice filters."""

from __future__ import annotations

import re

from .defaults import is_dynamic, static_value
from .errors import FormProblem
from .expr_eval import Expression, Scope, compile_expression
from .expr_parser import ExprError
from .loader_base import LoaderBase
from .model import Group, Question, Repeat
from .output import references as output_references
from .sheets import TEXT_COLUMNS, Row
from .state import topological


class ChecksPart(LoaderBase):
    def trigger(self, q: Question, row: Row, scopes: dict[str, Scope], in_repeat: bool
                ) -> tuple[str, ...]:
        """The ``trigger`` cell: one or more ``${name}``, comma-separated (as pyxform reads it)."""
        names: list[str] = []
        for part in row.get("trigger").split(","):
            match = re.fullmatch(r"\$\{([^}]*)\}", part.strip())
            if match is None:
                self.add("trigger", f"trigger 应写成 ${{题目名}}，多个用逗号分隔（“{part.strip()}”）",
                         f"a trigger is one or more ${{name}}, comma-separated ({part.strip()!r})",
                         "写成 ${题目名}", "write ${name}", row=row)
                continue
            name = match.group(1)
            # a question inside a repeat below triggers it too (javarosa: setvalue in the
            # repeat setting a value outside it): named as a nodeset from here
            named = f"count(${{{name}}})" if name in (self.levels or {}) else f"${{{name}}}"
            try:
                compile_expression(named, scopes, in_repeat=in_repeat, **self.where())
            except ExprError as exc:
                self.add("trigger", f"trigger：{exc.zh}", f"trigger: {exc.en}",
                         "改正题目名称", "correct the name", row=row)
                continue
            if name == q.name:
                self.add("trigger", "题目不能由自己触发", f"{name!r} cannot trigger itself",
                         "改为另一道题", "name another question", row=row)
            elif name not in names:
                names.append(name)
        return tuple(names)

    def outputs(self, row: Row, scopes: dict[str, Scope], in_repeat: bool) -> None:
        """``${name}`` in a label, hint or message (ODK's output) must name a question in reach,
        as in an expression (forms/output.py fills them)."""
        for key, text in row.cells.items():
            if key.partition("::")[0] not in TEXT_COLUMNS or "${" not in text:
                continue
            for name, position in output_references(text):
                try:
                    compile_expression(f"${{{name}}}", scopes, in_repeat=in_repeat,
                                   **self.where())
                except ExprError as exc:
                    self.add(key, f"第{position}个字符处：{exc.zh}（{text}）",
                             f"at character {position}: {exc.en} ({text})",
                             "改正 ${} 中的题目名称", "correct the name inside ${}", row=row)

    def choice_outputs(self, q: Question, scopes: dict[str, Scope], in_repeat: bool) -> None:
        """``${name}`` in the labels of ``q``'s choices (pyxform writes an output, javarosa
        shows it) must name a question in reach of ``q``, as in its own label; a wrong one is
        refused naming the choices row (once per choice and name)."""
        if q.choices is None:
            return
        for choice in q.choices.choices:
            texts = [t for t in (choice.label.zh, choice.label.en,
                                 *(t for _, t in choice.label.more)) if "${" in t]
            for text in texts:
                for name, position in output_references(text):
                    key = (q.choices.name, choice.row, name)
                    if key in self.choice_refs_checked:
                        continue
                    self.choice_refs_checked.add(key)
                    try:
                        compile_expression(f"${{{name}}}", scopes, in_repeat=in_repeat,
                                           **self.where())
                    except ExprError as exc:
                        self.problems.append(FormProblem(
                            "choices", choice.row, "label",
                            f"选项“{choice.name}”的标签第{position}个字符处：{exc.zh}（{text}）",
                            f"the label of choice {choice.name!r}, at character {position}: "
                            f"{exc.en} ({text})", "改正 ${} 中的题目名称",
                            "correct the name inside ${}"))

    def default(self, q: Question, row: Row, scopes: dict[str, Scope], in_repeat: bool) -> None:
        """A dynamic default is compiled (evaluated once when the question is created); a
        literal one must be an answer of the question's type (forms/defaults.py)."""
        text = row.get("default")
        if not text:
            return
        if is_dynamic(text, q.type):
            q.default_expr = self.compile(row, "default", scopes, in_repeat)
            return
        value, why = static_value(q, text)
        if why is not None:
            self.add("default", f"默认值“{text}”不适用于“{q.name}”的题型 {q.type.value}",
                     f"the default of {q.name!r} does not fit its type {q.type.value}: {why}",
                     "改正默认值，或留空", "correct the default or clear it", row=row)
        else:
            q.default_value = value

    def cycles(self, items: list[tuple[Question | Group, Row]]) -> list[Question] | None:
        """Refuse self-references and cycles, naming them: among calculations, relevance and
        required (each value needs the others first: ODK refuses these too), among dynamic
        defaults (each is evaluated once, after those it refers to) and among choice
        filters. A constraint gives no value, so it cannot close a cycle: ``${a}`` in a's own
        constraint is its answer, like ``.``. Returns the dynamic defaults in evaluation order."""
        nodes = [item for item, _ in items if not isinstance(item, Repeat)]
        rows = {id(item): row for item, row in items}
        where = {id(n): i for i, n in enumerate(nodes)}
        level: dict[tuple[bool, str], int] = {}
        for i, n in enumerate(nodes):
            level.setdefault((_item_in_repeat(n), n.name), i)

        def target(n: Question | Group, name: str) -> int | None:
            inside = _item_in_repeat(n)
            return level.get((inside, name), level.get((not inside, name)))

        value_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        default_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        filter_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        for i, n in enumerate(nodes):
            if n.parent is not None and not isinstance(n.parent, Repeat):
                value_edges[i].append((where[id(n.parent)], "relevant"))
            exprs: list[tuple[str, Expression | None]] = [("relevant", n.relevant)]
            if isinstance(n, Question):
                exprs += [("calculation", n.calculation), ("required", n.required_if)]
            for column, expr in exprs:
                for name in expr.refs if expr is not None else ():
                    j = target(n, name)
                    if j is not None:
                        value_edges[i].append((j, column))
            if isinstance(n, Question) and n.default_expr is not None:
                for name in n.default_expr.refs:
                    j = target(n, name)
                    if j is not None and (j == i or (isinstance(nodes[j], Question)
                                                     and nodes[j].default_expr is not None)):
                        default_edges[i].append((j, "default"))
            if isinstance(n, Question) and n.choice_filter is not None:
                for name in n.choice_filter.refs:
                    j = target(n, name)
                    if j is not None and (j == i or (isinstance(nodes[j], Question)
                                                     and nodes[j].choice_filter is not None)):
                        filter_edges[i].append((j, "choice_filter"))
        for edges in (value_edges, default_edges, filter_edges):
            for cycle in _find_cycles(edges):
                first, column = cycle[0]
                names = [f"{nodes[i].name}（第{rows[id(nodes[i])].number}行）" for i, _ in cycle]
                names_en = [f"{nodes[i].name} (row {rows[id(nodes[i])].number})" for i, _ in cycle]
                lead = nodes[first].name
                self.add(column, "循环引用：" + " → ".join([*names, lead]),
                         "circular reference: " + " → ".join([*names_en, lead]),
                         "去掉其中一个引用（检查答案用 . 表示本题）",
                         "remove one of the references (use . for the answer itself)",
                         row=rows[id(nodes[first])])
        order = _topological(default_edges)
        return [q for i in order if isinstance(q := nodes[i], Question)
                and q.default_expr is not None]


def _item_in_repeat(item: Question | Group) -> bool:
    return item.in_repeat if isinstance(item, Question) else _group_in_repeat(item)


def _find_cycles(edges: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Each distinct cycle once, as ``[(node, column of its reference to the next), …]``
    (iterative depth-first search; a self-reference is a cycle of one)."""
    state = [0] * len(edges)          # 0 new, 1 on the path, 2 done
    found: list[list[tuple[int, str]]] = []
    seen: set[frozenset[int]] = set()
    for start in range(len(edges)):
        if state[start]:
            continue
        stack: list[tuple[int, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, k = stack[-1]
            if k < len(edges[node]):
                stack[-1] = (node, k + 1)
                nxt, column = edges[node][k]
                if state[nxt] == 1:
                    on_path = [n for n, _ in stack]
                    at = on_path.index(nxt)
                    cycle = [(n, edges[n][kk - 1][1]) for n, kk in stack[at:]]
                    if frozenset(n for n, _ in cycle) not in seen:
                        seen.add(frozenset(n for n, _ in cycle))
                        found.append(cycle)
                elif state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                stack.pop()
    return found


def _topological(edges: list[list[tuple[int, str]]]) -> list[int]:
    """Nodes after what they refer to, in workbook order otherwise (cycles left out)."""
    return topological([{j for j, _ in e} for e in edges])


def _group_in_repeat(group: Group) -> bool:
    node = group.parent
    while node is not None:
        if isinstance(node, Repeat):
            return True
        node = node.parent
    return False

