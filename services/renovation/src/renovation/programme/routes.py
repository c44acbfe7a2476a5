"""Programmes, the year summary and the overdue report."""

from fastapi import APIRouter, Response
from sqlmodel import col, select

from renovation.auth import READ, WRITE
from renovation.programme import service
from renovation.programme.models import Programme
from renovation.programme.schemas import (
    OverdueReport,
    ProgrammeCreate,
    ProgrammePublic,
    ProgrammeSummary,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.inputs import IsoDate

router = APIRouter(tags=["programme"])


def _public(programme: Programme) -> ProgrammePublic:
    return ProgrammePublic(
        year=programme.year,
        targets=service.targets_of(programme),
        phases=service.phases_of(programme),
        created_at=programme.created_at,
    )


@router.post("/v1/programmes", status_code=201, response_model=ProgrammePublic)
def create_programme(
    data: ProgrammeCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> ProgrammePublic:
    programme = service.create_programme(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/programmes/{programme.year}"
    return _public(programme)


@router.get("/v1/programmes", response_model=list[ProgrammePublic])
def list_programmes(session: SessionDep, _caller: Caller = READ) -> list[ProgrammePublic]:
    rows = session.exec(select(Programme).order_by(col(Programme.year))).all()
    return [_public(p) for p in rows]


@router.get("/v1/programmes/{year}", response_model=ProgrammePublic)
def get_programme(year: int, session: SessionDep, _caller: Caller = READ) -> ProgrammePublic:
    return _public(service.get_programme(session, year))


@router.get("/v1/programmes/{year}/summary", response_model=ProgrammeSummary)
def programme_summary(year: int, session: SessionDep, caller: Caller = READ) -> ProgrammeSummary:
    return service.summary(session=session, year=year, caller=caller)


@router.get("/v1/reports/overdue", response_model=OverdueReport)
def overdue_report(
    session: SessionDep, caller: Caller = READ, year: int = 2022, as_of: IsoDate | None = None
) -> OverdueReport:
    return service.overdue_report(session=session, year=year, caller=caller, as_of=as_of)
