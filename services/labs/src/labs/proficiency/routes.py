"""HTTP routes of proficiency testing (thin)."""

from fastapi import APIRouter

from labs.common import ASSESS, READ
from labs.proficiency import service
from labs.proficiency.schemas import EvaluateIn, ResultsCreate, RoundCreate, RoundPublic
from suitekit.db import SessionDep
from suitekit.identity import Caller

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


@router.get("/pt-rounds/{round_id}", response_model=RoundPublic)
def get_round(round_id: str, session: SessionDep, _caller: Caller = READ) -> RoundPublic:
    return service.round_view(session, service.get_round(session=session, round_id=round_id))
