"""The loader's shared state (forms/loader.py): the problems and warnings found, the form's
language, and what every part needs: adding a problem, a verdict of forms/xlsform.py, a
yes/no cell, compiling an expression cell."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import FormProblem
from .expr_eval import Expression, Scope, compile_expression
from .expr_parser import ExprError
from .model import ChoiceList
from .settings import SETTING_NAMES
from .sheets import Row
from .xlsform import Verdict, appearance_verdicts

# An XML name as pyxform accepts it (letters, digits, _, - and .; not starting with a digit,
# - or .): the name is an element of ODK's XForm, and a key of Mopai's record.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_YES = {"yes", "true", "1", "true()", "是"}
_NO = {"no", "false", "0", "false()", "否", ""}


def _problem(row: Row, column: str, zh: str, en: str, fix_zh: str = "", fix_en: str = ""
             ) -> FormProblem:
    return FormProblem(row.sheet, row.number, row.column(column), zh, en, fix_zh, fix_en)


class LoaderBase:
    def __init__(self) -> None:
        self.problems: list[FormProblem] = []
        self.warnings: list[FormProblem] = []
        self.lang = "zh"
        self.too_deep = False
        # several and nested repeats (decision 59): where each name is, and the row compiled
        self.levels: dict[str, tuple[tuple[str, ...], ...]] | None = None
        # current()/../name: every name's groups and repeats, and the row's own
        self.paths: dict[str, list[tuple[str, ...]]] = {}
        self.at: tuple[str, ...] = ()
        self.here: tuple[str, ...] = ()
        self.members_name = ""
        self.labels_outside: dict[str, dict[str, Any]] = {}   # jr:choice-name's Texts
        self.labels_inside: dict[str, dict[str, Any]] = {}
        self.embedded: dict[str, list[list[str]]] = {}   # list files inside the workbook
        self.folder: Path | None = None                   # where list files lie beside it
        self.file_lists: dict[tuple[str, str, str, bool], ChoiceList | None] = {}
        self.choice_refs_checked: set[tuple[str, int, str]] = set()   # ${} in choice labels

    def where(self) -> dict[str, object]:
        """compile_expression's arguments for where the row being compiled is."""
        return {"levels": self.levels, "here": self.here, "members_name": self.members_name,
                "paths": self.paths, "at": self.at}

    def add(self, *args: str, row: Row) -> None:
        self.problems.append(_problem(row, *args))

    def verdict(self, verdict: Verdict, sheet: str, row: int, column: str, what: tuple[str, str]
                ) -> None:
        """A refusal or a warning for something Mopai does not build (forms/xlsform.py);
        ``what`` names it, in Chinese and English."""
        problem = FormProblem(sheet, row, column, f"{what[0]}：{verdict.zh}",
                              f"{what[1]}: {verdict.en}", verdict.fix_zh, verdict.fix_en)
        (self.problems if verdict.action == "refuse" else self.warnings).append(problem)

    def appearances(self, row: Row, kind: str) -> None:
        """A warning (or refusal) for each word of the row's ``appearance`` the editor does
        not honour on a ``kind`` row (forms/xlsform.py, decision 67)."""
        value = row.get("appearance")
        for word, verdict in appearance_verdicts(value, kind) if value else ():
            self.verdict(verdict, row.sheet, row.number, row.column("appearance"),
                         (f"外观“{word}”", f"the appearance {word!r}"))

    def flag(self, row: Row, column: str, expr_ok: bool = False) -> bool | None:
        value = row.get(column).lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        if expr_ok:
            return None  # an expression, compiled in pass two
        self.add(column, f"“{column}”只能填 yes 或 no", f"{column} must be yes or no",
                 "填 yes 或留空", "write yes or leave it empty", row=row)
        return False


    def compile(self, row: Row, column: str, scopes: dict[str, Scope], in_repeat: bool,
                allow_bare: bool = False) -> Expression | None:
        source = row.get(column)
        if not source:
            return None
        try:
            return compile_expression(source, scopes, in_repeat=in_repeat, allow_bare=allow_bare,
                                      setting_names=SETTING_NAMES,
                                      choice_labels=self.labels_inside if in_repeat
                                      else self.labels_outside, language=self.lang,
                                      **self.where())
        except ExprError as exc:
            at = f"第{exc.position}个字符处" if exc.position else ""
            self.add(column, f"表达式错误{at}：{exc.zh}（{source}）",
                     f"bad expression{f' at character {exc.position}' if exc.position else ''}: "
                     f"{exc.en} ({source})", "改正表达式，引用题目写成 ${名称}",
                     "correct the expression; refer to questions as ${name}", row=row)
            return None

