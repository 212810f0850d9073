"""The resident ID number (居民身份证号码, GB 11643-1999): normalise, check, derive sex and birth.

Interviewers type numbers from cards, photocopies and other systems' exports, so input arrives
with spaces, full-width digits (from Chinese input methods) and a lower-case ``x``;
``normalize`` removes that noise before anything is checked or stored.

The check digit comes from python-stdnum (``stdnum.cn.ric.calc_check_digit``), which implements
the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and "10X98765432". Its ``validate`` is not used:
it also rejects address codes missing from its table, and ID numbers keep historical address
codes forever, so an unknown one must be accepted here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from stdnum.cn.ric import calc_check_digit

# Full-width digits, Ｘ/ｘ and the ideographic space, as Chinese input methods produce them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b-]+")
_SHAPE_18 = re.compile(r"\d{17}[\dX]")
_SHAPE_15 = re.compile(r"\d{15}")


class IdStatus(Enum):
    """Outcome of checking one number; the names double as finding codes."""

    VALID = "valid"
    OLD_15 = "id_15_digit"          # accepted with a warning
    FORMAT = "id_format"            # wrong length or characters
    CHECKSUM = "id_checksum"        # check character does not match
    BIRTH_DATE = "id_birth_date"    # impossible or future birth date


@dataclass(frozen=True)
class IdInfo:
    """What a number says about its holder; ``sex`` is "male" or "female"."""

    number: str
    status: IdStatus
    birth_date: dt.date | None = None
    sex: str | None = None

    @property
    def ok(self) -> bool:
        """Usable: valid, or an old 15-digit number (accepted with a warning)."""
        return self.status in (IdStatus.VALID, IdStatus.OLD_15)


def normalize(text: str) -> str:
    """Remove spaces and dashes, map full-width digits to ASCII and ``x`` to ``X``."""
    return _SPACES.sub("", str(text).translate(_FULL_WIDTH)).upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits (stdnum's implementation)."""
    return calc_check_digit(first17 + "0")


def _birth(digits: str, today: dt.date) -> dt.date | None:
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if born <= today else None


def _sex(sequence_digit: str) -> str:
    return "male" if int(sequence_digit) % 2 else "female"


def inspect(text: str, today: dt.date | None = None) -> IdInfo:
    """Check a number and derive what it says. ``today`` bounds the birth date (default: now)."""
    number = normalize(text)
    today = today or dt.date.today()
    if _SHAPE_18.fullmatch(number):
        if number[17] != check_character(number[:17]):
            return IdInfo(number, IdStatus.CHECKSUM)
        born = _birth(number[6:14], today)
        if born is None:
            return IdInfo(number, IdStatus.BIRTH_DATE)
        return IdInfo(number, IdStatus.VALID, born, _sex(number[16]))
    if _SHAPE_15.fullmatch(number):
        born = _birth("19" + number[6:12], today)
        if born is None:
            return IdInfo(number, IdStatus.BIRTH_DATE)
        return IdInfo(number, IdStatus.OLD_15, born, _sex(number[14]))
    return IdInfo(number, IdStatus.FORMAT)


def is_valid(text: str, today: dt.date | None = None) -> bool:
    """True for a correct 18-digit number (15-digit ones are not 'valid', only accepted)."""
    return inspect(text, today).status is IdStatus.VALID


def birth_date(text: str) -> dt.date | None:
    """Birth date of a usable number, else None."""
    return inspect(text).birth_date


def sex(text: str) -> str | None:
    """"male"/"female" for a usable number, else None."""
    return inspect(text).sex


def upgrade_15(text: str) -> str:
    """The 18-digit form of an old 15-digit number (insert "19", append the check character)."""
    number = normalize(text)
    if not _SHAPE_15.fullmatch(number):
        raise ValueError(f"not a 15-digit ID number: {text!r}")
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def make(address: str, born: dt.date, sequence: int) -> str:
    """Build a valid 18-digit number; for tests, samples and the demo data."""
    first17 = f"{address:0>6}{born:%Y%m%d}{sequence:03d}"
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("address must be 6 digits and sequence 0-999")
    return first17 + check_character(first17)


def age_at(born: dt.date, on: dt.date) -> int | None:
    """Whole years completed on ``on``; None if ``on`` is before the birth."""
    if on < born:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
