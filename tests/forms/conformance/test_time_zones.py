"""Time zones and the form's language in ODK's date functions (issue 19).

javarosa takes the device's zone for ``now()``, ``today()``, ``decimal-date-time``,
``decimal-time`` (``DateUtils.fractionalDaysSinceEpoch``: the epoch is midnight in that zone;
``decimalTimeOfLocalDay``) and ``format-date-time`` (``DateUtils.format`` on the fields in
that zone), and the device's locale for ``%b`` and ``%a`` (joda ``MMM`` / ``EEE``: 6月 and 周一
on Android in Chinese). The device is the county here: its ``time_zone`` setting
(Asia/Shanghai unless set), and the form's language. javarosa's own examples
(XPathEvalTest.java, run in GMT) are in test_functions.py, evaluated in GMT.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mopai.forms import evaluate_household, load_form
from mopai.forms.expr_eval import evaluate
from mopai.forms.settings import CountySettings

from .expr_forms import household, xlsform

DAY = 20619  # 2026-06-15 (a Monday), days since 1970-01-01
SHANGHAI, NEW_YORK = {"time_zone": "Asia/Shanghai"}, {"time_zone": "America/New_York"}


@pytest.mark.parametrize(("source", "settings", "expected"), [
    # a time with an offset is read on the county's clock; the default zone is China's
    ("decimal-date-time('2026-06-15T08:00:00+08:00')", {}, DAY + 1 / 3),
    ("decimal-date-time('2026-06-15T00:00:00Z')", SHANGHAI, DAY + 1 / 3),
    ("decimal-date-time('2026-06-15T00:00:00Z')", {"time_zone": "GMT"}, DAY),
    ("decimal-date-time('2026-06-15T12:00:00Z')", NEW_YORK, DAY + 1 / 3),
    ("decimal-date-time('2026-06-15T06:00:00')", NEW_YORK, DAY + 1 / 4),  # no offset: as is
    ("decimal-time('2000-01-01T10:20:30.000+03:00')", SHANGHAI, (15 * 3600 + 20 * 60 + 30) / 86400),
    ("decimal-time('10:20:30.000+03:00')", {"time_zone": "GMT"}, (7 * 3600 + 20 * 60 + 30) / 86400),
    ("format-date-time('2026-06-15T00:30:00Z', '%Y-%m-%d %H:%M')", {}, "2026-06-15 08:30"),
    ("format-date-time('2026-06-15T00:30:00Z', '%Y-%m-%d %H:%M')", NEW_YORK, "2026-06-14 20:30"),
    ("format-date-time('2026-06-15T08:30:00+08:00', '%H:%M')", NEW_YORK, "20:30"),
    ("format-date-time('2026-06-15T08:30:00', '%H:%M')", NEW_YORK, "08:30"),
    ("format-date('2026-06-15', '%Y-%m-%d')", NEW_YORK, "2026-06-15"),  # a date has no zone
])
def test_the_county_zone_is_the_device_zone(source: str, settings: dict[str, str],
                                            expected: object) -> None:
    got = evaluate(source, settings=settings)
    assert got == (pytest.approx(expected, abs=1e-9) if isinstance(expected, float)
                   else expected), source


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "15 6月 2026 周一"), ("en", "15 Jun 2026 Mon")])
def test_month_and_day_names_in_the_forms_language(language: str, expected: str) -> None:
    """DOCS format-date: ``format-date(${date}, '%e %b %Y %a')``; Android's Chinese locale
    abbreviates 六月 as 6月 and 星期一 as 周一."""
    assert evaluate("format-date('2026-06-15', '%e %b %Y %a')", language=language) == expected
    assert evaluate("format-date('2026-12-27', '%b %a')", language=language) == (
        "12月 周日" if language == "zh" else "Dec Sun")


def test_through_a_loaded_form_in_chinese_and_in_english(tmp_path: Path) -> None:
    rows = [{"type": "calculate", "name": "when",
             "calculation": "format-date-time('2026-06-15T00:30:00Z', '%b %e %a %H:%M')"},
            {"type": "calculate", "name": "days",
             "calculation": "decimal-date-time('2026-06-15T00:00:00Z')"}]
    zh = load_form(xlsform(tmp_path / "zh.xlsx", rows))
    state = evaluate_household(zh, household())
    assert state.value("when") == "6月 15 周一 08:30"
    assert state.value("days") == pytest.approx(DAY + 1 / 3)
    state = evaluate_household(zh, household(), settings=CountySettings(time_zone="GMT"))
    assert state.value("when") == "6月 15 周一 00:30"
    english = xlsform(tmp_path / "en.xlsx", rows)
    from openpyxl import load_workbook
    wb = load_workbook(english)
    wb["settings"]["C2"] = "English (en)"
    wb.save(english)
    state = evaluate_household(load_form(english), household())
    assert state.value("when") == "Jun 15 Mon 08:30"


def test_today_is_the_countys_day() -> None:
    """today() when no day is given: the county's date now, not the machine's."""
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        day = dt.datetime.now(dt.UTC).astimezone(CountySettings(time_zone=zone).zone).date()
        assert evaluate("today()", settings={"time_zone": zone}) == day
