"""Exports of the register: the §三4 forms (CSV / XLSX) and GeoJSON for maps."""

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Response

from outfall.exports import service
from outfall.exports.forms import FORMS
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope

READ = RequireScope("outfall:read", "outfall:write")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = APIRouter(prefix="/v1", tags=["exports"])


def _disposition(name: str, extension: str) -> str:
    title = FORMS[name]["title"]
    return f"attachment; filename={name}.{extension}; filename*=UTF-8''{quote(title)}.{extension}"


@router.get(
    "/exports/{form}",
    response_class=Response,
    summary="survey-results, tracing-results or remediation-information (§三4)",
)
def export_form(
    form: str,
    session: SessionDep,
    caller: Caller = READ,
    format: Literal["csv", "xlsx"] = "csv",
    jurisdiction: str | None = None,
    status: str | None = None,
    category: str | None = None,
) -> Response:
    service.form_of(form)
    filters = {"jurisdiction": jurisdiction, "status": status, "category": category}
    if format == "xlsx":
        return Response(
            service.xlsx_bytes(session, caller, form, filters),
            media_type=XLSX,
            headers={"Content-Disposition": _disposition(form, "xlsx")},
        )
    # built before returning: the request's session closes when the route returns
    body = "".join(service.csv_lines(session, caller, form, filters))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": _disposition(form, "csv")},
    )


@router.get("/outfalls.geojson", response_class=Response, summary="outfalls for maps")
def outfalls_geojson(
    session: SessionDep,
    caller: Caller = READ,
    jurisdiction: str | None = None,
    status: str | None = None,
    category: str | None = None,
) -> Response:
    filters = {"jurisdiction": jurisdiction, "status": status, "category": category}
    body = "".join(service.geojson_chunks(session, caller, filters))
    return Response(body, media_type="application/geo+json")
