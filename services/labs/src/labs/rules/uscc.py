"""Unified social credit code (统一社会信用代码, GB 32100-2015), checked with python-stdnum."""

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError


def normalise_uscc(code: str) -> str | None:
    """The compact, upper-case code when its format and check character are valid, else None."""
    try:
        return uscc.validate(code)
    except ValidationError:
        return None


def is_valid_uscc(code: str) -> bool:
    return normalise_uscc(code) is not None


def check_character(first_17: str) -> str:
    return uscc.calc_check_digit(first_17)
