"""Use cases of taking a module: one transaction each, audited."""

from sqlmodel import Session, select

from credits.common import audit_scope, get_student, invalid, visible_school_ids
from credits.enrollments.schemas import (
    AbsenceCreate,
    EnrollmentCreate,
    ExemptionCreate,
    ExemptionDecision,
    ResultCreate,
    RetakeCreate,
    SwitchCreate,
)
from credits.models import Absence, Enrollment, Exemption, Module, School, Student
from credits.rules.course_table import Category
from credits.rules.module_credit import (
    EnrollmentAction,
    ModuleRecord,
    Outcome,
    allowed_enrollment_actions,
    module_outcome,
)
from credits.rules.transfers import EXEMPTION_TRANSITIONS, ExemptionState
from suitekit import audit
from suitekit.errors import Conflict, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def record_of(enrollment: Enrollment) -> ModuleRecord:
    return ModuleRecord(
        periods=enrollment.periods,
        periods_absent=enrollment.periods_absent,
        evaluation_passed=enrollment.evaluation_passed,
        exam_passed=enrollment.exam_passed,
        make_up_passed=enrollment.make_up_passed,
        exempt=enrollment.exempt,
    )


def outcome_of(session: Session, enrollment: Enrollment) -> Outcome:
    module = session.get(Module, enrollment.module_id)
    student = session.get(Student, enrollment.student_id)
    return module_outcome(
        record_of(enrollment),
        category=Category(module.category),
        subject_code=module.subject_code,
        takes_national_exam=student.takes_national_exam,
    )


def actions_of(enrollment: Enrollment) -> list[EnrollmentAction]:
    return allowed_enrollment_actions(
        Outcome(enrollment.outcome), record=record_of(enrollment), closed=enrollment.closed
    )


def get_enrollment(
    session: Session, caller: Caller, enrollment_id: str, *, for_update: bool = False
) -> Enrollment:
    statement = select(Enrollment).where(Enrollment.id == enrollment_id)
    enrollment = session.exec(statement.with_for_update() if for_update else statement).first()
    if enrollment is None:
        raise NotFound(f"enrollment {enrollment_id} not found")
    get_student(session, caller, enrollment.student_id)  # 404 outside the caller's schools
    return enrollment


def absences_of(session: Session, enrollment_id: str) -> list[Absence]:
    statement = select(Absence).where(Absence.enrollment_id == enrollment_id)
    return list(session.exec(statement.order_by(Absence.on_date, Absence.id)).all())


def _module_for(session: Session, school: School, module_id: str, field: str) -> Module:
    module = session.get(Module, module_id)
    if module is None or module.school_id not in (None, school.id):
        raise invalid(field, f"unknown module {module_id}")
    return module


def _new_enrollment(
    session: Session,
    *,
    student: Student,
    module: Module,
    term: str,
    teacher: str,
    kind: str = "first",
    previous_id: str | None = None,
) -> Enrollment:
    enrollment = Enrollment(
        id=new_id("enr"),
        school_id=student.school_id,
        student_id=student.id,
        module_id=module.id,
        term=term,
        teacher=teacher,
        kind=kind,
        previous_id=previous_id,
        periods=module.periods,
    )
    session.add(enrollment)
    return enrollment


def enroll(*, session: Session, data: EnrollmentCreate, caller: Caller) -> Enrollment:
    student, school = get_student(session, caller, data.student_id)
    if student.status != "active":
        raise Conflict(
            f"the student is {student.status}; enrol after the leave ends",
            code="student_not_active",
        )
    module = _module_for(session, school, data.module_id, "body.module_id")
    open_same = select(Enrollment).where(
        Enrollment.student_id == student.id,
        Enrollment.module_id == module.id,
        Enrollment.closed.is_(False),
    )
    if session.exec(open_same).first() is not None:
        raise Conflict(
            "the student already has an open enrollment in this module", code="already_enrolled"
        )
    enrollment = _new_enrollment(
        session, student=student, module=module, term=data.term, teacher=data.teacher
    )
    audit.record(
        session,
        caller=caller,
        action="enroll",
        entity_type="enrollment",
        entity_id=enrollment.id,
        **audit_scope(session, enrollment.school_id),
        data={"module_id": module.id, "term": data.term},
    )
    session.commit()
    session.refresh(enrollment)
    return enrollment


def _require(enrollment: Enrollment, action: EnrollmentAction) -> None:
    allowed = actions_of(enrollment)
    if action not in allowed:
        raise invalid_transition(enrollment.outcome, action.value, [a.value for a in allowed])


def _save(
    session: Session, enrollment: Enrollment, caller: Caller, action: str, data: dict
) -> Enrollment:
    enrollment.outcome = outcome_of(session, enrollment).value
    enrollment.version += 1
    session.add(enrollment)
    audit.record(
        session,
        caller=caller,
        action=action,
        entity_type="enrollment",
        entity_id=enrollment.id,
        **audit_scope(session, enrollment.school_id),
        data=data | {"outcome": enrollment.outcome},
    )
    session.commit()
    session.refresh(enrollment)
    return enrollment


def log_absence(
    *, session: Session, enrollment_id: str, data: AbsenceCreate, caller: Caller
) -> Enrollment:
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.attendance)
    if enrollment.periods_absent + data.periods > enrollment.periods:
        raise invalid("body.periods", "more absent periods than the module has")
    session.add(
        Absence(
            id=new_id("abs"),
            enrollment_id=enrollment.id,
            on_date=data.on_date,
            periods=data.periods,
            reason=data.reason,
            recorded_by=caller.client_id,
        )
    )
    enrollment.periods_absent += data.periods
    return _save(
        session,
        enrollment,
        caller,
        "log_absence",
        {"periods": data.periods, "on_date": data.on_date.isoformat()},
    )


