"""Thin HTTP layer of the register: reference data, registration, reads, history."""

from fastapi import APIRouter, Query, Request, Response

from outfall import service
from outfall.code_lists import ReferencePublic, reference
from outfall.present import outfall_public
from outfall.rules.categories import categories
from outfall.schemas import (
    CategoryPublic,
    History,
    HistoryEntry,
    JurisdictionPublic,
    OutfallCreate,
    OutfallPublic,
    OutfallsPublic,
    OutfallUpdate,
    SubtypePublic,
)
from suitekit.db import SessionDep
from suitekit.etag import require_if_match, set_etag
from suitekit.identity import Caller, RequireScope
from suitekit.inputs import QueryBool
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import as_aware

READ = RequireScope("outfall:read", "outfall:write")
WRITE = RequireScope("outfall:write")

router = APIRouter(prefix="/v1", tags=["outfalls"])


@router.get("/jurisdictions", response_model=list[JurisdictionPublic])
def list_jurisdictions(session: SessionDep, _caller: Caller = READ) -> list[JurisdictionPublic]:
    return [
        JurisdictionPublic.model_validate(j, from_attributes=True)
        for j in service.list_jurisdictions(session=session)
    ]


@router.get(
    "/reference", response_model=ReferencePublic, summary="every code list of the API (enums)"
)
def get_reference(_caller: Caller = READ) -> ReferencePublic:
    return reference()


@router.get("/categories", response_model=list[CategoryPublic])
def list_categories(_caller: Caller = READ) -> list[CategoryPublic]:
    return [
        CategoryPublic(
            code=c.code,
            name_zh=c.name_zh,
            type_code=c.type_code,
            subtypes=[
                SubtypePublic(
                    code=s.code,
                    name_zh=s.name_zh,
                    lead_bureau=s.lead_bureau,
                    lead_bureau_name=s.lead_bureau_name,
                    assisting_bureaus=list(s.assisting_bureaus),
                )
                for s in c.subtypes
            ],
        )
        for c in categories().values()
    ]


@router.post(
    "/outfalls",
    status_code=201,
    response_model=OutfallPublic,
    summary="register an outfall found by a survey (§五(一)1); it gets its outfall code",
)
def register_outfall(
    data: OutfallCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> OutfallPublic:
    outfall = service.register_outfall(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/outfalls/{outfall.id}"
    set_etag(response, outfall.version)
    return outfall_public(outfall, service.attachments_of(session, outfall.id))


@router.get(
    "/outfalls/{outfall_id}",
    response_model=OutfallPublic,
    summary="one outfall with its state and ETag",
)
def get_outfall(
    outfall_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> OutfallPublic:
    outfall = service.get_outfall(session=session, outfall_id=outfall_id, caller=caller)
    set_etag(response, outfall.version)
    return outfall_public(outfall, service.attachments_of(session, outfall.id))


@router.patch(
    "/outfalls/{outfall_id}",
    response_model=OutfallPublic,
    summary="correct an outfall's descriptive fields (If-Match; states change by actions)",
)
def update_outfall(
    outfall_id: str,
    data: OutfallUpdate,
    request: Request,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.update_outfall(
        session=session,
        outfall_id=outfall_id,
        data=data,
        caller=caller,
        check_version=lambda version: require_if_match(request, version),
    )
    set_etag(response, outfall.version)
    return outfall_public(outfall, service.attachments_of(session, outfall.id))


@router.get(
    "/outfalls",
    response_model=OutfallsPublic,
    summary="outfalls in the caller's jurisdiction, filtered and paged",
)
def list_outfalls(
    session: SessionDep,
    caller: Caller = READ,
    jurisdiction: str | None = None,
    status: str | None = None,
    category: str | None = None,
    water_body: str | None = Query(default=None, description="water body code or name"),
    abnormal: QueryBool | None = Query(default=None, description="latest test abnormal"),
    enforcement: QueryBool | None = Query(default=None, description="flagged for enforcement"),
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> OutfallsPublic:
    filters = {
        "jurisdiction": jurisdiction,
        "status": status,
        "category": category,
        "water_body": water_body,
        "abnormal": abnormal,
        "enforcement": enforcement,
    }
    rows, next_cursor = service.list_outfalls(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return OutfallsPublic(items=[outfall_public(o) for o in rows], next_cursor=next_cursor)


@router.get(
    "/outfalls/{outfall_id}/history",
    response_model=History,
    summary="every action on an outfall: who, when, why (audit chain)",
)
def outfall_history(outfall_id: str, session: SessionDep, caller: Caller = READ) -> History:
    entries = service.history(session=session, outfall_id=outfall_id, caller=caller)
    return History(
        outfall_id=outfall_id,
        items=[
            HistoryEntry(
                seq=e.seq,
                at=as_aware(e.at),
                actor=e.actor,
                action=e.action,
                reason=e.reason,
                data=service.json_data(e.data),
                request_id=e.request_id,
            )
            for e in entries
        ],
    )
