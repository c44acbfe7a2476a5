"""Laboratory results of sampling tasks (§五(一)2; HJ 91.1-2019), same limits as rapid tests."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlmodel import Session

from outfall.access import problem_of, serialise_writers
from outfall.models import LabTask, WaterTest
from outfall.monitoring import bulk
from outfall.monitoring.schemas import LabResultIn
from outfall.monitoring.service import (
    Accepted,
    evaluate_sample,
    exceedances_json,
    load_outfalls,
    recent_entry,
    refresh_outfalls,
    water_test_row,
)
from outfall.rules import RuleViolation
from suitekit import audit
from suitekit.errors import Conflict, NotFound
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow


def record_lab_result(
    *, session: Session, task_id: str, data: LabResultIn, caller: Caller
) -> tuple[LabTask, Accepted]:
    serialise_writers(session)
    task = session.execute(
        select(LabTask).where(LabTask.id == task_id).with_for_update()
    ).scalar_one_or_none()
    outfalls = load_outfalls(session, {task.outfall_id}, lock=True) if task else {}
    outfall = outfalls.get(task.outfall_id) if task else None
    if task is None or outfall is None or not caller.covers(outfall.jurisdiction_code):
        raise NotFound(f"lab task {task_id} not found")
    if task.status != "open":
        raise Conflict(f"lab task {task_id} is {task.status}", code="lab_task_closed")
    try:
        evaluation = evaluate_sample(data, flow=False)
    except RuleViolation as violation:
        raise problem_of(violation) from violation
    now = utcnow()
    row = Accepted(new_id("wt"), task.outfall_id, evaluation, None)
    test_row = water_test_row(row.test_id, task.outfall_id, "lab", data, evaluation, task.id, now)
    bulk.insert_rows(session, WaterTest.__table__, [test_row])
    task.status, task.completed_at, task.result_test_id = "completed", now, row.test_id
    session.add(task)
    flags = refresh_outfalls(
        session,
        {task.outfall_id: [recent_entry(test_row, 0)]},
        {task.outfall_id: -1},
        outfalls,
        caller,
    )
    row.enforcement_flag = flags[task.outfall_id]
    audit.record(
        session,
        caller=caller,
        action="lab_result",
        entity_type="outfall",
        entity_id=task.outfall_id,
        division=outfall.jurisdiction_code,
        data={
            "task_id": task.id,
            "test_id": row.test_id,
            "abnormal": evaluation.abnormal,
            "laboratory": data.laboratory,
            "report_no": data.report_no,
            "exceedances": json.loads(exceedances_json(evaluation)),
        },
    )
    session.commit()
    session.refresh(task)
    return task, row
