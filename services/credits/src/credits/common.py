"""Shared pieces of the credits routes and use cases: scopes, school scoping, types."""

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import Field, PlainSerializer
from sqlmodel import Session, select

from credits.models import School, Student
from suitekit.errors import InvalidInput, NotFound
from suitekit.identity import Caller, RequireScope

T = TypeVar("T")

READ = RequireScope("credits:read", "credits:write", "credits:recognize")
WRITE = RequireScope("credits:write")
RECOGNIZE = RequireScope("credits:recognize")


def _one_decimal(value: Decimal) -> str:
    return f"{value:.1f}"


Credits = Annotated[Decimal, PlainSerializer(_one_decimal, return_type=str)]
CreditsIn = Annotated[Decimal, Field(gt=0, le=60, max_digits=4, decimal_places=1)]
Hours = Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=1)]


def sees_school(caller: Caller, school: School) -> bool:
    """A school's client sees its own school; a county bureau its county; the city all.

    The school code is matched exactly, never as a division (a code shaped like `231003`
    must not open a 231002 school to the 231003 bureau)."""
    return school.code in caller.jurisdiction or caller.covers(school.county_code)


def visible_school_ids(session: Session, caller: Caller) -> list[str] | None:
    """None when the caller is city-wide (no filter needed)."""
    if caller.city_wide:
        return None
    schools = session.exec(select(School)).all()
    return [s.id for s in schools if sees_school(caller, s)]


def get_school(session: Session, caller: Caller, school_id: str) -> School:
    school = session.get(School, school_id)
    if school is None or not sees_school(caller, school):
        raise NotFound(f"school {school_id} not found")
    return school


def get_student(session: Session, caller: Caller, student_id: str) -> tuple[Student, School]:
    student = session.get(Student, student_id)
    school = session.get(School, student.school_id) if student else None
    if student is None or school is None or not sees_school(caller, school):
        raise NotFound(f"student {student_id} not found")
    return student, school


def invalid(field: str, message: str, **extra: Any) -> InvalidInput:
    return InvalidInput(message, errors=[{"field": field, "message": message}], **extra)


def audit_scope(session: Session, school_id: str | None) -> dict[str, str | None]:
    """Issue 14: an audit entry about a school's record carries the school's county (division)
    and the school's code (unit), so it is read exactly where the record is; a city-level
    record (a module of the city course table) carries neither."""
    school = session.get(School, school_id) if school_id else None
    if school is None:
        return {"division": None, "unit": None}
    return {"division": school.county_code, "unit": school.code}


def get_school_row(session: Session, caller: Caller, model: type[T], row_id: str, label: str) -> T:
    """A row that belongs to a school (`school_id`), or a city-wide one (no school): 404 when
    missing or when the caller does not see its school."""
    row = session.get(model, row_id)
    school_id = getattr(row, "school_id", None) if row is not None else None
    school = session.get(School, school_id) if school_id else None
    if row is None or (school_id and (school is None or not sees_school(caller, school))):
        raise NotFound(f"{label} {row_id} not found")
    return row
