"""An import-linter contract of our own: no two modules import each other, directly or not.

import-linter's `acyclic_siblings` looks at the children of a package as units (a sub-package
with all its modules is one), so it cannot say "no module cycle" across sub-packages without
also forbidding two sub-packages from using each other in both directions. This contract
looks at modules only: it finds every group of modules that reach each other (Tarjan's
strongly connected components over the import graph, imports inside functions included) and
prints one cycle of each. Registered in pyproject.toml (`contract_types`); `lint-imports` runs
it with the others. A developer tool: nothing that ships imports it.
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class AcyclicModulesContract(Contract):
    type_name = "acyclic_modules"

    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        roots = set(self.packages)  # type: ignore[arg-type]
        modules = sorted(m for m in graph.modules if m.split(".")[0] in roots)
        edges = {m: sorted(n for n in graph.find_modules_directly_imported_by(m)
                           if n.split(".")[0] in roots and n != m) for m in modules}
        cycles = [_one_cycle(graph, group) for group in _components(modules, edges)
                  if len(group) > 1]
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(" -> ".join(cycle), bold=False)
            output.new_line()


def _components(modules: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan), without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, rest = work[-1]
            nxt = next(rest, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    found.append(sorted(group))
            elif nxt not in index:
                index[nxt] = low[nxt] = len(index)
                stack.append(nxt)
                on_stack.add(nxt)
                work.append((nxt, iter(edges[nxt])))
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
    return found


def _one_cycle(graph: Any, group: list[str]) -> list[str]:
    """One cycle through the first module of `group`: it, a module it imports in the group,
    and the shortest way back."""
    first = group[0]
    members = set(group)
    for nxt in sorted(graph.find_modules_directly_imported_by(first)):
        if nxt in members and nxt != first:
            back = graph.find_shortest_chain(importer=nxt, imported=first)
            if back:
                return [first, *back]
    return group  # not reached: every module of a group reaches the others
