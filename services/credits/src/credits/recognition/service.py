"""The recognition workflow (附件4 二(三)1-4), publication and appeals (二(三)5)."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from credits.common import audit_scope, get_school, get_student, invalid, visible_school_ids
from credits.enrollments.service import get_enrollment
from credits.models import (
    Appeal,
    Enrollment,
    Module,
    Recognition,
    RecognitionStep,
    Student,
)
from credits.recognition.schemas import (
    AppealCreate,
    AppealDecision,
    AppealFilters,
    CommitteeDecision,
    StepCreate,
)
from credits.rules.appeals import (
    DECISION_WINDOW_DAYS,
    AppealOutcome,
    AppealState,
    appeal_deadline,
    appeal_in_time,
    decision_in_time,
    guidance_required,
)
from credits.rules.module_credit import Outcome, outcome_final
from credits.rules.recognition import (
    Opinion,
    RecognitionState,
    Step,
    allowed_steps,
    appealable,
    can_take,
    needs_reason,
    reviewers_distinct,
    state_after,
    state_after_appeal,
)
from suitekit import audit
from suitekit.errors import Conflict, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def _today() -> date:
    return utcnow().date()


def steps_of(session: Session, recognition_id: str) -> list[RecognitionStep]:
    statement = select(RecognitionStep).where(RecognitionStep.recognition_id == recognition_id)
    return list(session.exec(statement.order_by(RecognitionStep.at, RecognitionStep.id)).all())


def get_recognition(
    session: Session, caller: Caller, recognition_id: str, *, for_update: bool = False
) -> Recognition:
    statement = select(Recognition).where(Recognition.id == recognition_id)
    recognition = session.exec(statement.with_for_update() if for_update else statement).first()
    if recognition is None:
        raise NotFound(f"recognition {recognition_id} not found")
    get_student(session, caller, recognition.student_id)
    return recognition


def _check_opinion(enrollment: Enrollment, data: StepCreate, step: Step) -> None:
    if data.opinion is Opinion.grant and enrollment.outcome != Outcome.credit_eligible.value:
        raise invalid(
            "body.opinion",
            f"the module's record does not earn credit (outcome {enrollment.outcome}): "
            "attendance >= 4/5, process evaluation and exam must all pass (附件4 二(二)1)",
        )
    if needs_reason(data.opinion) and not data.note and step is not Step.teacher:
        raise invalid("body.note", "a refusal is given in writing with its reason (附件4 二(三)4)")


def _record_step(
    session: Session, recognition: Recognition, step: Step, data: StepCreate, caller: Caller
) -> None:
    session.add(
        RecognitionStep(
            id=new_id("rs"),
            recognition_id=recognition.id,
            step=step.value,
            opinion=data.opinion.value,
            reviewer=data.reviewer,
            note=data.note,
            actor=caller.client_id,
        )
    )
    audit.record(
        session,
        caller=caller,
        action=f"recognition_{step.value}",
        entity_type="recognition",
        entity_id=recognition.id,
        **audit_scope(session, recognition.school_id),
        reason=data.note,
        data={"opinion": data.opinion.value, "reviewer": data.reviewer},
    )


def teacher_opinion(
    *, session: Session, enrollment_id: str, data: StepCreate, caller: Caller
) -> Recognition:
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    existing = session.exec(
        select(Recognition).where(Recognition.enrollment_id == enrollment.id)
    ).first()
    if existing is not None:
        state = RecognitionState(existing.state)
        raise invalid_transition(
            state.value, Step.teacher.value, [s.value for s in allowed_steps(state)]
        )
    if enrollment.closed or not outcome_final(Outcome(enrollment.outcome)):
        raise invalid(
            "path.enrollment_id", f"the module is not finished yet (outcome {enrollment.outcome})"
        )
    _check_opinion(enrollment, data, Step.teacher)
    recognition = Recognition(
        id=new_id("rec"),
        enrollment_id=enrollment.id,
        school_id=enrollment.school_id,
        student_id=enrollment.student_id,
        state=state_after(Step.teacher).value,
    )
    session.add(recognition)
    session.flush()
    _record_step(session, recognition, Step.teacher, data, caller)
    session.commit()
    session.refresh(recognition)
    return recognition


def review(
    *, session: Session, enrollment_id: str, step: Step, data: StepCreate, caller: Caller
) -> Recognition:
    """The subject group's first review, the office's second review, the committee's decision."""
    enrollment = get_enrollment(session, caller, enrollment_id)
    recognition = session.exec(
        select(Recognition).where(Recognition.enrollment_id == enrollment.id).with_for_update()
    ).first()
    state = RecognitionState(recognition.state) if recognition else None
    if not can_take(step, state):
        raise invalid_transition(
            state.value if state else "not_started",
            step.value,
            [s.value for s in allowed_steps(state)],
        )
    assert recognition is not None
    if not reviewers_distinct(
        [s.reviewer for s in steps_of(session, recognition.id)], data.reviewer
    ):
        raise invalid(
            "body.reviewer",
            "each step is taken by its own role: this person already reviewed this recognition",
        )
    _check_opinion(enrollment, data, step)
    recognition.state = state_after(step, data.opinion).value
    if step is Step.committee:
        assert isinstance(data, CommitteeDecision)
        recognition.granted = data.opinion is Opinion.grant
        recognition.signed_by = data.signed_by
        recognition.reason = data.note
        module = session.get(Module, enrollment.module_id)
        recognition.credits = module.credits if recognition.granted else 0
    recognition.version += 1
    session.add(recognition)
    _record_step(session, recognition, step, data, caller)
    session.commit()
    session.refresh(recognition)
    return recognition


