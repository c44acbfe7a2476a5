"""Use cases of the course table, schools, students, elective offer and integrity records."""

from decimal import Decimal

from sqlmodel import Session, select

from credits.catalogue.schemas import (
    ElectiveVoteCreate,
    IntegrityRecordCreate,
    ModuleCreate,
    SchoolCreate,
    StudentCreate,
)
from credits.common import audit_scope, get_school, get_student, invalid, visible_school_ids
from credits.models import (
    ElectiveOffer,
    IntegrityRecord,
    Module,
    School,
    Student,
    Subject,
)
from credits.rules.course_table import Category, SchoolType, module_periods
from credits.rules.offer import OfferCheck, check_offer, committee_approves
from suitekit import audit
from suitekit.errors import Conflict, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id


def list_subjects(*, session: Session) -> list[Subject]:
    return list(session.exec(select(Subject).order_by(Subject.code)).all())


def create_school(*, session: Session, data: SchoolCreate, caller: Caller) -> School:
    # The school belongs to its county: only a client covering that county may register it
    # (a school's own code never widens a client's reach; issue 14, item 4).
    caller.ensure_may_write(data.county_code)
    if session.exec(select(School).where(School.code == data.code)).first():
        raise Conflict(f"school code {data.code} already registered", code="duplicate_school")
    school = School(**data.model_dump(mode="json"), id=new_id("sch"))
    session.add(school)
    audit.record(
        session,
        caller=caller,
        action="register_school",
        entity_type="school",
        entity_id=school.id,
        division=school.county_code,
        unit=school.code,
        data={"code": school.code, "type": school.school_type},
    )
    session.commit()
    session.refresh(school)
    return school


def list_schools(*, session: Session, caller: Caller, limit: int, cursor: str | None):
    statement = select(School)
    visible = visible_school_ids(session, caller)
    if visible is not None:
        statement = statement.where(School.id.in_(visible))
    return paginate(
        session, statement, key=School.id, key_of=lambda s: s.id, limit=limit, cursor=cursor
    )


def create_module(*, session: Session, data: ModuleCreate, caller: Caller) -> Module:
    school = get_school(session, caller, data.school_id)
    if session.get(Subject, data.subject_code) is None:
        raise invalid("body.subject_code", f"unknown subject {data.subject_code}")
    if data.extension and data.category is not Category.elective:
        raise invalid("body.extension", "only electives are extension/improvement courses")
    module = Module(
        **data.model_dump(mode="json"), id=new_id("mod"), periods=module_periods(data.credits)
    )
    module.school_id = school.id
    session.add(module)
    audit.record(
        session,
        caller=caller,
        action="create_module",
        entity_type="module",
        entity_id=module.id,
        **audit_scope(session, module.school_id),
        data={"school_id": school.id, "name": module.name},
    )
    session.commit()
    session.refresh(module)
    return module


def list_modules(
    *,
    session: Session,
    caller: Caller,
    subject_code: str | None,
    category: Category | None,
    school_id: str | None,
    limit: int,
    cursor: str | None,
):
    statement = select(Module)
    if school_id:
        get_school(session, caller, school_id)
        statement = statement.where((Module.school_id == school_id) | Module.school_id.is_(None))
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(Module.school_id.is_(None) | Module.school_id.in_(visible))
    if subject_code:
        statement = statement.where(Module.subject_code == subject_code)
    if category:
        statement = statement.where(Module.category == category.value)
    return paginate(
        session, statement, key=Module.id, key_of=lambda m: m.id, limit=limit, cursor=cursor
    )


def create_student(*, session: Session, data: StudentCreate, caller: Caller) -> Student:
    school = get_school(session, caller, data.school_id)
    duplicate = select(Student).where(
        Student.school_id == school.id, Student.student_no == data.student_no
    )
    if session.exec(duplicate).first():
        raise Conflict(
            f"student number {data.student_no} already used in this school",
            code="duplicate_student",
        )
    student = Student(**data.model_dump(), id=new_id("stu"))
    session.add(student)
    audit.record(
        session,
        caller=caller,
        action="register_student",
        entity_type="student",
        entity_id=student.id,
        **audit_scope(session, student.school_id),
        data={"school_id": school.id},
    )
    session.commit()
    session.refresh(student)
    return student


