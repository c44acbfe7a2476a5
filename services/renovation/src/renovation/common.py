"""Small helpers shared by the renovation domains (types, money, scoping)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, PlainSerializer
from sqlalchemy import JSON, Numeric

from suitekit.errors import InvalidInput
from suitekit.money import MONEY_COLUMN

MONEY = MONEY_COLUMN
AREA = Numeric(14, 2)
JSON_TYPE: Any = JSON
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

# Areas in m²: decimals in, decimal strings out in JSON only (never floats; amounts stay
# Decimals in python so they compare as numbers). Money types are the kit's (suitekit.money).
Area = Annotated[
    Decimal,
    Field(gt=0, max_digits=14, decimal_places=2),
    PlainSerializer(str, return_type=str, when_used="json"),
]


def local_today() -> dt.date:
    """Today in Mudanjiang: deadlines of the gazette are local calendar dates."""
    return dt.datetime.now(LOCAL_TZ).date()


def field_errors(pairs: list[tuple[str, str]], prefix: str = "body") -> list[dict[str, str]]:
    return [{"field": f"{prefix}.{field}", "message": message} for field, message in pairs]


def raise_if_errors(pairs: list[tuple[str, str]], detail: str) -> None:
    if pairs:
        raise InvalidInput(detail, errors=field_errors(pairs))
