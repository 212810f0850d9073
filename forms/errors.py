"""The one error base of every Mopai package, and the error a form raises.

`MopaiError` lives here because ``forms`` is the lowest layer (forms → sync → reports →
desktop): every package may import it, and it needs nothing but the standard library (no Qt).
An error raised on purpose says what went wrong, where, and what to do, in Chinese (``zh``)
and English (``en``), in words a village cadre understands; it carries a stable ``code``
(for logs, tests and scripts; `exit_code` is the command line's status) and, when known,
where it happened (`Where`: file, sheet, row, field, household). The command line prints
``one_line()`` and the app's one error dialog (desktop/widgets/error_dialog.py) shows
``message(lang)``; both catch this one base.

``FormError`` is the workbook that cannot be used as a form, with every problem in it: a
county officer edits the workbook in Excel and runs ``mopai form check``; stopping at the
first mistake would make them go round the loop once per mistake, so the loader collects every
problem and raises them together. Each problem names the sheet, the Excel row and the column,
says what is wrong and what to do, in Chinese and English (pyxform's row-context errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Where:
    """Where an error happened, as far as known; every part is optional."""

    file: str | None = None        # a path, or a server URL without password
    sheet: str | None = None       # a workbook's sheet
    row: int | None = None         # a row of a sheet or a line of a file (1-based)
    field: str | None = None       # a question, column or key
    household: str | None = None   # a household's uuid or 户编号

    @classmethod
    def of(cls, value: Where | str | None) -> Where | None:
        """`value` as a `Where`; a bare string is the file (or place) it names."""
        if value is None or isinstance(value, Where):
            return value if value is None or any(asdict(value).values()) else None
        return cls(file=str(value))

    def __str__(self) -> str:
        parts = [self.file or "", self.sheet or "",
                 f"row {self.row}" if self.row else "",
                 f"field {self.field}" if self.field else "",
                 f"household {self.household}" if self.household else ""]
        return ", ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in (None, "")}


def _snake(name: str) -> str:
    name = name.removesuffix("Error") or name
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class MopaiError(Exception):
    """Base of every error Mopai raises on purpose, in every package.

    ``zh``/``en``: the sentence for people; ``code``: stable, for logs, tests and scripts
    (a class's own, unless the raiser names a finer one); ``where``: the location as one line
    (``location`` keeps its parts); ``exit_code``: the command line's exit status.
    """

    exit_code: ClassVar[int] = 1
    code: str = "error"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:  # each class its own stable code, from its name
            cls.code = _snake(cls.__name__)

    def __init__(self, zh: str, en: str, *, where: Where | str | None = None,
                 code: str | None = None) -> None:
        self.zh = zh
        self.en = en
        self.location = Where.of(where)
        self.where: str | None = str(self.location) if self.location else None
        if code is not None:
            self.code = code
        super().__init__(en if self.where is None else f"{en} ({self.where})")

    def one_line(self) -> str:
        where = f" [{self.where}]" if self.where else ""
        return f"错误：{self.zh} / Error: {self.en}{where}"

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def to_dict(self) -> dict[str, Any]:
        """For logs and ``--json``: code, both sentences and the location's parts."""
        out: dict[str, Any] = {"code": self.code, "zh": self.zh, "en": self.en}
        if self.location:
            out["where"] = self.location.to_dict()
        return out


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


class FormError(MopaiError):
    """The workbook cannot be used as a form; ``problems`` lists every reason."""

    exit_code = 1
    code = "form_invalid"

    def __init__(self, problems: Iterable[FormProblem], *, where: Where | str | None = None
                 ) -> None:
        self.problems: list[FormProblem] = sorted(problems, key=FormProblem.sort_key)
        self.warnings: list[FormProblem] = []  # what the loader warned about besides
        count = len(self.problems)
        super().__init__(f"问卷工作簿有 {count} 处错误，请逐条修改后再检查",
                         f"the form workbook has {count} problem(s); fix each and check again",
                         where=where)
        self.args = (self.en + "\n" + "\n".join(p.one_line("en") for p in self.problems),)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "problems": [p.to_dict() for p in self.problems]}

    def message(self, lang: str = "zh_CN") -> str:
        head = self.zh if lang.startswith("zh") else self.en
        return "\n".join([head, *(p.one_line(lang) for p in self.problems)])
