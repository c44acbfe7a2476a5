"""The annex-3 task table: loaded from refdata, progress reported weekly and monthly."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, func, select

from renovation import refdata
from renovation.common import local_today
from renovation.rules.tasks import (
    DISTRICT_GOVERNMENTS,
    ProgressKind,
    TaskDeadline,
    TaskStatus,
    progress_period_ok,
    status_change_allowed,
    task_overdue,
)
from renovation.tasks.models import Task, TaskProgress
from renovation.tasks.schemas import ProgressCreate, TaskPublic
from suitekit import audit
from suitekit.errors import Forbidden, InvalidInput, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import decode_cursor, encode_cursor
from suitekit.timeutil import new_id, utcnow

TASKS_YEAR = 2022  # annex 3 is the 2022 plan's task table


def task_id(year: int, number: int) -> str:
    return f"{year}-{number:02d}"


def load_reference_tasks(session: Session) -> None:
    """Insert the 44 tasks when absent; statuses already reported are kept."""
    for row in refdata.tasks():
        ident = task_id(TASKS_YEAR, row["number"])
        if session.get(Task, ident) is not None:
            continue
        session.add(
            Task(
                id=ident,
                programme_year=TASKS_YEAR,
                number=row["number"],
                section=row["section"],
                title=row["title"],
                main_tasks=row["main_tasks"],
                lead_units=row["lead_units"],
                cooperating_units=row["cooperating_units"],
                deadline=dt.date.fromisoformat(row["deadline"]),
                deadline_inferred=row["deadline_inferred"],
                status=TaskStatus.NOT_STARTED.value,
            )
        )


def tasks_of_year(session: Session, year: int) -> list[Task]:
    return list(
        session.exec(
            select(Task).where(Task.programme_year == year).order_by(col(Task.number))
        ).all()
    )


def deadline_view(task: Task) -> TaskDeadline:
    return TaskDeadline(
        number=task.number,
        lead_units=tuple(task.lead_units),
        deadline=task.deadline,
        status=TaskStatus(task.status),
    )


def spent_by_task(session: Session, task_ids: list[str]) -> dict[str, Decimal]:
    rows = session.exec(
        select(TaskProgress.task_id, func.sum(TaskProgress.money_spent_yuan))
        .where(col(TaskProgress.task_id).in_(task_ids))
        .group_by(col(TaskProgress.task_id))
    ).all()
    return {tid: Decimal(total or 0) for tid, total in rows}


def to_public(task: Task, spent: Decimal, today: dt.date) -> TaskPublic:
    return TaskPublic(
        **task.model_dump(),
        overdue=task_overdue(deadline_view(task), today),
        money_spent_yuan=spent,
    )


def list_tasks(
    *,
    session: Session,
    year: int | None,
    status: str | None,
    lead_unit: str | None,
    overdue: bool | None,
    as_of: dt.date | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[TaskPublic], str | None]:
    """Filters apply before paging (the table is small: 44 tasks a year), so pages are full."""
    statement = select(Task).order_by(col(Task.id))
    if year:
        statement = statement.where(Task.programme_year == year)
    if status:
        statement = statement.where(Task.status == status)
    if cursor:
        statement = statement.where(col(Task.id) > decode_cursor(cursor))
    today = as_of or local_today()
    matching = [
        task
        for task in session.exec(statement).all()
        if (not lead_unit or lead_unit in task.lead_units)
        and (overdue is None or task_overdue(deadline_view(task), today) is overdue)
    ]
    page = matching[:limit]
    next_cursor = encode_cursor(page[-1].id) if len(matching) > limit else None
    spent = spent_by_task(session, [t.id for t in page])
    return [to_public(t, spent.get(t.id, Decimal(0)), today) for t in page], next_cursor


def get_task(session: Session, ident: str, *, for_update: bool = False) -> Task:
    statement = select(Task).where(Task.id == ident)
    if for_update:
        statement = statement.with_for_update()
    task = session.exec(statement).first()
    if task is None:
        raise NotFound(f"task {ident} not found")
    return task


def progress_of(session: Session, ident: str) -> list[TaskProgress]:
    return list(
        session.exec(
            select(TaskProgress)
            .where(TaskProgress.task_id == ident)
            .order_by(col(TaskProgress.period_start), col(TaskProgress.created_at))
        ).all()
    )


def _reporting_district(task: Task, data: ProgressCreate, caller: Caller) -> str | None:
    """District clients report as 各城区政府, only on tasks that unit leads or works on."""
    if caller.city_wide:
        return data.district
    if DISTRICT_GOVERNMENTS not in task.lead_units + task.cooperating_units:
        raise Forbidden(
            f"task {task.id} is not one of {DISTRICT_GOVERNMENTS}'s tasks",
            code="not_your_task",
        )
    district = data.district or (caller.jurisdiction[0] if len(caller.jurisdiction) == 1 else None)
    caller.ensure_may_write(district)
    return district


def report_progress(
    *, session: Session, ident: str, data: ProgressCreate, caller: Caller
) -> TaskProgress:
    task = get_task(session, ident, for_update=True)
    if not progress_period_ok(ProgressKind(data.kind), data.period_start):
        raise InvalidInput(
            "weekly entries start on a Monday, monthly entries on the 1st",
            errors=[{"field": "body.period_start", "message": f"not a {data.kind} period start"}],
        )
    current, new = TaskStatus(task.status), TaskStatus(data.status)
    if not status_change_allowed(current, new):
        raise invalid_transition(task.status, f"report {new.value}", [])
    district = _reporting_district(task, data, caller)
    row = TaskProgress(
        **data.model_dump(exclude={"status", "district"}),
        id=new_id("tp"),
        task_id=task.id,
        district=district,
        status_after=new.value,
        reported_by=caller.client_id,
    )
    task.status = new.value
    task.version += 1
    task.updated_at = utcnow()
    session.add_all([row, task])
    audit.record(
        session,
        caller=caller,
        action=f"progress_{data.kind}",
        entity_type="task",
        entity_id=task.id,
        division=district,  # the reporting district (None: the city reported)
        data={"status": new.value, "district": district},
    )
    session.commit()
    session.refresh(row)
    return row
