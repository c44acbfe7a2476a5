"""Public boards, the project's QR code and its public page (§五(四)5)."""

import io

import segno
from sqlmodel import Session, col, select

from renovation import refdata
from renovation.common import raise_if_errors
from renovation.projects.access import load_project
from renovation.projects.models import Project
from renovation.publicity.models import Board
from renovation.publicity.schemas import BoardCreate, BoardPublic, PublicProjectPage
from renovation.rules.publicity import BoardKind, PublicitySummary
from suitekit import audit
from suitekit.errors import NotFound
from suitekit.identity import Caller
from suitekit.timeutil import new_id


def boards_of(session: Session, project_id: str) -> list[Board]:
    return list(
        session.exec(
            select(Board).where(Board.project_id == project_id).order_by(col(Board.created_at))
        ).all()
    )


def summarise(boards: list[Board]) -> PublicitySummary:
    return PublicitySummary(
        boards=len(boards),
        kinds=frozenset(BoardKind(b.kind) for b in boards),
        supervisor_phones=frozenset(
            phone
            for b in boards
            if b.kind == BoardKind.CONTENT_SCHEDULE
            for phone in b.supervisor_phones
        ),
        qr_displayed=any(b.shows_qr for b in boards),
    )


def put_up_board(*, session: Session, project_id: str, data: BoardCreate, caller: Caller) -> Board:
    project = load_project(session, project_id, caller, for_update=True)
    raise_if_errors(data.phone_errors(), "a supervisor phone number is not valid")
    board = Board(**data.model_dump(), id=new_id("bd"), project_id=project.id)
    session.add(board)
    audit.record(
        session,
        caller=caller,
        action="board",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"kind": data.kind, "shows_qr": data.shows_qr},
    )
    session.commit()
    session.refresh(board)
    return board


def public_url(base_url: str, project_id: str) -> str:
    return f"{base_url.rstrip('/')}/renovation/v1/public/projects/{project_id}"


def qr_image(url: str, image_format: str) -> bytes:
    """One QR code per project (§五(四)5), encoding the project's public page."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if image_format == "svg":
        code.save(buffer, kind="svg", scale=4, xmldecl=True)
    else:
        code.save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def public_page(*, session: Session, project_id: str) -> PublicProjectPage:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"project {project_id} not found")
    boards = boards_of(session, project.id)
    return PublicProjectPage(
        **project.model_dump(),
        district_name=refdata.district_names()[project.district],
        total_investment_yuan=project.total_investment_yuan,
        boards=[BoardPublic.model_validate(b, from_attributes=True) for b in boards],
        supervisor_phones=sorted(summarise(boards).supervisor_phones),
    )
