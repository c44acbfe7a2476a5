"""Thin HTTP layer for recognition, publication and appeals."""

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from credits.common import READ, RECOGNIZE, WRITE
from credits.models import Appeal, Recognition
from credits.recognition import publications, service
from credits.recognition.schemas import (
    AppealCreate,
    AppealDecision,
    AppealFilters,
    AppealPublic,
    AppealsPublic,
    CommitteeDecision,
    PublicationCreate,
    PublicationPublic,
    PublicationsPublic,
    RecognitionPublic,
    RecognitionsPublic,
    StepCreate,
    StepPublic,
)
from credits.rules.appeals import AppealState, appeal_deadline, decision_deadline
from credits.rules.recognition import (
    RecognitionState,
    Step,
    allowed_steps,
    recognition_actions_now,
)
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.inputs import IsoDate
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import utcnow

router = APIRouter(prefix="/v1", tags=["recognition and appeals"])


def present(session: Session, recognition: Recognition, *, with_steps: bool = False):
    data = recognition.model_dump()
    state = RecognitionState(recognition.state)
    data["allowed_steps"] = [s.value for s in allowed_steps(state) if s is not Step.appeal_revision]
    data["appeal_deadline"] = (
        appeal_deadline(recognition.published_on) if recognition.published_on else None
    )
    data["allowed_actions"] = recognition_actions_now(
        state, published_on=recognition.published_on, today=utcnow().date()
    )
    if with_steps:
        data["steps"] = [
            StepPublic.model_validate(s, from_attributes=True)
            for s in service.steps_of(session, recognition.id)
        ]
    return RecognitionPublic.model_validate(data)


def present_appeal(appeal: Appeal) -> AppealPublic:
    data = appeal.model_dump()
    data["guidance"] = appeal.guidance.split(",") if appeal.guidance else []
    data["decision_deadline"] = decision_deadline(appeal.received_on)
    data["allowed_actions"] = ["decision"] if appeal.state == AppealState.received.value else []
    return AppealPublic.model_validate(data)


@router.post(
    "/enrollments/{enrollment_id}/recognition/teacher",
    status_code=201,
    response_model=RecognitionPublic,
)
def teacher_opinion(
    enrollment_id: str, data: StepCreate, session: SessionDep, caller: Caller = WRITE
) -> RecognitionPublic:
    """Step 1 (附件4 二(三)1): the teacher's initial opinion."""
    recognition = service.teacher_opinion(
        session=session, enrollment_id=enrollment_id, data=data, caller=caller
    )
    return present(session, recognition, with_steps=True)


@router.post("/enrollments/{enrollment_id}/recognition/group", response_model=RecognitionPublic)
def group_review(
    enrollment_id: str, data: StepCreate, session: SessionDep, caller: Caller = WRITE
) -> RecognitionPublic:
    """Step 2 (附件4 二(三)1): the subject group's first review."""
    recognition = service.review(
        session=session, enrollment_id=enrollment_id, step=Step.group, data=data, caller=caller
    )
    return present(session, recognition, with_steps=True)


@router.post("/enrollments/{enrollment_id}/recognition/office", response_model=RecognitionPublic)
def office_review(
    enrollment_id: str, data: StepCreate, session: SessionDep, caller: Caller = RECOGNIZE
) -> RecognitionPublic:
    """Step 3 (附件4 二(三)2): the committee office's second review, 同意认定 / 不予认定."""
    recognition = service.review(
        session=session, enrollment_id=enrollment_id, step=Step.office, data=data, caller=caller
    )
    return present(session, recognition, with_steps=True)


@router.post("/enrollments/{enrollment_id}/recognition/committee", response_model=RecognitionPublic)
def committee_decision(
    enrollment_id: str, data: CommitteeDecision, session: SessionDep, caller: Caller = RECOGNIZE
) -> RecognitionPublic:
    """Step 4 (附件4 二(三)3): the committee's final decision, signed by its head."""
    recognition = service.review(
        session=session,
        enrollment_id=enrollment_id,
        step=Step.committee,
        data=data,
        caller=caller,
    )
    return present(session, recognition, with_steps=True)


