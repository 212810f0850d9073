"""`regex()`'s time bound is kept for the patterns that can backtrack badly and skipped for
those that cannot (forms/expr_values.py): the bound costs ~25 µs a match, which made the
shipped form's phone and code patterns most of a county import's checking time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mopai.forms import expr_values
from mopai.forms.expr_values import _needs_bound, compile_pattern, full_match

SHIPPED = Path(__file__).resolve().parents[2] / "forms" / "labor_survey.xlsx"


def _shipped_patterns() -> list[str]:
    import openpyxl

    found = []
    wb = openpyxl.load_workbook(SHIPPED, read_only=True)
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, str) and "regex(" in cell:
                    found += regex.findall(r"regex\([^,]+,\s*'((?:[^']|'')*)'\)", cell)
    wb.close()
    return found


def test_the_shipped_forms_patterns_run_without_the_time_bound() -> None:
    patterns = _shipped_patterns()
    assert len(patterns) >= 2  # the village code and the phone numbers
    for pattern in patterns:
        assert not compile_pattern(pattern).bounded, pattern
    phone = next(p for p in patterns if "86" in p)
    assert full_match(compile_pattern(phone), "0745-2345678")
    assert not full_match(compile_pattern(phone), "12345")


@pytest.mark.parametrize("pattern", [
    r"(x+x+)+y", r"(a|aa)+b", r"(a?){30}a{30}", r"((a?){3}){10}", r".*.*.*x", r"(\w)\1",
    r"(?=.*\d)\w+", r"\p{Han}+",  # a lookahead over a repeat; syntax only `regex` reads
])
def test_patterns_that_can_backtrack_keep_the_bound(pattern: str) -> None:
    assert _needs_bound(pattern)


@pytest.mark.parametrize("pattern", [
    r"^[0-9]{12}$", r"(ab)+", r"[a-z]+@[a-z]+\.com", r".*foo.*", r"(a|b)*c", r"1[3-9]\d{9}",
])
def test_patterns_that_cannot_run_free(pattern: str) -> None:
    assert not _needs_bound(pattern)


def test_a_pattern_classed_bad_still_ends_as_no_match() -> None:
    started = time.monotonic()
    assert not full_match(compile_pattern(r"(a?){40}a{40}b"), "a" * 40)
    assert time.monotonic() - started < 20 * expr_values.REGEX_SECONDS


_ATOMS = st.sampled_from(["a", "b", "[ab]", ".", "a?", r"\w"])
_QUANT = st.sampled_from(["", "?", "*", "+", "{2,5}", "{0,40}", "{3}"])


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            st.tuples(inner, _QUANT).map(lambda t: f"(?:{t[0]}){t[1]}"),
        )
    return st.recursive(st.tuples(_ATOMS, _QUANT).map("".join), extend, max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(pattern=_patterns(), n=st.integers(10, 40))
def test_a_pattern_run_without_the_bound_ends_quickly_on_hostile_text(pattern: str, n: int
                                                                      ) -> None:
    """Whatever the analysis lets run free must not backtrack badly on the texts that make
    patterns blow up (a long run of one letter, then one that fails the match)."""
    if _needs_bound(pattern):
        return
    compiled = regex.compile(pattern)
    for text in ("a" * n + "!", "ab" * (n // 2) + "!", "a" * n):
        try:
            compiled.fullmatch(text, timeout=2.0)
        except TimeoutError:
            pytest.fail(f"{pattern!r} ran free but backtracked on {text!r}")
