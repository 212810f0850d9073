"""Search keys for names: pinyin initials so that typing ``zs`` finds 张三."""

from __future__ import annotations

from functools import cache, lru_cache

MIN_NUMBER_FRAGMENT = 4  # digits before ID-number and phone fragments are searched


@cache
def _initial(char: str) -> str:
    # Imported on the first name keyed: its dictionaries are ~56 MiB, which a process that
    # never keys a name (a report facts worker, a store opened for reports) does without.
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(letters).lower().replace(" ", "")


@lru_cache(maxsize=1 << 16)
def name_initials(name: str) -> str:
    """Lower-case initials of each character's pinyin; other characters kept as they are.

    Character by character, each looked up once per process (a county import meets 600,000
    names but only a few thousand characters): ~20x faster than asking pypinyin per name. A
    heteronym takes its most common reading (单 -> d), as a cadre typing initials expects.
    Whole names are remembered too: a county's people share many of them.
    """
    return "".join(_initial(c) for c in name)
