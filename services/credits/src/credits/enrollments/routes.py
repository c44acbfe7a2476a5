"""Thin HTTP layer for enrollments and exemptions."""

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from credits.common import READ, RECOGNIZE, WRITE
from credits.enrollments import exemption_reads, service
from credits.enrollments.exemption_reads import ExemptionFilters, exemption_actions
from credits.enrollments.schemas import (
    AbsenceCreate,
    AbsencePublic,
    EnrollmentCreate,
    EnrollmentPublic,
    EnrollmentsPublic,
    ExemptionCreate,
    ExemptionDecision,
    ExemptionPublic,
    ExemptionsPublic,
    ResultCreate,
    RetakeCreate,
    SwitchCreate,
)
from credits.models import Enrollment, Exemption
from credits.rules.module_credit import Outcome, max_absences_allowed, remedies_for
from credits.rules.transfers import ExemptionState
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["enrollments"])


def present(session: Session, enrollment: Enrollment, *, with_absences: bool = False):
    data = enrollment.model_dump()
    data["allowed_actions"] = [a.value for a in service.actions_of(enrollment)]
    data["remedies"] = (
        [] if enrollment.closed else [r.value for r in remedies_for(Outcome(enrollment.outcome))]
    )
    data["max_absences_allowed"] = max_absences_allowed(enrollment.periods)
    if with_absences:
        data["absences"] = [
            AbsencePublic.model_validate(a, from_attributes=True)
            for a in service.absences_of(session, enrollment.id)
        ]
    return EnrollmentPublic.model_validate(data)


@router.post("/enrollments", status_code=201, response_model=EnrollmentPublic)
def enroll(
    data: EnrollmentCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.enroll(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/enrollments/{enrollment.id}"
    return present(session, enrollment)


@router.get("/enrollments", response_model=EnrollmentsPublic)
def list_enrollments(
    session: SessionDep,
    caller: Caller = READ,
    student_id: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> EnrollmentsPublic:
    rows, next_cursor = service.list_enrollments(
        session=session, caller=caller, student_id=student_id, limit=limit, cursor=cursor
    )
    return EnrollmentsPublic(items=[present(session, e) for e in rows], next_cursor=next_cursor)


@router.get("/enrollments/{enrollment_id}", response_model=EnrollmentPublic)
def get_enrollment(
    enrollment_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> EnrollmentPublic:
    enrollment = service.get_enrollment(session, caller, enrollment_id)
    set_etag(response, enrollment.version)
    return present(session, enrollment, with_absences=True)


@router.post("/enrollments/{enrollment_id}/attendance", response_model=EnrollmentPublic)
def log_absence(
    enrollment_id: str, data: AbsenceCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    """Log absent periods (附件4 二(二)1(1)); below 4/5 attendance the module must be retaken."""
    enrollment = service.log_absence(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment, with_absences=True)


@router.post("/enrollments/{enrollment_id}/evaluation", response_model=EnrollmentPublic)
def record_evaluation(
    enrollment_id: str, data: ResultCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.record_evaluation(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment)


@router.post("/enrollments/{enrollment_id}/exam", response_model=EnrollmentPublic)
def record_exam(
    enrollment_id: str, data: ResultCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.record_exam(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment)


@router.post("/enrollments/{enrollment_id}/make-up-exam", response_model=EnrollmentPublic)
def record_make_up(
    enrollment_id: str, data: ResultCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.record_make_up(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment)


@router.post(
    "/enrollments/{enrollment_id}/retake", status_code=201, response_model=EnrollmentPublic
)
def retake(
    enrollment_id: str, data: RetakeCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.retake(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment)


@router.post(
    "/enrollments/{enrollment_id}/switch", status_code=201, response_model=EnrollmentPublic
)
def switch(
    enrollment_id: str, data: SwitchCreate, session: SessionDep, caller: Caller = WRITE
) -> EnrollmentPublic:
    enrollment = service.switch(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, enrollment)


def present_exemption(exemption: Exemption) -> ExemptionPublic:
    data = exemption.model_dump()
    data["allowed_actions"] = exemption_actions(ExemptionState(exemption.state))
    return ExemptionPublic.model_validate(data)


@router.post("/exemptions", status_code=201, response_model=ExemptionPublic)
def request_exemption(
    data: ExemptionCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> ExemptionPublic:
    exemption = service.request_exemption(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/exemptions/{exemption.id}"
    return present_exemption(exemption)


@router.get("/exemptions", response_model=ExemptionsPublic)
def list_exemptions(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    state: ExemptionState | None = None,
    enrollment_id: str | None = Query(default=None, max_length=32),
    student_id: str | None = Query(default=None, max_length=32),
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> ExemptionsPublic:
    filters = ExemptionFilters(school_id, state, enrollment_id, student_id)
    rows, next_cursor = exemption_reads.list_exemptions(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return ExemptionsPublic(items=[present_exemption(e) for e in rows], next_cursor=next_cursor)


@router.get("/exemptions/{exemption_id}", response_model=ExemptionPublic)
def get_exemption(exemption_id: str, session: SessionDep, caller: Caller = READ) -> ExemptionPublic:
    return present_exemption(exemption_reads.get_exemption(session, caller, exemption_id))


@router.post("/exemptions/{exemption_id}/decision", response_model=ExemptionPublic)
def decide_exemption(
    exemption_id: str, data: ExemptionDecision, session: SessionDep, caller: Caller = RECOGNIZE
) -> ExemptionPublic:
    exemption = service.decide_exemption(
        session=session, exemption_id=exemption_id, data=data, caller=caller
    )
    return present_exemption(exemption)
