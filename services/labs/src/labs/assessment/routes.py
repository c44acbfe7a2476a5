"""HTTP routes of daily scores, re-tests and inspections (thin)."""

from fastapi import APIRouter

from labs.assessment import service
from labs.assessment.schemas import (
    DailyScoreCreate,
    DailyScorePublic,
    InspectionCreate,
    InspectionPublic,
    RectificationIn,
    RetestCreate,
    RetestPublic,
)
from labs.common import ASSESS, READ, YearQuery, today
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope

router = APIRouter(prefix="/v1", tags=["assessment"])
RECTIFY = RequireScope("labs:write", "labs:assess")


@router.post("/labs/{lab_id}/daily-scores", status_code=201, response_model=DailyScorePublic)
def record_daily_score(
    lab_id: str, data: DailyScoreCreate, session: SessionDep, caller: Caller = ASSESS
) -> DailyScorePublic:
    row = service.record_daily_score(session=session, lab_id=lab_id, data=data, caller=caller)
    return DailyScorePublic.model_validate(row, from_attributes=True)


@router.get("/labs/{lab_id}/daily-scores", response_model=list[DailyScorePublic])
def list_daily_scores(
    lab_id: str, year: YearQuery, session: SessionDep, caller: Caller = READ
) -> list[DailyScorePublic]:
    rows = service.list_daily_scores(session=session, lab_id=lab_id, year=year, caller=caller)
    return [DailyScorePublic.model_validate(r, from_attributes=True) for r in rows]


@router.post("/rechecks", status_code=201, response_model=RetestPublic)
def record_retest(data: RetestCreate, session: SessionDep, caller: Caller = ASSESS) -> RetestPublic:
    retest = service.record_retest(session=session, data=data, caller=caller)
    return RetestPublic.model_validate(retest, from_attributes=True)


@router.post("/labs/{lab_id}/inspections", status_code=201, response_model=InspectionPublic)
def record_inspection(
    lab_id: str, data: InspectionCreate, session: SessionDep, caller: Caller = ASSESS
) -> InspectionPublic:
    inspection = service.record_inspection(session=session, lab_id=lab_id, data=data, caller=caller)
    return service.inspection_view(session, inspection, today())


@router.get("/inspections/{inspection_id}", response_model=InspectionPublic)
def get_inspection(
    inspection_id: str, session: SessionDep, caller: Caller = READ
) -> InspectionPublic:
    inspection = service.get_inspection(session=session, inspection_id=inspection_id, caller=caller)
    return service.inspection_view(session, inspection, today())


@router.post("/inspections/{inspection_id}/rectifications", response_model=InspectionPublic)
def rectify(
    inspection_id: str, data: RectificationIn, session: SessionDep, caller: Caller = RECTIFY
) -> InspectionPublic:
    inspection = service.rectify(
        session=session, inspection_id=inspection_id, data=data, caller=caller
    )
    return service.inspection_view(session, inspection, today())
