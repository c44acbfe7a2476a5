"""Thin HTTP layer for timetables (附件3 四: 一人一课表)."""

from collections import Counter

from fastapi import APIRouter, Query

from credits.common import READ, WRITE, invalid
from credits.timetabling import service
from credits.timetabling.schemas import (
    ClassPublic,
    MeetingPublic,
    PersonalEntry,
    PersonalTimetable,
    TimetableCreate,
    TimetablePublic,
    TimetablesPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["timetables"])


def present(session, timetable) -> TimetablePublic:
    classes, meetings, members = service.classes_of(session, timetable.id)
    sizes = Counter(m.class_id for m in members)
    return TimetablePublic(
        **timetable.model_dump(),
        classes=[
            ClassPublic(
                code=c.code,
                subject_code=c.subject_code,
                teacher=c.teacher,
                students=sizes[c.id],
                meetings=[
                    MeetingPublic(day=m.day, period=m.period, room=m.room)
                    for m in meetings
                    if m.class_id == c.id
                ],
            )
            for c in classes
        ],
    )


@router.post("/schools/{school_id}/timetables", status_code=201, response_model=TimetablePublic)
def build_timetable(
    school_id: str, data: TimetableCreate, session: SessionDep, caller: Caller = WRITE
) -> TimetablePublic:
    """Form teaching classes from the round's choices and place them with CP-SAT so that no
    student, teacher or room has two classes at once, within 35 periods a week."""
    timetable = service.build(session=session, school_id=school_id, data=data, caller=caller)
    return present(session, timetable)


@router.get("/timetables", response_model=TimetablesPublic)
def list_timetables(
    session: SessionDep,
    caller: Caller = READ,
    school_id: str | None = Query(default=None, max_length=32),
    round_id: str | None = Query(default=None, max_length=32),
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> TimetablesPublic:
    rows, next_cursor = service.list_timetables(
        session=session,
        caller=caller,
        school_id=school_id,
        round_id=round_id,
        limit=limit,
        cursor=cursor,
    )
    return TimetablesPublic(items=[present(session, t) for t in rows], next_cursor=next_cursor)


@router.get("/timetables/{timetable_id}", response_model=TimetablePublic)
def get_timetable(timetable_id: str, session: SessionDep, caller: Caller = READ) -> TimetablePublic:
    return present(session, service.get_timetable(session, caller, timetable_id))


@router.get("/timetables/{timetable_id}/week", response_model=PersonalTimetable)
def personal_week(
    timetable_id: str,
    session: SessionDep,
    caller: Caller = READ,
    student_id: str | None = None,
    teacher: str | None = None,
    room: str | None = None,
) -> PersonalTimetable:
    """One student's, teacher's or room's week (give exactly one of the three)."""
    given = [v for v in (student_id, teacher, room) if v]
    if len(given) != 1:
        raise invalid("query", "give exactly one of student_id, teacher, room")
    timetable, rows = service.entries_for(
        session=session,
        caller=caller,
        timetable_id=timetable_id,
        student_id=student_id,
        teacher=teacher,
        room=room,
    )
    return PersonalTimetable(
        timetable_id=timetable.id,
        who=given[0],
        entries=[
            PersonalEntry(
                day=m.day,
                period=m.period,
                subject_code=c.subject_code,
                class_code=c.code,
                teacher=c.teacher,
                room=m.room,
            )
            for m, c in rows
        ],
    )
