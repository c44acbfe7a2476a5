"""Money in yuan and other exact decimals: a `Decimal` inside, a string on the wire.

`Yuan` (>= 0) and `PositiveYuan` (> 0) are the input types of every money field: a decimal
string such as "1000" or "1000.50", exact to the fen. Floats, JSON numbers, NaN, infinities,
exponents, leading zeros, more than two decimals and negative amounts are refused with a 422
instead of being rounded or reinterpreted. The value stays a `Decimal` in python
(`model_dump()` included, so amounts compare as numbers) and is a two-decimal string in JSON.

`YuanOut` serialises a computed amount (rounded half up to the fen, as in bookkeeping);
`DecimalStr` serialises any other decimal (scores, shares, measurements) as its exact string.
`MONEY_COLUMN` is the SQL type of stored amounts.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import Numeric

FEN = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")  # Numeric(14, 2): twelve digits of yuan, two of fen
MONEY_COLUMN = Numeric(14, 2)

_NON_NEGATIVE = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
_POSITIVE = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,11}(\.[0-9]{1,2})?)$"
_COMPUTED = r"^-?[0-9]+\.[0-9]{2}$"
_DECIMAL_TEXT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_MAX_TEXT = 40
_EXAMPLE = 'a decimal string of yuan such as "1000" or "1000.50"'


def _refused(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{message}", {"message": message})


def fen(value: Decimal | int) -> Decimal:
    """An amount rounded to the fen, half up (for computed amounts: shares, sums of rates)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def _check_text(text: str) -> None:
    """A string must be the canonical form the published pattern describes."""
    match = _DECIMAL_TEXT.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise _refused("yuan_type", f"must be {_EXAMPLE}")
    sign, whole, fraction = match.groups()
    if sign:
        raise _refused("yuan_sign", "must not be negative")
    if len(fraction or "") > 2:
        raise _refused("yuan_precision", "must be exact to the fen (at most two decimals)")
    if len(whole) > 1 and whole.startswith("0"):
        raise _refused("yuan_type", f"must be {_EXAMPLE}, without leading zeros")


def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, str):
        _check_text(value)
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, Decimal):
        raise _refused("yuan_finite", f"must be a finite amount: {_EXAMPLE}")
    raise _refused("yuan_type", f"must be {_EXAMPLE}")


def parse_yuan(value: Any, *, positive: bool = False) -> Decimal:
    """The exact amount `value` names, or a validation error saying why it is refused."""
    amount = _as_decimal(value)
    if amount < 0 or (positive and amount == 0):
        raise _refused(
            "yuan_sign", "must be greater than 0" if positive else "must not be negative"
        )
    if amount > MAX_YUAN:
        raise _refused("yuan_too_large", f"must not exceed {MAX_YUAN} yuan")
    exact = amount.quantize(FEN)
    if exact != amount:
        raise _refused("yuan_precision", "must be exact to the fen (at most two decimals)")
    return exact + 0  # a python Decimal("-0") reads as 0.00


def _parse_positive(value: Any) -> Decimal:
    return parse_yuan(value, positive=True)


def format_yuan(value: Decimal) -> str:
    return f"{fen(value):f}"


def _format_decimal(value: Decimal) -> str:
    return str(value)


_TO_JSON = PlainSerializer(format_yuan, return_type=str, when_used="json")
_MONEY_DOC = "yuan, exact to the fen, as a decimal string"

Yuan = Annotated[
    Decimal,
    BeforeValidator(parse_yuan),
    _TO_JSON,
    WithJsonSchema({"type": "string", "pattern": _NON_NEGATIVE, "description": _MONEY_DOC}),
]
PositiveYuan = Annotated[
    Decimal,
    BeforeValidator(_parse_positive),
    _TO_JSON,
    WithJsonSchema({"type": "string", "pattern": _POSITIVE, "description": _MONEY_DOC}),
]
YuanOut = Annotated[
    Decimal,
    _TO_JSON,
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": _MONEY_DOC}
    ),
]
DecimalStr = Annotated[
    Decimal,
    PlainSerializer(_format_decimal, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "decimal"}),
]
