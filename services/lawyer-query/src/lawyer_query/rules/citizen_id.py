"""GB 11643 citizen ID numbers: check digit, birth date and division code (python-stdnum).

python-stdnum's `ric.validate` also demands that the division code already existed in the
birth year; real numbers are assigned when the card is issued, so a person born in 1960 in
东安区 (code 231002, created 1983) holds a valid 231002-1960... number that `validate` rejects.
We use stdnum's pieces (check digit, birth date, division database) without that year rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.util import isdigits

PROBLEM_TEXT: dict[str, str] = {
    "length": "应为18位",
    "format": "前17位应为数字",
    "checksum": "校验码错误",
    "birth_date": "出生日期无效",
    "future_birth_date": "出生日期晚于今日",
    "division": "行政区划代码无效",
}


@dataclass(frozen=True)
class IdCheck:
    number: str
    problem: str | None  # None when valid

    @property
    def valid(self) -> bool:
        return self.problem is None


@cache
def division_known(code: str) -> bool:
    """Whether the GB/T 2260 code names a county (at any time), per stdnum's database."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return "county" in info


def _birth_date(number: str) -> dt.date | None:
    try:
        return ric.get_birth_date(number)
    except InvalidComponent:
        return None


def check_citizen_id(raw: str, *, today: dt.date) -> IdCheck:
    number = ric.compact(raw)
    if len(number) != 18:
        return IdCheck(number, "length")
    if not isdigits(number[:-1]):
        return IdCheck(number, "format")
    if number[-1] != ric.calc_check_digit(number):
        return IdCheck(number, "checksum")
    birth = _birth_date(number)
    if birth is None:
        return IdCheck(number, "birth_date")
    if birth > today:
        return IdCheck(number, "future_birth_date")
    if not division_known(number[:6]):
        return IdCheck(number, "division")
    return IdCheck(number, None)


def birth_date_of(number: str) -> dt.date:
    return ric.get_birth_date(number)


def sex_of(number: str) -> str:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return "男" if int(number[16]) % 2 else "女"


def with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")
