"""HTTP routes of proficiency testing (thin)."""

from fastapi import APIRouter, Query

from labs.common import ASSESS, READ, OptionalYearQuery
from labs.proficiency import service
from labs.proficiency.schemas import (
    EvaluateIn,
    ResultsCreate,
    RoundCreate,
    RoundPublic,
    RoundsPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["proficiency"])


@router.post("/pt-rounds", status_code=201, response_model=RoundPublic)
def create_round(data: RoundCreate, session: SessionDep, caller: Caller = ASSESS) -> RoundPublic:
    return service.round_view(
        session, service.create_round(session=session, data=data, caller=caller)
    )


@router.post("/pt-rounds/{round_id}/results", response_model=RoundPublic)
def submit_results(
    round_id: str, data: ResultsCreate, session: SessionDep, caller: Caller = ASSESS
) -> RoundPublic:
    pt_round = service.submit_results(session=session, round_id=round_id, data=data, caller=caller)
    return service.round_view(session, pt_round)


@router.post("/pt-rounds/{round_id}/evaluate", response_model=RoundPublic)
def evaluate_round(
    round_id: str, data: EvaluateIn, session: SessionDep, caller: Caller = ASSESS
) -> RoundPublic:
    pt_round = service.evaluate_round(session=session, round_id=round_id, data=data, caller=caller)
    return service.round_view(session, pt_round)


@router.get("/pt-rounds", response_model=RoundsPublic)
def list_rounds(
    session: SessionDep,
    _caller: Caller = READ,
    year: OptionalYearQuery = None,
    food_category: str | None = Query(default=None, max_length=64),
    state: service.RoundState | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> RoundsPublic:
    rows, next_cursor = service.list_rounds(
        session=session,
        year=year,
        food_category=food_category,
        state=state,
        limit=limit,
        cursor=cursor,
    )
    return RoundsPublic(
        items=[service.round_view(session, r) for r in rows], next_cursor=next_cursor
    )


@router.get("/pt-rounds/{round_id}", response_model=RoundPublic)
def get_round(round_id: str, session: SessionDep, _caller: Caller = READ) -> RoundPublic:
    return service.round_view(session, service.get_round(session=session, round_id=round_id))
