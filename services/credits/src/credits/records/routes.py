"""Thin HTTP layer for activities and transferred credits."""

from decimal import Decimal

from fastapi import APIRouter

from credits.common import READ, WRITE, get_school_row
from credits.models import Activity, TransferCredit
from credits.records import service
from credits.records.schemas import (
    ActivityCreate,
    ActivityPublic,
    ActivitySummary,
    TransferCreate,
    TransferPublic,
)
from credits.rules.activities import (
    ActivityKind,
    research_credits,
    social_practice_credits,
    volunteer_credits,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller

router = APIRouter(prefix="/v1", tags=["activities and transfers"])


def present(activity: Activity) -> ActivityPublic:
    data = activity.model_dump()
    data["evidence"] = activity.evidence.split(",") if activity.evidence else []
    data["completed"] = (
        service.research_completed(activity)
        if activity.kind == ActivityKind.research_project
        else True
    )
    return ActivityPublic.model_validate(data)


@router.post("/students/{student_id}/activities", status_code=201, response_model=ActivityPublic)
def record_activity(
    student_id: str, data: ActivityCreate, session: SessionDep, caller: Caller = WRITE
) -> ActivityPublic:
    activity = service.record_activity(
        session=session, student_id=student_id, data=data, caller=caller
    )
    return present(activity)


@router.get("/students/{student_id}/activities", response_model=ActivitySummary)
def list_activities(student_id: str, session: SessionDep, caller: Caller = READ) -> ActivitySummary:
    rows = service.list_activities(session=session, student_id=student_id, caller=caller)
    projects = sum(1 for a in rows if service.research_completed(a))
    social = sum((a.hours for a in rows if a.kind == ActivityKind.social_practice), Decimal(0))
    volunteer = sum(
        (
            a.hours
            for a in rows
            if a.kind == ActivityKind.volunteer_service and service.volunteer_hours_count(a)
        ),
        Decimal(0),
    )
    return ActivitySummary(
        research_projects_completed=projects,
        research_credits=research_credits(projects),
        social_practice_hours=social,
        social_practice_credits=social_practice_credits(social),
        volunteer_hours_counted=volunteer,
        volunteer_credits=volunteer_credits(volunteer),
        items=[present(a) for a in rows],
    )


@router.get("/activities/{activity_id}", response_model=ActivityPublic)
def get_activity(activity_id: str, session: SessionDep, caller: Caller = READ) -> ActivityPublic:
    return present(get_school_row(session, caller, Activity, activity_id, "activity"))


@router.get("/transfer-credits/{transfer_id}", response_model=TransferPublic)
def get_transfer(transfer_id: str, session: SessionDep, caller: Caller = READ) -> TransferPublic:
    row = get_school_row(session, caller, TransferCredit, transfer_id, "transfer credit")
    return TransferPublic.model_validate(row, from_attributes=True)


@router.post(
    "/students/{student_id}/transfer-credits", status_code=201, response_model=TransferPublic
)
def record_transfer(
    student_id: str, data: TransferCreate, session: SessionDep, caller: Caller = WRITE
) -> TransferPublic:
    transfer = service.record_transfer(
        session=session, student_id=student_id, data=data, caller=caller
    )
    return TransferPublic.model_validate(transfer, from_attributes=True)


@router.get("/students/{student_id}/transfer-credits", response_model=list[TransferPublic])
def list_transfers(
    student_id: str, session: SessionDep, caller: Caller = READ
) -> list[TransferPublic]:
    rows = service.list_transfers(session=session, student_id=student_id, caller=caller)
    return [TransferPublic.model_validate(t, from_attributes=True) for t in rows]
