"""The annex-3 task table and its progress entries."""

from decimal import Decimal

from fastapi import APIRouter

from renovation.auth import READ, WRITE
from renovation.common import local_today
from renovation.rules.tasks import TaskStatus
from renovation.tasks import service
from renovation.tasks.schemas import (
    ProgressCreate,
    ProgressPublic,
    TaskDetail,
    TasksPublic,
)
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.inputs import IsoDate, QueryBool
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])


@router.get("", response_model=TasksPublic)
def list_tasks(
    session: SessionDep,
    _caller: Caller = READ,
    year: int | None = None,
    status: TaskStatus | None = None,
    lead_unit: str | None = None,
    overdue: QueryBool | None = None,
    as_of: IsoDate | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> TasksPublic:
    items, next_cursor = service.list_tasks(
        session=session,
        year=year,
        status=status,
        lead_unit=lead_unit,
        overdue=overdue,
        as_of=as_of,
        limit=limit,
        cursor=cursor,
    )
    return TasksPublic(items=items, next_cursor=next_cursor)


@router.get("/{task_id}", response_model=TaskDetail)
def get_task(
    task_id: str, session: SessionDep, _caller: Caller = READ, as_of: IsoDate | None = None
) -> TaskDetail:
    task = service.get_task(session, task_id)
    progress = service.progress_of(session, task_id)
    spent = sum((p.money_spent_yuan for p in progress), Decimal(0))
    public = service.to_public(task, spent, as_of or local_today())
    return TaskDetail(
        **public.model_dump(),
        progress=[ProgressPublic.model_validate(p, from_attributes=True) for p in progress],
    )


@router.post("/{task_id}/progress", status_code=201, response_model=ProgressPublic)
def report_progress(
    task_id: str, data: ProgressCreate, session: SessionDep, caller: Caller = WRITE
) -> ProgressPublic:
    row = service.report_progress(session=session, ident=task_id, data=data, caller=caller)
    return ProgressPublic.model_validate(row, from_attributes=True)
