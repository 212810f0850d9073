"""Names are keyed by their pinyin initials (sync/search.py) from pypinyin's own table, read
without importing pypinyin, whose phrase dictionary (~40 MiB) single characters never use:
the same letters as pypinyin gives, for every character it knows (decision 72)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mopai.sync import search

pytestmark = pytest.mark.sqlite_only(reason="no store involved")


def test_every_character_keys_as_pypinyin_reads_it() -> None:
    from pypinyin import Style, lazy_pinyin

    letters = search._letters()
    assert letters is not None and len(letters) > 40_000
    differ = []
    for code in letters:
        char = chr(code)
        want = "".join(lazy_pinyin(char, style=Style.FIRST_LETTER, errors="default",
                                   strict=False)).lower().replace(" ", "")
        if search._initial(char) != want:
            differ.append((char, search._initial(char), want))
    assert differ == []
    assert search.name_initials("单雄信 Li-3") == "dxxli-3"  # a heteronym's common reading


def test_keying_a_name_leaves_pypinyin_unloaded() -> None:
    probe = ("import sys; from mopai.sync import search; "
             "print(search.name_initials('张三'), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=60).stdout.split()
    assert out == ["zs", "False"]


def test_without_the_table_pypinyin_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_letters", lambda: None)
    search._initial.cache_clear()
    try:
        assert search._initial("张") == "z" and search._initial("a") == "a"
    finally:
        search._initial.cache_clear()
