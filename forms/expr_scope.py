"""Where a name an expression refers to lives (forms/expr_eval.py, forms/expr_repeats.py)."""

from __future__ import annotations

from enum import Enum


class Scope(Enum):
    """Where a referenced name lives."""

    HOUSEHOLD = "household"
    MEMBER = "member"      # a question inside the member repeat
    REPEAT = "repeat"      # the repeat itself: only count() of it makes sense
    GROUP = "group"        # groups hold no value
