"""Rapid tests (single and batch), the outfall's test list, lab tasks and lab results."""

import json
from typing import Any

from fastapi import APIRouter
from sqlmodel import select

from outfall.access import visible_outfall
from outfall.models import LabTask, Outfall, WaterTest
from outfall.monitoring import lab, service
from outfall.monitoring.schemas import (
    BatchIn,
    BatchResult,
    BatchRowResult,
    ExceedancePublic,
    LabResultIn,
    LabTaskPublic,
    LabTasksPublic,
    RapidTestIn,
    TestResult,
    WaterTestPublic,
    WaterTestsPublic,
)
from outfall.present import aware
from outfall.service import scoped
from suitekit.db import SessionDep
from suitekit.errors import NotFound
from suitekit.identity import Caller, RequireScope
from suitekit.pagination import CursorQuery, LimitQuery, paginate
from suitekit.timeutil import as_aware, new_id

READ = RequireScope("outfall:read", "outfall:write")
WRITE = RequireScope("outfall:write")

router = APIRouter(prefix="/v1", tags=["monitoring"])


def _result(row: service.Accepted, kind: str) -> TestResult:
    return TestResult(
        id=row.test_id,
        outfall_id=row.outfall_id,
        kind=kind,
        abnormal=row.evaluation.abnormal,
        exceedances=[
            ExceedancePublic(parameter=e.parameter, value=e.value, limit=e.limit, bound=e.bound)
            for e in row.evaluation.exceedances
        ],
        observations=row.evaluation.observations,
        lab_task_id=row.lab_task_id,
        enforcement_flag=row.enforcement_flag,
    )


@router.post(
    "/outfalls/{outfall_id}/rapid-tests",
    status_code=201,
    response_model=TestResult,
    summary="rapid water-quality test (§五(一)2); abnormal -> lab-sampling task",
)
def rapid_test(
    outfall_id: str, data: RapidTestIn, session: SessionDep, caller: Caller = WRITE
) -> TestResult:
    row = service.record_rapid_test(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _result(row, "rapid")


@router.post(
    "/rapid-tests/batch",
    status_code=201,
    response_model=BatchResult,
    summary="up to 10,000 rapid tests, all or nothing, per-row errors",
)
def rapid_test_batch(data: BatchIn, session: SessionDep, caller: Caller = WRITE) -> BatchResult:
    batch_id = new_id("tb")
    rows = service.record_batch(
        session=session,
        rows=[(row.outfall_id, row) for row in data.items],
        caller=caller,
        batch_id=batch_id,
    )
    return BatchResult(
        batch_id=batch_id,
        accepted=len(rows),
        abnormal=sum(1 for r in rows if r.evaluation.abnormal),
        lab_tasks_created=sum(1 for r in rows if r.lab_task_id),
        outfalls_flagged=len({r.outfall_id for r in rows if r.enforcement_flag}),
        first_test_id=rows[0].test_id,
        last_test_id=rows[-1].test_id,
        abnormal_items=[
            BatchRowResult(
                id=r.test_id,
                outfall_id=r.outfall_id,
                abnormal=r.evaluation.abnormal,
                lab_task_id=r.lab_task_id,
            )
            for r in rows
            if r.evaluation.abnormal
        ],
    )


def _test_public(test: WaterTest) -> WaterTestPublic:
    return WaterTestPublic(
        **test.model_dump(
            include={
                "id",
                "kind",
                "sampler",
                "ph",
                "cod_mg_l",
                "nh3n_mg_l",
                "tp_mg_l",
                "flow_m3_d",
                "flow_method",
                "abnormal",
                "lab_task_id",
            }
        ),
        sampled_at=as_aware(test.sampled_at),
        exceedances=[ExceedancePublic(**e) for e in json.loads(test.exceedances)],
    )


@router.get(
    "/outfalls/{outfall_id}/tests",
    response_model=WaterTestsPublic,
    summary="water tests of an outfall, newest first, with exceedances",
)
def list_tests(
    outfall_id: str,
    session: SessionDep,
    caller: Caller = READ,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> WaterTestsPublic:
    visible_outfall(session, outfall_id, caller)
    statement = select(WaterTest).where(WaterTest.outfall_id == outfall_id)
    rows, next_cursor = paginate(
        session, statement, key=WaterTest.id, key_of=lambda t: t.id, limit=limit, cursor=cursor
    )
    return WaterTestsPublic(items=[_test_public(t) for t in rows], next_cursor=next_cursor)


def _task_public(task: LabTask) -> LabTaskPublic:
    return LabTaskPublic(
        **task.model_dump(
            include={"id", "outfall_id", "rapid_test_id", "status", "reason", "result_test_id"}
        ),
        created_at=as_aware(task.created_at),
        completed_at=aware(task.completed_at),
    )


@router.get(
    "/lab-tasks",
    response_model=LabTasksPublic,
    summary="lab tasks opened by abnormal rapid tests, in the caller's jurisdiction",
)
def list_lab_tasks(
    session: SessionDep,
    caller: Caller = READ,
    status: str | None = None,
    outfall_id: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> LabTasksPublic:
    statement: Any = scoped(select(LabTask).join(Outfall, Outfall.id == LabTask.outfall_id), caller)
    if status:
        statement = statement.where(LabTask.status == status)
    if outfall_id:
        statement = statement.where(LabTask.outfall_id == outfall_id)
    rows, next_cursor = paginate(
        session, statement, key=LabTask.id, key_of=lambda t: t.id, limit=limit, cursor=cursor
    )
    return LabTasksPublic(items=[_task_public(t) for t in rows], next_cursor=next_cursor)


@router.get(
    "/lab-tasks/{task_id}",
    response_model=LabTaskPublic,
    summary="one lab task and its result",
)
def get_lab_task(task_id: str, session: SessionDep, caller: Caller = READ) -> LabTaskPublic:
    task = session.get(LabTask, task_id)
    outfall = session.get(Outfall, task.outfall_id) if task else None
    if task is None or outfall is None or not caller.covers(outfall.jurisdiction_code):
        raise NotFound(f"lab task {task_id} not found")
    return _task_public(task)


@router.post(
    "/lab-tasks/{task_id}/results",
    status_code=201,
    response_model=TestResult,
    summary="laboratory result of a sampling task (HJ 91.1-2019), same limits",
)
def lab_result(
    task_id: str, data: LabResultIn, session: SessionDep, caller: Caller = WRITE
) -> TestResult:
    _task, row = lab.record_lab_result(session=session, task_id=task_id, data=data, caller=caller)
    return _result(row, "lab")
