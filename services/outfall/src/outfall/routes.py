"""Thin HTTP layer."""

from fastapi import APIRouter, Response

from outfall import service
from outfall.schemas import JurisdictionPublic, OutfallCreate, OutfallPublic, OutfallsPublic
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller, RequireScope
from suitekit.pagination import CursorQuery, LimitQuery

READ = RequireScope("outfall:read", "outfall:write")
WRITE = RequireScope("outfall:write")

router = APIRouter(prefix="/v1", tags=["outfalls"])


@router.get("/jurisdictions", response_model=list[JurisdictionPublic])
def list_jurisdictions(session: SessionDep, _caller: Caller = READ) -> list[JurisdictionPublic]:
    return [
        JurisdictionPublic.model_validate(j, from_attributes=True)
        for j in service.list_jurisdictions(session=session)
    ]


@router.post("/outfalls", status_code=201, response_model=OutfallPublic)
def register_outfall(
    data: OutfallCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> OutfallPublic:
    outfall = service.register_outfall(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/outfalls/{outfall.id}"
    set_etag(response, outfall.version)
    return OutfallPublic.model_validate(outfall, from_attributes=True)


@router.get("/outfalls/{outfall_id}", response_model=OutfallPublic)
def get_outfall(
    outfall_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> OutfallPublic:
    outfall = service.get_outfall(session=session, outfall_id=outfall_id, caller=caller)
    set_etag(response, outfall.version)
    return OutfallPublic.model_validate(outfall, from_attributes=True)


@router.get("/outfalls", response_model=OutfallsPublic)
def list_outfalls(
    session: SessionDep,
    caller: Caller = READ,
    status: str | None = None,
    jurisdiction_code: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> OutfallsPublic:
    rows, next_cursor = service.list_outfalls(
        session=session,
        caller=caller,
        status=status,
        jurisdiction_code=jurisdiction_code,
        limit=limit,
        cursor=cursor,
    )
    return OutfallsPublic(
        items=[OutfallPublic.model_validate(o, from_attributes=True) for o in rows],
        next_cursor=next_cursor,
    )
