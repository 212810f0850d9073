"""Search keys for names: pinyin initials so that typing ``zs`` finds 张三."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

MIN_NUMBER_FRAGMENT = 4  # digits before ID-number and phone fragments are searched


@cache
def _letters() -> dict[int, str] | None:
    """The first letter of each character's most common reading, read from pypinyin's own
    table (``pinyin_dict.json`` in its package folder; collected into the Windows build by
    its PyInstaller hook) without importing pypinyin: importing it also loads its phrase
    dictionary, ~40 MiB that single characters never use (decision 72). Equal to
    ``lazy_pinyin(char, style=FIRST_LETTER)`` for every character of the table (tested).
    None where the table cannot be read: pypinyin is asked instead."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package, does not import it
    try:
        folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else None
        table = json.loads((folder / "pinyin_dict.json").read_text("utf-8")) if folder else None
    except (OSError, ValueError, StopIteration):
        return None
    if not isinstance(table, dict):
        return None
    letters = {}
    for code, readings in table.items():
        plain = unicodedata.normalize("NFD", str(readings).split(",")[0])
        letters[int(code)] = "".join(c for c in plain if not unicodedata.combining(c))[:1].lower()
    return letters


@cache
def _initial(char: str) -> str:
    letters = _letters()
    if letters is not None:
        return letters.get(ord(char), char.lower().replace(" ", ""))  # one character
    # Imported on the first name keyed: its dictionaries are ~56 MiB, which a process that
    # never keys a name (a report facts worker, a store opened for reports) does without.
    from pypinyin import Style, lazy_pinyin

    letters_ = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(letters_).lower().replace(" ", "")


@lru_cache(maxsize=1 << 16)
def name_initials(name: str) -> str:
    """Lower-case initials of each character's pinyin; other characters kept as they are.

    Character by character, each looked up once per process (a county import meets 600,000
    names but only a few thousand characters): ~20x faster than asking pypinyin per name. A
    heteronym takes its most common reading (单 -> d), as a cadre typing initials expects.
    Whole names are remembered too: a county's people share many of them.
    """
    return "".join(_initial(c) for c in name)
