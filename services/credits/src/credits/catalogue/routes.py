"""Thin HTTP layer: course table, schools, students, elective offer, integrity records."""

from fastapi import APIRouter, Response

from credits.catalogue import service
from credits.catalogue.schemas import (
    ElectiveOfferPublic,
    ElectiveVoteCreate,
    ElectiveVotePublic,
    IntegrityRecordCreate,
    IntegrityRecordPublic,
    LeaveAction,
    ModuleCreate,
    ModulePublic,
    ModulesPublic,
    SchoolCreate,
    SchoolPublic,
    SchoolsPublic,
    StudentCreate,
    StudentPublic,
    StudentsPublic,
    SubjectPublic,
)
from credits.common import READ, RECOGNIZE, WRITE, get_school, get_school_row, get_student
from credits.models import IntegrityRecord, Module
from credits.rules.course_table import Category
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["course table, schools, students"])


def _v(model, row):
    return model.model_validate(row, from_attributes=True)


@router.get("/subjects", response_model=list[SubjectPublic])
def list_subjects(session: SessionDep, _caller: Caller = READ) -> list[SubjectPublic]:
    return [_v(SubjectPublic, s) for s in service.list_subjects(session=session)]


@router.get("/modules", response_model=ModulesPublic)
def list_modules(
    session: SessionDep,
    caller: Caller = READ,
    subject_code: str | None = None,
    category: Category | None = None,
    school_id: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> ModulesPublic:
    rows, next_cursor = service.list_modules(
        session=session,
        caller=caller,
        subject_code=subject_code,
        category=category,
        school_id=school_id,
        limit=limit,
        cursor=cursor,
    )
    return ModulesPublic(items=[_v(ModulePublic, m) for m in rows], next_cursor=next_cursor)


@router.get("/modules/{module_id}", response_model=ModulePublic)
def get_module(module_id: str, session: SessionDep, caller: Caller = READ) -> ModulePublic:
    return _v(ModulePublic, get_school_row(session, caller, Module, module_id, "module"))


@router.get("/integrity-records/{record_id}", response_model=IntegrityRecordPublic)
def get_integrity_record(
    record_id: str, session: SessionDep, caller: Caller = READ
) -> IntegrityRecordPublic:
    row = get_school_row(session, caller, IntegrityRecord, record_id, "integrity record")
    return _v(IntegrityRecordPublic, row)


@router.post("/modules", status_code=201, response_model=ModulePublic)
def create_module(data: ModuleCreate, session: SessionDep, caller: Caller = WRITE) -> ModulePublic:
    return _v(ModulePublic, service.create_module(session=session, data=data, caller=caller))


@router.post("/schools", status_code=201, response_model=SchoolPublic)
def create_school(
    data: SchoolCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> SchoolPublic:
    school = service.create_school(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/schools/{school.id}"
    return _v(SchoolPublic, school)


@router.get("/schools", response_model=SchoolsPublic)
def list_schools(
    session: SessionDep, caller: Caller = READ, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> SchoolsPublic:
    rows, next_cursor = service.list_schools(
        session=session, caller=caller, limit=limit, cursor=cursor
    )
    return SchoolsPublic(items=[_v(SchoolPublic, s) for s in rows], next_cursor=next_cursor)


@router.get("/schools/{school_id}", response_model=SchoolPublic)
def get_school_route(
    school_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> SchoolPublic:
    school = get_school(session, caller, school_id)
    set_etag(response, school.version)
    return _v(SchoolPublic, school)


@router.post("/students", status_code=201, response_model=StudentPublic)
def create_student(
    data: StudentCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> StudentPublic:
    student = service.create_student(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/students/{student.id}"
    return _v(StudentPublic, student)


@router.get("/students", response_model=StudentsPublic)
def list_students(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> StudentsPublic:
    rows, next_cursor = service.list_students(
        session=session, caller=caller, school_id=school_id, limit=limit, cursor=cursor
    )
    return StudentsPublic(items=[_v(StudentPublic, s) for s in rows], next_cursor=next_cursor)


@router.get("/students/{student_id}", response_model=StudentPublic)
def get_student_route(
    student_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> StudentPublic:
    student, _ = get_student(session, caller, student_id)
    set_etag(response, student.version)
    return _v(StudentPublic, student)


@router.post("/students/{student_id}/leave", response_model=StudentPublic)
def start_leave(
    student_id: str, data: LeaveAction, session: SessionDep, caller: Caller = WRITE
) -> StudentPublic:
    """附件4 二(四)3: leave of absence; the credits earned so far are kept."""
    student = service.change_leave(
        session=session, student_id=student_id, action="leave", reason=data.reason, caller=caller
    )
    return _v(StudentPublic, student)


@router.post("/students/{student_id}/resume", response_model=StudentPublic)
def end_leave(
    student_id: str, data: LeaveAction, session: SessionDep, caller: Caller = WRITE
) -> StudentPublic:
    student = service.change_leave(
        session=session, student_id=student_id, action="resume", reason=data.reason, caller=caller
    )
    return _v(StudentPublic, student)


@router.post(
    "/schools/{school_id}/elective-votes", status_code=201, response_model=ElectiveVotePublic
)
def vote_elective(
    school_id: str, data: ElectiveVoteCreate, session: SessionDep, caller: Caller = WRITE
) -> ElectiveVotePublic:
    offer = service.vote_elective(session=session, school_id=school_id, data=data, caller=caller)
    return _v(ElectiveVotePublic, offer)


@router.get("/schools/{school_id}/elective-offer", response_model=ElectiveOfferPublic)
def elective_offer(
    school_id: str, session: SessionDep, caller: Caller = READ
) -> ElectiveOfferPublic:
    school, check, opened = service.elective_offer(
        session=session, school_id=school_id, caller=caller
    )
    return ElectiveOfferPublic(
        school_id=school.id,
        school_type=school.school_type,
        required=check.required,
        offered=check.offered,
        missing=check.missing,
        met=check.met,
        opened=[_v(ElectiveVotePublic, o) for o in opened],
    )


@router.post(
    "/schools/{school_id}/integrity-records", status_code=201, response_model=IntegrityRecordPublic
)
def record_integrity(
    school_id: str, data: IntegrityRecordCreate, session: SessionDep, caller: Caller = RECOGNIZE
) -> IntegrityRecordPublic:
    entry = service.record_integrity(session=session, school_id=school_id, data=data, caller=caller)
    return _v(IntegrityRecordPublic, entry)


@router.get("/schools/{school_id}/integrity-records", response_model=list[IntegrityRecordPublic])
def list_integrity(
    school_id: str, session: SessionDep, caller: Caller = READ
) -> list[IntegrityRecordPublic]:
    rows = service.list_integrity(session=session, school_id=school_id, caller=caller)
    return [_v(IntegrityRecordPublic, r) for r in rows]
