"""Public boards, the QR code of a project and its public page."""

from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from renovation.auth import READ, WRITE
from renovation.projects.access import load_project
from renovation.publicity import service
from renovation.publicity.page import render_html
from renovation.publicity.schemas import (
    BoardCreate,
    BoardPublic,
    PublicityStatus,
    PublicProjectPage,
)
from renovation.rules.publicity import publicity_missing
from suitekit.db import SessionDep
from suitekit.identity import Caller, CallerDep
from suitekit.links import public_root

router = APIRouter(tags=["publicity"])

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _base_url(request: Request) -> str:
    return public_root(request.app.state.settings)


@router.post("/v1/projects/{project_id}/boards", status_code=201, response_model=BoardPublic)
def put_up_board(
    project_id: str, data: BoardCreate, session: SessionDep, caller: Caller = WRITE
) -> BoardPublic:
    board = service.put_up_board(session=session, project_id=project_id, data=data, caller=caller)
    return BoardPublic.model_validate(board, from_attributes=True)


@router.get("/v1/projects/{project_id}/boards", response_model=PublicityStatus)
def publicity_status(
    project_id: str, session: SessionDep, request: Request, caller: Caller = READ
) -> PublicityStatus:
    project = load_project(session, project_id, caller)
    boards = service.boards_of(session, project.id)
    missing = publicity_missing(service.summarise(boards))
    return PublicityStatus(
        boards=[BoardPublic.model_validate(b, from_attributes=True) for b in boards],
        public_url=service.public_url(_base_url(request), project.id),
        ready_to_start=not missing,
        missing=missing,
    )


@router.get(
    "/v1/projects/{project_id}/qr",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
)
def project_qr(
    project_id: str,
    session: SessionDep,
    request: Request,
    caller: Caller = READ,
    format: Literal["png", "svg"] = "png",
) -> Response:
    project = load_project(session, project_id, caller)
    url = service.public_url(_base_url(request), project.id)
    return Response(
        service.qr_image(url, format),
        media_type=MEDIA_TYPES[format],
        headers={"X-QR-Target": url, "Cache-Control": "public, max-age=86400"},
    )


@router.get(
    "/v1/public/projects/{project_id}",
    response_model=PublicProjectPage,
    responses={200: {"content": {"text/html": {}}}},
)
def public_project_page(
    project_id: str, session: SessionDep, request: Request, _caller: CallerDep
) -> PublicProjectPage | HTMLResponse:
    """JSON for systems; HTML for a browser (a phone that scanned the QR code)."""
    page = service.public_page(session=session, project_id=project_id)
    if _prefers_html(request.headers.get("accept", "")):
        return HTMLResponse(render_html(page))
    return page


def _prefers_html(accept: str) -> bool:
    return "text/html" in accept and accept.find("text/html") < (
        accept.find("application/json") if "application/json" in accept else len(accept)
    )
