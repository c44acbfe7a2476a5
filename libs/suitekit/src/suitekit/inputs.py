"""Input types that accept what the OpenAPI contract says and nothing pydantic's lax mode adds.

FastAPI validates request bodies in pydantic's *python* mode, where lax coercion turns `0` into
1970-01-01, `1` into `True`, `false` into `0.0` and `"5"` into `5`. The published contract says
`string/format: date`, `boolean`, `number`, `integer`; callers sending anything else must get a
422, not a silently reinterpreted record. These types keep the generated JSON Schema unchanged.

Bodies use `IsoDate`, `IsoDateTime` (`IsoAwareDateTime` where a time zone is required),
`JsonBool`, `JsonInt`, `JsonNumber`. Query parameters arrive
as strings, so they use `IsoDate`, `IsoDateTime` and `QueryBool` (`true` / `false` only); a
plain `int` query parameter is already right (a numeric string or a 422).
"""

import math
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Strict
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?"
)


def _refused(kind: str, message: str) -> PydanticCustomError:
    """A validation error that reads as the message alone (a ValueError gets "Value error, ")."""
    return PydanticCustomError(kind, "{message}", {"message": message})  # braces stay literal


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise _refused("date_from_datetime_parsing", f"not a calendar date: {exc}") from None
    raise _refused("date_type", "must be a date string in ISO 8601 form, YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    """Lets through datetimes and ISO strings, which pydantic's own parser then reads (and checks
    for a time zone where the type asks for one)."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.fullmatch(value)):
        return value
    raise _refused("datetime_type", "must be a date-time string in ISO 8601 / RFC 3339 form")


def _query_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _refused("bool_type", "must be true or false")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refused("float_type", "must be a JSON number")
    try:
        number = float(value)
    except OverflowError:  # an integer literal beyond any float: a 422, not an uncaught 500
        number = math.inf
    # python's json.loads reads NaN / Infinity / 1e400, which JSON does not have
    if not math.isfinite(number):
        raise _refused("finite_number", "must be a finite JSON number")
    return number


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
IsoAwareDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]
QueryBool = Annotated[bool, BeforeValidator(_query_bool)]
JsonBool = Annotated[bool, Strict()]
JsonInt = Annotated[int, Strict()]
JsonNumber = Annotated[float, BeforeValidator(_number)]


# the validators above: a field carrying one follows its published type (see input_audit)
CONTRACT_VALIDATORS = frozenset({_iso_date, _iso_datetime, _query_bool, _number})
