"""Publication of decided recognitions (附件4 二(三)4) and reading publications back.

Each publication keeps its lines as published (the granted list and the written refusal
notices with their guidance), so a school can fetch an earlier list or its notices again.
"""

from datetime import date

from sqlmodel import Session, col, select

from credits.common import audit_scope, get_school, invalid, visible_school_ids
from credits.models import (
    Appeal,
    Enrollment,
    Module,
    Publication,
    PublicationLine,
    Recognition,
    Student,
)
from credits.recognition.schemas import (
    PublicationCreate,
    PublicationPublic,
    PublicationSummary,
    PublishedLine,
    RefusalNotice,
)
from credits.rules.appeals import AppealOutcome, appeal_deadline
from credits.rules.course_table import Category
from credits.rules.module_credit import Outcome, refusal_guidance, switch_allowed
from credits.rules.recognition import RecognitionState, state_after_publication
from suitekit import audit
from suitekit.errors import Conflict, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow

DECIDED_STATES = [RecognitionState.granted.value, RecognitionState.refused.value]


def _guidance(session: Session, recognition: Recognition) -> str:
    enrollment = session.get(Enrollment, recognition.enrollment_id)
    module = session.get(Module, enrollment.module_id)
    student = session.get(Student, recognition.student_id)
    switch_ok = switch_allowed(
        category=Category(module.category),
        subject_code=module.subject_code,
        takes_national_exam=student.takes_national_exam,
    )
    remedies = refusal_guidance(Outcome(enrollment.outcome), switch_ok=switch_ok)
    return ",".join(r.value for r in remedies)


def _reversed_on_appeal(session: Session, recognition_id: str) -> bool:
    overturned = session.exec(
        select(Appeal.id).where(
            Appeal.recognition_id == recognition_id,
            Appeal.outcome == AppealOutcome.overturned.value,
        )
    ).first()
    return overturned is not None


def _line(session: Session, publication_id: str, recognition: Recognition) -> PublicationLine:
    enrollment = session.get(Enrollment, recognition.enrollment_id)
    granted = bool(recognition.granted)
    return PublicationLine(
        id=new_id("pl"),
        publication_id=publication_id,
        recognition_id=recognition.id,
        student_id=recognition.student_id,
        module_id=enrollment.module_id,
        granted=granted,
        credits=recognition.credits if granted else 0,
        reason=None if granted else recognition.reason,
        remedies=None if granted else _guidance(session, recognition),
        via_appeal=_reversed_on_appeal(session, recognition.id),
    )


def publish(
    *, session: Session, school_id: str, data: PublicationCreate, caller: Caller
) -> Publication:
    """附件4 二(三)4: publish the granted list; notify refused students in writing. Results
    reversed on appeal since the last publication are decided anew and go on this one."""
    school = get_school(session, caller, school_id)
    today = utcnow().date()
    published_on = data.published_on or today
    if published_on > today:
        raise invalid("body.published_on", "publication date is in the future")
    decided = session.exec(
        select(Recognition)
        .where(Recognition.school_id == school.id, col(Recognition.state).in_(DECIDED_STATES))
        .order_by(Recognition.id)
        .with_for_update()
    ).all()
    if not decided:
        raise Conflict("no decided recognitions wait for publication", code="nothing_to_publish")
    publication = Publication(
        id=new_id("pub"),
        school_id=school.id,
        published_on=published_on,
        granted_count=sum(1 for r in decided if r.granted),
        refused_count=sum(1 for r in decided if not r.granted),
    )
    session.add(publication)
    session.flush()
    for recognition in decided:
        session.add(_line(session, publication.id, recognition))
        recognition.state = state_after_publication(RecognitionState(recognition.state)).value
        recognition.publication_id = publication.id
        recognition.published_on = published_on
        recognition.version += 1
        session.add(recognition)
    audit.record(
        session,
        caller=caller,
        action="publish",
        entity_type="publication",
        entity_id=publication.id,
        **audit_scope(session, publication.school_id),
        data={
            "school_id": school.id,
            "published_on": published_on.isoformat(),
            "recognitions": [r.id for r in decided],
        },
    )
    session.commit()
    session.refresh(publication)
    return publication


def get_publication(session: Session, caller: Caller, publication_id: str) -> Publication:
    publication = session.get(Publication, publication_id)
    if publication is None:
        raise NotFound(f"publication {publication_id} not found")
    get_school(session, caller, publication.school_id)
    return publication


def list_publications(
    *,
    session: Session,
    caller: Caller,
    school_id: str | None,
    published_from: date | None,
    published_to: date | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Publication], str | None]:
    statement = select(Publication)
    if school_id:
        statement = statement.where(
            Publication.school_id == get_school(session, caller, school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(Publication.school_id).in_(visible))
    if published_from:
        statement = statement.where(col(Publication.published_on) >= published_from)
    if published_to:
        statement = statement.where(col(Publication.published_on) <= published_to)
    rows, next_cursor = paginate(
        session, statement, key=Publication.id, key_of=lambda p: p.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def summary(publication: Publication) -> PublicationSummary:
    return PublicationSummary(
        id=publication.id,
        school_id=publication.school_id,
        published_on=publication.published_on,
        appeal_deadline=appeal_deadline(publication.published_on),
        granted_count=publication.granted_count,
        refused_count=publication.refused_count,
    )


def _remedies_of(session: Session, line: PublicationLine) -> list[str]:
    if line.remedies is None:  # a line carried over from before lines were kept
        return _guidance(session, session.get(Recognition, line.recognition_id)).split(",")
    return line.remedies.split(",") if line.remedies else []


def publication_view(session: Session, publication: Publication) -> PublicationPublic:
    lines = session.exec(
        select(PublicationLine)
        .where(PublicationLine.publication_id == publication.id)
        .order_by(col(PublicationLine.recognition_id))
    ).all()
    granted, notices = [], []
    for line in lines:
        student = session.get(Student, line.student_id)
        module = session.get(Module, line.module_id)
        common = {
            "recognition_id": line.recognition_id,
            "student_id": student.id,
            "student_name": student.name,
            "module_name": module.name if module else line.module_id,
            "via_appeal": line.via_appeal,
        }
        if line.granted:
            granted.append(PublishedLine(**common, credits=line.credits))
        else:
            notices.append(
                RefusalNotice(
                    **common, reason=line.reason or "", remedies=_remedies_of(session, line)
                )
            )
    return PublicationPublic(**summary(publication).model_dump(), granted=granted, notices=notices)
