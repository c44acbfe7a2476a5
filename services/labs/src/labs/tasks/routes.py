"""HTTP routes of tasks and allocation (thin)."""

from fastapi import APIRouter, Response

from labs.common import READ, WRITE, today
from labs.rules.tasks import TaskAction, TaskState
from labs.tasks import service
from labs.tasks.schemas import (
    AllocationProposal,
    AllocationRequest,
    StepIn,
    TaskCreate,
    TaskPublic,
    TasksPublic,
    TestedIn,
)
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.inputs import QueryBool
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["tasks"])


@router.post("/tasks", status_code=201, response_model=TaskPublic)
def assign_task(
    data: TaskCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> TaskPublic:
    task = service.create_task(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/tasks/{task.id}"
    set_etag(response, task.version)
    return service.task_view(session, task)


@router.get("/tasks", response_model=TasksPublic)
def list_tasks(
    session: SessionDep,
    caller: Caller = READ,
    lab_id: str | None = None,
    state: TaskState | None = None,
    needs_reassignment: QueryBool | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> TasksPublic:
    rows, next_cursor = service.list_tasks(
        session=session,
        caller=caller,
        lab_id=lab_id,
        state=state,
        needs_reassignment=needs_reassignment,
        limit=limit,
        cursor=cursor,
    )
    return TasksPublic(items=[service.task_view(session, t) for t in rows], next_cursor=next_cursor)


@router.get("/tasks/{task_id}", response_model=TaskPublic)
def get_task(
    task_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> TaskPublic:
    task = service.get_task(session=session, task_id=task_id, caller=caller)
    set_etag(response, task.version)
    return service.task_view(session, task)


@router.post("/tasks/{task_id}/sampled", response_model=TaskPublic)
def mark_sampled(
    task_id: str, data: StepIn, session: SessionDep, caller: Caller = WRITE
) -> TaskPublic:
    return service.task_view(
        session,
        service.advance_task(
            session=session,
            task_id=task_id,
            action=TaskAction.SAMPLED,
            data=None,
            on=data.on,
            caller=caller,
        ),
    )


@router.post("/tasks/{task_id}/tested", response_model=TaskPublic)
def mark_tested(
    task_id: str, data: TestedIn, session: SessionDep, caller: Caller = WRITE
) -> TaskPublic:
    return service.task_view(
        session,
        service.advance_task(
            session=session,
            task_id=task_id,
            action=TaskAction.TESTED,
            data=data,
            on=data.on,
            caller=caller,
        ),
    )


@router.post("/tasks/{task_id}/reported", response_model=TaskPublic)
def mark_reported(
    task_id: str, data: StepIn, session: SessionDep, caller: Caller = WRITE
) -> TaskPublic:
    return service.task_view(
        session,
        service.advance_task(
            session=session,
            task_id=task_id,
            action=TaskAction.REPORTED,
            data=None,
            on=data.on,
            caller=caller,
        ),
    )


@router.post("/allocations/propose", response_model=AllocationProposal)
def propose_allocation(
    data: AllocationRequest, session: SessionDep, caller: Caller = WRITE
) -> AllocationProposal:
    return service.propose_allocation(
        session=session, data=data, caller=caller, on=data.on or today()
    )
