"""Use cases of tasks: assignment within scope, lifecycle steps, allocation proposals."""

from datetime import date

from sqlmodel import Session, col, select

from labs.common import bad_field, today
from labs.registry.models import Lab
from labs.registry.status import (
    contract_in_force,
    current_scope,
    declared_conflicts,
    lab_status,
    open_task_count,
)
from labs.rules.allocation import TaskDemand, allocate
from labs.rules.errors import RuleConflict
from labs.rules.sanctions import LabStatus
from labs.rules.tasks import (
    WORK_ACTIONS,
    Conclusion,
    TaskAction,
    TaskState,
    check_step_date,
    is_late_nonconforming_report,
    is_recused,
    missing_scope,
    next_state,
    task_actions_now,
)
from labs.tasks.models import Task, TaskAssignment
from labs.tasks.reassign import lab_candidates
from labs.tasks.schemas import (
    AllocationProposal,
    AllocationRequest,
    Placement,
    TaskCreate,
    TaskPublic,
    TestedIn,
)
from suitekit import audit
from suitekit.errors import Conflict, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def _assignable_lab(session: Session, data: TaskCreate, caller: Caller) -> Lab:
    lab = session.exec(select(Lab).where(Lab.id == data.lab_id).with_for_update()).first()
    if lab is None or not caller.covers(lab.jurisdiction_code):
        raise bad_field("body.lab_id", f"unknown lab {data.lab_id}")
    status = lab_status(session, lab.id, data.assigned_on)[0]
    if status is not LabStatus.ACTIVE:
        raise Conflict(
            f"lab {lab.id} is {status.value}", code="lab_not_eligible", lab_status=status.value
        )
    if not contract_in_force(lab, data.assigned_on):
        raise Conflict(f"lab {lab.id} has no contract in force", code="lab_not_eligible")
    missing = missing_scope(current_scope(session, lab.id), data.food_category, data.test_items)
    if missing:
        raise Conflict(
            f"lab {lab.id} is not accredited for {data.food_category}: {', '.join(missing)}",
            code="outside_scope",
            missing=missing,
        )
    if is_recused(declared_conflicts(session, lab.id), data.producer):
        raise Conflict(
            f"lab {lab.id} declared a conflict of interest with this producer and must recuse "
            "itself (art. 8(3), art. 18(3))",
            code="conflict_of_interest",
        )
    if open_task_count(session, lab.id) >= lab.capacity:
        raise Conflict(f"lab {lab.id} has no free capacity", code="lab_at_capacity")
    return lab


def create_task(*, session: Session, data: TaskCreate, caller: Caller) -> Task:
    caller.ensure_may_write(data.jurisdiction_code)
    lab = _assignable_lab(session, data, caller)
    task = Task(
        **data.model_dump(exclude={"test_items"}),
        test_items=sorted(set(data.test_items)),
        id=new_id("task"),
        state=TaskState.ASSIGNED.value,
    )
    session.add(task)
    session.flush()  # parent row first: there are no ORM relationships to order inserts
    session.add(
        TaskAssignment(
            id=new_id("ta"),
            task_id=task.id,
            lab_id=lab.id,
            assigned_on=data.assigned_on,
            reason="assigned",
        )
    )
    audit.record(
        session,
        caller=caller,
        action="assign",
        entity_type="task",
        entity_id=task.id,
        division=task.jurisdiction_code,
        data={"lab_id": lab.id, "food_category": task.food_category},
    )
    session.commit()
    session.refresh(task)
    return task


def get_task(*, session: Session, task_id: str, caller: Caller, for_update: bool = False) -> Task:
    statement = select(Task).where(Task.id == task_id)
    task = session.exec(statement.with_for_update() if for_update else statement).first()
    if task is None or not caller.covers(task.jurisdiction_code):
        raise NotFound(f"task {task_id} not found")
    return task


def _previous_step_on(task: Task) -> date:
    return task.tested_on or task.sampled_on or task.assigned_on


def advance_task(
    *,
    session: Session,
    task_id: str,
    action: TaskAction,
    data: TestedIn | None,
    on: date,
    caller: Caller,
) -> Task:
    task = get_task(session=session, task_id=task_id, caller=caller, for_update=True)
    target = next_state(TaskState(task.state), action)
    check_step_date(_previous_step_on(task), on, field="on")
    status = lab_status(session, task.lab_id, on)[0]
    if action in WORK_ACTIONS and status is not LabStatus.ACTIVE:
        raise Conflict(
            f"lab {task.lab_id} is {status.value}: art. 19 has its tasks done by other labs",
            code="lab_not_eligible",
            lab_status=status.value,
        )
    if action is TaskAction.SAMPLED:
        task.sampled_on = on
    elif action is TaskAction.TESTED:
        assert data is not None
        task.tested_on, task.conclusion = on, data.conclusion.value
    else:
        task.reported_on = on
        task.late_report = is_late_nonconforming_report(
            Conclusion(task.conclusion), on, task.report_due_on
        )
    task.state = target.value
    task.version += 1
    task.updated_at = utcnow()
    session.add(task)
    audit.record(
        session,
        caller=caller,
        action=action.value,
        entity_type="task",
        entity_id=task.id,
        division=task.jurisdiction_code,
        data={"on": on.isoformat(), "state": task.state, "late_report": task.late_report},
    )
    session.commit()
    session.refresh(task)
    return task


def list_tasks(
    *,
    session: Session,
    caller: Caller,
    lab_id: str | None,
    state: TaskState | None,
    needs_reassignment: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Task], str | None]:
    statement = select(Task)
    if not caller.city_wide:
        statement = statement.where(col(Task.jurisdiction_code).in_(caller.jurisdiction))
    if lab_id:
        statement = statement.where(Task.lab_id == lab_id)
    if state:
        statement = statement.where(Task.state == state.value)
    if needs_reassignment is not None:
        statement = statement.where(Task.needs_reassignment == needs_reassignment)
    rows, next_cursor = paginate(
        session, statement, key=Task.id, key_of=lambda t: t.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def task_view(session: Session, task: Task) -> TaskPublic:
    lab_active = lab_status(session, task.lab_id, today())[0] is LabStatus.ACTIVE
    actions = task_actions_now(TaskState(task.state), lab_active=lab_active)
    return TaskPublic(**task.model_dump(), allowed_actions=actions)


def propose_allocation(
    *, session: Session, data: AllocationRequest, caller: Caller, on: date
) -> AllocationProposal:
    """Writes nothing: the bureau then assigns each task with POST /v1/tasks."""
    labs = [
        lab
        for lab in session.exec(select(Lab).order_by(Lab.id)).all()
        if caller.covers(lab.jurisdiction_code)
    ]
    if not labs:
        raise RuleConflict("no lab within the caller's jurisdiction")
    candidates = lab_candidates(session, on, labs)
    demands = [
        TaskDemand(t.ref, t.food_category, frozenset(t.test_items), t.producer) for t in data.tasks
    ]
    plan = allocate(demands, candidates)
    names = {lab.id: lab.name for lab in labs}
    scores = {c.lab_id: c.composite for c in candidates}
    placements = [
        Placement(ref=ref, lab_id=lab_id, lab_name=names[lab_id], composite=scores[lab_id])
        for ref, lab_id in plan.placements.items()
    ]
    return AllocationProposal(on=on, placements=placements, unplaced=plan.unplaced)
