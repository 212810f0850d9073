"""What validation reports: one ``Finding`` per problem, with a stable code.

Codes are stable because counts by code go into the county's quality report and are compared
month to month and with the provincial checkers (whose codes, such as ``2_01_011``, we reuse).
An error blocks marking a household complete; a warning is shown, saved and counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one household: ``member_index`` is 0-based, None for the household."""

    code: str
    severity: Severity
    member_index: int | None
    member_uuid: str | None
    field: str | None
    message_zh: str
    message_en: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "zh_CN") -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en

    def describe(self, lang: str = "zh_CN") -> str:
        """The message with where it applies, e.g. "第2位成员 relation：…"."""
        if lang.startswith("zh"):
            who = "户" if self.member_index is None else f"第{self.member_index + 1}位成员"
        else:
            who = "household" if self.member_index is None else f"member {self.member_index + 1}"
        where = f"{who} {self.field}" if self.field else who
        return f"[{self.code}] {where}: {self.message(lang)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def shown(value: Any, convert: Callable[[Any], str] = str) -> str:
    """``convert(value)`` for a message, or ``<type>`` for a value that cannot be shown.

    Records come from files: a 5,000-digit number or a list nested 5,000 deep is valid JSON
    but cannot be turned into text (ValueError, RecursionError); the finding is still reported.
    """
    try:
        return convert(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__}>"


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding blocks marking the household complete."""
    return any(f.is_error for f in findings)


def count_by_code(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
    """``(code, severity) -> count``, the shape of the quality report and ``mopai validate``."""
    return Counter((f.code, f.severity) for f in findings)
