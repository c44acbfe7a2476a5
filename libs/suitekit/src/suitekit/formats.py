"""``?format=`` is never silently ignored: a route that does not offer it answers 406.

A caller asking ``/v1/reports/progress?format=xlsx`` of a route that only speaks JSON would
otherwise get JSON and save it as a spreadsheet. Routes that do offer formats declare a
``format`` query parameter (validated as usual, so an unknown value is a 422 naming the
allowed ones); the app-wide dependency below refuses ``format`` everywhere else.
"""

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from suitekit.errors import NotAcceptable

_OFFERS_FORMAT: dict[int, bool] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _offers_format(route: APIRoute) -> bool:
    key = id(route)
    if key not in _OFFERS_FORMAT:
        _OFFERS_FORMAT[key] = "format" in _query_names(route.dependant)
    return _OFFERS_FORMAT[key]


async def refuse_undeclared_format(request: Request) -> None:
    route = request.scope.get("route")
    if "format" not in request.query_params or not isinstance(route, APIRoute):
        return
    if not _offers_format(route):
        raise NotAcceptable(
            f"this operation answers only JSON; format={request.query_params['format']!r} "
            "is not offered",
            detail_zh=f"该接口只提供 JSON，不提供 format={request.query_params['format']}",
            errors=[{"field": "query.format", "message": "not offered by this operation"}],
        )
