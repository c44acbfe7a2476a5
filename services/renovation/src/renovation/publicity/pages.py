"""The public project board and the district lists (`/v1/public/...`, no token needed).

JSON by default (the API); server-rendered Chinese HTML to a browser (``Accept: text/html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from sqlmodel import Session, col, select

from renovation import refdata
from renovation.projects.models import Project
from renovation.publicity import service
from renovation.publicity.board import (
    PHASE_NAMES,
    PUBLIC_SECTIONS,
    ROLE_NAMES,
    TARGET_PERCENT,
    PublicBoardPage,
    build_board,
)
from renovation.rules.lifecycle import Phase
from suitekit.db import SessionDep
from suitekit.errors import NotFound
from suitekit.identity import CallerDep
from suitekit.pagination import CursorQuery, paginate
from suitekit.public_pages import environment, render, wants_html

TEMPLATES = environment(Path(__file__).parent / "templates")
PAGE_SIZE = 20
SearchQuery = Annotated[str | None, Query(max_length=50, description="plain-text search")]
PublicLimit = Annotated[int, Query(ge=1, le=100, description="page size (max 100)")]

router = APIRouter(prefix="/v1/public", tags=["publicity"])


class ProjectListItem(BaseModel):
    id: str
    name: str
    district: str
    district_name: str
    phase: str
    phase_name: str
    public_url: str


class ProjectList(BaseModel):
    items: list[ProjectListItem]
    next_cursor: str | None = None


def _base(request: Request) -> str:
    return request.app.state.settings.public_root()


@router.get(
    "/projects/{project_id}",
    response_model=PublicBoardPage,
    responses={200: {"content": {"text/html": {}}}},
    summary="the project's public board: what its QR code opens (§五(四)5)",
)
def public_project_page(
    project_id: str, session: SessionDep, request: Request, _caller: CallerDep
) -> PublicBoardPage | HTMLResponse:
    try:
        page = service.public_page(session=session, project_id=project_id)
    except NotFound:
        if not wants_html(request):
            raise
        return render(TEMPLATES, request, "not_found.html", status_code=404, title="未找到")
    project = session.get(Project, project_id)
    assert project is not None  # public_page found it
    board = build_board(
        session,
        page,
        project,
        service.boards_of(session, project.id),
        phone=request.app.state.settings.complaint_phone,
    )
    if not wants_html(request):
        return board
    return render(
        TEMPLATES,
        request,
        "project.html",
        title=board.name,
        page=board,
        sections=PUBLIC_SECTIONS,
        role_names=ROLE_NAMES,
        target=TARGET_PERCENT,
    )


def list_projects(
    session: Session,
    *,
    base: str,
    district: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ProjectListItem], str | None]:
    statement = select(Project)
    if district:
        statement = statement.where(Project.district == district)
    if q:
        statement = statement.where(col(Project.name).contains(q, autoescape=True))
    rows, next_cursor = paginate(
        session, statement, key=Project.id, key_of=lambda p: p.id, limit=limit, cursor=cursor
    )
    names = refdata.district_names()
    return [
        ProjectListItem(
            id=p.id,
            name=p.name,
            district=p.district,
            district_name=names.get(p.district, p.district),
            phase=p.phase,
            phase_name=PHASE_NAMES[Phase(p.phase)],
            public_url=service.public_url(base, p.id),
        )
        for p in rows
    ], next_cursor


def _answer(
    request: Request,
    session: Session,
    *,
    district: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> ProjectList | HTMLResponse:
    q = (q or "").strip() or None
    items, next_cursor = list_projects(
        session, base=_base(request), district=district, q=q, limit=limit, cursor=cursor
    )
    if not wants_html(request):
        return ProjectList(items=items, next_cursor=next_cursor)
    names = refdata.district_names()
    district_name = names.get(district) if district else None
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return render(
        TEMPLATES,
        request,
        "projects.html",
        title=f"{district_name or '牡丹江市'}老旧小区改造项目公示",
        district=district_name,
        districts=[] if district else sorted(names.items()),
        items=items,
        q=q,
        next_url="?" + urlencode({**params, "cursor": next_cursor}) if next_cursor else None,
    )


@router.get(
    "/projects",
    response_model=ProjectList,
    responses={200: {"content": {"text/html": {}}}},
    summary="every renovation project with a link to its public board (the city list)",
)
def public_projects(
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    district: str | None = None,
    q: SearchQuery = None,
    limit: PublicLimit = PAGE_SIZE,
    cursor: CursorQuery = None,
) -> ProjectList | HTMLResponse:
    return _answer(request, session, district=district, q=q, limit=limit, cursor=cursor)


@router.get(
    "/districts/{code}/projects",
    response_model=ProjectList,
    responses={200: {"content": {"text/html": {}}}},
    summary="the renovation projects of one district, each with its public board",
)
def district_projects(
    code: str,
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    q: SearchQuery = None,
    limit: PublicLimit = PAGE_SIZE,
    cursor: CursorQuery = None,
) -> ProjectList | HTMLResponse:
    if code not in refdata.district_names():
        raise NotFound(f"no district {code}")
    return _answer(request, session, district=code, q=q, limit=limit, cursor=cursor)
