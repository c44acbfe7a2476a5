"""HTTP routes of daily scores, re-tests and inspections (thin)."""

from fastapi import APIRouter, Query, Response

from labs.assessment import service
from labs.assessment.schemas import (
    DailyScoreCreate,
    DailyScorePublic,
    DailyScoresPublic,
    InspectionCreate,
    InspectionPublic,
    InspectionsPublic,
    RectificationIn,
    RetestCreate,
    RetestFilters,
    RetestPublic,
    RetestsPublic,
)
from labs.common import ASSESS, READ, OptionalYearQuery, today
from labs.rules.retest import RetestOutcome
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["assessment"])
RECTIFY = RequireScope("labs:write", "labs:assess")


@router.post("/labs/{lab_id}/daily-scores", status_code=201, response_model=DailyScorePublic)
def record_daily_score(
    lab_id: str, data: DailyScoreCreate, session: SessionDep, caller: Caller = ASSESS
) -> DailyScorePublic:
    row = service.record_daily_score(session=session, lab_id=lab_id, data=data, caller=caller)
    return DailyScorePublic.model_validate(row, from_attributes=True)


@router.get("/labs/{lab_id}/daily-scores", response_model=DailyScoresPublic)
def list_daily_scores(
    lab_id: str,
    session: SessionDep,
    caller: Caller = READ,
    year: OptionalYearQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> DailyScoresPublic:
    rows, next_cursor = service.list_daily_scores(
        session=session, lab_id=lab_id, year=year, caller=caller, limit=limit, cursor=cursor
    )
    return DailyScoresPublic(
        items=[DailyScorePublic.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get("/daily-scores/{score_id}", response_model=DailyScorePublic)
def get_daily_score(score_id: str, session: SessionDep, caller: Caller = READ) -> DailyScorePublic:
    row = service.get_daily_score(session=session, score_id=score_id, caller=caller)
    return DailyScorePublic.model_validate(row, from_attributes=True)


@router.post("/rechecks", status_code=201, response_model=RetestPublic)
def record_retest(
    data: RetestCreate, session: SessionDep, response: Response, caller: Caller = ASSESS
) -> RetestPublic:
    retest = service.record_retest(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/rechecks/{retest.id}"
    return RetestPublic.model_validate(retest, from_attributes=True)


@router.get("/rechecks", response_model=RetestsPublic)
def list_retests(
    session: SessionDep,
    caller: Caller = READ,
    year: OptionalYearQuery = None,
    lab_id: str | None = Query(default=None, max_length=32, description="either lab"),
    original_lab_id: str | None = Query(default=None, max_length=32),
    sample_code: str | None = Query(default=None, max_length=64),
    outcome: RetestOutcome | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> RetestsPublic:
    filters = RetestFilters(year, lab_id, original_lab_id, sample_code, outcome)
    rows, next_cursor = service.list_retests(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return RetestsPublic(
        items=[RetestPublic.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get("/rechecks/{retest_id}", response_model=RetestPublic)
def get_retest(retest_id: str, session: SessionDep, caller: Caller = READ) -> RetestPublic:
    retest = service.get_retest(session=session, retest_id=retest_id, caller=caller)
    return RetestPublic.model_validate(retest, from_attributes=True)


@router.get("/labs/{lab_id}/inspections", response_model=InspectionsPublic)
def list_inspections(
    lab_id: str,
    session: SessionDep,
    caller: Caller = READ,
    year: OptionalYearQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> InspectionsPublic:
    rows, next_cursor = service.list_inspections(
        session=session, lab_id=lab_id, year=year, caller=caller, limit=limit, cursor=cursor
    )
    on = today()
    return InspectionsPublic(
        items=[service.inspection_view(session, r, on) for r in rows], next_cursor=next_cursor
    )


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
