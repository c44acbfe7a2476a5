"""Anonymous public routes (`/v1/public/...`), the signboard record and tip-off intake."""

from typing import Literal

from fastapi import APIRouter, Request, Response

from outfall.present import aware
from outfall.public import service
from outfall.public.schemas import (
    Signboard,
    SignboardsPublic,
    TipOffIn,
    TipOffPublic,
    TipOffReceipt,
    TipOffsPublic,
)
from suitekit.db import SessionDep
from suitekit.errors import Forbidden
from suitekit.identity import Caller, CallerDep, RequireScope
from suitekit.links import public_service_url
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import as_aware

READ = RequireScope("outfall:read", "outfall:write")

public = APIRouter(prefix="/v1/public", tags=["public"])
internal = APIRouter(prefix="/v1", tags=["public"])


def _base(request: Request) -> str:
    return public_service_url(request.app.state.settings)


@public.get(
    "/outfalls",
    response_model=SignboardsPublic,
    summary="standardised outfalls with their signboard information (§六(七))",
)
def list_public_outfalls(
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    jurisdiction: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SignboardsPublic:
    items, next_cursor = service.list_public(
        session=session, base=_base(request), jurisdiction=jurisdiction, limit=limit, cursor=cursor
    )
    return SignboardsPublic(items=items, next_cursor=next_cursor)


@public.get("/outfalls/{code}", summary="one standardised outfall's public page")
def get_public_outfall(
    code: str, request: Request, session: SessionDep, _caller: CallerDep
) -> service.SignboardPublic:
    return service.get_public(session=session, code=code, base=_base(request))


@public.get(
    "/outfalls/{code}/qr.{kind}",
    response_class=Response,
    summary="QR code of the signboard, resolving to the public page (HJ 1314-2023)",
)
def public_qr(
    code: str,
    kind: Literal["svg", "png"],
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
) -> Response:
    outfall = service.standardized_by_code(session, code)
    media = "image/svg+xml" if kind == "svg" else "image/png"
    url = service.public_url(_base(request), outfall.code)
    return Response(service.qr_code(url, kind), media_type=media)


@public.post(
    "/tip-offs",
    status_code=201,
    response_model=TipOffReceipt,
    summary="public tip-off about illegal discharge (§六(七)); no token needed",
)
def tip_off(data: TipOffIn, session: SessionDep, caller: CallerDep) -> TipOffReceipt:
    tip = service.receive_tip_off(session=session, data=data, caller=caller)
    return TipOffReceipt(id=tip.id, status=tip.status, received_at=as_aware(tip.created_at))


@internal.get(
    "/outfalls/{outfall_id}/signboard",
    response_model=Signboard,
    summary="signboard record with its QR code (standardised outfalls)",
    responses={409: {"description": "the outfall is not standardised yet (not_standardized)"}},
)
def signboard(
    outfall_id: str, request: Request, session: SessionDep, caller: Caller = READ
) -> Signboard:
    return service.signboard(
        session=session, outfall_id=outfall_id, caller=caller, base=_base(request)
    )


@internal.get("/tip-offs", response_model=TipOffsPublic, summary="tip-offs received")
def list_tip_offs(
    session: SessionDep,
    caller: Caller = READ,
    status: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> TipOffsPublic:
    if not caller.city_wide:
        # a tip-off has no jurisdiction until someone checks it: city-wide clients only
        raise Forbidden("tip-offs are read by city-wide clients", code="city_wide_only")
    rows, next_cursor = service.list_tip_offs(
        session=session, status=status, limit=limit, cursor=cursor
    )
    return TipOffsPublic(
        items=[
            TipOffPublic(**t.model_dump(exclude={"created_at"}), created_at=aware(t.created_at))
            for t in rows
        ],
        next_cursor=next_cursor,
    )
