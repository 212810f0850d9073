"""The one error a form raises: a workbook that cannot be used, with every problem in it.

A county officer edits the workbook in Excel and runs ``mopai form check``; stopping at the
first mistake would make them go round the loop once per mistake, so the loader collects every
problem and raises them together. Each problem names the sheet, the Excel row and the column,
says what is wrong and what to do, in Chinese and English (pyxform's row-context errors).

``FormError`` mirrors the interface of ``sync.errors.MopaiError`` (``zh``, ``en``, ``where``,
``one_line()``, ``message(lang)``, ``exit_code``) without importing it: ``forms`` sits below
``sync`` and must not depend on it, yet the GUI and the command line present both the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class FormProblem:
    """One mistake in a workbook; ``row`` is the Excel row number (1 = header), 0 if none."""

    sheet: str
    row: int
    column: str
    message_zh: str
    message_en: str
    fix_zh: str = ""
    fix_en: str = ""

    @property
    def where(self) -> str:
        parts = [self.sheet or "workbook"]
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def one_line(self, lang: str = "both") -> str:
        zh = self.message_zh + (f"（{self.fix_zh}）" if self.fix_zh else "")
        en = self.message_en + (f" ({self.fix_en})" if self.fix_en else "")
        text = zh if lang.startswith("zh") else en if lang == "en" else f"{zh} / {en}"
        return f"[{self.where}] {text}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[int, int, str]:
        order = {"": 0, "settings": 1, "choices": 2, "survey": 3}
        return (order.get(self.sheet, 4), self.row, self.column)


class FormError(Exception):
    """The workbook cannot be used as a form; ``problems`` lists every reason."""

    exit_code = 1

    def __init__(self, problems: Iterable[FormProblem]) -> None:
        self.problems: list[FormProblem] = sorted(problems, key=FormProblem.sort_key)
        count = len(self.problems)
        self.zh = f"问卷工作簿有 {count} 处错误，请逐条修改后再检查"
        self.en = f"the form workbook has {count} problem(s); fix each and check again"
        self.where: str | None = None
        super().__init__(self.en + "\n" + "\n".join(p.one_line("en") for p in self.problems))

    def one_line(self) -> str:
        return f"错误：{self.zh} / Error: {self.en}"

    def message(self, lang: str = "zh_CN") -> str:
        head = self.zh if lang.startswith("zh") else self.en
        return "\n".join([head, *(p.one_line(lang) for p in self.problems)])
