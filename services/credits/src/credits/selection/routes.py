"""Thin HTTP layer for course selection."""

from fastapi import APIRouter

from credits.common import READ, WRITE
from credits.models import Selection
from credits.rules.selection import SelectionState, allowed_selection_actions
from credits.selection import service
from credits.selection.schemas import (
    ChangeDecision,
    ChangeRequest,
    RoundCreate,
    RoundPublic,
    SelectionCreate,
    SelectionPublic,
    SelectionStatsPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller

router = APIRouter(prefix="/v1", tags=["course selection"])


def present(selection: Selection) -> SelectionPublic:
    data = selection.model_dump()
    data["subjects"] = selection.subjects.split("+")
    requested = selection.requested_subjects
    data["requested_subjects"] = (
        None if requested is None else (requested.split("+") if requested else [])
    )
    data["allowed_actions"] = allowed_selection_actions(SelectionState(selection.state))
    return SelectionPublic.model_validate(data)


@router.post("/schools/{school_id}/selection-rounds", status_code=201, response_model=RoundPublic)
def create_round(
    school_id: str, data: RoundCreate, session: SessionDep, caller: Caller = WRITE
) -> RoundPublic:
    selection_round = service.create_round(
        session=session, school_id=school_id, data=data, caller=caller
    )
    return RoundPublic.model_validate(selection_round, from_attributes=True)


@router.post("/schools/{school_id}/selections", status_code=201, response_model=SelectionPublic)
def submit(
    school_id: str, data: SelectionCreate, session: SessionDep, caller: Caller = WRITE
) -> SelectionPublic:
    return present(service.submit(session=session, school_id=school_id, data=data, caller=caller))


@router.post("/selections/{selection_id}/change-request", response_model=SelectionPublic)
def request_change(
    selection_id: str, data: ChangeRequest, session: SessionDep, caller: Caller = WRITE
) -> SelectionPublic:
    selection = service.request_change(
        session=session, selection_id=selection_id, data=data, caller=caller
    )
    return present(selection)


@router.post("/selections/{selection_id}/change-decision", response_model=SelectionPublic)
def decide_change(
    selection_id: str, data: ChangeDecision, session: SessionDep, caller: Caller = WRITE
) -> SelectionPublic:
    selection = service.decide_change(
        session=session, selection_id=selection_id, data=data, caller=caller
    )
    return present(selection)


@router.post("/selection-rounds/{round_id}/confirm")
def confirm_round(round_id: str, session: SessionDep, caller: Caller = WRITE) -> dict[str, int]:
    return {"confirmed": service.confirm_round(session=session, round_id=round_id, caller=caller)}


@router.get("/schools/{school_id}/selection-stats", response_model=SelectionStatsPublic)
def selection_stats(
    school_id: str, round_id: str, session: SessionDep, caller: Caller = READ
) -> SelectionStatsPublic:
    """附件3 三(一)5(4): students per subject and per combination, classes and rooms needed."""
    selection_round, result = service.stats(
        session=session, school_id=school_id, round_id=round_id, caller=caller
    )
    return SelectionStatsPublic(
        round_id=selection_round.id,
        students=result.students,
        per_subject=result.per_subject,
        per_combination=result.per_combination,
        teaching_classes=result.teaching_classes,
        rooms_needed=result.rooms_needed,
        class_size=selection_round.class_size,
    )
