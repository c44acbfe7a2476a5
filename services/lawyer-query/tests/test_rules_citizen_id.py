"""GB 11643 checks of citizen ID numbers (art. 5 asks for an exact ID number)."""

from __future__ import annotations

import datetime as dt

import pytest

from lawyer_query.rules.citizen_id import check_citizen_id, sex_of, with_check_digit

TODAY = dt.date(2026, 6, 1)
VALID = with_check_digit("23100219900101001")


def test_valid_number_passes_gb11643() -> None:
    assert check_citizen_id(VALID, today=TODAY).valid


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (VALID[:17], "length"),  # 17 characters: just below 18
        (VALID + "1", "length"),  # 19 characters: just above 18
        ("2310021990010100AX", "format"),
        (VALID[:17] + ("0" if VALID[17] != "0" else "1"), "checksum"),
        (with_check_digit("23100219901301001"), "birth_date"),  # month 13
        (with_check_digit("99999919900101001"), "division"),  # no such division
        (with_check_digit("23999919900101001"), "division"),  # province prefix, no county
    ],
)
def test_invalid_numbers_are_named_by_problem_gb11643(number: str, problem: str) -> None:
    assert check_citizen_id(number, today=TODAY).problem == problem


@pytest.mark.parametrize(
    ("birth", "valid"),
    [
        (TODAY - dt.timedelta(days=1), True),
        (TODAY, True),
        (TODAY + dt.timedelta(days=1), False),
    ],
)
def test_birth_date_after_today_is_invalid_gb11643(birth: dt.date, valid: bool) -> None:
    number = with_check_digit(f"231002{birth:%Y%m%d}001")
    assert check_citizen_id(number, today=TODAY).valid is valid


def test_lowercase_x_check_digit_is_accepted_gb11643() -> None:
    # find a number whose check digit is X
    for order in range(1000):
        number = with_check_digit(f"23100219900101{order:03d}")
        if number.endswith("X"):
            break
    assert check_citizen_id(number.lower(), today=TODAY).valid


@pytest.mark.parametrize(("digit", "sex"), [("1", "男"), ("2", "女")])
def test_sex_from_the_17th_digit_gb11643(digit: str, sex: str) -> None:
    assert sex_of(with_check_digit(f"2310021990010100{digit}")) == sex


@pytest.mark.parametrize("year", [1940, 1960, 1982, 1983, 1990])
def test_people_born_before_their_division_code_existed_are_valid_gb11643(year: int) -> None:
    # 东安区 (231002) exists since 1983; numbers are assigned at issue, not at birth
    assert check_citizen_id(with_check_digit(f"231002{year}0101001"), today=TODAY).valid
