"""County settings that change what the form derives, with the defaults of domain.md.

Counties differ on a few definitions (the labour-age upper bound, whether farming counts as
employment). They are settings, not workbook edits, because the same form is shared by every
village of the county and the county decides them once. The workbook reads them through the
expression function ``county-setting('name')`` (e.g. in the ``labour_age`` calculation), so
relevance, validation and indicators all use the same definition.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class CountySettings:
    """Definitions a county may change; defaults follow domain.md.

    - ``labour_age_min``: a person is of labour age from this age (16).
    - ``labour_age_max_male`` / ``labour_age_max_female``: … up to, not including, this age
      (60 for both by default).
    - ``poverty_labour_age_max``: if set, the upper bound for members of 脱贫户 and 监测户
      (脱贫劳动力, some counties use 65); None means the per-sex bounds apply to everyone.
    - ``farming_counts_as_employed``: whether 务农 counts as employed (True).
    """

    labour_age_min: int = 16
    labour_age_max_male: int = 60
    labour_age_max_female: int = 60
    poverty_labour_age_max: int | None = None
    farming_counts_as_employed: bool = True

    def __post_init__(self) -> None:
        for name in SETTING_NAMES:
            value = getattr(self, name)
            if name == "farming_counts_as_employed":
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


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CountySettings))
DEFAULT_SETTINGS = CountySettings()
