"""Anonymous public routes (`/v1/public/...`): the signboard pages, lists and QR codes.

Each page answers JSON by default (the API) and server-rendered Chinese HTML to a browser
(``Accept: text/html``); nothing on the pages needs JavaScript.
"""

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from outfall.public import service
from outfall.public.page import OutfallPublicPage, build_page, shown_rows
from outfall.public.schemas import Signboard, SignboardPublic, SignboardsPublic
from suitekit.db import SessionDep
from suitekit.errors import NotFound
from suitekit.identity import Caller, CallerDep, RequireScope
from suitekit.pagination import CursorQuery
from suitekit.public_pages import environment, render, wants_html

READ = RequireScope("outfall:read", "outfall:write")
PAGE_SIZE = 20
TEMPLATES = environment(Path(__file__).parent / "templates")
SearchQuery = Annotated[str | None, Query(max_length=50, description="plain-text search")]
PublicLimit = Annotated[int, Query(ge=1, le=100, description="page size (max 100)")]

public = APIRouter(prefix="/v1/public", tags=["public"])
internal = APIRouter(prefix="/v1", tags=["public"])


def _base(request: Request) -> str:
    return request.app.state.settings.public_root()


def _next_url(request: Request, next_cursor: str | None) -> str | None:
    if not next_cursor:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return "?" + urlencode({**params, "cursor": next_cursor})


def _list_answer(
    request: Request,
    session: SessionDep,
    *,
    jurisdiction: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> SignboardsPublic | HTMLResponse:
    q = (q or "").strip() or None
    items, next_cursor = service.list_public(
        session=session,
        base=_base(request),
        jurisdiction=jurisdiction,
        limit=limit,
        cursor=cursor,
        q=q,
    )
    if not wants_html(request):
        return SignboardsPublic(items=items, next_cursor=next_cursor)
    district = service.jurisdiction_name(session, jurisdiction) if jurisdiction else None
    return render(
        TEMPLATES,
        request,
        "outfalls.html",
        title=f"{district}入河排污口公开信息" if district else "牡丹江市入河排污口公开信息",
        district=district,
        jurisdictions=[] if jurisdiction else service.public_jurisdictions(session),
        items=items,
        q=q,
        next_url=_next_url(request, next_cursor),
    )


@public.get(
    "/outfalls",
    response_model=SignboardsPublic,
    responses={200: {"content": {"text/html": {}}}},
    summary="standardised outfalls with their signboard information (§六(七)); the city list",
)
def list_public_outfalls(
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    jurisdiction: str | None = None,
    q: SearchQuery = None,
    limit: PublicLimit = PAGE_SIZE,
    cursor: CursorQuery = None,
) -> SignboardsPublic | HTMLResponse:
    return _list_answer(
        request, session, jurisdiction=jurisdiction, q=q, limit=limit, cursor=cursor
    )


@public.get(
    "/jurisdictions/{code}/outfalls",
    response_model=SignboardsPublic,
    responses={200: {"content": {"text/html": {}}}},
    summary="the public outfalls of one county, city or district (§六(七))",
)
def list_district_outfalls(
    code: str,
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    q: SearchQuery = None,
    limit: PublicLimit = PAGE_SIZE,
    cursor: CursorQuery = None,
) -> SignboardsPublic | HTMLResponse:
    if not service.jurisdiction_name(session, code):
        raise NotFound(f"no jurisdiction {code}")
    return _list_answer(request, session, jurisdiction=code, q=q, limit=limit, cursor=cursor)


@public.get(
    "/outfalls/{code}",
    response_model=OutfallPublicPage,
    responses={200: {"content": {"text/html": {}}}},
    summary="one standardised outfall's public page: the signboard QR code's target",
)
def get_public_outfall(
    code: str, request: Request, session: SessionDep, _caller: CallerDep
) -> OutfallPublicPage | HTMLResponse:
    try:
        outfall = service.standardized_by_code(session, code)
    except NotFound:
        if not wants_html(request):
            raise
        return render(TEMPLATES, request, "not_found.html", status_code=404, title="未找到")
    page = build_page(
        session,
        outfall,
        base=_base(request),
        supervision_phone=request.app.state.settings.supervision_phone,
    )
    if not wants_html(request):
        return page
    return render_outfall(request, page)


def render_outfall(
    request: Request,
    page: OutfallPublicPage,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    settings = request.app.state.settings
    return render(
        TEMPLATES,
        request,
        "outfall.html",
        status_code=status_code,
        title=page.name,
        page=page,
        rows=shown_rows(page),
        errors=errors or {},
        values=values or {},
        photo_max_mb=settings.tip_off_photo_max_bytes // (1024 * 1024),
    )


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
    return Response(service.qr_code(url, kind), media_type=media, headers={"X-QR-Target": url})


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


__all__ = ["SignboardPublic", "internal", "public", "render_outfall"]
