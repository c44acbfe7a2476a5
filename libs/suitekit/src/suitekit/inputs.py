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

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Strict
from pydantic import types as pydantic_types
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?"
)


def _refused(kind: str, message: str) -> PydanticCustomError:
    """A validation error that reads as the message alone (a ValueError gets "Value error, ")."""
    return PydanticCustomError(kind, message)


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
    return float(value)


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
IsoAwareDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]
QueryBool = Annotated[bool, BeforeValidator(_query_bool)]
JsonBool = Annotated[bool, Strict()]
JsonInt = Annotated[int, Strict()]
JsonNumber = Annotated[float, BeforeValidator(_number)]


_CONTRACT_VALIDATORS = {_iso_date, _iso_datetime, _query_bool, _number}
_PYDANTIC_DATES = tuple(
    getattr(pydantic_types, name)
    for name in (
        "AwareDatetime",
        "NaiveDatetime",
        "PastDate",
        "FutureDate",
        "PastDatetime",
        "FutureDatetime",
    )
)
_LAX_SCALARS = (bool, int, float, date, datetime, *_PYDANTIC_DATES)
# query strings: an int is a numeric string or a 422 already
_LAX_QUERY = (bool, date, datetime, *_PYDANTIC_DATES)


def _is_contract_checked(metadata: list[Any]) -> bool:
    return any(
        isinstance(item, Strict)
        or (isinstance(item, BeforeValidator) and item.func in _CONTRACT_VALIDATORS)
        for item in metadata
    )


def lax_fields(
    annotation: Any,
    metadata: list[Any],
    where: str,
    seen: set[type],
    lax: tuple[type, ...] = _LAX_SCALARS,
) -> list[str]:
    """Places under `annotation` where pydantic would coerce a scalar of another JSON type."""
    from typing import get_args, get_origin

    from pydantic import BaseModel

    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return lax_fields(inner, [*metadata, *extra], where, seen, lax)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return []
        seen.add(annotation)
        found: list[str] = []
        for name, field in annotation.model_fields.items():
            label = f"{annotation.__module__}.{annotation.__qualname__}.{name}"
            found += lax_fields(field.annotation, list(field.metadata), label, seen, lax)
        return found
    args = get_args(annotation)
    if args:
        found = []
        for arg in args:
            found += lax_fields(arg, metadata if arg is not type(None) else [], where, seen, lax)
        return found
    if annotation in lax and not _is_contract_checked(metadata):
        return [f"{where}: {annotation.__name__}"]
    return []


def lax_route_inputs(app: Any) -> list[str]:
    """Every body field and query parameter of `app` that accepts input its schema forbids."""
    from fastapi.dependencies.models import Dependant
    from fastapi.routing import APIRoute

    def walk(dependant: Dependant, path: str) -> list[str]:
        found: list[str] = []
        for field in dependant.body_params:
            info = field.field_info
            found += lax_fields(info.annotation, list(info.metadata), f"{path} body", set())
        for field in dependant.query_params:
            info = field.field_info
            label = f"{path} query {field.name}"
            found += lax_fields(info.annotation, list(info.metadata), label, set(), _LAX_QUERY)
        for sub in dependant.dependencies:
            found += walk(sub, path)
        return found

    def api_routes(routes: list[Any]) -> list[APIRoute]:
        flat: list[APIRoute] = []
        for route in routes:
            if isinstance(route, APIRoute):
                flat.append(route)
            elif (included := getattr(route, "original_router", None)) is not None:
                flat += api_routes(included.routes)  # FastAPI >= 0.165 keeps includes lazy
        return flat

    found: set[str] = set()
    for route in api_routes(list(app.routes)):
        found.update(walk(route.dependant, f"{sorted(route.methods)[0]} {route.path}"))
    return sorted(found)
