"""Search keys for names: pinyin initials so that typing ``zs`` finds 张三."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """Lower-case initials of each character's pinyin; other characters kept as they are.

    Heteronyms take pypinyin's most common reading (单 -> d); surnames with a special reading
    are handled by pypinyin's phrase dictionary where it has them.
    """
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(letters).lower().replace(" ", "")
