from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopai.forms import idnumber
from mopai.forms.idnumber import IdStatus

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_domain_examples_are_valid(number: str) -> None:
    assert idnumber.inspect(number, TODAY).status is IdStatus.VALID


def test_derives_sex_and_birth_date() -> None:
    info = idnumber.inspect("11010519491231002X", TODAY)
    assert info.sex == "female" and info.birth_date == dt.date(1949, 12, 31)
    assert idnumber.inspect("440524188001010014", TODAY).sex == "male"


def test_normalise_spaces_full_width_and_lower_x() -> None:
    messy = " １１０１０５ 1949\u30001231 002x "
    assert idnumber.normalize(messy) == "11010519491231002X"
    assert idnumber.is_valid(messy, TODAY)


def test_wrong_check_character() -> None:
    assert idnumber.inspect("110105194912310021", TODAY).status is IdStatus.CHECKSUM


def test_impossible_birth_date_with_correct_check_character() -> None:
    first17 = "11010519490231002"  # 31 February
    number = first17 + idnumber.check_character(first17)
    assert idnumber.inspect(number, TODAY).status is IdStatus.BIRTH_DATE


def test_future_birth_date_is_impossible() -> None:
    number = idnumber.make("110105", dt.date(2026, 7, 1), 1)
    assert idnumber.inspect(number, TODAY).status is IdStatus.BIRTH_DATE
    assert idnumber.inspect(number, dt.date(2026, 7, 1)).status is IdStatus.VALID


def test_unknown_address_code_is_accepted() -> None:
    number = idnumber.make("999999", dt.date(1980, 5, 5), 11)
    assert idnumber.inspect(number, TODAY).status is IdStatus.VALID
    from stdnum.cn import ric  # the library would refuse it: why we do not call ric.validate
    assert not ric.is_valid(number)


def test_old_15_digit_number_is_accepted_with_warning_status() -> None:
    info = idnumber.inspect("110105491231002", TODAY)
    assert info.status is IdStatus.OLD_15 and info.ok
    assert info.birth_date == dt.date(1949, 12, 31) and info.sex == "female"
    assert idnumber.upgrade_15("110105491231002") == "11010519491231002X"


@pytest.mark.parametrize("text", ["", "1101051949123100", "11010519491231002Y", "abc"])
def test_bad_format(text: str) -> None:
    assert idnumber.inspect(text, TODAY).status is IdStatus.FORMAT


def test_age_at() -> None:
    assert idnumber.age_at(dt.date(2000, 6, 2), dt.date(2026, 6, 1)) == 25
    assert idnumber.age_at(dt.date(2000, 6, 1), dt.date(2026, 6, 1)) == 26
    assert idnumber.age_at(dt.date(2000, 6, 1), dt.date(1999, 1, 1)) is None


numbers = st.builds(
    idnumber.make,
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(dt.date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(numbers)
def test_every_generated_number_is_valid(number: str) -> None:
    info = idnumber.inspect(number, TODAY)
    assert info.status is IdStatus.VALID
    assert info.sex == ("male" if int(number[16]) % 2 else "female")


@given(numbers, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_changing_any_single_character_fails(number: str, position: int, char: str) -> None:
    if number[position] == char:
        char = "1" if char == "0" else "0"
    changed = number[:position] + char + number[position + 1:]
    assert not idnumber.is_valid(changed, TODAY)