@router.get("/recognitions", response_model=RecognitionsPublic)
def list_recognitions(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = None,
    student_id: str | None = None,
    state: RecognitionState | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> RecognitionsPublic:
    rows, next_cursor = service.list_recognitions(
        session=session,
        caller=caller,
        school_id=school_id,
        student_id=student_id,
        state=state,
        limit=limit,
        cursor=cursor,
    )
    return RecognitionsPublic(items=[present(session, r) for r in rows], next_cursor=next_cursor)


@router.get("/recognitions/{recognition_id}", response_model=RecognitionPublic)
def get_recognition(
    recognition_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> RecognitionPublic:
    recognition = service.get_recognition(session, caller, recognition_id)
    set_etag(response, recognition.version)
    return present(session, recognition, with_steps=True)


@router.post("/schools/{school_id}/publications", status_code=201, response_model=PublicationPublic)
def publish(
    school_id: str,
    data: PublicationCreate,
    session: SessionDep,
    response: Response,
    caller: Caller = RECOGNIZE,
) -> PublicationPublic:
    publication = publications.publish(
        session=session, school_id=school_id, data=data, caller=caller
    )
    response.headers["Location"] = f"/v1/publications/{publication.id}"
    return publications.publication_view(session, publication)


@router.get("/publications", response_model=PublicationsPublic)
def list_publications(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    published_from: IsoDate | None = None,
    published_to: IsoDate | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> PublicationsPublic:
    rows, next_cursor = publications.list_publications(
        session=session,
        caller=caller,
        school_id=school_id,
        published_from=published_from,
        published_to=published_to,
        limit=limit,
        cursor=cursor,
    )
    return PublicationsPublic(
        items=[publications.summary(p) for p in rows], next_cursor=next_cursor
    )


@router.get("/publications/{publication_id}", response_model=PublicationPublic)
def get_publication(
    publication_id: str, session: SessionDep, caller: Caller = READ
) -> PublicationPublic:
    publication = publications.get_publication(session, caller, publication_id)
    return publications.publication_view(session, publication)


@router.get("/appeals", response_model=AppealsPublic)
def list_appeals(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    state: AppealState | None = None,
    recognition_id: str | None = Query(default=None, max_length=32),
    decision_due_by: IsoDate | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> AppealsPublic:
    """The arbitration committee's list: `state=received` gives the pending appeals, each
    with its decision deadline (附件4 二(三)5: 15 days from receipt)."""
    filters = AppealFilters(school_id, state, recognition_id, decision_due_by)
    rows, next_cursor = service.list_appeals(
        session=session, caller=caller, filters=filters, limit=limit, cursor=cursor
    )
    return AppealsPublic(items=[present_appeal(a) for a in rows], next_cursor=next_cursor)


@router.post("/recognitions/{recognition_id}/appeals", status_code=201, response_model=AppealPublic)
def file_appeal(
    recognition_id: str, data: AppealCreate, session: SessionDep, caller: Caller = RECOGNIZE
) -> AppealPublic:
    appeal = service.file_appeal(
        session=session, recognition_id=recognition_id, data=data, caller=caller
    )
    return present_appeal(appeal)


@router.get("/appeals/{appeal_id}", response_model=AppealPublic)
def get_appeal(appeal_id: str, session: SessionDep, caller: Caller = READ) -> AppealPublic:
    return present_appeal(service.get_appeal(session, caller, appeal_id))


@router.post("/appeals/{appeal_id}/decision", response_model=AppealPublic)
def decide_appeal(
    appeal_id: str, data: AppealDecision, session: SessionDep, caller: Caller = RECOGNIZE
) -> AppealPublic:
    appeal = service.decide_appeal(session=session, appeal_id=appeal_id, data=data, caller=caller)
    return present_appeal(appeal)