def record_evaluation(
    *, session: Session, enrollment_id: str, data: ResultCreate, caller: Caller
) -> Enrollment:
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.evaluation)
    enrollment.evaluation_passed = data.passed
    return _save(session, enrollment, caller, "record_evaluation", {"passed": data.passed})


def record_exam(
    *, session: Session, enrollment_id: str, data: ResultCreate, caller: Caller
) -> Enrollment:
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.exam)
    enrollment.exam_passed = data.passed
    return _save(session, enrollment, caller, "record_exam", {"passed": data.passed})


def record_make_up(
    *, session: Session, enrollment_id: str, data: ResultCreate, caller: Caller
) -> Enrollment:
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.make_up_exam)
    enrollment.make_up_passed = data.passed
    return _save(session, enrollment, caller, "record_make_up_exam", {"passed": data.passed})


def _close_for(
    session: Session,
    enrollment: Enrollment,
    caller: Caller,
    action: str,
    module: Module,
    term: str,
    teacher: str,
) -> Enrollment:
    student = session.get(Student, enrollment.student_id)
    enrollment.closed = True
    enrollment.version += 1
    session.add(enrollment)
    follow_up = _new_enrollment(
        session,
        student=student,
        module=module,
        term=term,
        teacher=teacher,
        kind=action,
        previous_id=enrollment.id,
    )
    audit.record(
        session,
        caller=caller,
        action=action,
        entity_type="enrollment",
        entity_id=enrollment.id,
        **audit_scope(session, enrollment.school_id),
        data={"new_enrollment_id": follow_up.id, "module_id": module.id},
    )
    session.commit()
    session.refresh(follow_up)
    return follow_up


def retake(
    *, session: Session, enrollment_id: str, data: RetakeCreate, caller: Caller
) -> Enrollment:
    """附件4 二(四)1-2: 重修 the same module in a later term."""
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.retake)
    module = session.get(Module, enrollment.module_id)
    return _close_for(session, enrollment, caller, "retake", module, data.term, data.teacher)


def switch(
    *, session: Session, enrollment_id: str, data: SwitchCreate, caller: Caller
) -> Enrollment:
    """附件4 二(四)2: 改修 another module of the same category (never compulsory, nor an
    exam-taker's 语数外 selective-compulsory: the rules bar those)."""
    enrollment = get_enrollment(session, caller, enrollment_id, for_update=True)
    _require(enrollment, EnrollmentAction.switch)
    current = session.get(Module, enrollment.module_id)
    school = session.get(School, enrollment.school_id)
    target = _module_for(session, school, data.module_id, "body.module_id")
    if target.id == current.id or target.category != current.category:
        raise invalid("body.module_id", "switch to another module of the same category")
    return _close_for(session, enrollment, caller, "switch", target, data.term, data.teacher)


def list_enrollments(
    *, session: Session, caller: Caller, student_id: str | None, limit: int, cursor: str | None
):
    statement = select(Enrollment)
    if student_id:
        student, _ = get_student(session, caller, student_id)
        statement = statement.where(Enrollment.student_id == student.id)
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(Enrollment.school_id.in_(visible))
    return paginate(
        session, statement, key=Enrollment.id, key_of=lambda e: e.id, limit=limit, cursor=cursor
    )


def request_exemption(*, session: Session, data: ExemptionCreate, caller: Caller) -> Exemption:
    """附件4 二(四)4: an outstanding student applies for exemption from a module's classes."""
    enrollment = get_enrollment(session, caller, data.enrollment_id, for_update=True)
    if enrollment.closed or enrollment.outcome != Outcome.in_progress.value:
        raise invalid("body.enrollment_id", "exemption is asked for while the module is running")
    pending = select(Exemption).where(
        Exemption.enrollment_id == enrollment.id, Exemption.state == ExemptionState.requested.value
    )
    if session.exec(pending).first() is not None:
        raise Conflict("an exemption request is already pending", code="exemption_pending")
    exemption = Exemption(
        id=new_id("exm"),
        enrollment_id=enrollment.id,
        school_id=enrollment.school_id,
        reason=data.reason,
    )
    session.add(exemption)
    audit.record(
        session,
        caller=caller,
        action="request_exemption",
        entity_type="exemption",
        entity_id=exemption.id,
        **audit_scope(session, exemption.school_id),
        reason=data.reason,
    )
    session.commit()
    session.refresh(exemption)
    return exemption


def decide_exemption(
    *, session: Session, exemption_id: str, data: ExemptionDecision, caller: Caller
) -> Exemption:
    """The committee decides; an approved student must still pass the exam."""
    exemption = session.exec(
        select(Exemption).where(Exemption.id == exemption_id).with_for_update()
    ).first()
    if exemption is None:
        raise NotFound(f"exemption {exemption_id} not found")
    enrollment = get_enrollment(session, caller, exemption.enrollment_id, for_update=True)
    sources, target = EXEMPTION_TRANSITIONS[data.decision]
    if ExemptionState(exemption.state) not in sources:
        raise invalid_transition(exemption.state, data.decision, [])
    exemption.state = target.value
    exemption.decided_by = data.decided_by
    exemption.decision_note = data.note
    exemption.decided_at = utcnow()
    session.add(exemption)
    if target is ExemptionState.approved:
        enrollment.exempt = True
        enrollment.outcome = outcome_of(session, enrollment).value
        enrollment.version += 1
        session.add(enrollment)
    audit.record(
        session,
        caller=caller,
        action=f"exemption_{data.decision}",
        entity_type="exemption",
        entity_id=exemption.id,
        **audit_scope(session, exemption.school_id),
        reason=data.note,
        data={"decided_by": data.decided_by},
    )
    session.commit()
    session.refresh(exemption)
    return exemption