def list_students(
    *, session: Session, caller: Caller, school_id: str | None, limit: int, cursor: str | None
):
    statement = select(Student)
    if school_id:
        statement = statement.where(Student.school_id == get_school(session, caller, school_id).id)
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(Student.school_id.in_(visible))
    return paginate(
        session, statement, key=Student.id, key_of=lambda s: s.id, limit=limit, cursor=cursor
    )


LEAVE_TRANSITIONS = {"leave": ("active", "on_leave"), "resume": ("on_leave", "active")}


def change_leave(
    *, session: Session, student_id: str, action: str, reason: str, caller: Caller
) -> Student:
    """附件4 二(四)3: a leave of absence interrupts study; credits and records carry over."""
    student, _ = get_student(session, caller, student_id)
    student = session.exec(select(Student).where(Student.id == student.id).with_for_update()).one()
    source, target = LEAVE_TRANSITIONS[action]
    if student.status != source:
        allowed = [a for a, (s, _) in LEAVE_TRANSITIONS.items() if s == student.status]
        raise invalid_transition(student.status, action, allowed)
    student.status = target
    student.version += 1
    session.add(student)
    audit.record(
        session,
        caller=caller,
        action=action,
        entity_type="student",
        entity_id=student.id,
        **audit_scope(session, student.school_id),
        reason=reason,
    )
    session.commit()
    session.refresh(student)
    return student


def vote_elective(
    *, session: Session, school_id: str, data: ElectiveVoteCreate, caller: Caller
) -> ElectiveOffer:
    school = get_school(session, caller, school_id)
    module = session.get(Module, data.module_id)
    if module is None or module.school_id not in (None, school.id):
        raise NotFound(f"module {data.module_id} not found")
    if module.category != Category.elective.value:
        raise invalid("body.module_id", "only elective modules go to the course committee")
    if data.votes_for > data.committee_size:
        raise invalid("body.votes_for", "more votes than committee members")
    offer = ElectiveOffer(
        id=new_id("eo"),
        school_id=school.id,
        module_id=module.id,
        votes_for=data.votes_for,
        committee_size=data.committee_size,
        opened=committee_approves(votes_for=data.votes_for, committee_size=data.committee_size),
    )
    session.add(offer)
    audit.record(
        session,
        caller=caller,
        action="elective_vote",
        entity_type="elective_offer",
        entity_id=offer.id,
        **audit_scope(session, offer.school_id),
        data=data.model_dump() | {"opened": offer.opened},
    )
    session.commit()
    session.refresh(offer)
    return offer


def elective_offer(*, session: Session, school_id: str, caller: Caller):
    school = get_school(session, caller, school_id)
    offers = session.exec(
        select(ElectiveOffer)
        .where(ElectiveOffer.school_id == school.id, ElectiveOffer.opened.is_(True))
        .order_by(ElectiveOffer.id)
    ).all()
    opened, seen = [], set()
    for offer in offers:  # a module voted open twice counts once
        if offer.module_id not in seen:
            seen.add(offer.module_id)
            opened.append(offer)
    credits = [session.get(Module, o.module_id).credits for o in opened]
    check: OfferCheck = check_offer(SchoolType(school.school_type), [Decimal(c) for c in credits])
    return school, check, opened


def record_integrity(
    *, session: Session, school_id: str, data: IntegrityRecordCreate, caller: Caller
) -> IntegrityRecord:
    school = get_school(session, caller, school_id)
    entry = IntegrityRecord(
        **data.model_dump(), id=new_id("ir"), school_id=school.id, recorded_by=caller.client_id
    )
    session.add(entry)
    audit.record(
        session,
        caller=caller,
        action="integrity_record",
        entity_type="integrity_record",
        entity_id=entry.id,
        **audit_scope(session, entry.school_id),
        data={"person": data.person, "role": data.role},
    )
    session.commit()
    session.refresh(entry)
    return entry


def list_integrity(*, session: Session, school_id: str, caller: Caller) -> list[IntegrityRecord]:
    school = get_school(session, caller, school_id)
    return list(
        session.exec(
            select(IntegrityRecord)
            .where(IntegrityRecord.school_id == school.id)
            .order_by(IntegrityRecord.created_at)
        ).all()
    )
