"""GB 11643 citizen ID numbers: check digit, birth date and division code (python-stdnum)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

PROBLEM_TEXT: dict[str, str] = {
    "length": "应为18位",
    "format": "前17位应为数字",
    "checksum": "校验码错误",
    "component": "出生日期或行政区划代码无效",
    "future_birth_date": "出生日期晚于今日",
}


@dataclass(frozen=True)
class IdCheck:
    number: str
    problem: str | None  # None when valid

    @property
    def valid(self) -> bool:
        return self.problem is None


def _problem_of(error: ValidationError) -> str:
    if isinstance(error, InvalidLength):
        return "length"
    if isinstance(error, InvalidFormat):
        return "format"
    if isinstance(error, InvalidChecksum):
        return "checksum"
    if isinstance(error, InvalidComponent):
        return "component"
    return "format"


def check_citizen_id(raw: str, *, today: dt.date) -> IdCheck:
    number = ric.compact(raw)
    try:
        ric.validate(number)
    except ValidationError as error:
        return IdCheck(number, _problem_of(error))
    if ric.get_birth_date(number) > today:
        return IdCheck(number, "future_birth_date")
    return IdCheck(number, None)


def birth_date_of(number: str) -> dt.date:
    return ric.get_birth_date(number)


def division_of(number: str) -> str:
    return number[:6]


def sex_of(number: str) -> str:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return "男" if int(number[16]) % 2 else "女"


def with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")
