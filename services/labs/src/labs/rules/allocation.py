"""Allocation of a batch of tasks to labs, and art. 19 reassignment (pure, greedy).

Each task goes to the eligible lab (active, scope covers it, free capacity left, no declared
conflict of interest with the task's producer) with the
highest composite score; ties go to the lab with more free capacity, then to the lower id so
that the result is reproducible. Labs without a published score rank below every scored lab.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from labs.rules.sanctions import LabStatus
from labs.rules.tasks import ScopeItem, is_eligible, is_recused


@dataclass(frozen=True)
class LabCandidate:
    lab_id: str
    status: LabStatus
    scope: frozenset[ScopeItem]
    composite: Decimal | None
    free_capacity: int
    conflicts: frozenset[str] = frozenset()  # producers it declared a conflict with (art. 8(3))


@dataclass(frozen=True)
class TaskDemand:
    task_ref: str
    food_category: str
    test_items: frozenset[str]
    producer: str | None = None


@dataclass(frozen=True)
class AllocationResult:
    placements: dict[str, str] = field(default_factory=dict)  # task_ref -> lab_id
    unplaced: list[str] = field(default_factory=list)


def _preference(lab: LabCandidate, free: int) -> tuple[int, Decimal, int, str]:
    scored = 1 if lab.composite is not None else 0
    return (-scored, -(lab.composite or Decimal(0)), -free, lab.lab_id)


def allocate(
    tasks: Sequence[TaskDemand],
    labs: Iterable[LabCandidate],
    *,
    excluded: frozenset[str] = frozenset(),
) -> AllocationResult:
    candidates = [lab for lab in labs if lab.lab_id not in excluded]
    free = {lab.lab_id: lab.free_capacity for lab in candidates}
    result = AllocationResult()
    for task in tasks:
        eligible = [
            lab
            for lab in candidates
            if free[lab.lab_id] > 0
            and is_eligible(lab.status, lab.scope, task.food_category, task.test_items)
            and not is_recused(lab.conflicts, task.producer)
        ]
        if not eligible:
            result.unplaced.append(task.task_ref)
            continue
        chosen = min(eligible, key=lambda lab: _preference(lab, free[lab.lab_id]))
        free[chosen.lab_id] -= 1
        result.placements[task.task_ref] = chosen.lab_id
    return result
