"""Small helpers shared by the renovation domains (types, money, scoping)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, PlainSerializer
from sqlalchemy import JSON, Numeric

from suitekit.errors import InvalidInput

MONEY = Numeric(14, 2)
AREA = Numeric(14, 2)
JSON_TYPE: Any = JSON
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

# Money in yuan and areas in m²: decimals in, decimal strings out (never floats).
Yuan = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    PlainSerializer(str, return_type=str),
]
PositiveYuan = Annotated[
    Decimal,
    Field(gt=0, max_digits=14, decimal_places=2),
    PlainSerializer(str, return_type=str),
]
Area = Annotated[
    Decimal,
    Field(gt=0, max_digits=14, decimal_places=2),
    PlainSerializer(str, return_type=str),
]
DecimalOut = Annotated[Decimal, PlainSerializer(str, return_type=str)]


def local_today() -> dt.date:
    """Today in Mudanjiang: deadlines of the gazette are local calendar dates."""
    return dt.datetime.now(LOCAL_TZ).date()


def field_errors(pairs: list[tuple[str, str]], prefix: str = "body") -> list[dict[str, str]]:
    return [{"field": f"{prefix}.{field}", "message": message} for field, message in pairs]


def raise_if_errors(pairs: list[tuple[str, str]], detail: str) -> None:
    if pairs:
        raise InvalidInput(detail, errors=field_errors(pairs))
