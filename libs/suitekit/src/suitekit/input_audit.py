"""Finds request inputs that pydantic would coerce from another JSON type (see suitekit.inputs).

Each service's tests assert that `lax_route_inputs(app)` is empty, so an endpoint added later
with a plain `date`, `bool`, `int` or `float` input fails the build instead of accepting `0`
as 1970-01-01 or `1` as `true`.
"""

from datetime import date, datetime
from typing import Annotated, Any, get_args, get_origin

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    FutureDate,
    FutureDatetime,
    NaiveDatetime,
    PastDate,
    PastDatetime,
    Strict,
)

from suitekit.inputs import CONTRACT_VALIDATORS

_PYDANTIC_DATES = (AwareDatetime, NaiveDatetime, PastDate, FutureDate, PastDatetime, FutureDatetime)
_LAX_SCALARS = (bool, int, float, date, datetime, *_PYDANTIC_DATES)
# query strings: an int is a numeric string or a 422 already
_LAX_QUERY = (bool, date, datetime, *_PYDANTIC_DATES)


def _is_contract_checked(metadata: list[Any]) -> bool:
    return any(
        isinstance(item, Strict)
        or (isinstance(item, BeforeValidator) and item.func in CONTRACT_VALIDATORS)
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


def _walk(dependant: Dependant, path: str) -> list[str]:
    found: list[str] = []
    for field in dependant.body_params:
        info = field.field_info
        found += lax_fields(info.annotation, list(info.metadata), f"{path} body", set())
    for field in dependant.query_params:
        info = field.field_info
        label = f"{path} query {field.name}"
        found += lax_fields(info.annotation, list(info.metadata), label, set(), _LAX_QUERY)
    for sub in dependant.dependencies:
        found += _walk(sub, path)
    return found


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    flat: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            flat.append(route)
        elif (included := getattr(route, "original_router", None)) is not None:
            flat += _api_routes(included.routes)  # FastAPI >= 0.165 keeps includes lazy
    return flat


def lax_route_inputs(app: FastAPI) -> list[str]:
    """Every body field and query parameter of `app` that accepts input its schema forbids."""
    found: set[str] = set()
    for route in _api_routes(list(app.routes)):
        found.update(_walk(route.dependant, f"{sorted(route.methods)[0]} {route.path}"))
    return sorted(found)
