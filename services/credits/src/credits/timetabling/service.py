"""Build a timetable from a selection round and read it per student, teacher or room."""

from sqlmodel import Session, col, select

from credits.common import audit_scope, get_school, get_student, invalid, visible_school_ids
from credits.models import (
    ClassMeeting,
    ClassMember,
    Selection,
    SelectionRound,
    TeachingClassRow,
    Timetable,
)
from credits.rules.selection import SelectionState
from credits.timetabling.schemas import TimetableCreate
from credits.timetabling.solver import TimetableRequest, solve
from suitekit import audit
from suitekit.errors import NotFound, ProblemError, ServiceUnavailable
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id

COUNTED = [SelectionState.submitted.value, SelectionState.confirmed.value]


class TimetableInfeasible(ProblemError):
    status, code, title = 422, "timetable_infeasible", "No timetable"


def build(*, session: Session, school_id: str, data: TimetableCreate, caller: Caller) -> Timetable:
    school = get_school(session, caller, school_id)
    selection_round = session.get(SelectionRound, data.round_id)
    if selection_round is None or selection_round.school_id != school.id:
        raise invalid("body.round_id", f"unknown selection round {data.round_id}")
    rows = session.exec(
        select(Selection.student_id, Selection.subjects).where(
            Selection.round_id == selection_round.id, col(Selection.state).in_(COUNTED)
        )
    ).all()
    if not rows:
        raise invalid("body.round_id", "the round has no selections yet")
    request = TimetableRequest(
        choices={r.student_id: r.subjects.split("+") for r in rows},
        periods_per_week=data.periods_per_week,
        teachers=data.teachers,
        rooms=data.rooms,
        days=data.days,
        periods_per_day=data.periods_per_day,
        class_size=selection_round.class_size,
        time_limit_seconds=data.time_limit_seconds,
    )
    try:
        result = solve(request)
    except ImportError as exc:
        raise ServiceUnavailable("the timetabling solver (ortools) is not installed") from exc
    if not result.feasible:
        raise TimetableInfeasible("; ".join(result.problems), solver_status=result.status)
    timetable = Timetable(
        id=new_id("tt"),
        school_id=school.id,
        round_id=selection_round.id,
        days=data.days,
        periods_per_day=data.periods_per_day,
        solver_status=result.status,
        solver_seconds=round(result.wall_seconds, 3),
        created_by=caller.client_id,
    )
    session.add(timetable)
    session.flush()
    for cls in result.classes:
        session.add(
            TeachingClassRow(
                id=f"{timetable.id}-{cls.code}",
                timetable_id=timetable.id,
                code=cls.code,
                subject_code=cls.subject,
                teacher=cls.teacher,
            )
        )
    session.flush()  # no ORM relationships here: parents go first so foreign keys hold
    for cls in result.classes:
        class_id = f"{timetable.id}-{cls.code}"
        session.add_all(ClassMember(class_id=class_id, student_id=s) for s in cls.students)
        session.add_all(
            ClassMeeting(class_id=class_id, day=d, period=p, room=room) for d, p, room in cls.slots
        )
    audit.record(
        session,
        caller=caller,
        action="build_timetable",
        entity_type="timetable",
        entity_id=timetable.id,
        **audit_scope(session, timetable.school_id),
        data={
            "round_id": selection_round.id,
            "classes": len(result.classes),
            "status": result.status,
        },
    )
    session.commit()
    session.refresh(timetable)
    return timetable


def get_timetable(session: Session, caller: Caller, timetable_id: str) -> Timetable:
    timetable = session.get(Timetable, timetable_id)
    if timetable is None:
        raise NotFound(f"timetable {timetable_id} not found")
    get_school(session, caller, timetable.school_id)
    return timetable


def list_timetables(
    *,
    session: Session,
    caller: Caller,
    school_id: str | None,
    round_id: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Timetable], str | None]:
    statement = select(Timetable)
    if school_id:
        statement = statement.where(
            Timetable.school_id == get_school(session, caller, school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(Timetable.school_id).in_(visible))
    if round_id:
        statement = statement.where(Timetable.round_id == round_id)
    rows, next_cursor = paginate(
        session, statement, key=Timetable.id, key_of=lambda t: t.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def classes_of(session: Session, timetable_id: str):
    classes = session.exec(
        select(TeachingClassRow)
        .where(TeachingClassRow.timetable_id == timetable_id)
        .order_by(TeachingClassRow.code)
    ).all()
    ids = [c.id for c in classes]
    meetings = session.exec(
        select(ClassMeeting)
        .where(col(ClassMeeting.class_id).in_(ids))
        .order_by(ClassMeeting.day, ClassMeeting.period)
    ).all()
    members = session.exec(select(ClassMember).where(col(ClassMember.class_id).in_(ids))).all()
    return classes, meetings, members


def entries_for(
    *,
    session: Session,
    caller: Caller,
    timetable_id: str,
    student_id: str | None,
    teacher: str | None,
    room: str | None,
):
    timetable = get_timetable(session, caller, timetable_id)
    if student_id:
        get_student(session, caller, student_id)
    classes, meetings, members = classes_of(session, timetable.id)
    by_id = {c.id: c for c in classes}
    wanted = set(by_id)
    if student_id:
        wanted &= {m.class_id for m in members if m.student_id == student_id}
    if teacher:
        wanted &= {c.id for c in classes if c.teacher == teacher}
    return timetable, [
        (m, by_id[m.class_id])
        for m in meetings
        if m.class_id in wanted and (room is None or m.room == room)
    ]
