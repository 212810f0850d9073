"""County settings that change what the form derives, with the defaults of domain.md.

Counties differ on a few definitions (the labour-age upper bound, whether farming counts as
employment). They are settings, not workbook edits, because the same form is shared by every
village of the county and the county decides them once. The workbook reads them through the
expression function ``county-setting('name')`` (e.g. in the ``labour_age`` calculation), so
relevance, validation and indicators all use the same definition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CHINA = "Asia/Shanghai"
# UTC+8 all year (no daylight saving since 1991): China's zone where no time-zone database is
# installed (Windows has none of its own; the `tzdata` package provides one)
_CHINA_FIXED = dt.timezone(dt.timedelta(hours=8), CHINA)


def zone_named(name: str) -> dt.tzinfo:
    """The time zone `name` (an IANA name such as Asia/Shanghai); ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == CHINA:
            return _CHINA_FIXED
        raise ValueError(f"time_zone {name!r} is not a known time zone (e.g. {CHINA})") from None


@dataclass(frozen=True)
class CountySettings:
    """Definitions a county may change; defaults follow domain.md.

    - ``labour_age_min``: a person is of labour age from this age (16).
    - ``labour_age_max_male`` / ``labour_age_max_female``: … up to, not including, this age
      (60 for both by default).
    - ``poverty_labour_age_max``: if set, the upper bound for members of 脱贫户 and 监测户
      (脱贫劳动力, some counties use 65); None means the per-sex bounds apply to everyone.
    - ``farming_counts_as_employed``: whether 务农 counts as employed (True).
    - ``time_zone``: where the county's days begin and end (Asia/Shanghai): "as of 31 Oct"
      means up to midnight there, and "today" is the day there, whatever the laptop's clock
      is set to. It changes no figure of a day, so it is not part of `digest`'s settings.
    - ``weekly_weight_*``: the weight of each indicator in the 周通报's total score (0–100;
      0 leaves the indicator out of the score, still shown): 台账建立进度 (progress), 返岗就业率
      (return_rate), its rise since the previous week (return_rise), 零就业家庭消除进度
      (zero), 电话抽查准确率 (spot: 0 by default, so rankings stay as they were until the
      county gives it a weight). At least one must be above 0.
    - ``weekly_zero_base``: the day (YYYY-MM-DD) whose week is the base of 零就业家庭消除进度;
      None: the first week kept. The weekly settings change no kept report fact (`digest`
      leaves them out); a week already kept keeps the figures it was computed under.
    - ``post_age_min`` / ``post_age_max``: the ages (from, up to and including) a 公益性岗位
      holder may have (16 and 65); ``posts_per_household``: the 公益性岗位 one household may
      hold (1). The 公益岗 checks (reports/posts.py) read them; no figure does.
    """

    labour_age_min: int = 16
    labour_age_max_male: int = 60
    labour_age_max_female: int = 60
    poverty_labour_age_max: int | None = None
    farming_counts_as_employed: bool = True
    time_zone: str = CHINA
    weekly_weight_progress: int = 30
    weekly_weight_return_rate: int = 20
    weekly_weight_return_rise: int = 20
    weekly_weight_zero: int = 30
    weekly_zero_base: str | None = None
    weekly_weight_spot: int = 0
    post_age_min: int = 16
    post_age_max: int = 65
    posts_per_household: int = 1

    def __post_init__(self) -> None:
        for name in SETTING_NAMES:
            value = getattr(self, name)
            if name in WEEKLY_WEIGHTS:
                if not (isinstance(value, int) and not isinstance(value, bool)
                        and 0 <= value <= 100):
                    raise ValueError(f"{name} must be a whole number from 0 to 100, "
                                     f"not {value!r}")
            elif name == "weekly_zero_base":
                if value is not None and not _iso_day(value):
                    raise ValueError(f"{name} must be a date YYYY-MM-DD or none, not {value!r}")
            elif name == "time_zone":
                if not isinstance(value, str):
                    raise ValueError(f"time_zone must be a time-zone name, not {value!r}")
                zone_named(value)
            elif name == "farming_counts_as_employed":
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be true or false, not {value!r}")
            elif not (isinstance(value, int) and not isinstance(value, bool)) \
                    and not (value is None and name == "poverty_labour_age_max"):
                raise ValueError(f"{name} must be a whole number of years, not {value!r}")
        for name in ("labour_age_max_male", "labour_age_max_female", "poverty_labour_age_max"):
            bound = getattr(self, name)
            if bound is not None and bound <= self.labour_age_min:
                raise ValueError(f"labour-age upper bounds must exceed labour_age_min: {name} "
                                 f"is {bound}, labour_age_min {self.labour_age_min}")
        if self.post_age_max < self.post_age_min:
            raise ValueError(f"post_age_max ({self.post_age_max}) must not be below "
                             f"post_age_min ({self.post_age_min})")
        if self.posts_per_household < 1:
            raise ValueError(f"posts_per_household must be at least 1, not "
                             f"{self.posts_per_household}")
        if not any(getattr(self, name) for name in WEEKLY_WEIGHTS):
            raise ValueError("at least one weekly weight must be above 0")

    @property
    def zone(self) -> dt.tzinfo:
        return zone_named(self.time_zone)

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """The county's day now (or at `now`, an aware time)."""
        return (now or dt.datetime.now(dt.UTC)).astimezone(self.zone).date()

    def day_end(self, day: dt.date) -> dt.datetime:
        """The end of the county's `day` (its next midnight there), in UTC."""
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=self.zone)
        return midnight.astimezone(dt.UTC)

    def as_mapping(self) -> dict[str, Any]:
        """The values ``county-setting('name')`` returns in expressions."""
        return asdict(self)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> CountySettings:
        """Build from stored or received settings, ignoring keys this version does not know
        (missing ones take their defaults); ValueError names a field of the wrong type or
        bounds that do not make sense."""
        known = set(SETTING_NAMES)
        return cls(**{k: v for k, v in values.items() if k in known})


def _iso_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


WEEKLY_WEIGHTS = ("weekly_weight_progress", "weekly_weight_return_rate",
                  "weekly_weight_return_rise", "weekly_weight_zero", "weekly_weight_spot")
SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CountySettings))
DEFAULT_SETTINGS = CountySettings()
