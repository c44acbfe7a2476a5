"""Art. 19: a suspended or barred lab's open tasks go to other eligible labs, in the same
transaction as the decision that took the lab off; tasks no lab can take are flagged."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from labs.evaluation.models import Evaluation, EvaluationRow
from labs.registry.models import Lab
from labs.registry.status import (
    contract_in_force,
    current_scope,
    declared_conflicts,
    lab_status,
    open_task_count,
)
from labs.rules.allocation import LabCandidate, TaskDemand, allocate
from labs.rules.evaluation import EvaluationState
from labs.rules.sanctions import LabStatus
from labs.rules.tasks import REASSIGNABLE_STATES
from labs.tasks.models import Task, TaskAssignment
from suitekit import audit
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow


@dataclass
class Reassignment:
    moved: list[dict[str, str]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def latest_composites(session: Session) -> dict[str, Decimal]:
    """Each lab's composite score in the latest published evaluation it appears in."""
    rows = session.exec(
        select(EvaluationRow)
        .join(Evaluation, col(Evaluation.year) == col(EvaluationRow.year))
        .where(Evaluation.state == EvaluationState.PUBLISHED.value)
        .order_by(col(EvaluationRow.year))
    ).all()
    return {row.lab_id: row.composite for row in rows}  # later years overwrite earlier ones


def lab_candidates(
    session: Session, on: date, labs: Iterable[Lab] | None = None
) -> list[LabCandidate]:
    composites = latest_composites(session)
    pool = labs if labs is not None else session.exec(select(Lab).order_by(Lab.id)).all()
    candidates = []
    for lab in pool:
        status = lab_status(session, lab.id, on)[0]
        if not contract_in_force(lab, on):
            status = LabStatus.BARRED_FOR_CONTRACT if status is LabStatus.ACTIVE else status
        candidates.append(
            LabCandidate(
                lab_id=lab.id,
                status=status,
                scope=current_scope(session, lab.id),
                composite=composites.get(lab.id),
                free_capacity=max(lab.capacity - open_task_count(session, lab.id), 0),
                conflicts=declared_conflicts(session, lab.id),
            )
        )
    return candidates


def reassignable_tasks(session: Session, lab_id: str) -> list[Task]:
    states = [state.value for state in REASSIGNABLE_STATES]
    return list(
        session.exec(
            select(Task)
            .where(Task.lab_id == lab_id, col(Task.state).in_(states))
            .order_by(Task.assigned_on, Task.id)
            .with_for_update()
        ).all()
    )


def reassign_tasks(
    session: Session,
    *,
    tasks: Sequence[Task],
    from_lab_id: str,
    on: date,
    reason: str,
    caller: Caller,
) -> Reassignment:
    """Move `tasks` away from `from_lab_id`; no commit (the caller's use case commits)."""
    result = Reassignment()
    if not tasks:
        return result
    demands = [
        TaskDemand(t.id, t.food_category, frozenset(t.test_items), t.producer) for t in tasks
    ]
    plan = allocate(demands, lab_candidates(session, on), excluded=frozenset({from_lab_id}))
    for task in tasks:
        target = plan.placements.get(task.id)
        if target is None:
            task.needs_reassignment = True
            result.unplaced.append(task.id)
            action, data = "reassignment_pending", {"lab_id": from_lab_id}
        else:
            task.lab_id, task.needs_reassignment = target, False
            session.add(
                TaskAssignment(
                    id=new_id("ta"),
                    task_id=task.id,
                    lab_id=target,
                    from_lab_id=from_lab_id,
                    assigned_on=on,
                    reason=reason[:500],
                )
            )
            result.moved.append(
                {"task_id": task.id, "from_lab_id": from_lab_id, "to_lab_id": target}
            )
            action, data = "reassign", {"from_lab_id": from_lab_id, "to_lab_id": target}
        task.version += 1
        task.updated_at = utcnow()
        session.add(task)
        audit.record(
            session,
            caller=caller,
            action=action,
            entity_type="task",
            entity_id=task.id,
            division=task.jurisdiction_code,
            reason=reason,
            data={**data, "state": task.state},
        )
    return result
