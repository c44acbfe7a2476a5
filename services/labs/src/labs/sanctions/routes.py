"""HTTP routes of violations (thin)."""

from fastapi import APIRouter

from labs.common import ASSESS, READ, today
from labs.sanctions import service
from labs.sanctions.schemas import (
    ViolationCreate,
    ViolationLift,
    ViolationOutcome,
    ViolationPublic,
    ViolationsPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["sanctions"])


@router.post("/labs/{lab_id}/violations", status_code=201, response_model=ViolationOutcome)
def record_violation(
    lab_id: str, data: ViolationCreate, session: SessionDep, caller: Caller = ASSESS
) -> ViolationOutcome:
    return service.record_violation(
        session=session, lab_id=lab_id, data=data, caller=caller, on=today()
    )


@router.get("/labs/{lab_id}/violations", response_model=ViolationsPublic)
def list_violations(
    lab_id: str,
    session: SessionDep,
    caller: Caller = READ,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> ViolationsPublic:
    rows, next_cursor = service.list_violations(
        session=session, lab_id=lab_id, caller=caller, limit=limit, cursor=cursor
    )
    return ViolationsPublic(
        items=[service.violation_view(v) for v in rows],
        next_cursor=next_cursor,
    )


@router.get("/violations/{violation_id}", response_model=ViolationPublic)
def get_violation(violation_id: str, session: SessionDep, caller: Caller = READ) -> ViolationPublic:
    violation = service.get_violation(session=session, violation_id=violation_id, caller=caller)
    return service.violation_view(violation)


@router.post("/violations/{violation_id}/lift", response_model=ViolationPublic)
def lift_violation(
    violation_id: str, data: ViolationLift, session: SessionDep, caller: Caller = ASSESS
) -> ViolationPublic:
    violation = service.lift_violation(
        session=session, violation_id=violation_id, data=data, caller=caller
    )
    return service.violation_view(violation)
