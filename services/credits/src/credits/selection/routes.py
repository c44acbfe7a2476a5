"""Thin HTTP layer for course selection."""

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from credits.common import READ, WRITE
from credits.models import Selection
from credits.rules.selection import SelectionState
from credits.selection import service
from credits.selection.schemas import (
    ChangeDecision,
    ChangeRequest,
    RoundCreate,
    RoundPublic,
    RoundsPublic,
    SelectionCreate,
    SelectionFilters,
    SelectionPublic,
    SelectionsPublic,
    SelectionStatsPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["course selection"])


def present(session: Session, selection: Selection) -> SelectionPublic:
    data = selection.model_dump()
    data["subjects"] = selection.subjects.split("+")
    requested = selection.requested_subjects
    data["requested_subjects"] = (
        None if requested is None else (requested.split("+") if requested else [])
    )
    data["allowed_actions"] = service.actions_now(session, selection)
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
    school_id: str,
    data: SelectionCreate,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> SelectionPublic:
    selection = service.submit(session=session, school_id=school_id, data=data, caller=caller)
    response.headers["Location"] = f"/v1/selections/{selection.id}"
    return present(session, selection)


@router.post("/selections/{selection_id}/change-request", response_model=SelectionPublic)
def request_change(
    selection_id: str, data: ChangeRequest, session: SessionDep, caller: Caller = WRITE
) -> SelectionPublic:
    selection = service.request_change(
        session=session, selection_id=selection_id, data=data, caller=caller
    )
    return present(session, selection)


@router.post("/selections/{selection_id}/change-decision", response_model=SelectionPublic)
def decide_change(
    selection_id: str, data: ChangeDecision, session: SessionDep, caller: Caller = WRITE
) -> SelectionPublic:
    selection = service.decide_change(
        session=session, selection_id=selection_id, data=data, caller=caller
    )
    return present(session, selection)


@router.post("/selection-rounds/{round_id}/confirm")
def confirm_round(round_id: str, session: SessionDep, caller: Caller = WRITE) -> dict[str, int]:
    return {"confirmed": service.confirm_round(session=session, round_id=round_id, caller=caller)}


@router.get("/selection-rounds", response_model=RoundsPublic)
def list_rounds(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> RoundsPublic:
    rows, next_cursor = service.list_rounds(
        session=session, caller=caller, school_id=school_id, limit=limit, cursor=cursor
    )
    return RoundsPublic(
        items=[RoundPublic.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get("/selection-rounds/{round_id}", response_model=RoundPublic)
def get_round(round_id: str, session: SessionDep, caller: Caller = READ) -> RoundPublic:
    selection_round = service.get_round(session, caller, round_id)
    return RoundPublic.model_validate(selection_round, from_attributes=True)


@router.get("/selections", response_model=SelectionsPublic)
def list_selections(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    round_id: str | None = Query(default=None, max_length=32),
    student_id: str | None = Query(default=None, max_length=32),
    state: SelectionState | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SelectionsPublic:
    filters = SelectionFilters(school_id, round_id, student_id, state)
    rows, next_cursor = service.list_selections(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return SelectionsPublic(items=[present(session, r) for r in rows], next_cursor=next_cursor)


@router.get("/selections/{selection_id}", response_model=SelectionPublic)
def get_selection(selection_id: str, session: SessionDep, caller: Caller = READ) -> SelectionPublic:
    return present(session, service.get_selection(session, caller, selection_id))


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
