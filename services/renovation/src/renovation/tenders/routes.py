"""Tender sections and the bundling proposal (§四(一)3)."""

from fastapi import APIRouter

from renovation.auth import READ, WRITE
from renovation.tenders import service
from renovation.tenders.schemas import (
    ProposalPublic,
    ProposeRequest,
    SectionCreate,
    SectionPublic,
    SectionsPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1/tender-sections", tags=["tender sections"])


@router.post("/propose", response_model=ProposalPublic)
def propose_sections(
    data: ProposeRequest, session: SessionDep, caller: Caller = READ
) -> ProposalPublic:
    return service.propose(session=session, data=data, caller=caller)


@router.post("", status_code=201, response_model=SectionPublic)
def create_section(
    data: SectionCreate, session: SessionDep, caller: Caller = WRITE
) -> SectionPublic:
    return service.create_section(session=session, data=data, caller=caller)


@router.get("", response_model=SectionsPublic)
def list_sections(
    session: SessionDep,
    caller: Caller = READ,
    year: int | None = None,
    district: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SectionsPublic:
    items, next_cursor = service.list_sections(
        session=session,
        caller=caller,
        year=year,
        district=district,
        limit=limit,
        cursor=cursor,
    )
    return SectionsPublic(items=items, next_cursor=next_cursor)


@router.get("/{section_id}", response_model=SectionPublic)
def get_section(section_id: str, session: SessionDep, caller: Caller = READ) -> SectionPublic:
    return service.get_section(session=session, caller=caller, section_id=section_id)
