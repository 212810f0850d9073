"""What an error may say once it leaves the screen: the log file and "copy details".

A crash log and the details a cadre copies and sends to the county must never carry household
data (DESIGN.md, security model). The frames of a traceback are code and stay; what an
exception *says* may be data: Python quotes the value it choked on (``invalid literal for
int(): '张三'``), PostgreSQL adds ``DETAIL: Failing row contains (…)``, a finding names an ID
number. So every message that is written down goes through `redact`:

- ID numbers, bank cards and mobile and fixed-line phone numbers become ``***``, always;
- in the messages of exceptions we did not raise on purpose (anything but a `MopaiError`),
  Chinese text (names, addresses) becomes ``***`` too, and PostgreSQL's ``DETAIL:`` lines
  (the key or the row that failed, with its values) are dropped.

Our own errors keep their Chinese: they are written by us, say what to do, and carry codes,
file names and user names, not household answers.
"""

from __future__ import annotations

import re
import traceback
from types import TracebackType

from mopai.forms.errors import MopaiError

MASK = "***"

# ID numbers (15 or 18 characters), bank cards (16-19 digits): any run of 15+ digits, with
# the check letter X; mobile numbers (11 digits from 1); fixed lines (0xx-xxxxxxx, with or
# without the hyphen). Twelve-digit village codes and six-digit county codes are kept.
_NUMBERS = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{14,}[\dXx]|1\d{10}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])")
_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")
_DETAIL = re.compile(r"^\s*DETAIL:.*$\n?", re.MULTILINE)


def redact(text: str, *, ours: bool = False) -> str:
    """`text` fit for a log or a clipboard: numbers that identify people masked; unless
    `ours` (a message Mopai wrote itself), Chinese text and PostgreSQL details as well."""
    text = _NUMBERS.sub(MASK, text)
    if not ours:
        text = _DETAIL.sub("", text)
        text = _CHINESE.sub(MASK, text)
    return text


def _is_ours(exc: BaseException) -> bool:
    """Raised on purpose by Mopai (the one base, forms.errors.MopaiError): they carry a
    Chinese and an English sentence that we wrote."""
    return isinstance(exc, MopaiError)


def exception_line(exc: BaseException) -> str:
    """``Type: message`` with the message redacted (the last line of a traceback)."""
    kind = type(exc)
    name = kind.__qualname__
    if kind.__module__ not in ("builtins", "__main__"):
        name = f"{kind.__module__}.{name}"
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the crash
        message = "<message unavailable>"
    message = redact(message, ours=_is_ours(exc))
    line = f"{name}: {message}" if message else name
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list | tuple):
        line += "".join("\n" + redact(str(note), ours=_is_ours(exc)) for note in notes)
    return line


def safe_traceback(exc: BaseException, tb: TracebackType | None = None) -> str:
    """The traceback as Python prints it (the chain of causes included), every message
    redacted; frames show file, line and source line, never local values."""
    seen: set[int] = set()
    parts: list[str] = []

    def walk(e: BaseException, tb_: TracebackType | None) -> None:
        seen.add(id(e))
        cause, context = e.__cause__, e.__context__
        if cause is not None and id(cause) not in seen:
            walk(cause, cause.__traceback__)
            parts.append("\nThe above exception was the direct cause of the following "
                         "exception:\n\n")
        elif (context is not None and not e.__suppress_context__
              and id(context) not in seen):
            walk(context, context.__traceback__)
            parts.append("\nDuring handling of the above exception, another exception "
                         "occurred:\n\n")
        if tb_ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(tb_))
        parts.append(exception_line(e) + "\n")

    walk(exc, tb if tb is not None else exc.__traceback__)
    return "".join(parts)


__all__ = ["MASK", "exception_line", "redact", "safe_traceback"]