def list_recognitions(
    *,
    session: Session,
    caller: Caller,
    school_id: str | None,
    student_id: str | None,
    state: RecognitionState | None,
    limit: int,
    cursor: str | None,
):
    statement = select(Recognition)
    if school_id:
        statement = statement.where(
            Recognition.school_id == get_school(session, caller, school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(Recognition.school_id.in_(visible))
    if student_id:
        statement = statement.where(Recognition.student_id == student_id)
    if state:
        statement = statement.where(Recognition.state == state.value)
    return paginate(
        session, statement, key=Recognition.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )


def describe(session: Session, recognition: Recognition) -> tuple[Student, Module, Enrollment]:
    enrollment = session.get(Enrollment, recognition.enrollment_id)
    return (
        session.get(Student, recognition.student_id),
        session.get(Module, enrollment.module_id),
        enrollment,
    )


def file_appeal(
    *, session: Session, recognition_id: str, data: AppealCreate, caller: Caller
) -> Appeal:
    recognition = get_recognition(session, caller, recognition_id, for_update=True)
    appellant, _ = get_student(session, caller, data.appellant_student_id)
    if appellant.school_id != recognition.school_id:
        raise invalid("body.appellant_student_id", "the appellant studies at another school")
    if not appealable(RecognitionState(recognition.state)) or recognition.published_on is None:
        raise Conflict(
            f"the result is not published yet (state '{recognition.state}'): it becomes "
            "appealable on publication or written notice, for 10 days (附件4 二(三)5)",
            code="not_yet_appealable",
            state=recognition.state,
        )
    received_on = data.received_on or _today()
    if received_on > _today():
        raise invalid("body.received_on", "receipt date is in the future")
    if not appeal_in_time(published_on=recognition.published_on, received_on=received_on):
        deadline = appeal_deadline(recognition.published_on)
        raise invalid(
            "body.received_on",
            f"appeals are received within 10 days of publication or notice "
            f"(附件4 二(三)5): the last day was {deadline.isoformat()}",
            code="appeal_too_late",
            deadline=deadline.isoformat(),
        )
    appeal = Appeal(
        id=new_id("apl"),
        recognition_id=recognition.id,
        school_id=recognition.school_id,
        appellant_student_id=appellant.id,
        received_on=received_on,
        reason=data.reason,
    )
    session.add(appeal)
    audit.record(
        session,
        caller=caller,
        action="file_appeal",
        entity_type="appeal",
        entity_id=appeal.id,
        **audit_scope(session, appeal.school_id),
        reason=data.reason,
        data={"recognition_id": recognition.id, "received_on": received_on.isoformat()},
    )
    session.commit()
    session.refresh(appeal)
    return appeal


def get_appeal(
    session: Session, caller: Caller, appeal_id: str, *, for_update: bool = False
) -> Appeal:
    statement = select(Appeal).where(Appeal.id == appeal_id)
    appeal = session.exec(statement.with_for_update() if for_update else statement).first()
    if appeal is None:
        raise NotFound(f"appeal {appeal_id} not found")
    get_recognition(session, caller, appeal.recognition_id)
    return appeal


def list_appeals(
    *,
    session: Session,
    caller: Caller,
    filters: AppealFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Appeal], str | None]:
    """The arbitration committee's list; `decision_due_by` keeps the appeals whose decision
    deadline (receipt + 15 days, 附件4 二(三)5) falls on or before that day."""
    statement = select(Appeal)
    if filters.school_id:
        statement = statement.where(
            Appeal.school_id == get_school(session, caller, filters.school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(Appeal.school_id).in_(visible))
    if filters.state is not None:
        statement = statement.where(Appeal.state == filters.state.value)
    if filters.recognition_id:
        statement = statement.where(Appeal.recognition_id == filters.recognition_id)
    if filters.decision_due_by is not None:
        latest_receipt = filters.decision_due_by - timedelta(days=DECISION_WINDOW_DAYS)
        statement = statement.where(col(Appeal.received_on) <= latest_receipt)
    rows, next_cursor = paginate(
        session, statement, key=Appeal.id, key_of=lambda a: a.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def decide_appeal(
    *, session: Session, appeal_id: str, data: AppealDecision, caller: Caller
) -> Appeal:
    appeal = get_appeal(session, caller, appeal_id, for_update=True)
    if appeal.state != AppealState.received.value:
        raise invalid_transition(appeal.state, "decide", [])
    recognition = get_recognition(session, caller, appeal.recognition_id, for_update=True)
    decided_on = data.decided_on or _today()
    if decided_on > _today() or decided_on < appeal.received_on:
        raise invalid("body.decided_on", "decision date must be between receipt and today")
    original = bool(recognition.granted)
    if guidance_required(original_granted=original, outcome=data.outcome):
        if not data.guidance:
            raise invalid(
                "body.guidance",
                "a refusal that stands comes with guidance: make up "
                "periods, re-sit, retake or switch (附件4 二(三)5)",
            )
        if not data.explained_in_person:
            raise invalid(
                "body.explained_in_person",
                "a refusal that stands is explained to the student in person",
            )
    if data.outcome is AppealOutcome.overturned:
        _, module, enrollment = describe(session, recognition)
        if not original and enrollment.outcome != Outcome.credit_eligible.value:
            raise invalid(
                "body.outcome",
                "the module's record does not earn credit; correct "
                "the record before granting (附件1 二(五): no credit without a module)",
            )
        recognition.granted = not original
        recognition.credits = module.credits if recognition.granted else 0
        if not recognition.granted:
            recognition.reason = data.decision
        # decided anew: the next publication lists the credit or notifies the refusal
        recognition.state = state_after_appeal(recognition.granted).value
        recognition.publication_id, recognition.published_on = None, None
        recognition.version += 1
        session.add(recognition)
    appeal.state = AppealState.decided.value
    appeal.outcome = data.outcome.value
    appeal.decided_on = decided_on
    appeal.decided_late = not decision_in_time(
        received_on=appeal.received_on, decided_on=decided_on
    )
    appeal.decision = data.decision
    appeal.guidance = ",".join(g.value for g in data.guidance) or None
    appeal.explained_in_person = data.explained_in_person
    session.add(appeal)
    audit.record(
        session,
        caller=caller,
        action="decide_appeal",
        entity_type="appeal",
        entity_id=appeal.id,
        **audit_scope(session, appeal.school_id),
        reason=data.decision,
        data={
            "outcome": data.outcome.value,
            "late": appeal.decided_late,
            "recognition_id": recognition.id,
            "granted": recognition.granted,
        },
    )
    session.commit()
    session.refresh(appeal)
    return appeal
